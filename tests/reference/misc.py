"""mpmath forms of the exponential, smooth-rectifier, radial and periodic activations.

Written from the definitions, in cancellation-free forms or at a working precision that covers
the cancellation: ``_wide`` adds digits for sin/cos of huge arguments (reduction modulo π/2
needs about log10|x| more) and for the closed forms of sinc′ and sinc″ at tiny x (which cancel
to relative size x²).
"""

import math

import mpmath as mp
import numpy as np

from . import Ref

nan = math.nan
inf = math.inf
NO_LIMIT = {(s, k): nan for s in (-1, 1) for k in range(3)}


def _wide(fn):
    """fn evaluated with 2·|log10|x|| + 20 extra digits."""
    def wrapped(x, **p):
        extra = 20 + (2 * abs(int(mp.log10(abs(x)))) if x else 0)
        with mp.workdps(mp.mp.dps + extra):
            return fn(mp.mpf(x), **p)
    return wrapped


def _around(*points):
    """The points and their float64 neighbours, both signs. (Extra points must stay finite in
    float32: larger float64-only points are checked in tests/core/test_misc.py.)"""
    out = []
    for p in points:
        for q in (p, -p):
            out += [q, np.nextafter(q, inf), np.nextafter(q, -inf)]
    return out


# --------------------------------------------------------------------------- exponential
def _softexp(x, alpha):
    a = mp.mpf(alpha)
    if a == 0:
        return x
    if a > 0:  # (e^{ax} − 1)/a + a, without the cancellation of −1/a + a when e^{ax} ≪ 1
        return mp.exp(a * x) / a + (a - 1 / a)
    m = 1 - a * (x + a)
    if m < 0:
        return mp.nan
    return -mp.inf if m == 0 else -mp.log(m) / a


def _softexp_d1(x, alpha):
    a = mp.mpf(alpha)
    if a == 0:
        return mp.mpf(1)
    if a > 0:
        return mp.exp(a * x)
    m = 1 - a * (x + a)
    if m < 0:
        return mp.nan
    return mp.inf if m == 0 else 1 / m


def _softexp_d2(x, alpha):
    a = mp.mpf(alpha)
    if a == 0:
        return mp.mpf(0)
    if a > 0:
        return a * mp.exp(a * x)
    m = 1 - a * (x + a)
    if m < 0:
        return mp.nan
    return -mp.inf if m == 0 else a / m**2


def _softexp_points(alpha):
    if alpha == 0:
        return []
    if alpha > 0:
        pts = [709.0 / alpha, 709.8 / alpha, 710.5 / alpha, 88.0 / alpha, 89.0 / alpha]
        if alpha < 1:  # the zero crossing
            pts.append(math.log1p(-alpha * alpha) / alpha)
        return pts
    x0 = 1 / alpha - alpha  # the edge of the domain
    return [x0, np.nextafter(x0, inf), np.nextafter(x0, -inf), x0 + 1e-9, x0 + 0.5 / -alpha,
            -alpha, np.nextafter(-alpha, inf), 1e30, 3e38]


# --------------------------------------------------------------------------- smooth rectifiers
def _sqp(x, b):
    s = mp.sqrt(x * x + b)
    return (x + s) / 2 if x >= 0 else b / (2 * (s - x))


def _sqp_d1(x, b):
    s = mp.sqrt(x * x + b)
    return (1 + x / s) / 2 if x >= 0 else b / (2 * s * (s - x))


def _sqp_d2(x, b):
    return b / (2 * mp.sqrt(x * x + b) ** 3)


# --------------------------------------------------------------------------- periodic
def _sinc(x):
    return mp.sin(x) / x if x else mp.mpf(1)


def _sinc_d1(x):
    return (x * mp.cos(x) - mp.sin(x)) / x**2 if x else mp.mpf(0)


def _sinc_d2(x):
    return ((2 - x * x) * mp.sin(x) - 2 * x * mp.cos(x)) / x**3 if x else mp.mpf(-1) / 3


def _trig_points():
    """Quadrant edges and the edge of the vectorised reduction (2^20·π/2)."""
    return _around(math.pi / 4, math.pi / 2, math.pi, 355.0, 1647099.0, 1647100.0, 1e22)


