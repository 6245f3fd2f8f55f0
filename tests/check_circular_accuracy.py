"""Dense accuracy sweep of ``actfn_cli.core.circular`` (float64), the numbers quoted in its
docstring:

    python tests/check_circular_accuracy.py [--n 1000000] [--k 1000000]

Errors are in ulps of the float64 result, against x87 long double (``np.sin`` on
``np.longdouble``: glibc's sinl/cosl, exact reduction, 11 bits beyond float64), and the 20
worst points of each set again against mpmath at 300 bits. Sets: n points uniform in ±40,
n log-uniform in ±[1e-3, 2^19·π] (the range of the fast path), and the doubles within two
ulps of round(k·π/2) for every k < K (the zeros of sin and cos: the hardest cases of the
reduction) and for K random k up to the limit. Also: sin exactly odd and cos exactly even,
sin_dd(hi, lo) against mpmath on αx = hi + lo (α = 0.3) and next to k·π, and lincomb's error
relative to |a| + |b|.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import mpmath as mp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actfn_cli.core import circular
from actfn_cli.core.dd import two_prod

LIMIT = circular._LIMIT
LD = np.longdouble


def ulps(got: np.ndarray, ref: np.ndarray) -> np.ndarray:
    scale = np.spacing(np.abs(ref.astype(np.float64))).astype(LD)
    return np.abs((got.astype(LD) - ref) / scale).astype(np.float64)


def mp_ulps(got: float, x: float, fn) -> float:
    with mp.workprec(300):
        ref = fn(mp.mpf(x))
        return float(abs(mp.mpf(got) - ref) / np.spacing(abs(float(ref))))


def sweep(name: str, x: np.ndarray) -> float:
    worst = 0.0
    for fn, ld, mpf in ((circular.sin, np.sin, mp.sin), (circular.cos, np.cos, mp.cos)):
        got = fn(x)
        err = ulps(got, ld(x.astype(LD)))
        top = np.argsort(err)[-20:]
        err_mp = max(mp_ulps(float(got[i]), float(x[i]), mpf) for i in top)
        print(f"{name:<28}{fn.__name__:<5} max {err.max():.4f} ulp (long double), "
              f"{err_mp:.4f} (mpmath, 20 worst), mean {err.mean():.4f}")
        worst = max(worst, err.max(), err_mp)
    assert np.array_equal(circular.sin(-x), -circular.sin(x)), "sin is not odd"
    assert np.array_equal(circular.cos(-x), circular.cos(x)), "cos is not even"
    return worst


def near_zeros(k: np.ndarray) -> np.ndarray:
    base = (k.astype(LD) * (LD(np.pi) / 2)).astype(np.float64)
    pts = [base]
    for step in (1, 2):
        pts.append(base + step * np.spacing(base))
        pts.append(base - step * np.spacing(base))
    x = np.concatenate(pts)
    return x[np.abs(x) <= LIMIT]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--k", type=int, default=1_000_000)
    args = ap.parse_args()
    rng = np.random.default_rng(2024)
    sign = rng.choice([-1.0, 1.0], args.n)
    worst = max(
        sweep("uniform ±40", rng.uniform(-40, 40, args.n)),
        sweep("log-uniform to 2^19·π", sign * 10 ** rng.uniform(-3, np.log10(LIMIT), args.n)),
        sweep("next to k·π/2, k < K", near_zeros(np.arange(1, args.k))),
        sweep("next to k·π/2, k random", near_zeros(rng.integers(1, 2 * LIMIT / np.pi, args.k))),
    )
    print(f"sin/cos: max {worst:.4f} ulp")

    # sin_dd: the argument αx as hi + lo, and hi + lo next to k·π (lo beyond the reduced hi)
    x = rng.uniform(-40, 40, 2000)
    hi, lo = two_prod(0.3, x)
    k = np.arange(1, 2001, dtype=np.float64)
    khi = (k.astype(LD) * LD(np.pi)).astype(np.float64)
    klo = ((k.astype(LD) * LD(np.pi) - khi.astype(LD)).astype(np.float64)
           * rng.uniform(0.5, 1.5, k.size))
    hi, lo = np.concatenate([hi, khi]), np.concatenate([lo, klo])
    s, t = circular.sin_dd(hi, lo)
    with mp.workprec(300):
        err = max(float(abs(mp.mpf(a) + mp.mpf(b) - mp.sin(mp.mpf(h) + mp.mpf(l)))
                        / np.spacing(abs(a))) for a, b, h, l in zip(s, t, hi, lo))
    print(f"sin_dd: max {err:.4f} ulp of its head")

    # lincomb: a·cos x + b·sin x, error over |a| + |b| (in ±40 and log-uniform to the limit)
    for x in (rng.uniform(-40, 40, args.n // 10),
              rng.choice([-1.0, 1.0], args.n // 10) * 10 ** rng.uniform(-3, np.log10(LIMIT),
                                                                       args.n // 10)):
        for a, b in ((1.0, -x), (x, -1.0), (-x, -2.0), (-2.0 * x, 2.0 - x * x), (1.0, 0.0)):
            got = circular.lincomb(x, a, b)
            ref = (a * np.cos(x.astype(LD)) + b * np.sin(x.astype(LD)))
            scale = np.spacing(np.abs(a) + np.abs(b)).astype(LD)
            print(f"lincomb (max |x| {np.abs(x).max():.3g}): max "
                  f"{np.max(np.abs((got - ref) / scale)):.3f} ulp of |a| + |b|")


if __name__ == "__main__":
    main()
