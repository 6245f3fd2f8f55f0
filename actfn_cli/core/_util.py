"""Small array helpers shared by the activation-family modules (elementwise, any float dtype
unless stated)."""

from __future__ import annotations

import numpy as np


def as64(x: np.ndarray) -> np.ndarray:
    """``x`` itself if it is float64, else a float64 copy."""
    return x if x.dtype == np.float64 else x.astype(np.float64)


def poly(t, coeffs):
    """sum(coeffs[k]·t**k) by Horner's rule (lowest power first in ``coeffs``), in a new array;
    one pass fewer when the leading coefficient is 1 (fitted denominators are monic for that)."""
    if coeffs[-1] == 1.0:
        acc = t + coeffs[-2]
    else:
        acc = t * coeffs[-1]
        acc += coeffs[-2]
    for c in coeffs[-3::-1]:
        acc *= t
        acc += c
    return acc


def exp_neg_abs(z):
    """exp(−|z|), one exponential for both signs: in [0, 1] for every z (0 at ±inf, NaN at
    NaN)."""
    e = np.abs(z)
    np.negative(e, out=e)
    return np.exp(e, out=e)


def keep_nan(x, out):
    """``out`` with NaN wherever x is NaN, in place (checked first: the masked write is the
    slow part)."""
    nan = np.isnan(x)
    if nan.any():
        out[nan] = np.nan
    return out


def zeros(x, **_):
    """0 everywhere except NaN at NaN, in x's dtype (the f″ of piecewise-linear functions);
    ignores any parameters."""
    return keep_nan(x, np.zeros_like(x))


def by_sign(x: np.ndarray, neg: float, pos: float) -> np.ndarray:
    """A new float64 array: ``neg`` where the sign bit of float64 ``x`` is set (−0 and some
    NaNs included), ``pos`` elsewhere. Bit operations on the sign, not np.where, whose branch
    on an unpredictable mask costs several times more."""
    p, n = (np.array(v, dtype=np.float64).view(np.int64) for v in (pos, neg))
    x = np.ascontiguousarray(x, dtype=np.float64)
    r = np.right_shift(x.view(np.int64), 63)  # all ones where the sign bit is set
    r &= n ^ p
    r ^= p
    return r.view(np.float64)


_BITS = {np.dtype(np.float64): np.int64, np.dtype(np.float32): np.int32,
         np.dtype(np.float16): np.int16}


def select(cond: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """np.where(cond, a, b), bit for bit, for float arrays ``a`` and ``b`` of one shape and
    dtype, computed in ``a`` (which is overwritten and returned). np.where branches on every
    element: on a mask without order (random data) it costs ~4 ns per element, over four
    np.exp; these bit operations cost about one, whatever the mask."""
    bits = _BITS[a.dtype]
    m = cond.astype(bits)
    np.negative(m, out=m)  # all ones where cond holds
    ai, bi = a.view(bits), b.view(bits)
    np.bitwise_xor(ai, bi, out=ai)
    ai &= m
    ai ^= bi
    return a
