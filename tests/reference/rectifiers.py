"""mpmath forms of the rectifiers, written from their definitions (never from actfn's code).

Piecewise functions give their derivatives explicitly: the derivative of the piece the formula
assigns each point to (mp.diff across a break would average the pieces).  Points exactly at a
kink or jump get no derivative reference; the conventions there are tested in
tests/core/test_rectifiers.py, and so are float64 inputs beyond float32's range (``extra``
points are cast to both dtypes, so they stay below 3.4e38).
"""

import mpmath as mp
import numpy as np

from . import Ref

ZERO, ONE = mp.mpf(0), mp.mpf(1)
# Published constants as text, so they are read at the working precision (not at import time).
SELU_LAMBDA = "1.0507009873554804934193349852946"
SELU_ALPHA = "1.6732632423543772848170429916717"


def zero(x, **_):
    return ZERO


def around(*points):
    """Each point and its float64 and float32 neighbours."""
    out = []
    for p in points:
        out.append(float(p))
        for dt in (np.float64, np.float32):
            v = dt(p)
            out += [float(np.nextafter(v, dt(np.inf))), float(np.nextafter(v, dt(-np.inf)))]
    return out


TINY = [1e-300, -1e-300, 5e-324, -5e-324, 1e-40, -1e-40]


def leaky(slope, cases):
    """x if x ≥ 0 else s·x, with the slope s = slope(params) as an mpf."""
    return Ref(f=lambda x, **p: x if x >= 0 else slope(p) * x,
               d1=lambda x, **p: ONE if x > 0 else slope(p), d2=zero, cases=cases,
               extra=lambda **p: TINY + around(0.0))


def shrink_d1(x, lambd):
    return ONE if abs(x) > lambd else ZERO


def softshrink(x, lambd):
    if x > lambd:
        return x - lambd
    if x < -lambd:
        return x + lambd
    return ZERO


def srelu(x, t_left, a_left, t_right, a_right):
    if x <= t_left:
        return t_left + a_left * (x - t_left)
    if x >= t_right:
        return t_right + a_right * (x - t_right)
    return x


def srelu_d1(x, t_left, a_left, t_right, a_right):
    return mp.mpf(a_left) if x <= t_left else mp.mpf(a_right) if x >= t_right else ONE


def elu(x, alpha):
    return x if x > 0 else alpha * mp.expm1(x)


def selu(x):
    lam, alpha = mp.mpf(SELU_LAMBDA), mp.mpf(SELU_ALPHA)
    return lam * x if x > 0 else lam * alpha * mp.expm1(x)


def selu_d(order):
    def d(x):
        lam, alpha = mp.mpf(SELU_LAMBDA), mp.mpf(SELU_ALPHA)
        if x > 0:
            return lam if order == 1 else ZERO
        return lam * alpha * mp.exp(x)
    return d


def isrlu(x, alpha):
    return x if x >= 0 else x / mp.sqrt(1 + alpha * x * x)


def isrlu_d1(x, alpha):
    return ONE if x >= 0 else (1 + alpha * x * x) ** mp.mpf(-1.5)


def isrlu_d2(x, alpha):
    return ZERO if x >= 0 else -3 * alpha * x * (1 + alpha * x * x) ** mp.mpf(-2.5)


def smelu(x, beta):
    if x <= -beta:
        return ZERO
    if x >= beta:
        return x
    return (x + beta) ** 2 / (4 * beta)


def smelu_d1(x, beta):
    return ZERO if x <= -beta else ONE if x >= beta else (x + beta) / (2 * beta)


def smelu_d2(x, beta):
    return 1 / (2 * mp.mpf(beta)) if -beta < x < beta else ZERO


def sparse_plus(x):  # JAX's definition, written out on its own
    if x <= -1:
        return ZERO
    if x >= 1:
        return x
    return (x + 1) ** 2 / 4


