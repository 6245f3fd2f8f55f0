"""Vectorised sin and cos for the periodic activations (:mod:`.trig`), NumPy only.

``np.sin``/``np.cos`` on float64 call the C library one element at a time (about 18× the cost
of ``np.exp``); the table method here takes about 35 whole-array passes (~12×), and lincomb
(a·cos x + b·sin x within 2 ulp of |a| + |b|, for the derivatives) about 28 (~8.5×).

Method (float64). With h = π/512, x = n·h + r, |r| ≤ h/2: n = round(x/h) comes from rounding
x/π to a multiple of 2^-9 by adding 1.5·2^43, which leaves n's low bits in the sum's mantissa
(the table index, at no cost); r = y0 + y1 by Cody–Waite with π in pieces of 25, 25 and 53 bits
(m·π₁, m·π₂ exact for m = n/512, |m| ≤ 2^19, and so is x − m·π₁ − m·π₂: both are multiples of
2^-61 and their difference is under 2^-8), then Fast2Sum. Then

    sin x = S + S·(cos r − 1) + C·sin r,    S = sin(n·h), C = cos(n·h),

from 1024-entry tables (S in double-double; made on first use from an integer Taylor series, with
π to 256 bits), sin r = y0 + (y1 + y0·z·(S1 + z·S2)), cos r − 1 = z·(C1 + z·C2), z = y0²
(minimax coefficients from ``tests/fit_circular_coefficients.py``). Near a zero of sin, C·sin r
is as large as the result and its rounding would cost a whole ulp, so the linear term is split
as σ·y0 + (C − σ)·sin r, σ = ±1 the sign of C (the sign bit of the table entry C − σ), and
S + σ·y0 summed exactly (Fast2Sum). cos x = sin(|x| + π/2): an offset of 256 in n.

The rounding of m·π₃ leaves an error up to |m|·2^-106 in r; where |y0| is under 2^62 times
that (r within |m|·2^-44 of a multiple of h: rare, but every lane for x = k·π, say; a block
is screened by the minimum of y0² first), y0 and y1 are redone in double-double with π to
2^-159 (the test is per element: a result does not depend on the rest of the array).
Arguments beyond 2^19·π and non-finite ones go to ``np.sin``/``np.cos``, whose reduction is
exact for every double.

Accuracy (``python tests/check_circular_accuracy.py``, against long double, the 20 worst points
of each set against mpmath: 10^6 points in ±40, 10^6 log-uniform up to 2^19·π, and the doubles
within 2 ulps of k·π/2 for all k < 10^6 and 10^6 random k up to the limit): sin and cos within
0.505 ulp (0.500 next to their zeros), sin exactly odd (sin(−0) = −0) and cos exactly even;
sin_dd(hi, lo) within 0.015 ulp of its head; lincomb (no double-double tables) within 1.9 ulp
of |a| + |b|.

float32 arrays use ``np.sin``/``np.cos`` in float32 (SIMD, within 1.5 ulp): the callers that
take this path are written so that this error is all they add.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .dd import two_sum

__all__ = ["cos", "lincomb", "sin", "sin2", "sin_dd", "sincos"]

_LIMIT = 1647099.0  # just under 2^19·π: |m| ≤ 2^19
_INVPI = 0.3183098861837907  # 1/π (its rounding only moves n where |r| ≈ h/2)
_ROUND = 1.5 * 2.0**43  # v + _ROUND rounds v to a multiple of 2^-9 (the ulp there)
_PI1 = 3.1415926218032837  # π to 25 bits
_PI2 = 3.1786509424591713e-08  # the next 25 bits
_PI3 = 1.2246467991473532e-16  # π − _PI1 − _PI2 to 53 bits: π to 2^-108
_PI2L = 3.178650954705639e-08  # π − _PI1 to 53 bits (lincomb): π to 2^-79
_PIX = (1.2246467864107189e-16, 1.2736634110450565e-24, 2.165713347843828e-32)  # 25, 25, 53
_N = 1024  # table entries per period 2π
_SIGN = np.int64(-(2**63))

# sin r ≈ r + r·z·(S1 + z·S2), cos r − 1 ≈ z·(C1 + z·C2), z = r², |r| ≤ π/1024 (fitted)
_S1, _S2 = -0.1666666666666591, 0.008333330734785272  # relative error 6e-5 × 2^-53
_C1, _C2 = -0.499999999999947, 0.041666648464501604  # absolute error 4e-4 × 2^-53

_FIX = 256
_PI_FIX = int("3243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89", 16)  # π·2^256


def _sin_fix(k: int) -> int:
    """sin(k·π/512)·2^256 for 0 < k < 256 (Taylor series in integers, error a few units)."""
    a = k * _PI_FIX // 512
    a2 = a * a >> _FIX
    term = s = a
    i = 1
    while term:
        term = -((term * a2 >> _FIX) // ((2 * i) * (2 * i + 1)))
        s += term
        i += 1
    return s


def _to_float(v: int) -> float:
    return math.ldexp(float(v), -_FIX)  # int → float rounds correctly


@functools.cache
def _tables():
    """(S, S_lo, C − σ, C) for the 1024 steps, built on first use (~6 ms: not at import, which
    every command pays)."""
    one = 1 << _FIX
    quarter = [0] + [_sin_fix(k) for k in range(1, 256)] + [one]
    s_fix = [(quarter[k % 256] if k // 256 % 2 == 0 else quarter[256 - k % 256])
             * (1 if k < 512 else -1) for k in range(_N)]
    c_fix = [s_fix[(k + 256) % _N] for k in range(_N)]
    s_hi = np.array([_to_float(v) for v in s_fix])
    s_lo = np.array([_to_float(v - int(math.ldexp(h, _FIX))) for v, h in zip(s_fix, s_hi)])
    # C − σ, σ = +1 where C ≥ 0 (else −1): its sign bit is that of −σ, hence −0.0 where C = 1
    d = np.array([_to_float(c - one) if c >= 0 else _to_float(c + one) for c in c_fix])
    d[np.array([c == one for c in c_fix])] = -0.0
    return s_hi, s_lo, d, np.array([_to_float(v) for v in c_fix])


_TABLE_NAMES = ("_TS", "_TSL", "_TD", "_TC")


def __getattr__(name: str):
    """The tables as module attributes (``circular._TS``...), for the checks in tests/."""
    if name in _TABLE_NAMES:
        return _tables()[_TABLE_NAMES.index(name)]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _reduce(x: np.ndarray, offset: int, tail: bool = True):
    """x + offset·h = n·h + y0 + y1 (|y0 + y1| ≤ h/2, a hair more at ties; |y1| ≤ ulp(y0)/2,
    absolute error ≤ |m|·2^-106) for |x| ≤ _LIMIT; returns J, an int64 array whose low bits
    are n, m = (n − offset)/512, y0 and y1. Without ``tail``: y1 = None and y0 within
    ulp(y0)/2 + |m|·2^-77 (π in two pieces: two operations fewer, for lincomb)."""
    bias = _ROUND + offset / 512  # a multiple of 2^-9: exact
    v = np.multiply(x, _INVPI)
    v += bias
    m = np.subtract(v, bias)  # exact
    t = np.multiply(m, -_PI1)
    t += x  # exact (Sterbenz, or m = 0)
    if not tail:  # π to 2^-79 in two pieces: y0 to 0.5 ulp + |m|·2^-77
        w = np.multiply(m, _PI2L)
        t -= w
        return v.view(np.int64), m, t, None
    w = np.multiply(m, _PI2)
    t -= w  # exact
    np.multiply(m, _PI3, out=w)
    y0 = np.subtract(t, w)
    t -= y0
    t -= w  # y1 (Fast2Sum: exact wherever |y0| ≥ 2^9·|w|, else redone by _exact)
    return v.view(np.int64), m, y0, t


def _exact(x, lo, m, idx) -> tuple[np.ndarray, np.ndarray]:
    """(y0, y1) at the indices idx, with π to 2^-159 (three exact 25-bit pieces after _PI1,
    _PI2 and a 53-bit one), summed in double-double: r = x + lo − m·π."""
    x, m = x[idx], m[idx]
    t = x - m * _PI1
    t -= m * _PI2  # exact, as in _reduce
    a, b = two_sum(t, m * -_PIX[0])
    for p in _PIX[1:]:
        a, e = two_sum(a, m * -p)  # the last product rounds, by under 2^-150 here
        b += e
    if lo is not None:
        a, e = two_sum(a, lo[idx])
        b += e
    y0 = a + b
    return y0, (a - y0) + b


def _xor_sign(a: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """a with its sign bit flipped where ``sign`` (int64: 0 or 1 << 63) has it, in place."""
    ai = a.view(np.int64)
    np.bitwise_xor(ai, sign, out=ai)
    return a


def _kernel(x: np.ndarray, amax: float, offset: int = 0, lo: np.ndarray | None = None):
    """sin(x + lo + offset·h) = q + a, q = S + σ·y0 and |a| ≤ |q|·h/2 (measured), for
    |x| ≤ amax ≤ _LIMIT and |lo| ≤ ulp(x)."""
    J, m, y0, y1 = _reduce(x, offset)
    if lo is not None:  # the argument's tail joins the reduced argument exactly
        y0, e = two_sum(y0, lo)
        y1 += e
    z = np.multiply(y0, y0)
    tiny = ((amax * _INVPI + 1.0) * _PI3 * 512.0) ** 2  # ≥ every lane's bound, below
    if z.size and z.min() < tiny:  # rare, but every lane for x = k·π, say
        idx = np.flatnonzero(z < tiny)
        idx = idx[z[idx] < (m[idx] * (_PI3 * 512.0)) ** 2]  # per element: m = 0 is exact
        y0[idx], y1[idx] = _exact(x, lo, m, idx)
        z[idx] = y0[idx] * y0[idx]
    j = np.bitwise_and(J, _N - 1, out=J)
    ts, tsl, td, _ = _tables()
    s, a, d = ts.take(j), tsl.take(j), td.take(j)
    t1 = np.multiply(z, _S2)  # sin r − y0 = y1 + y0·z·(S1 + z·S2)
    t1 += _S1
    t1 *= z
    t1 *= y0
    t1 += y1
    c = np.multiply(z, _C2)  # cos r − 1 = z·(C1 + z·C2)
    c += _C1
    c *= z
    sg = np.bitwise_and(d.view(np.int64), _SIGN, out=j)  # the sign bit of −σ
    d *= np.add(y0, t1, out=z)  # (C − σ)·sin r
    c *= s  # a = S·(cos r − 1) + S_lo + (C − σ)·sin r + σ·(sin r − y0) + the error of q
    c += a
    c += d
    c -= _xor_sign(t1, sg)
    y0 = _xor_sign(y0, sg)  # −σ·y0
    q = np.subtract(s, y0)  # S + σ·y0 ...
    s -= q
    s -= y0  # ... and its rounding error (Fast2Sum: |S| ≥ |y0| unless S = 0)
    c += s
    return q, c


def _f32(fn, x: np.ndarray, inf: float | None) -> np.ndarray:
    """fn(x) in float32 (SIMD): NaN at ±inf without a warning, or ``inf``."""
    with np.errstate(invalid="ignore"):
        r = fn(x)
    if inf is not None:
        r[np.isinf(x)] = inf
    return r


def _eval(x: np.ndarray, fast, slow, inf: float | None) -> np.ndarray:
    """fast(x, max |x|) when every |x| ≤ _LIMIT (one min and one max, False for NaN); else
    fast on the others, slow(x) (np.sin...) on the lanes beyond and ``inf`` (if given) at
    ±inf."""
    lo, hi = (float(x.min()), float(x.max())) if x.size else (0.0, 0.0)
    if lo >= -_LIMIT and hi <= _LIMIT:
        return fast(x, max(hi, -lo))
    bad = ~(np.abs(x) <= _LIMIT)
    r = fast(np.where(bad, 0.0, x), _LIMIT)
    with np.errstate(invalid="ignore"):  # sin(±inf) is NaN
        r[bad] = slow(x[bad])
    if inf is not None:
        r[np.isinf(x)] = inf
    return r


def _sin64(x: np.ndarray, amax: float, offset: int = 0) -> np.ndarray:
    q, a = _kernel(x, amax, offset)
    q += a
    if offset == 0 and not q.all():  # sin is 0 only at ±0, where the sums above give +0
        np.copyto(q, x, where=x == 0)  # sin(−0) = −0
    return q


def sin(x: np.ndarray, inf: float | None = None, phase: int = 0) -> np.ndarray:
    """sin(x + phase·π/4) for a 1-D float32 or float64 array, a new array of its dtype;
    ``inf``: the value at x = ±inf (else NaN). The phase is exact (an offset in the table)."""
    if x.dtype != np.float64:
        if phase:
            x = (x.astype(np.float64) + phase * (np.pi / 4)).astype(x.dtype)
        return _f32(np.sin, x, inf)
    return _eval(x, lambda t, a: _sin64(t, a, 128 * phase),
                 lambda t: np.sin(t + phase * (np.pi / 4)), inf)


def cos(x: np.ndarray, inf: float | None = None) -> np.ndarray:
    """cos x for a 1-D float32 or float64 array, a new array of its dtype; ``inf``: the value
    at x = ±inf (else NaN)."""
    if x.dtype != np.float64:
        return _f32(np.cos, x, inf)
    return _eval(x, lambda t, a: _sin64(np.abs(t), a, 256), np.cos, inf)


def sincos(x: np.ndarray, inf: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(sin x, cos x) for a 1-D float32 or float64 array, new arrays of its dtype."""
    return sin(x, inf), cos(x, inf)


