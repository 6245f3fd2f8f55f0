"""Accuracy and conventions of ``actfn_cli.core.special`` (erf, erfc, ndtr, npdf).

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

from actfn_cli.core.special import erf, erfc, ndtr, npdf

DATA = Path(__file__).resolve().parents[1] / "data" / "special_reference.npz"
FUNCTIONS = {"erf": erf, "erfc": erfc, "ndtr": ndtr, "npdf": npdf}
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


@pytest.mark.parametrize("name", FUNCTIONS)
def test_shapes_and_fresh_output(name):
    f = FUNCTIONS[name]
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


@pytest.mark.parametrize("name", FUNCTIONS)
def test_no_floating_point_warnings(name):
    x = np.concatenate([NASTY, -NASTY])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        FUNCTIONS[name](x)
        with np.errstate(all="raise"):  # the functions set their own state
            FUNCTIONS[name](x)


FORMULA_BOUNDS = (0.25, 0.84375, 1.25, 2.857142857142857, 6.0, 26.55, 28.0, 38.0) + tuple(
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
