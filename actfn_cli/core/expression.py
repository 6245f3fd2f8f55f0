"""Custom activations written as expressions, with exact first and second derivatives.

    >>> import actfn_cli as af
    >>> act = af.get("x*sigmoid(1.702*x)")           # behaves like any catalogue activation
    >>> swish = af.get("my_swish(beta=1.5)=x*sigmoid(beta*x)", beta=2.0)

The language (full grammar in :mod:`.expr_parse`):
- numbers (``1e-3``), the variable ``x``, ``pi``, ``e``; ``+ - * / **`` with Python's precedence
  (``-x**2`` is ``-(x**2)``, ``**`` is right-associative), parentheses;
- comparisons (``< <= > >= == !=``, chains ``0 < x < 1``), ``and``/``or``/``not`` — only as the
  condition of ``where(cond, a, b)``;
- ``min``, ``max``, ``clip(u, lo, hi)`` (constant bounds), ``abs``, ``sign``, ``exp``, ``expm1``,
  ``log``, ``log1p``, ``sqrt``, ``sin``, ``cos``, ``tan``, ``sinh``, ``cosh``, ``tanh``,
  ``arcsin``, ``arccos``, ``arctan``, ``arcsinh``, ``arctanh``, ``erf``, ``erfc``;
- every element-wise catalogue activation by any of its names, with keyword parameters and an
  optional preset: ``elu(x, alpha=0.5)``, ``gelu(2*x, approximate="tanh")``, ``gelu@jax(x)``
  (quoted text is allowed only as a keyword value);
- any other name is a parameter, given as ``get(spec, beta=1.5)`` (``--param beta=1.5``) or
  by a default in the head: ``my_swish(beta=1.5)=x*sigmoid(beta*x)``; ``(beta=1.5)=...``
  without a label;
- an optional label: ``NAME=EXPR`` names the curve in legends and tables.

Derivatives are forward-mode jets (:mod:`.expr_eval`); kinks, jumps, continuity, monotonicity
and range are derived where they can be proven (:mod:`.expr_meta`). Conventions: the derivative
of ``where`` is that of the chosen branch; ``min``/``max`` at a tie take the mean of both
derivatives (as ``torch.maximum``); ``clip`` has derivative 1 at its bounds (``torch.clamp``);
``abs′(0) = 0``; a catalogue call keeps its own convention (PyTorch's, or its preset's).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import activation, registry
from .activation import Activation
from .errors import ParameterError, UnknownActivationError, UsageError
from .expr_eval import condition, evaluate, run
from .expr_lex import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    ExpressionError,
    ExpressionParameterError,
)
from .expr_meta import (
    direction,
    latex,
    latex_name,
    output_range,
    smoothness,
    symbol,
    unparse,
)
from .expr_parse import (
    BUILTIN_ALIASES,
    BUILTINS,
    CONSTANTS,
    Node,
    Parsed,
    parse,
    start,
    suggest_function,
    walk,
)

__all__ = [
    "MAX_DEPTH", "MAX_LENGTH", "MAX_NODES", "ExpressionActivation", "ExpressionError",
    "ExpressionParameterError", "compile_expression", "from_spec",
]

KINK_CONVENTION = (
    "where(): the derivative of the chosen branch; min/max at a tie: the mean of both "
    "derivatives (torch.maximum); clip: 1 at its bounds (torch.clamp); abs′(0) = 0; "
    "catalogue calls: their own convention")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_PROBE = np.zeros(1)  # where constant parts are evaluated once, to fold them


@dataclass
class Compiled:
    """A parsed expression with its parameters bound: the tree :mod:`.expr_eval` runs."""

    parsed: Parsed
    tree: Node
    values: dict[str, float]  # every parameter, in order of first use
    defaults: dict[str, float]  # the defaults given in the head
    text: str  # canonical text of the body


class _Binder:
    """Replaces parameters by their values, binds catalogue calls, folds constants."""

    def __init__(self, parsed: Parsed, values: Mapping[str, float]) -> None:
        self.text = parsed.text
        self.values = values

    def fail(self, message: str, col: int) -> ExpressionError:
        return ExpressionError(message, self.text, col)

    def bind(self, node: Node) -> tuple[Node, bool]:
        """(bound node, whether it depends on x)."""
        kind = node.kind
        if kind == "param":
            return Node("num", node.col, value=self.values[node.name]), False
        if kind in ("num", "x"):
            return node, kind == "x"
        bound = [self.bind(a) for a in node.args]
        args = tuple(b[0] for b in bound)
        has_x = any(b[1] for b in bound)
        if kind == "call" and node.name == "where" and args[0].kind == "bool":
            return (args[1], bound[1][1]) if args[0].value else (args[2], bound[2][1])
        if kind == "call" and node.catalogue:
            new = Node("call", node.col, args, name=node.name,
                       value=self.catalogue(node), catalogue=True)
        elif kind == "call" and node.name == "clip":
            new = self.clip(node, args)
        elif kind == "pow" and not bound[1][1] and has_x:
            new = self.power(node, args)
        elif kind == "pow" and not bound[0][1] and has_x:
            base = node.args[0]
            new = (Node("call", node.col, (args[1],), name="exp") if base.kind == "num"
                   and base.name == "e" else Node("cpow", node.col, (args[1],),
                                                  value=args[0].value))
        else:
            new = Node(kind, node.col, args, name=node.name, value=node.value)
        return (new, True) if has_x else (self.fold(new, node), False)

    def fold(self, new: Node, source: Node) -> Node:
        with np.errstate(all="ignore"):
            if new.kind in ("cmp", "and", "or", "not"):
                return Node("bool", new.col, value=bool(np.all(condition(new, _PROBE)[0])))
            value = float(np.asarray(evaluate(new, _PROBE, 0)[0]).reshape(-1)[0])
        if not math.isfinite(value):
            raise self.fail(f"this constant part is {value} (overflow, division by zero or "
                            f"outside a function's domain)", start(source))
        return Node("num", new.col, value=value)

    def power(self, node: Node, args: tuple[Node, ...]) -> Node:
        c = args[1].value
        return args[0] if c == 1.0 else Node("powc", node.col, (args[0],), value=c)

    def clip(self, node: Node, args: tuple[Node, ...]) -> Node:
        lo, hi = args[1], args[2]
        for bound in (lo, hi):
            if bound.kind != "num":
                raise self.fail("the bounds of clip() must be constants", bound.col)
        if lo.value > hi.value:
            raise self.fail(f"clip(): the lower bound {lo.value!r} is above the upper bound "
                            f"{hi.value!r}", node.col)
        return Node("call", node.col, args, name="clip")

    def catalogue(self, node: Node) -> Activation:
        kw: dict[str, Any] = {}
        for key, _, value in node.kw:
            kw[key] = value if isinstance(value, str) else self.bind(value)[0].value
        spec = node.name + (f"@{node.value}" if node.value else "")
        try:
            return activation.get(spec, **kw)
        except UsageError as exc:
            col = next((c for k, c, _ in node.kw if f"{k!r}" in str(exc)), node.col)
            raise self.fail(str(exc), col) from None


def _owner(parsed: Parsed) -> str:
    return parsed.label or f"expression {unparse(parsed.body)!r}"


def _values(parsed: Parsed, given: Mapping[str, Any]) -> dict[str, float]:
    """Every parameter's value: given, else the default of the head, else an error."""
    names = parsed.names
    for key in given:
        if key not in names:
            known = ", ".join(names) or "none"
            close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ParameterError(f"{_owner(parsed)}: unknown parameter {key!r} "
                                 f"(parameters: {known}){hint}")
    values: dict[str, float] = {}
    defaults = _defaults(parsed)
    for name, col in names.items():
        if name in given:
            raw = given[name]
        elif name in defaults:
            raw = defaults[name]
        else:
            guess = suggest_function(name)
            no_x = not any(n.kind == "x" for n in walk(parsed.body))
            hint = (f" (or did you mean the function {guess!r}?)" if guess else
                    " (the variable is written x)" if no_x and len(names) == 1 else "")
            raise ExpressionParameterError(
                f"parameter {name!r} has no value; pass {name}=VALUE (--param {name}=VALUE) "
                f"or give a default: NAME({name}=VALUE)=EXPR{hint}", parsed.text, col)
        try:
            values[name] = registry.Param(name, None).coerce(raw, _owner(parsed))
        except ParameterError as exc:
            raise ExpressionParameterError(str(exc), parsed.text, col) from None
    return values