def sin2(x: np.ndarray, inf: float | None = None) -> np.ndarray:
    """sin² x for a 1-D float32 or float64 array (float64: within 1.53 ulp, sin being within
    0.52); ``inf``: the value at x = ±inf (else NaN)."""
    s = sin(x, inf)
    s *= s
    return s


def sin_dd(hi: np.ndarray, lo: np.ndarray | None = None,
           inf: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """sin(hi + lo) as an unevaluated sum s + t, for float64 arrays with |lo| ≤ ulp(hi): the
    argument's tail joins the reduced argument exactly (two_sum) and t is the rounding error
    of the last addition. Beyond 2^19·π, s = np.sin(hi) and t = lo·np.cos(hi); ``inf``: s at
    hi = ±inf (else NaN)."""
    def fast(h, amax, l_=lo):
        q, a = _kernel(h, amax, 0, l_)
        s = np.add(q, a)
        q -= s
        q += a  # Fast2Sum
        return s, q

    lo_, hi_ = (float(hi.min()), float(hi.max())) if hi.size else (0.0, 0.0)
    if lo_ >= -_LIMIT and hi_ <= _LIMIT:
        return fast(hi, max(hi_, -lo_))
    bad = ~(np.abs(hi) <= _LIMIT)
    s, t = fast(np.where(bad, 0.0, hi), _LIMIT, None if lo is None else np.where(bad, 0.0, lo))
    with np.errstate(invalid="ignore"):
        s[bad] = np.sin(hi[bad])
        t[bad] = 0.0 if lo is None else lo[bad] * np.cos(hi[bad])
    t[~np.isfinite(t)] = 0.0
    if inf is not None:
        s[np.isinf(hi)] = inf
    return s, t


def _scalar(k) -> bool:
    return not isinstance(k, np.ndarray)


def _pq(c: np.ndarray, s: np.ndarray, a, b):
    """(P, ±Q, ±1) with P = a·C + b·S, Q = b·C − a·S, overwriting c and s (no copies)."""
    if _scalar(b) and b == 0:  # a·C, a·S
        return (c, s, -1.0) if _scalar(a) and a == 1 else (c * a, s * a, -1.0)
    if _scalar(a) and not _scalar(b):  # b·C − a·S, a·C + b·S
        q = np.multiply(c, b)
        q -= s if a == 1 else a * s
        s *= b
        s += c if a == 1 else a * c
        return s, q, 1.0
    q = np.multiply(s, a)  # −Q = a·S − b·C, P = a·C + b·S
    if _scalar(b) and b == -1:
        q += c
        c *= a
        c -= s
    else:
        t = np.multiply(c, b)
        q -= t
        c *= a
        s *= b
        c += s
    return c, q, -1.0


def lincomb(x: np.ndarray, a, b, inf: float | None = None, amax=None) -> np.ndarray:
    """a·cos x + b·sin x for a 1-D float32 or float64 array x and arrays like it or scalars
    a, b, a new array; ``inf``: the value at x = ±inf (else NaN); ``amax``: max |x| if the
    caller has it (spares a scan). One reduction for both functions, for derivatives such as
    cos x − x·sin x.

    float64: P + (P·(cos r − 1) + Q·sin r), P = a·C + b·S, Q = b·C − a·S (C, S the table
    values in double only, no exact redo of r): within 1.9 ulp of |a| + |b| (measured),
    absolutely. Next to the multiples of π/2 the table entries are exact (0, ±1), and so are
    P and Q: there the error is a few ulp of |P| + |Q·sin r| and that of r (|m|·2^-77, as if
    x moved by 2^-78 relative), so that cos x = lincomb(x, 1, 0) next to its zeros and
    −(2 sin x + x cos x) next to 0 are within the conditioning of the function. float32:
    a·cos x + b·sin x (``np.cos``/``np.sin``).
    """
    if x.dtype != np.float64:
        return _f32(lambda t: np.add(np.sin(t) * b, a * np.cos(t)), x, inf)

    def fast(t, a=a, b=b):
        J, _m, y0, _ = _reduce(t, 0, tail=False)  # y1 ≤ 2^-62: negligible here
        j = np.bitwise_and(J, _N - 1, out=J)
        ts, _, _, tc = _tables()
        p, q, sign = _pq(tc.take(j), ts.take(j), a, b)
        z = np.multiply(y0, y0)
        sr = np.multiply(z, _S2)  # sin r
        sr += _S1
        sr *= z
        sr *= y0
        sr += y0
        cm1 = np.multiply(z, _C2)  # cos r − 1
        cm1 += _C1
        cm1 *= z
        cm1 *= p
        q *= sr
        if sign > 0:
            cm1 += q
        else:
            cm1 -= q
        p += cm1
        return p

    if amax is not None and amax <= _LIMIT:
        return fast(x)
    lo_, hi_ = (float(x.min()), float(x.max())) if x.size else (0.0, 0.0)
    if lo_ >= -_LIMIT and hi_ <= _LIMIT:
        return fast(x)
    bad = ~(np.abs(x) <= _LIMIT)
    a_, b_ = (v if _scalar(v) else np.where(bad, 0.0, v) for v in (a, b))
    r = fast(np.where(bad, 0.0, x), a_, b_)
    xb = x[bad]
    with np.errstate(invalid="ignore"):
        r[bad] = ((a if _scalar(a) else a[bad]) * np.cos(xb)
                  + (b if _scalar(b) else b[bad]) * np.sin(xb))
    if inf is not None:
        r[np.isinf(x)] = inf
    return r
