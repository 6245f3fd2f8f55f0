"""mpmath forms of the logistic-shaped ("sigmoid") and tanh-shaped ("tanh") activations.

Written from the definitions, in forms that do not cancel at 60 digits (expm1, tanh, sech²);
derivatives are explicit wherever a tail makes mp.diff of f unreliable (f′ ≪ f).
"""

import mpmath as mp
import numpy as np

from . import Ref

up, down = np.inf, -np.inf


def around(*points):
    """Each point and its float64 neighbours on both sides."""
    out = []
    for p in points:
        out += [p, float(np.nextafter(p, up)), float(np.nextafter(p, down))]
    return out


def sigma(x):
    return 1 / (1 + mp.exp(-x))


def dsigma(x):
    e = mp.exp(-abs(x))
    return e / (1 + e) ** 2


def sech2(x):
    return 1 / mp.cosh(x) ** 2


def softplus(x, beta, threshold):
    if threshold is not None and beta * x > threshold:
        return x
    return mp.log1p(mp.exp(beta * x)) / beta


def log_log(x):
    # 1 − exp(−eˣ) is 1 to far more than 60 digits beyond x = 1000 (and e^{e^x} is unbounded).
    return mp.mpf(1) if x > 1000 else -mp.expm1(-mp.exp(x))


def log_log_d1(x):
    return mp.mpf(0) if x > 1000 else mp.exp(x - mp.exp(x))


def carry_digits(fn):
    """Run ``fn`` with 2·log10(1/|x|) more digits: the sums below cancel to O(x) near 0."""
    def g(x, *args, **kwargs):
        extra = 2 * max(0, int(-mp.log10(abs(x)))) + 10 if x else 0
        with mp.workdps(mp.mp.dps + extra):
            return +fn(x, *args, **kwargs)
    return g


@carry_digits
def tanhshrink(x):
    return x - mp.tanh(x)  # loses 2·log10(1/|x|) digits, carried by the decorator


def sqnl(x):
    if x > 2:
        return mp.mpf(1)
    if x < -2:
        return mp.mpf(-1)
    return x - x * x / 4 if x >= 0 else x + x * x / 4


def sqnl_d2(x):
    # One-sided choices documented in the definition: f″(0) = 0, f″(±2) = ∓½.
    if x == 0 or abs(x) > 2:
        return mp.mpf(0)
    return mp.mpf(-0.5) if x > 0 else mp.mpf(0.5)


def smht(x, a, b, c, d):
    a, b, c, d = (mp.mpf(t) for t in (a, b, c, d))
    # e^{ax} − e^{−bx} = e^{−bx}·expm1((a+b)x): no cancellation at 0.
    return mp.exp(-b * x) * mp.expm1((a + b) * x) / (mp.exp(c * x) + mp.exp(-d * x))


@carry_digits
def smht_d1(x, a, b, c, d):
    # The quotient rule expanded into exponentials: (N′D − ND′)/D².
    a, b, c, d = (mp.mpf(t) for t in (a, b, c, d))
    w = ((a - c) * mp.exp((a + c) * x) + (a + d) * mp.exp((a - d) * x)
         + (b + c) * mp.exp((c - b) * x) + (b - d) * mp.exp(-(b + d) * x))
    return w / (mp.exp(c * x) + mp.exp(-d * x)) ** 2


@carry_digits
def smht_d2(x, a, b, c, d):
    # ((N″D − ND″)D − 2(N′D − ND′)D′)/D³, expanded into exponentials.
    a, b, c, d = (mp.mpf(t) for t in (a, b, c, d))
    k1 = -2 * b * b - 2 * b * c + 2 * b * d + c * c + 4 * c * d + d * d
    k2 = 2 * a * a - 2 * a * c + 2 * a * d - c * c - 4 * c * d - d * d
    w = ((a + d) ** 2 * mp.exp((a - 2 * d) * x) + (a - c) ** 2 * mp.exp((a + 2 * c) * x)
         + k1 * mp.exp((c - b - d) * x) + k2 * mp.exp((a + c - d) * x)
         - (b - d) ** 2 * mp.exp(-(b + 2 * d) * x) - (b + c) ** 2 * mp.exp((2 * c - b) * x))
    return w / (mp.exp(c * x) + mp.exp(-d * x)) ** 3


LECUN_A, LECUN_K = mp.mpf("1.7159"), mp.mpf(2) / 3
TAILS = [-745.0, -740.0, -720.0, -709.0, -40.0, 40.0, 709.0, 720.0, 740.0, 745.0]

