"""Gated units (gelu, quick_gelu, silu, swish, hardswish, mish, serf, tanh_exp, logish, elish):
the facts the generic accuracy tests do not cover — kink conventions, presets, parameter
errors, published constants, identities, the far tails — against mpmath or exact values."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import actfn_cli as af

mp.mp.dps = 50
GATED = ["gelu", "quick_gelu", "silu", "swish", "hardswish", "mish", "serf", "tanh_exp",
         "logish", "elish"]


def ulps(ours: float, exact) -> float:
    exact = float(exact)
    return abs(ours - exact) / np.spacing(abs(exact))


def sig(x):
    return 1 / (1 + mp.exp(-x))


def allowed(f, x, base=4.0):
    """The contract's tolerance in ulp: ``base`` + 2·|x·f′/f| (conditioning), f in mpmath."""
    x = mp.mpf(x)
    return base + 2 * float(abs(x * mp.diff(f, x) / f(x)))


# ----------------------------------------------------------------------------- names
@pytest.mark.parametrize(("alias", "name"), [
    ("hard_silu", "hardswish"), ("hard_swish", "hardswish"), ("Hardswish", "hardswish"),
    ("SiLU", "silu"), ("QuickGELU", "quick_gelu"), ("TanhExp", "tanh_exp"), ("ELiSH", "elish"),
    ("swish", "swish"), ("GELU", "gelu"),
])
def test_framework_spellings(alias: str, name: str) -> None:
    assert af.get(alias).name == name


def test_swish_is_not_an_alias_of_silu() -> None:
    swish, silu = af.get("swish"), af.get("silu")
    assert swish.name == "swish" and [p.name for p in swish.definition.params] == ["beta"]
    assert silu.definition.params == ()


def test_every_gated_unit_dips_below_zero() -> None:
    # none is monotonic: the declared minimum is negative and f′ < 0 somewhere left of 0
    x = np.linspace(-4, 0, 401)
    for name in GATED:
        act = af.get(name)
        assert act.definition.monotonic is False
        assert act.range[0] < 0 and act.range[1] == math.inf
        assert (act.grad(x) < 0).any() and act(x).min() >= act.range[0], name


# ----------------------------------------------------------------------------- presets
@pytest.mark.parametrize(("preset", "approximate"), [
    (None, None), ("torch", None), ("keras", None), ("keras2", None), ("tf", None),
    ("jax", "tanh"),
])
def test_gelu_presets(preset, approximate) -> None:
    act = af.get("gelu" + (f"@{preset}" if preset else ""))
    assert act.params["approximate"] == approximate


def test_gelu_forms_against_mpmath() -> None:
    c = mp.sqrt(2 / mp.pi)

    def exact(x):
        return x * mp.ncdf(x)

    def tanh(x):  # the published constants √(2/π) and 0.044715
        return x / 2 * (1 + mp.tanh(c * (x + mp.mpf("0.044715") * x**3)))
    for x in (-3.0, -0.5, 0.25, 2.0):
        for spec, f in (("gelu", exact), ("gelu@jax", tanh), ("gelu:approximate=tanh", tanh),
                        ("gelu@jax:approximate=none", exact)):
            assert ulps(float(af.get(spec)(x)), f(mp.mpf(x))) <= allowed(f, x), (spec, x)
    # the two forms differ by up to ~5e-4 (at |x| ≈ 2.2): they are not the same function
    assert abs(float(af.get("gelu")(2.2)) - float(af.get("gelu@jax")(2.2))) > 1e-4


def test_gelu_approximate_spellings_round_trip() -> None:
    act = af.get("gelu", approximate="tanh")
    assert af.get(act.spec).params["approximate"] == "tanh"
    assert af.get("gelu:approximate=none").params["approximate"] is None
    assert af.get("gelu:approximate=NONE") == af.get("gelu")


# ----------------------------------------------------------------------------- parameters
@pytest.mark.parametrize(("spec", "words"), [
    ("gelu:approximate=erf", ["approximate", "none", "tanh"]),
    ("gelu:approximate=1.5", ["approximate", "none", "tanh"]),
    ("swish:beta=abc", ["beta", "number"]),
    ("swish:beta=inf", ["beta", "finite"]),
    ("silu:beta=2", ["silu", "beta"]),
])
def test_parameter_errors_name_the_parameter(spec: str, words: list[str]) -> None:
    with pytest.raises(af.ParameterError) as err:
        af.get(spec)
    for word in words:
        assert word in str(err.value)


