"""Short trade-off sentences for ``actfn info``, generated from measured properties.

Every sentence is built from the numbers of :func:`.analysis.properties` and says nothing
those numbers do not show: change a number and the sentence changes with it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .measure import GRAD_FLOOR
from .special import ndtr


def _g(v: float) -> str:
    """A number for a sentence: 5 significant digits, ∞ for infinities, no "-0"."""
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    text = f"{v:.5g}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%" if share >= 1e-3 or share == 0 else f"{100 * share:.2g}%"


def interval_text(lo: float, hi: float, closed: bool = False) -> str:
    """An interval of x in words: "x < 0", "x ≥ 6", "-1 < x < 1", "all x"."""
    lt = "≤" if closed else "<"
    if math.isinf(lo) and math.isinf(hi):
        return "all x"
    if math.isinf(lo):
        return f"x {lt} {_g(hi)}"
    if math.isinf(hi):
        return f"x {'≥' if closed else '>'} {_g(lo)}"
    return f"{_g(lo)} {lt} x {lt} {_g(hi)}"


def _reached(at: float | None, where: list | None) -> str:
    if at is None:
        return ""
    return f" for {interval_text(*where, closed=True)}" if where else f" at x = {_g(at)}"


def _range_sentence(p: dict) -> str:
    (lo, hi), (got_lo, got_hi) = p["range"], p["range_attained"]
    if not p["bounded_below"] and not p["bounded_above"]:
        return "unbounded in both directions"
    if p["bounded_below"] and p["bounded_above"]:
        return (f"bounded: outputs in {'[' if got_lo else '('}{_g(lo)}, {_g(hi)}"
                f"{']' if got_hi else ')'}")
    if p["bounded_below"]:
        return (f"bounded below by {_g(lo)}{_reached(p['argmin'], p['argmin_set'])}, "
                f"unbounded above")
    return f"bounded above by {_g(hi)}{_reached(p['argmax'], p['argmax_set'])}, unbounded below"


def _gradient_sentences(p: dict) -> list[str]:
    out = []
    dead = [tuple(z) for z in p["dead_zone"]]
    if dead and p["zero_grad_share"] > 1 - 1e-12:
        out.append("f′ = 0 almost everywhere: no gradient signal to train with")
    for a, b in dead if not out else ():
        share = float(ndtr(np.array([b]))[0] - ndtr(np.array([a]))[0])
        stuck = ": a unit stuck there never recovers" if math.isinf(a) or math.isinf(b) else ""
        out.append(f"dead (f′ = 0) for {interval_text(a, b)}{stuck} "
                   f"({_pct(share)} of N(0, 1) inputs get no gradient)")
    left, right = p["saturation_x"]
    left = None if any(math.isinf(a) for a, _ in dead) else left
    right = None if any(math.isinf(b) for _, b in dead) else right
    if left is not None and right is not None and abs(left + right) <= 0.01 * right:
        out.append(f"saturates for |x| > {_g(right)} (|f′| < {GRAD_FLOOR:g}): gradients "
                   f"vanish in deep stacks")
    elif left is not None or right is not None:
        sides = " and ".join(s for s in (left is not None and f"x < {_g(left)}",
                                         right is not None and f"x > {_g(right)}") if s)
        out.append(f"saturates for {sides} (|f′| < {GRAD_FLOOR:g}): gradients vanish there")
    elif p["saturating"] == "no" and all(math.isfinite(v) and v for v in p["grad_limits"]):
        lo, hi = p["grad_limits"]
        out.append(f"never saturates: f′ → {_g(lo)} as x → -∞ and {_g(hi)} as x → ∞")
    m, where = p["max_grad"], p["max_grad_at"]
    at = (_reached(where, p["max_grad_set"]).strip() if p["max_grad_attained"]
          else f"approached as x → {_g(where)}")
    if 0 < m < 1 - 1e-9:
        out.append(f"max |f′| = {_g(m)} {at}: each layer shrinks gradients by ≥ {_g(1 / m)}× "
                   f"unless the weights make up for it")
    elif m > 1 + 1e-9:
        out.append(f"max |f′| = {_g(m)} {at} (> 1): can amplify gradients")
    return out


def _moment_sentence(p: dict) -> str:
    mean, var = p["normal_mean"], p["normal_var"]
    if math.isnan(mean) or math.isnan(var):
        return f"E and Var under N(0,1) undefined: f is defined on {interval_text(*p['domain'])} only"
    mean = 0.0 if abs(mean) < 1e-12 else mean  # quadrature noise around an exact 0
    if abs(mean) < 5e-4 and abs(var - 1) < 5e-4 and p["zero_grad_share"] < 1 - 1e-12:
        return f"self-normalising: E={abs(mean):.3f}, Var={var:.3f} under N(0,1)"
    text = f"under N(0,1): E = {_g(mean)}, Var = {_g(var)}"
    if abs(mean) >= 0.1:
        text += ": the next layer sees a mean shift"
    return text


def _smoothness(p: dict) -> str:
    c = p["continuity"]
    if c == "inf":
        return "smooth: no kink or jump (f, f′, f″, f‴ continuous; higher orders untested)"
    if c == 3:
        return "no break found up to f‴, though break points are declared"
    what, points, label = {-1: ("jumps", p["jumps"], "discontinuous"),
                           0: ("kinks", p["kinks"], "C⁰"),
                           1: ("f″ jumps", p["curvature_breaks"], "C¹"),
                           2: ("f‴ jumps", p["third_breaks"], "C²")}[c]
    return f"{label}: {what} at x = {', '.join(_g(v) for v in points)}"


def summary(props: dict[str, Any]) -> list[str]:
    """Short trade-off sentences generated from the measured numbers in ``props`` alone."""
    p = props
    out = [_range_sentence(p)]
    if p["monotonic"] == "no":
        dip = p["argmin"] is not None and p["argmin_set"] is None and p["argmin"] not in (
            *p["jumps"], *p["kinks"])
        out.append(f"non-monotonic: dips to {_g(p['range'][0])} at x = {_g(p['argmin'])}"
                   if dip else "non-monotonic")
    out += _gradient_sentences(p)
    out.append(_moment_sentence(p))
    if not p["zero_centered"]:
        out.append(f"not zero-centred: f(0) = {_g(p['f0'])}")
    if p["identity_near_zero"]:
        out.append("≈ identity near 0 (f(0) = 0, f′(0) = 1)")
    if p["symmetry"] != "none":
        out.append(f"{p['symmetry']}: f(-x) = {'-' if p['symmetry'] == 'odd' else ''}f(x)")
    out.append(_smoothness(p))
    return out