REFERENCES = {
    "exponential": Ref(
        f=mp.exp, d1=mp.exp, d2=mp.exp,
        extra=lambda: [709.78, 709.7827128933840, 709.79, -708.4, -745.1, -745.2, 88.72,
                       88.73, -87.3, -103.97, -104.0]),
    "softexponential": Ref(
        f=_softexp, d1=_softexp_d1, d2=_softexp_d2,
        cases=[{}, {"alpha": 0.5}, {"alpha": 1.0}, {"alpha": 2.0}, {"alpha": 0.0625},
               {"alpha": -0.5}, {"alpha": -2.0}, {"alpha": -0.3}],
        extra=_softexp_points,
        limits={(1, 0): inf}),  # for α < 0, ln(|α|·10^400)/|α| is finite: the limit is not
    "bent_identity": Ref(
        f=lambda x: x + x * x / (2 * (mp.sqrt(x * x + 1) + 1)),
        d1=lambda x: 1 + x / (2 * mp.sqrt(x * x + 1)),
        d2=lambda x: 1 / (2 * mp.sqrt(x * x + 1) ** 3),
        extra=lambda: _around(5e-324, 1e-300, 1e-154, 1e8, 1e18, 1e19, 1e20, 3e38)),
    "squareplus": Ref(
        f=_sqp, d1=_sqp_d1, d2=_sqp_d2,
        cases=[{}, {"b": 0.0}, {"b": 1.0}, {"b": 0.01}, {"b": 1e6}, {"b": 1e300},
               {"b": 1e-40}],
        extra=lambda b: _around(5e-324, 1e-300, 1e-160, 1e19, 2e19, 1e30, 3e38),
        # the automatic limits evaluate f′ at ±1e30, which is not far out when b = 1e300
        limits={(-1, 0): 0.0, (1, 0): inf, (-1, 1): 0.0, (1, 1): 1.0, (-1, 2): 0.0,
                (1, 2): 0.0}),
    "gaussian": Ref(
        f=lambda x: mp.exp(-x * x),
        d1=lambda x: -2 * x * mp.exp(-x * x),
        d2=lambda x: (4 * x * x - 2) * mp.exp(-x * x),
        extra=lambda: _around(0.7071067811865476, 9.3, 10.2, 10.5, 26.5, 26.6, 27.0, 27.3,
                              27.4, 37.0, 38.5, 39.9, 40.0, 41.0)),
    "sinusoid": Ref(f=_wide(lambda x: mp.sin(x)), d1=_wide(lambda x: mp.cos(x)),
                    d2=_wide(lambda x: -mp.sin(x)), extra=_trig_points, limits=NO_LIMIT),
    "cosine": Ref(f=_wide(lambda x: mp.cos(x)), d1=_wide(lambda x: -mp.sin(x)),
                  d2=_wide(lambda x: -mp.cos(x)), extra=_trig_points, limits=NO_LIMIT),
    "sinc": Ref(
        f=_wide(_sinc), d1=_wide(_sinc_d1), d2=_wide(_sinc_d2),
        extra=lambda: _around(5e-324, 1e-300, 1e-20, 1e-8, 1e-4, 0.1, 1.0, 1.5, 2.0815759778181,
                              3.2, math.pi, 4.493409457909064, 2 * math.pi, 1e6, 1e15, 3e38),
        limits={(s, k): 0.0 for s in (-1, 1) for k in range(3)}),
    "gcu": Ref(
        f=_wide(lambda x: x * mp.cos(x)),
        d1=_wide(lambda x: mp.cos(x) - x * mp.sin(x)),
        d2=_wide(lambda x: -2 * mp.sin(x) - x * mp.cos(x)),
        extra=lambda: _around(0.8603335890193798, 3.425618459481728, math.pi / 2, 1647100.0,
                              1e15, 3e38),
        limits=NO_LIMIT),
    "snake": Ref(
        f=_wide(lambda x, alpha: x + mp.sin(alpha * x) ** 2 / alpha),
        d1=_wide(lambda x, alpha: 1 + mp.sin(2 * alpha * x)),
        d2=_wide(lambda x, alpha: 2 * alpha * mp.cos(2 * alpha * x)),
        cases=[{}, {"alpha": 0.5}, {"alpha": 2.0}, {"alpha": -1.5}, {"alpha": 0.3},
               {"alpha": 1e-3}],
        extra=lambda alpha: [v / alpha for v in _around(0.45, 0.785398163397448, 1.2, 2.0,
                                                         3.9269908169872414, 1e6)],
        limits={**NO_LIMIT, (-1, 0): -inf, (1, 0): inf}),
}
