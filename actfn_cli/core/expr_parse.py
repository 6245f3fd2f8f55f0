"""Parsing expressions: a Pratt parser from the tokens of :mod:`.expr_lex` to a tree of
:class:`Node` objects, with every name checked against a whitelist (the variable ``x``, ``pi``,
``e``, the functions of :data:`BUILTINS`, the element-wise catalogue) or made a parameter, and
the types checked (a comparison only as the condition of ``where``, text only as a keyword value).

Grammar (precedence from loose to tight, as in Python)::

    spec     := [head "="] expr
    head     := NAME | NAME? "(" ["x" ","] NAME "=" expr ("," NAME "=" expr)* ")"
    expr     := expr "or" expr | expr "and" expr | "not" expr
              | sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)*     # chains like 0 < x < 1
    sum      := term (("+" | "-") term)*
    term     := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | power                           # -x**2 is -(x**2)
    power    := atom ["**" unary]                                   # right-associative
    atom     := NUMBER | "x" | "pi" | "e" | NAME | "(" expr ")"
              | FUNC ["@" PRESET] "(" [arg ("," arg)*] ")"
    arg      := expr | NAME "=" (expr | STRING)                      # strings only as keywords
"""

from __future__ import annotations

import difflib
import keyword
import math
from dataclasses import dataclass, field
from typing import Any

from . import registry
from .errors import UsageError
from .expr_lex import MAX_DEPTH, MAX_NODES, ExpressionError, tokenize

# Functions of the language itself: name -> (least, most) positional arguments.
BUILTINS: dict[str, tuple[int, int]] = {
    **{name: (1, 1) for name in (
        "exp", "expm1", "log", "log1p", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh",
        "arcsin", "arccos", "arctan", "arcsinh", "arctanh", "erf", "erfc", "abs", "sign")},
    "min": (2, MAX_NODES), "max": (2, MAX_NODES), "clip": (3, 3), "where": (3, 3),
}
BUILTIN_ALIASES = {"ln": "log", "asin": "arcsin", "acos": "arccos", "atan": "arctan",
                   "asinh": "arcsinh", "atanh": "arctanh"}
CONSTANTS = {"pi": math.pi, "e": math.e}
BOOL_KINDS = frozenset({"cmp", "and", "or", "not"})
_CMP = ("<", "<=", ">", ">=", "==", "!=")
_BP = {"or": 1, "and": 2, **{op: 4 for op in _CMP}, "+": 5, "-": 5, "*": 6, "/": 6, "**": 8}
_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div", "**": "pow"}


@dataclass(eq=False)
class Node:
    """One node of the tree. ``col`` is the column of its operator or name (1-based).

    Parsed kinds: num x param neg add sub mul div pow cmp and or not call. Binding
    (:mod:`.expression`) adds bool (a folded condition), powc (u**c) and cpow (c**w).
    """

    kind: str
    col: int
    args: tuple[Node, ...] = ()
    name: str = ""  # param or function name; the source text of a number ("pi", "1e-3")
    # num: the float; cmp: the operators; call: the preset (parsed) or the bound Activation;
    # bool: True/False; powc: the exponent; cpow: the base
    value: Any = None
    kw: tuple[tuple[str, int, Any], ...] = ()  # (key, column, Node or str), parsed calls
    catalogue: bool = False  # a call of a catalogue activation


@dataclass
class Parsed:
    """A parsed spec: the text, the body tree, the optional label and defaults, and the
    parameters in order of first use."""

    text: str
    body: Node
    label: str | None = None
    defaults: dict[str, Node] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)  # parameter -> column of first use


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, registry.normalise(a), registry.normalise(b)).ratio()


def _close(word: str, choices: list[str]) -> str | None:
    scored = max(((_ratio(word, c), c) for c in choices), default=(0.0, ""))
    return scored[1] if scored[0] >= 0.6 else None


def suggest_function(name: str) -> str | None:
    """The known function closest to ``name``: a language function or a catalogue activation
    (matched through all its spellings, answered by its canonical name)."""
    scored = [(_ratio(name, b), BUILTIN_ALIASES.get(b, b)) for b in [*BUILTINS, *BUILTIN_ALIASES]]
    for canonical in registry.suggest(name, 2):
        defn = registry.lookup(canonical)
        if not defn.vector:
            scored.append((max(_ratio(name, s) for s in (canonical, *defn.aliases)), canonical))
    best = max(scored)
    return best[1] if best[0] >= 0.6 else None


