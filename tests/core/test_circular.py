"""The float64 sin/cos kernel of ``actfn_cli.core.circular`` (table method, see its docstring)
against mpmath: accuracy next to the zeros, symmetry, the hand-over to np.sin, sin_dd, lincomb.
The dense sweep behind the docstring's numbers is ``tests/check_circular_accuracy.py``."""

from __future__ import annotations

import math
import warnings

import mpmath as mp
import numpy as np
import pytest

from actfn_cli.core import circular
from actfn_cli.core.dd import two_prod

MAX = float(np.finfo(np.float64).max)


def err_ulps(got: float, exact) -> float:
    """|got − exact| in ulps of the double nearest exact (exact: an mpf)."""
    return float(abs(mp.mpf(got) - exact)) / float(np.spacing(abs(float(exact))))


def near_zeros(ks) -> np.ndarray:
    """The doubles nearest k·π/2 and their neighbours (the hardest reductions)."""
    with mp.workdps(40):
        base = np.array([float(k * mp.pi / 2) for k in ks])
    return np.concatenate([base, np.nextafter(base, np.inf), np.nextafter(base, -np.inf)])


def sample() -> np.ndarray:
    rng = np.random.default_rng(7)
    ks = np.concatenate([np.arange(1, 120), rng.integers(120, 1_000_000, 80)])
    return np.concatenate([rng.uniform(-40, 40, 300), near_zeros(ks),
                           10 ** rng.uniform(-3, 6.2, 100) * rng.choice([-1, 1], 100),
                           [0.0, -0.0, 5e-324, 1e-300, 1e-8, np.pi / 1024, 45.553093477052,
                            1647098.0, -1647098.9]])


def test_sin_cos_within_half_an_ulp_and_next_to_their_zeros():
    x = sample()
    s, c = circular.sin(x), circular.cos(x)
    with mp.workprec(300):
        worst = max(max(err_ulps(a, mp.sin(v)), err_ulps(b, mp.cos(v)))
                    for v, a, b in zip(x, s, c) if v != 0)
    assert worst <= 0.52, worst
    assert s[x == 0].tolist() == [0.0, 0.0] and c[x == 0].tolist() == [1.0, 1.0]


def test_sin_odd_cos_even_and_independent_of_the_block():
    x = sample()
    s, c = circular.sin(x), circular.cos(x)
    np.testing.assert_array_equal(circular.sin(-x), -s)
    np.testing.assert_array_equal(circular.cos(-x), c)
    one = np.array([[circular.sin(x[i:i + 1])[0], circular.cos(x[i:i + 1])[0]]
                    for i in range(x.size)])
    np.testing.assert_array_equal(one, np.stack([s, c], axis=1))
    zeros = np.array([0.0, -0.0, 1.0, -0.0])
    assert np.signbit(circular.sin(zeros)).tolist() == [False, True, False, True]


def test_sin2_sincos_phase():
    x = sample()[:500]
    s, c = circular.sincos(x)
    np.testing.assert_array_equal(s, circular.sin(x))
    np.testing.assert_array_equal(c, circular.cos(x))
    np.testing.assert_array_equal(circular.sin2(x), s * s)
    with mp.workprec(300):
        for k in (1, 2, 3, -1, 4):
            got = circular.sin(x, phase=k)
            worst = max(err_ulps(g, mp.sin(mp.mpf(v) + k * mp.pi / 4)) for v, g in zip(x, got)
                        if abs(v) > 1)
            assert worst <= 0.52, (k, worst)


def test_sin_dd_next_to_multiples_of_pi():
    """hi + lo within a few ulps of k·π, |lo| beyond the reduced hi: the tail must join the
    reduced argument exactly (the fdlibm version added it to the argument's own tail first,
    ~1e-14 relative error)."""
    rng = np.random.default_rng(3)
    k = np.arange(1, 301)
    with mp.workdps(60):
        kpi = [k_ * mp.pi for k_ in k]
        hi = np.array([float(v) for v in kpi])
        lo = np.array([float((v - mp.mpf(h)) * mp.mpf(f))
                       for v, h, f in zip(kpi, hi, rng.uniform(0.5, 1.5, k.size))])
    s, t = circular.sin_dd(hi, lo)
    with mp.workprec(300):
        for h, l_, a, b in zip(hi, lo, s, t):
            exact = mp.sin(mp.mpf(h) + mp.mpf(l_))
            assert abs(mp.mpf(a) + mp.mpf(b) - exact) <= 2.0**-80 * abs(exact), (h, l_)


def test_sin_dd_of_a_product():
    rng = np.random.default_rng(4)
    x = rng.uniform(-50, 50, 400)
    hi, lo = two_prod(0.3, x)
    s, t = circular.sin_dd(hi, lo)
    np.testing.assert_array_equal(circular.sin_dd(hi)[0], circular.sin(hi))
    with mp.workprec(300):
        for h, l_, a, b in zip(hi, lo, s, t):
            exact = mp.sin(mp.mpf(h) + mp.mpf(l_))
            assert abs(mp.mpf(a) + mp.mpf(b) - exact) <= 0.02 * np.spacing(abs(a))


