"""Measured properties (core.analysis): known outcomes against mpmath and closed forms, and
agreement with every catalogue entry's declared metadata."""

from __future__ import annotations

import json
import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import actfn_cli as af
from actfn_cli.core import registry
from actfn_cli.core.activation import Activation
from actfn_cli.core.analysis import properties, summary
from actfn_cli.core.registry import Definition

mp.mp.dps = 40
ELEMENTWISE = [d for d in registry.all_definitions() if not d.vector and d.builtin]


def rel(a: float, b) -> float:
    return abs(a - float(b)) / max(abs(float(b)), 1e-300)


def private(name: str, f, d1, d2, **meta) -> Activation:
    """An activation that is not in the registry (the tests' own, from plain NumPy)."""
    defn = Definition(name=name, family="test", f=f, d1=d1, d2=d2, formula=name, latex=name,
                      derivative=name, **meta)
    return Activation(defn, {})


# ------------------------------------------------------------------ known outcomes
def test_gelu_minimum_against_mpmath() -> None:
    x = mp.findroot(lambda t: mp.ncdf(t) + t * mp.npdf(t), -0.75)  # f′ = Φ + xφ = 0
    p = properties("gelu")
    assert p["range_attained"] == [True, False]
    assert rel(p["argmin"], x) < 1e-13
    assert rel(p["range"][0], x * mp.ncdf(x)) < 1e-15
    assert f"{p['range'][0]:.5f}" == "-0.16997" and f"{p['argmin']:.5f}" == "-0.75179"


def test_silu_minimum_is_lambert_w() -> None:
    w = mp.lambertw(1 / mp.e).real  # x* solves 1 + x + e^x = 0: x* = -1 - W(1/e), f(x*) = -W
    assert abs(1 + (-1 - w) + mp.exp(-1 - w)) < mp.mpf(10) ** -35
    p = properties("silu")
    assert rel(p["argmin"], -1 - w) < 1e-13
    assert rel(p["range"][0], -w) < 1e-15
    assert f"{p['range'][0]:.5f}" == "-0.27846" and f"{p['argmin']:.5f}" == "-1.27846"


def test_gelu_max_gradient_is_at_sqrt2() -> None:
    p = properties("gelu")  # f″ = φ(x)(2 − x²)
    r2 = mp.sqrt(2)
    assert rel(p["max_grad_at"], r2) < 1e-13
    assert rel(p["max_grad"], mp.ncdf(r2) + r2 * mp.npdf(r2)) < 1e-15


def test_sigmoid_gradient_and_saturation() -> None:
    p = properties("sigmoid")
    assert p["max_grad"] == 0.25 and p["max_grad_at"] == 0.0 and p["max_grad_attained"]
    x = mp.findroot(lambda t: mp.exp(-t) / (1 + mp.exp(-t)) ** 2 - mp.mpf("0.001"), 7)
    assert p["saturating"] == "both"
    assert rel(p["saturation_x"][1], x) < 1e-12 and rel(p["saturation_x"][0], -x) < 1e-12
    assert p["range"] == [0.0, 1.0] and p["range_attained"] == [False, False]
    assert p["argmin"] is None and p["argmax"] is None
    assert p["normal_mean"] == pytest.approx(0.5, abs=1e-15)
    var = mp.quad(lambda z: (1 / (1 + mp.exp(-z)) - mp.mpf(1) / 2) ** 2 * mp.npdf(z),
                  [-mp.inf, 0, mp.inf])
    assert rel(p["normal_var"], var) < 1e-12


def test_relu_moments_and_dead_half() -> None:
    p = properties("relu")
    assert rel(p["normal_mean"], 1 / mp.sqrt(2 * mp.pi)) < 1e-14
    assert rel(p["normal_var"], mp.mpf(1) / 2 - 1 / (2 * mp.pi)) < 1e-14
    assert p["zero_grad_share"] == 0.5
    assert p["dead_zone"] == [[-math.inf, 0.0]]
    assert p["argmin"] == 0.0 and p["argmin_set"] == [-math.inf, 0.0]
    assert p["continuity"] == 0 and p["kinks"] == [0.0]
    assert p["saturation_x"] == [0.0, None] and p["saturating"] == "negative"
    assert p["monotonic"] == "non-decreasing" and p["monotonic_derivative"] == "non-decreasing"


def test_selu_fixed_point() -> None:
    lam = mp.mpf("1.0507009873554804934193349852946")
    alpha = mp.mpf("1.6732632423543772848170429916717")

    def selu(z):
        return lam * (z if z > 0 else alpha * mp.expm1(z))

    mean = mp.quad(lambda z: selu(z) * mp.npdf(z), [-mp.inf, 0, mp.inf])
    second = mp.quad(lambda z: selu(z) ** 2 * mp.npdf(z), [-mp.inf, 0, mp.inf])
    p = properties("selu")
    assert abs(p["normal_mean"] - float(mean)) < 1e-14
    assert abs(p["normal_var"] - float(second - mean ** 2)) < 1e-13
    assert abs(p["normal_mean"]) < 1e-6 and abs(p["normal_var"] - 1) < 1e-6
    assert any(s.startswith("self-normalising: E=0.000, Var=1.000") for s in summary(p))


