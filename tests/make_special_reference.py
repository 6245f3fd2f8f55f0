"""Regenerate ``tests/data/special_reference.npz``: mpmath (50 digits) values of erf, erfc,
the normal CDF and the normal PDF, used by ``tests/core/test_special.py``.

Run ``python tests/make_special_reference.py`` (about 1 s) and commit the output.
Each reference value v is stored as a double-double ``hi + lo`` (hi = v rounded to float64,
lo = v - hi rounded), so the tests measure true ulp errors rather than errors against a
reference that is itself off by up to half an ulp.
"""

from __future__ import annotations

from pathlib import Path

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
)
FUNCTIONS = {
    "erf": mpmath.erf,
    "erfc": mpmath.erfc,
    "ndtr": mpmath.ncdf,
    "npdf": mpmath.npdf,
}


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
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {len(x)} points to {OUT}")


if __name__ == "__main__":
    main()
