"""Numerical primitives behind :mod:`.analysis`: evaluation, break points, limits, extrema.

Everything works from ``act(x)``, ``act.grad(x)`` and ``act.grad(x, order=2)`` on float64
arrays; the methods and tolerances are stated in :mod:`.analysis` and in each docstring here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .activation import Activation
from .errors import ComputationError

GRAD_FLOOR = 1e-3  # |f′| below this counts as saturated
STEP = 2.0 ** -7
SCAN = np.arange(-20 * 128, 20 * 128 + 1) * STEP  # the uniform grid scanned for breaks
FAR = 10.0 ** np.arange(20, 301, 20)  # where limits are read when f(±inf) is NaN
BIG = 1e50  # a far value beyond this in size means unbounded
_PROBES = np.array([2.0 ** -6, 2.0 ** -3, 0.5, 1.0, 2.0, 4.0, 8.0])
_POINTS = 4096  # points per evaluation when narrowing many brackets at once
_SCALES = 2.0 ** np.array([-14.0, -18.0, -22.0])
_SCAN_TAU = (1e-6, 1e-6, 1e-6, 1e-4)  # scan: a step this large (relative to 1 + |g|) is looked at
_TAU = (1e-11, 1e-11, 1e-11, 1e-4)  # confirmed: a step this large that stays over δ is a jump

Candidate = tuple[float, float, bool, Any]  # value, x, attained, (lo, hi) of a constant piece


class Evaluator:
    """f, f′, f″ and a finite-difference f‴ of one activation, as float64 arrays."""

    def __init__(self, act: Activation) -> None:
        self.act = act
        try:
            act.grad(np.zeros(1), order=2)
            self.exact2 = True
        except ComputationError:  # a user activation without f″: difference f′ instead
            self.exact2 = False

    def __call__(self, order: int, x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        with np.errstate(all="ignore"):
            if order == 0:
                return np.asarray(self.act(x), dtype=np.float64)
            if order == 1 or (order == 2 and self.exact2):
                return np.asarray(self.act.grad(x, order=order), dtype=np.float64)
            h = np.ldexp(1.0, np.frexp(np.maximum(np.abs(x), 1.0))[1] - 27)
            return (self(order - 1, x + h) - self(order - 1, x - h)) / (2.0 * h)


# --------------------------------------------------------------------------- break points
def _steps(g: np.ndarray, tau: float) -> np.ndarray:
    """Scan intervals where g steps: its change d_i stands out of the mean of d_(i±2) by
    more than tau·(1 + |g|) and is a local peak of that excess (a step shared by two
    intervals, when g at a break takes a middle value, gives two peaks), or g turns infinite
    there (a pole)."""
    with np.errstate(all="ignore"):
        d = np.diff(g)
        r = np.zeros_like(d)
        r[2:-2] = np.abs(d[2:-2] - 0.5 * (d[:-4] + d[4:]))
        a, b = g[:-1], g[1:]
        pole = (np.isinf(a) != np.isinf(b)) | (a * b == -np.inf)
        r[~(pole | (r > tau * (1.0 + np.abs(a) + np.abs(b))))] = 0.0
        r[pole] = np.inf
    padded = np.concatenate([[0.0], r, [0.0]])
    return np.flatnonzero((r > 0) & (r >= padded[:-2]) & (r >= padded[2:]))


def _sections(n: int) -> np.ndarray:
    """Interior cut points of [0, 1] into 2^k parts, 4 ≤ 2^k ≤ 256, about _POINTS in all."""
    parts = 2 ** int(np.clip(np.log2(_POINTS / max(n, 1)), 2, 8))
    return np.arange(1, parts) / parts


def _locate(ev: Evaluator, order: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Narrow each [a, b] to the section where g changes most, down to 2^-64 of it."""
    ga, gb = ev(order, a), ev(order, b)
    cuts = _sections(a.size)
    for _ in range(int(np.ceil(64 / np.log2(cuts.size + 1)))):
        x = a[:, None] + (b - a)[:, None] * cuts
        g = np.concatenate([ga[:, None], ev(order, x.ravel()).reshape(x.shape), gb[:, None]], 1)
        j = np.nanargmax(np.nan_to_num(np.abs(np.diff(g, axis=1)), nan=-1.0), axis=1)
        x = np.concatenate([a[:, None], x, b[:, None]], 1)
        rows = np.arange(a.size)
        a, b, ga, gb = x[rows, j], x[rows, j + 1], g[rows, j], g[rows, j + 1]
    return 0.5 * (a + b)


