"""Measured properties of an element-wise activation, computed from the function alone.

Only ``act(x)``, ``act.grad(x)``, ``act.grad(x, order=2)`` and the points ``act.kinks`` and
``act.jumps`` are used (declared points are where to look first, never an answer); the
definition's declared range, monotonicity and continuity are never read, so the tests can hold
the two against each other. Methods and tolerances (short forms under ``"method"``):

- Grid: steps of 2^-7 on [-20, 20], 300 log-spaced points per side out to ±1e6, ±2^-30, and
  around every break b the points b ± 2^-k·max(1, |b|) (k = 0..40) and the floats next to b;
  mirrored, so the grid is symmetric.
- Limits at ±∞: ``f(±inf)``; when NaN, the values at ±1e20, ±1e40, ..., ±1e300 if they
  converge (1e-9 relative) or all pass ±1e50; when those are NaN too (an overflow inside f),
  the outermost finite grid values if they converge; else no limit (NaN): the far values
  then count as attained values, or as ±∞ when one passes 1e50 in size.
- Domain: where f is not NaN, taken as one interval, its ends bisected. An end is a candidate
  for the extrema with its value, or ±∞ when f keeps moving by steps that do not shrink as
  the end is approached (2^-8...2^-40 away): a log or a pole. Moments are NaN when the domain
  misses part of [-12, 12].
- Breaks (:func:`.measure.breaks`): f, f′, f″ and f‴ (a central difference of f″ with step
  2^-26·max(1, |x|)) are scanned on the 2^-7 grid for steps (1e-6 of the size; 1e-4 for
  f‴), each located by bisection and kept when the step stays (within 2×) over
  δ = 2^-14, 2^-18, 2^-22 times max(1, |p|) while a continuous g shrinks 16× per step. At
  declared points the slope's trapezoid part is taken off first and a step of 1e-11 of the
  size counts (PyTorch's softplus threshold jumps by 2e-9). Continuity is the order below the
  first derivative that jumps (-1: f, 0: f′, 1: f″, 2: f‴); "inf" only when no break is
  declared or found and f, f′, f″, f‴ are continuous everywhere — higher derivatives are not
  tested, so a declared break where none of the four jumps gives 3 ("at least C³").
- Constant pieces: the pieces between breaks are analytic, so f (or f′) is constant on one
  when f′ = 0 (f″ = 0) exactly at 7 probes near its finite end, where nothing has underflowed.
  They give the dead zone, plateaus of the extrema, and the share of zero gradients under
  N(0, 1) (their Φ mass).
- Extrema (:func:`.measure.extreme`): the sup of f (of −f, of |f′|) is the largest of the
  limits, the values at breaks and domain ends and next to them, the constant pieces, and the
  critical points bracketed by a sign change of the derivative on the grid and bisected to
  adjacent floats, so the value is exact to rounding. Attained when a finite point reaches it
  within 1e-12 relative; the arg is the attaining point nearest 0 (of a plateau's closure).
- Monotonic: f′ ≥ −1e-12·max|f′| at every grid point and no grid step of f falls by more
  than 8 ulp (so jumps count); likewise f′ with f″ for the monotonic derivative.
- Symmetry: f(−x) = ±f(x) within 1e-9 relative (1e-15 absolute) at every grid point.
- Saturation: |f′(±∞)| ≤ 1e-12; the threshold is the first float past the outermost grid
  point where |f′| ≥ 1e-3, bisected.
- Moments under z ~ N(0, 1): 24-point Gauss–Legendre on unit sub-intervals of [-12, 12] split
  at every break, halved until E[f], E[f²], E[f′²] move by < 1e-12 relative (the last move is
  ``moments_error``); the tails beyond |z| = 12 hold 4e-33 of the mass.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np

from .activation import Activation, get
from .errors import ComputationError, UsageError
from .measure import (FAR, GRAD_FLOOR, Evaluator, bisect, break_candidates, breaks,
                      end_candidates, ends, extreme, flat, flat_candidates, pieces)
from .special import ndtr
from .tradeoffs import interval_text, summary

__all__ = ["GRAD_FLOOR", "METHOD", "TABLE_COLUMNS", "properties", "summary", "table_row"]

_POS = np.unique(np.concatenate([np.arange(1, 20 * 128 + 1) * 2.0 ** -7,
                                 np.logspace(np.log10(20.0), 6.0, 300), [2.0 ** -30]]))
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(24)
_cache: dict[Any, tuple[Any, dict]] = {}


# --------------------------------------------------------------------------- measurements
def _grid(points: np.ndarray) -> np.ndarray:
    """The symmetric grid: _POS, and around each break b the points b ± 2^-k·max(1, |b|)
    (k = 0..40) and the floats next to b — all mirrored."""
    around = [np.abs(points)]
    for b in np.abs(points):
        s = max(1.0, b) * 2.0 ** -np.arange(41.0)
        around += [b - s, b + s, np.nextafter([b, b], [-math.inf, math.inf])]
    pos = np.concatenate([_POS, *around])
    pos = np.unique(pos[pos > 0])
    return np.concatenate([-pos[::-1], [0.0], pos])


def _moments(ev: Evaluator, points: np.ndarray) -> dict[str, float]:
    """E[f(z)], Var[f(z)] and E[f′(z)²] for z ~ N(0, 1), by split Gauss–Legendre."""
    edges = np.union1d(np.arange(-12.0, 13.0), points[np.abs(points) < 12.0])
    prev = None
    for _ in range(8):
        half = 0.5 * np.diff(edges)[:, None]
        z = (0.5 * (edges[:-1] + edges[1:]))[:, None] + half * _NODES
        w = (half * _WEIGHTS * np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)).ravel()
        f, d = ev(0, z.ravel()), ev(1, z.ravel())
        with np.errstate(all="ignore"):
            est = np.array([w @ f, w @ (f * f), w @ (d * d)])
            move = math.inf if prev is None else float(
                np.max(np.abs(est - prev) / (1.0 + np.abs(est))))
        if move < 1e-12:
            break
        prev = est
        edges = np.sort(np.concatenate([edges, 0.5 * (edges[:-1] + edges[1:])]))
    with np.errstate(all="ignore"):
        var = float(w @ np.square(f - est[0]))
    return {"normal_mean": float(est[0]), "normal_var": var,
            "normal_grad_sq": float(est[2]), "moments_error": move}


def _saturation(ev: Evaluator, x: np.ndarray, d1: np.ndarray, grad_ends: list) -> list:
    """Per side, the x beyond which |f′| < GRAD_FLOOR (None when f′ does not tend to 0):
    the first float past the outermost grid point where |f′| ≥ GRAD_FLOOR, bisected."""
    out: list[float | None] = []
    for side, (limit, _) in zip((-1.0, 1.0), grad_ends):
        if not abs(limit) <= 1e-12:
            out.append(None)
            continue
        mask = side * x >= 0
        xs, ds = x[mask], np.abs(d1[mask])
        if side < 0:
            xs, ds = xs[::-1], ds[::-1]
        live = np.flatnonzero(ds >= GRAD_FLOOR)
        if live.size == 0:
            out.append(0.0)
            continue
        i = live[-1]
        outer = xs[i + 1] if i + 1 < xs.size else side * FAR[0]
        root = bisect(lambda t: np.abs(ev(1, t)) - GRAD_FLOOR, xs[i:i + 1], np.array([outer]))
        out.append(_snap(float(root[1])))
    return out


def _domain(ev: Evaluator, x: np.ndarray, f: np.ndarray) -> list[float]:
    """[lo, hi]: where f is not NaN, taken as one interval; its ends bisected on the grid."""
    ok = np.flatnonzero(~np.isnan(f))
    if ok.size == 0:
        raise ComputationError("the activation is NaN everywhere: nothing to measure")
    lo, hi = -math.inf, math.inf

    def undefined(t: np.ndarray) -> np.ndarray:
        return np.where(np.isnan(ev(0, t)), 1.0, -1.0)

    if ok[0] > 0:
        lo = float(bisect(undefined, x[ok[0] - 1:ok[0]], x[ok[0]:ok[0] + 1])[1])
    if ok[-1] < x.size - 1:
        hi = float(bisect(lambda t: -undefined(t), x[ok[-1]:ok[-1] + 1],
                          x[ok[-1] + 1:ok[-1] + 2])[0])
    return [lo, hi]


def _edge_candidates(ev: Evaluator, order: int, domain: list[float], transform: Any) -> list:
    """Candidates at the finite ends of the domain for the extrema of f^(order): the value
    there (attained), or ±inf (not attained) when g(end ± 2^-k·s), k = 8, 16, ..., 40, keeps
    moving by steps that do not shrink (a log or pole: g diverges at the edge)."""
    out = []
    for end, inward in ((domain[0], 1.0), (domain[1], -1.0)):
        if math.isinf(end):
            continue
        g = ev(order, end + inward * max(1.0, abs(end)) * 2.0 ** -np.arange(8.0, 41.0, 8.0))
        step = np.abs(np.diff(g))
        if step[-1] > 1e-9 * (1 + abs(g[-1])) and step[-1] >= 0.5 * step[-2]:
            value = math.copysign(math.inf, g[-1] - g[0])
            out.append((float(transform(np.array(value))), end, False, None))
        else:
            at = ev(order, np.array([end]))
            out.append((float(transform(at)[0]), end, bool(np.isfinite(at[0])), None))
    return out


def _snap(v: float) -> float:
    """v rounded to 12 decimals when that moves it by at most 4 ulp (a break point found
    from the float next to it), else v."""
    r = round(v, 12) + 0.0
    return r if abs(r - v) <= 4 * math.ulp(v) else v


def _monotonic(g: np.ndarray, dg: np.ndarray) -> str:
    ok = np.isfinite(g) & np.isfinite(dg)
    g, dg = g[ok], dg[ok]
    tol = 1e-12 * max(1.0, float(np.max(np.abs(dg), initial=0.0)))
    step = np.diff(g)
    slack = 8 * np.spacing(np.maximum(np.abs(g[:-1]), np.abs(g[1:])))
    up = bool(np.all(dg >= -tol) and np.all(step >= -slack))
    down = bool(np.all(dg <= tol) and np.all(step <= slack))
    if up and down:
        return "constant"
    return "non-decreasing" if up else "non-increasing" if down else "no"


def _symmetry(f: np.ndarray) -> str:
    a, b = f, f[::-1]  # f(x) and f(-x): the grid is symmetric
    if np.any(np.isnan(a) != np.isnan(b)):  # the domain itself is not symmetric
        return "none"
    ok = np.isfinite(a) & np.isfinite(b)
    a, b = a[ok], b[ok]
    tol = 1e-9 * np.maximum(np.abs(a), np.abs(b)) + 1e-15
    if np.all(np.abs(a + b) <= tol):
        return "odd"
    if np.all(np.abs(a - b) <= tol):
        return "even"
    return "none"


def _num(v: Any) -> Any:
    """-0.0 as 0.0 (a JSON reader would keep the sign)."""
    return v + 0.0 if isinstance(v, float) else v


# --------------------------------------------------------------------------- properties
def properties(act: Activation | str) -> dict[str, Any]:
    """The measured properties of an element-wise activation, as a JSON-able dict.

    Keys: ``spec``, ``name``, ``domain`` [lo, hi] (where f is not NaN), ``range`` [inf, sup],
    ``range_attained``, ``argmin``/``argmax`` (the attaining x nearest 0; None when not
    attained), ``argmin_set``/``argmax_set`` ([lo, hi] when attained on a whole piece),
    ``bounded_below``/``bounded_above``, ``limits`` [f(−∞), f(+∞)] (NaN: no limit),
    ``monotonic`` and ``monotonic_derivative`` ("non-decreasing", "non-increasing",
    "constant", "no"), ``zero_centered`` (f(0) = 0), ``f0``, ``symmetry`` ("odd", "even",
    "none"), ``continuity`` (-1, 0, 1, 2, 3 or "inf"), ``jumps``, ``kinks``,
    ``curvature_breaks`` (f″ jumps), ``third_breaks`` (f‴ jumps), ``saturating`` ("both",
    "negative", "positive", "no"), ``saturation_x`` [x−, x+] (|f′| < 1e-3 beyond; None where
    f′ does not tend to 0), ``grad_limits`` [f′(−∞), f′(+∞)], ``identity_near_zero``,
    ``max_grad``, ``max_grad_at`` (±inf when only approached there), ``max_grad_attained``,
    ``max_grad_set``, ``dead_zone`` ([[lo, hi], ...] where f′ = 0), ``zero_grad_share``,
    ``normal_mean``, ``normal_var``, ``normal_grad_sq`` (E[f′(z)²]), ``moments_error``,
    ``method``. Infinities are float ``inf``, missing values ``None``. Cached per activation.
    """
    if isinstance(act, str):
        act = get(act)
    if getattr(act, "is_vector", False):
        raise UsageError(f"{act.name} acts along an axis: properties are measured for "
                         f"element-wise activations only")
    defn = getattr(act, "definition", None)
    try:
        key: Any = (id(defn), act)
        hit = _cache.get(key)
    except TypeError:  # an unhashable activation: measured every time
        key, hit = None, None
    if hit is None:
        with np.errstate(all="ignore"):
            hit = (defn, _measure(act))  # the definition is kept alive: its id stays unique
        if key is not None:
            _cache[key] = hit
    return copy.deepcopy(hit[1])


def _measure(act: Activation) -> dict[str, Any]:
    ev = Evaluator(act)
    declared = sorted({float(p) for p in (*(getattr(act, "kinks", ()) or ()),
                                           *(getattr(act, "jumps", ()) or ()))})
    points, order_of = breaks(ev, declared)
    x = _grid(points)
    f, d1, d2 = ev(0, x), ev(1, x), ev(2, x)
    zero = x.size // 2
    parts = pieces(points)
    dead, steady = flat(ev, 0, parts), flat(ev, 1, parts)
    f_ends, d_ends = ends(ev, 0, x, f), ends(ev, 1, x, d1)
    domain = _domain(ev, x, f)

    def range_end(s: float) -> dict[str, Any]:
        def t(v: Any) -> Any:
            return s * v
        return extreme(lambda r: s * ev(0, r), lambda r: s * ev(1, r), x, s * d1,
                       end_candidates(f_ends, t) + break_candidates(ev, t, 0, points)
                       + _edge_candidates(ev, 0, domain, t) + flat_candidates(dead, t))

    lo, hi = range_end(-1.0), range_end(1.0)
    grad = extreme(lambda r: np.abs(ev(1, r)), lambda r: np.sign(ev(1, r)) * ev(2, r),
                   x, np.sign(d1) * d2,
                   end_candidates(d_ends, np.abs) + break_candidates(ev, np.abs, 1, points)
                   + _edge_candidates(ev, 1, domain, np.abs) + flat_candidates(steady, np.abs))
    sat = _saturation(ev, x, d1, d_ends)
    found = order_of[order_of <= 3]
    tol0 = 1e-14 * max(1.0, abs(f[zero - 1]), abs(f[zero + 1]))
    near0 = ev(1, np.array([-(2.0 ** -30), 2.0 ** -30]))
    at = {k: [float(p) for p, o in zip(points, order_of) if o == k] for k in range(4)}
    out = {
        "spec": act.spec,
        "name": act.name,
        "domain": domain,
        "range": [-lo["value"], hi["value"]],
        "range_attained": [lo["attained"], hi["attained"]],
        "argmin": lo["at"] if lo["attained"] else None,
        "argmax": hi["at"] if hi["attained"] else None,
        "argmin_set": list(lo["set"]) if lo["attained"] and lo["set"] else None,
        "argmax_set": list(hi["set"]) if hi["attained"] and hi["set"] else None,
        "bounded_below": bool(-lo["value"] > -math.inf),
        "bounded_above": bool(hi["value"] < math.inf),
        "limits": [f_ends[0][0], f_ends[1][0]],
        "monotonic": _monotonic(f, d1),
        "monotonic_derivative": _monotonic(d1, d2),
        "zero_centered": bool(abs(f[zero]) <= tol0),
        "f0": float(f[zero]),
        "symmetry": _symmetry(f),
        "continuity": int(found.min()) - 1 if found.size else (3 if declared else "inf"),
        "jumps": at[0],
        "kinks": at[1],
        "curvature_breaks": at[2],
        "third_breaks": at[3],
        "saturating": {(True, True): "both", (True, False): "negative",
                       (False, True): "positive", (False, False): "no"}[
                           (sat[0] is not None, sat[1] is not None)],
        "saturation_x": sat,
        "grad_limits": [d_ends[0][0], d_ends[1][0]],
        "identity_near_zero": bool(abs(f[zero]) <= tol0 and np.all(np.abs(near0 - 1) <= 1e-6)),
        "max_grad": grad["value"],
        "max_grad_at": grad["at"],
        "max_grad_attained": grad["attained"],
        "max_grad_set": list(grad["set"]) if grad["set"] else None,
        "dead_zone": [[a, b] for a, b, _ in dead],
        "zero_grad_share": float(sum(ndtr(np.array([b]))[0] - ndtr(np.array([a]))[0]
                                     for a, b, _ in dead)),
        **_moments(ev, points),
        "method": dict(METHOD),
    }
    # No -0.0 anywhere (lists of lists at most: dead_zone).
    return {k: ([[_num(u) for u in v] if isinstance(v, list) else _num(v) for v in val]
                if isinstance(val, list) else _num(val)) for k, val in out.items()}


METHOD = {
    "range": "limits at ±inf, break points, constant pieces and critical points (sign change "
             "of f′ on the grid, bisected to adjacent floats); attained within 1e-12 relative",
    "monotonic": "f′ ≥ -1e-12·max|f′| and steps of f ≥ -8 ulp on the grid (2^-7 on [-20, 20], "
                 "log-spaced to ±1e6, dense around breaks)",
    "continuity": "steps of f, f′, f″, f‴ at declared and scanned points, steady over δ = "
                  "2^-14..2^-22 and above 1e-11 of the size (1e-4 for f‴); 'inf' = no break "
                  "and C³ everywhere (higher orders untested)",
    "saturation": f"|f′(±inf)| ≤ 1e-12; threshold where |f′| falls below {GRAD_FLOOR:g}, "
                  "bisected",
    "moments": "24-point Gauss–Legendre on [-12, 12] split at breaks, halved until 1e-12 "
               "relative",
    "symmetry": "f(-x) = ±f(x) within 1e-9 relative on the grid",
}


# --------------------------------------------------------------------------- comparison table
TABLE_COLUMNS = (
    ("spec", "activation"), ("min", "min"), ("argmin", "argmin"), ("max", "max"),
    ("argmax", "argmax"), ("monotonic", "monotonic"),
    ("monotonic_derivative", "monotonic f′"), ("continuity", "continuity"),
    ("identity_near_zero", "≈ identity at 0"), ("zero_centered", "f(0) = 0"),
    ("symmetry", "symmetry"), ("saturating", "saturating"),
    ("saturation_left", "|f′| < 1e-3 for x <"), ("saturation_right", "|f′| < 1e-3 for x >"),
    ("max_grad", "max |f′|"), ("max_grad_at", "at x"), ("zero_grad_share", "dead share"),
    ("normal_mean", "E[f(z)]"), ("normal_var", "Var[f(z)]"),
)


def table_row(props: dict[str, Any]) -> list[Any]:
    """One row of the comparison table (:data:`TABLE_COLUMNS`, key then header): floats,
    bools, strings; None where a value does not exist (an extremum not attained, a side
    that does not saturate); an arg attained on a whole piece as text ("x ≤ 0").
    ``continuity`` is -1, 0, 1, 2, 3 or "inf"."""
    def where(at: Any, interval: Any) -> Any:
        return interval_text(*interval, closed=True) if interval else at

    cells = dict(props, min=props["range"][0], max=props["range"][1],
                 argmin=where(props["argmin"], props["argmin_set"]),
                 argmax=where(props["argmax"], props["argmax_set"]),
                 max_grad_at=where(props["max_grad_at"], props["max_grad_set"]),
                 saturation_left=props["saturation_x"][0],
                 saturation_right=props["saturation_x"][1])
    return [cells[key] for key, _ in TABLE_COLUMNS]
