"""The vector family (softmax, log_softmax, softmin, sparsemax, GLU variants, maxout).

References are mpmath, written here from the definitions (never by calling actfn): values
at 130 or more working digits, the Jacobian by central differences of those forms (step
1e-30), and from second differences the condition numbers that bound what rounding the
inputs alone may cost.
sparsemax's reference finds τ by bisection on Σ max(x − τ, 0) = 1 (the projection's KKT
condition), not by the sorting algorithm the code uses.
"""

from __future__ import annotations

import warnings
from functools import cache

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actfn_cli as af
from actfn_cli.core.activation import BLOCK

U = 2.0 ** -53
TINY = 2.0 ** -1074
NAMES = ["softmax", "log_softmax", "softmin", "sparsemax", "glu", "reglu", "geglu", "swiglu",
         "maxout"]
inf, nan = np.inf, np.nan


# --------------------------------------------------------------------------- mpmath forms
def _mp_softmax(x, temperature=1.0, sign=1):
    t = mp.mpf(temperature)
    e = [mp.exp(sign * v / t) for v in x]
    total = mp.fsum(e)
    return [v / total for v in e]


def _mp_log_softmax(x, temperature=1.0):
    # −log Σⱼ exp((xⱼ − xᵢ)/T): no cancellation even when softmax(x)ᵢ is within 1e-300 of 1.
    t = mp.mpf(temperature)
    return [-mp.log1p(mp.fsum(mp.exp((w - v) / t) for j, w in enumerate(x) if j != i))
            for i, v in enumerate(x)]


def _mp_sparsemax(x):
    """τ brackets [lo, hi] bisected on Σ max(x − τ, 0) = 1 until no input lies inside; the
    support {x > hi} is then known and τ = (Σ_S x − 1)/|S| exactly."""
    lo, hi = max(x) - 1, max(x)
    while any(lo < v <= hi for v in x) and hi - lo > mp.eps * 8:
        mid = (lo + hi) / 2
        if mp.fsum(max(v - mid, 0) for v in x) > 1:
            lo = mid
        else:
            hi = mid
    support = [v for v in x if v > hi]
    tau = (mp.fsum(support) - 1) / len(support)
    return [max(v - tau, mp.mpf(0)) for v in x]


_GATES = {
    "glu": lambda b: 1 / (1 + mp.exp(-b)),
    "reglu": lambda b: b if b > 0 else mp.mpf(0),
    "geglu": lambda b: b * mp.ncdf(b),
    "swiglu": lambda b: b / (1 + mp.exp(-b)),
}


def _mp_gated(gate):
    def f(x):
        m = len(x) // 2
        return [a * gate(b) for a, b in zip(x[:m], x[m:])]
    return f


def _mp_maxout(x, pieces=2):
    return [max(x[i:i + pieces]) for i in range(0, len(x), pieces)]


def mp_form(name, params):
    if name == "softmax":
        return lambda x: _mp_softmax(x, **params)
    if name == "softmin":
        return lambda x: _mp_softmax(x, sign=-1, **params)
    if name == "log_softmax":
        return lambda x: _mp_log_softmax(x, **params)
    if name == "sparsemax":
        return _mp_sparsemax
    if name == "maxout":
        return lambda x: _mp_maxout(x, **params)
    return _mp_gated(_GATES[name])


def _columns(form, x, h):
    """∂F/∂xⱼ for every j by central differences: a list over j of lists over outputs."""
    cols = []
    for j in range(len(x)):
        up, down = list(x), list(x)
        up[j] += h
        down[j] -= h
        # a difference below the rounding level of its operands is no difference at all
        noise = mp.mpf(10) ** (10 - mp.mp.dps)
        cols.append([(a - b) / (2 * h) if abs(a - b) > noise * (abs(a) + abs(b)) else mp.mpf(0)
                     for a, b in zip(form(up), form(down))])
    return cols


