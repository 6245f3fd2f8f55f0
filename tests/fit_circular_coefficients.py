"""Fit, and verify, the constants of the float64 sin/cos in ``actfn_cli/core/circular.py``
(and of the series of sinc'' in ``actfn_cli/core/trig.py``).

    python tests/fit_circular_coefficients.py          # fit, print the float64 literals
    python tests/fit_circular_coefficients.py --check  # verify the literals

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

sinc'' for |x| < 2.4 (where its closed form cancels: near 0 and next to its first zero x0)
is w*q(w), w = x^2 - x0^2: q is the Chebyshev interpolant of degree 8 on [-x0^2, 2.4^2 -
x0^2], rounded to float64, its constant term then moved by the fewest ulps that make
sinc''(0) = -1/3 exactly. ``--check`` evaluates trig's float64 series against mpmath on a
grid and next to x0, in units of the contract's allowance (8 ulp + 2|x f3/f2| ulp).
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


def _sinc_d2(x):
    """sinc''(x) in mpmath (the closed form at twice the precision; its series next to 0)."""
    x = mp.mpf(x)
    if abs(x) < mp.mpf(2) ** -40:
        return -mp.mpf(1) / 3 + x * x / 10
    with mp.workprec(2 * mp.mp.prec):
        return +(((2 - x * x) * mp.sin(x) - 2 * x * mp.cos(x)) / x**3)


def _sinc_x0():
    return mp.findroot(lambda t: (2 - t * t) * mp.sin(t) - 2 * t * mp.cos(t), mp.mpf(2.08))


def fit_sinc_d2(degree: int = 8, bound: float = 2.4):
    """((x0^2 as hi, lo), the float64 coefficients of q, highest first)."""
    import numpy as np

    x0 = _sinc_x0()
    z0 = x0 * x0
    hi = float(z0)
    lo = float(z0 - hi)

    def q(w):
        if abs(w) < mp.mpf(2) ** -100:
            return mp.diff(_sinc_d2, x0) / (2 * x0)
        return _sinc_d2(mp.sqrt(max(w + z0, 0))) / w

    coef = [float(c) for c in mp.chebyfit(q, [-mp.mpf(hi), mp.mpf(bound) ** 2 - z0], degree + 1)]
    w = np.float64(0.0) - hi - lo  # x = 0
    for k in sorted(range(-8, 9), key=abs):
        c = coef[-1]
        for _ in range(abs(k)):
            c = math.nextafter(c, math.copysign(math.inf, k))
        r = w * coef[0] + coef[1]
        for v in coef[2:-1] + [c]:
            r = r * w + v
        if r * w == -1 / 3:
            return (hi, lo), coef[:-1] + [c]
    raise RuntimeError("no constant term gives sinc''(0) = -1/3")


def check_sinc_d2() -> float:
    """The worst error of trig's series over the contract's allowance, on |x| < 2.4."""
    import numpy as np

    from actfn_cli.core import trig

    x0 = float(_sinc_x0())
    x = np.concatenate([np.linspace(0, 2.4, 2401)[:-1], x0 + np.arange(-40, 41) * 2.0**-51,
                        x0 * (1 + np.linspace(-1e-3, 1e-3, 101))])
    worst = 0.0
    for t, g in zip(x, trig._sinc_d2_near(x)):
        f2 = _sinc_d2(t)
        f3 = mp.diff(_sinc_d2, mp.mpf(t)) if t else mp.mpf(0)
        ulp = float(np.spacing(abs(float(f2))))
        worst = max(worst, float(abs(mp.mpf(g) - f2)) / ulp / (8 + 2 * abs(float(t * f3 / f2))))
    return worst


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
    from actfn_cli.core import trig

    z0, q = fit_sinc_d2()
    if trig._SINC_Z0 != z0 or trig._SINC_Q != tuple(reversed(q)):  # stored lowest power first
        problems.append("trig._SINC_Z0 or _SINC_Q differs from the fit")
    e = check_sinc_d2()
    print(f"sinc'' series: max {e:.3f} of the allowance")
    if e > 0.5:
        problems.append(f"sinc'' series: {e} of the allowance")
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
        z0, q = fit_sinc_d2()
        print(f"_SINC_Z0 = {z0!r}\n_SINC_Q = {tuple(reversed(q))!r}")
