"""How two activations differ over a grid: the numbers behind ``actfn compare``, NumPy only."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .activation import Activation


@dataclass(frozen=True)
class Difference:
    """``other − reference`` over the grid: the largest gap and where, the RMS gap, and the
    largest gap of the first derivatives and where. Non-finite where a value is."""

    spec: str
    reference: str
    max_abs: float
    argmax: float
    rms: float
    max_abs_grad: float
    grad_argmax: float


def _largest(delta: np.ndarray, x: np.ndarray) -> tuple[float, float]:
    magnitude = np.abs(delta)
    if np.isnan(magnitude).all():
        return math.nan, math.nan
    i = int(np.nanargmax(magnitude))
    return float(magnitude[i]), float(x[i])


def difference(reference: Activation, other: Activation, x: np.ndarray) -> Difference:
    """Compare ``other`` with ``reference`` at the points ``x`` (NaN samples ignored)."""
    with np.errstate(all="ignore"):
        delta = np.asarray(other(x), dtype=np.float64) - np.asarray(reference(x), np.float64)
        ddelta = (np.asarray(other.grad(x), dtype=np.float64)
                  - np.asarray(reference.grad(x), dtype=np.float64))
        finite = delta[~np.isnan(delta)]
        rms = float(np.sqrt(np.mean(np.square(finite)))) if finite.size else math.nan
    max_abs, argmax = _largest(delta, x)
    max_grad, grad_argmax = _largest(ddelta, x)
    return Difference(other.spec, reference.spec, max_abs, argmax, rms, max_grad, grad_argmax)