REFERENCES = {
    "identity": Ref(f=lambda x: x, d1=lambda x: ONE, d2=zero),
    "binary_step": Ref(f=lambda x: ONE if x >= 0 else ZERO, d1=zero, d2=zero,
                       extra=lambda: TINY),
    "relu": Ref(f=lambda x: x if x > 0 else ZERO, d1=lambda x: ONE if x > 0 else ZERO, d2=zero,
                extra=lambda: TINY),
    "relu6": Ref(f=lambda x: min(max(ZERO, x), mp.mpf(6)),
                 d1=lambda x: ONE if 0 < x < 6 else ZERO, d2=zero,
                 extra=lambda: TINY + around(6.0)),
    "leaky_relu": leaky(lambda p: mp.mpf(p["negative_slope"]),
                        [{}, {"preset": "keras"}, {"negative_slope": 0.0},
                         {"negative_slope": 1.5}, {"negative_slope": -0.5},
                         {"negative_slope": 1.0}, {"negative_slope": 1e-45}]),
    "prelu": leaky(lambda p: mp.mpf(p["weight"]),
                   [{}, {"preset": "keras"}, {"weight": 2.0}, {"weight": -0.3}]),
    "rrelu": leaky(lambda p: (mp.mpf(p["lower"]) + mp.mpf(p["upper"])) / 2,
                   [{}, {"lower": 0.2, "upper": 0.2}, {"lower": 0.5, "upper": 3.0}]),
    "threshold": Ref(
        f=lambda x, threshold, value: x if x > threshold else mp.mpf(value),
        d1=lambda x, threshold, value: ONE if x > threshold else ZERO, d2=zero,
        cases=[{}, {"threshold": 0.0, "value": 0.0}, {"threshold": -2.0, "value": 3.5},
               {"threshold": 0.1, "value": 20.0}, {"threshold": 0.1, "value": 0.1}],
        extra=lambda threshold, value: TINY + around(threshold)),
    "hardshrink": Ref(
        f=lambda x, lambd: x if abs(x) > lambd else ZERO, d1=shrink_d1, d2=zero,
        cases=[{}, {"lambd": 0.0}, {"lambd": 2.0}, {"lambd": 0.1}],
        extra=lambda lambd: TINY + around(lambd, -lambd)),
    "softshrink": Ref(
        f=softshrink, d1=shrink_d1, d2=zero,
        cases=[{}, {"lambd": 0.0}, {"lambd": 2.0}, {"lambd": 0.1}],
        extra=lambda lambd: TINY + around(lambd, -lambd)),
    "srelu": Ref(
        f=srelu, d1=srelu_d1, d2=zero,
        cases=[{}, {"t_left": -2.0, "a_left": 0.0, "t_right": 3.0, "a_right": 2.0},
               {"t_left": -0.5, "a_left": 1.0, "t_right": 0.25, "a_right": 0.5},
               {"t_left": -3.0, "a_left": 0.7, "t_right": 0.1, "a_right": 0.0}],
        extra=lambda t_left, a_left, t_right, a_right: TINY + around(t_left, t_right)),
    "signum": Ref(f=lambda x: mp.sign(x), d1=zero, d2=zero, extra=lambda: TINY),
    "absolute": Ref(f=lambda x: abs(x), d1=lambda x: mp.sign(x), d2=zero, extra=lambda: TINY),
    "elu": Ref(
        f=elu, d1=lambda x, alpha: ONE if x > 0 else alpha * mp.exp(x),
        d2=lambda x, alpha: ZERO if x > 0 else alpha * mp.exp(x),
        cases=[{}, {"alpha": 0.5}, {"alpha": 2.0}, {"alpha": -0.5}, {"alpha": 0.0}],
        extra=lambda alpha: TINY + [-1e-10, -1e-5, -0.3, -0.7, -745.5, -750.0, 709.0, 710.0]),
    "selu": Ref(f=selu, d1=selu_d(1), d2=selu_d(2),
                extra=lambda: TINY + [-1e-10, -1e-5, -0.3, -745.5, 709.0, 710.0]),
    "celu": Ref(
        f=lambda x, alpha: x if x > 0 else alpha * mp.expm1(x / alpha),
        d1=lambda x, alpha: ONE if x > 0 else mp.exp(x / alpha),
        d2=lambda x, alpha: ZERO if x > 0 else mp.exp(x / alpha) / alpha,
        cases=[{}, {"alpha": 0.5}, {"alpha": 3.0}, {"alpha": -1.0}, {"alpha": -0.25},
               {"alpha": -3.0}],
        extra=lambda alpha: TINY + [-1e-10, -1e-5, -0.3, -0.7, -745.5, 709.0, 710.0, -20.0,
                                    -22.4, -177.0, -177.5, -178.0, -2129.0, -2130.0, -2131.0]),
    "isrlu": Ref(
        f=isrlu, d1=isrlu_d1, d2=isrlu_d2,
        limits={(-1, 1): 0.0, (-1, 2): 0.0},  # the automatic ones are f′, f″ at −1e30, not 0
        cases=[{}, {"alpha": 0.25}, {"alpha": 3.0}, {"alpha": 1e-6}, {"alpha": 1e6}],
        extra=lambda alpha: TINY + [-1e-8, -0.3, -1e5, -1e10, -1e20, -1e30, -3e38]),
    "relu_squared": Ref(
        f=lambda x: x * x if x > 0 else ZERO, d1=lambda x: 2 * x if x > 0 else ZERO,
        d2=lambda x: mp.mpf(2) if x > 0 else ZERO,
        extra=lambda: TINY + [1e-160, 1e-200, 1.8e19, 1.9e19]),
    "star_relu": Ref(
        f=lambda x, scale, bias: scale * x * x + bias if x > 0 else mp.mpf(bias),
        d1=lambda x, scale, bias: 2 * scale * x if x > 0 else ZERO,
        d2=lambda x, scale, bias: 2 * mp.mpf(scale) if x > 0 else ZERO,
        cases=[{}, {"scale": 1.0, "bias": 0.0}, {"scale": -0.5, "bias": 1.0},
               {"scale": 0.8944, "bias": -0.4472}, {"scale": 0.0, "bias": 2.0}],
        extra=lambda scale, bias: TINY + [0.5 ** 0.5, 0.7071, 0.70711, 1.4142, 1.41421,
                                          2 ** 0.5, 1.8e19, 2e19]),
    "smelu": Ref(
        f=smelu, d1=smelu_d1, d2=smelu_d2,
        cases=[{}, {"beta": 0.5}, {"beta": 3.0}, {"beta": 0.1}, {"beta": 1e-300}],
        extra=lambda beta: TINY + around(beta, -beta)),
    "sparse_plus": Ref(
        f=sparse_plus,
        d1=lambda x: ZERO if x <= -1 else ONE if x >= 1 else (x + 1) / 2,
        d2=lambda x: mp.mpf(0.5) if -1 < x < 1 else ZERO,
        extra=lambda: TINY + around(1.0, -1.0)),
}
