"""SERF's own evaluation paths (actfn_cli/core/serf.py): the float32 tables and their edges, the
float64 sign split and its seams, f″'s one-line float64 form, the far tails, against mpmath.
The generic contract is in test_accuracy.py; dense sweeps: python tests/fit_serf_coefficients.py
--sweep 1000000."""

from __future__ import annotations

from itertools import pairwise

import mpmath as mp
import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.core import serf as S

ACT = af.get("serf")
TOL = {0: 4.0, 1: 8.0, 2: 8.0}


def _exact(x: float) -> tuple[float, ...]:
    """f, f′, f″ and the conditions |x f′/f|, |x f″/f′|, |x f‴/f″| at x (mpmath, 120 bits)."""
    with mp.workprec(120):
        x = mp.mpf(x)
        e = mp.exp(x)
        s = mp.log1p(e)
        sig = e / (1 + e)
        g1 = 2 / mp.sqrt(mp.pi) * mp.exp(-s * s) * sig
        h = (1 - sig) - 2 * s * sig
        g3 = g1 * (h * h - sig * (1 - sig) - 2 * (sig * sig + s * sig * (1 - sig)))
        f = [x * mp.erf(s), mp.erf(s) + x * g1, g1 * (2 + x * h), 3 * g1 * h + x * g3]
        conds = [abs(x * b / a) if a else mp.mpf(0) for a, b in pairwise(f)]
        return tuple(float(v) for v in (*f[:3], *conds))


def _check(x: np.ndarray) -> None:
    ours = (ACT(x), ACT.grad(x), ACT.grad(x, order=2))
    ref = np.array([_exact(float(v)) for v in x])
    for order in (0, 1, 2):
        assert ours[order].dtype == x.dtype
        want = ref[:, order].astype(x.dtype)
        err = np.abs(ours[order].astype(np.float64) - ref[:, order])
        err /= np.spacing(np.abs(want)).astype(np.float64)
        err[ours[order] == want] = 0.0
        bad = err > TOL[order] + 2 * ref[:, 3 + order]
        assert not bad.any(), (order, x[bad][:5], ours[order][bad][:5], ref[bad, order][:5])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_grid_against_mpmath(dtype) -> None:
    rng = np.random.default_rng(3)
    x = np.concatenate([np.linspace(-90, 8, 1201), rng.uniform(-1.3, -1.1, 200),
                        rng.uniform(-2.4, -2.1, 100), rng.uniform(1.0, 1.2, 100),
                        rng.uniform(8, 30, 200), -np.geomspace(1e-30, 0.5, 100),
                        np.geomspace(1e-30, 0.5, 100)]).astype(dtype)
    _check(x)


def test_float32_table_edges_and_tails() -> None:
    f32 = np.float32
    edges = [-86.0, S._T_HI / S._T_STEP, 0.0, 1 / 32, -1 / 32, 1 / 128, -1 / 128, 10.5]
    x = np.array([v for e in edges for v in (np.nextafter(f32(e), f32(-1e9)), f32(e),
                                             np.nextafter(f32(e), f32(1e9)))]
                 + [-86.03125, -87.5, -95.0, -100.0, -104.0, -106.0, -108.0, 4.53, 5.0, 6.0,
                    9.0, 9.6, 10.0, 10.3, 10.45, 10.49, 10.52, 11.0, 20.0,
                    1e-38, -1e-38, 1e-45, -1e-45], dtype=f32)
    _check(x)  # below −86 (and f″ above 9.6) the results are subnormal: checked absolutely


def test_float64_seams_and_tails() -> None:
    x = np.array([np.nextafter(v, d) for v in (0.0, 6.0, 6.5, 40.0, -700.0, -2.0, -0.5)
                  for d in (-np.inf, np.inf)]
                 + [-699.0, -701.0, -708.0, -709.5, -712.0, -720.0, -744.0, -746.0, -750.0,
                    26.0, 26.6, 26.9, 27.2, 27.4, 30.0, 1e-300, -1e-300, 5e-324, -5e-324])
    _check(x)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_non_finite_and_huge(dtype) -> None:
    big = np.finfo(dtype).max
    x = np.array([np.nan, -np.inf, np.inf, -big, big, -1e30, 1e30, np.nan], dtype=dtype)
    f, d1, d2 = ACT(x), ACT.grad(x), ACT.grad(x, order=2)
    assert np.isnan(f[[0, -1]]).all() and np.isnan(d1[[0, -1]]).all()
    assert np.isnan(d2[[0, -1]]).all() and (d2[1:-1] == 0).all()
    assert f[1] == 0 and f[3] == 0 and f[5] == 0 and np.signbit(f[[1, 3, 5]]).all()
    assert f[2] == np.inf and f[4] == big and f[6] == dtype(1e30)
    assert d1[1] == 0 and d1[3] == 0 and d1[5] == 0
    assert (d1[[2, 4, 6]] == 1).all()
    # NaN and −∞ in one block: −∞ still takes the tail path
    y = np.array([np.nan, -np.inf, -90.0, 1.0], dtype=dtype)
    assert ACT(y)[1] == 0 and ACT.grad(y)[1] == 0 and ACT(y)[2] != 0
    assert ACT.grad(y, order=2)[1] == 0 and ACT.grad(y, order=2)[2] != 0


def test_float32_tables_are_built_from_float64() -> None:
    rows = S._table(0).view(np.float32).reshape(-1, 4)
    assert rows.shape == (S._T_HI - S._T_LO + 1, 4)
    k = np.array([S._T_LO, -16, 0, 16, S._T_HI])
    x = k / S._T_STEP
    g = S._serf64(x) / np.where(x == 0, 1, x)
    g[k == 0] = float(mp.erf(mp.log(2)))
    c0 = rows[k - S._T_LO, 0].astype(np.float64)
    assert np.all(np.abs(c0 - g) <= 2e-7 * g)


def test_float32_table_of_d2() -> None:
    """f″'s table: 64 rows per unit of x up to 10.5 (e^−x² needs the finer rows), its first
    value per row the float64 f″, its last row 0 (f″ < 2**-150 from x = 10.47)."""
    step, lo, hi = S._GRID[2]
    rows = S._table(2).view(np.float32).reshape(-1, 4)
    assert rows.shape == (hi - lo + 1, 4) and hi / step == 10.5
    k = np.array([lo, -150, -64, 0, 64, 70, 200])
    x = k / step
    c0 = rows[k - lo, 0].astype(np.float64)
    want = S._serf64_d2(x)
    assert np.all(np.abs(c0 - want) <= 2e-7 * np.abs(want))
    assert not rows[-1].any()
    assert S.serf_d2(np.array([])).size == 0
