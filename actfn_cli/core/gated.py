"""Gated units x·g(x), part one: GELU, SiLU, swish, QuickGELU and hard swish.

Each unit multiplies x by a gate g that rises from 0 (x → −∞) to 1. Shared numerical rules
(here, and in :mod:`gated_more` for Mish, SERF, TanhExp, Logish and ELiSH):

- two paths: a short formula for the bulk, valid while nothing overflows (|x| ≤ 700, or less,
  in float64; ≤ 80 in float32, which is then computed natively), and a robust form, in float64,
  for the rest (huge |x|, ±∞), patched in where needed;
- the robust forms use one exponential e = exp(−|z|) of the gate's argument for both signs;
  for z < 0 the gate is written with e ≈ e^z and keeps its relative accuracy down to the
  underflow. Where e would be subnormal while x·e or e·N is not, e is formed scaled by e^660
  (:func:`_exp_scaled`);
- where only a limit matters x is clamped first (to ±800, where every gate is 0 or 1), so
  x·g(x) at ±∞ is a limit and never ∞·0;
- each derivative is arranged so that the cancellation at a root of f′ or f″ falls on an exact
  (Sterbenz) subtraction, such as (1 + x) + e for silu′ near its root −1.278; f″ forms
  carry the roundings that would otherwise show (double-double z for tanh-GELU);
- never 1 − tanh², σ(1 − σ) or 1 + tanh(u).
"""

from __future__ import annotations

import math

import numpy as np

from ._util import as64, poly, select
from .dd import two_prod, two_sum
from .registry import Param, define
from .special import npdf
from .special_gelu import gelu, gelu_grad

inf = math.inf
BIG = 800.0  # exp(−800) = 0 in every float format: beyond ±800 every gate is 0 or 1
_E_M330 = math.exp(-330.0)
# tanh GELU: ½(1 + tanh u) = σ(2u), 2u = z = x·(c1 + c3·x²)
_C1 = 2.0 * math.sqrt(2.0 / math.pi)
_C1_LO = -9.96930880911092e-17  # c1 − _C1 (mpmath)
_C3 = _C1 * 0.044715
_K0, _K1, _K2 = 8.0 / math.pi, 6.0 * _C1 * _C3, 9.0 * _C3 * _C3  # z′² = k0 + k1·x² + k2·x⁴
# Minima (each range is closed there): mpmath, rounded down.
SILU_MIN = -0.2784645427610738  # −W(1/e)
_QUICK_GELU_MIN = -0.1636101896363536
_GELU_MIN = -0.16997120747990369
_GELU_TANH_MIN = -0.17004075057125406


# ----------------------------------------------------------------------------- shared helpers
def fast_limit(x, float64_limit, float32_limit=80.0):
    """|argument| up to which a fast path is valid, for the dtype of ``x``."""
    return float64_limit if x.dtype == np.float64 else float32_limit


def patch(out, x, far, robust):
    """``out`` with the entries where ``far`` holds (rare: huge |x|, ±∞) replaced by
    ``robust`` of them, computed in float64."""
    if far.any():
        i = np.flatnonzero(far)
        out[i] = robust(x[i].astype(np.float64))
    return out


def _exp_scaled(z, far):
    """exp(−|z|), but exp(660 − |z|) where ``far`` (which must imply |z| > 700): there e·N
    (N = x, or a numerator growing with |z|) can be normal while e is subnormal, and so
    inexact. :func:`_unscale` multiplies those products by e^−660; the scaled e ≤ e^−40 still
    vanishes beside 1. Returns e and the indices of the scaled entries."""
    e = np.abs(z)
    idx = np.flatnonzero(far)
    if idx.size:
        e[idx] -= 660.0  # exact up to |z| = 1320; beyond, only β < 1e-305 gives a normal result
    np.negative(e, out=e)
    return np.exp(e, out=e), idx


def _unscale(a, idx):
    if idx.size:
        a[idx] *= _E_M330
        a[idx] *= _E_M330


def nan_or(x, value):
    """``value`` everywhere, NaN where x is NaN (a constant derivative)."""
    return np.where(np.isnan(x), x, value)