@pytest.mark.parametrize(("a", "b"), [(1.0, "-x"), ("x", -1.0), ("x", 2.5), (-1.0, 1.0)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lincomb(a, b, dtype):
    x = np.random.default_rng(5).uniform(-40, 40, 400).astype(dtype)
    av, bv = (-x if v == "-x" else x if v == "x" else v for v in (a, b))
    got = circular.lincomb(x, av, bv)
    assert got.dtype == dtype
    scale = np.abs(av) + np.abs(bv)
    tol = 2.0 if dtype == np.float64 else 4.0
    with mp.workprec(200):
        for i, v in enumerate(x.astype(np.float64)):
            A = float(av if np.isscalar(av) else av[i])
            B = float(bv if np.isscalar(bv) else bv[i])
            exact = A * mp.cos(v) + B * mp.sin(v)
            sc = float(scale if np.isscalar(scale) else scale[i])
            assert abs(float(got[i]) - exact) <= tol * float(np.spacing(dtype(sc))), (v, a, b)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_non_finite_huge_and_empty_without_warnings(dtype):
    with np.errstate(over="ignore"):  # 1e300 is inf in float32
        x = np.array([np.inf, -np.inf, np.nan, 1e300, -MAX, 1647100.0, 1e15, 2.0, 0.0, 5e-324,
                      -1e-310]).astype(dtype)
    big = ~(np.abs(x.astype(np.float64)) <= 1647099.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, c = circular.sin(x), circular.cos(x)
        s0 = circular.sin(x, inf=0.0)
        s2 = circular.sin2(x)
        lc = circular.lincomb(x, x, -1.0, inf=0.5)
        d, t = circular.sin_dd(x.astype(np.float64), np.zeros(x.size), inf=0.0)
        for fn in (circular.sin, circular.cos, circular.sin2):
            assert fn(x[:0]).size == 0
        assert circular.lincomb(x[:0], 1.0, x[:0]).size == 0 and circular.sin_dd(x[:0])[0].size == 0
    assert np.isnan(s[:3]).all() and np.isnan(c[:3]).all() and np.isnan(s2[:3]).all()
    assert s0[:2].tolist() == [0.0, 0.0] and np.isnan(s0[2]) and d[:2].tolist() == [0.0, 0.0]
    assert lc[:2].tolist() == [0.5, 0.5] and np.isnan(lc[2]) and np.isfinite(t).all()
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(s[big][2:], np.sin(x[big])[2:])
        np.testing.assert_array_equal(c[big][2:], np.cos(x[big])[2:])
    if dtype == np.float32:  # np.sin itself
        fin = np.isfinite(x)
        np.testing.assert_array_equal(s[fin], np.sin(x[fin]))


def test_hand_over_keeps_the_in_range_lanes():
    """With lanes beyond 2^19·π in the block, the others are unchanged."""
    x = sample()
    mixed = np.concatenate([x, [1e10, np.inf, np.nan]])
    for fn in (circular.sin, circular.cos, circular.sin2):
        np.testing.assert_array_equal(fn(mixed)[:x.size], fn(x))
    np.testing.assert_array_equal(circular.lincomb(mixed, 1.0, -mixed)[:x.size],
                                  circular.lincomb(x, 1.0, -x))


def test_tables_and_limit():
    assert circular._LIMIT < 2**19 * math.pi
    k = np.arange(0, 1024, 37)
    with mp.workdps(50):
        for i in k:
            exact = mp.sin(i * mp.pi / 512)
            assert abs(mp.mpf(circular._TS[i]) + mp.mpf(circular._TSL[i]) - exact) <= 2.0**-106
            assert circular._TC[i] == float(mp.cos(i * mp.pi / 512)) or i % 256 == 0


def test_lincomb_scalar_paths_and_bound():
    """The shortcuts for b = 0 and a known max |x| give what the general path gives."""
    x = sample()
    zero = np.zeros_like(x)
    np.testing.assert_array_equal(circular.lincomb(x, 1.0, 0.0), circular.lincomb(x, 1.0, zero))
    np.testing.assert_array_equal(circular.lincomb(x, -2.5, 0.0),
                                  circular.lincomb(x, np.full_like(x, -2.5), zero))
    a, b = -2.0 * x, 2.0 - x * x
    amax = float(np.abs(x).max())
    np.testing.assert_array_equal(circular.lincomb(x, a, b, amax=amax), circular.lincomb(x, a, b))


def test_lincomb_cos_next_to_its_zeros():
    """cos x = lincomb(x, 1, 0) next to (k + 1/2)π: exact table entries, so the error is a few
    ulp of the result plus that of the reduced argument (|m|·2^-77, within the conditioning
    |x·tan x| the derivatives' contract allows)."""
    x = near_zeros(np.arange(1, 400, 2))
    got = circular.lincomb(x, 1.0, 0.0)
    with mp.workprec(300):
        for v, g in zip(x, got):
            exact = mp.cos(v)
            bound = 2 * np.spacing(abs(float(exact))) + abs(v) * 2.0**-76
            assert abs(mp.mpf(g) - exact) <= bound, v


def _allowance_ratio(name, x, dtype, f2, f3, **params):
    """Worst error of f″ over the contract's allowance (8 ulp + 2|x f‴/f″| ulp)."""
    import actfn_cli as af

    with np.errstate(over="ignore"):
        xs = np.asarray(x, dtype=np.float64).astype(dtype)
    got = af.get(name, **params).grad(xs, order=2)
    worst = 0.0
    for v, g in zip(xs.astype(np.float64), got.astype(np.float64)):
        if v == 0 or not np.isfinite(v):
            continue
        with mp.workprec(200 + max(0, math.frexp(v)[1])):
            ref, d3 = f2(mp.mpf(v)), f3(mp.mpf(v))
            ulp = float(np.spacing(dtype(abs(float(ref)))))
            worst = max(worst, float(abs(mp.mpf(g) - ref)) / ulp
                        / (8 + 2 * abs(float(v * d3 / ref))))
    return worst


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_second_derivatives_at_their_hard_points(dtype):
    """f″ of sinc (series for |x| < 2.4 around its cancellations near 0 and its first zero,
    the closed form by lincomb beyond, rescaled past 1e100), gcu (lincomb next to its zeros
    and 0) and snake (2α cos 2αx by lincomb, also where 2αx overflows) against mpmath."""
    rng = np.random.default_rng(9)
    with mp.workdps(40):
        x0 = float(mp.findroot(lambda t: (2 - t * t) * mp.sin(t) - 2 * t * mp.cos(t), 2.08))
        g0 = [float(mp.findroot(lambda t: 2 * mp.sin(t) + t * mp.cos(t), c)) for c in (2, 5, 8)]
    hard = np.array([x0, *g0])
    pts = np.concatenate([
        hard, np.nextafter(hard, 0), (hard * (1 + rng.uniform(-1e-4, 1e-4, (20, 4)))).ravel(),
        [1e-300, 1e-9, 0.3, 1.2499, 1.25, 2.3999, 2.4, 2.4001, 1e99, 3e100, 1e200, 1e300],
        rng.uniform(-12, 12, 60)])
    pts = np.concatenate([pts, -pts[:40]])
    def d2(t):
        if abs(t) < 0.01:  # the closed form cancels: its Taylor series
            return -mp.mpf(1) / 3 + t**2 / 10 - t**4 / 168 + t**6 / 6480 - t**8 / 443520
        return ((2 - t * t) * mp.sin(t) - 2 * t * mp.cos(t)) / t**3

    assert _allowance_ratio("sinc", pts, dtype, d2, lambda t: mp.diff(d2, t)) <= 1
    assert _allowance_ratio("gcu", pts[np.abs(pts) < 1e30], dtype,
                            lambda t: -2 * mp.sin(t) - t * mp.cos(t),
                            lambda t: t * mp.sin(t) - 3 * mp.cos(t)) <= 1
    for alpha in (1.0, 2.0, 0.3, -1.5):
        a = mp.mpf(alpha)
        big = [1e308, -1.7e308, 3e38, -3.3e38] if dtype == np.float64 else [3e38, -3.3e38]
        x = np.concatenate([pts[np.abs(pts) < 1e30], big,
                            np.arange(1, 30) * np.pi / (4 * abs(alpha))])
        assert _allowance_ratio("snake", x, dtype, lambda t, a=a: 2 * a * mp.cos(2 * a * t),
                                lambda t, a=a: -4 * a * a * mp.sin(2 * a * t),
                                alpha=alpha) <= 1


@pytest.mark.parametrize("alpha", [0.3, 1.0, -0.7])
def test_snake_float32_derivatives_next_to_their_extrema(alpha):
    """float32 snake′/snake″ round w = αx + π/4 or 2αx to float32: next to the extrema, beyond
    |w| = 2^12, the quadratic cost of that rounding exceeds the allowance (those lanes go to
    float64)."""
    rng = np.random.default_rng(13)
    k = rng.integers(1000, 20_000_000, 60)
    x = np.concatenate([k * (np.pi / 2) / (2 * alpha), rng.uniform(-5000, 5000, 40)])
    a = mp.mpf(alpha)
    assert _allowance_ratio("snake", x, np.float32, lambda t: 2 * a * mp.cos(2 * a * t),
                            lambda t: -4 * a * a * mp.sin(2 * a * t), alpha=alpha) <= 1
    import actfn_cli as af

    xs = x.astype(np.float32)
    got = af.get("snake", alpha=alpha).grad(xs)
    for v, g in zip(xs.astype(np.float64), got.astype(np.float64)):
        with mp.workprec(200):
            ref = 1 + mp.sin(2 * a * v)
            if abs(ref) < 1e-6:  # next to the double zeros: the rounding of αx itself
                continue
            cond = abs(float(v * 2 * a * mp.cos(2 * a * v) / ref))
            ulp = float(np.spacing(np.float32(abs(float(ref)))))
            assert float(abs(mp.mpf(g) - ref)) <= (8 + 2 * cond) * ulp, v
