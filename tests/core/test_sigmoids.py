"""Facts about the sigmoid and tanh families that the generic accuracy tests do not cover:
framework conventions at kinks, preset values, parameter validation, published constants,
identities from the literature, tails beyond float32's range, and properties (symmetry,
monotonicity, bounds) under hypothesis. Expected values are exact or mpmath at 60 digits."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import actfn_cli as af
from actfn_cli.core import registry

FAMILIES = ("sigmoid", "tanh")
NAMES = [d.name for d in registry.all_definitions() if d.family in FAMILIES]


def ulps(got: float, want: float) -> float:
    """|got − want| in units of the float64 spacing at want (absolute below the normal range)."""
    if got == want:
        return 0.0
    return abs(got - want) / np.spacing(abs(want)) if want else math.inf


def mp60(fn, *args) -> float:
    with mp.workdps(60):
        return float(fn(*(mp.mpf(a) for a in args)))


def test_the_families_are_complete() -> None:
    assert sorted(NAMES) == sorted([
        "sigmoid", "hardsigmoid", "log_sigmoid", "softplus", "log_log", "sparse_sigmoid",
        "tanh", "hardtanh", "tanhshrink", "softsign", "lecun_tanh", "symmetrical_sigmoid",
        "penalized_tanh", "isru", "sqnl", "smht", "arctan"])


@pytest.mark.parametrize(("alias", "name"), [
    ("logistic", "sigmoid"), ("expit", "sigmoid"), ("hard_sigmoid", "hardsigmoid"),
    ("Hardsigmoid", "hardsigmoid"), ("logsigmoid", "log_sigmoid"), ("LogSigmoid", "log_sigmoid"),
    ("hard_tanh", "hardtanh"), ("Tanhshrink", "tanhshrink"), ("tanh_shrink", "tanhshrink"),
    ("soft_sign", "softsign"), ("Softplus", "softplus"), ("log-log", "log_log"),
])
def test_framework_spellings_find_the_activation(alias: str, name: str) -> None:
    assert af.get(alias).name == name


# --------------------------------------------------------------------------- kink conventions
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("spec", "x", "want"), [
    ("hardtanh", [-1.0, 1.0], [0.0, 0.0]),  # PyTorch: the open interval
    ("hardtanh@torch", [-1.0, 1.0], [0.0, 0.0]),
    ("hardtanh@jax", [-1.0, 1.0], [1.0, 1.0]),  # jax.nn.hard_tanh takes the identity branch
    ("hardtanh@jax:min_val=-2,max_val=0.5", [-2.0, 0.5, -1.0, 1.0], [1.0, 1.0, 1.0, 0.0]),
    ("hardtanh:min_val=-2,max_val=0.5", [-2.0, 0.5, 0.0], [0.0, 0.0, 1.0]),
    ("hardsigmoid", [-3.0, 3.0, 0.0], [0.0, 0.0, 1 / 6]),
    ("hardsigmoid@jax", [-3.0, 3.0], [0.0, 0.0]),  # relu6's custom gradient is 0 at 0 and 6
    ("hardsigmoid@keras2", [-2.5, 2.5, 0.0, -3.0], [0.0, 0.0, 0.2, 0.0]),
    ("sparse_sigmoid", [-1.0, 1.0, 0.0], [0.0, 0.0, 0.5]),
    ("sparse_sigmoid@jax", [-1.0, 1.0, 0.0], [0.25, 0.25, 0.5]),  # clip splits ties
    ("penalized_tanh", [0.0], [0.25]),  # the x ≤ 0 piece
    ("penalized_tanh:a=0.6", [0.0, -0.0], [0.6, 0.6]),
])
def test_first_derivative_at_kinks(spec: str, x, want, dtype) -> None:
    got = af.get(spec).grad(np.array(x, dtype=dtype))
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, np.array(want, dtype=dtype))


@pytest.mark.parametrize(("spec", "x", "want"), [
    ("hardtanh", [-1.0, 1.0], [0.0, 0.0]), ("hardsigmoid", [-3.0, 3.0], [0.0, 0.0]),
    ("sparse_sigmoid@jax", [-1.0, 1.0], [0.0, 0.0]),
    ("softsign", [0.0, -0.0], [0.0, 0.0]),  # f″ jumps from 2 to −2: the mean
    ("sqnl", [0.0, 2.0, -2.0, 2.5], [0.0, -0.5, 0.5, 0.0]),  # the quadratic pieces at ±2
    ("penalized_tanh", [0.0], [0.0]),
])
def test_second_derivative_at_kinks(spec: str, x, want) -> None:
    np.testing.assert_array_equal(af.get(spec).grad(np.array(x), order=2), want)


def test_kink_metadata_moves_with_the_parameters() -> None:
    assert af.get("hardsigmoid").kinks == (-3.0, 3.0)
    assert af.get("hardsigmoid@keras2").kinks == (-2.5, 2.5)
    assert af.get("hardsigmoid:width=2,offset=0.25").kinks == (-0.5, 1.5)
    assert af.get("hardtanh:min_val=-2,max_val=0.5").kinks == (-2.0, 0.5)
    assert af.get("penalized_tanh").kinks == (0.0,)
    assert af.get("penalized_tanh:a=1").kinks == ()
    assert af.get("softplus").jumps == ()
    assert af.get("softplus@torch").jumps == (20.0,)
    assert af.get("softplus@torch:beta=4").jumps == (5.0,)


# --------------------------------------------------------------------------- presets
def test_preset_parameter_values() -> None:
    assert af.get("hardsigmoid").params == {"width": 6.0, "offset": 0.5}
    for preset in ("torch", "jax", "keras"):
        assert af.get(f"hardsigmoid@{preset}").params["width"] == 6.0
    for preset in ("keras2", "tf"):
        assert af.get(f"hardsigmoid@{preset}").params["width"] == 5.0
    assert af.get("softplus").params == {"beta": 1.0, "threshold": None}
    assert af.get("softplus@torch").params["threshold"] == 20.0
    for preset in ("jax", "keras", "tf"):
        assert af.get(f"softplus@{preset}").params["threshold"] is None
    assert af.get("softplus:threshold=none").params["threshold"] is None


def test_hard_sigmoid_presets_are_the_framework_formulas() -> None:
    x = np.array([-4.0, -3.0, -2.5, -1.5, 0.0, 1.5, 2.5, 3.0, 4.0])
    # PyTorch relu6(x + 3)/6 and Keras 2's clip(0.2x + 0.5, 0, 1), in exact arithmetic.
    torch = [max(0.0, min(1.0, mp60(lambda t: t / 6 + mp.mpf(0.5), v))) for v in x]
    keras2 = [max(0.0, min(1.0, mp60(lambda t: t / 5 + mp.mpf(0.5), v))) for v in x]
    np.testing.assert_array_equal(af.get("hardsigmoid")(x), torch)
    np.testing.assert_array_equal(af.get("hardsigmoid@keras2")(x), keras2)
    np.testing.assert_array_equal(af.get("hardsigmoid@tf")(x), keras2)


def test_softplus_threshold_switches_exactly_like_pytorch() -> None:
    act = af.get("softplus@torch")
    x = np.array([20.0, np.nextafter(20.0, 21.0), 25.0, 1e308, np.inf])
    f, d1, d2 = act(x), act.grad(x), act.grad(x, order=2)
    assert ulps(f[0], mp60(lambda t: mp.log1p(mp.exp(t)), 20.0)) <= 1  # βx = t: still exact
    np.testing.assert_array_equal(f[1:], x[1:])  # above: x itself, the ~2e-9 jump included
    np.testing.assert_array_equal(d1[1:], 1.0)
    np.testing.assert_array_equal(d2[1:], 0.0)
    assert f[1] - f[0] < 0  # the jump PyTorch's threshold introduces
    # beta scales the switch point: βx > threshold
    act = af.get("softplus@torch:beta=4")
    np.testing.assert_array_equal(act(np.array([5.5])), [5.5])
    assert act(np.array([5.0]))[0] != 5.0


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(("spec", "words"), [
    ("hardtanh:min_val=1,max_val=1", ["min_val", "max_val", "less than"]),
    ("hardtanh:min_val=2", ["min_val", "max_val"]),
    ("softplus:beta=0", ["'beta'", "> 0"]),
    ("softplus:beta=-1", ["'beta'", "> 0"]),
    ("hardsigmoid:width=0", ["'width'", "> 0"]),
    ("isru:alpha=0", ["'alpha'", "> 0"]),
    ("penalized_tanh:a=-0.25", ["'a'", "≥ 0"]),
    ("smht:c=-1", ["'c'", "between 0 and 1e100"]),
    ("smht:a=1e101", ["'a'", "between 0 and 1e100"]),
    ("softplus:threshold=inf", ["'threshold'", "finite"]),
    ("sigmoid:beta=2", ["takes no parameters"]),
])
def test_parameter_errors_name_the_parameter_and_what_is_allowed(spec: str, words) -> None:
    with pytest.raises(af.ParameterError) as err:
        af.get(spec)
    for word in words:
        assert word in str(err.value)


# --------------------------------------------------------------------------- constants
def test_lecun_tanh_constants() -> None:
    """LeCun et al. (1998): 1.7159·tanh(2x/3), chosen so that f(±1) = ±1 (to 5 digits);
    the 1.7519 printed on a well-known page would give 1.021."""
    act = af.get("lecun_tanh")
    x = np.array([1.0, -1.0])
    np.testing.assert_allclose(act(x), [1.0, -1.0], atol=3e-6)
    assert float(act.range[1]) == 1.7159
    want = mp60(lambda t: mp.mpf("1.7159") * mp.tanh(2 * t / 3), 1.0)
    assert ulps(float(act(np.array(1.0))), want) <= 1
    assert float(act(np.array(np.inf))) == 1.7159


# --------------------------------------------------------------------------- identities
ID_X = np.array([-40.0, -7.5, -1.0, -1e-9, 0.0, 3e-12, 0.5, 2.0, 12.0, 700.0])


def test_symmetrical_sigmoid_is_two_sigma_minus_one() -> None:
    got = af.get("symmetrical_sigmoid")(ID_X)
    for g, x in zip(got, ID_X, strict=True):
        assert ulps(g, mp60(lambda t: 2 / (1 + mp.exp(-t)) - 1, x)) <= 2


def test_smht_reduces_to_tanh_and_sinh() -> None:
    """Soboleva's function is tanh for a = b = c = d = 1 and sinh for a = b = 1, c = d = 0."""
    tanh_like = af.get("smht:a=1,b=1,c=1,d=1")
    sinh_like = af.get("smht:a=1,b=1,c=0,d=0")
    for order in (0, 1, 2):
        got_t = tanh_like(ID_X) if order == 0 else tanh_like.grad(ID_X, order=order)
        got_s = sinh_like(ID_X) if order == 0 else sinh_like.grad(ID_X, order=order)
        for x, gt, gs in zip(ID_X, got_t, got_s, strict=True):
            wt = mp60(lambda t, k=order: mp.diff(mp.tanh, t, k), x)
            ws = mp60(lambda t, k=order: mp.cosh(t) if k == 1 else mp.sinh(t), x)
            assert ulps(gt, wt) <= 8, (order, x)
            assert ulps(gs, ws) <= 8 + 2 * abs(x), (order, x)


