"""Exactness of the error-free transformations in actfn_cli.core.dd, checked with Fractions."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from actfn_cli.core import dd

F = Fraction


def _bits(v: float) -> int:
    """Significant bits of the float v (0 for 0)."""
    if v == 0:
        return 0
    m = abs(F(v))
    while m.denominator != 1:
        m *= 2
    n = m.numerator
    while n % 2 == 0:
        n //= 2
    return n.bit_length()


def _random(rng, n, lo_exp, hi_exp):
    sign = rng.choice([-1.0, 1.0], n)
    return sign * rng.uniform(1.0, 2.0, n) * np.exp2(rng.integers(lo_exp, hi_exp, n))


EDGE = [0.0, -0.0, 1.0, -1.0, 1.0 + 2.0**-52, 2.0 - 2.0**-52, math.pi, -math.e,
        1e150, -1e150, 2.0**995 * 1.5, 1e-150, 3.0 * 2.0**-500, 0.1, 1.0 / 3.0,
        134217729.0, 2.0**27 - 1.0, float(np.nextafter(1.0, 0.0))]


@pytest.fixture(scope="module")
def rng():
    return np.random.default_rng(20240601)


def test_split_exact_halves(rng):
    a = np.concatenate([_random(rng, 2000, -400, 900), EDGE])
    hi, lo = dd.split(a)
    for v, h, low in zip(a.tolist(), hi.tolist(), lo.tolist()):
        assert F(h) + F(low) == F(v)
        assert _bits(h) <= 26 and _bits(low) <= 26, v


def test_split_scalar_matches_array():
    for v in EDGE:
        h, low = dd.split(v)
        ha, la = dd.split(np.array([v]))
        assert (h, low) == (ha[0], la[0])


def test_two_prod_exact(rng):
    a = np.concatenate([_random(rng, 3000, -450, 450), EDGE])
    b = np.concatenate([_random(rng, 3000, -450, 450), EDGE[::-1]])
    p, err = dd.two_prod(a, b)
    for x, y, pp, e in zip(a.tolist(), b.tolist(), p.tolist(), err.tolist()):
        assert pp == x * y
        assert F(pp) + F(e) == F(x) * F(y), (x, y)
        assert abs(e) <= math.ulp(pp) / 2


def test_two_prod_edges_pairwise():
    for x in EDGE:
        for y in EDGE:
            if abs(F(x) * F(y)) > F(2.0**1000) or (x * y != 0 and abs(x * y) < 2.0**-960):
                continue  # outside the documented range (overflow, or underflowing tails)
            p, e = dd.two_prod(np.float64(x), np.float64(y))
            assert F(float(p)) + F(float(e)) == F(x) * F(y), (x, y)


def test_two_square_exact(rng):
    a = np.concatenate([_random(rng, 3000, -450, 500), [v for v in EDGE if v == 0 or 2.0**-480 < abs(v) < 2.0**511]])
    p, err = dd.two_square(a)
    for x, pp, e in zip(a.tolist(), p.tolist(), err.tolist()):
        assert pp == x * x
        assert F(pp) + F(e) == F(x) ** 2, x
    p2, e2 = dd.two_prod(a, a)
    np.testing.assert_array_equal(p, p2)
    np.testing.assert_array_equal(err, e2)


def test_two_sum_exact(rng):
    # widely different magnitudes and near-cancelling pairs, in both orders
    a = np.concatenate([_random(rng, 2000, -300, 300), _random(rng, 1000, -5, 5), EDGE])
    b = np.concatenate([_random(rng, 2000, -300, 300),
                        -a[2000:3000] * (1 + 2.0**-40),
                        EDGE[::-1]])
    for x_arr, y_arr in ((a, b), (b, a)):
        s, err = dd.two_sum(x_arr, y_arr)
        for x, y, ss, e in zip(x_arr.tolist(), y_arr.tolist(), s.tolist(), err.tolist()):
            assert ss == x + y
            assert F(ss) + F(e) == F(x) + F(y), (x, y)
            assert abs(e) <= math.ulp(ss) / 2


def test_two_sum_small_first_operand():
    # |a| < |b|: fast-two-sum would fail here, Knuth's two-sum must not
    for a, b in [(2.0**-60, 1.0), (1e-300, -1e300), (3.0, 2.0**60 + 2.0**8), (0.1, 1e17)]:
        s, e = dd.two_sum(np.float64(a), np.float64(b))
        assert F(float(s)) + F(float(e)) == F(a) + F(b)


def test_float32_is_not_promoted():
    # the helpers keep the dtype of their inputs (callers rely on the arithmetic's dtype)
    x = np.array([1.5, 3.25], np.float32)
    assert dd.two_sum(x, x)[1].dtype == np.float32