# ----------------------------------------------------------------------------- logistic gates
def _x_sigmoid_fast(x, z):
    """x·σ(z) = x/(1 + e^−z) for |z| within the fast limit."""
    e = np.negative(z)
    np.exp(e, out=e)
    e += 1.0
    return np.divide(x, e, out=e)


def _sigmoid_d1_fast(z, w):
    """σ(z) + w·σ′(z) = (1 + E(1 + w))/(1 + E)² with E = e^−z, for |z| within the fast limit.
    Near the root w ≈ −1.28, 1 + w is exact and E(1 + w) carries only E's rounding, as the
    robust form does."""
    e = np.negative(z)
    np.exp(e, out=e)
    out = w + 1.0
    out *= e
    out += 1.0
    e += 1.0
    out /= e
    out /= e
    return out


def _x_sigmoid(x, z):
    """Robust x·σ(z) with z = βx: for z < 0 the numerator is x·e^z, x clipped to finite values
    so that x = ±∞ (where e^z = 0) gives 0."""
    big = np.finfo(x.dtype).max
    e, far = _exp_scaled(z, z < -700.0)
    num = np.clip(x, -big, big)
    num *= e
    _unscale(num, far)
    num = np.where(z < 0, num, x)  # NaN z keeps x (NaN)
    e += 1.0
    num /= e
    return num


def _sigmoid_d1(z, w):
    """Robust σ(z) + w·σ′(z): (1 + e(1 + w))/(1 + e)² for z ≥ 0, e((1 + w) + e)/(1 + e)² for
    z < 0, where 1 + w is exact near the root w ≈ −1.28."""
    e, far = _exp_scaled(z, z < -700.0)
    w1 = w + 1.0
    pos = w1 * e
    pos += 1.0
    w1 += e
    w1 *= e
    _unscale(w1, far)
    out = np.where(z < 0, w1, pos)
    e += 1.0
    e *= e
    out /= e
    return out


def sigmoid_d2(z, a, b, dz=None, db=None):
    """σ′(z)·(a − b·tanh(|z|/2)) = e·((a − b) + e(a + b))/(1 + e)³: for silu (a = 2, b = |z|)
    2 − |z| is exact around the root |z| ≈ 2.4. ``dz`` and ``db`` are optional rounding errors
    of z and b (z + dz and b + db being exact)."""
    e, far = _exp_scaled(z, np.abs(z) > 700.0)
    if dz is not None:
        dz *= np.sign(z)
        dz *= e
        e -= dz  # exp(−|z + dz|) = e·(1 − sign(z)·dz)
    out = a + b
    out *= e
    d = a - b
    if db is not None:
        d -= db
    out += d
    out *= e
    _unscale(out, far)
    e += 1.0
    out /= e
    out /= e
    out /= e
    return out


def _swish(x, beta=1.0):
    if beta == 0:
        return x * 0.5
    z = x if beta == 1 else beta * x
    out = _x_sigmoid_fast(x, z)
    return patch(out, x, np.abs(z) > fast_limit(x, 700.0), lambda t: _x_sigmoid(t, beta * t))


def _silu_d1(z):
    z = np.clip(z, -BIG, BIG)
    return _sigmoid_d1(z, z)


def _swish_d1(x, beta=1.0):
    # swish′(x) = silu′(βx)
    if beta == 0:
        return nan_or(x, 0.5)
    z = beta * x
    out = _sigmoid_d1_fast(z, z)
    return patch(out, z, np.abs(z) > fast_limit(x, 700.0), _silu_d1)


def _swish_d2(x, beta=1.0):
    # swish″(x) = β·silu″(βx), silu″(z) = σ′(z)(2 − |z| tanh(|z|/2))
    if beta == 0:
        return nan_or(x, 0.0)
    z = np.clip(beta * as64(x), -BIG, BIG)
    out = sigmoid_d2(z, 2.0, np.abs(z))
    if beta != 1:
        out *= beta
    return out


