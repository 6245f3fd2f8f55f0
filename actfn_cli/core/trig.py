"""Periodic activations: sinusoid, cosine, sinc, gcu and snake.

Their sines and cosines come from :mod:`.circular` (a table method in float64, within 0.505 ulp;
SIMD ``np.sin`` in float32). Where a derivative needs both, or where a few ulp suffice (the
f″ of gcu, sinc and snake), it is one ``circular.lincomb`` (a·cos x + b·sin x from one
reduction, about two thirds of the cost of sin). Periodic functions have no limit at ±∞:
sinusoid, cosine and gcu give NaN there, as do the derivatives of snake (whose value
x + sin²(αx)/α still tends to ±∞); sinc tends to 0.
"""

from __future__ import annotations

import math

import numpy as np

from . import circular
from ._util import as64, poly
from .dd import two_prod, two_square, two_sum
from .registry import Param, define

_PIO4 = 7.85398163397448278999e-01


def _finite(x: np.ndarray) -> np.ndarray:
    """x with ±inf moved to the largest finite value of its dtype (NaN stays NaN)."""
    big = float(np.finfo(x.dtype).max)
    return np.clip(x, -big, big)


def _neg(r: np.ndarray) -> np.ndarray:
    return np.negative(r, out=r)


_PERIODIC = "no limit at ±∞ (NaN there)"

define(
    name="sinusoid", family="periodic", aliases=("sine",),
    f=lambda x: circular.sin(x), d1=lambda x: circular.cos(x),
    d2=lambda x: _neg(circular.sin(x)),
    formula="f(x) = sin x", latex=r"f(x) = \sin x", derivative="f′(x) = cos x",
    summary="Sine.", range=(-1.0, 1.0), monotonic=False, native32=True,
    kink_convention=f"smooth everywhere; {_PERIODIC}",
    reference="Wikipedia, Activation function; D. Sheehan, Visualising Activation Functions",
)

define(
    name="cosine", family="periodic",
    f=lambda x: circular.cos(x), d1=lambda x: _neg(circular.sin(x)),
    d2=lambda x: _neg(circular.cos(x)),
    formula="f(x) = cos x", latex=r"f(x) = \cos x", derivative="f′(x) = −sin x",
    summary="Cosine.", range=(-1.0, 1.0), monotonic=False, native32=True,
    kink_convention=f"smooth everywhere; {_PERIODIC}",
    reference="D. Sheehan, Visualising Activation Functions",
)

# Taylor series at 0 (Horner in z = x², lowest power first), used where the closed form
# cancels: sinc′(x) = x·Σ_{k≥1} (−1)^k 2k/(2k+1)! z^{k−1} for |x| below 0.8 in float64 (beyond,
# (x cos x − sin x)/x² loses at most 4 ulp, measured) and below 1.5 in float32 (whose sines
# err by 1.5 ulp, in (cos x − sinc x)/x).
_SINC_D1 = {
    np.dtype(np.float64): (0.8, tuple((-1) ** k * 2 * k / math.factorial(2 * k + 1)
                                      for k in range(1, 10))),
    np.dtype(np.float32): (1.5, tuple((-1) ** k * 2 * k / math.factorial(2 * k + 1)
                                      for k in range(1, 8))),
}
# sinc″ = ((2 − x²) sin x − 2x cos x)/x³ cancels near 0 and next to its first zero x₀ =
# 2.0815759778…: for |x| < 2.4 it is w·q(w), w = x² − x₀² (x₀² in two parts), q of degree 8
# (Chebyshev, relative error 7e-18 before rounding; its constant term set for sinc″(0) = −1/3
# exactly: tests/fit_circular_coefficients.py). In float32, for |x| < 1.25, the Taylor series
# Σ_{k≥1} (−1)^k 2k(2k−1)/(2k+1)! z^{k−1}, z = x², to k = 7 (relative error 2^-36).
_SINC_Z0 = (4.332958551429382, -1.1438258288840368e-16)
_SINC_Q = (  # lowest power first
    0.056411517533491, -0.004183836384883376, 0.0001190045638894235,
    -1.8327754504121378e-06, 1.7834507228422024e-08, -1.1998559022221046e-10,
    5.924105621711503e-13, -2.239145322480097e-15, 6.9152809266650764e-18)
_SINC_D2_F32 = tuple((-1) ** k * 2 * k * (2 * k - 1) / math.factorial(2 * k + 1)
                     for k in range(1, 8))


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
    return _series_at(x, c, bound, lambda t: t * poly(t * t, coeffs))


def _sinc_d2_near(t):
    """sinc″(t) for |t| < 2.4, float64."""
    w = np.multiply(t, t, dtype=np.float64)
    w -= _SINC_Z0[0]
    w -= _SINC_Z0[1]
    r = poly(w, _SINC_Q)
    r *= w
    return r


