"""The exact GELU in float64: gelu(x) = x·Φ(x) and gelu_grad(x) = Φ(x) + x·φ(x), NumPy only,
on the block driver of :mod:`special`.

With a = |x| and e = exp(−a²/2): gelu = max(x, 0) − a·Φ(−a), Φ(−a) = e/(2 + a·H(a)), and
gelu_grad = 1 − v for x ≥ 0 and v below, v = Φ(−a) − a·φ(a) = e·(A0 − a)·K(a); H and K are
rationals (their leading constants split off, exactly), A0 = 0.7518… the root of the
derivative (at −A0 the cancellation falls on A0 − a, exact by Sterbenz). One exp and one
rational for |x| ≤ 37.5, no gather, a² rounded in e: within the exact GELU's contract (4 ulp,
8 for the derivative, + 2 ulp per unit of condition number, ~x² in the tail), not ndtr's
accuracy. H and K were fitted in mpmath and are verified by
``tests/fit_special_coefficients.py --check`` (fits GELUH and GELU1).

Measured against mpmath (``python tests/make_special_reference.py --sweep``: 1.2·10⁶ points,
uniform, log-spaced in magnitude and around every formula bound): gelu and gelu_grad within
0.62 and 0.39 of their tolerance (0.71 and 0.43 in 4·10⁵ more points on [−2, −0.9], where it is
tightest). The sign of zero is kept: gelu(−0) = −0. Like :mod:`special`'s functions these take
any array-like, return new float64 arrays, propagate NaN, map ±inf to the limits and emit no
floating-point warning.
"""

from __future__ import annotations

import numpy as np

from ._util import poly
from .special import (_FAR, _NDTR_EXP, _NDTR_ZERO, _RSQRT2PI, _S2PI, _apply, _clamp, _flip,
                      _normal_far)

__all__ = ["gelu", "gelu_grad"]

# Phi(-a) = exp(-a*a/2)/(2 + a (S2PI - G(a))), G = R/P for 0 <= a <= 37.5 (P monic), to the
# relative error it makes over max(1, a*a/4) (the exact GELU's tolerance grows so: its condition
# number is ~a*a); G is ~2/a, a fraction of S2PI - G.
_GELUH_R = (372217.42357063707, 458958.0542907466, 281513.09823906026, 109101.65812256689,
            28891.300223126535, 5329.0847040085555, 668.9427383725399, 52.52607604920663,
            2.00000000082047)
_GELUH_P = (408644.32479420817, 626458.9225029688, 475477.2544768048, 229227.594560061,
            76565.01348161817, 18292.59620322846, 3124.456196590415, 368.9579978065398,
            27.516352227038162, 1.0)
# Phi(-a) - a phi(a) = exp(-a*a/2) (A0 - a) (C + G(a)), G = R/P for 0 <= a <= 37.5 (P monic),
# likewise, where A0 = 0.75179.. solves Phi(-a) = a phi(a): the root of the GELU's derivative.
_GELU1_R = (24959.83166261067, 36691.14269833525, 25991.6142069702, 11376.29439670739,
            3340.5575468529605, 672.4893375020417, 90.78958040391254, 7.555978388877009,
            0.29992142529074695)
_GELU1_P = (93786.10340943068, 200118.88060986256, 196115.39793139775, 116163.05630524828,
            45976.65172999291, 12658.899479377116, 2436.370515927206, 318.05138082563764,
            25.77155761250979, 1.0)
_A0 = 0.7517915246935645  # A0 rounded (1.5e-17 below): within the GELU's condition allowance
_FITTED = {"GELUH": (_GELUH_R, _GELUH_P), "GELU1": (_GELU1_R, _GELU1_P)}
_SIGN = np.uint64(1 << 63)


def _gauss_ratio(a, num, den):
    """(e, P/Q) for 0 <= a <= 37.5: e = exp(-a*a/2) with a*a rounded (a relative error of
    a*a/2 ulp at most, which the GELU's condition number, ~a*a, allows) and a fitted P/Q."""
    e = a * a
    e *= -0.5
    np.exp(e, out=e)
    r = poly(a, num)
    r /= poly(a, den)
    return e, r


def _gelu_base(x, a, out, span=np.inf):
    """x Phi(x) = max(x, 0) - a Phi(-a), Phi(-a) = e/(2 + a (S2PI - G(a))) (GELUH), for
    |x| <= 37.5: the divisor's leading 2 is exact, G's rounding weighs a G/(2 + a H)."""
    np.add(x, a, out=out)
    out *= 0.5  # max(x, 0), exactly
    e, h = _gauss_ratio(_clamp(a, span, _NDTR_EXP), _GELUH_R, _GELUH_P)
    np.subtract(_S2PI, h, out=h)
    h *= a
    h += 2.0
    np.divide(e, h, out=h)
    h *= a
    out -= h


def _gelu_grad_base(x, a, out, span=np.inf):
    """Phi(x) + x phi(x) = 1 - v for x >= 0, v below, v = Phi(-a) - a phi(a) = e (A0 - a) (C + G)
    (GELU1): the cancellation at the root -A0 falls on A0 - a, exact there (Sterbenz)."""
    e, k = _gauss_ratio(_clamp(a, span, _NDTR_EXP), _GELU1_R, _GELU1_P)
    k += _RSQRT2PI[0]
    np.subtract(_A0, a, out=out)
    out *= k
    out *= e
    out += _flip(x, out, negative=False)


def _gelu_far(x, grad):
    """x Phi(x), or Phi(x) + x phi(x), for |x| > 37.5 (x clipped to +-38.6 where that changes
    nothing, so that x*0 is never inf*0)."""
    cdf, pdf = _normal_far(x, pdf=True)
    if grad:
        return (cdf + np.clip(x, -_NDTR_ZERO, _NDTR_ZERO) * pdf,)
    return (np.where(x > 0.0, x, np.maximum(x, -_NDTR_ZERO) * cdf),)


def gelu(x) -> np.ndarray:
    """x Phi(x), to the exact GELU's contract (see the module docstring)."""
    x = np.asarray(x, dtype=np.float64)
    out = _apply(x, 1, _gelu_base, [(_FAR, lambda v: _gelu_far(v, False))])[0]
    bits = out.view(np.uint64)
    bits |= x.view(np.uint64) & _SIGN  # x·Φ(x) has the sign of x: −0 stays −0
    return out


def gelu_grad(x) -> np.ndarray:
    """Phi(x) + x phi(x), the exact GELU's derivative, to its contract."""
    return _apply(x, 1, _gelu_grad_base, [(_FAR, lambda v: _gelu_far(v, True))])[0]
