"""Check analytic derivatives against high-order finite differences, NumPy only.

``f′`` is compared with the 8th-order central difference of ``f``, and ``f″`` with the same
difference of ``f′``, at each sample point, with the step ``h = 2^-7`` for ``|x| < 128`` and
``|x|·2^-14`` or so beyond (a power of two, so ``x ± kh`` is exact; the truncation error ~h⁸ is
far below the rounding error ~ε·|f|/h ≈ 1e-13).

A point is checked only where the function is smooth across the stencil: no declared kink or
jump within 16 steps, the central differences with steps h and 2h agree to 1e-7 (a jump of a
higher derivative, as in smelu, spoils them), and the 4th-order one-sided differences from the
left and the right agree with them to 1e-4 (a kink nobody declared: a ``where`` in an
expression, a tie in maxout, a sparsemax breakpoint). Other points are skipped, never failed:
the check tests the derivative, not the finite difference.

The discrepancy is relative, with ``|f′|`` below 1 counted as 1: ``|a − d| / max(|a|, 1)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activation import Activation, VectorActivation

TOLERANCE = 1e-6
SMOOTH = 1e-4  # one-sided differences further apart than this: a kink in the stencil
_OFFSETS = np.arange(-8, 9, dtype=np.float64)  # samples at x + k·h


def _weights(step: int, taps: list[float], first: int) -> np.ndarray:
    """Weights over :data:`_OFFSETS` placing ``taps`` at offsets first, first+step, ..."""
    w = np.zeros(_OFFSETS.size)
    for i, tap in enumerate(taps):
        w[8 + first + i * step] = tap / step
    return w


_C8 = [1 / 280, -4 / 105, 1 / 5, -4 / 5, 0.0, 4 / 5, -1 / 5, 4 / 105, -1 / 280]
_F4 = [-25 / 12, 4.0, -3.0, 4 / 3, -1 / 4]
# 8th-order central with steps h and 2h; 4th-order forward and backward with step h.
_CENTRAL, _COARSE = _weights(1, _C8, -4), _weights(2, _C8, -8)
_FORWARD, _BACKWARD = _weights(1, _F4, 0), -_weights(1, _F4, 0)[::-1]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: the largest discrepancy, where, and how many points."""

    spec: str
    order: int
    max_error: float  # NaN when no point could be checked
    at: float | tuple[float, ...] | None
    checked: int
    skipped: int
    tolerance: float = TOLERANCE

    @property
    def ok(self) -> bool:
        return self.checked > 0 and self.max_error <= self.tolerance


def steps(x: np.ndarray) -> np.ndarray:
    """The power-of-two step for each point: 2^-7 for |x| < 128, growing with |x| beyond."""
    scale = np.maximum(np.abs(x), 1.0)
    return np.ldexp(1.0, np.maximum(np.frexp(scale)[1] - 15, -7))


def differences(values: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The central estimate from samples at ``x + k·h`` (k = -8..8, the last axis), and
    whether the function is smooth there: the estimates with steps h and 2h agree to a tenth
    of the tolerance, and the one-sided ones agree with them to :data:`SMOOTH`."""
    central, coarse, forward, backward = (values @ w / h for w in
                                          (_CENTRAL, _COARSE, _FORWARD, _BACKWARD))
    smooth = ((_relative(central, coarse) <= TOLERANCE / 10)
              & (_relative(central, forward) + _relative(central, backward) <= SMOOTH))
    return central, smooth


def _relative(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b) / np.maximum(np.abs(a), 1.0)


def _away_from_kinks(act: Activation, x: np.ndarray, h: np.ndarray) -> np.ndarray:
    bad = np.asarray([*act.kinks, *act.jumps], dtype=np.float64)
    if bad.size == 0:
        return np.ones(x.shape, dtype=bool)
    distance = np.min(np.abs(x[:, None] - bad[None, :]), axis=1)
    return distance > 16.0 * h  # the widest stencil reaches 8h


def _result(spec: str, order: int, error: np.ndarray, counted: np.ndarray,
            where: Callable[[int], float | tuple[float, ...]]) -> CheckResult:
    total = int(error.size)
    if not counted.any():
        return CheckResult(spec, order, float("nan"), None, 0, total)
    flat = np.where(counted, error, -1.0).reshape(-1)
    i = int(np.argmax(flat))
    return CheckResult(spec, order, float(flat[i]), where(i), int(counted.sum()),
                       total - int(counted.sum()))


def check(act: Activation, x: np.ndarray, order: int = 1) -> CheckResult:
    """Compare ``act``'s derivative of ``order`` with finite differences at the points ``x``."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    x = x[np.isfinite(x)]
    base: Callable[[np.ndarray], np.ndarray] = act if order == 1 else act.grad
    with np.errstate(all="ignore"):
        h = steps(x)
        grid = x[:, None] + h[:, None] * _OFFSETS[None, :]
        values = np.asarray(base(grid.reshape(-1)), dtype=np.float64).reshape(grid.shape)
        central, smooth = differences(values, h)
        analytic = np.asarray(act.grad(x, order=order), dtype=np.float64)
        error = _relative(analytic, central)
    counted = (_away_from_kinks(act, x, h) & smooth & np.isfinite(analytic)
               & np.isfinite(central))
    return _result(act.spec, order, error, counted, lambda i: float(x[i]))


def check_jacobian(act: VectorActivation, x: np.ndarray) -> CheckResult:
    """Compare the Jacobian of a vector activation at ``x`` with finite differences, one
    input at a time; entries not smooth at the step's scale are skipped."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    h = steps(x)
    with np.errstate(all="ignore"):
        analytic = np.asarray(act.grad(x), dtype=np.float64)
        columns = []
        for j in range(x.size):
            shifted = np.repeat(x[None, :], _OFFSETS.size, axis=0)
            shifted[:, j] += h[j] * _OFFSETS
            values = np.asarray(act(shifted), dtype=np.float64).T  # (outputs, offsets)
            columns.append(differences(values, np.full(values.shape[0], h[j])))
        central = np.stack([c[0] for c in columns], axis=1)
        smooth = np.stack([c[1] for c in columns], axis=1)
        error = _relative(analytic, central)
    counted = smooth & np.isfinite(error)
    at = tuple(float(v) for v in x)
    return _result(act.spec, 1, error, counted, lambda i: at)