def test_gelu_moments_closed_form() -> None:
    p = properties("gelu")  # E[zΦ(z)] = E[φ(z)] = 1/(2√π)
    assert rel(p["normal_mean"], 1 / (2 * mp.sqrt(mp.pi))) < 1e-13


def test_tanh_moments_against_mpmath() -> None:
    p = properties("tanh")
    assert abs(p["normal_mean"]) < 1e-16
    var = mp.quad(lambda z: mp.tanh(z) ** 2 * mp.npdf(z), [-mp.inf, 0, mp.inf])
    grad_sq = mp.quad(lambda z: mp.sech(z) ** 4 * mp.npdf(z), [-mp.inf, 0, mp.inf])
    assert rel(p["normal_var"], var) < 1e-12 and rel(p["normal_grad_sq"], grad_sq) < 1e-12
    assert p["symmetry"] == "odd" and p["identity_near_zero"] and p["zero_centered"]


def test_piecewise_extremes_are_exact() -> None:
    p = properties("hardswish")  # x(x+3)/6 on [-3, 3]: min -3/8 at -3/2
    assert p["range"][0] == -0.375 and p["argmin"] == -1.5
    assert p["max_grad"] == 1.5 and not p["max_grad_attained"] and p["max_grad_at"] == 3.0
    q = properties("relu6")
    assert q["range"] == [0.0, 6.0] and q["range_attained"] == [True, True]
    assert q["argmax"] == 6.0 and q["argmax_set"] == [6.0, math.inf]
    assert q["dead_zone"] == [[-math.inf, 0.0], [6.0, math.inf]]


def test_jumps_and_dead_steps() -> None:
    p = properties("binary_step")
    assert p["continuity"] == -1 and p["jumps"] == [0.0]
    assert p["zero_grad_share"] == 1.0
    assert "f′ = 0 almost everywhere: no gradient signal to train with" in summary(p)


def test_torch_softplus_threshold_is_a_small_jump() -> None:
    # PyTorch's softplus switches to x at βx = 20: f drops by log1p(e^-20) ≈ 2.06e-9 there.
    p = properties("softplus@torch")
    assert p["jumps"] == [20.0] and p["continuity"] == -1 and p["monotonic"] == "no"
    assert properties("softplus")["continuity"] == "inf"


# ------------------------------------------------------------------ private functions
def test_undeclared_breaks_are_found() -> None:
    kink = private("t_kink", lambda x: np.abs(x - 0.3), lambda x: np.sign(x - 0.3),
                   lambda x: 0.0 * x)
    p = properties(kink)
    assert p["kinks"] == [0.3] and p["continuity"] == 0
    assert p["argmin"] == 0.3 and p["symmetry"] == "none"
    cubic = private("t_c2", lambda x: np.where(x > 0, x ** 3, 0.0),
                    lambda x: np.where(x > 0, 3 * x ** 2, 0.0),
                    lambda x: np.where(x > 0, 6 * x, 0.0))
    q = properties(cubic)
    assert q["continuity"] == 2 and q["third_breaks"] == [0.0]
    assert q["dead_zone"] == [[-math.inf, 0.0]]


def test_underflow_is_not_taken_for_a_plateau() -> None:
    gauss = private("t_gauss", lambda x: np.exp(-x * x), lambda x: -2 * x * np.exp(-x * x),
                    lambda x: (4 * x * x - 2) * np.exp(-x * x))
    p = properties(gauss)  # f and f′ underflow to 0 for |x| > 27: still never attained
    assert p["range"] == [0.0, 1.0] and p["range_attained"] == [False, True]
    assert p["argmax"] == 0.0 and p["dead_zone"] == [] and p["continuity"] == "inf"
    assert p["symmetry"] == "even"
    assert rel(p["max_grad_at"], 1 / mp.sqrt(2)) < 1e-13


def test_periodic_function_without_limits() -> None:
    sine = private("t_sin", np.sin, np.cos, lambda x: -np.sin(x))
    p = properties(sine)
    assert p["range"] == [-1.0, 1.0] and p["range_attained"] == [True, True]
    assert rel(p["argmax"], mp.pi / 2) < 1e-15 and rel(p["argmin"], -mp.pi / 2) < 1e-15
    assert all(math.isnan(v) for v in p["limits"]) and p["saturating"] == "no"
    grow = private("t_xcos", lambda x: x * np.cos(x), lambda x: np.cos(x) - x * np.sin(x),
                   lambda x: -2 * np.sin(x) - x * np.cos(x))
    assert properties(grow)["range"] == [-math.inf, math.inf]