# ----------------------------------------------------------------------------- GELU
def _tanh_arg(x):
    """z = 2u = x·(c1 + c3·x²); overflow gives ±∞ of the right sign, which σ handles."""
    z = x * x
    z *= _C3
    z += _C1
    z *= x
    return z


def _tanh_arg_d1(x):
    """z and w = x·z′ = x·(c1 + 3c3·x²)."""
    u = x * x
    z = u * _C3
    w = z * 3.0
    z += _C1
    z *= x
    w += _C1
    w *= x
    return z, w


def _gelu_tanh_d1(x):
    xc = np.clip(x, -50.0, 50.0)  # |z| > 8900 beyond: σ is 0 or 1
    return _sigmoid_d1(*_tanh_arg_d1(xc))


def _gelu_tanh_d2(x):
    """f″ = σ′(z)·(a − b·tanh(|z|/2)) with a = 2z′ + 6c3x² = 2c1 + 12c3x² and
    b = |x|·z′² = |x|(k0 + k1x² + k2x⁴). Near |x| = 2 f″ has an extremum, so its condition
    number gives no slack, while e = exp(−|z|) magnifies the rounding of z by |z| ≈ 4 and
    a − b loses a factor 2: z and b are carried with their rounding errors."""
    xc = np.clip(as64(x), -50.0, 50.0)
    u = xc * xc
    p, dz = two_prod(xc, _C1)
    q = u * _C3
    q *= xc
    z, dq = two_sum(p, q)
    dz += dq
    dz += _C1_LO * xc
    pb = u * _K2
    pb += _K1
    pb *= u
    pb += _K0
    b, db = two_prod(np.abs(xc), pb)
    a = u * (12.0 * _C3)
    a += 2.0 * _C1
    return sigmoid_d2(z, a, b, dz, db)


# Exact GELU, float32 input: Φ to ~7e-9 relative, in float64 arithmetic, rounded to float32
# once (the float32 contract is 4/8 ulp, ulp ≥ 6e-8 relative). For t = |x| ≤ 16,
# Φ(−t) = e·S(t) with e = exp(−t²/2) (t² exact: a float32 squared) and S(t) = exp(t²/2)·Φ(−t)
# ≈ P(t)/Q(t), degrees 4/5, Q monic, all coefficients positive (no cancellation): relative
# least squares → near-minimax against mpmath on [0, 16], max relative error 7.1e-9
# (tests/fit_gelu32_coefficients.py).
# Φ(x) = m for x < 0 and 1 − m for x ≥ 0, m = Φ(−|x|). Beyond |x| = 16 every float32 result is
# x, 1 or 0 (Φ(−16) ≈ 6e-58), so x is clipped there.
_S32_P = (47.240836650194865, 41.677486505807046, 17.510822042065485, 3.906242987437209,
          0.39894596657082027)  # lowest degree first
_S32_Q = (94.48167263089213, 158.74048789185036, 114.43686408489307, 44.88046582129277,
          9.792022195725973, 1.0)  # ... + t⁵, lowest degree first
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _gelu32_tail(x):
    """(xc, t, m, e) in float64 for float32 ``x``: xc = x clipped to ±16, t = |xc|,
    m = Φ(−t) and e = exp(−t²/2)."""
    xc = np.clip(x, np.float32(-16.0), np.float32(16.0)).astype(np.float64)
    t = np.abs(xc)
    e = t * -0.5
    e *= t  # −t²/2, exact
    np.exp(e, out=e)
    p = poly(t, _S32_P)
    p /= poly(t, _S32_Q)
    p *= e  # m = Φ(−|x|)
    return xc, t, p, e


def _gelu32(x):
    # x·Φ(x) = max(x, 0) − |x|·Φ(−|x|): no sign flip of Φ; ±∞ give ∞ and −0, and the sign
    # of x is the result's (−0 included)
    xc, t, m, _ = _gelu32_tail(x)
    m *= t
    out = np.maximum(x, np.float32(0.0)).astype(np.float64)
    out -= m
    return np.copysign(out, xc, out=out)  # xc, x clipped, has x's sign


