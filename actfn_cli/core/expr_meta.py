"""What can be said about an expression without plotting it: its text, LaTeX, kinks, jumps,
smoothness, monotonicity and range.

Kinks and jumps are found where they can be located exactly: a comparison inside ``where()``,
``abs``/``sign``/``min``/``max``/``clip`` and a catalogue activation's own kinks and jumps, when
the argument is affine in x (``relu(2*x - 1)`` has its kink at 0.5). Each such point is then
classified on the whole expression, from its one-sided values and slopes a few ulp either side:
a jump, a kink, or neither (``x*relu(x)`` is C¹ at 0). A piecewise construct whose argument is
not affine (``relu(x**2 - 1)``) cannot be located; ``continuity`` then says so conservatively
(−1 if it could jump, 0 if it could bend). Poles and domain edges of the elementary functions
(1/x, log, sqrt) are not counted as kinks or jumps.

``monotonic`` is proven, not sampled: it is True only when composition rules show the expression
is non-decreasing (sums of non-decreasing terms, positive multiples, increasing functions of
them, catalogue activations that are monotonic at their default parameters).
"""

from __future__ import annotations

import math

import numpy as np

from .expr_eval import run
from .expr_parse import Node, walk

_INCREASING = frozenset({"exp", "expm1", "log", "log1p", "sqrt", "sinh", "tanh", "arcsin",
                         "arctan", "arcsinh", "arctanh", "erf", "sign"})
_DECREASING = frozenset({"erfc", "arccos"})
_PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "add": 5, "sub": 5, "mul": 6, "div": 6,
         "neg": 7, "pow": 8}
_SYMBOL = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}
_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
          "eta": "η", "theta": "θ", "kappa": "κ", "mu": "μ", "nu": "ν", "xi": "ξ", "rho": "ρ",
          "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω"}
_LATEX_FUNCS = frozenset({"exp", "log", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin",
                          "arccos", "arctan"})
_LATEX_CMP = {"<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq", "==": "=", "!=": r"\neq"}


def symbol(name: str) -> str:
    """The Greek letter for a parameter called alpha, beta, ... (else the name)."""
    return _GREEK.get(name, "")


# --------------------------------------------------------------------------- text forms
def unparse(node: Node, outer: int = 0) -> str:
    """Canonical text of a parsed tree (numbers as typed, minimal parentheses)."""
    kind = node.kind
    if kind == "num":
        text = node.name or repr(node.value)
        return f"({text})" if text.startswith("-") and outer > 5 else text
    if kind in ("x", "param"):
        return "x" if kind == "x" else node.name
    prec = _PREC.get(kind, 9)
    if kind == "neg":
        text = "-" + unparse(node.args[0], 7)
    elif kind == "not":
        text = "not " + unparse(node.args[0], 3)
    elif kind in ("and", "or"):
        text = f"{unparse(node.args[0], prec)} {kind} {unparse(node.args[1], prec + 1)}"
    elif kind == "cmp":
        parts = [unparse(node.args[0], 5)]
        for op, arg in zip(node.value, node.args[1:]):
            parts += [op, unparse(arg, 5)]
        text = " ".join(parts)
    elif kind == "pow":
        text = f"{unparse(node.args[0], 9)}**{unparse(node.args[1], 7)}"
    elif kind in _SYMBOL:
        sep = f" {_SYMBOL[kind]} " if kind in ("add", "sub") else _SYMBOL[kind]
        text = f"{unparse(node.args[0], prec)}{sep}{unparse(node.args[1], prec + 1)}"
    else:  # call
        args = [unparse(a) for a in node.args]
        for key, _, value in node.kw:
            if isinstance(value, str):
                quote = "'" if '"' in value else '"'
                args.append(f"{key}={quote}{value}{quote}")
            else:
                args.append(f"{key}={unparse(value)}")
        preset = f"@{node.value}" if node.catalogue and node.value else ""
        return f"{node.name}{preset}({', '.join(args)})"
    return f"({text})" if prec < outer else text


def latex_name(name: str) -> str:
    """A name in mathtext: Greek letters as such, one letter in italics, else upright."""
    if name in _GREEK:
        return "\\" + name
    escaped = name.replace("_", r"\_")
    return name if len(name) == 1 else rf"\mathrm{{{escaped}}}"


def _latex_number(text: str) -> str:
    mantissa, _, exponent = text.lower().partition("e")
    if not exponent:
        return mantissa
    power = f"10^{{{int(exponent)}}}"
    return power if float(mantissa) == 1 else rf"{mantissa}\times{power}"