def _jac(form, x):
    cols = _columns(form, x, mp.mpf(10) ** -30)
    return [[cols[j][i] for j in range(len(x))] for i in range(len(cols[0]))]


@cache
def reference(name, params_items, row):
    """(y, J, cond_y, cond_J) for one float64 row, all as Python floats / mpf."""
    params = dict(params_items)
    form = mp_form(name, params)
    # Differences of outputs near 1 must resolve Jacobian entries as small as e^(−span):
    # carry that many digits twice over (second differences) on top of 130.
    span = (max(row) - min(row)) / params.get("temperature", 1.0)
    with mp.workdps(130 + 2 * int(span / 2.3)):
        x = [mp.mpf(v) for v in row]
        y = form(x)
        jac = _jac(form, x)
        h = mp.mpf(10) ** -20
        dj = []  # dj[k][i][j] = ∂J_ij/∂x_k
        for k in range(len(x)):
            up, down = list(x), list(x)
            up[k] += h
            down[k] -= h
            ju, jd = _jac(form, up), _jac(form, down)
            dj.append([[(a - b) / (2 * h) for a, b in zip(ru, rd)] for ru, rd in zip(ju, jd)])
        m, n = len(y), len(x)
        cond_y = [float(mp.fsum(abs(x[j] * jac[i][j]) for j in range(n)) / abs(y[i]))
                  if y[i] != 0 else 0.0 for i in range(m)]
        cond_j = [[float(mp.fsum(abs(x[k] * dj[k][i][j]) for k in range(n)) / abs(jac[i][j]))
                   if jac[i][j] != 0 else 0.0 for j in range(n)] for i in range(m)]
    return y, jac, cond_y, cond_j


def ulps(ours: float, ref) -> float:
    """|ours − ref| in units of the float64 spacing at ref (absolute in the subnormal range)."""
    with mp.workdps(60):
        return float(abs(mp.mpf(float(ours)) - ref)) / float(np.spacing(abs(float(ref))))


# --------------------------------------------------------------------------- cases
def _rows(name, params, seed):
    rng = np.random.default_rng(seed)
    size = {"glu": 2, "reglu": 2, "geglu": 2, "swiglu": 2, "maxout": params.get("pieces", 2)}
    unit = size.get(name, 1)
    rows = [rng.uniform(-6, 6, unit * k) for k in (1, 2, 3, 4)]
    rows.append(rng.uniform(-40, 40, unit * 3))
    if name in ("softmax", "log_softmax", "softmin"):
        rows += [np.array([35.0, 0.3, -2.0]),  # one softmax entry within 1e-15 of 1
                 np.array([700.0, 0.5, -700.0]),  # entries down to e^-1400
                 np.array([1000.25, 1000.5, 999.75]),  # large common offset
                 rng.uniform(-3, 3, 8)]
    if name == "sparsemax":
        rows += [rng.uniform(-1, 1, k) for k in (3, 5, 10)] + [rng.uniform(-0.2, 0.2, 6)]
    if name in _GATES:
        rows.append(np.concatenate([rng.uniform(-3, 3, 3), [-30.0, 0.25, 17.0]]))
    return [tuple(float(v) for v in r) for r in rows]


CASES = [
    ("softmax", {}), ("softmax", {"temperature": 0.37}), ("softmax", {"temperature": 4.0}),
    ("log_softmax", {}), ("log_softmax", {"temperature": 0.37}),
    ("softmin", {}), ("softmin", {"temperature": 2.5}),
    ("sparsemax", {}),
    ("glu", {}), ("reglu", {}), ("geglu", {}), ("swiglu", {}),
    ("maxout", {}), ("maxout", {"pieces": 3}), ("maxout", {"pieces": 1}),
]


