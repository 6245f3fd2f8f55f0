"""Rectifier facts the generic accuracy tests do not cover: the framework conventions at kinks
and jumps, preset values, parameter validation, published constants, identities from the
literature, the kink/jump metadata, inputs beyond float32's range and the float32 path."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import actfn_cli as af
from actfn_cli.core import registry
from tests.reference.rectifiers import REFERENCES

LAMBDA = "1.0507009873554804934193349852946"
ALPHA = "1.6732632423543772848170429916717"
FAMILY = [d.name for d in registry.all_definitions() if d.family == "rectifier"]


def val(spec, x, order=0, dtype=np.float64, **params):
    act = af.get(spec, **params)
    a = np.asarray(x, dtype=dtype)
    return act(a) if order == 0 else act.grad(a, order=order)


def mp64(fn) -> float:
    """float(fn()) with fn evaluated at 60 digits."""
    with mp.workdps(60):
        return float(fn())


# --------------------------------------------------------------------------- conventions
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("spec", "params", "x0", "order", "want"), [
    ("relu", {}, 0.0, 1, 0.0),
    ("relu@jax", {}, 0.0, 1, 0.0),
    ("relu6", {}, 0.0, 1, 0.0),
    ("relu6", {}, 6.0, 1, 0.0),
    ("relu6@jax", {}, 6.0, 1, 0.0),
    ("leaky_relu", {}, 0.0, 1, 0.01),
    ("leaky_relu@torch", {}, 0.0, 1, 0.01),
    ("leaky_relu@jax", {}, 0.0, 1, 1.0),
    ("leaky_relu@jax", {}, -1e-30, 1, 0.01),
    ("leaky_relu@keras", {}, 0.0, 1, 0.2),
    ("leaky_relu@tf", {}, 0.0, 1, 0.2),
    ("prelu", {}, 0.0, 1, 0.25),
    ("prelu@keras", {}, 0.0, 1, 0.0),
    ("rrelu", {}, 0.0, 1, (1 / 8 + 1 / 3) / 2),
    ("elu", {}, 0.0, 1, 1.0),
    ("elu", {"alpha": 0.5}, 0.0, 1, 0.5),
    ("elu", {"alpha": 2.0}, 0.0, 1, 2.0),
    ("elu@jax", {"alpha": 2.0}, 0.0, 1, 2.0),
    ("elu", {"alpha": 2.0}, 0.0, 2, 2.0),
    ("celu", {"alpha": 0.5}, 0.0, 1, 1.0),
    ("celu", {"alpha": -1.0}, 0.0, 1, 1.0),
    ("celu", {"alpha": 0.5}, 0.0, 2, 2.0),
    ("threshold", {}, 1.0, 0, 0.0),
    ("threshold", {}, 1.0, 1, 0.0),
    ("threshold", {"threshold": -2.0, "value": 3.5}, -2.0, 0, 3.5),
    ("hardshrink", {}, 0.5, 0, 0.0),
    ("hardshrink", {}, -0.5, 0, 0.0),
    ("hardshrink", {}, 0.5, 1, 0.0),
    ("hardshrink", {"lambd": 0.0}, 0.0, 1, 0.0),
    ("softshrink", {}, 0.5, 1, 0.0),
    ("softshrink", {}, -0.5, 1, 0.0),
    ("binary_step", {}, 0.0, 0, 1.0),
    ("binary_step", {}, 0.0, 1, 0.0),
    ("signum", {}, 0.0, 0, 0.0),
    ("signum", {}, 0.0, 1, 0.0),
    ("absolute", {}, 0.0, 1, 0.0),
    ("srelu", {}, -1.0, 1, 0.1),
    ("srelu", {"a_right": 2.0}, 1.0, 1, 2.0),
    ("relu_squared", {}, 0.0, 2, 0.0),
    ("star_relu", {}, 0.0, 2, 0.0),
    ("smelu", {"beta": 2.0}, 2.0, 2, 0.0),
    ("smelu", {"beta": 2.0}, -2.0, 2, 0.0),
    ("sparse_plus", {}, 1.0, 2, 0.0),
    ("sparse_plus", {}, -1.0, 2, 0.0),
])
def test_value_at_kinks_and_jumps(spec, params, x0, order, want, dtype):
    got = val(spec, [x0], order, dtype, **params)[0]
    assert got == np.asarray(want, dtype), (spec, params, x0, order, got)


def test_selu_kink_values_use_the_published_constants():
    la = mp64(lambda: mp.mpf(LAMBDA) * mp.mpf(ALPHA))
    assert val("selu", [0.0], 1)[0] == la
    assert val("selu", [0.0], 2)[0] == la
    assert val("selu", [1e-300], 1)[0] == mp64(lambda: mp.mpf(LAMBDA))
    assert val("selu", [-np.inf])[0] == -la


# --------------------------------------------------------------------------- presets, params
@pytest.mark.parametrize(("spec", "param", "want"), [
    ("leaky_relu", "negative_slope", 0.01), ("leaky_relu@torch", "negative_slope", 0.01),
    ("leaky_relu@jax", "negative_slope", 0.01), ("leaky_relu@keras", "negative_slope", 0.2),
    ("leaky_relu@keras2", "negative_slope", 0.2), ("leaky_relu@tf", "negative_slope", 0.2),
    ("prelu", "weight", 0.25), ("prelu@keras", "weight", 0.0), ("prelu@keras2", "weight", 0.0),
    ("prelu@tf", "weight", 0.0), ("rrelu", "lower", 0.125), ("rrelu", "upper", 1 / 3),
    ("threshold", "threshold", 1.0), ("threshold", "value", 0.0),
    ("hardshrink", "lambd", 0.5), ("softshrink", "lambd", 0.5), ("celu", "alpha", 1.0),
])
def test_preset_and_default_values(spec, param, want):
    assert af.get(spec).params[param] == want


@pytest.mark.parametrize(("spec", "params", "words"), [
    ("celu", {"alpha": 0}, ("alpha", "≠ 0")),
    ("hardshrink", {"lambd": -0.1}, ("lambd", "≥ 0")),
    ("softshrink", {"lambd": -1}, ("lambd", "≥ 0")),
    ("isrlu", {"alpha": 0}, ("alpha", "> 0")),
    ("isrlu", {"alpha": -1}, ("alpha", "> 0")),
    ("smelu", {"beta": 0}, ("beta", "> 0")),
    ("rrelu", {"lower": 0.5, "upper": 0.1}, ("lower", "upper", "≤")),
    ("srelu", {"t_left": 1.0, "t_right": 1.0}, ("t_left", "t_right", "<")),
    ("leaky_relu", {"slope": 0.1}, ("slope", "negative_slope")),
])
def test_parameter_errors_name_the_parameter_and_the_rule(spec, params, words):
    with pytest.raises(af.ParameterError) as err:
        af.get(spec, **params)
    assert all(w in str(err.value) for w in words), str(err.value)


def test_spellings():
    for alias, name in [("linear", "identity"), ("LeakyReLU", "leaky_relu"), ("ReLU6", "relu6"),
                        ("hard_shrink", "hardshrink"), ("soft-shrink", "softshrink"),
                        ("thresholded_relu", "threshold"), ("squared_relu", "relu_squared"),
                        ("StarReLU", "star_relu"), ("sign", "signum"), ("abs", "absolute"),
                        ("heaviside", "binary_step"), ("SparsePlus", "sparse_plus")]:
        assert af.get(alias).name == name


# --------------------------------------------------------------------------- constants
def test_selu_constants_are_the_closed_forms_of_klambauer_et_al():
    with mp.workdps(60):
        r2, e = mp.sqrt(2), mp.e
        c = mp.erfc(1 / r2)
        alpha = -mp.sqrt(2 / mp.pi) / (c * mp.sqrt(e) - 1)
        lam = (1 - c * mp.sqrt(e)) * mp.sqrt(2 * mp.pi) / mp.sqrt(
            2 * mp.erfc(r2) * e ** 2 + mp.pi * c ** 2 * e - 2 * (2 + mp.pi) * c * mp.sqrt(e)
            + mp.pi + 2)
        assert abs(alpha - mp.mpf(ALPHA)) < mp.mpf(10) ** -31
        assert abs(lam - mp.mpf(LAMBDA)) < mp.mpf(10) ** -31
    assert val("selu", [1.0])[0] == mp64(lambda: mp.mpf(LAMBDA))
    assert val("selu", [1.0], 1)[0] == mp64(lambda: mp.mpf(LAMBDA))


def test_star_relu_defaults_normalise_relu_squared_of_a_standard_normal():
    with mp.workdps(40):
        m2 = mp.quad(lambda z: z ** 2 * mp.npdf(z), [0, mp.inf])   # E relu(z)² = 1/2
        m4 = mp.quad(lambda z: z ** 4 * mp.npdf(z), [0, mp.inf])   # E relu(z)⁴ = 3/2
        scale = 1 / mp.sqrt(m4 - m2 ** 2)
        scale_f, bias_f = float(scale), float(-m2 * scale)
    p = af.get("star_relu").params
    assert (p["scale"], p["bias"]) == (scale_f, bias_f)
    assert (scale_f, bias_f) == (mp64(lambda: 2 / mp.sqrt(5)), mp64(lambda: -1 / mp.sqrt(5)))
    assert round(scale_f, 4) == 0.8944 and round(bias_f, 4) == -0.4472  # as the paper prints
    z = np.linspace(-12, 12, 240001)
    w = np.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    y = val("star_relu", z)
    mean, second = np.trapezoid(y * w, z), np.trapezoid(y * y * w, z)
    assert abs(mean) < 1e-8 and abs(second - 1) < 1e-8


# --------------------------------------------------------------------------- identities
X = np.concatenate([np.linspace(-8, 8, 1601), [-np.inf, -1e308, -1e-300, 0.0, 1e-300, 1e308,
                                               np.inf]])


@pytest.mark.parametrize(("a", "b"), [
    ("sparse_plus", ("smelu", {"beta": 1.0})),              # JAX: sparse_plus is SmeLU, β = 1
    ("relu", ("threshold", {"threshold": 0.0, "value": 0.0})),  # PyTorch: ReLU = Threshold(0, 0)
    ("relu", ("leaky_relu", {"negative_slope": 0.0})),
    ("relu", ("prelu@keras", {})),
    ("elu", ("celu", {"alpha": 1.0})),                       # Barron: CELU(α = 1) = ELU(α = 1)
    ("relu_squared", ("star_relu", {"scale": 1.0, "bias": 0.0})),
    (("leaky_relu", {"negative_slope": 0.3}), ("prelu", {"weight": 0.3})),
    (("leaky_relu", {"negative_slope": 0.2}), ("rrelu", {"lower": 0.2, "upper": 0.2})),
    ("identity", ("leaky_relu@jax", {"negative_slope": 1.0})),
])
def test_identities(a, b):
    a, pa = (a, {}) if isinstance(a, str) else a
    b, pb = (b, {}) if isinstance(b, str) else b
    for order in (0, 1, 2):
        np.testing.assert_array_equal(val(a, X, order, **pa), val(b, X, order, **pb))


def test_sign_and_abs_from_steps_and_relus():
    np.testing.assert_array_equal(val("signum", X), val("binary_step", X) - val("binary_step", -X))
    np.testing.assert_array_equal(val("absolute", X), val("relu", X) + val("relu", -X))
    np.testing.assert_array_equal(val("absolute", X, 1), val("relu", X, 1) - val("relu", -X, 1))


# --------------------------------------------------------------------------- metadata
@pytest.mark.parametrize(("spec", "params", "kinks", "jumps"), [
    ("elu", {}, (), ()), ("elu", {"alpha": 2.0}, (0.0,), ()), ("celu", {"alpha": 3.0}, (), ()),
    ("leaky_relu", {"negative_slope": 1.0}, (), ()), ("rrelu", {}, (0.0,), ()),
    ("threshold", {}, (), (1.0,)), ("threshold", {"threshold": 2.0, "value": 2.0}, (2.0,), ()),
    ("hardshrink", {"lambd": 2.0}, (), (-2.0, 2.0)), ("hardshrink", {"lambd": 0.0}, (0.0,), ()),
    ("softshrink", {"lambd": 0.0}, (0.0,), ()), ("srelu", {"a_left": 1.0}, (1.0,), ()),
    ("relu6", {}, (0.0, 6.0), ()), ("isrlu", {}, (), ()), ("smelu", {}, (), ()),
])
def test_kinks_and_jumps_follow_the_parameters(spec, params, kinks, jumps):
    act = af.get(spec, **params)
    assert (tuple(act.kinks), tuple(act.jumps)) == (kinks, jumps)


def _params_for(name):
    return [{}] + [c for c in REFERENCES[name].cases if c and "preset" not in c]


def _breaks(fn, x0):
    """True when fn breaks at x0 (a jump, a kink's jump in f′, or a point value off both sides,
    as f′(0) = 0 of hardshrink with λ = 0): the gap to the neighbours does not shrink with h."""
    def gap(h):
        lo, mid, hi = fn(np.array([x0 - h, x0, x0 + h]))
        return max(abs(float(hi - mid)), abs(float(mid - lo)))
    g6, g9 = gap(1e-6), gap(1e-9)
    return g6 > 1e-12 * (1 + abs(x0)) and g9 > 0.5 * g6


@pytest.mark.parametrize("name", FAMILY)
def test_declared_kinks_and_jumps_are_real_and_complete(name):
    """f breaks exactly at the declared jumps and f′ exactly at the declared kinks: checked at
    every parameter value (both signs), the integers and a fine grid of [−8, 8] (parameter
    sets whose features are narrower than the probing step are left out)."""
    for params in _params_for(name):
        if any(0 < abs(v) < 1e-3 for v in params.values()):
            continue
        act = af.get(name, **params)
        jumps, kinks = set(act.jumps), set(act.kinks)
        values = [float(v) for v in act.params.values()]
        pts = {*np.linspace(-8, 8, 1601).tolist(), *range(-8, 9), *jumps, *kinks,
               *values, *[-v for v in values]}
        for x0 in sorted(pts):
            if any(0 < abs(x0 - b) < 1e-5 for b in jumps | kinks):
                continue
            assert _breaks(act, x0) == (x0 in jumps), (name, params, x0, "jump")
            if x0 not in jumps:
                assert _breaks(act.grad, x0) == (x0 in kinks), (name, params, x0, "kink")


@pytest.mark.parametrize("name", FAMILY)
def test_values_stay_in_the_declared_range(name):
    for params in _params_for(name):
        act = af.get(name, **params)
        lo, hi = act.range
        y = act(np.concatenate([X, np.linspace(-1e3, 1e3, 2001)]))
        assert np.all((y >= lo) & (y <= hi)), (name, params, lo, hi)


# --------------------------------------------------------------------------- float64 only
HUGE = [-1.7e308, -1e250, -1e200, -1e160, -1.3e154, -1e125, -1e60, -3e38, -1e9, -2.0**27,
        1e9, 1e60, 1.3e154, 1.34e154, 1.35e154, 1.42e154, 1.5e154, 1e200, 1.7e308]


def _mp_float(v) -> float:
    return float(v) if abs(v) <= mp.mpf("1.7976931348623157e308") else math.copysign(math.inf, v)


@pytest.mark.parametrize(("name", "params"), [
    ("isrlu", {}), ("isrlu", {"alpha": 1e-6}), ("isrlu", {"alpha": 1e6}),
    ("isrlu", {"alpha": 1e-300}), ("relu_squared", {}), ("star_relu", {}),
    ("star_relu", {"scale": -0.5, "bias": 1.0}), ("leaky_relu", {"negative_slope": 1.5}),
    ("srelu", {"t_left": -2.0, "a_left": 0.0, "t_right": 3.0, "a_right": 2.0}),
    ("celu", {"alpha": -0.25}), ("celu", {"alpha": -3.0}), ("smelu", {"beta": 1e300}),
])
def test_beyond_float32_range_against_mpmath(name, params):
    """float64 inputs beyond float32's range (the generic grid jumps from 1e3 to 1e308):
    overflow only where the true value overflows; the contract's ulp bound elsewhere."""
    ref = REFERENCES[name]
    full = af.get(name, **params).params
    x = np.array(HUGE + [-v for v in HUGE] + [-177.0, -178.0, -2129.0, -2131.0])
    forms = [lambda t: ref.f(t, **full), lambda t: ref.d1(t, **full),
             lambda t: ref.d2(t, **full)]
    for order in (0, 1, 2):
        got = val(name, x, order, **params)
        for xi, gi in zip(x, got):
            with mp.workdps(60 + int(math.log10(abs(xi)))):
                X = mp.mpf(xi)
                want = forms[order](X)
                slope = forms[order + 1](X) if order < 2 else mp.diff(forms[2], X)
                cond = float(abs(X * slope / want)) if want else 0.0
            w = _mp_float(want)
            ok = gi == w or abs(gi - w) <= ((4, 8, 8)[order] + 2 * cond) * np.spacing(abs(w))
            assert ok, (name, params, order, xi, gi, w)


