"""Sampling grids, curves broken at discontinuities, finite-difference checks, differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.core import fdcheck
from actfn_cli.core.difference import difference
from actfn_cli.core.errors import UsageError
from actfn_cli.core.grid import MAX_POINTS, check_range, curve, linear_grid, sample_grid


def test_linear_grid_is_correctly_rounded() -> None:
    assert linear_grid(-1.0, 1.0, 11).tolist() == [-1.0, -0.8, -0.6, -0.4, -0.2, 0.0, 0.2, 0.4,
                                                    0.6, 0.8, 1.0]
    assert linear_grid(-6.0, 6.0, 13).tolist() == list(map(float, range(-6, 7)))
    g = linear_grid(-0.3, 7.1, 1001)
    assert g[0] == -0.3 and g[-1] == 7.1 and np.all(np.diff(g) > 0)


@pytest.mark.parametrize("args,message", [
    ((1.0, 1.0, 5), "less than"), ((math.nan, 1.0, 5), "finite"),
    ((0.0, math.inf, 5), "finite"), ((0.0, 1.0, 1), "between 2"),
    ((0.0, 1.0, MAX_POINTS + 1), "between 2"),
])
def test_check_range(args, message) -> None:
    with pytest.raises(UsageError, match=message):
        check_range(*args)


def test_sample_grid_adds_kinks_and_jumps() -> None:
    acts = [af.get("relu6"), af.get("hardshrink:lambd=0.3")]
    g = sample_grid(-1.0, 7.0, 4, acts)
    for point in (0.0, 6.0, -0.3, 0.3):
        assert point in g
    assert np.all(np.diff(g) > 0)


def test_curve_breaks_at_a_jump() -> None:
    act = af.get("hardshrink")
    x = sample_grid(-1.0, 1.0, 21, [act])
    c = curve(act, 0, x)
    gaps = np.flatnonzero(np.isnan(c.y))
    assert len(gaps) == 2  # one at each of ±0.5
    for i in gaps:
        assert c.x[i - 1] == c.x[i + 1] and abs(c.x[i]) == 0.5  # the two limits, one x
    assert sorted(c.dots) == [(-0.5, 0.0), (0.5, 0.0)]
    assert np.allclose(sorted(c.rings), [(-0.5, -0.5), (0.5, 0.5)], rtol=1e-15)


def test_derivative_curve_breaks_at_a_kink_not_the_function() -> None:
    act = af.get("relu")
    x = sample_grid(-1.0, 1.0, 5, [act])
    assert not np.isnan(curve(act, 0, x).y).any()
    d = curve(act, 1, x)
    assert np.isnan(d.y).sum() == 1 and d.dots == ((0.0, 0.0),) and d.rings == ((0.0, 1.0),)


def test_smooth_kink_of_higher_order_is_not_broken() -> None:
    act = af.get("smelu")  # C¹: f′ continuous at ±β
    x = sample_grid(-2.0, 2.0, 41, [act])
    assert not np.isnan(curve(act, 1, x).y).any()


def test_check_passes_and_skips_kinks() -> None:
    x = sample_grid(-6.0, 6.0, 201, [af.get("relu")])
    r = fdcheck.check(af.get("relu"), x)
    assert r.ok and 0 < r.skipped < 20 and r.max_error < 1e-12


def test_check_catches_a_wrong_derivative() -> None:
    class Wrong:
        spec, kinks, jumps = "wrong", (), ()

        def __call__(self, x):
            return np.sin(x)

        def grad(self, x, order=1):
            return np.cos(x) * (1 + 1e-5) if order == 1 else -np.sin(x)

    r = fdcheck.check(Wrong(), np.linspace(-3, 3, 61))
    assert not r.ok and 0.9e-5 < r.max_error < 1.1e-5


def test_check_skips_undeclared_kinks() -> None:
    act = af.get("where(x > 0.3, x, 0.1*x)")
    x = np.array([0.3, 0.3 + 1e-3, -2.0, 2.0])
    r = fdcheck.check(act, x)
    assert r.ok and r.skipped == 2 and r.checked == 2


def test_jacobian_check() -> None:
    r = fdcheck.check_jacobian(af.get("softmax"), np.array([0.5, -1.0, 2.0]))
    assert r.ok and r.checked == 9 and r.max_error < 1e-12


def test_difference_metrics() -> None:
    x = linear_grid(-2.0, 2.0, 401)
    d = difference(af.get("relu"), af.get("identity"), x)
    assert d.max_abs == 2.0 and d.argmax == -2.0
    assert d.max_abs_grad == 1.0
    assert math.isclose(d.rms, math.sqrt(np.mean(np.minimum(x, 0) ** 2)))
