"""Fuzzing the expression language: any text either parses or raises ExpressionError — never
another exception, never a hang (Hypothesis deadlines are on) — and whatever parses evaluates
without a warning, keeps NaN, dtype and shape, and prints back to the same expression."""

from __future__ import annotations

import warnings
from datetime import timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actfn_cli as af
from actfn_cli.core.errors import UnknownActivationError, UsageError
from actfn_cli.core.expr_meta import unparse
from actfn_cli.core.expr_parse import BUILTINS, parse
from actfn_cli.core.expression import ExpressionError, compile_expression

af.names()  # load the catalogue before the timed examples
FUZZ = settings(max_examples=400, deadline=timedelta(seconds=1),
                suppress_health_check=[HealthCheck.too_slow])

TOKENS = [
    "x", "pi", "e", "π", "0", "1", "2.5", ".5", "1e-3", "1e308", "9", "+", "-", "−", "*", "/",
    "**", "^", "(", ")", ",", "=", "==", "!=", "<", "<=", ">", ">=", "and", "or", "not", " ",
    "@", "jax", "keras", "'tanh'", '"none"', "'", '"', ".", "_", "__class__", "[", "]", ";",
    ":", "#", "beta", "alpha", "approximate", "negative_slope", "threshold", "f", "lambda",
    "if", "import", "softmax", "sigmiod", *BUILTINS, "sigmoid", "softplus", "gelu", "elu",
    "celu", "relu", "leaky_relu", "LeakyReLU", "hardtanh", "min_val", "quick_gelu", "mish",
]
token_soup = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)
any_text = st.text(max_size=200)

LEAVES = ["x", "x", "x", "2", "0.5", "pi", "e", "1e-3", "0", "3", "beta"]
UNARY = [*(sorted(BUILTINS.keys() - {"min", "max", "clip", "where"})), "sigmoid", "softplus",
         "relu", "gelu", "silu", "mish", "elu", "leaky_relu@jax", "hardswish", "softsign",
         "log_sigmoid", "hardtanh", "celu"]


def _grow(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**"]), children)
        .map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(st.sampled_from(UNARY), children).map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda c: f"-{c}"),
        st.tuples(children, st.sampled_from(["<", ">", "<=", ">=", "==", "!="]), children,
                  children, children)
        .map(lambda t: f"where({t[0]} {t[1]} {t[2]}, {t[3]}, {t[4]})"),
        st.tuples(st.sampled_from(["min", "max"]), children, children)
        .map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        children.map(lambda c: f"clip({c}, -1, 2)"),
        children.map(lambda c: f"elu({c}, alpha=0.5)"),
        children.map(lambda c: f"gelu({c}, approximate='tanh')"),
    )


expressions = st.recursive(st.sampled_from(LEAVES), _grow, max_leaves=14)
X = np.array([-np.inf, -1e308, -40.0, -3.0, -1.0, -1e-300, -0.0, 0.0, 0.5, 1.0, 2.0, 35.0,
              1e308, np.inf, np.nan])


def _compiles_or_expression_error(text: str) -> None:
    try:
        compile_expression(text)
    except ExpressionError as err:
        assert 1 <= err.column <= len(text) + 1
        assert "\n" not in str(err) and "^" in err.pointer()


@FUZZ
@given(any_text)
def test_any_text_parses_or_raises_expression_error(text: str) -> None:
    _compiles_or_expression_error(text)


@FUZZ
@given(token_soup)
def test_token_soup_parses_or_raises_expression_error(text: str) -> None:
    _compiles_or_expression_error(text)


@FUZZ
@given(st.one_of(any_text, token_soup))
def test_get_raises_only_usage_errors(text: str) -> None:
    try:
        act = af.get(text)
    except UsageError:
        return
    assert isinstance(act, af.Activation)


@FUZZ
@given(expressions)
def test_generated_expressions_evaluate_cleanly(text: str) -> None:
    params = {"beta": 1.5} if "beta" in text else {}
    try:
        act = af.get(text, **params)
    except ExpressionError:  # e.g. a constant part that overflows, clip(...) of a constant
        return
    except UnknownActivationError:  # a bare name ("beta") is never read as an expression
        assert text.isidentifier()
        return
    with np.errstate(all="ignore"):
        x32 = X.astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outs = [act(X), act.grad(X), act.grad(X, order=2)]
        out32 = act(x32), act.grad(x32, order=2)
    for out in outs:
        assert out.shape == X.shape and out.dtype == np.float64 and np.isnan(out[-1])
    assert all(o.dtype == np.float32 for o in out32)
    assert af.get(act.spec) == act
    once = unparse(parse(text).body)
    assert unparse(parse(once).body) == once
    assert np.array_equal(af.get(once, **params)(X), outs[0], equal_nan=True)
