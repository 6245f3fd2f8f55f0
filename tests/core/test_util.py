"""The small array helpers of actfn_cli.core._util."""

from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from actfn_cli.core._util import by_sign, exp_neg_abs, keep_nan, poly, select

floats64 = hnp.arrays(np.float64, st.integers(0, 40), elements=st.floats(allow_nan=True))
finite_or_inf = st.floats(allow_nan=False)


@given(floats64, finite_or_inf, finite_or_inf)
def test_by_sign_selects_on_the_sign_bit(x, neg, pos):
    got = by_sign(x, neg, pos)
    want = np.where(np.signbit(x), neg, pos)
    assert got.dtype == np.float64 and got.shape == x.shape
    # bit for bit: −0.0 and 0.0 must not be confused
    assert np.array_equal(got.view(np.int64), want.astype(np.float64).view(np.int64))


def test_by_sign_takes_views_and_other_dtypes():
    x = np.array([[-1.0, 2.0], [0.0, -0.0]], dtype=np.float32).T  # non-contiguous, float32
    assert by_sign(x, 7.0, 3.0).tolist() == [[7.0, 3.0], [3.0, 7.0]]


def test_exp_neg_abs_and_keep_nan():
    x = np.array([-np.inf, -2.0, -0.0, 3.0, np.inf, np.nan])
    e = exp_neg_abs(x)
    assert e[[0, 4]].tolist() == [0.0, 0.0] and e[2] == 1.0 and np.isnan(e[5])
    assert abs(e[1] - np.exp(-2.0)) == 0.0 and abs(e[3] - np.exp(-3.0)) == 0.0
    out = keep_nan(x, np.ones_like(x))
    assert np.isnan(out[5]) and (out[:5] == 1.0).all()


@given(st.sampled_from([np.float16, np.float32, np.float64]), st.data())
def test_select_is_np_where_bit_for_bit(dtype, data):
    n = data.draw(st.integers(0, 40))
    width = 8 * np.dtype(dtype).itemsize
    arrays = hnp.arrays(dtype, n, elements=st.floats(allow_nan=True, width=width))
    a, b = data.draw(arrays), data.draw(arrays)
    cond = data.draw(hnp.arrays(np.bool_, n))
    want = np.where(cond, a, b)
    got = select(cond, a.copy(), b)
    assert got.dtype == dtype
    assert np.array_equal(got.view(f"u{got.itemsize}"), want.view(f"u{want.itemsize}"))


@given(st.lists(st.floats(-4, 4), min_size=2, max_size=9), st.booleans())
def test_poly_is_horner_lowest_power_first(coeffs, monic):
    coeffs = [*coeffs[:-1], 1.0] if monic else coeffs
    t = np.linspace(-2.0, 2.0, 17)
    want = np.zeros_like(t)
    for c in reversed(coeffs):  # Horner, one rounding per step, as poly promises
        want = want * t + c
    np.testing.assert_array_equal(poly(t, tuple(coeffs)), want)
