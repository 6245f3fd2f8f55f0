"""Facts about the exponential, smooth-rectifier, radial and periodic activations that the
generic accuracy tests do not cover: float64-only magnitudes, domains, conventions, parameter
rules and identities from the literature, checked against mpmath or exact values."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import actfn_cli as af
from actfn_cli.core import circular, registry

MAX = 1.7976931348623157e308


@pytest.fixture(autouse=True, scope="module")
def _mpmath_precision():
    with mp.workdps(50):
        yield


finite64 = st.floats(-1e300, 1e300, allow_nan=False)
moderate = st.floats(-1e4, 1e4, allow_nan=False)


def ulps(got, want) -> float:
    """|got − want| in units of the float64 spacing at want (absolute below the normal range)."""
    got, want = float(got), float(want)
    if got == want:
        return 0.0
    return abs(got - want) / float(np.spacing(abs(want)))


def check(spec: str, x: float, f, d1, d2, tol=(4, 8, 8), dps=60, **params):
    """act(x), act′(x), act″(x) in float64 against mpmath callables of an mpf, to the contract:
    tol ulp plus 2·|x·g′/g| for the conditioning of g = f, f′, f″."""
    act = af.get(spec, **params)
    extra = 2 * abs(int(math.log10(abs(x)))) + 20 if x else 20
    with mp.workdps(dps + extra):
        X = mp.mpf(x)
        g = [f(X), d1(X), d2(X), mp.diff(d2, X)]
    for order in range(3):
        want = g[order]
        got = act(np.float64(x)) if order == 0 else act.grad(np.float64(x), order=order)
        w = float(want) if abs(want) <= MAX else math.copysign(math.inf, want)
        cond = float(abs(X * g[order + 1] / want)) if want and mp.isfinite(want) else 0.0
        assert ulps(got, w) <= tol[order] + 2 * cond, (spec, x, order, got, w)


# --------------------------------------------------------------------------- exponential
def test_exponential_is_keras_exponential():
    act = af.get("exponential")
    assert act.frameworks["keras"] == "keras.activations.exponential"
    assert float(act(0.0)) == 1.0 and float(act(709.8)) == math.inf and float(act(-746.0)) == 0.0


@pytest.mark.parametrize("alpha", [1.0, 0.99, 0.75, 0.0625, 3.0])
@pytest.mark.parametrize("x", [-800.0, -700.0, -40.0, -1.3, -1e-9, 0.0, 2.5, 200.0, 354.0])
def test_softexponential_positive_alpha(alpha, x):
    """(e^{αx} − 1)/α + α, including where −1/α + α cancels (α near 1, e^{αx} ≪ 1)."""
    a = mp.mpf(alpha)
    check("softexponential", x, lambda t: mp.exp(a * t) / a + (a - 1 / a),
          lambda t: mp.exp(a * t), lambda t: a * mp.exp(a * t), alpha=alpha)


def test_softexponential_is_exp_at_alpha_one():
    x = np.array([-745.0, -700.0, -30.0, 0.0, 1.0, 709.0])
    act = af.get("softexponential", alpha=1)
    for v, got in zip(x, act(x)):
        assert ulps(got, float(mp.exp(v))) <= 1


def test_softexponential_domain_for_negative_alpha():
    act = af.get("softexponential:alpha=-0.5")  # domain x > 1/α − α = −1.5
    x = np.array([-3.0, np.nextafter(-1.5, -3), -1.5, np.nextafter(-1.5, 0), 0.0, -np.inf])
    f, d1, d2 = act(x), act.grad(x), act.grad(x, order=2)
    assert np.isnan(f[[0, 1, 5]]).all() and np.isnan(d1[[0, 1, 5]]).all()
    assert np.isnan(d2[[0, 1, 5]]).all()
    assert f[2] == -np.inf and d1[2] == np.inf and d2[2] == -np.inf
    # just inside: 1 − α(x + α) = |α|·ulp, so f = ln(|α|·ulp)/|α|
    ulp = float(np.spacing(1.5))
    assert ulps(f[3], float(mp.log(0.5 * mp.mpf(ulp)) / 0.5)) <= 4
    assert ulps(d1[3], 1 / (0.5 * ulp)) <= 2
    assert ulps(f[4], 2 * math.log(0.75)) <= 2  # x = 0: −ln(1 − α²)/α


@pytest.mark.parametrize("alpha", [-2.0, -0.3])
@pytest.mark.parametrize("x", [1e300, MAX])
def test_softexponential_negative_alpha_huge_x(alpha, x):
    """1 − α(x + α) overflows while its logarithm and reciprocal do not."""
    a = mp.mpf(alpha)
    check("softexponential", x, lambda t: -mp.log(1 - a * (t + a)) / a,
          lambda t: 1 / (1 - a * (t + a)), lambda t: a / (1 - a * (t + a)) ** 2, alpha=alpha)


@settings(max_examples=200)
@given(x=st.floats(-30, 30), alpha=st.floats(0.05, 3))
def test_softexponential_negative_alpha_inverts_positive(x, alpha):
    """Godfrey & Gashler: f(−α, f(α, x)) = x, up to the rounding of y = f(α, x), which the
    inverse magnifies by 1/f′(α, x) = e^{−αx}."""
    assume(math.exp(alpha * x) > 1e-8)  # else y rounds to the edge of the inverse's domain
    y = float(af.get("softexponential", alpha=alpha)(x))
    back = float(af.get("softexponential", alpha=-alpha)(y))
    assert abs(back - x) <= 1e-15 * (1 + abs(x) + (abs(y) + alpha) * math.exp(-alpha * x))


def test_softexponential_alpha_zero_is_identity():
    x = np.array([-3e38, -2.5, 0.0, 3.0, np.inf], dtype=np.float32)
    act = af.get("softexponential")
    np.testing.assert_array_equal(act(x), x)
    np.testing.assert_array_equal(act.grad(x), np.ones(5, np.float32))
    np.testing.assert_array_equal(act.grad(x, order=2), np.zeros(5, np.float32))


# --------------------------------------------------------------------------- smooth rectifiers
def _sqp(b):
    b = mp.mpf(b)

    def f(x):
        s = mp.sqrt(x * x + b)
        return (x + s) / 2 if x >= 0 else b / (2 * (s - x))
    return (f, lambda x: (1 + x / mp.sqrt(x * x + b)) / 2 if x >= 0
            else b / (2 * mp.sqrt(x * x + b) * (mp.sqrt(x * x + b) - x)),
            lambda x: b / (2 * mp.sqrt(x * x + b) ** 3))


@pytest.mark.parametrize("b", [4.0, 1e-300, 1e300])
@pytest.mark.parametrize("x", [-MAX, -1e200, -1.5e154, -1e-160, 1e-160, 1e154, 1.5e154, MAX])
def test_squareplus_extreme_inputs(b, x):
    check("squareplus", x, *_sqp(b), b=b)


def test_squareplus_b_zero_is_relu_with_half_slope_at_zero():
    act = af.get("squareplus:b=0")
    x = np.array([-2.0, -0.0, 0.0, 3.0, np.nan])
    np.testing.assert_array_equal(act(x)[:4], [0.0, 0.0, 0.0, 3.0])
    np.testing.assert_array_equal(act.grad(x)[:4], [0.0, 0.5, 0.5, 1.0])
    np.testing.assert_array_equal(act.grad(x, order=2)[:4], [0.0, 0.0, 0.0, 0.0])
    assert all(np.isnan(v[4]) for v in (act(x), act.grad(x), act.grad(x, order=2)))
    assert act.kinks == (0.0,) and af.get("squareplus").kinks == ()


def test_squareplus_defaults_and_validation():
    act = af.get("squareplus")
    assert act.params == {"b": 4.0}  # JAX and Keras: b = 4
    assert float(act(0.0)) == 1.0 and float(act.grad(0.0)) == 0.5  # √b/2, and ½ for every b
    with pytest.raises(af.ParameterError, match=r"'b'.*≥ 0"):
        af.get("squareplus:b=-1")


@settings(max_examples=300)
@given(x=finite64, b=st.floats(1e-6, 1e6))
def test_squareplus_reflection_identities(x, b):
    """f(x) − f(−x) = x and f(x)·f(−x) = b/4 (Barron 2021), checked to rounding."""
    act = af.get("squareplus", b=b)
    fx, fm = float(act(x)), float(act(-x))
    assert abs((fx - fm) - x) <= 4 * (math.ulp(fx) + math.ulp(fm)) + math.ulp(x)
    if 1e-300 < fm and fx < 1e300:  # the product is representable
        assert fx * fm == pytest.approx(b / 4, rel=2e-15)


@pytest.mark.parametrize("x", [-MAX, -1e200, -1e154, -1e150, -1e104, -1e103, 1e103, 1e150,
                               1e151, 1e154, 1e200, MAX])
def test_bent_identity_huge_inputs(x):
    """No overflow in x² (values) and gradual underflow of ½(x² + 1)^{−3/2}."""
    check("bent_identity", x, lambda t: t + t * t / (2 * (mp.sqrt(t * t + 1) + 1)),
          lambda t: 1 + t / (2 * mp.sqrt(t * t + 1)), lambda t: 1 / (2 * mp.sqrt(t * t + 1) ** 3))


def test_bent_identity_known_values():
    act = af.get("bent_identity")
    assert float(act(0.0)) == 0.0 and float(act.grad(0.0)) == 1.0
    assert float(act.grad(0.0, order=2)) == 0.5
    assert float(act(1.0)) == pytest.approx((math.sqrt(2) - 1) / 2 + 1, rel=1e-16)
    assert act(np.float32(-np.inf)) == -np.inf and act.grad(np.inf) == 1.5


# --------------------------------------------------------------------------- radial
@pytest.mark.parametrize("x", [26.0, 26.6, 27.0, 27.2, 27.28, 36.0, 38.0])
def test_gaussian_tail_is_relatively_accurate(x):
    """e^{−x²} with x² formed exactly: subnormal results within an absolute rounding."""
    check("gaussian", x, lambda t: mp.exp(-t * t), lambda t: -2 * t * mp.exp(-t * t),
          lambda t: (4 * t * t - 2) * mp.exp(-t * t))
    check("gaussian", -x, lambda t: mp.exp(-t * t), lambda t: -2 * t * mp.exp(-t * t),
          lambda t: (4 * t * t - 2) * mp.exp(-t * t))


def test_gaussian_tail_beats_naive_form():
    x = 19.999999999999307  # fl(x²) is 2.4e-14 off: e^{−fl(x²)} is 240 ulp off
    want = float(mp.exp(-mp.mpf(x) ** 2))
    assert ulps(np.exp(-x * x), want) > 100
    assert ulps(af.get("gaussian")(x), want) <= 2


@settings(max_examples=200)
@given(x=moderate)
def test_gaussian_is_even_and_bounded(x):
    act = af.get("gaussian")
    assert float(act(x)) == float(act(-x)) and 0.0 <= float(act(x)) <= 1.0
    assert float(act.grad(x)) == -float(act.grad(-x))


# --------------------------------------------------------------------------- periodic
def test_trig_kernel_against_mpmath():
    """The vectorised sin/cos: under 1 ulp, on both sides of the hand-over to np.sin/np.cos."""
    rng = np.random.default_rng(42)
    x = np.concatenate([rng.uniform(-4, 4, 150), rng.uniform(-2e6, 2e6, 150),
                        10 ** rng.uniform(-300, 308, 60) * rng.choice([-1, 1], 60),
                        [0.0, 1e-310, math.pi / 4, 1647099.0, 1647100.0, MAX]])
    with np.errstate(all="ignore"):  # as under Activation: the unused lanes may overflow
        s, c = circular.sincos(x)
        np.testing.assert_array_equal(s, circular.sin(x))
        np.testing.assert_array_equal(c, circular.cos(x))
    for v, sv, cv in zip(x, s, c):
        with mp.workdps(60 + max(0, int(math.log10(abs(v) + 1)))):
            assert ulps(sv, float(mp.sin(v))) <= 1 and ulps(cv, float(mp.cos(v))) <= 1, v


def test_trig_non_finite():
    with np.errstate(all="ignore"):
        for fn in (circular.sin, circular.cos):
            assert np.isnan(fn(np.array([np.inf, -np.inf, np.nan]))).all()


@pytest.mark.parametrize("x", [1e15, 1e22, 1e300, MAX, -MAX])
def test_periodic_huge_arguments(x):
    """sin/cos of huge doubles are exact reductions (mpmath at extra precision)."""
    with mp.workdps(400):
        assert ulps(af.get("sinusoid")(x), float(mp.sin(x))) <= 1
        assert ulps(af.get("cosine")(x), float(mp.cos(x))) <= 1
    check("sinusoid", x, mp.sin, mp.cos, lambda t: -mp.sin(t))
    check("cosine", x, mp.cos, lambda t: -mp.sin(t), lambda t: -mp.cos(t))
    check("gcu", x, lambda t: t * mp.cos(t), lambda t: mp.cos(t) - t * mp.sin(t),
          lambda t: -2 * mp.sin(t) - t * mp.cos(t))
    check("sinc", x, lambda t: mp.sin(t) / t, lambda t: (t * mp.cos(t) - mp.sin(t)) / t**2,
          lambda t: ((2 - t * t) * mp.sin(t) - 2 * t * mp.cos(t)) / t**3)


def test_periodic_names():
    assert registry.lookup("sine").name == "sinusoid"
    assert registry.lookup("growing_cosine_unit").name == "gcu"
    for name in ("sin", "cos"):  # left free for the expression language
        with pytest.raises(af.UnknownActivationError):
            registry.lookup(name)


def test_sinc_at_and_near_zero():
    act = af.get("sinc")
    assert float(act(0.0)) == 1.0 and float(act.grad(0.0)) == 0.0
    assert float(act.grad(0.0, order=2)) == -1 / 3
    for x in (5e-324, 1e-300, 1e-8):
        assert float(act(x)) == 1.0
        assert ulps(act.grad(x), float(-mp.mpf(x) / 3)) <= 1
    assert ulps(act.grad(1e-4), float(-mp.mpf(1e-4) / 3 + mp.mpf(1e-4) ** 3 / 30)) <= 2


def test_sinc_minimum_is_the_range_bound():
    act = af.get("sinc")
    x0 = float(mp.findroot(lambda t: t * mp.cos(t) - mp.sin(t), 4.49))
    assert abs(float(act.grad(x0))) < 1e-16
    assert ulps(act(x0), act.range[0]) <= 1


@settings(max_examples=300)
@given(x=moderate)
def test_sinc_symmetry(x):
    act = af.get("sinc")
    assert float(act(-x)) == float(act(x))
    assert float(act.grad(-x)) == -float(act.grad(x))
    assert float(act.grad(-x, order=2)) == float(act.grad(x, order=2))


@pytest.mark.parametrize("x", [1e300, MAX, -MAX])
def test_snake_power_of_two_alpha_beyond_overflow(x):
    """αx overflows; halving and the double-angle formulas keep the exact phase for α = 2."""
    a = mp.mpf(2)
    check("snake", x, lambda t: t + mp.sin(a * t) ** 2 / a, lambda t: 1 + mp.sin(2 * a * t),
          lambda t: 2 * a * mp.cos(2 * a * t), tol=(4, 16, 16), alpha=2.0)


def test_snake_limits_and_validation():
    act = af.get("snake")
    x = np.array([-np.inf, np.inf])
    np.testing.assert_array_equal(act(x), x)
    assert np.isnan(act.grad(x)).all() and np.isnan(act.grad(x, order=2)).all()
    with pytest.raises(af.ParameterError, match=r"'alpha'.*≠ 0"):
        af.get("snake:alpha=0")


@settings(max_examples=300)
@given(x=moderate, alpha=st.floats(0.01, 10))
def test_snake_is_monotonic_and_odd_in_alpha(x, alpha):
    """f′ = 1 + sin 2αx ≥ 0 (Ziyin et al.), and f(x; −α) = −f(−x; α)."""
    act, neg = af.get("snake", alpha=alpha), af.get("snake", alpha=-alpha)
    assert float(act.grad(x)) >= 0.0
    assert ulps(neg(x), -float(act(-x))) <= 1


@pytest.mark.parametrize(("dtype", "alpha"), [(np.float32, 1.0), (np.float32, 0.3),
                                             (np.float64, 1.0), (np.float64, 0.3)])
def test_snake_ripple_trough(dtype, alpha):
    """Where x and sin²(αx)/α cancel (αx ≈ −1.2, up to 6×): within 4 ulp plus conditioning."""
    act = af.get("snake", alpha=alpha)
    x = np.linspace(-4.2 / alpha, -0.25 / alpha, 500).astype(dtype)
    a = mp.mpf(alpha)
    for v, g in zip(x.astype(np.float64), act(x)):
        X = mp.mpf(v)
        f, d1 = X + mp.sin(a * X) ** 2 / a, 1 + mp.sin(2 * a * X)
        err = abs(float(g) - float(f)) / float(np.spacing(dtype(abs(f))))
        assert err <= 4 + 2 * float(abs(X * d1 / f)), (v, g, float(f))


@settings(max_examples=200)
@given(x=finite64)
def test_periodic_bounds(x):
    for name in ("sinusoid", "cosine"):
        act = af.get(name)
        assert -1.0 <= float(act(x)) <= 1.0 and -1.0 <= float(act.grad(x)) <= 1.0
    lo, hi = af.get("sinc").range
    assert lo <= float(af.get("sinc")(x)) <= hi
