"""Gated units x·g(x), part two: Mish, SERF, TanhExp, Logish and ELiSH.

The numerical rules are those of :mod:`gated` (fast path for the bulk, robust float64 form
patched in for huge |x| and ±∞, e = exp(−|x|) for both signs, exact cancellations at the roots
of f′ and f″). With e = exp(−|x|) the gates are:

- Mish, tanh(softplus x) = n/d:  x ≥ 0: n = 1 + 2e, d = 1 + 2e + 2e²;  x < 0: n = e(2 + e),
  d = 2 + 2e + e²;
- SERF, erf(s) with s = softplus x: its own module, :mod:`serf` (sign-split rationals in
  float64, interpolation tables in float32);
- Logish, log1p(σ), σ′/(1 + σ) = e/P with P = (1 + e)(2 + e) (x ≥ 0), (1 + e)(1 + 2e) (x < 0).
"""

from __future__ import annotations

import math

import numpy as np

from ._util import as64, exp_neg_abs, select
from .gated import BIG, fast_limit, patch, sigmoid_d2
from .registry import define
from .serf import SERF_MIN, serf, serf_d1, serf_d2

inf = math.inf
# Minima (each range is closed there): mpmath, rounded down.
_MISH_MIN = -0.30884341301725043
_TANH_EXP_MIN = -0.3532857778482113
_LOGISH_MIN = -0.25276881678944035
_ELISH_MIN = -0.1715728752538099  # 2√2 − 3 = −(√2 − 1)², at eˣ = √2 − 1


# ----------------------------------------------------------------------------- Mish
def _mish_fast(x):
    # E = eˣ: tanh(softplus x) = n/(n + 2), n = E(E + 2)
    n = np.exp(x)
    n *= n + 2.0
    d = n + 2.0
    n /= d
    n *= x
    return n


def _mish_robust(x):
    xm = np.maximum(x, -BIG)
    e = exp_neg_abs(xm)
    neg = xm < 0
    e2 = e * e
    n = e + e
    n += np.where(neg, e2, 1.0)
    e2 += e2
    d = n + np.where(neg, 2.0, e2)
    n /= d
    n *= xm
    return n


def _mish(x):
    return patch(_mish_fast(x), x, np.abs(x) > fast_limit(x, 350.0, 40.0), _mish_robust)


def _mish_d1_fast(x):
    # E = eˣ: f′ = E·(4(1 + x) + E(6 + 4x + E(4 + E)))/d², d = 2 + E(2 + E); 4(1 + x) is exact
    # near the root −1.19. E⁴ must not overflow: |x| ≤ 170.
    e = np.exp(x)
    t = x * 4.0
    out = e + 4.0
    out *= e
    out += t
    out += 6.0
    out *= e
    t += 4.0
    out += t
    out *= e
    d = e + 2.0
    d *= e
    d += 2.0
    out /= d
    out /= d
    return out


def _mish_d1_robust(x):
    # x ≥ 0: ((1 + 2e)·d + 4x·e²(1 + e))/d²;  x < 0: as the fast path, with e = eˣ
    xc = np.clip(x, -BIG, BIG)
    e = exp_neg_abs(xc)
    neg = xc < 0
    e2 = e * e
    dp = 1.0 + 2.0 * e + 2.0 * e2
    pos = (1.0 + 2.0 * e) * dp + (4.0 * xc * e) * e * (1.0 + e)
    pos /= dp * dp
    dn = 2.0 + 2.0 * e + e2
    q = 4.0 + e
    q *= e
    q += 6.0 + 4.0 * xc
    q *= e
    q += 4.0 * (1.0 + xc)
    q *= e
    q /= dn * dn
    return np.where(neg, q, pos)


def _mish_d1(x):
    return patch(_mish_d1_fast(x), x, np.abs(x) > fast_limit(x, 170.0, 20.0), _mish_d1_robust)