@pytest.mark.parametrize("params", [
    {}, {"a": 0.7, "b": 0.3, "c": 1.2, "d": 0.4}, {"a": 2.0, "b": 0.1, "c": 0.5, "d": 3.0}])
def test_smht_derivatives_match_numerical_differentiation(params) -> None:
    """Independent of the expanded quotient rule in the code and in tests/reference."""
    act = af.get("smht", **params)
    p = act.params
    x = np.array([-3.0, -1.1, -0.2, 0.0, 0.3, 1.7, 4.0])

    def f(t):
        return ((mp.exp(p["a"] * t) - mp.exp(-p["b"] * t))
                / (mp.exp(p["c"] * t) + mp.exp(-p["d"] * t)))

    for order in (1, 2):
        got = act.grad(x, order=order)
        want = [mp60(lambda t, k=order: mp.diff(f, t, k), v) for v in x]
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-300)


def test_smht_range_is_the_closure_of_its_values() -> None:
    """Default (1, ½, 1, 1): f → 1 at +∞, → 0⁻ at −∞, one minimum in between (mpmath)."""
    lo, hi = af.get("smht").range
    assert hi == 1.0
    with mp.workdps(60):
        def f(t):
            return (mp.exp(t) - mp.exp(-t / 2)) / (mp.exp(t) + mp.exp(-t))
        x_min = mp.findroot(lambda t: mp.diff(f, t), -2.0)
        assert ulps(lo, float(f(x_min))) <= 4
    assert af.get("smht:a=1,b=1,c=1,d=1").range == (-1.0, 1.0)
    assert af.get("smht:a=2,b=1,c=0.5,d=0.25").range == (-math.inf, math.inf)
    assert af.get("smht:a=0,b=0").range == (0.0, 0.0)


