"""The expression language: grammar, values and exact derivatives against mpmath, limits,
metadata, errors with columns, and the safety limits.

References are mpmath at ≥ 60 digits written from the mathematics (never by calling actfn);
tolerances are the catalogue's: 4 ulp for values, 8 ulp for derivatives, plus 2·|x·g′/g| ulp
for the conditioning of g = f, f′, f″.
"""

from __future__ import annotations

import builtins
import math
from contextlib import contextmanager
from functools import cache

import mpmath as mp
import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.core import registry
from actfn_cli.core.activation import BLOCK
from actfn_cli.core.errors import ParameterError, UnknownActivationError, UsageError
from actfn_cli.core.expr_eval import settle
from actfn_cli.core.expr_meta import unparse
from actfn_cli.core.expr_parse import BUILTIN_ALIASES, BUILTINS, parse
from actfn_cli.core.expression import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    ExpressionActivation,
    ExpressionError,
    ExpressionParameterError,
    compile_expression,
)

F = mp.mpf
SQRT2 = F(2) ** 0.5


def sig(t):
    return 1 / (1 + mp.exp(-t))


def softplus(t):
    return mp.log1p(mp.exp(t)) if t < 0 else t + mp.log1p(mp.exp(-t))


# --------------------------------------------------------------------------- accuracy
def _elu_like(k):
    return lambda t: (t if k == 0 else F(1) if k == 1 else F(0)) if t > 0 else F("0.1") * (
        mp.expm1(t) if k == 0 else mp.exp(t))


# f = x·Φ(x): f′ = Φ + xφ, f″ = (2 − x²)φ, f‴ = (x³ − 4x)φ
GELU = [lambda t: t * mp.ncdf(t), lambda t: mp.ncdf(t) + t * mp.npdf(t),
        lambda t: (2 - t * t) * mp.npdf(t), lambda t: (t ** 3 - 4 * t) * mp.npdf(t)]


SMOOTH = {
    "x*sigmoid(1.702*x)": lambda t: t * sig(F(1.702) * t),
    "x*tanh(softplus(x))": lambda t: t * mp.tanh(softplus(t)),
    "x**3 - 2*x": lambda t: t ** 3 - 2 * t,
    "exp(-x**2)": lambda t: mp.exp(-t * t),
    "arctan(x)/(1 + x**2)": lambda t: mp.atan(t) / (1 + t * t),
    "x + sin(x)**2/2": lambda t: t + mp.sin(t) ** 2 / 2,
    "(1 + x**2)**0.75": lambda t: (1 + t * t) ** F(0.75),
    "3**(-x/5)": lambda t: F(3) ** (-t / 5),
    "tanh(x)*arcsinh(x)": lambda t: mp.tanh(t) * mp.asinh(t),
    "sqrt(2 + sin(x)) + log(1 + x**2)": lambda t: mp.sqrt(2 + mp.sin(t)) + mp.log(1 + t * t),
    "arcsin(x/1001) + arccos(x/1002) + arctanh(x/1003)":
        lambda t: mp.asin(t / 1001) + mp.acos(t / 1002) + mp.atanh(t / 1003),
    "cos(x)*sin(x/3) + tan(x/1000)": lambda t: mp.cos(t) * mp.sin(t / 3) + mp.tan(t / 1000),
    "expm1(x/50) + log1p(x**2)": lambda t: mp.expm1(t / 50) + mp.log1p(t * t),
    "gelu(2*x, approximate='tanh')":
        lambda t: t * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (2 * t + F(0.044715) * 8 * t ** 3))),
    "log1p(exp(-abs(x))) + max(x, 0)": softplus,
}
def _erf_cosh(k):
    """f = erf(x/2)·C + S with C, S = cosh, sinh(x/100) and G = erf(x/2)′ = e^{−x²/4}/√π."""
    def f(t):
        g = mp.exp(-t * t / 4) / mp.sqrt(mp.pi)
        gs = [mp.erf(t / 2), g, -t / 2 * g, (t * t / 4 - F(1) / 2) * g]
        c, s = mp.cosh(t / 100), mp.sinh(t / 100)
        hyp = [c, s] * 3  # k-th derivative of C (÷ 100^k) alternates c, s
        # Leibniz: (erf(x/2)·C)^(k) = Σ binom(k, j) G^(j−1) C^(k−j), plus S^(k)
        return sum(mp.binomial(k, j) * gs[j] * hyp[k - j] / F(100) ** (k - j)
                   for j in range(k + 1)) + hyp[k + 1] / F(100) ** k
    return f