def latex(node: Node, outer: int = 0) -> str:
    """A mathtext-compatible LaTeX form of a parsed tree."""
    kind = node.kind
    if kind == "num":
        return {"pi": r"\pi", "e": "e"}.get(node.name) or _latex_number(node.name)
    if kind in ("x", "param"):
        return "x" if kind == "x" else latex_name(node.name)
    prec = _PREC.get(kind, 9)
    a = node.args
    if kind == "neg":
        text = "-" + latex(a[0], 7)
    elif kind == "not":
        text = r"\neg " + latex(a[0], 3)
    elif kind in ("and", "or"):
        joint = r" \wedge " if kind == "and" else r" \vee "
        text = latex(a[0], prec) + joint + latex(a[1], prec + 1)
    elif kind == "cmp":
        text = latex(a[0], 5) + "".join(f" {_LATEX_CMP[op]} {latex(b, 5)}"
                                        for op, b in zip(node.value, a[1:]))
    elif kind == "div":
        return rf"\frac{{{latex(a[0])}}}{{{latex(a[1])}}}"
    elif kind == "pow":
        text = f"{{{latex(a[0], 9)}}}^{{{latex(a[1])}}}"
    elif kind in ("add", "sub"):
        text = f"{latex(a[0], prec)} {'+' if kind == 'add' else '-'} {latex(a[1], prec + 1)}"
    elif kind == "mul":
        joint = r"\," if a[0].kind == "num" and a[1].kind != "num" else r" \cdot "
        text = f"{latex(a[0], prec)}{joint}{latex(a[1], prec + 1)}"
    elif node.name == "abs" and not node.catalogue:
        return rf"\left|{latex(a[0])}\right|"
    elif node.name == "sqrt" and not node.catalogue:
        return rf"\sqrt{{{latex(a[0])}}}"
    else:
        name = node.name
        head = ("\\" + name if name in _LATEX_FUNCS and not node.catalogue else
                r"\sigma" if name == "sigmoid" else latex_name(name))
        if node.catalogue and node.value:
            head += rf"_{{\mathrm{{{node.value}}}}}"
        args = [latex(arg) for arg in a]
        args += [latex_name(k) + "=" + (latex_name(v) if isinstance(v, str) else latex(v))
                 for k, _, v in node.kw]
        return rf"{head}\left({', '.join(args)}\right)"
    return rf"\left({text}\right)" if prec < outer else text


# --------------------------------------------------------------------------- kinks and jumps
def affine(node: Node) -> tuple[float, float] | None:
    """(a, b) when the bound tree is a·x + b, else None."""
    kind = node.kind
    if kind == "num":
        return 0.0, node.value
    if kind == "x":
        return 1.0, 0.0
    parts = [affine(a) for a in node.args] if kind in ("neg", "add", "sub", "mul", "div") else []
    if not parts or None in parts:
        return None
    if kind == "neg":
        return -parts[0][0], -parts[0][1]
    (a1, b1), (a2, b2) = parts
    if kind in ("add", "sub"):
        s = 1.0 if kind == "add" else -1.0
        return a1 + s * a2, b1 + s * b2
    if kind == "mul" and (a1 == 0 or a2 == 0):
        return (a1 * b2, b1 * b2) if a2 == 0 else (a2 * b1, b1 * b2)
    if kind == "div" and a2 == 0 and b2 != 0:
        return a1 / b2, b1 / b2
    return None


def _crossings(left: Node, right: Node, levels: list[float]) -> list[float] | None:
    """x where left − right equals each level (None when not affine in x)."""
    p, q = affine(left), affine(right)
    if p is None or q is None:
        return None
    slope, offset = p[0] - q[0], p[1] - q[1]
    return [(level - offset) / slope + 0.0 for level in levels] if slope else []  # no −0.0


def _candidates(tree: Node) -> tuple[list[float], set[str], list[float]]:
    """Points where something may break, what could not be located, catalogue continuities."""
    points: list[float] = []
    unlocated: set[str] = set()
    catalogue: list[float] = []
    zero = Node("num", 0, value=0.0)

    def add(found: list[float] | None, kind: str) -> None:
        if found is None:
            unlocated.add(kind)
        else:
            points.extend(found)

    for n in walk(tree):
        if n.kind == "cmp":  # a comparison can only sit inside where(): a switch
            for a, b in zip(n.args, n.args[1:]):
                add(_crossings(a, b, [0.0]), "jump")
        if n.kind != "call":
            continue
        if n.catalogue:
            act = n.value
            catalogue.append(act.continuity)
            levels = [float(k) for k in (*act.kinks, *act.jumps)]
            if levels:
                add(_crossings(n.args[0], zero, levels), "jump" if act.jumps else "kink")
        elif n.name in ("abs", "sign"):
            add(_crossings(n.args[0], zero, [0.0]), "kink" if n.name == "abs" else "jump")
        elif n.name == "clip":
            add(_crossings(n.args[0], zero, [n.args[1].value, n.args[2].value]), "kink")
        elif n.name in ("min", "max"):
            for i, a in enumerate(n.args):
                for b in n.args[i + 1:]:
                    add(_crossings(a, b, [0.0]), "kink")
    return points, unlocated, catalogue