def test_sparse_sigmoid_is_the_derivative_of_sparse_plus() -> None:
    """Blondel et al.: d/dx of sparse_plus (0; (x+1)²/4; x) is sparse_sigmoid."""
    x = np.array([-3.0, -1.0, -0.75, 0.0, 0.3, 1.0, 7.0])

    def sparse_plus(t):
        return mp.mpf(0) if t <= -1 else (t if t >= 1 else (t + 1) ** 2 / 4)

    want = [mp60(lambda t: mp.diff(sparse_plus, t, 1, direction=-1), v) for v in x]
    np.testing.assert_allclose(af.get("sparse_sigmoid")(x), want, rtol=0, atol=1e-15)


def test_log_sigmoid_is_minus_softplus_of_minus_x() -> None:
    x = np.array([-1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 700.0])
    got = af.get("log_sigmoid")(x)
    for g, v in zip(got, x, strict=True):
        assert ulps(g, mp60(lambda t: -mp.log1p(mp.exp(-t)), v)) <= 2


# --------------------------------------------------------------------------- the traps
@pytest.mark.parametrize(("spec", "order", "x", "fn"), [
    # σ′ and tanh′ in the tails, not σ(1−σ) or 1 − tanh² (which are 0 beyond ~37 and ~19).
    ("sigmoid", 1, 700.0, lambda t: mp.exp(-t) / (1 + mp.exp(-t)) ** 2),
    ("sigmoid", 1, -740.0, lambda t: mp.exp(t) / (1 + mp.exp(t)) ** 2),
    ("sigmoid", 2, 45.0, lambda t: mp.diff(lambda s: 1 / (1 + mp.exp(-s)), t, 2)),
    ("tanh", 1, 25.0, lambda t: 1 / mp.cosh(t) ** 2),
    ("tanh", 2, -200.0, lambda t: -2 * mp.tanh(t) / mp.cosh(t) ** 2),
    ("lecun_tanh", 1, 100.0, lambda t: mp.mpf("1.7159") * 2 / 3 / mp.cosh(2 * t / 3) ** 2),
    ("symmetrical_sigmoid", 1, 600.0, lambda t: 2 * mp.exp(-t) / (1 + mp.exp(-t)) ** 2),
    # softplus overflow, log_sigmoid for large negative x, log_log for large x
    ("softplus", 0, 1000.0, lambda t: mp.log1p(mp.exp(t))),
    ("softplus", 0, -740.0, lambda t: mp.log1p(mp.exp(t))),
    ("log_sigmoid", 0, -800.0, lambda t: -mp.log1p(mp.exp(-t))),
    ("log_sigmoid", 0, 700.0, lambda t: -mp.log1p(mp.exp(-t))),
    ("log_log", 0, -700.0, lambda t: -mp.expm1(-mp.exp(t))),
    ("log_log", 1, 5.0, lambda t: mp.exp(t - mp.exp(t))),
    # tanhshrink: x − tanh x cancels completely for small x
    ("tanhshrink", 0, 1e-5, lambda t: t - mp.tanh(t)),
    ("tanhshrink", 0, -1e-100, lambda t: t ** 3 / 3),
    ("tanhshrink", 0, 0.999, lambda t: t - mp.tanh(t)),
    # beyond float32's range (the generic grid only has ±1e308 there)
    ("arctan", 1, 1e160, lambda t: 1 / (1 + t * t)),  # subnormal, not 1/inf
    ("arctan", 2, -1e100, lambda t: -2 * t / (1 + t * t) ** 2),
    ("softsign", 1, 1e160, lambda t: 1 / (1 + abs(t)) ** 2),
    ("softsign", 2, 1e100, lambda t: -2 / (1 + abs(t)) ** 3),
    ("isru", 1, 1e100, lambda t: (1 + t * t) ** mp.mpf(-1.5)),
    ("isru", 2, -1e70, lambda t: -3 * t * (1 + t * t) ** mp.mpf(-2.5)),
    ("isru", 0, 1e200, lambda t: t / mp.sqrt(1 + t * t)),
])
def test_accuracy_where_naive_formulas_fail(spec, order, x, fn) -> None:
    """Within the contract: 8 ulp plus 2·|x·g′/g| for the rounding of x itself."""
    act = af.get(spec)
    got = float(act(np.array(x)) if order == 0 else act.grad(np.array(x), order=order))
    with mp.workdps(60 + max(0, int(math.log10(abs(x))))):
        want = fn(mp.mpf(x))
        cond = abs(x * mp.diff(fn, mp.mpf(x)) / want)
    assert want != 0.0
    assert ulps(got, float(want)) <= 8 + 2 * float(cond), (got, float(want))