def test_swish_beta_zero_is_half_the_identity() -> None:
    act = af.get("swish", beta=0.0)
    x = np.array([-np.inf, -3.0, 0.0, 1e308, np.inf, np.nan])
    np.testing.assert_array_equal(act(x), x / 2)
    np.testing.assert_array_equal(act.grad(x), [0.5, 0.5, 0.5, 0.5, 0.5, np.nan])
    np.testing.assert_array_equal(act.grad(x, order=2), [0, 0, 0, 0, 0, np.nan])


def test_swish_negative_beta_limits() -> None:
    # x·σ(−1.5x): −∞ at −∞, 0 at +∞
    act = af.get("swish", beta=-1.5)
    np.testing.assert_array_equal(act([-np.inf, np.inf]), [-np.inf, 0.0])
    assert act.range == (-math.inf, pytest.approx(0.27846454276107380 / 1.5, rel=1e-15))


# ----------------------------------------------------------------------------- kinks
@pytest.mark.parametrize("preset", ["torch", "jax"])
def test_hardswish_kink_conventions(preset: str) -> None:
    act = af.get(f"hardswish@{preset}")
    assert float(act.grad(-3.0)) == 0.0  # PyTorch and JAX: the outer piece's slope
    assert float(act.grad(3.0)) == 1.0
    assert float(act.grad(-3.0, order=2)) == 0.0
    assert float(act.grad(3.0, order=2)) == 0.0
    # just inside: the middle piece, (2x + 3)/6 and 1/3
    assert float(act.grad(np.nextafter(-3.0, 0.0))) == pytest.approx(-0.5, abs=1e-15)
    assert float(act.grad(np.nextafter(3.0, 0.0))) == pytest.approx(1.5, abs=1e-15)
    assert float(act.grad(np.nextafter(3.0, 0.0), order=2)) == 1 / 3


def test_hardswish_exact_values() -> None:
    act = af.get("hardswish")
    x = np.array([-4.0, -3.0, -1.5, 0.0, 1.5, 3.0, 4.0])
    np.testing.assert_array_equal(act(x), [0.0, 0.0, -0.375, 0.0, 1.125, 3.0, 4.0])
    np.testing.assert_array_equal(act.grad(x), [0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0])
    assert act.range[0] == -0.375 == float(act(-1.5))
    x32 = x.astype(np.float32)
    np.testing.assert_array_equal(act(x32), act(x).astype(np.float32))


def test_elish_is_c1_with_a_jump_in_f2_at_zero() -> None:
    act = af.get("elish")
    tiny = 1e-300
    assert float(act.grad(0.0)) == 0.5
    assert float(act.grad(-tiny)) == pytest.approx(0.5, abs=1e-15)
    assert float(act.grad(0.0, order=2)) == 0.5  # the x ≥ 0 piece (silu″(0))
    assert float(act.grad(-tiny, order=2)) == pytest.approx(1.0, abs=1e-15)  # e(e³+3e²+5e−1)/(1+e)³ at e=1
    assert act.definition.continuity == 1 and act.kinks == ()


# ----------------------------------------------------------------------------- constants
def test_minima_are_the_published_and_computed_ones() -> None:
    exact = {
        "silu": -mp.lambertw(mp.exp(-1)).real,
        "quick_gelu": -mp.lambertw(mp.exp(-1)).real / mp.mpf("1.702"),
        "elish": 2 * mp.sqrt(2) - 3,
        "hardswish": mp.mpf("-0.375"),
    }
    forms = {
        "gelu": lambda x: x * mp.ncdf(x),
        "mish": lambda x: x * mp.tanh(mp.log1p(mp.exp(x))),
        "serf": lambda x: x * mp.erf(mp.log1p(mp.exp(x))),
        "tanh_exp": lambda x: x * mp.tanh(mp.exp(x)),
        "logish": lambda x: x * mp.log1p(sig(x)),
    }
    for name, f in forms.items():
        exact[name] = f(mp.findroot(lambda t, f=f: mp.diff(f, t), -1))
    for name, value in exact.items():
        lo = af.get(name).range[0]
        assert lo <= value and ulps(lo, value) <= 1, name


def test_gelu_tanh_minimum() -> None:
    c = mp.sqrt(2 / mp.pi)

    def f(x):
        return x / 2 * (1 + mp.tanh(c * (x + mp.mpf("0.044715") * x**3)))
    low = f(mp.findroot(lambda t: mp.diff(f, t), -0.75))
    lo = af.get("gelu@jax").range[0]
    assert lo <= low and ulps(lo, low) <= 1


