"""Evaluating a bound expression tree with exact first and second derivatives.

Forward mode with second-order jets: every node yields ``[v, v′, v″]`` (truncated to the order
asked for), and the chain rule ``h′ = g′(u)·u′, h″ = g″(u)·u′² + g′(u)·u″`` carries them through
each function. A derivative that is exactly zero is ``None`` and one that does not depend on x is
a Python float; products with 0 and 1 are skipped, so ``x*sigmoid(1.702*x)`` costs and rounds
like a hand-written ``σ(u) + x·1.702·σ′(u)``. Catalogue calls use the catalogue's own f, f′, f″
(the bound :class:`~actfn_cli.core.activation.Activation`); the language's own functions use the
stable forms below. Rounding: each derivative is a few ulp of the terms it is summed from;
where those terms cancel (f″ of ``sqrt(1 + x**2)`` at large |x|: two terms of size 1/|x| leave
1/|x|³) the relative error grows by that ratio, exactly as for the hand-written chain rule.

Rules applied to the final result (:func:`run`), for values and both derivatives:
- NaN in → NaN out; where the value is NaN, the derivatives are NaN too;
- ``where(cond, a, b)`` takes the jet of the chosen branch; a comparison with a NaN operand
  makes the result NaN (its condition is undefined);
- at x = ±∞ a result that comes out NaN (an indeterminate form such as ∞·0 inside, as in
  ``x*sigmoid(x)`` at −∞) is replaced by the limit read off the values at x = ±10⁴, ±10⁸, …,
  ±10²⁵⁶: the first value on which two consecutive points agree, ±∞ when the values grow
  monotonically without settling (by a factor ≥ 10⁸), NaN otherwise (no limit, e.g. sin);
- at a finite |x| ≥ 10⁴ a NaN from an overflowed intermediate (``exp(-x**2)``′ at 10³⁰⁸) is
  replaced by that limit when it is finite (the true value has underflowed to it); an infinite
  limit is not used there, since the true value may be finite, and the NaN stays.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from functools import reduce
from itertools import pairwise
from typing import Any

import numpy as np

from .expr_parse import Node
from .special import erf, erfc

Jet = list  # [value, first derivative, second derivative], derivatives None | float | array
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_FAR = 10.0 ** np.array([4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0])
_CMP: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne}


# --------------------------------------------------------------------------- derivative terms
def _mul(a: Any, b: Any) -> Any:
    """a·b where None is an exact 0 and a float 1.0 an exact 1."""
    if a is None or b is None:
        return None
    if isinstance(a, float) and isinstance(b, float):
        return a * b or None
    if isinstance(a, float):
        return b if a == 1.0 else (a * b if a else None)
    if isinstance(b, float):
        return a if b == 1.0 else (a * b if b else None)
    return a * b


def _add(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else a + b


def _neg(a: Any) -> Any:
    return None if a is None else -a


def _div(a: Any, b: Any) -> Any:
    return None if a is None else a / b


# --------------------------------------------------------------------------- jet algebra
def _j_add(p: Jet, q: Jet) -> Jet:
    return [p[0] + q[0], *(_add(a, b) for a, b in zip(p[1:], q[1:]))]


def _j_sub(p: Jet, q: Jet) -> Jet:
    return [p[0] - q[0], *(_add(a, _neg(b)) for a, b in zip(p[1:], q[1:]))]


def _j_mul(p: Jet, q: Jet) -> Jet:
    out = [p[0] * q[0]]
    if len(p) > 1:
        out.append(_add(_mul(p[1], q[0]), _mul(p[0], q[1])))
    if len(p) > 2:
        out.append(_add(_add(_mul(p[2], q[0]), _mul(2.0, _mul(p[1], q[1]))), _mul(p[0], q[2])))
    return out


def _j_div(p: Jet, q: Jet) -> Jet:
    v = p[0] / q[0]
    out = [v]
    if len(p) > 1:  # (p′ − v·q′)/q and (p″ − 2·v′·q′ − v·q″)/q
        out.append(_div(_add(p[1], _neg(_mul(v, q[1]))), q[0]))
    if len(p) > 2:
        out.append(_div(_add(p[2], _neg(_add(_mul(2.0, _mul(out[1], q[1])), _mul(v, q[2])))),
                        q[0]))
    return out


def _chain(g: list, u: Jet) -> Jet:
    """h = g(u): g holds g(u), g′(u), g″(u) as far as needed."""
    out = [g[0]]
    if len(u) > 1:
        out.append(_mul(g[1], u[1]))
    if len(u) > 2:
        out.append(_add(_mul(g[2], _mul(u[1], u[1])), _mul(g[1], u[2])))
    return out


def _j_select(p: Jet, q: Jet, take_p: Any, take_q: Any, tie: bool = False) -> Jet:
    """Derivatives of the argument chosen by the masks; where neither mask holds, the mean
    of both if ``tie``, else 0."""
    out = []
    for a, b in zip(p[1:], q[1:]):
        if a is None and b is None:
            out.append(None)
            continue
        a = 0.0 if a is None else a
        b = 0.0 if b is None else b
        r = np.where(take_p, a, np.where(take_q, b, 0.5 * (a + b) if tie else 0.0))
        out.append(r)
    return out


# --------------------------------------------------------------------------- the functions
def _exp_neg_sq(u: np.ndarray) -> np.ndarray:
    """exp(−u²) to ~2 ulp: u = hi + lo with hi of 24 bits, so hi² is exact."""
    a = np.minimum(np.abs(u), 40.0)  # exp(−1600) is 0; NaN stays NaN
    hi = a.astype(np.float32).astype(np.float64)
    return np.exp(-hi * hi) * np.exp(-(a - hi) * (a + hi))


def _d_tanh(u, t):
    e = np.exp(-2.0 * np.abs(u))
    g1 = 4.0 * e / ((1.0 + e) * (1.0 + e))  # never 1 − tanh², which cancels
    return g1, -2.0 * t * g1


def _d_arctan(u, _):
    """1/(1+u²) and −2u/(1+u²)², in w = 1/u for |u| > 1: nothing overflows or underflows."""
    big = np.abs(u) > 1.0
    w = np.where(big, 1.0 / u, u)
    q = 1.0 / (1.0 + w * w)
    return np.where(big, w * w * q, q), -2.0 * q * q * np.where(big, w ** 3, u)


def _d_arcsinh(u, _):
    """1/√(1+u²) and −u/(1+u²)^{3/2}, in w = 1/|u| for |u| > 1."""
    a = np.abs(u)
    big = a > 1.0
    w = np.where(big, 1.0 / a, a)
    s = 1.0 / np.sqrt(1.0 + w * w)
    return np.where(big, w * s, s), -np.sign(u) * np.where(big, w * w, a) * s ** 3


def _d_arcsin(u, _, sign=1.0):
    g1 = sign / np.sqrt((1.0 - u) * (1.0 + u))  # (1−u)(1+u): no cancellation as in 1 − u²
    return g1, u * g1 ** 3


def _d_erf(u, _, sign=1.0):
    g1 = sign * _TWO_OVER_SQRT_PI * _exp_neg_sq(u)
    return g1, -2.0 * u * g1


def _d_log(u, _, shift=0.0):
    r = 1.0 / (u + shift) if shift else 1.0 / u
    return r, -r * r


def _d_sqrt(u, s):
    g1 = 0.5 / s
    return g1, -0.5 * g1 / u


def _d_tan(u, t):
    s = 1.0 + t * t
    return s, 2.0 * t * s


def _d_arctanh(u, _):
    g1 = 1.0 / ((1.0 - u) * (1.0 + u))
    return g1, 2.0 * u * g1 * g1


def _d_expm1(u, _):
    e = np.exp(u)
    return e, e


# name -> (f, derivatives(u, f(u)) -> (f′(u), f″(u)))
KERNELS: dict[str, tuple[Callable[..., Any], Callable[..., tuple[Any, Any]]]] = {
    "exp": (np.exp, lambda u, g: (g, g)),
    "expm1": (np.expm1, _d_expm1),
    "log": (np.log, _d_log),
    "log1p": (np.log1p, lambda u, g: _d_log(u, g, 1.0)),
    "sqrt": (np.sqrt, _d_sqrt),
    "sin": (np.sin, lambda u, g: (np.cos(u), -g)),
    "cos": (np.cos, lambda u, g: (-np.sin(u), -g)),
    "tan": (np.tan, _d_tan),
    "sinh": (np.sinh, lambda u, g: (np.cosh(u), g)),
    "cosh": (np.cosh, lambda u, g: (np.sinh(u), g)),
    "tanh": (np.tanh, _d_tanh),
    "arcsin": (np.arcsin, _d_arcsin),
    "arccos": (np.arccos, lambda u, g: _d_arcsin(u, g, -1.0)),
    "arctan": (np.arctan, _d_arctan),
    "arcsinh": (np.arcsinh, _d_arcsinh),
    "arctanh": (np.arctanh, _d_arctanh),
    "erf": (erf, _d_erf),
    "erfc": (erfc, lambda u, g: _d_erf(u, g, -1.0)),
    # abs′(0) = 0 and sign′ = 0, as in PyTorch and JAX.
    "abs": (np.abs, lambda u, g: (np.sign(u), None)),
    "sign": (np.sign, lambda u, g: (None, None)),
}


def _power(u: Jet, c: float) -> Jet:
    """u**c for a constant c, with u**0 = 1 (its derivatives exactly 0) and u**2 = u·u."""
    n = len(u) - 1
    if c == 0.0:
        return [np.power(u[0], 0.0), *[None] * n]
    if c == 2.0:
        return _chain([u[0] * u[0], 2.0 * u[0], 2.0], u)
    g = [np.power(u[0], c)]
    if n:
        g += [c * np.power(u[0], c - 1.0), c * (c - 1.0) * np.power(u[0], c - 2.0)]
    return _chain(g, u)


def _exp_of(v: Any, p: Jet) -> Jet:
    """v = exp(P) given v and the jet of P: v′ = v·P′, v″ = v·(P″ + P′²)."""
    out = [v]
    if len(p) > 1:
        out.append(_mul(v, p[1]))
    if len(p) > 2:
        out.append(_mul(v, _add(p[2], _mul(p[1], p[1]))))
    return out


# --------------------------------------------------------------------------- evaluation
def evaluate(node: Node, x: np.ndarray, n: int) -> Jet:
    """The jet of ``node`` at the points ``x`` (1-D float64), up to derivative order ``n``."""
    kind = node.kind
    if kind == "num":  # a NumPy scalar: IEEE arithmetic (1/0 = inf), never ZeroDivisionError
        return [np.float64(node.value), *[None] * n]
    if kind == "x":
        return [x, 1.0, None][:n + 1]
    if kind == "neg":
        return [_neg(t) for t in evaluate(node.args[0], x, n)]
    if kind in ("add", "sub", "mul", "div", "pow"):
        p, q = (evaluate(a, x, n) for a in node.args)
        if kind == "pow":  # u**w = exp(w·log u), the value from np.power
            log_u = _chain([np.log(p[0]), *_d_log(p[0], None)], p)
            return _exp_of(np.power(p[0], q[0]), _j_mul(q, log_u))
        return {"add": _j_add, "sub": _j_sub, "mul": _j_mul, "div": _j_div}[kind](p, q)
    if kind == "powc":
        return _power(evaluate(node.args[0], x, n), node.value)
    if kind == "cpow":  # c**w with a constant base: (c**w)′ = c**w · ln c · w′
        w = evaluate(node.args[0], x, n)
        return _exp_of(np.power(node.value, w[0]), [None, *(_mul(math.log(node.value)
                       if node.value > 0 else math.nan, t) for t in w[1:])])
    if node.catalogue:
        u = evaluate(node.args[0], x, n)
        act = node.value
        g = [act(u[0])] + [act.grad(u[0], order=k) for k in range(1, n + 1)]
        return _chain(g, u)
    name = node.name
    if name == "where":
        mask, taint = condition(node.args[0], x)
        p, q = (evaluate(a, x, n) for a in node.args[1:])
        out = [np.where(mask, p[0], q[0]), *_j_select(p, q, mask, True)]
        for t in out:
            if isinstance(t, np.ndarray):
                t[taint] = np.nan
        return out
    if name in ("min", "max"):
        return reduce(lambda p, q: _extremum(p, q, name), (evaluate(a, x, n) for a in node.args))
    if name == "clip":
        u = evaluate(node.args[0], x, n)
        lo, hi = node.args[1].value, node.args[2].value
        inside = (u[0] >= lo) & (u[0] <= hi)  # torch.clamp: f′ = 1 at the bounds
        return [np.clip(u[0], lo, hi), *(None if t is None else np.where(inside, t, 0.0)
                                          for t in u[1:])]
    u = evaluate(node.args[0], x, n)
    f, derivatives = KERNELS[name]
    g = f(u[0])
    return _chain([g, *derivatives(u[0], g)] if n else [g], u)


def _extremum(p: Jet, q: Jet, name: str) -> Jet:
    """min/max; at a tie the derivative is the mean of both (as torch.maximum, jnp.maximum)."""
    first = p[0] > q[0] if name == "max" else p[0] < q[0]
    second = q[0] > p[0] if name == "max" else q[0] < p[0]
    value = np.maximum(p[0], q[0]) if name == "max" else np.minimum(p[0], q[0])
    return [value, *_j_select(p, q, first, second, tie=True)]


def condition(node: Node, x: np.ndarray) -> tuple[Any, Any]:
    """(mask, taint): where the condition holds, and where it compares a NaN."""
    kind = node.kind
    if kind == "bool":
        return node.value, False
    if kind == "cmp":
        values = [evaluate(a, x, 0)[0] for a in node.args]
        mask = reduce(operator.and_, (_CMP[op](a, b) for op, a, b in
                                      zip(node.value, values, values[1:])))
        return mask, reduce(operator.or_, (np.isnan(v) for v in values))
    if kind == "not":
        mask, taint = condition(node.args[0], x)
        return np.logical_not(mask), taint
    (m1, t1), (m2, t2) = (condition(a, x) for a in node.args)
    return (m1 & m2 if kind == "and" else m1 | m2), t1 | t2


def _fresh(t: Any, x: np.ndarray) -> np.ndarray:
    if t is None:
        return np.zeros(x.shape)
    return np.array(np.broadcast_to(t, x.shape), dtype=np.float64)


def settle(values: np.ndarray) -> float:
    """The limit of a sequence of values at growing |x| (see the module docstring)."""
    for a, b in pairwise(values):
        if a == b or abs(a - b) <= 1e-14 * max(abs(a), abs(b)):
            return float(b)
    mag = np.abs(values)
    if (not np.isnan(values).any() and values[-1] != 0
            and (np.sign(values) == np.sign(values[-1])).all()
            and (np.diff(mag) > 0).all() and mag[-1] >= 1e8 * mag[0]):
        return math.copysign(math.inf, values[-1])
    return math.nan


def run(tree: Node, x: np.ndarray, order: int) -> np.ndarray:
    """f (order 0), f′ or f″ of the tree at x as a new float64 array, with the rules above."""
    with np.errstate(all="ignore"):
        jet = evaluate(tree, x, order)
        out = _fresh(jet[order], x)
        value = _fresh(jet[0], x) if order else out
        for sign in (-1.0, 1.0):
            at = x == sign * math.inf
            huge = (sign * x >= _FAR[0]) & ~at  # finite, where intermediates may overflow
            if not ((at | huge) & (np.isnan(value) | np.isnan(out))).any():
                continue
            far = evaluate(tree, sign * _FAR, order)
            for arr, k in ((value, 0), (out, order)):
                limit = settle(_fresh(far[k], _FAR))
                # at a huge finite x a NaN (∞·0 inside) becomes a finite limit, which the true
                # value has underflowed to; an infinite limit could hide a finite value there
                fix = (at | huge if math.isfinite(limit) else at) & np.isnan(arr)
                arr[fix] = limit
        if order:
            out[np.isnan(value)] = np.nan
        out[np.isnan(x)] = np.nan
    return out
