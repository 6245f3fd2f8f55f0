"""Regenerate ``tests/data/special_reference.npz``: mpmath (50 digits) values of erf, erfc,
the normal CDF and PDF, x Phi(x) and Phi(x) + x phi(x) (the exact GELU and its derivative, with
their tolerances), used by ``tests/core/test_special.py``; or sweep densely.

    python tests/make_special_reference.py                 # the .npz (~1 s); commit the output
    python tests/make_special_reference.py --sweep [N]     # max errors on ~N points (~10 min)

Each reference value v is stored as a double-double ``hi + lo`` (hi = v rounded to float64,
lo = v - hi rounded), so the tests measure true ulp errors rather than errors against a
reference that is itself off by up to half an ulp. ``--sweep`` (N = 1.2e6 by default) draws a
quarter of the points uniformly on [-40, 40] and [-8, 8], a quarter log-spaced in magnitude
(1e-300 to 40, both signs) and a quarter around every formula bound (within 1e-3 relative and
within 2000 ulps), and prints each function's largest ulp error against mpmath (25 digits),
and, for ``special_gelu.gelu``/``gelu_grad``, the largest error over the GELU's tolerance
(4 ulp, 8 for the derivative, plus 2 ulp per unit of condition number; <= 1 passes).
"""

from __future__ import annotations

from pathlib import Path

import sys
from multiprocessing import Pool

import mpmath
import numpy as np

OUT = Path(__file__).parent / "data" / "special_reference.npz"
SEED = 20240607

# Where fdlibm's s_erf.c switches formula (|x|), and where results reach 0, 1 or 2.
BOUNDARIES = (
    2.0**-56,
    2.0**-28,
    0.25,
    0.84375,
    1.25,
    float(np.uint64(0x4006DB6D00000000).view(np.float64)),
    1 / 0.35,
    float(np.uint64(0x4006DB6E00000000).view(np.float64)),
    6.0,
    26.55,  # erfc(x) turns subnormal
    28.0,
    # where special.py switches formula or path since its rational-in-|x| rewrite (x-space)
    1.0,  # ndtr: small-|x| form / tail form
    8.3,  # ndtr: rounds to 1
    26.5,  # erfc: exp scaled by 2**64 beyond
    27.5,
    37.5,  # ndtr, npdf: exp scaled by 2**64 beyond
    38.6,
    0.7517915246935645,  # gelu: the root of its derivative is at -A0 (special_gelu._A0)
)
FUNCTIONS = {
    "erf": mpmath.erf,
    "erfc": mpmath.erfc,
    "ndtr": mpmath.ncdf,
    "npdf": mpmath.npdf,
    "gelu": lambda t: t * mpmath.ncdf(t),
    "gelu_grad": lambda t: mpmath.ncdf(t) + t * mpmath.npdf(t),
}


def gelu_tolerances(t: mpmath.mpf) -> tuple[float, float]:
    """The exact GELU's allowance in ulp at t for f = x Phi(x) and f': 4 and 8 ulp, plus 2 ulp
    per unit of the condition number |x g'/g| (as in tests/core/test_accuracy.py)."""
    cdf, pdf = mpmath.ncdf(t), mpmath.npdf(t)
    f, d1, d2 = t * cdf, cdf + t * pdf, pdf * (2 - t * t)
    return float(4 + 2 * abs(t * d1 / f)) if f else 4.0, float(8 + 2 * abs(t * d2 / d1))


def neighbours(b: float, k: int = 3) -> list[float]:
    """b and its k float64 neighbours on each side."""
    out = [b]
    lo = hi = b
    for _ in range(k):
        lo, hi = np.nextafter(lo, -np.inf), np.nextafter(hi, np.inf)
        out += [float(lo), float(hi)]
    return out


