"""Periodic activations: sinusoid, cosine, sinc, gcu and snake.

Their sines and cosines come from :mod:`.circular` (a table method in float64, within 0.505 ulp;
SIMD ``np.sin`` in float32). Where a derivative needs both, sin and cos come from one reduction
(``circular.lincomb``). Periodic functions have no limit at ±∞: sinusoid, cosine and gcu give
NaN there, as do the derivatives of snake (whose value x + sin²(αx)/α still tends to ±∞); sinc
tends to 0.
"""

from __future__ import annotations

import math

import numpy as np

from . import circular
from ._util import as64
from .dd import two_prod, two_square, two_sum
from .registry import Param, define

_PIO4 = 7.85398163397448278999e-01


def _finite(x: np.ndarray) -> np.ndarray:
    """x with ±inf moved to the largest finite value of its dtype (NaN stays NaN)."""
    big = float(np.finfo(x.dtype).max)
    return np.clip(x, -big, big)


def _horner(z: np.ndarray, coeffs: tuple[float, ...]) -> np.ndarray:
    r = z * coeffs[0]
    r += coeffs[1]
    for c in coeffs[2:]:
        r *= z
        r += c
    return r


_PERIODIC = "no limit at ±∞ (NaN there)"

define(
    name="sinusoid", family="periodic", aliases=("sine",),
    f=lambda x: circular.sin(x), d1=lambda x: circular.cos(x), d2=lambda x: -circular.sin(x),
    formula="f(x) = sin x", latex=r"f(x) = \sin x", derivative="f′(x) = cos x",
    summary="Sine.", range=(-1.0, 1.0), monotonic=False, native32=True,
    kink_convention=f"smooth everywhere; {_PERIODIC}",
    reference="Wikipedia, Activation function; D. Sheehan, Visualising Activation Functions",
)

define(
    name="cosine", family="periodic",
    f=lambda x: circular.cos(x), d1=lambda x: -circular.sin(x), d2=lambda x: -circular.cos(x),
    formula="f(x) = cos x", latex=r"f(x) = \cos x", derivative="f′(x) = −sin x",
    summary="Cosine.", range=(-1.0, 1.0), monotonic=False, native32=True,
    kink_convention=f"smooth everywhere; {_PERIODIC}",
    reference="D. Sheehan, Visualising Activation Functions",
)

# Taylor series at 0 (Horner in z = x², highest power first), used where the closed forms
# cancel: sinc′(x) = x·Σ_{k≥1} (−1)^k 2k/(2k+1)! z^{k−1} for |x| below 0.8 in float64 (beyond,
# (x cos x − sin x)/x² loses at most 4 ulp, measured) and below 1.5 in float32 (whose sines
# err by 1.5 ulp, in (cos x − sinc x)/x); sinc″(x) = Σ_{k≥1} (−1)^k 2k(2k−1)/(2k+1)! z^{k−1}
# for |x| < 1.
_SINC_D1 = {
    np.dtype(np.float64): (0.8, tuple((-1) ** k * 2 * k / math.factorial(2 * k + 1)
                                      for k in range(9, 0, -1))),
    np.dtype(np.float32): (1.5, tuple((-1) ** k * 2 * k / math.factorial(2 * k + 1)
                                      for k in range(7, 0, -1))),
}
_SINC_D2 = tuple((-1) ** k * 2 * k * (2 * k - 1) / math.factorial(2 * k + 1)
                 for k in range(10, 0, -1))
# sinc″ has its first zero at x₀ = 2.0815759778…, where −sinc − 2 sinc′/x cancels to within
# the error of its terms: for 1 ≤ |x| < 3.2 it is the Taylor series about x₀ (coefficients
# sinc^{(j+2)}(x₀)/j!, j = 20…1, from mpmath at 50 digits), in h = |x| − x₀ formed exactly.
_SINC_X0 = (2.0815759778181007, -5.396937873960832e-17)
_SINC_D2_X0 = (
    7.330451931680754e-21, -3.3984368613397946e-19, -2.995946261775326e-18,
    1.2824331423055635e-16, 9.908797692510628e-16, -3.8895123283154135e-14,
    -2.5841841756631794e-13, 9.226506529436422e-12, 5.139348190498536e-11,
    -1.652735826591799e-09, -7.451752632346152e-09, 2.1325951736424319e-07,
    7.39018166066935e-07, -1.853946024200182e-05, -4.542552583041889e-05,
    0.0009796296318268052, 0.0014533137710676224, -0.02624911187113876,
    -0.01610204103315625, 0.23484971953995895, 0.0)


def _sinc(x):
    r = circular.sin(x, inf=0.0)  # ±inf: 0/±inf = 0
    r /= x
    r[x == 0] = 1.0
    return r


def _patch(r, x, mask, fn):
    """r = fn(x) where mask holds (integer indices: cheaper than boolean ones)."""
    idx = np.flatnonzero(mask)
    if idx.size:
        r[idx] = fn(x[idx])
    return r