def _mish_d2(x):
    # x ≥ 0: 4e²·C/d³, C = 2(1 − x) + e(6 − 3x + e(8 + 2x + e(4 + 2x)))
    # x < 0: 4e·N/d³,  N = (4 + 2x) + e(8 + 2x + e(6 − 3x + e(2 − 2x)))
    # 1 − x and 4 + 2x are exact near the roots 1.49 and −2.26.
    xc = np.clip(as64(x), -BIG, BIG)
    e = exp_neg_abs(xc)
    x2, x3 = xc + xc, 3.0 * xc
    c = (4.0 + x2) * e
    c += 8.0 + x2
    c *= e
    c += 6.0 - x3
    c *= e
    c += 2.0 * (1.0 - xc)
    c *= 4.0 * e
    c *= e  # (4e·C)·e: e² alone would be subnormal while the result is not
    dp = 1.0 + 2.0 * e + 2.0 * e * e
    c /= dp * dp * dp
    n = (2.0 - x2) * e
    n += 6.0 - x3
    n *= e
    n += 8.0 + x2
    n *= e
    n += 4.0 + x2
    n *= 4.0 * e
    dn = 2.0 + 2.0 * e + e * e
    n /= dn * dn * dn
    return select(xc < 0, n, c)


# ----------------------------------------------------------------------------- TanhExp
def _tanh_exp_fast(x):
    t = np.exp(x)
    np.tanh(t, out=t)
    t *= x
    return t


def _tanh_exp(x):
    # x·tanh(eˣ); at −∞, where eˣ = 0, the clamp keeps −∞·0 out
    return patch(_tanh_exp_fast(x), x, np.abs(x) > fast_limit(x, 700.0),
                 lambda t: _tanh_exp_fast(np.maximum(t, -BIG)))


def _tanh_exp_parts(x, upper):
    """y = eˣ, tanh y and sech y = 1/cosh y, for x clipped to [−800, upper]; above ``upper``
    f′ and f″ are 1 and 0 (f″: to the last subnormal), and cosh y neither overflows nor
    leaves sech² y subnormal (both take slow paths)."""
    xc = np.clip(x, -BIG, upper)
    y = np.exp(xc)
    s = np.cosh(y)
    np.divide(1.0, s, out=s)
    return xc, y, np.tanh(y), s


def _tanh_exp_d1(x):
    # tanh y + x·y·sech² y. For x < 0 the two terms cancel near the root −1.08; there it is
    # y·((1 + x) + ((tanh y − y)/y − x·tanh² y)), using sech² = 1 − tanh² and 1 + x exact.
    xc, y, t, s = _tanh_exp_parts(x, fast_limit(x, 4.0, 3.0))
    pos = xc * y
    pos *= s
    pos *= s
    pos += t
    neg = t - y
    neg /= np.maximum(y, np.finfo(y.dtype).tiny)  # tanh y = y exactly for tiny y
    neg -= xc * t * t
    neg += 1.0 + xc
    neg *= y
    return select(xc < 0, neg, pos)


def _tanh_exp_d2(x):
    # y·sech² y·((2 + x) − 2x·y·tanh y), 2 + x exact near the root −2.07
    xc, y, t, s = _tanh_exp_parts(as64(x), 6.5)
    t *= y
    t *= -2.0 * xc
    t += 2.0 + xc
    t *= y
    t *= s
    t *= s
    return t


# ----------------------------------------------------------------------------- Logish
def _logish_fast(x):
    s = np.negative(x)
    np.exp(s, out=s)
    s += 1.0
    np.divide(1.0, s, out=s)
    np.log1p(s, out=s)
    s *= x
    return s


def _logish_robust(x):
    xm = np.maximum(x, -BIG)
    e = exp_neg_abs(xm)
    sig = np.where(xm < 0, e, 1.0)
    e += 1.0
    sig /= e
    np.log1p(sig, out=sig)
    sig *= xm
    return sig


def _logish(x):
    return patch(_logish_fast(x), x, np.abs(x) > fast_limit(x, 700.0), _logish_robust)


def _logish_parts(x):
    xc = np.clip(x, -BIG, BIG)
    e = exp_neg_abs(xc)
    neg = xc < 0
    p = select(neg, 2.0 * e + 1.0, e + 2.0)
    p *= 1.0 + e
    return xc, e, neg, p