def elementwise(name: str) -> registry.Definition | None:
    """The element-wise catalogue definition named ``name`` (any spelling), else None."""
    try:
        defn = registry.lookup(name)
    except UsageError:
        return None
    return None if defn.vector else defn


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.pos = 0
        self.depth = 0
        self.nodes = 0
        self.names: dict[str, int] = {}

    # ------------------------------------------------------------------ helpers
    def fail(self, message: str, col: int) -> ExpressionError:
        return ExpressionError(message, self.text, col)

    def peek(self, k: int = 0) -> tuple[str, str, int]:
        return self.toks[min(self.pos + k, len(self.toks) - 1)]

    def next(self) -> tuple[str, str, int]:
        tok = self.peek()
        self.pos += 1
        return tok

    def is_op(self, text: str, k: int = 0) -> bool:
        kind, t, _ = self.peek(k)
        return kind == "op" and t == text

    def expect(self, text: str, context: str) -> None:
        if self.is_op(text):
            self.next()
            return
        raise self.unexpected(self.peek(), f"expected '{text}' {context}")

    def unexpected(self, tok: tuple[str, str, int], wanted: str = "") -> ExpressionError:
        kind, t, col = tok
        if kind == "end":
            return self.fail(f"the expression ends too early{'; ' + wanted if wanted else ''}",
                             col)
        if kind == "name" and t in ("if", "else"):
            return self.fail("there is no 'if'; write where(cond, a, b)", col)
        if kind == "name" and t in ("and", "or", "not"):
            return self.fail(f"'{t}' must stand between comparisons, e.g. "
                             f"where(x > 0 and x < 1, a, b)", col)
        if kind == "name" and keyword.iskeyword(t):
            return self.fail(f"{t!r} is not part of the language", col)
        before = [tk for tk in self.toks if tk[2] < col]
        operand_next = kind in ("num", "name") or t == "("
        if operand_next and before and (before[-1][0] in ("num", "name") or before[-1][1] == ")"):
            return self.fail(f"missing operator before {t!r} (a product is written 2*x)", col)
        if kind == "op" and t == "=":
            return self.fail("'=' only names the expression (NAME=EXPR) or gives a keyword "
                             "value; compare with '=='", col)
        return self.fail(f"unexpected {t!r}{'; ' + wanted if wanted else ''}", col)

    def node(self, kind: str, col: int, args: tuple[Node, ...] = (), **kw: Any) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(f"the expression has more than {MAX_NODES} parts (the limit)", col)
        return Node(kind, col, args, **kw)

    def real(self, node: Node) -> Node:
        if node.kind in BOOL_KINDS:
            raise self.fail("a comparison can only be the condition of where(cond, a, b)",
                            node.col)
        return node

    def cond(self, node: Node, what: str) -> Node:
        if node.kind not in BOOL_KINDS:
            raise self.fail(f"{what} needs a comparison such as x > 0", start(node))
        return node

    # ------------------------------------------------------------------ Pratt core
    def expr(self, rbp: int = 0) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"the expression is nested more than {MAX_DEPTH} levels deep "
                            f"(the limit)", self.peek()[2])
        left = self.nud(self.next())
        while True:
            kind, t, _ = self.peek()
            operator = kind == "op" or (kind == "name" and t in ("and", "or"))
            bp = _BP.get(t, 0) if operator else 0
            if bp <= rbp:
                break
            left = self.led(self.next(), left)
        self.depth -= 1
        return left

    def nud(self, tok: tuple[str, str, int]) -> Node:
        kind, t, col = tok
        if kind == "num":
            value = float(t)
            if not math.isfinite(value):
                raise self.fail(f"the number {t} is too large", col)
            return self.node("num", col, value=value, name=t)
        if kind == "str":
            raise self.fail("text in quotes is only allowed as a keyword value, e.g. "
                            "gelu(x, approximate='tanh')", col)
        if kind == "op":
            if t == "(":
                if self.is_op(")"):
                    raise self.fail("empty parentheses", col)
                inner = self.expr(0)
                self.expect(")", f"to close the '(' at column {col}")
                return inner
            if t in "-+":
                operand = self.real(self.expr(7))
                return self.node("neg", col, (operand,)) if t == "-" else operand
            raise self.unexpected(tok)
        if kind == "name":
            return self.name(t, col)
        raise self.unexpected(tok)

    def led(self, tok: tuple[str, str, int], left: Node) -> Node:
        _, t, col = tok
        if t in ("and", "or"):
            what = f"'{t}'"
            right = self.cond(self.expr(_BP[t]), what)
            return self.node(t, col, (self.cond(left, what), right))
        if t in _CMP:
            ops, operands = [t], [self.real(left), self.real(self.expr(4))]
            while self.peek()[0] == "op" and self.peek()[1] in _CMP:
                ops.append(self.next()[1])
                operands.append(self.real(self.expr(4)))
            return self.node("cmp", col, tuple(operands), value=tuple(ops))
        right = self.expr(7 if t == "**" else _BP[t])
        return self.node(_ARITH[t], col, (self.real(left), self.real(right)))

    def name(self, t: str, col: int) -> Node:
        calling = self.is_op("(") or self.is_op("@")
        if t == "not":
            return self.node("not", col, (self.cond(self.expr(3), "'not'"),))
        if t in ("and", "or") or keyword.iskeyword(t):
            raise self.unexpected(("name", t, col))
        if t == "x" or t in CONSTANTS:
            if calling:
                raise self.fail(f"{t!r} is {'the variable' if t == 'x' else 'a constant'}, "
                                f"not a function", col)
            return self.node("x", col) if t == "x" else self.node(
                "num", col, value=CONSTANTS[t], name=t)
        if calling:
            return self.call(t, col)
        if t in BUILTINS or t in BUILTIN_ALIASES or elementwise(t) is not None:
            raise self.fail(f"{t!r} is a function; call it as {t}(...)", col)
        self.names.setdefault(t, col)
        return self.node("param", col, name=t)

    def call(self, t: str, col: int) -> Node:
        preset = None
        if self.is_op("@"):
            self.next()
            kind, p, pcol = self.next()
            if kind != "name":
                raise self.fail("'@' must be followed by a preset name, e.g. gelu@jax(x)", pcol)
            try:
                preset = registry.check_preset(p)
            except UsageError as exc:
                raise self.fail(str(exc), pcol) from None
        canonical = BUILTIN_ALIASES.get(t, t)
        defn = None if canonical in BUILTINS else elementwise(t)
        if canonical not in BUILTINS and defn is None:
            try:
                vector = registry.lookup(t).vector
            except UsageError:
                vector = False
            if vector:
                raise self.fail(f"{t!r} acts along an axis; only element-wise activations "
                                f"can be called in an expression", col)
            close = suggest_function(t)
            hint = f"; did you mean {close!r}?" if close else ""
            raise self.fail(f"unknown function {t!r}{hint}", col)
        if preset is not None and defn is None:
            raise self.fail(f"a preset applies to catalogue activations, not to {t}()", col)
        self.expect("(", f"after the function name {t!r}")
        args, kw = self.arguments(t, defn)
        if defn is not None:
            if len(args) != 1:
                raise self.fail(f"{defn.name}() takes one positional argument (the input) and "
                                f"keyword parameters, e.g. elu(x, alpha=0.5)", col)
            return self.node("call", col, (self.real(args[0]),), name=defn.name,
                             value=preset, kw=kw, catalogue=True)
        if kw:
            raise self.fail(f"{canonical}() takes no keyword arguments", kw[0][1])
        least, most = BUILTINS[canonical]
        if not least <= len(args) <= most:
            count = str(least) if least == most else f"at least {least}"
            raise self.fail(f"{canonical}() takes {count} argument{'s' * (least > 1)} "
                            f"(got {len(args)})", col)
        if canonical == "where":
            args = (self.cond(args[0], "the condition of where()"),
                    *(self.real(a) for a in args[1:]))
        else:
            args = tuple(self.real(a) for a in args)
        return self.node("call", col, args, name=canonical)

    def arguments(self, t: str, defn: registry.Definition | None
                  ) -> tuple[tuple[Node, ...], tuple[tuple[str, int, Any], ...]]:
        args: list[Node] = []
        kw: list[tuple[str, int, Any]] = []
        while not self.is_op(")"):
            kind, key, kcol = self.peek()
            if kind == "name" and self.is_op("=", 1):
                self.pos += 2
                kw.append((self.keyword(key, kcol, defn, kw), kcol, self.kwvalue()))
            elif kw:
                raise self.fail("a positional argument cannot follow a keyword argument", kcol)
            else:
                args.append(self.expr(0))
            if not self.is_op(","):
                break
            self.next()
        self.expect(")", f"to close the arguments of {t}()")
        return tuple(args), tuple(kw)

    def keyword(self, key: str, col: int, defn: registry.Definition | None,
                seen: list[tuple[str, int, Any]]) -> str:
        if defn is not None:
            known = [p.name for p in defn.params]
            if key not in known:
                close = _close(key, known) if known else None
                hint = f"; did you mean {close!r}?" if close else ""
                have = f" (parameters: {', '.join(known)})" if known else " (it has none)"
                raise self.fail(f"{defn.name} has no parameter {key!r}{have}{hint}", col)
        if any(k == key for k, _, _ in seen):
            raise self.fail(f"keyword {key!r} given twice", col)
        return key

    def kwvalue(self) -> Any:
        kind, t, _ = self.peek()
        if kind == "str":
            self.next()
            return t[1:-1]
        value = self.real(self.expr(0))
        if uses_x(value):
            raise self.fail("a keyword value cannot depend on x", start(value))
        return value

    # ------------------------------------------------------------------ the spec
    def spec(self) -> Parsed:
        eq = _top_level_equals(self.toks)
        label, defaults = None, {}
        if eq is not None:
            label, defaults = self.head(eq)
            self.pos = eq + 1
        first = self.peek()
        if first[0] == "end":
            raise self.fail("empty expression", first[2])
        body = self.real(self.expr(0))
        if self.peek()[0] != "end":
            raise self.unexpected(self.peek())
        for name, node in defaults.items():
            if name not in self.names:
                raise self.fail(f"parameter {name!r} is not used in the expression", node.col)
        return Parsed(self.text, body, label, defaults, dict(self.names))

    def head(self, eq: int) -> tuple[str | None, dict[str, Node]]:
        label = None
        kind, t, col = self.peek()
        if kind == "name":
            if t == "x" or t in CONSTANTS or keyword.iskeyword(t):
                raise self.fail(f"{t!r} cannot be a label; write NAME=EXPR", col)
            label = t
            self.next()
        defaults: dict[str, Node] = {}
        if self.is_op("("):
            self.next()
            if self.peek()[:2] == ("name", "x") and self.peek(1)[1] in (",", ")"):
                self.next()
                if self.is_op(","):
                    self.next()
            while not self.is_op(")"):
                kind, p, pcol = self.next()
                if kind != "name" or not self.is_op("="):
                    raise self.fail("a default is written NAME=VALUE, e.g. "
                                    "my_swish(beta=1.5)=x*sigmoid(beta*x)", pcol)
                if p == "x" or p in CONSTANTS or p in BUILTINS or p in defaults:
                    raise self.fail(f"{p!r} cannot be a parameter here", pcol)
                self.next()
                value = self.real(self.expr(0))
                if uses_x(value) or any(n.kind == "param" for n in walk(value)):
                    raise self.fail("a default is a constant (numbers, pi, e, functions)",
                                    start(value))
                defaults[p] = value
                if not self.is_op(","):
                    break
                self.next()
            self.expect(")", "to close the defaults")
        elif label is None:
            raise self.unexpected(self.peek(), "a label is NAME=EXPR")
        if self.pos != eq:
            raise self.unexpected(self.peek(), "expected '=' after the label")
        return label, defaults


def _top_level_equals(toks: list[tuple[str, str, int]]) -> int | None:
    depth = 0
    for i, (kind, t, _) in enumerate(toks):
        if kind == "op":
            depth += (t == "(") - (t == ")")
            if t == "=" and depth == 0:
                return i
    return None


def walk(node: Node):
    """Every node of the tree, parents first."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.args)
        stack.extend(v for _, _, v in n.kw if isinstance(v, Node))


def uses_x(node: Node) -> bool:
    return any(n.kind == "x" for n in walk(node))


def start(node: Node) -> int:
    """The column where the source of ``node`` begins (its leftmost descendant)."""
    while node.args and node.kind not in ("neg", "not", "call"):
        node = node.args[0]
    return node.col


def parse(text: str) -> Parsed:
    """Parse a spec ``[LABEL[(DEFAULTS)]=]EXPR``; :class:`ExpressionError` when it cannot."""
    return _Parser(text).spec()