def _gelu32_d1(x):
    # Φ + xφ = v for x < 0 and 1 − v for x ≥ 0, v = Φ(−t) − t·φ(t) (its root, 0.75, costs
    # only absolute accuracy, which float32's allowance there covers)
    xc, t, v, e = _gelu32_tail(x)
    e *= _INV_SQRT_2PI
    e *= t
    v -= e
    return select(xc < 0, v, np.subtract(1.0, v, out=t))


def _gelu32_d2(x):
    xc = np.clip(x, np.float32(-16.0), np.float32(16.0)).astype(np.float64)
    u = xc * xc  # exact
    e = u * -0.5
    np.exp(e, out=e)
    e *= _INV_SQRT_2PI
    np.subtract(2.0, u, out=u)
    e *= u  # φ·(2 − x²)
    return e


def _gelu(x, approximate=None):
    if approximate == "tanh":
        z = _tanh_arg(x)
        out = _x_sigmoid_fast(x, z)
        return patch(out, x, np.abs(z) > fast_limit(x, 700.0),
                     lambda t: _x_sigmoid(t, _tanh_arg(t)))
    if x.dtype == np.float32:
        return _gelu32(x)
    return gelu(as64(x))  # max(x, 0) − |x|·Φ(−|x|) with one exp and one rational (special.py)


def _gelu_d1(x, approximate=None):
    if approximate == "tanh":
        z, w = _tanh_arg_d1(x)
        out = _sigmoid_d1_fast(z, w)
        return patch(out, x, np.abs(z) > fast_limit(x, 700.0), _gelu_tanh_d1)
    if x.dtype == np.float32:
        return _gelu32_d1(x)
    return gelu_grad(as64(x))  # Φ + xφ from one exp, relatively accurate in the tail


def _gelu_d2(x, approximate=None):
    if approximate == "tanh":
        return _gelu_tanh_d2(x)
    if x.dtype == np.float32:
        return _gelu32_d2(x)
    xc = np.clip(as64(x), -40.0, 40.0)
    t = xc * xc
    np.subtract(2.0, t, out=t)
    t *= npdf(xc)
    return t


# ----------------------------------------------------------------------------- hard swish
def _hardswish(x):
    t = x + 3.0
    np.clip(t, 0.0, 6.0, out=t)
    t /= 6.0  # 1 exactly for x ≥ 3, so x·1 cannot overflow
    t *= np.clip(x, -3.0, inf)  # −∞·0 kept out
    return t


def _hardswish_d1(x):
    # (2x + 3)/6 inside (−3, 3), exact near the root −1.5; 0 at and below −3, 1 at and above 3
    out = np.clip(x, -3.0, 3.0)
    out += out
    out += 3.0
    out /= 6.0
    out *= np.abs(x) < 3.0  # NaN·0 stays NaN
    out += x >= 3.0
    return out


def _hardswish_d2(x):
    return nan_or(x, np.where(np.abs(x) < 3.0, np.array(1.0 / 3.0, x.dtype), 0.0))


# ----------------------------------------------------------------------------- definitions
define(
    name="gelu", family="gated",
    f=_gelu, d1=_gelu_d1, d2=_gelu_d2,
    formula="f(x) = x·Φ(x); tanh form: ½x·(1 + tanh(√(2/π)(x + 0.044715x³)))",
    latex=r"f(x) = x\,\Phi(x) \quad\text{or}\quad "
          r"\tfrac12 x\left(1 + \tanh\!\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)\right)",
    derivative="f′(x) = Φ(x) + x·φ(x); tanh form: σ(2u) + x·σ′(2u)·2u′",
    summary="Gaussian error linear unit: x weighted by the standard normal CDF.",
    params=(Param("approximate", None, "'none': exact erf form; 'tanh': the tanh approximation",
                  kind=str, choices=("none", "tanh"), nullable=True,
                  allowed="'none' or 'tanh'"),),
    range=lambda approximate=None: (_GELU_TANH_MIN if approximate == "tanh" else _GELU_MIN, inf),
    monotonic=False,
    reference="Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs)", year=2016,
    frameworks={"torch": "torch.nn.GELU", "jax": "jax.nn.gelu",
                "keras": "keras.activations.gelu", "tf": "tf.nn.gelu"},
    presets={"jax": {"approximate": "tanh"}, "keras": {"approximate": None},
             "keras2": {"approximate": None}, "tf": {"approximate": None}},
    native32=True,
)