def _series_at(x, r, bound, fn):
    """r = fn(x) where |x| < bound."""
    return _patch(r, x, np.abs(x) < bound, fn)


def _sinc_d1(x):  # (x cos x − sin x)/x², the series near 0 (which also covers 0/0 at 0)
    if x.dtype == np.float64:
        c = circular.lincomb(x, x, -1.0, inf=0.0)
        c /= x
    else:  # (cos x − sinc x)/x: float32 sines and cosines err by 1.5 ulp
        s, c = circular.sincos(x, inf=0.0)
        s /= x
        c -= s
    c /= x
    bound, coeffs = _SINC_D1[x.dtype]
    return _series_at(x, c, bound, lambda t: t * _horner(t * t, coeffs))


def _sinc_d2_x0(t):
    h = np.abs(t)
    h -= _SINC_X0[0]
    h -= _SINC_X0[1]
    return _horner(h, _SINC_D2_X0)


def _sinc_d2(x):  # −sinc x − 2 sinc′(x)/x, with both closed forms; series for |x| < 3.2
    x = as64(x)
    s, c = circular.sincos(x, inf=0.0)
    s /= x
    c -= s
    c /= x
    c /= x
    c *= -2.0
    c -= s
    _series_at(x, c, 3.2, _sinc_d2_x0)
    return _series_at(x, c, 1.0, lambda t: _horner(t * t, _SINC_D2))


define(
    name="sinc", family="periodic",
    f=_sinc, d1=_sinc_d1, d2=_sinc_d2,
    formula="f(x) = sin x / x, f(0) = 1", latex=r"f(x) = \frac{\sin x}{x},\ f(0) = 1",
    derivative="f′(x) = (x cos x − sin x)/x²",
    summary="Unnormalised sinc: a damped oscillation tending to 0 at ±∞.",
    range=(-0.21723362821122166, 1.0), monotonic=False, native32=True,
    kink_convention="smooth everywhere (f′(0) = 0, f″(0) = −1/3); f, f′, f″ → 0 at ±∞",
    reference="Wikipedia, Activation function; D. Sheehan, Visualising Activation Functions",
)


def _gcu(x):
    r = circular.cos(x)
    r *= x
    return r


def _gcu_d1(x):  # cos x − x sin x
    return circular.lincomb(x, 1.0, -x)


def _gcu_d2(x):  # −(2 sin x + x cos x)
    x = as64(x)
    s, c = circular.sincos(x)
    c *= x
    s *= 2.0
    s += c
    np.negative(s, out=s)
    return s


define(
    name="gcu", family="periodic", aliases=("growing_cosine_unit",),
    f=_gcu, d1=_gcu_d1, d2=_gcu_d2,
    formula="f(x) = x·cos x", latex=r"f(x) = x \cos x", derivative="f′(x) = cos x − x·sin x",
    summary="Growing cosine unit: an oscillation whose amplitude grows with |x|.",
    monotonic=False, native32=True, kink_convention=f"smooth everywhere; {_PERIODIC}",
    reference="Noel, Trivedi, Dutta & Rao, Growing Cosine Unit: A Novel Oscillatory Activation "
              "Function That Can Speedup Training and Reduce Parameters in Convolutional "
              "Neural Networks",
    year=2021,
)


def _halved(x, alpha):
    """(sin αx, cos αx) where αx overflows although x is finite (|α| > 1, huge x): α is
    halved k times and the double-angle formulas applied k times, exact for a power-of-two α."""
    a, k = alpha, 0
    while not np.isfinite(a * x).all():
        a, k = a / 2, k + 1
    s, c = np.sin(a * x), np.cos(a * x)
    for _ in range(k):
        s, c = 2 * s * c, (c - s) * (c + s)
    return s, c


def _overflowed(x, u, alpha):
    """The indices where u = αx overflowed for a finite x, or None (always, for |α| ≤ 1)."""
    if abs(alpha) <= 1:
        return None
    idx = np.flatnonzero(np.isinf(u) & np.isfinite(x))
    return idx if idx.size else None


def _snake_sincos(x, alpha):
    """(αx, sin αx, cos αx), also where αx overflows (see _halved)."""
    u = np.multiply(x, alpha)
    s, c = circular.sincos(u)
    idx = _overflowed(x, u, alpha)
    if idx is not None:
        s[idx], c[idx] = _halved(x[idx], alpha)
    return u, s, c


def _pow2(alpha):
    return math.frexp(alpha)[0] in (0.5, -0.5)