def _jumps(ev: Evaluator, order: int, p: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """Whether g = f^(order) jumps at each p: the step g(p+δ) − g(p−δ) is large and steady
    (within 2×) over δ = 2^-14, 2^-18, 2^-22 times max(1, |p|); a continuous g shrinks it 16×
    per step. At ``exact`` (declared) points the trapezoid part δ·(g′(p−δ) + g′(p+δ)) is taken
    off first, so a step of 1e-11 of the size stands out of any slope; elsewhere the location
    is only as good as a bisection and a kink of g beside p would pass that test, so the plain
    step must exceed 1e-6 (1e-4 for f‴)."""
    s = np.maximum(1.0, np.abs(p))[:, None] * _SCALES
    x = np.concatenate([(p[:, None] - s).ravel(), (p[:, None] + s).ravel()])
    g = ev(order, x).reshape(2, *s.shape)
    with np.errstate(all="ignore"):
        jump = g[1] - g[0]
        tau = np.where(exact, _TAU[order], _SCAN_TAU[order])[:, None]
        if order < 3:
            trapezoid = s * ev(order + 1, x).reshape(2, *s.shape).sum(axis=0)
            jump = np.where(exact[:, None], jump - trapezoid, jump)
        jump = np.abs(jump)
        jump[np.isnan(jump)] = 0.0
        big = jump[:, 2] > tau[:, 0] * (1.0 + np.abs(g[0, :, 2]) + np.abs(g[1, :, 2]))
        steady = (jump[:, 1] >= 0.5 * jump[:, 0]) & (jump[:, 2] >= 0.5 * jump[:, 1])
    return big & steady


def breaks(ev: Evaluator, declared: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Break points (declared or found) and, at each, the lowest order of f that jumps
    there (4 where f..f‴ are all continuous: a declared point that is not a break).

    A scan of f^(k) locates its steps and keeps those where f^(k) itself jumps; they join
    (scans of f, f′, f″, f‴ in that order of precision) unless a declared or earlier point
    lies within 2^-13·max(1, |p|): one point per break."""
    points = sorted(set(declared))
    for order in range(4):
        idx = _steps(ev(order, SCAN), _SCAN_TAU[order])
        if idx.size == 0:
            continue
        found = _locate(ev, order, SCAN[idx], SCAN[idx + 1])
        digits = 7 if order == 3 else 12  # f‴ is located to ~1e-8 only
        snap = np.round(found, digits)
        found = np.where(np.abs(found - snap) <= 10.0 ** -digits
                         * np.maximum(1.0, np.abs(found)), snap, found)
        found = found[_jumps(ev, order, found, np.zeros(found.size, dtype=bool))]
        for q in found.tolist():
            if all(abs(q - r) > 2.0 ** -13 * max(1.0, abs(q)) for r in points):
                points.append(q)
    cand = np.array(sorted(points), dtype=np.float64)
    exact = np.isin(cand, declared)
    order_of = np.full(cand.size, 4)
    for order in (3, 2, 1, 0):
        if cand.size:
            order_of[_jumps(ev, order, cand, exact)] = order
    keep = exact | (order_of < 4)
    return cand[keep], order_of[keep]


# --------------------------------------------------------------------------- pieces and ends
def pieces(points: np.ndarray) -> list[tuple[float, float]]:
    """The open intervals between consecutive break points, from -inf to inf."""
    edges = [-math.inf, *points.tolist(), math.inf]
    return list(zip(edges[:-1], edges[1:]))


def _probes(a: float, b: float) -> np.ndarray:
    if math.isinf(a) and math.isinf(b):
        return np.concatenate([-_PROBES, [0.0], _PROBES])
    if math.isinf(a):
        return b - _PROBES
    if math.isinf(b):
        return a + _PROBES
    return a + (b - a) * np.arange(1, 8) / 8.0


def flat(ev: Evaluator, order: int, parts: list[tuple[float, float]]) -> list[tuple]:
    """The pieces where f^(order) is constant, as (lo, hi, value): f^(order+1) = 0 exactly and
    f^(order) equal within 4 ulp at 7 probes. The pieces are analytic between the breaks, so
    probes near the finite end decide it where nothing has underflowed."""
    out = []
    for a, b in parts:
        x = _probes(a, b)
        g, dg = ev(order, x), ev(order + 1, x)
        if np.all(dg == 0) and np.all(np.abs(g - g[0]) <= 4 * np.spacing(np.abs(g[0]))):
            out.append((a, b, float(g[0])))
    return out


def _limit(at_inf: float, far: np.ndarray, tail: np.ndarray) -> tuple[float, np.ndarray | None]:
    """The limit of g at one end: g(±inf); else the far samples when they converge (to 1e-9
    relative; below 1e-100 in size counts as 0) or all pass ±1e50; else, when every far sample
    is NaN (an overflow inside g), the outermost finite grid values ``tail`` when they
    converge. (nan, far) when there is no limit."""
    if not math.isnan(at_inf):
        return float(at_inf), None
    for values in (far, tail[~np.isnan(tail)][-8:] if np.isnan(far).all() else far):
        if values.size < 2:
            continue
        last = float(values[-1])
        with np.errstate(all="ignore"):
            if math.isfinite(last) and np.all(np.abs(values - last) <= 1e-9 * (1 + abs(last))):
                return (0.0 if abs(last) < 1e-100 else last), None
    if np.all(far > BIG):
        return math.inf, None
    if np.all(far < -BIG):
        return -math.inf, None
    return math.nan, far


def ends(ev: Evaluator, order: int, x: np.ndarray, g: np.ndarray) -> list[tuple]:
    """(limit, far samples or None) of g = f^(order) at -inf and at +inf; ``g`` holds its
    values on the sorted grid ``x`` (|x| ≥ 20 is the tail used when far samples are NaN)."""
    at = ev(order, np.concatenate([[-math.inf, math.inf], -FAR, FAR]))
    k = FAR.size
    left, right = x <= -20.0, x >= 20.0
    return [_limit(at[0], at[2:2 + k], g[left][::-1]), _limit(at[1], at[2 + k:], g[right])]


def end_candidates(limits: list, transform: Callable) -> list[Candidate]:
    """Candidates from the two ends: a limit (not attained), or with no limit the largest far
    sample (attained there; +inf, not attained, when it exceeds 1e50)."""
    out: list[Candidate] = []
    for side, (value, far) in zip((-1.0, 1.0), limits):
        if far is not None and np.isnan(far).all():  # f undefined on that side
            continue
        if far is None:
            out.append((float(transform(np.array(value))), side * math.inf, False, None))
            continue
        t = transform(far)
        i = int(np.nanargmax(t))
        out.append((math.inf, side * math.inf, False, None) if t[i] > BIG
                   else (float(t[i]), float(side * FAR[i]), True, None))
    return out


# --------------------------------------------------------------------------- extrema
def bisect(fn: Callable[[np.ndarray], np.ndarray], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Roots of fn (> 0 at a, < 0 at b), cutting the brackets into sections until their ends
    are adjacent floats (or 1e-30 apart); an exact zero ends it. Returns a then b."""
    rows = np.arange(a.size)
    cuts = _sections(a.size)
    for _ in range(600):
        if np.all((np.nextafter(a, b) == b) | (np.abs(b - a) <= 1e-30)):
            break
        x = a[:, None] + (b - a)[:, None] * cuts
        v = fn(x.ravel()).reshape(x.shape)
        below = ~(v > 0)
        j = np.where(below.any(axis=1), np.argmax(below, axis=1), x.shape[1])
        x = np.concatenate([a[:, None], x, b[:, None]], 1)
        a, b = x[rows, j], x[rows, j + 1]
        a = np.where(np.concatenate([v, np.ones_like(a[:, None])], 1)[rows, j] == 0, b, a)
    return np.concatenate([a, b])


def extreme(value: Callable, slope: Callable, x: np.ndarray, gs: np.ndarray,
            extra: list[Candidate]) -> dict[str, Any]:
    """The sup of ``value``: the critical points bracketed by the sign changes (+ to −) of
    ``slope`` (its derivative; ``gs`` on the grid ``x``), bisected, and the ``extra``
    candidates. Attained when a finite point reaches it within 1e-12 relative; ``at`` is the
    attaining point nearest 0 (the positive one, then a constant piece, on a tie), ``set``
    the constant piece it lies on."""
    sign = np.sign(gs)
    nz = np.flatnonzero((sign != 0) & np.isfinite(gs))
    turn = (sign[nz[:-1]] > 0) & (sign[nz[1:]] < 0)
    cands = list(extra)
    if turn.any():
        roots = bisect(slope, x[nz[:-1][turn]], x[nz[1:][turn]])
        cands += [(float(v), float(r), True, None) for v, r in zip(value(roots), roots)]
    cands = [c for c in cands if not math.isnan(c[0])]
    if not cands:
        return {"value": math.nan, "attained": False, "at": None, "set": None}
    top = max(c[0] for c in cands)
    tol = 1e-12 * max(1.0, abs(top)) if math.isfinite(top) else 0.0
    hits = [c for c in cands if c[0] >= top - tol]
    reached = [c for c in hits if c[2]]
    best = min(reached or hits, key=lambda c: (abs(c[1]), c[1] < 0, c[3] is None))
    return {"value": top, "attained": bool(reached), "at": best[1], "set": best[3]}


def _nearest_zero(a: float, b: float) -> float:
    return 0.0 if a <= 0.0 <= b else (a if a > 0 else b)


def break_candidates(ev: Evaluator, transform: Callable, order: int,
                     points: np.ndarray) -> list[Candidate]:
    """The values at the break points (attained when finite) and at the floats either side
    of them (standing for the one-sided limits, so not counted as attained)."""
    side = np.concatenate([np.nextafter(points, -math.inf), np.nextafter(points, math.inf)])
    at, near = transform(ev(order, points)), transform(ev(order, side))
    return ([(float(v), float(p), bool(np.isfinite(v)), None) for v, p in zip(at, points)]
            + [(float(v), float(p), False, None) for v, p in zip(near, np.tile(points, 2))])


def flat_candidates(flats: list[tuple], transform: Callable) -> list[Candidate]:
    """The constant pieces, attained on their whole interval."""
    return [(float(transform(np.array(v))), _nearest_zero(a, b), True, (a, b))
            for a, b, v in flats]