ERF_COSH = [_erf_cosh(k) for k in range(4)]
# explicit f, f′, f″, f‴ where mp.diff cannot be used (pieces) or is slow (deep tails)
EXPLICIT = {"where(x > 0, x, 0.1*expm1(x))": [_elu_like(k) for k in range(4)],
            "0.5*x*erfc(-x/sqrt(2))": GELU,
            "erf(x/2)*cosh(x/100) + sinh(x/100)": ERF_COSH}


def grid() -> np.ndarray:
    mags = np.logspace(-12, 3, 31)
    rng = np.random.default_rng(4)
    return np.unique(np.concatenate([[0.0], mags, -mags, rng.uniform(-40, 40, 40)]))


def _diff(f, t: float, k: int):
    """f^(k)(t) by mp.diff, at rising precision until two precisions agree to 25 digits on
    a non-zero value (saturated tails need many digits to resolve a tiny derivative next to
    a large f; an unresolved one comes out as 0 at every low precision)."""
    previous = None
    for dps in (60, 160, 450, 1200):
        with mp.workdps(dps):
            value = f(F(t)) if k == 0 else mp.diff(f, F(t), k)
        if previous is not None and value != 0 and abs(value - previous) <= 1e-25 * abs(value):
            return value
        previous = value
    return value


@cache
def reference(text: str) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """(points, [f, f′, f″] as float64, [cond of f, f′, f″])."""
    x = grid()
    if text in EXPLICIT:
        fs = EXPLICIT[text]
        with mp.workdps(60):
            d = [[fs[k](F(t)) for t in x] for k in range(4)]
    else:
        d = [[_diff(SMOOTH[text], t, k) for t in x] for k in range(4)]
    vals = [np.array([float(v) for v in d[k]]) for k in range(3)]
    conds = [np.array([float(abs(F(t) * d[k + 1][i] / d[k][i])) if d[k][i] != 0 else 0.0
                       for i, t in enumerate(x)]) for k in range(3)]
    return x, vals, conds