def _logish_d1_fast(x):
    # log1p(σ) + x·σ′/(1 + σ), with E = e^−x, σ = 1/(1 + E) and σ′/(1 + σ) = E·σ·q,
    # q = σ/(1 + σ). For x < 0 it is σ·((1 + x) + (log1p(σ) − σ)/σ − 2x·q): 1 + x is exact
    # around the root −1.37 and the rounding of σ nearly cancels in log1p(σ) − σ.
    e = np.negative(x)
    np.exp(e, out=e)
    sig = 1.0 + e
    np.divide(1.0, sig, out=sig)
    ell = np.log1p(sig)
    q = sig + 1.0
    np.divide(sig, q, out=q)
    q *= x
    pos = e * sig
    pos *= q
    pos += ell
    ell -= sig
    ell /= sig
    q += q
    ell -= q
    ell += 1.0 + x
    ell *= sig
    return select(x < 0, ell, pos)


def _logish_d1_robust(x):
    # the same in e = exp(−|x|): σ = e/(1 + e) for x < 0, and σ = 0 (x < −745) handled
    xc, e, neg, p = _logish_parts(x)
    sig = np.where(neg, e, 1.0) / (1.0 + e)
    ell = np.log1p(sig)
    pos = xc * e
    pos /= p
    pos += ell
    ell -= sig
    ell /= np.maximum(sig, np.finfo(sig.dtype).tiny)  # log1p(σ) = σ exactly for tiny σ
    t = sig * xc
    t /= sig + 1.0
    t += t
    ell -= t
    ell += 1.0 + xc
    ell *= sig
    return np.where(neg, ell, pos)


def _logish_d1(x):
    return patch(_logish_d1_fast(x), x, np.abs(x) > fast_limit(x, 700.0), _logish_d1_robust)


def _logish_d2(x):
    # σ′/(1 + σ)·(2 + x(1 − 2σ − σ²)/(1 + σ)) = e·N/P², with N = 2P + x(1 − 2σ − σ²)(1 + e)²:
    # x ≥ 0: (4 − 2x) + e(6 + e(2 + x));  x < 0: (2 + x) + e(6 + e(4 − 2x)),
    # 4 − 2x and 2 + x being exact near the roots 2.32 and −2.53
    xc, e, neg, p = _logish_parts(as64(x))
    n = select(neg, 4.0 - 2.0 * xc, 2.0 + xc)
    n *= e
    n += 6.0
    n *= e
    n += select(neg, 2.0 + xc, 4.0 - 2.0 * xc)
    n *= e
    n /= p
    n /= p
    return n


# ----------------------------------------------------------------------------- ELiSH
def _elish_fast(x):
    # x ≥ 0: x·σ(x);  x < 0: (eˣ − 1)·σ(x);  both over 1 + e^−x
    d = np.negative(x)
    np.exp(d, out=d)
    d += 1.0
    num = select(x < 0, np.expm1(x), x)
    num /= d
    return num


def _elish_robust(x):
    e = exp_neg_abs(x)
    num = np.expm1(np.minimum(x, 0.0))
    num *= e
    num = np.where(x < 0, num, x)
    e += 1.0
    num /= e
    return num


def _elish(x):
    return patch(_elish_fast(x), x, np.abs(x) > fast_limit(x, 700.0), _elish_robust)


def _elish_d1(x):
    # x ≥ 0: silu′;  x < 0: e((2e − 1) + e²)/(1 + e)², 2e − 1 exact near the root e = √2 − 1
    # (in float64: float32's exp is too coarse for the cancellation there)
    xc = np.clip(as64(x), -BIG, BIG)
    e = exp_neg_abs(xc)
    neg = 2.0 * e - 1.0
    neg += e * e
    neg *= e
    pos = 1.0 + xc
    pos *= e
    pos += 1.0
    out = select(xc < 0, neg, pos)
    e += 1.0
    e *= e
    out /= e
    return out


def _elish_d2(x):
    # x ≥ 0: silu″;  x < 0: e(((e + 3)e + 5)e − 1)/(1 + e)³.  f″(0) = ½, the x ≥ 0 piece.
    xc = np.clip(as64(x), -BIG, BIG)
    pos = sigmoid_d2(xc, 2.0, np.abs(xc))
    e = exp_neg_abs(xc)
    neg = e + 3.0
    neg *= e
    neg += 5.0
    neg *= e
    neg -= 1.0
    neg *= e
    d = 1.0 + e
    neg /= d * d * d
    return select(xc < 0, neg, pos)