def _id(case):
    name, params = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_values_jacobian_and_jvp_against_mpmath(case) -> None:
    """Values within 4 + 2·cond ulp, Jacobian entries within 8 + 2·cond ulp, and J·v within
    (8 + 2·cond)·u·Σⱼ|Jᵢⱼvⱼ| of mpmath (cond: what rounding the inputs alone may cost)."""
    name, params = case
    act = af.get(name, **params)
    rng = np.random.default_rng(1)
    problems = []
    for k, row in enumerate(_rows(name, params, seed=CASES.index(case))):
        y_ref, j_ref, cond_y, cond_j = reference(name, tuple(sorted(params.items())), row)
        x = np.array(row)
        y, jac = act(x), act.grad(x)
        v = rng.uniform(-2, 2, x.size)
        jv = act.jvp(x, v)
        assert y.shape == (len(y_ref),) and jac.shape == (len(y_ref), x.size)
        for i, r in enumerate(y_ref):
            err = ulps(y[i], r)
            if err > 4 + 2 * cond_y[i]:
                problems.append(f"row {k} {row}: f[{i}] = {y[i]!r}, mpmath {mp.nstr(r, 20)}: "
                                f"{err:.3g} ulp (allowed {4 + 2 * cond_y[i]:.3g})")
            for j, r_ij in enumerate(j_ref[i]):
                err = ulps(jac[i, j], r_ij)
                if err > 8 + 2 * cond_j[i][j]:
                    problems.append(f"row {k} {row}: J[{i},{j}] = {jac[i, j]!r}, mpmath "
                                    f"{mp.nstr(r_ij, 20)}: {err:.3g} ulp")
            with mp.workdps(60):
                exact = mp.fsum(r_ij * mp.mpf(float(v[j])) for j, r_ij in enumerate(j_ref[i]))
                bound = mp.fsum(abs(r_ij * float(v[j])) * (8 + 2 * cond_j[i][j])
                                for j, r_ij in enumerate(j_ref[i])) * U + TINY
                if abs(mp.mpf(float(jv[i])) - exact) > bound:
                    problems.append(f"row {k} {row}: jvp[{i}] = {jv[i]!r}, mpmath "
                                    f"{mp.nstr(exact, 20)} (allowed ±{mp.nstr(bound, 3)})")
    assert not problems, "\n".join(problems[:12])


# --------------------------------------------------------------------------- known answers
def test_known_values() -> None:
    np.testing.assert_array_equal(af.get("sparsemax")([1.0, 0.5, 0.0]), [0.75, 0.25, 0.0])
    np.testing.assert_array_equal(af.get("maxout:pieces=2")([1.0, -2.0, 3.0, 7.0]), [1.0, 7.0])
    np.testing.assert_array_equal(af.get("maxout:pieces=3")([1.0, 5.0, 3.0]), [5.0])
    np.testing.assert_array_equal(af.get("reglu")([3.0, -2.0, 1.5, 2.0]), [4.5, -4.0])
    np.testing.assert_array_equal(af.get("reglu")([3.0, -2.0, -1.5, 2.0]), [0.0, -4.0])
    # softmax of two inputs is σ(x₁ − x₂); with T it is σ((x₁ − x₂)/T).
    with mp.workdps(40):
        for x1, x2, t in [(0.3, -1.2, 1.0), (5.0, 2.0, 0.5), (-3.0, 4.0, 3.0)]:
            want = float(1 / (1 + mp.exp(-(mp.mpf(x1) - x2) / t)))
            got = af.get("softmax", temperature=t)([x1, x2])[0]
            assert abs(got - want) <= 2 * np.spacing(want)


def test_sparsemax_in_two_dimensions_is_a_clipped_line() -> None:
    """Martins & Astudillo: for two inputs sparsemax₁ = clip((t + 1)/2, 0, 1), t = x₁ − x₂."""
    act = af.get("sparsemax")
    for x1, x2 in [(0.25, 0.0), (-0.5, 0.25), (3.0, 0.0), (0.0, 3.0), (1.0, 0.0), (0.5, 0.5)]:
        want = min(max((x1 - x2 + 1) / 2, 0.0), 1.0)
        np.testing.assert_array_equal(act([x1, x2]), [want, 1 - want])


