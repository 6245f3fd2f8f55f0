"""Dense check of the periodic activations (sinusoid, cosine, sinc, gcu, snake) against the
accuracy contract of tests/core/test_accuracy.py (values 4 ulp, derivatives 8 ulp, plus 2·|x·g′/g|
ulp), on many more points than the stored references: uniform in ±50, log-uniform up to 1e6
(and sparser up to 1e120), near 0, next to k·π/2, next to the zeros of sinc″ and gcu″ and
around the bounds of sinc″'s series (1.25, 2.4), and for snake large x next to the extrema of
snake′ and snake″, in float64 and float32.

    python tests/check_circular_activations.py [--n 4000]

Prints, per activation, order and dtype, the worst error over its allowance (must be ≤ 1).
Skipped: snake′ = 2·sin²(αx + π/4) within the rounding of αx (ε = |αx|·eps) of its double
zeros, where that rounding alone makes an error ~ε² the linear allowance cannot cover (as it
did before the table method, which does not change αx).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import mpmath as mp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import actfn_cli as af


def forms(name: str, alpha=None):
    """(f, f′, f″) in mpmath."""
    if name == "sinusoid":
        return mp.sin, mp.cos, lambda t: -mp.sin(t)
    if name == "cosine":
        return mp.cos, lambda t: -mp.sin(t), lambda t: -mp.cos(t)
    if name == "gcu":
        return (lambda t: t * mp.cos(t), lambda t: mp.cos(t) - t * mp.sin(t),
                lambda t: -2 * mp.sin(t) - t * mp.cos(t))
    if name == "sinc":
        return (lambda t: mp.sin(t) / t, lambda t: (t * mp.cos(t) - mp.sin(t)) / t**2,
                lambda t: (-t * t * mp.sin(t) - 2 * t * mp.cos(t) + 2 * mp.sin(t)) / t**3)
    a = mp.mpf(alpha)
    return (lambda t: t + mp.sin(a * t) ** 2 / a, lambda t: 1 + mp.sin(2 * a * t),
            lambda t: 2 * a * mp.cos(2 * a * t))


def points(n: int, rng) -> np.ndarray:
    k = rng.integers(1, 2000, n // 4)
    with mp.workdps(30):
        near = np.array([float(v * mp.pi / 2) for v in k])
        # the zeros of sinc″ and gcu″ (tan x = 2x/(2 − x²), tan x = −x/2), the first ones most
        hard = np.array([float(mp.findroot(f, c)) for c in range(2, 40)
                         for f in (lambda t: (2 - t * t) * mp.sin(t) - 2 * t * mp.cos(t),
                                   lambda t: 2 * mp.sin(t) + t * mp.cos(t))])
    near = near + rng.integers(-3, 4, near.size) * np.spacing(near)
    hard = np.repeat(hard[np.abs(hard) > 0.5], 20)
    hard = hard * (1 + rng.normal(0, 1e-6, hard.size)) + rng.integers(-3, 4, hard.size) * (
        np.spacing(hard))
    x = np.concatenate([rng.uniform(-50, 50, n), 10 ** rng.uniform(-6, 6, n // 4),
                        rng.uniform(-3, 3, n // 2), near, hard,
                        rng.uniform(1.15, 1.35, n // 20), rng.uniform(2.3, 2.5, n // 20),
                        10 ** rng.uniform(6, 120, n // 20)])
    return x * rng.choice([-1, 1], x.size)


def extrema(alpha: float, rng, n: int = 400) -> np.ndarray:
    """Large x next to the extrema of snake′ and snake″ (2αx next to k·π/2, k up to 2·10^7),
    where the rounding of αx or 2αx to float32 costs quadratically."""
    k = rng.integers(1000, 20_000_000, n)
    return k * (np.pi / 2) / (2 * alpha) * (1 + rng.normal(0, 1e-9, n))


def check(name: str, x: np.ndarray, dtype, **params) -> list[float]:
    if name == "snake":
        x = np.concatenate([x, extrema(params.get("alpha", 1.0), np.random.default_rng(5))])
    act = af.get(name, **params)
    with np.errstate(over="ignore"):  # beyond the float32 range: inf, skipped
        xs = x.astype(dtype)
    got = [act(xs), act.grad(xs), act.grad(xs, order=2)]
    fs = forms(name, params.get("alpha", 1.0))
    tol = (4.0, 8.0, 8.0)
    worst = [0.0, 0.0, 0.0]
    for i, v in enumerate(xs.astype(np.float64)):
        if v == 0 or not np.isfinite(v):
            continue
        with mp.workprec(160 + max(0, math.frexp(v)[1])):  # room for the reduction
            X = mp.mpf(v)
            vals = [fs[0](X), fs[1](X), fs[2](X)]
            d3 = mp.diff(fs[2], X)
            for o in range(3):
                g, ref = vals[o], float(vals[o])
                if ref == 0 or not np.isfinite(ref):
                    continue
                if name == "snake" and o == 1:
                    eps = (2.0**-52 if dtype == np.float64 else 2.0**-23) * abs(v * params.get(
                        "alpha", 1.0))
                    if abs(ref) < 8 * eps * eps:
                        continue
                gp = vals[o + 1] if o < 2 else d3
                cond = abs(float(X * gp / g))
                err = abs(float(got[o][i]) - ref) / float(np.spacing(dtype(abs(ref))))
                worst[o] = max(worst[o], err / (tol[o] + 2 * cond))
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000)
    args = ap.parse_args()
    rng = np.random.default_rng(11)
    x = points(args.n, rng)
    cases = [("sinusoid", {}), ("cosine", {}), ("sinc", {}), ("gcu", {}), ("snake", {}),
             ("snake", {"alpha": 0.5}), ("snake", {"alpha": 2.0}), ("snake", {"alpha": 0.3}),
             ("snake", {"alpha": -1.5})]
    bad = False
    for name, params in cases:
        for dtype in (np.float64, np.float32):
            w = check(name, x, dtype, **params)
            bad |= max(w) > 1
            print(f"{name:<9}{params!s:<18}{np.dtype(dtype).name:<8} worst error/allowed: "
                  f"f {w[0]:.3f}  f′ {w[1]:.3f}  f″ {w[2]:.3f}")
    print("FAIL" if bad else "ok")


if __name__ == "__main__":
    main()