# --------------------------------------------------------------------------- float32 path
NATIVE = [d.name for d in registry.all_definitions()
          if d.family == "rectifier" and d.native32]


def _cond(fn, x):
    """|x·g′(x)/g(x)| of g = fn, estimated by a central difference in float64."""
    d = 1e-6
    with np.errstate(all="ignore"):
        c = np.abs(fn(x * (1 + d)) - fn(x * (1 - d))) / (2 * d * np.abs(fn(x)))
    return np.nan_to_num(c, nan=0.0, posinf=0.0)


@pytest.mark.parametrize("name", NATIVE)
def test_native_float32_keeps_the_contract_far_beyond_the_grid(name):
    """The float32 path (native32) against the float64 path rounded once, on 40000 points
    over every float32 exponent: within the contract's bound minus the ulp the float64 path
    itself may be off (3 ulp for f, 7 for f′ and f″, plus 2·cond)."""
    rng = np.random.default_rng(3)
    x = (rng.uniform(1, 2, 20000) * 2.0 ** rng.integers(-149, 128, 20000)
         * rng.choice([-1, 1], 20000)).astype(np.float32)
    x = np.concatenate([x, rng.uniform(-10, 10, 20000).astype(np.float32)])
    x64 = x.astype(np.float64)
    for params in _params_for(name):
        act = af.get(name, **params)
        for order, tol in ((0, 3), (1, 7), (2, 7)):
            fn = act if order == 0 else (lambda v, a=act, k=order: a.grad(v, order=k))
            f32 = fn(x)
            assert f32.dtype == np.float32
            with np.errstate(all="ignore"):
                r64 = fn(x64).astype(np.float32)
                err = np.abs(f32.astype(np.float64) - r64) / np.spacing(np.abs(r64))
            same = (f32 == r64) | (np.isnan(f32) & np.isnan(r64))
            bad = ~same & ~(err <= tol + 2 * _cond(fn, x64))
            assert not bad.any(), (name, params, order, x[bad][:5], f32[bad][:5], r64[bad][:5])


