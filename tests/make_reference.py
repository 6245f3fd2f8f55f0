"""Compute the high-precision references the accuracy tests read (run once, commit the output).

    python tests/make_reference.py            # every element-wise activation
    python tests/make_reference.py gelu elu   # only these

For each activation with an mpmath form in ``tests/reference/<family>.py`` it writes
``tests/data/reference/<name>.json``: for every case (parameters, preset) and dtype, the points,
f, f′, f″ rounded to float64, and the condition numbers |x·f^(k+1)/f^(k)| that bound what
rounding the input alone may cost. Derivatives come from the mpmath form by ``mp.diff`` at
60 digits unless the reference gives them explicitly; nothing here calls actfn's formulas.
Points exactly at a kink or jump get no derivative reference (conventions are tested apart).
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

import mpmath as mp
import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from actfn_cli.core import registry  # noqa: E402
from tests.reference import load_references  # noqa: E402

DPS = 60
HUGE = {"float64": (1e308, 1.7976931348623157e308), "float32": (3e38, 3.4028234663852886e38)}


def grid(dtype: str, seed: int) -> list[float]:
    """0, both signs 1e-12..1e3 (log-spaced), random points in ±40, huge finite values."""
    mags = np.logspace(-12, 3, 46)
    rng = np.random.default_rng(seed)
    pts = [0.0, *mags, *(-mags), *rng.uniform(-40, 40, 60), *rng.uniform(-3, 3, 30)]
    for h in HUGE[dtype]:
        pts += [h, -h]
    arr = np.array(pts, dtype=np.dtype(dtype)).astype(np.float64)
    return sorted(set(arr.tolist()))


def _to_float(v: mp.mpf) -> str:
    if mp.isnan(v):
        return "nan"
    with mp.workdps(DPS):
        if mp.isinf(v) or abs(v) > mp.mpf("1.7976931348623158e308"):
            return "inf" if v > 0 else "-inf"
        return repr(float(v))


def _cond(x: mp.mpf, a: mp.mpf, b: mp.mpf) -> str:
    if a == 0 or mp.isinf(x) or mp.isnan(a) or mp.isnan(b):
        return "0.0"
    c = abs(x * b / a)
    return repr(min(float(c), 1e300))


def _diff(fn, x, n):
    # mp.diff steps by an absolute h set by the precision: carry enough digits that x + h ≠ x.
    digits = DPS + max(0, int(mp.log10(abs(x)))) if x else DPS
    with mp.workdps(digits):
        return mp.diff(fn, x, n)


def compute(name: str) -> dict | None:
    refs = load_references()
    defn = registry.lookup(name)
    ref = refs.get(defn.name)
    if ref is None:
        return None
    mp.mp.dps = DPS
    out = {"name": defn.name, "cases": []}
    for case in ref.cases:
        preset = case.get("preset")
        given = {k: v for k, v in case.items() if k != "preset"}
        params = defn.resolve(preset, given)
        f = ref.bind(params)
        d1 = ref.bind_d(1, params)
        d2 = ref.bind_d(2, params)
        singular = {float(v) for v in (*defn.meta("kinks", params), *defn.meta("jumps", params))}
        for dtype in ("float64", "float32"):
            with np.errstate(over="ignore"):
                extra = [float(np.dtype(dtype).type(p)) for p in ref.points(params)]
            xs = sorted(set(grid(dtype, seed=len(out["cases"]))
                            + [p for p in extra if np.isfinite(p)]))
            rows = []
            for x in xs:
                X = mp.mpf(x)
                if x in singular:
                    vals = [f(X), None, None, None]
                else:
                    vals = [f(X),
                            d1(X) if d1 else _diff(f, X, 1),
                            d2(X) if d2 else _diff(f, X, 2),
                            _diff(d2, X, 1) if d2 else _diff(f, X, 3)]
                row = [repr(x), _to_float(vals[0])]
                row += [_to_float(v) if v is not None else None for v in vals[1:3]]
                row += [_cond(X, vals[k], vals[k + 1]) if vals[k + 1] is not None else None
                        for k in range(3)]
                rows.append(row)
            lim = [ref.limit(params, s) for s in (-1, 1)]
            out["cases"].append({"preset": preset, "params": given, "dtype": dtype,
                                 "columns": ["x", "f", "d1", "d2", "cond0", "cond1", "cond2"],
                                 "rows": rows, "limits": lim})
    return out


def _write(name: str) -> str:
    data = compute(name)
    if data is None:
        return f"{name}: no mpmath reference in tests/reference/"
    path = ROOT / "data" / "reference" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=0, separators=(",", ":")) + "\n")
    return f"{name}: {sum(len(c['rows']) for c in data['cases'])} points"


def main(argv: list[str]) -> None:
    wanted = [registry.lookup(n).name for n in argv] or [
        d.name for d in registry.all_definitions() if not d.vector and d.builtin]
    with multiprocessing.Pool() as pool:
        for line in pool.imap_unordered(_write, wanted):
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