REFERENCES = {
    # ------------------------------------------------------------------ family "sigmoid"
    "sigmoid": Ref(
        f=sigma, d1=dsigma, d2=lambda x: -dsigma(x) * mp.tanh(x / 2),
        extra=lambda: TAILS),
    "hardsigmoid": Ref(
        f=lambda x, width, offset: min(max(x / width + offset, mp.mpf(0)), mp.mpf(1)),
        d1=lambda x, width, offset: (1 / mp.mpf(width) if -offset * width < x < (1 - offset) * width
                                     else mp.mpf(0)),
        d2=lambda x, width, offset: mp.mpf(0),
        cases=[{}, {"preset": "keras2"}, {"width": 2.0, "offset": 0.25}, {"offset": -0.5}],
        extra=lambda width, offset: around(-offset * width, (1 - offset) * width)),
    "log_sigmoid": Ref(
        f=lambda x: -mp.log1p(mp.exp(-x)), d1=lambda x: sigma(-x), d2=lambda x: -dsigma(x),
        extra=lambda: TAILS),
    "softplus": Ref(
        f=softplus,
        d1=lambda x, beta, threshold: (
            mp.mpf(1) if threshold is not None and beta * x > threshold else sigma(beta * x)),
        d2=lambda x, beta, threshold: (
            mp.mpf(0) if threshold is not None and beta * x > threshold
            else beta * dsigma(beta * x)),
        cases=[{}, {"preset": "torch"}, {"beta": 2.0}, {"beta": 0.5, "threshold": 5.0}],
        extra=lambda beta, threshold: TAILS + around(20.0, 10.0)),
    "log_log": Ref(
        f=log_log, d1=log_log_d1, d2=lambda x: -log_log_d1(x) * mp.expm1(x),
        extra=lambda: [-745.0, -740.0, -720.0, 3.0, 6.0, 6.6, 7.0]),
    "sparse_sigmoid": Ref(
        f=lambda x: min(max(x + 1, mp.mpf(0)), mp.mpf(2)) / 2,
        d1=lambda x: mp.mpf(0.5) if -1 < x < 1 else mp.mpf(0), d2=lambda x: mp.mpf(0),
        extra=lambda: around(-1.0, 1.0)),
    # ------------------------------------------------------------------ family "tanh"
    "tanh": Ref(
        f=mp.tanh, d1=sech2, d2=lambda x: -2 * mp.tanh(x) * sech2(x),
        extra=lambda: [-360.0, -355.0, 355.0, 360.0, 372.0, 1e-300, -1e-300]),
    "hardtanh": Ref(
        f=lambda x, min_val, max_val: min(max(x, mp.mpf(min_val)), mp.mpf(max_val)),
        d1=lambda x, min_val, max_val: mp.mpf(1) if min_val < x < max_val else mp.mpf(0),
        d2=lambda x, min_val, max_val: mp.mpf(0),
        cases=[{}, {"min_val": -2.0, "max_val": 0.5}, {"min_val": 0.25, "max_val": 3.0}],
        extra=lambda min_val, max_val: around(min_val, max_val)),
    "tanhshrink": Ref(
        f=tanhshrink, d1=lambda x: mp.tanh(x) ** 2, d2=lambda x: 2 * mp.tanh(x) * sech2(x),
        extra=lambda: around(1.0, -1.0) + [1e-100, -1e-100, 1e-5, 0.5, 0.999, 1.5, -1.5, 2.0]),
    "softsign": Ref(
        f=lambda x: x / (1 + abs(x)), d1=lambda x: 1 / (1 + abs(x)) ** 2,
        d2=lambda x: -2 * mp.sign(x) / (1 + abs(x)) ** 3,
        extra=lambda: [1e-300, -1e-300, 2.0**60, 2.0**61, -2.0**61]),
    "lecun_tanh": Ref(
        f=lambda x: LECUN_A * mp.tanh(LECUN_K * x),
        d1=lambda x: LECUN_A * LECUN_K * sech2(LECUN_K * x),
        d2=lambda x: -2 * LECUN_A * LECUN_K**2 * mp.tanh(LECUN_K * x) * sech2(LECUN_K * x),
        extra=lambda: [1.0, -1.0, 530.0, 540.0]),
    "symmetrical_sigmoid": Ref(
        f=lambda x: -mp.expm1(-x) / (1 + mp.exp(-x)),  # 2σ(x) − 1 without the cancellation
        d1=lambda x: 2 * dsigma(x),
        d2=lambda x: 2 * dsigma(x) * mp.expm1(-x) / (1 + mp.exp(-x)),
        extra=lambda: TAILS),
    "penalized_tanh": Ref(
        f=lambda x, a: mp.tanh(x) if x > 0 else a * mp.tanh(x),
        d1=lambda x, a: sech2(x) if x > 0 else a * sech2(x),
        d2=lambda x, a: -2 * mp.tanh(x) * sech2(x) * (1 if x > 0 else a),
        cases=[{}, {"a": 0.0}, {"a": 1.0}, {"a": 2.5}],
        extra=lambda a: [1e-300, -1e-300, 5e-324, -5e-324]),
    "isru": Ref(
        f=lambda x, alpha: x / mp.sqrt(1 + alpha * x * x),
        d1=lambda x, alpha: (1 + alpha * x * x) ** mp.mpf(-1.5),
        d2=lambda x, alpha: -3 * alpha * x * (1 + alpha * x * x) ** mp.mpf(-2.5),
        cases=[{}, {"alpha": 0.25}, {"alpha": 7.0}, {"alpha": 1e-6}, {"alpha": 1e10}],
        extra=lambda alpha: [1e19, 1e30, 2.0**40, 2.0**41, -2.0**41]),
    "sqnl": Ref(
        f=sqnl,
        d1=lambda x: 1 - abs(x) / 2 if abs(x) <= 2 else mp.mpf(0),
        d2=sqnl_d2,
        extra=lambda: around(2.0, -2.0) + [1e-300, -1e-300, 1.0, -1.0]),
    "smht": Ref(
        f=smht, d1=smht_d1, d2=smht_d2,
        cases=[{}, {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0},
               {"a": 0.7, "b": 0.3, "c": 1.2, "d": 0.4},
               {"a": 2.0, "b": 1.0, "c": 0.5, "d": 0.25},
               {"a": 0.5, "b": 0.5, "c": 1.0, "d": 1.0},
               {"a": 1.0, "b": 1.0, "c": 0.0, "d": 0.0},
               {"a": 0.01, "b": 0.02, "c": 3.0, "d": 2.0}],
        extra=lambda a, b, c, d: [1e-300, -1e-300, 0.1, -0.1, 0.5, -0.5, 2.0, -2.0, 10.0, -10.0]),
    "arctan": Ref(
        f=mp.atan, d1=lambda x: 1 / (1 + x * x), d2=lambda x: -2 * x / (1 + x * x) ** 2,
        extra=lambda: [1e19, 1e30, -1e30, 1.0, -1.0]),
}