# --------------------------------------------------------------------------- properties
MONOTONIC = [n for n in FAMILY if registry.lookup(n).monotonic]
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@pytest.mark.parametrize("name", MONOTONIC)
@settings(max_examples=60, deadline=None)
@given(a=finite, b=finite)
def test_monotonic_entries_are_non_decreasing(name, a, b):
    lo, hi = min(a, b), max(a, b)
    act = af.get(name)
    assert act(lo) <= act(hi)
    assert act.grad(lo) >= 0 and act.grad(hi) >= 0


@settings(max_examples=200, deadline=None)
@given(x=st.floats(allow_nan=False), lambd=st.floats(0, 1e3))
def test_shrinks_and_signum_are_odd_and_absolute_even(x, lambd):
    for name, p in (("hardshrink", {"lambd": lambd}), ("softshrink", {"lambd": lambd}),
                    ("signum", {})):
        assert val(name, [-x], **p)[0] == -val(name, [x], **p)[0]
    assert val("absolute", [-x])[0] == val("absolute", [x])[0]


@settings(max_examples=300, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False), s=st.floats(-10, 10))
def test_leaky_relu_is_x_or_the_correctly_rounded_product(x, s):
    if x >= 0:
        want = x
    else:
        try:
            want = float(Fraction(s) * Fraction(x))  # correctly rounded, subnormals included
        except OverflowError:
            want = math.copysign(math.inf, s * x)
    assert val("leaky_relu", [x], negative_slope=s)[0] == want