def _defaults(parsed: Parsed) -> dict[str, float]:
    empty = _Binder(parsed, {})
    return {name: empty.bind(node)[0].value for name, node in parsed.defaults.items()}


def compile_expression(text: str, params: Mapping[str, Any] | None = None) -> Compiled:
    """Parse ``text`` and bind ``params``: :class:`ExpressionError` (a UsageError) or
    :class:`~actfn_cli.core.errors.ParameterError` when it cannot."""
    if not isinstance(text, str):
        raise UsageError(f"an expression is a string (got {type(text).__name__})")
    parsed = parse(text)
    values = _values(parsed, params or {})
    tree, _ = _Binder(parsed, values).bind(parsed.body)
    return Compiled(parsed, tree, values, _defaults(parsed), unparse(parsed.body))


class ExpressionActivation(Activation):
    """An activation defined by an expression (see the module docstring).

    ``name`` is the label, or the expression's canonical text; ``spec`` rebuilds it with its
    parameter values as defaults; ``expression`` is the canonical text of the body.
    """

    def __init__(self, compiled: Compiled) -> None:
        parsed, tree = compiled.parsed, compiled.tree
        kinks, jumps, continuity = smoothness(tree)
        label = parsed.label
        definition = registry.Definition(
            name=label or compiled.text, family="expression",
            f=lambda x, **_: run(tree, x, 0), d1=lambda x, **_: run(tree, x, 1),
            d2=lambda x, **_: run(tree, x, 2),
            formula=f"{label or 'f'}(x) = {compiled.text}",
            latex=f"{latex_name(label or 'f')}(x) = {latex(parsed.body)}",
            derivative="automatic (exact)",
            summary=f"User expression {compiled.text}",
            params=tuple(registry.Param(k, compiled.defaults.get(k), symbol=symbol(k))
                         for k in compiled.values),
            range=output_range(tree), kinks=kinks, jumps=jumps, continuity=continuity,
            kink_convention=KINK_CONVENTION, monotonic=direction(tree) in (0, 1),
            builtin=False,
        )
        super().__init__(definition, compiled.values)
        self.expression = compiled.text
        self.tree = tree
        head = ", ".join(f"{k}={v!r}" for k, v in compiled.values.items())
        head = f"{label or ''}({head})" if head else (label or "")
        self._spec = f"{head}={compiled.text}" if head else compiled.text

    @property
    def spec(self) -> str:
        return self._spec

    def _key(self) -> tuple:
        return ("expression", self._spec)

    def __repr__(self) -> str:
        return f"<ExpressionActivation {self._spec}>"