@pytest.mark.parametrize(("spec", "order", "fn"), [
    ("sigmoid", 0, lambda t: 1 / (1 + mp.exp(-t))),
    ("sigmoid", 1, lambda t: mp.exp(t) / (1 + mp.exp(t)) ** 2),
    ("softplus", 0, lambda t: mp.log1p(mp.exp(t))),
    ("symmetrical_sigmoid", 1, lambda t: 2 * mp.exp(t) / (1 + mp.exp(t)) ** 2),
])
def test_lower_tail_reaches_the_subnormals(spec: str, order: int, fn) -> None:
    """All ≈ eˣ, to within one unit of 2**-1074 down to x = −744, where 1/(1 + e^−x)
    or e^−x/(1 + e^−x)² give 0 (e^−x overflows) and the contract's allowance alone would not
    tell: its conditioning term is ~2|x| ulp there."""
    x = np.array([-709.0, -712.5, -730.0, -744.0])
    act = af.get(spec)
    got = act(x) if order == 0 else act.grad(x, order=order)
    for g, v in zip(got, x, strict=True):
        want = mp60(fn, v)
        assert abs(g - want) <= np.spacing(want), (v, g, want)


@pytest.mark.parametrize("beta", [0.5, 2.0, 7.0])
def test_softplus_never_overflows(beta: float) -> None:
    act = af.get("softplus", beta=beta)
    x = np.array([1e308, 1.7976931348623157e308, 3e38])
    np.testing.assert_array_equal(act(x), x)
    np.testing.assert_array_equal(act.grad(x), 1.0)


