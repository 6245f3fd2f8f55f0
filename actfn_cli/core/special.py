"""Vectorised erf, erfc, standard normal CDF and PDF in float64, NumPy only.

``erf`` and ``erfc`` port the algorithm of Sun's fdlibm ``s_erf.c`` (1993): a rational
approximation on each of |x| < 0.84375, < 1.25, < 1/0.35 and < 6 (erf) or < 28 (erfc), with
the published coefficients. ``ndtr`` and ``npdf`` carry the argument in double-double so that
their lower tails keep full relative accuracy down to the underflow.

Every function takes an array-like of any shape (0-d included), returns a new float64 array
of the same shape, propagates NaN, maps +-inf to the limits and emits no floating-point
warning whatever the caller's ``np.errstate``.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["erf", "erfc", "ndtr", "npdf"]

# ---- fdlibm s_erf.c coefficients ------------------------------------------------------------
# erx = erf(1) rounded to 24 bits; on [0.84375, 1.25), erf(1 + s) = erx + P(s)/Q(s).
_ERX = 8.45062911510467529297e-01

# |x| < 0.84375: erf(x) = x + x*R(x*x).
_PP = (
    1.28379167095512558561e-01,
    -3.25042107247001499370e-01,
    -2.84817495755985104766e-02,
    -5.77027029648944159157e-03,
    -2.37630166566501626084e-05,
)
_QQ = (
    1.0,
    3.97917223959155352819e-01,
    6.50222499887672944485e-02,
    5.08130628187576562776e-03,
    1.32494738004321644526e-04,
    -3.96022827877536812320e-06,
)
# 0.84375 <= |x| < 1.25, s = |x| - 1.
_PA = (
    -2.36211856075265944077e-03,
    4.14856118683748331666e-01,
    -3.72207876035701323847e-01,
    3.18346619901161753674e-01,
    -1.10894694282396677476e-01,
    3.54783043256182359371e-02,
    -2.16637559486879084300e-03,
)
_QA = (
    1.0,
    1.06420880400844228286e-01,
    5.40397917702171048937e-01,
    7.18286544141962662868e-02,
    1.26171219808761642112e-01,
    1.36370839120290507362e-02,
    1.19844998467991074170e-02,
)
# 1.25 <= |x| < 1/0.35, s = 1/x**2: erfc(x) = exp(-x*x - 0.5625 + R(s)/S(s)) / x.
_RA = (
    -9.86494403484714822705e-03,
    -6.93858572707181764372e-01,
    -1.05586262253232909814e01,
    -6.23753324503260060396e01,
    -1.62396669462573470355e02,
    -1.84605092906711035994e02,
    -8.12874355063065934246e01,
    -9.81432934416914548592e00,
)
_SA = (
    1.0,
    1.96512716674392571292e01,
    1.37657754143519042600e02,
    4.34565877475229228821e02,
    6.45387271733267880336e02,
    4.29008140027567833386e02,
    1.08635005541779435134e02,
    6.57024977031928170135e00,
    -6.04244152148580987438e-02,
)
# 1/0.35 <= |x| < 28, same form.
_RB = (
    -9.86494292470009928597e-03,
    -7.99283237680523006574e-01,
    -1.77579549177547519889e01,
    -1.60636384855821916062e02,
    -6.37566443368389627722e02,
    -1.02509513161107724954e03,
    -4.83519191608651397019e02,
)
_SB = (
    1.0,
    3.03380607434824582924e01,
    3.25792512996573918826e02,
    1.53672958608443695994e03,
    3.19985821950859553908e03,
    2.55305040643316442583e03,
    4.74528541206955367215e02,
    -2.24409524465858183362e01,
)

# Interval bounds. fdlibm compares high words; 0x4006DB6D is 1/0.35 rounded down to 21 bits
# (erfc's choice; its erf uses 0x4006DB6E, one step up: both fits hold there).
_B_SMALL = 0.84375
_B_ERFC_QUARTER = 0.25
_B_MID = 1.25
_B_TAIL = float(np.uint64(0x4006DB6D00000000).view(np.float64))  # 2.8571422...
_B_ERF_ONE = 6.0  # erf(x) rounds to +-1 beyond
_B_ERFC_ZERO = 28.0  # erfc(x) underflows to 0 beyond (it is subnormal from 26.55 on)
_B_ERFC_TWO = -6.0  # erfc(x) rounds to 2 below

_HIGH_WORD = np.uint64(0xFFFFFFFF00000000)

# 1/sqrt(2) = _RSQRT2_HI + _RSQRT2_LO (double-double); 1/sqrt(pi); 1/sqrt(2 pi) likewise.
_RSQRT2_HI = 0.7071067811865476
_RSQRT2_LO = -4.833646656726457e-17
_RSQRTPI = 0.5641895835477563
_RSQRT2PI_HI = 0.3989422804014327
_RSQRT2PI_LO = -2.49232720227773e-17
# Veltkamp split (factor 2**27 + 1) of _RSQRT2_HI into two 26-bit halves, for Dekker's product.
_VELTKAMP = 134217729.0
_RSQRT2_HI_H = _RSQRT2_HI * _VELTKAMP - (_RSQRT2_HI * _VELTKAMP - _RSQRT2_HI)
_RSQRT2_HI_L = _RSQRT2_HI - _RSQRT2_HI_H
# |x| beyond which ndtr is exactly 0 or 1 and npdf exactly 0 (clamping keeps splits finite).
_CLAMP = 40.0


def _horner(t: np.ndarray, coeffs: tuple[float, ...]) -> np.ndarray:
    """Evaluate sum(coeffs[k] * t**k) by Horner's rule (coefficients low to high)."""
    acc = t * coeffs[-1]
    acc += coeffs[-2]
    for c in coeffs[-3::-1]:
        acc *= t
        acc += c
    return acc