def test_sparsemax_jacobian_is_the_support_projection() -> None:
    jac = af.get("sparsemax").grad([1.0, 0.5, 0.0, 0.875])  # support {0, 1, 3}, τ = 0.4583…
    s = np.array([1.0, 1.0, 0.0, 1.0])
    np.testing.assert_array_equal(jac, np.diag(s) - np.outer(s, s) / 3)
    assert not np.signbit(jac[2]).any() and not np.signbit(jac[:, 2]).any()  # +0, not −0


@pytest.mark.parametrize("seed", range(6))
def test_sparsemax_zeros_are_exact_and_rows_lie_on_the_simplex(seed) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.5, 1.5, (4, 9))
    p = af.get("sparsemax")(x)
    for row, out in zip(x, p):
        with mp.workdps(50):
            ref = _mp_sparsemax([mp.mpf(v) for v in row])
        tau = float(max(row) - max(ref))  # the largest entry is in the support
        assert all(r == 0 for r, v in zip(ref, row) if v < tau)
        assert np.all(out[row < tau - 1e-9] == 0.0) and np.all(out[row > tau + 1e-9] > 0.0)
        assert np.all(out >= 0.0) and abs(out.sum() - 1.0) <= 8 * U


def test_maxout_jacobian_goes_to_the_first_tie() -> None:
    act = af.get("maxout")
    np.testing.assert_array_equal(act.grad([1.0, 1.0, 0.0, 2.0, -inf, -inf]),
                                  [[1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0]])
    np.testing.assert_array_equal(act.jvp([4.0, 4.0, 9.0, 9.0], [5.0, 6.0, 7.0, 8.0]), [5, 7])
    np.testing.assert_array_equal(af.get("maxout:pieces=1").grad([3.0, -1.0]), np.eye(2))


def test_reglu_uses_relu_derivative_zero_at_the_kink() -> None:
    act = af.get("reglu")
    np.testing.assert_array_equal(act.grad([3.0, 0.0]), [[0.0, 0.0]])
    np.testing.assert_array_equal(act.grad([3.0, 1e-300]), [[1e-300, 3.0]])


# --------------------------------------------------------------------------- ±inf and NaN
@pytest.mark.parametrize(("name", "row", "want"), [
    ("softmax", [inf, 0.0, inf, -inf], [0.5, 0, 0.5, 0]),
    ("softmax", [-inf, -inf, -inf, -inf], [0.25] * 4),
    ("softmax", [1e308, -1e308, 0.0], [1, 0, 0]),
    ("softmax", [-1e308, -1.7e308], [1, 0]),
    ("softmin", [-inf, 0.0, 5.0], [1, 0, 0]),
    ("softmin", [inf, inf], [0.5, 0.5]),
    ("log_softmax", [inf, 1.0, inf], [-np.log(2), -inf, -np.log(2)]),
    ("log_softmax", [-inf, -inf, -inf], [-np.log(3)] * 3),
    ("log_softmax", [0.0, -inf], [0.0, -inf]),
    ("sparsemax", [inf, 3.0, inf], [0.5, 0, 0.5]),
    ("sparsemax", [-inf, -inf], [0.5, 0.5]),
    ("sparsemax", [2.0, -inf, 1.5], [0.75, 0, 0.25]),
    ("maxout", [inf, 1.0, -inf, -inf], [inf, -inf]),
    ("glu", [inf, 1.0], [inf]),
    ("glu", [2.0, -inf], [0.0]),
    ("glu", [inf, -inf], [nan]),
    ("reglu", [inf, -1.0], [0.0]),  # relu(−1) = 0 exactly: a·0 = 0 for every a
    ("reglu", [0.0, inf], [0.0]),
    ("swiglu", [0.0, inf], [0.0]),
    ("swiglu", [-inf, inf], [-inf]),
    ("geglu", [inf, 2.0], [inf]),
])
def test_infinite_inputs_take_their_limits(name, row, want) -> None:
    out = af.get(name)(np.array(row))
    np.testing.assert_allclose(out, want, rtol=1e-15, atol=0)


