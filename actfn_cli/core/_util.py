"""Small array helpers shared by the activation-family modules (elementwise, any float dtype
unless stated)."""

from __future__ import annotations

import numpy as np


def as64(x: np.ndarray) -> np.ndarray:
    """``x`` itself if it is float64, else a float64 copy."""
    return x if x.dtype == np.float64 else x.astype(np.float64)


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