def test_quick_gelu_is_swish_1702() -> None:
    x = np.linspace(-12, 12, 97)
    q, s = af.get("quick_gelu"), af.get("swish", beta=1.702)
    for order in (0, 1, 2):
        ours = q(x) if order == 0 else q.grad(x, order=order)
        np.testing.assert_array_equal(ours, s(x) if order == 0 else s.grad(x, order=order))
    assert ulps(float(q(1.0)), 1 / (1 + mp.exp(-mp.mpf("1.702")))) <= 2


def test_swish_beta_one_is_silu() -> None:
    x = np.concatenate([np.linspace(-50, 50, 201), [-np.inf, np.inf, np.nan]])
    a, b = af.get("swish"), af.get("silu")
    for order in (0, 1, 2):
        fa = a(x) if order == 0 else a.grad(x, order=order)
        fb = b(x) if order == 0 else b.grad(x, order=order)
        np.testing.assert_array_equal(fa, fb)


# ----------------------------------------------------------------------------- far tails
@pytest.mark.parametrize(("name", "x", "order", "exact"), [
    ("silu", -40.0, 1, lambda x: mp.diff(lambda t: t * sig(t), x)),
    ("silu", -700.0, 1, lambda x: mp.diff(lambda t: t * sig(t), x)),
    ("silu", -712.0, 0, lambda x: x * sig(x)),  # e^x subnormal, x·e^x not
    ("gelu", -30.0, 1, lambda x: mp.ncdf(x) + x * mp.npdf(x)),
    ("gelu", -30.0, 2, lambda x: mp.npdf(x) * (2 - x * x)),
    ("mish", -40.0, 1, lambda x: mp.diff(lambda t: t * mp.tanh(mp.log1p(mp.exp(t))), x)),
    ("logish", -40.0, 1, lambda x: mp.diff(lambda t: t * mp.log1p(sig(t)), x)),
    ("tanh_exp", -40.0, 2, lambda x: mp.diff(lambda t: t * mp.tanh(mp.exp(t)), x, 2)),
    ("silu", 30.0, 2, lambda x: -mp.diff(lambda t: t * sig(-t), x, 2)),
])
def test_far_tails_keep_relative_accuracy(name, x, order, exact) -> None:
    act = af.get(name)
    ours = float(act(x) if order == 0 else act.grad(x, order=order))
    assert ulps(ours, exact(mp.mpf(x))) <= 16


def test_tiny_beta_swish_where_the_gate_is_subnormal() -> None:
    # x·σ(βx) with βx = −710: e^(βx) is subnormal, the product is a normal number
    act = af.get("swish", beta=1e-6)
    x = -7.1e8
    exact = x * sig(mp.mpf("1e-6") * x)
    assert abs(float(exact)) > 2.3e-308
    assert ulps(float(act(x)), exact) <= 8


def test_gelu_tanh_second_derivative_in_the_subnormal_window() -> None:
    c = 2 * mp.sqrt(2 / mp.pi)

    def f(t):
        return t * sig(c * (t + mp.mpf("0.044715") * t**3))
    for x in (-21.2, -21.25):
        exact = mp.diff(f, mp.mpf(x), 2)
        assert abs(float(exact)) > 2.3e-308  # e^z is subnormal there, f″ is not
        assert ulps(float(af.get("gelu@jax").grad(x, order=2)), exact) <= 8 + 2 * 3 * 21.2 * 34


def test_exact_gelu_float32_dense_against_mpmath() -> None:
    """The float32 path of the exact GELU (its own cheaper Φ, rounded to float32 once): the
    contract (4 ulp for f, 8 for f′ and f″, + 2·|x·g′/g|) on 20000 random float32 points in
    [−20, 10] (the tail down to where every result underflows), ±0, ±16 and the limits."""
    rng = np.random.default_rng(20)
    x = np.concatenate([rng.uniform(-20.0, 10.0, 20000),
                        [0.0, -0.0, 16.0, -16.0, -14.5, 1e-30, -1e-30, -0.7517916]])
    x = x.astype(np.float32)
    act = af.get("gelu")
    ours = [act(x), act.grad(x), act.grad(x, order=2)]
    assert all(o.dtype == np.float32 for o in ours)
    mp.mp.dps = 30
    try:
        rows = []
        for v in x.tolist():
            v = mp.mpf(v)
            c, p = mp.ncdf(v), mp.npdf(v)
            g = (v * c, c + v * p, p * (2 - v * v), p * v * (v * v - 3))
            rows.append([float(t) for t in g[:3]]
                        + [float(abs(v * g[k + 1] / g[k])) if g[k] else 0.0 for k in range(3)])
    finally:
        mp.mp.dps = 50
    ref = np.array(rows)
    for order in range(3):
        exact = ref[:, order]
        got = ours[order].astype(np.float64)
        err = np.abs(got - exact) / np.spacing(np.abs(exact).astype(np.float32)).astype(np.float64)
        err[got == exact.astype(np.float32)] = 0.0
        allowed_ulp = (4.0 if order == 0 else 8.0) + 2.0 * ref[:, 3 + order]
        bad = np.flatnonzero(err > allowed_ulp)
        assert bad.size == 0, (order, x[bad[:5]], err[bad[:5]])
    lim = np.array([-np.inf, np.inf, np.nan, -3e38, 3e38], np.float32)
    f, d1, d2 = act(lim), act.grad(lim), act.grad(lim, order=2)
    assert f[0] == 0 and f[1] == np.inf and np.isnan(f[2]) and f[3] == 0 and f[4] == 3e38
    assert d1[0] == 0 and d1[1] == 1 and np.isnan(d1[2]) and d1[3] == 0 and d1[4] == 1
    assert d2[0] == 0 and d2[1] == 0 and np.isnan(d2[2]) and d2[3] == 0 and d2[4] == 0