@pytest.mark.parametrize("name", NAMES)
def test_float32_limits_are_the_float64_limits_rounded(name: str) -> None:
    """The float32 path (native for most of these) must agree at ±inf and at NaN."""
    act = af.get(name)
    for order in (0, 1, 2):
        def ev(dtype, k=order):
            x = np.array([-np.inf, np.inf, np.nan], dtype=dtype)
            return act(x) if k == 0 else act.grad(x, order=k)
        np.testing.assert_array_equal(ev(np.float32), ev(np.float64).astype(np.float32),
                                      err_msg=f"order {order}")


def test_softsign_is_finite_at_infinity() -> None:
    act = af.get("softsign")
    np.testing.assert_array_equal(act(np.array([-np.inf, np.inf])), [-1.0, 1.0])
    np.testing.assert_array_equal(act.grad(np.array([-np.inf, np.inf])), [0.0, 0.0])


# --------------------------------------------------------------------------- properties
ODD = ["tanh", "hardtanh", "tanhshrink", "softsign", "lecun_tanh", "symmetrical_sigmoid",
       "isru", "sqnl", "arctan", "smht:a=1,b=1,c=1,d=1", "smht:a=0.5,b=0.5,c=2,d=2"]
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(finite, min_size=1, max_size=20))
def test_odd_functions_are_exactly_odd(xs) -> None:
    x = np.array(xs)
    for spec in ODD:
        act = af.get(spec)
        np.testing.assert_array_equal(act(-x), -act(x), err_msg=spec)
        np.testing.assert_array_equal(act.grad(-x), act.grad(x), err_msg=spec)
        np.testing.assert_array_equal(act.grad(-x, order=2), -act.grad(x, order=2), err_msg=spec)


