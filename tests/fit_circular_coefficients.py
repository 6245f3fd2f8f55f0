"""Fit, and verify, the constants of the float64 sin/cos in ``actfn_cli/core/circular.py``.

    python tests/fit_circular_coefficients.py          # fit, print the float64 literals
    python tests/fit_circular_coefficients.py --check  # verify the literals in circular.py

Polynomials, on |r| <= R = pi/1024 + 2^-30 (the reduced argument, with room for ties and the
tail of sin_dd's argument), z = r*r:

* sin r = r + r*z*(S1 + S2*z), relative error (what sin x = sin r inherits next to its zeros);
* cos r - 1 = z*(C1 + C2*z), absolute error (it is multiplied by sin(n*h), |.| <= 1, and
  added to it).

Method: minimax by Lawson's iteratively reweighted least squares (mpmath, 200 bits, Chebyshev
nodes in z), then the coefficients rounded to float64 one at a time with the others refitted
(the last one is chosen among its neighbours). ``--check`` evaluates the float64 polynomials
exactly on a dense grid and fails beyond BOUND (units of 2^-53), and also checks the Cody-Waite
pieces of pi (bit counts, the sum), the tables made at import (sin(k*pi/512) in double-double
to 2^-106, cos correctly rounded, C - sigma and its sign) and 1/pi, against mpmath.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import mpmath as mp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

mp.mp.prec = 200
UNIT = mp.mpf(2) ** -53
R = mp.pi / 1024 + mp.mpf(2) ** -30
BOUND = {"sin": 0.002, "cos": 0.02}  # max error of the float64 polynomials, units of 2^-53


def _target(kind: str, z):
    """(the function the coefficients fit, in z, and the weight turning that fit's error into
    the error counted)."""
    r = mp.sqrt(z)
    if kind == "sin":  # (sin r - r)/(r z), error weighted by r z/sin r (relative in sin r)
        return (mp.sin(r) - r) / (r * z), r * z / mp.sin(r)
    return (mp.cos(r) - 1) / z, z  # absolute in cos r - 1


def _nodes(k: int = 200):
    return [R * R * (1 - mp.cos(mp.pi * (i + mp.mpf(1) / 2) / k)) / 2 for i in range(k)]


def fit(kind: str, fixed: tuple = ()) -> list:
    """Near-minimax coefficients (c0, c1) of c0 + c1*z, the first len(fixed) of them fixed."""
    zs = _nodes()
    data = [(z, *_target(kind, z)) for z in zs]
    lw = [mp.mpf(1)] * len(zs)
    free = 2 - len(fixed)
    for _ in range(40):  # Lawson: weights proportional to the error, renormalised
        rows = [[wt * z**j for j in range(len(fixed), 2)] for (z, _t, wt) in data]
        rhs = [wt * (t - sum(c * z**j for j, c in enumerate(fixed))) for (z, t, wt) in data]
        a = mp.matrix([[mp.sqrt(l) * v for v in row] for l, row in zip(lw, rows)])
        b = mp.matrix([mp.sqrt(l) * v for l, v in zip(lw, rhs)])
        sol = mp.lu_solve(a.T * a, a.T * b)
        coef = list(fixed) + [sol[i] for i in range(free)]
        err = [abs(wt * (coef[0] + coef[1] * z - t)) for (z, t, wt) in data]
        total = sum(l * e for l, e in zip(lw, err))
        lw = [l * e / total for l, e in zip(lw, err)]
    return coef


def max_error(kind: str, coef, k: int = 4000) -> float:
    """Max weighted error of float64 coefficients, exactly evaluated, in units of 2^-53."""
    worst = mp.mpf(0)
    for i in range(1, k + 1):
        z = R * R * i / k
        t, wt = _target(kind, z)
        worst = max(worst, abs(wt * (mp.mpf(coef[0]) + mp.mpf(coef[1]) * z - t)))
    return float(worst / UNIT)


def fit_rounded(kind: str) -> list:
    c0 = float(fit(kind)[0])
    c1 = float(fit(kind, (mp.mpf(c0),))[1])
    best = min((max_error(kind, (c0, v), 400), v)
               for v in (c1, math.nextafter(c1, -1), math.nextafter(c1, 1)))
    return [c0, best[1]]


def check() -> None:
    import numpy as np

    from actfn_cli.core import circular as c

    problems = []
    for kind, coef in (("sin", (c._S1, c._S2)), ("cos", (c._C1, c._C2))):
        e = max_error(kind, coef)
        print(f"{kind}: max error {e:.5f} x 2^-53 (bound {BOUND[kind]})")
        if e > BOUND[kind]:
            problems.append(f"{kind} polynomial: {e} > {BOUND[kind]}")
    bits = [53 - (int(mp.mpf(p) / 2 ** mp.floor(mp.log(p, 2) - 52)) & -int(
        mp.mpf(p) / 2 ** mp.floor(mp.log(p, 2) - 52))).bit_length() + 1
        for p in (c._PI1, c._PI2, *c._PIX[:2])]
    print("significant bits of the exact pieces of pi:", bits)
    if max(bits) > 25:
        problems.append(f"a Cody-Waite piece has more than 25 bits: {bits}")
    for name, parts, tol in (("_PI1+_PI2+_PI3", (c._PI1, c._PI2, c._PI3), -107),
                             ("_PI1+_PI2+_PIX", (c._PI1, c._PI2, *c._PIX), -158)):
        e = abs(sum(mp.mpf(p) for p in parts) - mp.pi)
        print(f"{name} - pi = 2^{float(mp.log(e, 2)):.1f}")
        if e > mp.mpf(2) ** tol:
            problems.append(f"{name} is off pi by {e}")
    if c._INVPI != float(1 / mp.pi) or not c._LIMIT < 2**19 * mp.pi:
        problems.append("_INVPI or _LIMIT")
    worst = [0.0, 0.0]
    for k in range(c._N):
        s, cs = mp.sin(k * mp.pi / 512), mp.cos(k * mp.pi / 512)
        if k % 256 == 0:  # the exact zeros and ones
            s, cs = mp.mpf([0, 1, 0, -1][k // 256]), mp.mpf([1, 0, -1, 0][k // 256])
        worst[0] = max(worst[0], float(abs(mp.mpf(c._TS[k]) + mp.mpf(c._TSL[k]) - s)))
        sigma = 1 if c._TD[k] < 0 or (c._TD[k] == 0 and np.signbit(c._TD[k])) else -1
        if (float(cs) != c._TC[k] or abs(mp.mpf(c._TD[k]) - (cs - sigma)) > UNIT * abs(cs - sigma)
                or (cs < 0) != (sigma < 0)):
            problems.append(f"table entry {k}: cos {c._TC[k]}, C - sigma {c._TD[k]}")
    print(f"sin table (hi + lo) max error: 2^{math.log2(worst[0]) if worst[0] else -math.inf:.1f}")
    if worst[0] > 2.0**-106:
        problems.append(f"sin table error {worst[0]}")
    assert not problems, "\n".join(problems)
    print("ok")


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        check()
    else:
        for kind, names in (("sin", ("_S1", "_S2")), ("cos", ("_C1", "_C2"))):
            coef = fit_rounded(kind)
            print(f"{names[0]}, {names[1]} = {coef[0]!r}, {coef[1]!r}  "
                  f"# max error {max_error(kind, coef):.5f} x 2^-53")