def _snake_trough(x, alpha):
    """x + sin²(αx)/α in double-double: in the ripple's trough (−2 < αx < −0.45) x and the
    ripple have opposite signs and their sum cancels up to 6×, so αx, sin αx, its square and
    the quotient by α are carried with their rounding errors (exact steps for α = ±2^k)."""
    pow2 = _pow2(alpha)
    u, u_lo = (x * alpha, None) if pow2 else two_prod(alpha, x)
    s, s_lo = circular.sin_dd(u, u_lo)
    p, p_lo = two_square(s)  # s² = p + p_lo exactly (Dekker)
    p_lo += 2.0 * s * s_lo
    q = p / alpha
    if pow2:
        q_lo = p_lo / alpha
    else:
        m, m_lo = two_prod(q, alpha)
        q_lo = (((p - m) - m_lo) + p_lo) / alpha  # p − m is exact
    f, f_lo = two_sum(x, q)
    return f + (f_lo + q_lo)  # two-sum error of x + q, then the tails


# sin t = t·Σ (−1)^k t^{2k}/(2k+1)!, k ≤ 11: within 1e-13 absolute for |t| ≤ 2.5
_SIN_TAYLOR = tuple((-1) ** k / math.factorial(2 * k + 1) for k in range(11, -1, -1))


def _snake(x, alpha):
    if x.dtype == np.float32 and abs(alpha) <= 1:  # |αx| stays in the float32 range
        return _snake_f32(x, alpha)
    x = as64(x)
    u = x if alpha == 1 else np.multiply(x, alpha)
    s = circular.sin2(u, inf=0.0)  # x = ±inf: f = x + 0
    idx = _overflowed(x, u, alpha)
    if idx is not None:
        s[idx] = _halved(x[idx], alpha)[0] ** 2
    pow2 = _pow2(alpha) and abs(alpha) > 2.0**-1000
    if pow2 and alpha != 1:
        s *= 1.0 / alpha  # exact
    elif not pow2:
        s /= alpha
    s += x
    # The trough (−2 < αx < −0.45), where x and the ripple have opposite signs and cancel
    # (the ripple is up to 2.6·|f|). With α = ±2^k, αx and the division are exact and sin²
    # errs by at most 1.53 ulp (sin by 0.505), so the plain sum is within 2·1.53 + 0.5 ulp
    # there (the ulp of sin² is at most twice that of f; 3 ulp measured). Otherwise αx
    # rounds, which the ripple's own slope (not f′) amplifies: the trough is redone in
    # double-double.
    if not pow2 and abs(alpha) > 1e-290:  # the split needs |x| < 1e300
        _patch(s, x, (u > -2.0) & (u < -0.45), lambda t: _snake_trough(t, alpha))
    return s


def _snake_f32(x, alpha):
    """float32 throughout, except in a wider trough (float32 sines err by 1.5 ulp), which is
    redone in float64 with sin from its Taylor series."""
    u = np.multiply(_finite(x), alpha)
    q = circular.sin2(u)
    q /= alpha
    q += x
    return _patch(q, x, (u > -2.5) & (u < -0.35), lambda t: _snake_taylor(t, alpha))


def _snake_taylor(x, alpha):
    xd = x.astype(np.float64)
    t = xd * alpha
    t *= _horner(t * t, _SIN_TAYLOR)
    t *= t
    t /= alpha
    t += xd
    return t


def _snake_d1(x, alpha):  # 1 + sin 2αx = (sin αx + cos αx)² = 2 sin²(αx + π/4)
    if x.dtype == np.float32 and abs(alpha) <= 1:
        w = np.multiply(x.astype(np.float64), alpha)
        w += _PIO4  # near the zeros w is small and rounds to float32 with no loss
        s = np.sin(w.astype(np.float32)).astype(np.float64)
        s *= s
        s *= 2.0
        return s
    x = as64(x)
    u = x if alpha == 1 else np.multiply(x, alpha)
    s = circular.sin(u, phase=1)  # sin(αx + π/4), the phase exact
    s *= s
    s *= 2.0
    idx = _overflowed(x, u, alpha)
    if idx is not None:
        sb, cb = _halved(x[idx], alpha)
        s[idx] = (sb + cb) ** 2
    return s


def _snake_d2(x, alpha):  # 2α cos 2αx = 2α(cos αx − sin αx)(cos αx + sin αx)
    _, s, c = _snake_sincos(as64(x), alpha)
    t = np.add(c, s)
    c -= s
    c *= t
    c *= 2.0 * alpha
    return c


define(
    name="snake", family="periodic",
    f=_snake, d1=_snake_d1, d2=_snake_d2,
    formula="f(x) = x + sin²(αx)/α", latex=r"f(x) = x + \frac{\sin^2(\alpha x)}{\alpha}",
    derivative="f′(x) = 1 + sin(2αx)",
    summary="Snake: the identity plus a periodic ripple, monotonic non-decreasing.",
    params=(Param("alpha", 1.0, "frequency of the ripple", symbol="α",
                  check=lambda a: a != 0, allowed="≠ 0"),),
    native32=True,
    kink_convention="smooth everywhere; f → ±∞ at ±∞, f′ and f″ have no limit (NaN there)",
    reference="Ziyin, Hartwig & Ueda, Neural Networks Fail to Learn Periodic Functions and How "
              "to Fix It (NeurIPS 2020)",
    year=2020,
)