def from_spec(spec: str, params: Mapping[str, Any]) -> Activation:
    """The factory :func:`actfn_cli.get` calls for every spec that is not a catalogue name.

    A bare identifier (other than x, pi, e) is a name, never an expression: unknown, it raises
    :class:`UnknownActivationError` with the catalogue's suggestions.
    """
    text = spec.strip()
    if _IDENTIFIER.fullmatch(text) and text not in ("x", *CONSTANTS):
        if _known(text):
            return activation.get(text, **params)
        err = UnknownActivationError(text, registry.suggest(text))
        function = BUILTIN_ALIASES.get(text, text)
        if function in BUILTINS:  # "exp": say how to write it as an expression
            message = f"unknown activation {text!r}; as an expression, write {function}(x)"
            err.args = (message,)
        raise err
    try:
        return ExpressionActivation(compile_expression(spec, params))
    except ExpressionError:
        suggestions = registry.suggest(text) if _NAME_LIKE.fullmatch(text) else []
        if suggestions:  # e.g. "gelu-x": a misspelt name rather than gelu minus x
            raise UnknownActivationError(text, suggestions) from None
        raise


def _known(name: str) -> bool:
    try:
        registry.lookup(name)
    except UsageError:
        return False
    return True


activation.set_expression_factory(from_spec)