def _classify(tree: Node, points: list[float]) -> list[str | None]:
    """'jump', 'kink' or None for each point, from the one-sided values and slopes of the
    whole expression a few ulp either side (all points in one evaluation)."""
    x0 = np.array(points)
    delta = 4.0 * np.spacing(np.abs(x0))
    pts = np.stack([x0 - delta, x0 + delta], axis=1).reshape(-1)
    f, f1, f2 = (run(tree, pts, k).reshape(-1, 2) for k in (0, 1, 2))
    out: list[str | None] = []
    with np.errstate(all="ignore"):
        for i, d in enumerate(delta):
            if np.isnan(f[i]).any() or np.isnan(f1[i]).any():
                out.append("kink")  # undefined on a side: claim no smoothness
            elif abs(f[i, 1] - f[i, 0]) > (1e-9 * max(1.0, *np.abs(f[i]))
                                           + 4 * d * max(np.abs(f1[i]))):
                out.append("jump")
            elif abs(f1[i, 1] - f1[i, 0]) > (1e-9 * max(1.0, *np.abs(f1[i]))
                                             + 4 * d * max(np.abs(f2[i]))):
                out.append("kink")
            else:
                out.append(None)
    return out


def smoothness(tree: Node) -> tuple[tuple[float, ...], tuple[float, ...], float]:
    """(kinks, jumps, continuity) as described in the module docstring."""
    points, unlocated, catalogue = _candidates(tree)
    points = sorted({p for p in points if math.isfinite(p)})
    kinds = _classify(tree, points) if points else []
    kinks = tuple(p for p, k in zip(points, kinds) if k == "kink")
    jumps = tuple(p for p, k in zip(points, kinds) if k == "jump")
    if jumps or "jump" in unlocated:
        continuity = -1.0
    elif kinks or "kink" in unlocated:
        continuity = 0.0
    else:  # every break located and smooth: at least C¹ there (not more is claimed)
        joins = [1.0] if points else []
        continuity = min(joins + [max(c, 1.0) for c in catalogue], default=math.inf)
    return kinks, jumps, continuity


# --------------------------------------------------------------------------- monotonicity
def _combine(a: int | None, b: int | None) -> int | None:
    if a is None or b is None:
        return None
    return b if a == 0 else a if b == 0 or a == b else None


def direction(node: Node) -> int | None:
    """+1 non-decreasing, −1 non-increasing, 0 constant, None when not proven."""
    kind, args = node.kind, node.args
    if kind in ("num", "x"):
        return int(kind == "x")
    if kind == "neg":
        d = direction(args[0])
        return None if d is None else -d
    if kind in ("add", "sub"):
        d = direction(args[1])
        return _combine(direction(args[0]), d if d is None or kind == "add" else -d)
    if kind in ("mul", "div"):
        const = [a.value for a in args if a.kind == "num"]
        if not const or (kind == "div" and args[1].kind != "num"):
            return None
        d = direction(args[0] if args[1].kind == "num" else args[1])
        return None if d is None else d * int(np.sign(const[0]))
    if kind == "powc":
        c = node.value
        return direction(args[0]) if c > 0 and c == int(c) and int(c) % 2 == 1 else None
    if kind == "cpow":
        d = direction(args[0])
        if d is None or node.value <= 0:
            return None
        return d * int(np.sign(math.log(node.value)))
    if kind != "call" or node.name == "where":
        return None
    if node.catalogue:
        act = node.value
        defaults = all(act.params[p.name] == p.default for p in act.definition.params)
        return direction(args[0]) if act.monotonic and defaults else None
    if node.name in ("min", "max", "clip"):
        out: int | None = 0
        for a in args:
            out = _combine(out, direction(a))
        return out
    d = direction(args[0])
    if d is None:
        return None
    return d if node.name in _INCREASING else -d if node.name in _DECREASING else None


def output_range(tree: Node) -> tuple[float, float]:
    """(f(−∞), f(+∞)) ordered, for a proven monotonic expression; else (−∞, ∞)."""
    d = direction(tree)
    if d is None:
        return -math.inf, math.inf
    lo, hi = run(tree, np.array([-math.inf, math.inf]), 0).tolist()
    if math.isnan(lo) or math.isnan(hi):
        return -math.inf, math.inf
    return (lo + 0.0, hi + 0.0) if lo <= hi else (hi + 0.0, lo + 0.0)