def sample_points() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    tiny = np.finfo(np.float64).tiny
    pts: list[float] = [0.0, 1e-300, 5e-324, tiny, np.nextafter(tiny, 0.0)]
    pts += list(np.logspace(-12, 3, 500))
    for b in BOUNDARIES:
        pts += neighbours(b)
        # ndtr evaluates erfc at -x/sqrt(2): put its boundaries in x-space too.
        pts += neighbours(float(np.float64(b) * np.sqrt(2.0)))
    pts += list(rng.uniform(0.0, 40.0, 1500))
    pts += list(rng.uniform(0.0, 6.0, 700))
    pts += list(np.linspace(25.0, 27.3, 150))  # erfc underflow
    pts += list(np.linspace(35.0, 38.6, 150))  # ndtr(-x) and npdf underflow
    pts += list(rng.uniform(0.84375, 3.0, 600))  # where the fitted tails meet fdlibm's forms
    x = np.asarray(pts, dtype=np.float64)
    return np.unique(np.concatenate([x, -x]))


def sweep_points(n: int) -> np.ndarray:
    rng = np.random.default_rng(SEED + 1)
    q = n // 4
    bounds = np.array([b * k for b in BOUNDARIES for k in (1.0, np.sqrt(2.0))])
    b = rng.choice(np.concatenate([bounds, -bounds]), q)
    near = np.where(rng.random(q) < 0.5, b * (1 + rng.uniform(-1e-3, 1e-3, q)),
                    (b.view(np.int64) + rng.integers(-2000, 2001, q)).view(np.float64))
    logs = 10.0 ** rng.uniform(-300, np.log10(40.0), q) * rng.choice([-1.0, 1.0], q)
    return np.concatenate([rng.uniform(-40, 40, q), rng.uniform(-8, 8, n - 3 * q), logs, near])


def _sweep_chunk(x: np.ndarray) -> np.ndarray:
    """Per point: ulp errors of erf, erfc, ndtr, npdf and error/tolerance of gelu, gelu_grad."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from actfn_cli.core import special, special_gelu

    mpmath.mp.dps = 25
    ours = [getattr(special_gelu if name.startswith("gelu") else special, name)(x)
            for name in FUNCTIONS]
    tiny = np.finfo(np.float64).tiny
    out = np.empty((x.size, 6))
    for i, v in enumerate(x):
        t = mpmath.mpf(float(v))
        exact = [fn(t) for fn in FUNCTIONS.values()]
        tol = (1, 1, 1, 1) + gelu_tolerances(t)
        for k, (o, e, w) in enumerate(zip(ours, exact, tol)):
            unit = np.spacing(max(abs(float(e)), tiny))
            out[i, k] = float(abs(mpmath.mpf(float(o[i])) - e) / (unit * w))
    return out


def sweep(n: int) -> None:
    x = sweep_points(n)
    with Pool(2) as pool:
        err = np.concatenate(pool.map(_sweep_chunk, np.array_split(x, 200)))
    names = ["erf", "erfc", "ndtr", "npdf", "gelu/tol", "gelu_grad/tol"]
    for k, name in enumerate(names):
        w = int(np.argmax(err[:, k]))
        print(f"{name:14s} max {err[w, k]:.3f} at x = {x[w]!r}")
    print(f"{x.size} points")


def double_double(v: mpmath.mpf) -> tuple[float, float]:
    hi = float(v)
    return hi, float(v - hi)


def main() -> None:
    mpmath.mp.dps = 50
    x = sample_points()
    arrays = {"x": x}
    for name, fn in FUNCTIONS.items():
        dd = np.array([double_double(fn(mpmath.mpf(float(v)))) for v in x])
        arrays[f"{name}_hi"], arrays[f"{name}_lo"] = dd[:, 0], dd[:, 1]
    tol = np.array([gelu_tolerances(mpmath.mpf(float(v))) for v in x])
    arrays["gelu_tol"], arrays["gelu_grad_tol"] = tol[:, 0], tol[:, 1]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {len(x)} points to {OUT}")


if __name__ == "__main__":
    if "--sweep" in sys.argv:
        args = [a for a in sys.argv[1:] if a != "--sweep"]
        sweep(int(float(args[0])) if args else 1_200_000)
    else:
        main()
