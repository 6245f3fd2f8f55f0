"""Vectorised sin and cos for the periodic activations (:mod:`.trig`), NumPy only.

``np.sin``/``np.cos`` on float64 call the C library one element at a time (about 15× the cost
of ``np.exp``). Here the same algorithm as Sun's fdlibm (1993: the medium case of
``e_rem_pio2.c``, then ``k_sin.c``/``k_cos.c`` with their published coefficients) runs as
whole-array operations, under 1 ulp. Arguments of magnitude beyond 2^20·π/2, and non-finite
ones, go to ``np.sin``/``np.cos``, whose reduction is exact for every double.

float32 arrays use ``np.sin``/``np.cos`` in float32 (SIMD, within 1.5 ulp): the callers that
take this path are written so that this error is all they add.
"""

from __future__ import annotations

import numpy as np

from .dd import two_sum

__all__ = ["cos", "sin", "sin2", "sin_dd", "sincos"]

_INVPIO2 = 6.36619772367581382433e-01  # 2/π
_PIO2_1 = 1.57079632673412561417e+00  # first 31 bits of π/2: fn·_PIO2_1 is exact
_PIO2_2 = 6.07710050630396597660e-11  # next 32 bits
_PIO2_2T = 2.02226624879595063154e-21  # π/2 − _PIO2_1 − _PIO2_2, to 53 bits
_MEDIUM = 2.0**20  # quotients up to here keep fn·_PIO2_1, fn·_PIO2_2 exact
_ROUND = 1.5 * 2.0**52  # v + _ROUND rounds v to an integer, held in the low mantissa bits

_S1, _S2, _S3, _S4, _S5, _S6 = (
    -1.66666666666666324348e-01, 8.33333333332248946124e-03, -1.98412698298579493134e-04,
    2.75573137070700676789e-06, -2.50507602534068634195e-08, 1.58969099521155010221e-10)
_C1, _C2, _C3, _C4, _C5, _C6 = (
    4.16666666666666019037e-02, -1.38888888888741095749e-03, 2.48015872894767294178e-05,
    -2.75573143513906633035e-07, 2.08757232129817482790e-09, -1.13596475577881948265e-11)


def _reduce(x: np.ndarray):
    """x = fn·π/2 + (y0 + y1), |y0 + y1| ≤ π/4 and |y1| ≤ ulp(y0)/2 (the kernels' tail terms
    are first order), with π/2 carried to 118 bits; also n, an int64 array whose two low bits
    are fn mod 4."""
    n = np.multiply(x, _INVPIO2)
    n += _ROUND
    fn = np.subtract(n, _ROUND)
    t = np.multiply(fn, -_PIO2_1)
    t += x  # exact (Sterbenz)
    w = np.multiply(fn, _PIO2_2)
    r = np.subtract(t, w)
    t -= r
    t -= w  # the rounding error of r, exactly
    w = np.multiply(fn, _PIO2_2T, out=w)
    w -= t
    y0 = np.subtract(r, w)
    r -= y0
    r -= w  # y1, the tail of y0
    return fn, n.view(np.int64), y0, r


def _kernels(y0: np.ndarray, y1: np.ndarray, tails: bool = False):
    """fdlibm's __kernel_sin(y0, y1, 1) and __kernel_cos(y0, y1) for |y0| ≤ π/4; with
    ``tails`` also the rounding errors of their last additions (two more arrays)."""
    z = np.multiply(y0, y0)
    w = np.multiply(z, z)
    # sin: y0 − ((z·(y1/2 − v·r) − y1) − v·S1),
    #      v = z·y0, r = S2 + z(S3 + z S4) + z w (S5 + z S6)
    r = np.multiply(z, _S4)
    r += _S3
    r *= z
    r += _S2
    a = np.multiply(z, _S6)
    a += _S5
    a *= z
    a *= w
    r += a
    v = np.multiply(z, y0)
    r *= v
    h = np.multiply(y1, 0.5)
    h -= r
    h *= z
    h -= y1
    v *= _S1
    h -= v
    if tails:
        s = np.subtract(y0, h)
        s_lo = np.subtract(y0, s)
        s_lo -= h
    else:
        s = np.subtract(y0, h, out=h)
    # cos: (1 − z/2) + (((1 − (1 − z/2)) − z/2) + (z·r − y0·y1)),
    #      r = z(C1 + z(C2 + z C3)) + w²(C4 + z(C5 + z C6))
    r = np.multiply(z, _C3, out=r)
    r += _C2
    r *= z
    r += _C1
    r *= z
    a = np.multiply(z, _C6, out=a)
    a += _C5
    a *= z
    a += _C4
    a *= w
    a *= w
    r += a
    r *= z
    a = np.multiply(y0, y1, out=a)
    r -= a
    z *= 0.5  # hz
    c = np.subtract(1.0, z, out=w)
    a = np.subtract(1.0, c, out=a)
    a -= z
    a += r
    if tails:
        w = c
        c = np.add(w, a)
        w -= c
        w += a
        return s, c, s_lo, w
    c += a
    return s, c