def _high(x: np.ndarray) -> np.ndarray:
    """``x`` with its low 32 bits cleared (21 significant bits, so ``_high(x)**2`` is exact)."""
    return (x.view(np.uint64) & _HIGH_WORD).view(np.float64)


def _erf_small(x: np.ndarray) -> np.ndarray:
    """``x*R(x*x)`` = erf(x) - x for |x| < 0.84375."""
    z = x * x
    return x * (_horner(z, _PP) / _horner(z, _QQ))


def _erf_mid(ax: np.ndarray) -> np.ndarray:
    """``P(s)/Q(s)`` = erf(|x|) - erx, s = |x| - 1, for 0.84375 <= |x| < 1.25."""
    s = ax - 1.0
    return _horner(s, _PA) / _horner(s, _QA)


def _erfc_tail(ax: np.ndarray) -> np.ndarray:
    """erfc(|x|) for 1.25 <= |x| < 28, relative accuracy kept into the subnormals."""
    s = 1.0 / (ax * ax)
    rs = np.empty_like(ax)
    near = ax < _B_TAIL
    far = ~near
    sn, sf = s[near], s[far]
    rs[near] = _horner(sn, _RA) / _horner(sn, _SA)
    rs[far] = _horner(sf, _RB) / _horner(sf, _SB)
    # -x*x = -z*z + (z - x)*(z + x), with z*z exact, so the large part a of the exponent
    # a + b is exact. fdlibm returns exp(a)*exp(b)/x; carrying a + b as s + err (Fast2Sum,
    # |a| > |b|) and forming exp(s)*(1 + err) saves one exp and about half an ulp.
    z = _high(ax)
    a = -z * z - 0.5625
    b = (z - ax) * (z + ax) + rs
    s = a + b
    err = (a - s) + b
    q = np.exp(s) / ax
    return q + q * err


