"""Sampling grids and plot-ready curves, NumPy only.

A grid is evenly spaced between two finite bounds, computed as ``(a·(n−1−i) + b·i)/(n−1)``
so that points which are simple decimals (−6, −5.5, 0.2...) come out correctly rounded, and it
always contains the activation's kinks and jumps exactly: ``relu′(0)`` is drawn and tabulated
at 0 itself, not at its neighbours.

A :class:`Curve` is what a figure draws: the samples with NaN breaks at every discontinuity
(so no false vertical segment joins the two sides of a jump), the value at each break (a
filled dot) and the one-sided limits that are not attained (hollow dots).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .activation import Activation
from .errors import UsageError

MIN_POINTS = 2
MAX_POINTS = 10_000_000  # 80 MB per float64 array: well beyond any figure or table
BREAK_TOLERANCE = 1e-6  # a jump smaller than this share of the curve's span is not a jump


def check_range(xmin: float, xmax: float, points: int) -> None:
    """Raise :class:`UsageError` unless the bounds and the point count make a grid."""
    for name, value in (("xmin", xmin), ("xmax", xmax)):
        if not math.isfinite(value):
            raise UsageError(f"--{name} must be a finite number (got {value!r})")
    if xmin >= xmax:
        raise UsageError(f"--xmin must be less than --xmax (got {xmin!r} and {xmax!r})")
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise UsageError(f"--points must be between {MIN_POINTS} and {MAX_POINTS:_} "
                         f"(got {points:_})")


def linear_grid(xmin: float, xmax: float, points: int) -> np.ndarray:
    """``points`` evenly spaced values from ``xmin`` to ``xmax``, both included."""
    check_range(xmin, xmax, points)
    i = np.arange(points, dtype=np.float64)
    n = points - 1
    grid = (xmin * (n - i) + xmax * i) / n
    # The end points exactly, whatever the rounding of the products did.
    grid[0], grid[-1] = xmin, xmax
    return grid


def special_points(act: Activation, xmin: float, xmax: float) -> list[float]:
    """The kinks and jumps of ``act`` inside ``[xmin, xmax]``, sorted."""
    if act.is_vector:
        return []
    points = {float(p) for p in (*act.kinks, *act.jumps) if xmin <= p <= xmax}
    return sorted(points)


def sample_grid(xmin: float, xmax: float, points: int,
                acts: Iterable[Activation] = ()) -> np.ndarray:
    """The linear grid plus every kink and jump of ``acts`` in range, sorted and unique."""
    grid = linear_grid(xmin, xmax, points)
    extra = sorted({p for act in acts for p in special_points(act, xmin, xmax)})
    if not extra:
        return grid
    return np.union1d(grid, np.asarray(extra, dtype=np.float64))


def evaluate(act: Activation, x: np.ndarray, order: int) -> np.ndarray:
    """``f`` (order 0), ``f′`` (1) or ``f″`` (2) of an element-wise activation at ``x``."""
    return np.asarray(act(x) if order == 0 else act.grad(x, order=order), dtype=np.float64)


@dataclass(frozen=True)
class Curve:
    """A drawable curve: ``y`` holds NaN where the line must break."""

    x: np.ndarray
    y: np.ndarray
    dots: tuple[tuple[float, float], ...] = ()   # the value at a discontinuity (attained)
    rings: tuple[tuple[float, float], ...] = ()  # one-sided limits there (not attained)


def break_points(act: Activation, order: int, xmin: float, xmax: float) -> list[float]:
    """Where the curve of ``order`` may be discontinuous: the jumps of f, and for the
    derivatives also the kinks (a kink of f is a jump of f′)."""
    points = {float(p) for p in act.jumps}
    if order >= 1:
        points.update(float(p) for p in act.kinks)
    return sorted(p for p in points if xmin <= p <= xmax)


def curve(act: Activation, order: int, x: np.ndarray) -> Curve:
    """The curve of ``act`` (``order`` 0, 1 or 2) over the sorted grid ``x``.

    At each break point ``b`` the left limit ``f(b⁻)``, the value ``f(b)`` and the right limit
    ``f(b⁺)`` are compared (the limits evaluated at the neighbouring floats); where they differ
    the line stops at ``(b, f(b⁻))``, restarts at ``(b, f(b⁺))`` and the value is a dot.
    """
    y = evaluate(act, x, order)
    y[~np.isfinite(y)] = np.nan
    lo, hi = float(x[0]), float(x[-1])
    breaks = break_points(act, order, lo, hi)
    if not breaks:
        return Curve(x, y)
    b = np.asarray(breaks)
    left = evaluate(act, np.nextafter(b, -np.inf), order)
    right = evaluate(act, np.nextafter(b, np.inf), order)
    value = evaluate(act, b, order)
    finite = y[np.isfinite(y)]
    span = float(finite.max() - finite.min()) if finite.size else 1.0
    tol = BREAK_TOLERANCE * (span if span > 0 else 1.0)

    xs, ys = [x], [y]
    dots: list[tuple[float, float]] = []
    rings: list[tuple[float, float]] = []
    for point, fl, fv, fr in zip(breaks, left, value, right):
        at_left, at_right = point == lo, point == hi
        jump_left = not at_left and _differ(fl, fv, tol)
        jump_right = not at_right and _differ(fr, fv, tol)
        if not (jump_left or jump_right):
            continue
        # Replace the sample at the break by: left limit, gap, right limit.
        seg_x, seg_y = [], []
        if not at_left:
            seg_x += [point, point]
            seg_y += [fl, np.nan]
        if not at_right:
            seg_x += [point]
            seg_y += [fr]
        xs.append(np.asarray(seg_x))
        ys.append(np.asarray(seg_y))
        dots.append((point, float(fv)))
        rings += [(point, float(v)) for v, jumped in ((fl, jump_left), (fr, jump_right))
                  if jumped and math.isfinite(v) and _differ(v, fv, tol)]
    xa, ya = np.concatenate(xs), np.concatenate(ys)
    keep = ~np.isin(x, [d[0] for d in dots])
    keep = np.concatenate([keep, np.ones(xa.size - x.size, dtype=bool)])
    xa, ya = xa[keep], ya[keep]
    # Stable sort by x, the gap (NaN) between the two limits of one break kept in place.
    order_ = np.argsort(xa, kind="stable")
    return Curve(xa[order_], ya[order_], tuple(dots), tuple(rings))


def _differ(a: float, b: float, tol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) != math.isnan(b)
    return abs(a - b) > tol
