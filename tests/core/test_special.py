"""Accuracy and conventions of ``actfn_cli.core.special`` (erf, erfc, ndtr, npdf, and the exact
GELU's gelu = x Phi(x) and gelu_grad = Phi(x) + x phi(x), held to the GELU's tolerance instead).

References are mpmath at 50 digits, stored as double-double by ``tests/make_special_reference.py``
in ``tests/data/special_reference.npz``, so the errors below are true ulp errors. An ulp is
``np.spacing`` of the exact value, floored at the smallest normal: subnormal results are checked
in absolute terms.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from actfn_cli.core.special import erf, erfc, ndtr, ndtr_npdf, npdf
from actfn_cli.core.special_gelu import gelu, gelu_grad

DATA = Path(__file__).resolve().parents[1] / "data" / "special_reference.npz"
FUNCTIONS = {"erf": erf, "erfc": erfc, "ndtr": ndtr, "npdf": npdf}
GELU = {"gelu": gelu, "gelu_grad": gelu_grad}
MAX_ULP = {"erf": 2.0, "erfc": 2.0, "ndtr": 4.0, "npdf": 4.0}
TINY = np.finfo(np.float64).tiny
EPS = np.finfo(np.float64).eps


@cache
def reference() -> dict[str, np.ndarray]:
    with np.load(DATA) as data:
        return dict(data)


def ulp_error(got: np.ndarray, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """|got - (hi + lo)| in ulps of the exact value (absolute below the smallest normal)."""
    return np.abs((got - hi) - lo) / np.spacing(np.maximum(np.abs(hi), TINY))


def test_reference_covers_the_contract():
    x = reference()["x"]
    assert {0.0, 1e-300, -1e-300, 1e-12, -1e-12, 1e3, -1e3} <= set(x.tolist())
    assert x.min() <= -38.5 and x.max() >= 38.5
    assert len(x) > 5000


@pytest.mark.parametrize("name", FUNCTIONS)
def test_ulp_error_against_mpmath(name):
    ref = reference()
    err = ulp_error(FUNCTIONS[name](ref["x"]), ref[f"{name}_hi"], ref[f"{name}_lo"])
    worst = int(np.argmax(err))
    assert err[worst] <= MAX_ULP[name], f"{name}({ref['x'][worst]!r}): {err[worst]:.2f} ulp"


def test_tails_keep_relative_accuracy_down_to_underflow():
    ref = reference()
    x = ref["x"]
    for name, where in (("erfc", x > 25.0), ("ndtr", x < -35.0), ("npdf", np.abs(x) > 35.0)):
        hi = ref[f"{name}_hi"][where]
        normal = np.abs(hi) >= TINY
        assert normal.sum() > 50 and (~normal).sum() > 5, name  # both regimes sampled
        err = ulp_error(FUNCTIONS[name](x[where]), hi, ref[f"{name}_lo"][where])
        assert err.max() <= MAX_ULP[name], name


@pytest.mark.parametrize("name", GELU)
def test_gelu_within_its_tolerance(name):
    """4 ulp (8 for the derivative) plus 2 ulp per unit of condition number, as for every
    activation (tests/core/test_accuracy.py), here on the dense reference points."""
    ref = reference()
    err = ulp_error(GELU[name](ref["x"]), ref[f"{name}_hi"], ref[f"{name}_lo"])
    ratio = err / ref[f"{name}_tol"]
    worst = int(np.argmax(ratio))
    assert ratio[worst] <= 1.0, f"{name}({ref['x'][worst]!r}): {err[worst]:.2f} ulp"


def test_gelu_limits_and_nan():
    x = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e300, -1e300, 40.0, -40.0])
    np.testing.assert_array_equal(gelu(x), [np.nan, np.inf, 0.0, 0.0, 0.0, 1e300, 0.0, 40.0, 0.0])
    np.testing.assert_array_equal(gelu_grad(x), [np.nan, 1.0, 0.0, 0.5, 0.5, 1.0, 0.0, 1.0, 0.0])
    # x·Φ(x) has the sign of x, down to its zeros: gelu(−0) = −0, and −0 where it underflows
    assert np.signbit(gelu(x)[2:]).tolist() == [True, False, True, False, True, False, True]


@pytest.mark.parametrize(
    "x, expected",
    [
        (np.nan, {"erf": np.nan, "erfc": np.nan, "ndtr": np.nan, "npdf": np.nan}),
        (np.inf, {"erf": 1.0, "erfc": 0.0, "ndtr": 1.0, "npdf": 0.0}),
        (-np.inf, {"erf": -1.0, "erfc": 2.0, "ndtr": 0.0, "npdf": 0.0}),
        (0.0, {"erf": 0.0, "erfc": 1.0, "ndtr": 0.5, "npdf": 0.3989422804014327}),
        (1e300, {"erf": 1.0, "erfc": 0.0, "ndtr": 1.0, "npdf": 0.0}),
        (-1e300, {"erf": -1.0, "erfc": 2.0, "ndtr": 0.0, "npdf": 0.0}),
        (40.0, {"erf": 1.0, "erfc": 0.0, "ndtr": 1.0, "npdf": 0.0}),
        (-40.0, {"erf": -1.0, "erfc": 2.0, "ndtr": 0.0, "npdf": 0.0}),
    ],
)
def test_special_values(x, expected):
    for name, want in expected.items():
        got = FUNCTIONS[name](np.array(x))
        np.testing.assert_equal(got, want, err_msg=f"{name}({x})")


def test_signed_zero():
    assert np.signbit(erf(np.array(-0.0)))
    assert not np.signbit(erf(np.array(0.0)))
    assert erfc(np.array(-0.0)) == 1.0 and ndtr(np.array(-0.0)) == 0.5


@pytest.mark.parametrize("name", FUNCTIONS | GELU)
def test_shapes_and_fresh_output(name):
    f = (FUNCTIONS | GELU)[name]
    zero_d = f(np.array(0.5))
    assert isinstance(zero_d, np.ndarray) and zero_d.shape == () and zero_d.dtype == np.float64
    x = np.linspace(-5.0, 5.0, 24).reshape(2, 3, 4)
    before = x.copy()
    y = f(x)
    assert y.shape == x.shape and y.dtype == np.float64 and not np.shares_memory(x, y)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_array_equal(f(x[:, ::2, ::-1]), y[:, ::2, ::-1])  # non-contiguous input
    assert f(np.empty((0, 3))).shape == (0, 3)
    big = np.linspace(-8.0, 8.0, 200_003)  # several internal blocks
    np.testing.assert_array_equal(f(big)[::1000], f(big[::1000]))


NASTY = np.array(
    [np.nan, np.inf, -np.inf, 0.0, -0.0, 5e-324, -5e-324, TINY, 1e-300, 0.84375, 1.25, 6.0, 26.6,
     27.3, 28.0, 38.6, 40.0, 1e154, 1e200, 1.7976931348623157e308]
)


@pytest.mark.parametrize("name", FUNCTIONS | GELU)
def test_no_floating_point_warnings(name):
    x = np.concatenate([NASTY, -NASTY])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (FUNCTIONS | GELU)[name](x)
        with np.errstate(all="raise"):  # the functions set their own state
            (FUNCTIONS | GELU)[name](x)


FORMULA_BOUNDS = (0.25, 0.84375, 1.0, 1.25, 2.857142857142857, 6.0, 8.3, 26.5, 26.55, 27.5, 28.0,
                  37.5, 38.0, 38.6) + tuple(
    float(np.uint64(w << 32).view(np.float64)) for w in (0x4006DB6D, 0x4006DB6E)
)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_monotone_across_consecutive_floats_at_every_boundary(name):
    f = FUNCTIONS[name]
    decreasing = name in ("erfc", "npdf")
    for b in FORMULA_BOUNDS:
        for centre in (b, -b, b * np.sqrt(2.0), -b * np.sqrt(2.0)):  # ndtr works at x/sqrt(2)
            x = (np.float64(centre).view(np.int64) + np.arange(-64, 65)).view(np.float64)
            x = np.sort(np.abs(x) if name == "npdf" else x)
            d = np.diff(f(x))
            assert (d <= 0).all() if decreasing else (d >= 0).all(), (name, centre)


finite = st.floats(-40.0, 40.0, allow_nan=False)


@given(st.floats(-0.5, 0.5, allow_nan=False))
def test_erf_plus_erfc_is_one(x):
    total = erf(np.array(x)) + erfc(np.array(x))
    assert abs(total - 1.0) <= 2 * EPS


@given(finite)
def test_symmetries(x):
    a, b = np.array(x), np.array(-x)
    assert erf(b) == -erf(a)
    assert npdf(b) == npdf(a)
    assert abs(ndtr(a) + ndtr(b) - 1.0) <= 4 * EPS


@given(finite, finite)
def test_monotone(x1, x2):
    lo, hi = np.array(min(x1, x2)), np.array(max(x1, x2))
    assert erf(lo) <= erf(hi)
    assert erfc(lo) >= erfc(hi)
    assert ndtr(lo) <= ndtr(hi)
    near, far = sorted((abs(x1), abs(x2)))
    assert npdf(np.array(near)) >= npdf(np.array(far))


def test_ndtr_npdf_is_ndtr_and_npdf():
    ref = reference()
    x = ref["x"]
    cdf, pdf = ndtr_npdf(x)
    np.testing.assert_array_equal(cdf, ndtr(x))
    err = ulp_error(pdf, ref["npdf_hi"], ref["npdf_lo"])
    assert err.max() <= MAX_ULP["npdf"], x[np.argmax(err)]
    zero_d = ndtr_npdf(np.array(-0.5))
    assert all(v.shape == () and v.dtype == np.float64 for v in zero_d)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c, p = ndtr_npdf(np.concatenate([NASTY, -NASTY]))
    np.testing.assert_array_equal(c, ndtr(np.concatenate([NASTY, -NASTY])))
    np.testing.assert_array_equal(np.isnan(p), np.isnan(c))
    assert (p[~np.isnan(p)] >= 0).all()


@pytest.mark.parametrize("name", FUNCTIONS | GELU)
@pytest.mark.parametrize("sample", ["narrow", "uniform", "wide", "mixed"])
def test_value_does_not_depend_on_the_rest_of_the_array(name, sample):
    """The functions group elements by range, and handle a group differently when it is a
    large or small part of a block: each element must still get the same bits as on its own."""
    rng = np.random.default_rng(7)
    x = {"narrow": lambda: rng.normal(0.0, 0.6, 70_000),
         "uniform": lambda: rng.uniform(-10.0, 10.0, 70_000),
         "wide": lambda: rng.uniform(-100.0, 100.0, 70_000),
         "mixed": lambda: np.concatenate([rng.normal(0.0, 0.6, 40_000), rng.uniform(-40, 40, 30_000),
                                         NASTY, -NASTY])}[sample]()
    f = (FUNCTIONS | GELU)[name]
    got = f(x)
    pick = rng.choice(x.size, 300, replace=False)
    alone = np.array([f(np.array(v)) for v in x[pick]])
    np.testing.assert_array_equal(got[pick], alone)


def test_fitted_coefficients_meet_their_bounds():
    """The rationals fitted for special.py and special_gelu.py, checked against mpmath (coarsely
    here; in full by ``python tests/fit_special_coefficients.py --check``)."""
    from actfn_cli.core import special, special_gelu
    from tests import fit_special_coefficients as fit

    stored = {**special._FITTED, **special_gelu._FITTED}
    assert set(stored) == set(fit.FITS)
    for name, (f, weight, domain, m, n, bound, _) in fit.FITS.items():
        p, q = ([fit.mp.mpf(c) for c in cs] for cs in stored[name])
        assert (len(p), len(q)) == (m + 1, n + 1), name
        assert fit.max_error(f, weight, domain, p, q, grid=150) <= bound, name