def _sinc_d2(x):  # ((2 − x²) sin x − 2x cos x)/x³ (one lincomb); the series for |x| < 2.4
    if x.dtype == np.float32:
        return _sinc_d2_f32(x)
    ax = np.abs(x)
    amax = float(ax.max()) if x.size else 0.0
    b = np.multiply(x, x)
    x3 = np.multiply(b, x)
    np.subtract(2.0, b, out=b)
    r = circular.lincomb(x, np.multiply(x, -2.0), b, inf=0.0, amax=amax)
    r /= x3
    _patch(r, x, ax < 2.4, _sinc_d2_near)
    if not amax <= 1e100:  # x³ or x² overflow: the coefficients over x³
        idx = np.flatnonzero(~(ax <= 1e100))
        u = 1.0 / x[idx]
        a = -2.0 * u * u
        r[idx] = circular.lincomb(x[idx], a, (-1.0 - a) * u, inf=0.0)
    return r


def _sinc_d2_f32(x):
    """float32: the closed form in float64 from float32 sines and cosines (1.5 ulp each: near
    the zero at x₀ within half the allowance), the series near 0."""
    s, c = circular.sincos(x)
    xd = x.astype(np.float64)
    r = np.multiply(xd, xd)
    x3 = np.multiply(r, xd)
    np.subtract(2.0, r, out=r)
    r *= s
    xd *= c
    xd += xd
    r -= xd
    r /= x3
    _patch(r, x, np.abs(x) < 1.25,
           lambda t: poly(np.square(t, dtype=np.float64), _SINC_D2_F32))
    inf = np.isinf(x)
    if inf.any():
        r[inf] = 0.0
    return r


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


def _gcu_d2(x):  # −(2 sin x + x cos x): within 1.9 ulp of |x| + 2 (lincomb), relatively near
    # 0 (exact table entries, no cancellation); next to the other zeros f‴ ≈ ±x² allows it
    return circular.lincomb(x, np.negative(x), -2.0)


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
    inf = np.isinf(u)
    if not inf.any():
        return None
    idx = np.flatnonzero(inf & np.isfinite(x))
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
_SIN_TAYLOR = tuple((-1) ** k / math.factorial(2 * k + 1) for k in range(12))


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
    t *= poly(t * t, _SIN_TAYLOR)
    t *= t
    t /= alpha
    t += xd
    return t


# float32 snake′ and snake″ take sin/cos of w = αx + π/4 or 2αx rounded to float32 (by δ ≤
# 2^-24·|w|): its linear effect is half the conditioning's allowance, but next to the extrema
# the quadratic one, ~δ²/2, is not covered beyond |w| = 2^12: those lanes are redone in float64.
_W32 = 4096.0


def _redo_big(r, x, w, fn, limit=_W32):
    """r = fn(x in float64) where |w| > limit or w is not finite (after one scan of max |w|)."""
    aw = np.abs(w)
    if aw.size and not aw.max() <= limit:
        idx = np.flatnonzero(~(aw <= limit))
        r[idx] = fn(x[idx].astype(np.float64))
    return r


def _snake_d1(x, alpha):  # 1 + sin 2αx = (sin αx + cos αx)² = 2 sin²(αx + π/4)
    if x.dtype == np.float32 and abs(alpha) <= 1:
        w = np.multiply(x.astype(np.float64), alpha)
        w += _PIO4
        w = w.astype(np.float32)
        s = np.sin(w).astype(np.float64)
        s *= s
        s *= 2.0
        return _redo_big(s, x, w, lambda t: _snake_d1(t, alpha))
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


def _snake_d2(x, alpha):  # 2α cos 2αx: fl(2αx) = 2·fl(αx), whose rounding the allowance covers
    a2 = 2.0 * alpha
    if x.dtype == np.float32 and 2.0**-60 <= abs(a2) <= 2.0**60:
        return _snake_d2_f32(x, a2)
    x = as64(x)
    if not math.isfinite(a2):
        _, s, c = _snake_sincos(x, alpha)
        t = np.add(c, s)
        c -= s
        c *= t
        c *= a2
        return c
    w = np.multiply(x, a2)
    r = circular.lincomb(w, 1.0, 0.0)  # next to its zeros, within their conditioning
    r *= a2
    idx = _overflowed(x, w, a2)
    if idx is not None:
        s, c = _halved(x[idx], alpha)
        r[idx] = a2 * (c - s) * (c + s)
    return r


def _snake_d2_f32(x, a2):
    """2α·cos 2αx in float32 (SIMD cos, within 1.5 ulp), 2αx rounded once (in float64 unless
    exact in float32); in float64 where it overflows float32 or, rounded, exceeds _W32."""
    if _pow2(a2):
        w = np.multiply(x, np.float32(a2))
    else:
        w = x.astype(np.float64)
        w *= a2
        w = w.astype(np.float32)
    r = np.cos(w)
    r *= np.float32(a2)
    limit = float(np.finfo(np.float32).max) if _pow2(a2) else _W32
    return _redo_big(r, x, w, lambda t: _snake_d2(t, a2 / 2), limit)


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