@pytest.mark.parametrize("name", GATED)
def test_limits_and_nan(name: str) -> None:
    act = af.get(name)
    x = np.array([-np.inf, np.inf, np.nan])
    f, d1, d2 = act(x), act.grad(x), act.grad(x, order=2)
    assert f[0] == 0 and f[1] == np.inf and np.isnan(f[2])
    assert d1[0] == 0 and d1[1] == (math.log(2) if name == "logish" else 1.0)
    assert d2[0] == 0 and d2[1] == 0
    assert np.isnan(d1[2]) and np.isnan(d2[2])


# ----------------------------------------------------------------------------- properties
_SYMMETRIC = ["gelu", "gelu@jax", "silu", "quick_gelu", "swish:beta=0.5", "swish:beta=-2"]


@settings(max_examples=200, deadline=None)
@given(x=st.floats(-60, 60, allow_nan=False), spec=st.sampled_from(_SYMMETRIC))
def test_gate_symmetry(x: float, spec: str) -> None:
    """g(x) + g(−x) = 1 for these gates (Φ, σ(βx)), so f(x) − f(−x) = x,
    f′(x) + f′(−x) = 1 and f″ is even."""
    act = af.get(spec)
    v = act(np.array([x, -x]))
    d1 = act.grad(np.array([x, -x]))
    d2 = act.grad(np.array([x, -x]), order=2)
    # a few ulp of the terms each (the contract allows 4 for f, 8 for f′ and f″)
    assert v[0] - v[1] == pytest.approx(x, rel=2e-15, abs=2e-15 * abs(v[0]) + 1e-300)
    assert d1[0] + d1[1] == pytest.approx(1.0, abs=4e-15 * max(1.0, abs(d1[0]), abs(d1[1])))
    assert d2[0] == pytest.approx(d2[1], rel=4e-15, abs=1e-300)


@settings(max_examples=200, deadline=None)
@given(x=st.floats(-1e6, 1e6, allow_nan=False), name=st.sampled_from(GATED))
def test_values_stay_in_the_declared_range(x: float, name: str) -> None:
    act = af.get(name)
    lo, hi = act.range
    y = float(act(x))
    assert lo * (1 + 4e-16) <= y <= hi


@settings(max_examples=100, deadline=None)
@given(x=st.floats(-30, 30, allow_nan=False), beta=st.floats(0.05, 20))
def test_swish_is_a_scaled_silu(x: float, beta: float) -> None:
    """x·σ(βx) = silu(βx)/β, and swish′(x) = silu′(βx): exact in real arithmetic; here
    the rounding of βx (amplified by the condition number) bounds the difference."""
    s, silu = af.get("swish", beta=beta), af.get("silu")
    z = beta * x
    cond = 1 + abs(z) * 2
    assert float(s(x)) == pytest.approx(float(silu(z)) / beta, rel=8e-16 * cond, abs=1e-300)
    assert float(s.grad(x)) == pytest.approx(float(silu.grad(z)), rel=8e-16 * cond,
                                             abs=2e-16 * cond)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_exact_gelu_keeps_the_sign_of_zero(dtype) -> None:
    # x·Φ(x) has the sign of x: −0 at −0 and where it underflows, as torch.nn.functional.gelu
    x = np.array([-0.0, 0.0, -np.inf, -60.0, 1e-30, -1e-30], dtype=dtype)
    assert np.signbit(af.get("gelu")(x)).tolist() == [True, False, True, True, False, True]