def test_partial_domain() -> None:
    root = private("t_sqrt", np.sqrt, lambda x: 0.5 / np.sqrt(x), lambda x: -0.25 * x ** -1.5)
    p = properties(root)
    assert p["domain"] == [0.0, math.inf]
    assert p["range"] == [0.0, math.inf] and p["argmin"] == 0.0
    assert math.isnan(p["normal_mean"])


@settings(max_examples=25, deadline=None)
@given(st.floats(0.05, 50.0))
def test_softplus_saturation_scales_with_beta(beta: float) -> None:
    p = properties(af.get("softplus", beta=beta))  # σ(βx) = 1e-3 at βx = -ln 999
    assert rel(p["saturation_x"][0], -mp.log(999) / beta) < 1e-10
    assert p["saturation_x"][1] is None and p["grad_limits"] == [0.0, 1.0]


# ------------------------------------------------------------------ the registry
@pytest.mark.parametrize("defn", ELEMENTWISE, ids=lambda d: d.name)
def test_measured_agrees_with_declared(defn) -> None:
    act = af.get(defn.name)
    p = properties(act)
    lo, hi = act.range
    for got, want in zip(p["range"], (lo, hi)):
        assert got == want or (math.isfinite(want) and rel(got, want) < 1e-12), (lo, hi)
    assert (p["monotonic"] in ("non-decreasing", "constant")) == defn.monotonic, p["monotonic"]
    want_c = "inf" if defn.continuity == math.inf else defn.continuity
    assert p["continuity"] == want_c, (p["jumps"], p["kinks"], p["curvature_breaks"])
    assert p["jumps"] == sorted(act.jumps)
    assert p["kinks"] == sorted(set(act.kinks) - set(act.jumps))


def _preset_cases():
    for defn in ELEMENTWISE:
        defaults = {q.name: q.default for q in defn.params}
        for preset, values in defn.presets.items():
            if any(defaults[k] != v for k, v in values.items()):
                yield pytest.param(defn.name, preset, id=f"{defn.name}@{preset}")


@pytest.mark.parametrize(("name", "preset"), list(_preset_cases()))
def test_measured_range_agrees_under_presets(name: str, preset: str) -> None:
    act = af.get(f"{name}@{preset}")
    p = properties(act)
    for got, want in zip(p["range"], act.range):
        assert got == want or (math.isfinite(want) and rel(got, want) < 1e-12), p["range"]


@pytest.mark.parametrize("defn", ELEMENTWISE, ids=lambda d: d.name)
def test_result_is_plain_json(defn) -> None:
    p = properties(defn.name)

    def plain(v) -> bool:
        if isinstance(v, dict):
            return all(isinstance(k, str) and plain(x) for k, x in v.items())
        if isinstance(v, list):
            return all(plain(x) for x in v)
        return v is None or type(v) in (bool, int, float, str)

    assert plain(p)
    json.dumps(p)
    for key in ("range", "argmin", "argmax", "monotonic", "zero_centered", "continuity",
                "saturating", "max_grad"):
        assert key in p
    assert summary(p) and all(isinstance(s, str) and s for s in summary(p))


# ------------------------------------------------------------------ API behaviour
def test_expression_matches_catalogue_entry() -> None:
    expr, entry = properties("x*sigmoid(x)"), properties("silu")
    for key in ("range", "argmin", "max_grad", "max_grad_at", "normal_mean", "normal_var"):
        assert expr[key] == pytest.approx(entry[key], rel=1e-12), key
    for key in ("monotonic", "continuity", "saturating", "dead_zone", "symmetry"):
        assert expr[key] == entry[key], key


def test_cached_results_are_copies() -> None:
    first = properties("tanh")
    first["range"][0] = 123.0
    assert properties("tanh")["range"][0] == -1.0


def test_vector_activations_are_refused() -> None:
    with pytest.raises(af.UsageError, match="element-wise"):
        properties("softmax")


def test_summary_is_built_from_the_numbers() -> None:
    p = properties("sigmoid")
    sentence = "saturates for |x| > 6.9058 (|f′| < 0.001): gradients vanish in deep stacks"
    assert sentence in summary(p)
    p["saturation_x"] = [-5.0, 5.0]
    p["max_grad"] = 0.5
    text = summary(p)
    assert any("|x| > 5 " in s for s in text)
    assert any(s.startswith("max |f′| = 0.5 at x = 0: each layer shrinks gradients by ≥ 2×")
               for s in text)
    relu = summary(properties("relu"))
    assert any(s.startswith("dead (f′ = 0) for x < 0") and "50.0%" in s for s in relu)


def test_table_row_follows_the_columns() -> None:
    from actfn_cli.core.analysis import TABLE_COLUMNS, table_row

    row = dict(zip([k for k, _ in TABLE_COLUMNS], table_row(properties("relu"))))
    assert row["spec"] == "relu" and row["min"] == 0.0 and row["max"] == math.inf
    assert row["argmin"] == "x ≤ 0" and row["argmax"] is None
    assert row["max_grad_at"] == "x ≥ 0" and row["zero_grad_share"] == 0.5
    assert row["saturation_left"] == 0.0 and row["saturation_right"] is None