def test_limit_rows_have_the_closed_form_jacobian() -> None:
    """At a limit row the Jacobian is the closed form at the limiting probabilities."""
    s = np.array([0.5, 0.0, 0.5])
    want = np.diag(s) - np.outer(s, s)
    np.testing.assert_array_equal(af.get("softmax").grad([inf, 2.0, inf]), want)
    np.testing.assert_array_equal(af.get("softmax:temperature=2").grad([inf, 2.0, inf]), want / 2)
    u = np.full(4, 0.25)
    np.testing.assert_array_equal(af.get("softmax").grad([-inf] * 4), np.diag(u) - np.outer(u, u))
    np.testing.assert_array_equal(af.get("log_softmax").grad([-inf] * 2),
                                  [[0.5, -0.5], [-0.5, 0.5]])


def test_huge_temperature_does_not_lose_huge_differences() -> None:
    """x₁ − x₂ overflows, but (x₁ − x₂)/T = 2 does not: softmax = (σ(2), σ(−2))."""
    got = af.get("softmax", temperature=1e308)([1e308, -1e308])
    with mp.workdps(30):
        want = [float(1 / (1 + mp.exp(-2))), float(1 / (1 + mp.exp(2)))]
    np.testing.assert_allclose(got, want, rtol=4 * U)


@pytest.mark.parametrize("name", NAMES)
def test_nan_poisons_what_depends_on_it(name) -> None:
    act = af.get(name)
    x = np.array([[1.0, nan, -0.5, 2.0], [0.5, -1.0, 0.25, 3.0]])
    y, jac, jv = act(x), act.grad(x), act.jvp(x, np.ones_like(x))
    assert np.isfinite(y[1]).all() and np.isfinite(jac[1]).all() and np.isfinite(jv[1]).all()
    if name in ("glu", "reglu", "geglu", "swiglu"):  # out 1 = x[1]·g(x[3]); out 0 is clean
        assert np.isnan(y[0]).tolist() == np.isnan(jv[0]).tolist() == [False, True]
        assert np.isnan(jac[0, 1, [1, 3]]).all() and (jac[0, 1, [0, 2]] == 0).all()
    elif name == "maxout":  # groups (1, nan) and (−0.5, 2)
        assert np.isnan(y[0]).tolist() == np.isnan(jv[0]).tolist() == [True, False]
        assert np.isnan(jac[0, 0, :2]).all() and (jac[0, 0, 2:] == 0).all()
        np.testing.assert_array_equal(jac[0, 1], [0, 0, 0, 1])
    else:
        assert np.isnan(y[0]).all() and np.isnan(jac[0]).all() and np.isnan(jv[0]).all()