def _fallback(x: np.ndarray, fn: np.ndarray, out_sin, out_cos) -> None:
    if fn.size and fn.max() <= _MEDIUM and fn.min() >= -_MEDIUM:  # False for NaN
        return
    big = ~(np.abs(fn) <= _MEDIUM)  # also NaN and ±inf
    xb = x[big]
    if out_sin is not None:
        out_sin[big] = np.sin(xb)
    if out_cos is not None:
        out_cos[big] = np.cos(xb)


def _quadrant(n: np.ndarray, ks: np.ndarray, kc: np.ndarray, want_sin: bool, want_cos: bool,
              signs: bool = True):
    """sin x and cos x from the kernels at quadrant n mod 4, in place, by bit operations:
    an odd n swaps the kernels; n mod 4 ∈ {2, 3} flips the sign of sin, {1, 2} that of cos."""
    a, b = ks.view(np.int64), kc.view(np.int64)
    swap = n & 1
    np.negative(swap, out=swap)  # all ones where n is odd
    t = np.bitwise_xor(a, b)
    t &= swap
    if want_sin:
        a ^= t
    if want_cos:
        b ^= t
    if signs and want_sin:
        np.bitwise_and(n, 2, out=t)
        t <<= 62
        a ^= t
    if signs and want_cos:
        n += 1
        np.bitwise_and(n, 2, out=t)
        t <<= 62
        b ^= t
    return ks, kc


def sincos(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sin x, cos x) for a 1-D float32 or float64 array, new arrays of its dtype."""
    if x.dtype != np.float64:
        return np.sin(x), np.cos(x)
    fn, n, y0, y1 = _reduce(x)
    s, c = _quadrant(n, *_kernels(y0, y1), True, True)
    _fallback(x, fn, s, c)
    return s, c


def sin(x: np.ndarray) -> np.ndarray:
    """sin x for a 1-D float32 or float64 array, a new array of its dtype."""
    if x.dtype != np.float64:
        return np.sin(x)
    fn, n, y0, y1 = _reduce(x)
    s, _ = _quadrant(n, *_kernels(y0, y1), True, False)
    _fallback(x, fn, s, None)
    return s


def cos(x: np.ndarray) -> np.ndarray:
    """cos x for a 1-D float32 or float64 array, a new array of its dtype."""
    if x.dtype != np.float64:
        return np.cos(x)
    fn, n, y0, y1 = _reduce(x)
    _, c = _quadrant(n, *_kernels(y0, y1), False, True)
    _fallback(x, fn, None, c)
    return c


def sin2(x: np.ndarray) -> np.ndarray:
    """sin² x for a 1-D float32 or float64 array (the quadrant's sign is not needed)."""
    if x.dtype != np.float64:
        s = np.sin(x)
    else:
        fn, n, y0, y1 = _reduce(x)
        s, _ = _quadrant(n, *_kernels(y0, y1), True, False, signs=False)
        _fallback(x, fn, s, None)
    s *= s
    return s


def sin_dd(hi: np.ndarray, lo: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """sin(hi + lo) as an unevaluated sum s + t, within about 0.25 ulp of s, for float64
    |hi| < 2^20·π/2 and |lo| ≤ ulp(hi): the argument's tail goes into the reduced argument and
    the kernels' last roundings into t."""
    _, n, y0, y1 = _reduce(hi)
    if lo is not None:
        y1 += lo
        y0, y1 = two_sum(y0, y1)  # renormalise: the tail may now exceed half an ulp of y0
    ks, kc, ks_lo, kc_lo = _kernels(y0, y1, tails=True)
    odd = (n & 1).astype(bool)
    s, t = np.where(odd, kc, ks), np.where(odd, kc_lo, ks_lo)
    neg = (n & 2).astype(bool)
    s[neg] *= -1.0
    t[neg] *= -1.0
    return s, t