def _apply(kernel, x) -> np.ndarray:
    """Run a kernel on the flattened float64 view of ``x`` with FP warnings off; keep the shape."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        return kernel(x.reshape(-1)).reshape(x.shape)


def _erf(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    ax = np.abs(x)
    small = ax < _B_SMALL
    mid = (ax >= _B_SMALL) & (ax < _B_MID)
    tail = (ax >= _B_MID) & (ax < _B_ERF_ONE)
    rest = ~(small | mid | tail)  # |x| >= 6, inf or NaN

    xs = x[small]
    out[small] = xs + _erf_small(xs)
    out[mid] = np.copysign(_ERX + _erf_mid(ax[mid]), x[mid])
    out[tail] = np.copysign(1.0 - _erfc_tail(ax[tail]), x[tail])
    out[rest] = np.sign(x[rest])
    return out


def _erfc(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    ax = np.abs(x)
    small = ax < _B_SMALL
    mid = (ax >= _B_SMALL) & (ax < _B_MID)
    tail = (ax >= _B_MID) & (x > _B_ERFC_TWO) & (x < _B_ERFC_ZERO)
    rest = ~(small | mid | tail)  # x <= -6, x >= 28, +-inf or NaN

    xs = x[small]
    r = _erf_small(xs)
    out[small] = np.where(xs < _B_ERFC_QUARTER, 1.0 - (xs + r), 0.5 - (r + (xs - 0.5)))

    xm = x[mid]
    pq = _erf_mid(ax[mid])
    out[mid] = np.where(xm >= 0.0, (1.0 - _ERX) - pq, 1.0 + (_ERX + pq))

    xt = x[tail]
    e = _erfc_tail(ax[tail])
    out[tail] = np.where(xt > 0.0, e, 2.0 - e)

    out[rest] = 1.0 - np.sign(x[rest])
    return out


def _two_prod_rsqrt2(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``x/sqrt(2)`` as an unevaluated sum hi + lo (Dekker's exact product, |x| <= 2**995)."""
    hi = x * _RSQRT2_HI
    g = x * _VELTKAMP
    xh = g - (g - x)
    xl = x - xh
    err = ((xh * _RSQRT2_HI_H - hi) + xh * _RSQRT2_HI_L + xl * _RSQRT2_HI_H) + xl * _RSQRT2_HI_L
    return hi, err + x * _RSQRT2_LO


def _ndtr(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_CLAMP, _CLAMP)  # NaN stays NaN; Phi(+-40) is 1 or 0 in float64
    t_hi, t_lo = _two_prod_rsqrt2(-xc)
    # The correction is at most ~2 t**2 ulp of the result, so exp(-t_hi*t_hi), whose relative
    # error is ~t**2 * 2**-53, contributes far below one ulp: no split of t_hi is needed.
    return 0.5 * _erfc(t_hi) - t_lo * (_RSQRTPI * np.exp(-t_hi * t_hi))


def _npdf(x: np.ndarray) -> np.ndarray:
    ax = np.minimum(np.abs(x), _CLAMP)  # NaN stays NaN; phi(40) underflows to 0
    h = _high(ax)
    e = np.exp(-0.5 * (h * h))
    d = np.expm1(-0.5 * ((ax - h) * (ax + h)))
    eh = e * _RSQRT2PI_HI
    return eh + (eh * d + e * _RSQRT2PI_LO)


def erf(x) -> np.ndarray:
    """Error function (fdlibm ``s_erf.c`` algorithm)."""
    return _apply(_erf, x)


def erfc(x) -> np.ndarray:
    """Complementary error function (fdlibm ``s_erf.c``), relatively accurate into the tail."""
    return _apply(_erfc, x)


def ndtr(x) -> np.ndarray:
    """Standard normal CDF Phi(x) = erfc(-x/sqrt(2))/2, relatively accurate down to x = -38.5.

    With t = -x/sqrt(2) = t_hi + t_lo in double-double, Phi = erfc(t_hi)/2 -
    t_lo*exp(-t_hi**2)/sqrt(pi) to first order; rounding t alone would cost ~t**2 ulp.
    """
    return _apply(_ndtr, x)


def npdf(x) -> np.ndarray:
    """Standard normal PDF phi(x) = exp(-x**2/2)/sqrt(2 pi), with x**2 carried exactly.

    With x = h + l (h the top 21 bits, so h*h is exact), exp(-x**2/2) = exp(-h*h/2) *
    (1 + expm1(-l*(x + h)/2)); the small factor is added in, not rounded into 1 + eps first.
    """
    return _apply(_npdf, x)