define(
    name="quick_gelu", family="gated",
    f=lambda x: _swish(x, 1.702), d1=lambda x: _swish_d1(x, 1.702),
    d2=lambda x: _swish_d2(x, 1.702),
    formula="f(x) = x·σ(1.702x)", latex=r"f(x) = x\,\sigma(1.702\,x)",
    derivative="f′(x) = σ(1.702x) + 1.702x·σ′(1.702x)",
    summary="The sigmoid approximation of GELU (QuickGELU of CLIP).",
    range=(_QUICK_GELU_MIN, inf), monotonic=False,
    reference="Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs) (the σ(1.702x) "
              "approximation); QuickGELU in OpenAI CLIP (Radford et al. 2021)",
    year=2016, native32=True,
)

define(
    name="silu", family="gated",
    f=_swish, d1=_swish_d1, d2=_swish_d2,
    formula="f(x) = x·σ(x)", latex=r"f(x) = x\,\sigma(x)",
    derivative="f′(x) = σ(x)·(1 + x·(1 − σ(x)))",
    summary="Sigmoid linear unit: x weighted by its logistic sigmoid (swish with β = 1).",
    range=(SILU_MIN, inf), monotonic=False,
    reference="Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs); Elfwing, Uchibe & Doya, "
              "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in "
              "Reinforcement Learning (2017)",
    year=2016,
    frameworks={"torch": "torch.nn.SiLU", "jax": "jax.nn.silu",
                "keras": "keras.activations.silu", "tf": "tf.nn.silu"},
    native32=True,
)


def _swish_range(beta=1.0):
    if beta > 0:
        return (SILU_MIN / beta, inf)
    if beta < 0:
        return (-inf, SILU_MIN / beta)
    return (-inf, inf)


define(
    name="swish", family="gated",
    f=_swish, d1=_swish_d1, d2=_swish_d2,
    formula="f(x) = x·σ(βx)", latex=r"f(x) = x\,\sigma(\beta x)",
    derivative="f′(x) = σ(βx)·(1 + βx·(1 − σ(βx)))",
    summary="Swish: x weighted by σ(βx); β = 1 is SiLU, β → ∞ tends to ReLU.",
    params=(Param("beta", 1.0, "slope of the sigmoid gate (β = 0 gives x/2)", symbol="β"),),
    range=_swish_range, monotonic=False,
    reference="Ramachandran, Zoph & Le, Searching for Activation Functions", year=2017,
    frameworks={"jax": "jax.nn.swish", "keras": "keras.activations.swish", "tf": "tf.nn.swish"},
    native32=True,
)

define(
    name="hardswish", family="gated", aliases=("hard_silu",),
    f=_hardswish, d1=_hardswish_d1, d2=_hardswish_d2,
    formula="f(x) = x·min(max(x + 3, 0), 6)/6",
    latex=r"f(x) = x\,\frac{\min(\max(x + 3, 0), 6)}{6}",
    derivative="f′(x) = 0 if x ≤ −3; (2x + 3)/6 if −3 < x < 3; 1 if x ≥ 3",
    summary="Hard swish: x times a piecewise-linear sigmoid (MobileNetV3).",
    range=(-0.375, inf), kinks=(-3.0, 3.0), continuity=0, monotonic=False,
    kink_convention="f′(−3) = 0 and f′(3) = 1, the outer pieces' slopes (PyTorch, JAX); "
                    "f″(±3) = 0, also the outer pieces' value",
    reference="Howard et al., Searching for MobileNetV3", year=2019,
    frameworks={"torch": "torch.nn.Hardswish", "jax": "jax.nn.hard_swish",
                "keras": "keras.activations.hard_silu"},
    native32=True,
)
