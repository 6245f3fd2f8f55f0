"""The numerical contract, for every element-wise entry of the registry.

References are mpmath at 60 digits, written in ``tests/reference/`` from the mathematical
definitions and stored by ``tests/make_reference.py`` in ``tests/data/reference/``.
Tolerances (issue 2): 4 ulp for values, 8 ulp for derivatives, plus 2·|x·g′/g| ulp for what
the conditioning of g = f, f′ or f″ itself forces on intermediate roundings.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.core.activation import BLOCK
from actfn_cli.core import registry

DATA = Path(__file__).resolve().parents[1] / "data" / "reference"
ELEMENTWISE = [d.name for d in registry.all_definitions() if not d.vector and d.builtin]
TOL = {0: 4.0, 1: 8.0, 2: 8.0}
COND_WEIGHT = 2.0


@cache
def reference(name: str) -> dict:
    path = DATA / f"{name}.json"
    if not path.exists():
        pytest.fail(f"no reference data for {name}: add its mpmath form to tests/reference/ "
                    f"and run python tests/make_reference.py {name}")
    return json.loads(path.read_text())


def _num(values, dtype) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.array([np.nan if v is None else float(v) for v in values]).astype(dtype)


def _act(case: dict, name: str) -> af.Activation:
    spec = name + (f"@{case['preset']}" if case["preset"] else "")
    return af.get(spec, **case["params"])


def ulp_errors(ours: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """|ours − ref| in units of the spacing at ref (absolute in the subnormal range);
    0 where both are the same infinity or both NaN, inf where only one is."""
    with np.errstate(all="ignore"):
        same = (ours == ref) | (np.isnan(ours) & np.isnan(ref))
        err = np.abs(ours.astype(np.float64) - ref.astype(np.float64))
        err /= np.spacing(np.abs(ref)).astype(np.float64)
    err[same] = 0.0
    err[np.isnan(err)] = np.inf
    return err


def cases():
    for name in ELEMENTWISE:
        for k, case in enumerate(reference_cases(name)):
            yield pytest.param(name, k, id=f"{name}-{k}-{case}")


def reference_cases(name: str) -> list[str]:
    path = DATA / f"{name}.json"
    if not path.exists():
        return ["missing"]
    data = json.loads(path.read_text())
    return [f"{c['dtype']}{'@' + c['preset'] if c['preset'] else ''}"
            f"{':' + ','.join(f'{k}={v}' for k, v in c['params'].items()) if c['params'] else ''}"
            for c in data["cases"]]


@pytest.mark.parametrize(("name", "k"), list(cases()))
def test_accuracy_against_mpmath(name: str, k: int) -> None:
    case = reference(name)["cases"][k]
    dtype = np.dtype(case["dtype"])
    cols = list(zip(*case["rows"]))
    x = np.array([float(v) for v in cols[0]]).astype(dtype)
    act = _act(case, name)
    ours = {0: act(x), 1: act.grad(x), 2: act.grad(x, order=2)}
    problems = []
    for order in (0, 1, 2):
        assert ours[order].dtype == dtype
        ref = _num(cols[1 + order], dtype)
        cond = np.array([0.0 if v is None else float(v) for v in cols[4 + order]])
        have = np.array([v is not None for v in cols[1 + order]])
        err = ulp_errors(ours[order], ref)
        allowed = TOL[order] + COND_WEIGHT * cond
        bad = have & (err > allowed)
        for i in np.flatnonzero(bad)[:5]:
            problems.append(f"{'f' if order == 0 else 'f' + chr(0x2032) * order}({x[i]!r}) = "
                            f"{ours[order][i]!r}, mpmath {ref[i]!r}: {err[i]:.3g} ulp "
                            f"(allowed {allowed[i]:.3g})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "k"), list(cases()))
def test_limits_at_infinity(name: str, k: int) -> None:
    case = reference(name)["cases"][k]
    dtype = np.dtype(case["dtype"])
    act = _act(case, name)
    x = np.array([-np.inf, np.inf], dtype=dtype)
    got = np.array([act(x), act.grad(x), act.grad(x, order=2)])  # (order, sign)
    with np.errstate(over="ignore"):
        want = np.array([[float(case["limits"][s][o]) for s in (0, 1)]
                         for o in range(3)]).astype(dtype)
    # the limits come from mpmath at ±1e30 for derivatives: close, not bit-exact
    tol = 1e3 * np.finfo(dtype).eps
    for o in range(3):
        for s in range(2):
            g, w = float(got[o, s]), float(want[o, s])
            ok = (np.isnan(g) and np.isnan(w)) or g == w or (
                np.isfinite(w) and abs(g - w) <= tol * max(1.0, abs(w)))
            assert ok, f"order {o} at {'-+'[s]}inf: got {g!r}, expected {w!r}"


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_nan_in_nan_out(name: str, dtype) -> None:
    act = af.get(name)
    x = np.array([np.nan, 1.0, np.nan], dtype=dtype)
    for out in (act(x), act.grad(x), act.grad(x, order=2)):
        assert out.dtype == dtype
        assert np.isnan(out[0]) and np.isnan(out[2]), out


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_dtype_and_shape(name: str) -> None:
    act = af.get(name)
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
    for dtype in (np.float16, np.float32, np.float64):
        assert act(x.astype(dtype)).dtype == dtype
        assert act.grad(x.astype(dtype)).shape == (2, 3, 4)
    ints = act(np.arange(-3, 4))
    assert ints.dtype == np.float64
    np.testing.assert_array_equal(ints, act(np.arange(-3, 4, dtype=np.float64)))
    scalar = act(0.5)
    assert np.ndim(scalar) == 0 and float(scalar) == float(act(np.array([0.5]))[0])
    assert act(np.array(0.5, dtype=np.float32)).dtype == np.float32
    assert act(np.zeros((0, 3))).shape == (0, 3)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_blocked_evaluation_matches_small_calls(name: str) -> None:
    """Large inputs go through the blocked path; it must agree with element-wise calls."""
    rng = np.random.default_rng(7)
    x = rng.uniform(-10, 10, 2 * BLOCK + 17)
    act = af.get(name)
    idx = rng.integers(0, x.size, 50)
    for fn in (act, act.grad, lambda v: act.grad(v, order=2)):
        big = fn(x)
        small = np.array([fn(x[i:i + 1])[0] for i in idx])
        np.testing.assert_array_equal(big[idx], small)