# ----------------------------------------------------------------------------- definitions
define(
    name="mish", family="gated",
    f=_mish, d1=_mish_d1, d2=_mish_d2,
    formula="f(x) = x·tanh(softplus(x))", latex=r"f(x) = x\,\tanh(\ln(1 + e^{x}))",
    derivative="f′(x) = tanh(softplus(x)) + x·sech²(softplus(x))·σ(x)",
    summary="Mish: x weighted by tanh of its softplus.",
    range=(_MISH_MIN, inf), monotonic=False,
    reference="Misra, Mish: A Self Regularized Non-Monotonic Activation Function", year=2019,
    frameworks={"torch": "torch.nn.Mish", "jax": "jax.nn.mish",
                "keras": "keras.activations.mish"},
    native32=True,
)

define(
    name="serf", family="gated",
    f=serf, d1=serf_d1, d2=serf_d2,
    formula="f(x) = x·erf(ln(1 + eˣ))", latex=r"f(x) = x\,\operatorname{erf}(\ln(1 + e^{x}))",
    derivative="f′(x) = erf(softplus(x)) + x·(2/√π)·exp(−softplus(x)²)·σ(x)",
    summary="SERF: x weighted by the error function of its softplus.",
    range=(SERF_MIN, inf), monotonic=False,
    reference="Nag & Bhattacharyya, SERF: Towards better training of deep neural networks "
              "using log-Softplus ERror activation Function", year=2021,
    native32=True,  # f, f′ and f″ interpolate float32 tables (serf.py)
)

define(
    name="tanh_exp", family="gated",
    f=_tanh_exp, d1=_tanh_exp_d1, d2=_tanh_exp_d2,
    formula="f(x) = x·tanh(eˣ)", latex=r"f(x) = x\,\tanh(e^{x})",
    derivative="f′(x) = tanh(eˣ) + x·eˣ·sech²(eˣ)",
    summary="TanhExp: x weighted by tanh of its exponential.",
    range=(_TANH_EXP_MIN, inf), monotonic=False,
    reference="Liu & Di, TanhExp: A Smooth Activation Function with High Convergence Speed "
              "for Lightweight Neural Networks", year=2020,
    native32=True,
)

define(
    name="logish", family="gated",
    f=_logish, d1=_logish_d1, d2=_logish_d2,
    formula="f(x) = x·ln(1 + σ(x))", latex=r"f(x) = x\,\ln(1 + \sigma(x))",
    derivative="f′(x) = ln(1 + σ(x)) + x·σ′(x)/(1 + σ(x))",
    summary="Logish: x weighted by ln(1 + σ(x)); slope ln 2 as x → +∞.",
    range=(_LOGISH_MIN, inf), monotonic=False,
    reference="Zhu et al., Logish: A new nonlinear nonmonotonic activation function for "
              "convolutional neural networks (Neurocomputing)", year=2021,
    native32=True,
)

define(
    name="elish", family="gated",
    f=_elish, d1=_elish_d1, d2=_elish_d2,
    formula="f(x) = x·σ(x) if x ≥ 0; (eˣ − 1)·σ(x) if x < 0",
    latex=r"f(x) = \begin{cases} x\,\sigma(x) & x \ge 0 \\ (e^{x} - 1)\,\sigma(x) & x < 0 "
          r"\end{cases}",
    derivative="f′(x) = σ(x)(1 + x(1 − σ(x))) if x ≥ 0; eˣ(e²ˣ + 2eˣ − 1)/(1 + eˣ)² if x < 0",
    summary="ELiSH: SiLU for x ≥ 0, ELU times sigmoid for x < 0.",
    range=(_ELISH_MIN, inf), continuity=1, monotonic=False,
    kink_convention="f′ is continuous (f′(0) = ½); f″ jumps at 0, from 1 (left) to ½ (right): "
                    "f″(0) = ½, the x ≥ 0 piece",
    reference="Basirat & Roth, The Quest for the Golden Activation Function", year=2018,
    native32=True,
)