@settings(max_examples=150, deadline=None)
@given(st.lists(finite, min_size=2, max_size=30))
def test_monotone_bounded_and_nonnegative_slope(xs) -> None:
    x = np.sort(np.array(xs))
    for name in NAMES:
        act = af.get(name)
        y, lo, hi = act(x), *act.range
        assert np.all((y >= lo) & (y <= hi)), name
        if act.monotonic:
            assert np.all(np.diff(y) >= 0), name
            assert np.all(act.grad(x) >= 0), name


rates = st.one_of(st.just(0.0), st.floats(0.05, 4.0))


@settings(max_examples=60, deadline=None)
@given(rates, rates, rates, rates)
def test_smht_values_stay_inside_its_computed_range(a, b, c, d) -> None:
    act = af.get("smht", a=a, b=b, c=c, d=d)
    lo, hi = act.range
    g = np.geomspace(1e-3, 1e4, 1000)
    x = np.concatenate([-g, [0.0], g])
    y = act(x)
    slack = 1e-12 * np.maximum(1.0, np.abs(y))
    assert np.all(y >= lo - slack) and np.all(y <= hi + slack)
    ends = act(np.array([-np.inf, np.inf]))
    if lo < ends.min():  # an interior minimum: the grid comes close to it
        assert y.min() <= lo + 1e-3 * (1 + abs(lo))
    if hi > ends.max():
        assert y.max() >= hi - 1e-3 * (1 + abs(hi))


@pytest.mark.parametrize("params", [(1, 0.5, 1, 1), (2, 0.3, 0.7, 1.5), (0.2, 0.1, 3, 0.05)])
def test_smht_float32_derivative_against_mpmath(params) -> None:
    """float32 f′ takes u = 1 − U instead of expm1 (absolute error 2e-16): still within the
    contract, including tiny |x| where u itself is tiny and the tails."""
    a, b, c, d = params
    xs = np.concatenate([np.linspace(-30, 30, 121), np.geomspace(1e-12, 20, 60),
                         -np.geomspace(1e-12, 20, 60)]).astype(np.float32)
    got = af.get("smht", a=a, b=b, c=c, d=d).grad(xs).astype(np.float64)

    def f(t):
        return (mp.exp(a * t) - mp.exp(-b * t)) / (mp.exp(c * t) + mp.exp(-d * t))

    for x, g in zip(xs, got):
        with mp.workdps(30):
            d1, d2 = (mp.diff(f, mp.mpf(float(x)), k) for k in (1, 2))
        ref = float(d1)
        tol = 8 + 2 * abs(float(mp.mpf(float(x)) * d2 / d1))
        assert abs(g - ref) <= tol * float(np.spacing(np.float32(abs(ref)))), (x, g, ref)