def ulps(ours: np.ndarray, ref: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        err = np.abs(ours - ref) / np.spacing(np.abs(ref))
    err[(ours == ref) | (np.isnan(ours) & np.isnan(ref))] = 0.0
    err[np.isnan(err)] = np.inf
    return err


@pytest.mark.parametrize("text", [*SMOOTH, *EXPLICIT])
def test_values_and_derivatives_against_mpmath(text: str) -> None:
    x, refs, conds = reference(text)
    act = af.get(text)
    problems = []
    for order in range(3):
        ours = act(x) if order == 0 else act.grad(x, order=order)
        allowed = (4.0 if order == 0 else 8.0) + 2.0 * conds[order]
        err = ulps(ours, refs[order])
        if text.startswith("log1p(exp(-abs") and order == 2:
            err[x == 0] = 0.0  # abs″(0) = 0 by convention: f″(0) is one-sided there
        for i in np.flatnonzero(err > allowed)[:4]:
            problems.append(f"order {order} at {x[i]!r}: {ours[i]!r} vs {refs[order][i]!r} "
                            f"({err[i]:.3g} ulp, allowed {allowed[i]:.3g})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("order", [0, 1, 2])
def test_quick_gelu_as_an_expression_matches_the_catalogue(order: int) -> None:
    x, refs, conds = reference("x*sigmoid(1.702*x)")
    expr, cat = af.get("x*sigmoid(1.702*x)"), af.get("quick_gelu")
    ours = expr(x) if order == 0 else expr.grad(x, order=order)
    theirs = cat(x) if order == 0 else cat.grad(x, order=order)
    assert (ulps(ours, theirs) <= 4.0 + 2.0 * conds[order]).all()
    assert ulps(ours, refs[order]).max() <= 8.0 + 2.0 * conds[order].max()


def test_cancelling_chain_rule_terms_bound_the_absolute_error() -> None:
    # f″ of sqrt(1 + x²) is u″/(2√u) − u′²/(4u^{3/2}) with u = 1 + x²: two terms of size 1/|x|
    # whose difference is 1/u^{3/2}. Forward mode (like the hand-written chain rule) keeps the
    # error at a few ulp of the terms, not of the tiny result: documented, and bounded here.
    x = np.array([10.0, 1e3, -1e5])
    ours = af.get("sqrt(1 + x**2)").grad(x, order=2)
    with mp.workdps(60):
        ref = np.array([float((1 + F(t) ** 2) ** F(-1.5)) for t in x])
    assert (np.abs(ours - ref) <= 8 * np.spacing(1 / np.abs(x))).all()


def test_abs_and_max_conventions_give_the_exact_slope_of_a_smooth_sum() -> None:
    # log1p(exp(−|x|)) + max(x, 0) is softplus: abs′(0) = 0 and max′ at the tie = ½ add up
    # to σ(0) = ½ exactly.
    assert af.get("log1p(exp(-abs(x))) + max(x, 0)").grad(0.0) == 0.5


# --------------------------------------------------------------------------- the grammar
@pytest.mark.parametrize(("text", "at", "value"), [
    ("-x**2", 3.0, -9.0),
    ("2**3**2", 0.0, 512.0),
    ("2**-1 + x", 0.0, 0.5),
    ("x - 1 - 1", 0.0, -2.0),
    ("8/4/2 + x", 0.0, 1.0),
    ("-2**2 + x", 0.0, -4.0),
    ("(-2)**2 + x", 0.0, 4.0),
    ("+x", 2.0, 2.0),
    ("--x", 2.0, 2.0),
    ("1e-3*x", 2.0, 0.002),
    (".5*x + 5.", 2.0, 6.0),
    ("pi*x", 1.0, math.pi),
    ("e**x", 1.0, math.e),
    ("π·x − 1", 1.0, math.pi - 1.0),
    ("where(0 < x < 1, 1, 0)", 0.5, 1.0),
    ("where(0 < x < 1, 1, 0)", 1.5, 0.0),
    ("where(x > 0 and x < 1 or x == 5, 1, 0)", 5.0, 1.0),
    ("where(not x >= 0, 1, 0)", -1.0, 1.0),
    ("where(x != 0, 1, 0)", 0.0, 0.0),
    ("where(x <= 2, 1, 0)", 2.0, 1.0),
    ("min(x, 1, -3)", 0.0, -3.0),
    ("max(x, 1, -3)", 7.0, 7.0),
    ("clip(x, -1, 2)", 5.0, 2.0),
    ("sign(x)*abs(x)", -3.0, -3.0),
    ("ln(x) + asin(0*x)", math.e, 1.0),
    ("LeakyReLU(x)", -1.0, -0.01),
    ("leaky_relu(x, negative_slope=0.5)", -1.0, -0.5),
    ("leaky_relu@keras(x)", -1.0, -0.2),
    ("softplus(x, threshold='none')", 0.0, math.log(2)),
    ("f(x)=x*2", 1.5, 3.0),
])
def test_grammar_values(text: str, at: float, value: float) -> None:
    assert float(af.get(text)(at)) == pytest.approx(value, rel=1e-15, abs=1e-300)


def test_canonical_text_round_trips() -> None:
    for text in ["x*sigmoid(1.702*x)", "-x**2", "(-x)**2", "2**-x**2", "(x - 1)/(x + 1)",
                 "x - (1 - x)", "where(0 < x < 1 and not x == 0.5, x, -x)",
                 "gelu@jax(2*x, approximate=\"tanh\")", "elu(x, alpha=0.5)"]:
        once = unparse(parse(text).body)
        assert unparse(parse(once).body) == once
    assert unparse(parse("x  *  sigmoid( 1.702*x )").body) == "x*sigmoid(1.702*x)"
    assert unparse(parse("(x - 1) - (1 - x)").body) == "x - 1 - (1 - x)"


def test_labels_defaults_and_parameters() -> None:
    swish = af.get("my_swish(beta=1.5)=x*sigmoid(beta*x)")
    assert isinstance(swish, ExpressionActivation) and isinstance(swish, af.Activation)
    assert swish.name == "my_swish" and swish.label == "my_swish"
    assert swish.params == {"beta": 1.5}
    assert float(swish(2.0)) == 2.0 / (1.0 + math.exp(-3.0))
    steeper = af.get("my_swish(beta=1.5)=x*sigmoid(beta*x)", beta="2")
    assert steeper.params == {"beta": 2.0} and steeper.label == "my_swish (β=2.0)"
    # the spec rebuilds the object with its values, and get(act, ...) rebinds
    assert af.get(steeper.spec) == steeper and af.get(steeper) is steeper
    assert af.get(steeper, beta=1.5) == swish and hash(af.get(steeper, beta=1.5)) == hash(swish)
    bare = af.get("x*sigmoid(beta*x)", beta=1.0)
    assert bare.name == "x*sigmoid(beta*x)" and bare.spec == "(beta=1.0)=x*sigmoid(beta*x)"
    assert af.get(bare.spec) == bare
    assert float(af.get("f(x, a=pi/2)=sin(a*x)")(1.0)) == 1.0
    assert af.get("lbl=x").name == "lbl" and af.get("lbl=x") != af.get("x")


def test_every_elementwise_catalogue_activation_is_callable_and_exact() -> None:
    """f(x) for a catalogue f is the catalogue's f, f′, f″ bit for bit — except the names
    the language defines itself (abs, sign, tanh, arctan), which agree to the contract."""
    x = np.array([-3.0, -1.0, -0.25, 0.0, 0.5, 2.0, 7.0])
    own = set(BUILTINS) | set(BUILTIN_ALIASES)
    for defn in registry.all_definitions():
        if defn.vector:
            continue
        for spelling in (defn.name, *defn.aliases):
            act, cat = af.get(f"{spelling}(x)"), af.get(defn.name)
            for order in range(3):
                ours = act(x) if order == 0 else act.grad(x, order=order)
                theirs = cat(x) if order == 0 else cat.grad(x, order=order)
                if spelling in own:
                    assert (ulps(ours, theirs) <= 8).all(), (spelling, order)
                else:
                    np.testing.assert_array_equal(ours, theirs, err_msg=f"{spelling} {order}")


def test_catalogue_parameters_and_presets_reach_the_catalogue() -> None:
    x = np.array([-2.0, -0.5, 0.0, 1.0])
    ours, cat = af.get("elu(x, alpha=0.5)"), af.get("elu:alpha=0.5")
    for order in range(3):
        np.testing.assert_array_equal(ours.grad(x, order=order) if order else ours(x),
                                      cat.grad(x, order=order) if order else cat(x))
    assert float(af.get("leaky_relu(x)").grad(0.0)) == 0.01  # PyTorch
    assert float(af.get("leaky_relu@jax(x)").grad(0.0)) == 1.0  # JAX
    # chain rule through a catalogue call: d/dx elu(3x) = 3·elu′(3x)
    assert float(af.get("elu(3*x, alpha=0.5)").grad(-1.0)) == 3 * 0.5 * math.exp(-3.0)
    assert float(af.get("elu(3*x, alpha=0.5)").grad(-1.0, order=2)) == 9 * 0.5 * math.exp(-3.0)


_SQPI = 2 / mp.sqrt(mp.pi)
FUNCTIONS = {  # name: (f, f′, f″) written out by hand
    "exp": (mp.exp, mp.exp, mp.exp),
    "expm1": (mp.expm1, mp.exp, mp.exp),
    "log": (mp.log, lambda t: 1 / t, lambda t: -1 / t ** 2),
    "log1p": (mp.log1p, lambda t: 1 / (1 + t), lambda t: -1 / (1 + t) ** 2),
    "sqrt": (mp.sqrt, lambda t: 1 / (2 * mp.sqrt(t)), lambda t: -t ** F(-1.5) / 4),
    "sin": (mp.sin, mp.cos, lambda t: -mp.sin(t)),
    "cos": (mp.cos, lambda t: -mp.sin(t), lambda t: -mp.cos(t)),
    "tan": (mp.tan, lambda t: mp.sec(t) ** 2, lambda t: 2 * mp.sec(t) ** 2 * mp.tan(t)),
    "sinh": (mp.sinh, mp.cosh, mp.sinh),
    "cosh": (mp.cosh, mp.sinh, mp.cosh),
    "tanh": (mp.tanh, lambda t: mp.sech(t) ** 2, lambda t: -2 * mp.tanh(t) * mp.sech(t) ** 2),
    "arcsin": (mp.asin, lambda t: 1 / mp.sqrt(1 - t * t), lambda t: t * (1 - t * t) ** F(-1.5)),
    "arccos": (mp.acos, lambda t: -1 / mp.sqrt(1 - t * t),
               lambda t: -t * (1 - t * t) ** F(-1.5)),
    "arctan": (mp.atan, lambda t: 1 / (1 + t * t), lambda t: -2 * t / (1 + t * t) ** 2),
    "arcsinh": (mp.asinh, lambda t: 1 / mp.sqrt(1 + t * t),
                lambda t: -t * (1 + t * t) ** F(-1.5)),
    "arctanh": (mp.atanh, lambda t: 1 / (1 - t * t), lambda t: 2 * t / (1 - t * t) ** 2),
    "erf": (mp.erf, lambda t: _SQPI * mp.exp(-t * t), lambda t: -2 * t * _SQPI * mp.exp(-t * t)),
    "erfc": (mp.erfc, lambda t: -_SQPI * mp.exp(-t * t),
             lambda t: 2 * t * _SQPI * mp.exp(-t * t)),
    "abs": (abs, mp.sign, lambda t: F(0)),
    "sign": (mp.sign, lambda t: F(0), lambda t: F(0)),
}


def test_the_function_table_is_complete() -> None:
    assert set(FUNCTIONS) == BUILTINS.keys() - {"min", "max", "clip", "where"}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_each_language_function_against_mpmath(name: str) -> None:
    if name in ("arcsin", "arccos", "arctanh"):
        points = [0.0, 1e-9, 0.3, -0.7, 0.95, 0.999999, -0.999999]
    elif name in ("log", "sqrt"):
        points = [1e-300, 1e-7, 0.3, 0.7, 2.5, 11.0, 1e200]
    elif name in ("sin", "cos", "tan"):
        points = [0.0, 1e-7, 0.3, -0.7, 1.5, 2.5, -11.0, 100.0]
    elif name in ("erf", "erfc"):  # (mpmath's erfc overflows an int beyond ~1e150)
        points = [0.0, 1e-7, 0.3, -0.7, 2.5, 3.7, -4.1, 5.3, 26.0, 1e5, -1e5]
    else:
        points = [0.0, 1e-7, 0.3, -0.7, 2.5, 11.0, -5.0, 1e200, -1e200]
    if name == "log1p":
        points = [p for p in points if p > -1]
    act = af.get(f"{name}(x)")
    x = np.array(points)
    for order in range(3):
        ours = act(x) if order == 0 else act.grad(x, order=order)
        with mp.workdps(60):
            ref = np.array([float(FUNCTIONS[name][order](F(t))) for t in points])
        assert (ulps(ours, ref) <= 4).all(), (order, ours, ref, ulps(ours, ref))


# --------------------------------------------------------------------------- numbers
def test_limits_at_infinity() -> None:
    ends = np.array([-np.inf, np.inf])
    cases = {  # expression: (f, f′, f″) at −∞ and +∞
        "x*sigmoid(x)": ([0, np.inf], [0, 1], [0, 0]),
        "x*tanh(softplus(x))": ([0, np.inf], [0, 1], [0, 0]),
        "0.5*x*erfc(-x/sqrt(2))": ([0, np.inf], [0, 1], [0, 0]),
        "x*exp(x)": ([0, np.inf], [0, np.inf], [0, np.inf]),
        "x/(1 + abs(x))": ([-1, 1], [0, 0], [0, 0]),
        "sqrt(x**2 + 1) - x": ([np.inf, 0], [-2, 0], [0, 0]),
        "x - sqrt(x)": ([np.nan, np.inf], [np.nan, 1], [np.nan, 0]),
        "sin(x)": ([np.nan, np.nan], [np.nan, np.nan], [np.nan, np.nan]),
        "where(x > 0, x, 0.1*expm1(x))": ([-0.1, np.inf], [0, 1], [0, 0]),
    }
    for text, want in cases.items():
        act = af.get(text)
        got = [act(ends), act.grad(ends), act.grad(ends, order=2)]
        for order in range(3):
            np.testing.assert_array_equal(got[order], np.array(want[order], dtype=float),
                                          err_msg=f"{text} order {order}")


def test_huge_finite_inputs_where_an_intermediate_overflows() -> None:
    big = np.array([-1.7976931348623157e308, -1e200, 1e200, 1.7976931348623157e308])
    gauss = af.get("exp(-x**2)")  # x² = ∞, then −2x·e^{−x²} = ∞·0: the true value is 0
    for order in range(3):
        out = gauss.grad(big, order=order) if order else gauss(big)
        np.testing.assert_array_equal(out, 0.0)
    np.testing.assert_array_equal(af.get("0.5*x*erfc(-x/sqrt(2))").grad(big, order=2), 0.0)
    tail = af.get("x**2*sigmoid(-x)")
    np.testing.assert_array_equal(tail(big), [np.inf, np.inf, 0.0, 0.0])
    np.testing.assert_array_equal(tail.grad(big, order=2), [2.0, 2.0, 0.0, 0.0])
    # f′(−1e200) = 2x·σ(−x) − x²·σ′(−x) is −2e200; the limit −∞ is not claimed there
    assert np.isnan(tail.grad(big)[:2]).all() and (tail.grad(big)[2:] == 0).all()


def test_settle_reads_limits_off_a_sequence() -> None:
    assert settle(np.array([0.9, 0.99, 1.0, 1.0, 1.0])) == 1.0
    assert settle(np.array([5e-5, 0.0, 0.0, np.inf])) == 0.0
    assert settle(np.array([-1e4, -1e8, -1e16, -1e32])) == -math.inf
    assert math.isnan(settle(np.array([0.3, -0.8, 0.1, 0.9])))
    assert math.isnan(settle(np.array([7.0, 15.5, 30.0, 60.0])))  # too slow to call infinite


def test_nan_in_nan_out_and_undefined_conditions() -> None:
    for text in ["x**0", "where(x > 0, x, 0)", "0*x + 1", "max(x, 0)", "clip(x, 0, 1)",
                 "sign(x)", "relu(x)", "x*sigmoid(x)"]:
        act = af.get(text)
        for order in range(3):
            out = act.grad([np.nan, 1.0], order=order) if order else act([np.nan, 1.0])
            assert np.isnan(out[0]) and not np.isnan(out[1]), (text, order)
    # a comparison with NaN inside has no truth value: the result is NaN, not a branch
    assert np.isnan(af.get("where(log(x) > 0, 1, 2)")(-1.0))
    # where the value is undefined the derivatives are too
    assert np.isnan(af.get("log(x)").grad(-1.0))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_dtype_shape_and_no_warnings(dtype) -> None:
    act = af.get("x*sigmoid(1.702*x) + where(x > 1, 1e30*x, 0)")
    x = np.linspace(-5, 5, 12, dtype=dtype).reshape(3, 4)
    for order in range(3):
        out = act.grad(x, order=order) if order else act(x)
        assert out.dtype == dtype and out.shape == (3, 4)
    assert act(np.array([1, 2])).dtype == np.float64
    scalar = act(0.5)
    assert np.ndim(scalar) == 0
    big = np.linspace(-3, 3, 2 * BLOCK + 7)
    np.testing.assert_array_equal(act(big)[BLOCK:BLOCK + 5], act(big[BLOCK:BLOCK + 5]))
    huge = np.array([-1.7976931348623157e308, 1.7976931348623157e308])
    assert np.isfinite(af.get("tanh(x)*arctan(x)").grad(huge, order=2)).all()


def test_grad_order_is_checked() -> None:
    with pytest.raises(ParameterError):
        af.get("x**2").grad(1.0, order=3)


# --------------------------------------------------------------------------- metadata
@pytest.mark.parametrize(("text", "kinks", "jumps", "continuity"), [
    ("where(x > 0, x, 0.1*expm1(x))", (0.0,), (), 0),
    ("where(x > 1, 1, 0)", (), (1.0,), -1),
    ("where(2*x >= 3, x - 1.5, 0)", (1.5,), (), 0),
    ("relu(2*x - 1)", (0.5,), (), 0),
    ("abs(x - 2) + sign(x + 1)", (2.0,), (-1.0,), -1),
    ("max(x, 0.2*x)", (0.0,), (), 0),
    ("clip(x, -1, 2)", (-1.0, 2.0), (), 0),
    ("x*relu(x)", (), (), 1),  # C¹: the kink of relu is smoothed by the factor x
    ("where(x > 0, x**2, 0)", (), (), 1),
    ("relu(x**2 - 1)", (), (), 0),  # kinks at ±1 exist but are not located
    ("where(x**2 < 1, 1, 0)", (), (), -1),
    ("x*sigmoid(x)", (), (), math.inf),
])
def test_kinks_jumps_continuity(text, kinks, jumps, continuity) -> None:
    act = af.get(text)
    assert act.kinks == kinks and act.jumps == jumps and act.continuity == continuity


@pytest.mark.parametrize(("text", "monotonic", "range_"), [
    ("x", True, (-math.inf, math.inf)),
    ("sigmoid(x)", True, (0.0, 1.0)),
    ("2*tanh(x/2) - 1", True, (-3.0, 1.0)),
    ("-erfc(x) + x**3", True, (-math.inf, math.inf)),
    ("clip(x, -1, 2)", True, (-1.0, 2.0)),
    ("x*sigmoid(x)", False, (-math.inf, math.inf)),
    ("leaky_relu(x, negative_slope=-1)", False, (-math.inf, math.inf)),
    ("sin(x)", False, (-math.inf, math.inf)),
])
def test_monotonic_and_range(text, monotonic, range_) -> None:
    act = af.get(text)
    assert act.monotonic is monotonic and act.range == range_


def test_descriptive_fields() -> None:
    act = af.get("my_gelu=x*sigmoid(1.702*x)")
    assert act.family == "expression" and act.derivative == "automatic (exact)"
    assert act.formula == "my_gelu(x) = x*sigmoid(1.702*x)"
    assert act.expression == "x*sigmoid(1.702*x)"
    assert not act.builtin and "where()" in act.kink_convention


def test_latex_renders_in_mathtext() -> None:
    mathtext = pytest.importorskip("matplotlib.mathtext")
    parser = mathtext.MathTextParser("path")
    for text in ["x*sigmoid(1.702*x)", "f(alpha=1e-3)=where(x > 0 and x <= 1, x**2, alpha*x)",
                 "sqrt(abs(x))/(1 + exp(-x)) - leaky_relu@keras(x, negative_slope=0.1)",
                 "not_a_greek(gamma=2)=gelu(x, approximate='tanh')*gamma + pi*e"]:
        tex = af.get(text).latex
        parser.parse(f"${tex}$")
    assert af.get("x*sigmoid(1.702*x)").latex == r"f(x) = x \cdot \sigma\left(1.702\,x\right)"


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize(("text", "column", "fragment"), [
    ("x*sigmiod(x)", 3, "unknown function 'sigmiod'; did you mean 'sigmoid'?"),
    ("x*reul(2*x)", 3, "did you mean 'relu'?"),
    ("exp(x) + expp(x)", 10, "did you mean 'exp'?"),
    ("x^2", 2, "write x**2"),
    ("2x", 2, "missing operator"),
    ("x if x > 0 else 0", 3, "where(cond, a, b)"),
    ("x > 0", 3, "only be the condition of where"),
    ("where(x, 1, 2)", 7, "needs a comparison"),
    ("x and x > 0", 1, "needs a comparison"),
    ("softmax(x)", 1, "acts along an axis"),
    ("elu(x, alpah=0.5)", 8, "did you mean 'alpha'?"),
    ("elu(x, alpha=0.5, alpha=1)", 19, "given twice"),
    ("elu(alpha=1, x)", 14, "positional argument cannot follow"),
    ("elu(x, 0.5)", 1, "one positional argument"),
    ("elu(x, alpha=x)", 14, "cannot depend on x"),
    ("celu(x, alpha=0)", 9, "alpha"),
    ("gelu(x, approximate='sigmoid')", 9, "approximate"),
    ("gelu@jx(x)", 6, "did you mean 'jax'?"),
    ("exp@jax(x)", 1, "a preset applies to catalogue activations"),
    ("exp(x, 2)", 1, "exp() takes 1 argument"),
    ("min(x)", 1, "at least 2"),
    ("exp(x, a=1)", 8, "no keyword arguments"),
    ("exp*x", 1, "'exp' is a function"),
    ("x(2)", 1, "the variable, not a function"),
    ("(x", 3, "ends too early"),
    ("x)", 2, "unexpected ')'"),
    ("()", 1, "empty parentheses"),
    ("", 1, "empty expression"),
    ("x = 1", 1, "cannot be a label"),
    ("f(x)=x=1", 7, "compare with '=='"),
    ("f(beta)=x*beta", 3, "NAME=VALUE"),
    ("f(beta=1)=x", 8, "is not used"),
    ("f(beta=x)=x*beta", 8, "a default is a constant"),
    ("x*beta", 3, "parameter 'beta' has no value"),
    ("1e999*x", 1, "too large"),
    ("x + 1/0", 5, "constant part is inf"),
    ("x + log(-1)", 5, "constant part is nan"),
    ("clip(x, 2, 1)", 1, "lower bound"),
    ("clip(x, x, 1)", 9, "must be constants"),
    ("x.real", 2, "no attribute access"),
    ("x[0]", 2, "brackets"),
    ("'a'*10**9", 1, "only allowed as a keyword value"),
    ("gelu(x, approximate='tanh)", 21, "unterminated string"),
    ("__import__('os')", 1, "cannot start with '_'"),
    ("lambda: 1", 7, "':' is not part of the language"),
    ("lambda", 1, "not part of the language"),
    ("gelu(x, approximate='$')", 21, "quoted text may hold only"),
    ("x; beta=1", 2, "';' is not part of the language"),
    ("x # comment", 3, "unexpected character '#'"),
])
def test_errors_point_at_the_problem(text: str, column: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        compile_expression(text)
    err = info.value
    assert isinstance(err, UsageError) and err.exit_code == 2
    assert err.column == column, str(err)
    assert fragment in str(err)
    assert str(err).startswith(f"expression error at column {column}: ")
    assert "\n" not in str(err)
    line, caret = err.pointer().split("\n")
    assert caret.index("^") == line.index(text[:1] or " ") + column - 1 if text else True


def test_pointer_puts_the_caret_under_the_column() -> None:
    with pytest.raises(ExpressionError) as info:
        af.get("x*sigmiod(x)")
    assert info.value.pointer() == "  x*sigmiod(x)\n    ^"
    long = "x + " * 100 + "sigmiod(x)"
    with pytest.raises(ExpressionError) as info:
        af.get(long)
    line, caret = info.value.pointer().split("\n")
    assert len(line) < 90 and line[caret.index("^"):].startswith("sigmiod")


def test_names_that_are_not_expressions_raise_unknown_activation() -> None:
    with pytest.raises(UnknownActivationError) as info:
        af.get("gelux")
    assert "gelu" in info.value.suggestions and "did you mean 'gelu'" in str(info.value)
    with pytest.raises(UnknownActivationError) as info:
        af.get("exp")
    assert "write exp(x)" in str(info.value)
    with pytest.raises(UnknownActivationError) as info:
        af.get("gelu-x")
    assert "gelu" in info.value.suggestions
    with pytest.raises(UnknownActivationError):
        af.get("beta", beta=1.0)  # a bare name is never a constant expression
    assert float(af.get("x")(2.0)) == 2.0 and float(af.get("pi")(0.0)) == math.pi


def test_parameter_errors() -> None:
    with pytest.raises(ParameterError, match=r"unknown parameter 'btea'.*did you mean 'beta'"):
        af.get("x*sigmoid(beta*x)", btea=1.0)
    with pytest.raises(ParameterError, match="takes|parameters: none"):
        af.get("x*sigmoid(x)", beta=1.0)
    for bad in ("abc", math.inf, True, None):
        with pytest.raises(ExpressionParameterError) as info:
            af.get("x*sigmoid(beta*x)", beta=bad)
        assert info.value.column == 11 and isinstance(info.value, ParameterError)
    with pytest.raises(ExpressionParameterError, match="did you mean the function 'sigmoid'"):
        af.get("x*sigmoid(x) + sigmiod")


# --------------------------------------------------------------------------- safety
@contextmanager
def no_code_execution():
    """eval, exec and compile raise while the block runs (restored before pytest reports)."""
    saved = {name: getattr(builtins, name) for name in ("eval", "exec", "compile")}

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec/compile was called on user text")

    for name in saved:
        setattr(builtins, name, forbidden)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(builtins, name, function)


@pytest.mark.parametrize(("text", "fragment"), [
    ("__import__('os').system('echo hacked')", "cannot start with '_'"),
    ("().__class__.__bases__[0].__subclasses__()", "no attribute access"),
    ("9**9**9**9", "constant part is inf"),
    ("x**9**9**9", "constant part is inf"),
    ("(" * 1_000_000, f"the limit is {MAX_LENGTH}"),
    ("'a'*10**9", "only allowed as a keyword value"),
    ("x" + "+x" * (MAX_LENGTH // 2), f"the limit is {MAX_LENGTH}"),
    ("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), f"more than {MAX_DEPTH} levels"),
    ("-" * (MAX_DEPTH + 5) + "x", f"more than {MAX_DEPTH} levels"),
    ("exp(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), f"more than {MAX_DEPTH} levels"),
    ("x" + "+x" * MAX_NODES, f"more than {MAX_NODES} parts"),
    ("max(" + "x," * MAX_NODES + "x)", f"more than {MAX_NODES} parts"),
    ("eval('1')", "unknown function 'eval'"),
    ("exec", "'exec'"),
    ("x.__class__", "no attribute access"),
    ("lambda x: x", "not part of the language"),
    ("[x for x in ()]", "brackets"),
    ("{}", "braces"),
    ("x if True else 1", "no 'if'"),
    ("import os", "not part of the language"),
    ("gelu(x, approximate=__import__('os'))", "cannot start with '_'"),
])
def test_hostile_inputs_are_refused_by_the_limits(text: str, fragment: str, tmp_path) -> None:
    text = text.replace("echo hacked", f"touch {tmp_path}/hacked")
    with pytest.raises((ExpressionError, UnknownActivationError)) as info, no_code_execution():
        af.get(text)
    assert fragment in str(info.value)
    assert not (tmp_path / "hacked").exists()


def test_limits_admit_what_is_below_them() -> None:
    assert af.get("(" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1))(1.0) == 1.0
    assert af.get("x" + "+x" * ((MAX_NODES - 1) // 2))(1.0) == (MAX_NODES - 1) // 2 + 1
    assert len("x" + " " * (MAX_LENGTH - 1)) == MAX_LENGTH
    assert af.get("x" + " " * (MAX_LENGTH - 1))(3.0) == 3.0


def test_a_valid_expression_never_calls_eval_exec_or_compile() -> None:
    with no_code_execution():
        act = af.get("my(beta=2)=where(x > 0, x*sigmoid(beta*x), elu(x, alpha=0.5))")
        slope = float(act.grad(1.0))
    assert slope > 0