@pytest.mark.parametrize("name", NAMES)
def test_no_floating_point_warning_escapes(name) -> None:
    act = af.get(name)
    nasty = np.array([[inf, -inf, nan, 0.0, 1e308, -1e308], [-inf] * 6, [inf] * 6,
                      [5e-324, -5e-324, 0.0, -0.0, 1e-310, 3.0], [1e308, 1e308, -1e308, 1, 2, 3]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            act(nasty), act.grad(nasty), act.jvp(nasty, nasty), act(nasty.T, axis=0)


# --------------------------------------------------------------------------- shapes, axes, dtypes
W = 6  # even (the GLU family) and a multiple of maxout's default 2


@pytest.mark.parametrize("name", NAMES)
def test_axis_handling(name) -> None:
    act = af.get(name)
    rng = np.random.default_rng(3)
    x = rng.uniform(-3, 3, (W, 5))
    v = rng.uniform(-1, 1, x.shape)
    np.testing.assert_array_equal(act(x, axis=0), act(x.T).T)
    np.testing.assert_array_equal(act.jvp(x, v, axis=0), act.jvp(x.T, v.T).T)
    np.testing.assert_array_equal(act.grad(x, axis=0), act.grad(x.T))
    cube = rng.uniform(-3, 3, (2, W, 3))
    moved = np.moveaxis(cube, 1, -1)
    np.testing.assert_array_equal(act(cube, axis=1), np.moveaxis(act(moved), -1, 1))
    np.testing.assert_array_equal(act(cube, axis=-2), act(cube, axis=1))
    assert act.grad(cube, axis=1).shape == (2, 3, act(moved).shape[-1], W)


@pytest.mark.parametrize(("name", "m"), [("softmax", 6), ("log_softmax", 6), ("softmin", 6),
                                         ("sparsemax", 6), ("glu", 3), ("reglu", 3),
                                         ("geglu", 3), ("swiglu", 3), ("maxout", 3)])
def test_shapes(name, m) -> None:
    act = af.get(name)
    x = np.linspace(-2, 2, 6)
    assert act(x).shape == (m,) and act.grad(x).shape == (m, 6) and act.jvp(x, x).shape == (m,)
    assert act(np.tile(x, (4, 7, 1))).shape == (4, 7, m)
    assert act.grad(np.tile(x, (4, 1))).shape == (4, m, 6)
    assert act.definition.out_size(6, **act.params) == m
    assert act.definition.f(np.zeros((0, 6)), **act.params).shape == (0, m)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_dtype_is_kept_and_rounded_once(name, dtype) -> None:
    act = af.get(name)
    x = np.linspace(-3, 3, 12).reshape(2, 6).astype(dtype)
    wide = x.astype(np.float64)
    for ours, exact in [(act(x), act(wide)), (act.grad(x), act.grad(wide)),
                        (act.jvp(x, x), act.jvp(wide, wide))]:
        assert ours.dtype == dtype
        np.testing.assert_array_equal(ours, exact.astype(dtype))
    assert act(np.arange(6)).dtype == np.float64


@pytest.mark.parametrize("name", NAMES)
def test_blocked_rows_match_single_rows(name) -> None:
    """Many rows are evaluated in blocks; every row must come out as it does alone."""
    act = af.get(name)
    rng = np.random.default_rng(11)
    x = rng.uniform(-8, 8, (BLOCK // W * 2 + 3, W))
    v = rng.uniform(-1, 1, x.shape)
    idx = rng.integers(0, len(x), 20)
    big, big_jvp, big_jac = act(x), act.jvp(x, v), act.grad(x)
    for i in idx:
        np.testing.assert_array_equal(big[i], act(x[i]))
        np.testing.assert_array_equal(big_jvp[i], act.jvp(x[i], v[i]))
        np.testing.assert_array_equal(big_jac[i], act.grad(x[i]))


@pytest.mark.parametrize("name", ["softmax", "softmin", "sparsemax"])
def test_rows_sum_to_one(name) -> None:
    x = np.random.default_rng(5).uniform(-20, 20, (50, 7))
    for t in ({"temperature": 0.1}, {"temperature": 30.0}) if name != "sparsemax" else ({},):
        s = af.get(name, **t)(x)
        assert np.all(s >= 0) and np.all(np.abs(s.sum(axis=1) - 1) <= 4 * U)


# --------------------------------------------------------------------------- errors and metadata
@pytest.mark.parametrize(("spec", "shape", "words"), [
    ("glu", (2, 5), "must be even"), ("swiglu", (3,), "(got 3)"),
    ("maxout", (7,), "(7) must be a positive multiple of pieces=2"),
    ("maxout:pieces=4", (2, 6), "multiple of pieces=4"),
    ("softmax", (3, 0), "at least one input"), ("sparsemax", (), "at least a 1-D array"),
])
def test_size_errors(spec, shape, words) -> None:
    act = af.get(spec)
    with pytest.raises(af.UsageError) as err:
        act(np.zeros(shape))
    assert words in str(err.value) and str(err.value).startswith(act.name)
    with pytest.raises(af.UsageError):
        act.grad(np.zeros(shape))


@pytest.mark.parametrize(("spec", "words"), [
    ("maxout:pieces=0", "'pieces' must be ≥ 1"), ("maxout:pieces=1.5", "whole number"),
    ("softmax:temperature=0", "'temperature' must be > 0"),
    ("log_softmax:temperature=-1", "> 0"), ("softmin:temperature=inf", "finite"),
])
def test_parameter_errors(spec, words) -> None:
    with pytest.raises(af.ParameterError, match=words):
        af.get(spec)


def test_names_metadata_and_second_derivative() -> None:
    for spelling, name in [("LogSoftmax", "log_softmax"), ("logsoftmax", "log_softmax"),
                           ("Softmin", "softmin"), ("SwiGLU", "swiglu"), ("GeGLU", "geglu"),
                           ("ReGLU", "reglu"), ("GLU", "glu"), ("Maxout", "maxout")]:
        assert af.get(spelling).name == name
    for name in NAMES:
        act = af.get(name)
        assert act.is_vector and act.family == "vector"
        assert act.formula and act.latex and act.derivative and act.reference and act.year
        with pytest.raises(af.ComputationError):
            act.grad(np.zeros(4), order=2)
    assert "uniform" in af.get("softmax").kink_convention


# --------------------------------------------------------------------------- properties
dyadic = st.integers(-512, 512).map(lambda k: k / 8)


@settings(max_examples=150, deadline=None)
@given(x=st.lists(dyadic, min_size=1, max_size=9), c=st.integers(-2 ** 40, 2 ** 40),
       name=st.sampled_from(["softmax", "log_softmax", "softmin", "sparsemax"]),
       t=st.sampled_from([1.0, 0.3, 7.0]))
def test_adding_a_constant_changes_nothing(x, c, name, t) -> None:
    """Exact inputs and an exact shift: the outputs are bit-identical (no overflow at 2^40)."""
    act = af.get(name, **({} if name == "sparsemax" else {"temperature": t}))
    a = np.array(x)
    np.testing.assert_array_equal(act(a + c), act(a))


@settings(max_examples=150, deadline=None)
@given(x=hnp.arrays(np.float64, st.integers(1, 9), elements=st.floats(-50, 50)),
       c=st.floats(-1e6, 1e6), t=st.floats(0.05, 20))
def test_softmax_shift_invariance_for_any_floats(x, c, t) -> None:
    """x + c rounds; the change that causes in softmax is bounded by |x + c|/T ulp."""
    act = af.get("softmax", temperature=t)
    s, shifted = act(x), act(x + c)
    tol = (8 + 4 * np.max(np.abs(x + c)) / t) * U * s + 4 * TINY
    assert np.all(np.abs(shifted - s) <= tol)


def _sized(draw_n, name):
    return {"glu": 2, "reglu": 2, "geglu": 2, "swiglu": 2, "maxout": 3}.get(name, 1) * draw_n


@settings(max_examples=200, deadline=None)
@given(data=st.data(), name=st.sampled_from(NAMES))
def test_jvp_equals_jacobian_times_v(data, name) -> None:
    n = _sized(data.draw(st.integers(1, 5)), name)
    x = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-30, 30)))
    v = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-10, 10)))
    act = af.get(name, **({"pieces": 3} if name == "maxout" else {}))
    jac = act.grad(x)
    scale = np.abs(jac) @ np.abs(v)
    assert np.all(np.abs(act.jvp(x, v) - jac @ v) <= 32 * U * scale + TINY)


@settings(max_examples=200, deadline=None)
@given(x=hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(-1e3, 1e3)))
def test_sparsemax_projects_onto_the_simplex(x) -> None:
    p = af.get("sparsemax")(x)
    assert np.all(p >= 0) and abs(p.sum() - 1) <= 4 * x.size * U
    assert np.all(p[x < x.max() - 1 - 1e-9 * (1 + abs(x.max()))] == 0.0)
    order = np.argsort(x, kind="stable")
    assert np.all(np.diff(p[order]) >= 0)  # order preserving
