"""mpmath forms of the gated units x·g(x), from their definitions, without cancellation.

Derivatives are mp.diff of the definition, except where f approaches a line a·x (a = 1, or
ln 2 for logish): there f″ is exponentially small beside f and a finite difference of f would
lose it, so the derivatives are taken of the remainder r = a·x − f, written in closed form
(x·σ(−x) for silu, x·Φ(−x) for gelu, ...): f′ = a − r′, f″ = −r″.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

from . import Ref


def _diff(fn, x, n):
    """mp.diff with enough digits that the step stays below |x|'s last digit (as make_reference),
    relative to the current precision so that nested differences stay exact."""
    digits = mp.mp.dps + (max(0, int(mp.log10(abs(x)))) if x else 0)
    with mp.workdps(digits):
        return mp.diff(fn, x, n)


def _sig(x):
    return 1 / (1 + mp.exp(-x))


def _softplus(x):
    return mp.log1p(mp.exp(x))


def _tanh_arg(x):
    """2u = 2·√(2/π)·(x + 0.044715x³): ½(1 + tanh u) = σ(2u)."""
    return 2 * mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)


def smooth(f, rest=None, tail=lambda x, **p: x > 1, slope=lambda **p: 1, cases=({},),
           extra=None):
    """A Ref for f; where ``tail`` holds, f = slope·x − rest(x)."""
    def deriv(n):
        def d(x, **p):
            if rest is not None and tail(x, **p):
                v = -_diff(lambda t: rest(t, **p), x, n)
                return v + slope(**p) if n == 1 else v
            return _diff(lambda t: f(t, **p), x, n)
        return d
    return Ref(f=f, d1=deriv(1), d2=deriv(2), cases=cases, extra=extra)


def _points(*centres, tails=True):
    """Each centre and its neighbours at 1e-9, 1e-6, 1e-3 (roots of f′, f″), plus the tails
    where e^x is subnormal while x·e^x is not, and the onset of the saturation."""
    out = []
    for c in centres:
        out += [c + d for d in (-1e-3, -1e-6, -1e-9, 0.0, 1e-9, 1e-6, 1e-3)]
    if tails:
        out += [-745.0, -740.0, -714.0, -710.0, -708.0, -700.0, -100.0, -40.0, -30.0, -20.0,
                -10.0, -5.0, 5.0, 10.0, 20.0, 30.0, 37.5, 40.0, 50.0, 354.5, 356.0, 700.0,
                710.0, 720.0]
    return out


def _erfc(x):
    """erfc(x); mpmath's overflows for x beyond ~1e150, where erfc(x) = e^(−x²)/(x√π)·
    (1 − 1/(2x²)) to a relative 3/(4x⁴)."""
    if x < 1e6:
        return mp.erfc(x)
    return mp.exp(-x * x) / (x * mp.sqrt(mp.pi)) * (1 - 1 / (2 * x * x))


def _erf(x):
    return mp.erf(x) if x < 1e6 else 1 - _erfc(x)


def _ncdf(x):
    return _erfc(-x / mp.sqrt(2)) / 2


def _gelu(x, approximate=None):
    if approximate == "tanh":
        return x * _sig(_tanh_arg(x))
    return x * _ncdf(x)


def _gelu_rest(x, approximate=None):
    if approximate == "tanh":
        return x * _sig(-_tanh_arg(x))
    return x * _ncdf(-x)


def _tanh_exp(x):
    # beyond x = 1000, 1 − tanh(eˣ) < e^(−e^1000): 1 at any precision (and mpmath overflows)
    return x * mp.tanh(mp.exp(x)) if x < 1000 else x


def _tanh_exp_rest(x):
    return 2 * x / (1 + mp.exp(2 * mp.exp(x))) if x < 1000 else mp.mpf(0)


def _swish(x, beta=1.0):
    return x * _sig(mp.mpf(beta) * x)


def _elish_piece(x, right):
    return x * _sig(x) if right else mp.expm1(x) * _sig(x)


def _elish_deriv(n):
    def d(x):
        if x > 1:  # the silu piece near its asymptote: via the remainder x·σ(−x)
            v = -_diff(lambda t: t * _sig(-t), x, n)
            return v + 1 if n == 1 else v
        right = x >= 0  # f″ jumps at 0: each side differentiates its own analytic piece
        return _diff(lambda t: _elish_piece(t, right), x, n)
    return d


REFERENCES = {
    "gelu": smooth(
        _gelu, _gelu_rest, cases=[{}, {"preset": "jax"}],
        extra=lambda **p: _points(-0.75179152469356446, -1.4142135623730951, 1.4142135623730951,
                                  -0.75246142207101626, -1.4185040087908284, 1.4185040087908284,
                                  -37.0, -38.0, -38.5, -39.0)),
    "quick_gelu": smooth(
        lambda x: _swish(x, mp.mpf("1.702")), lambda x: x * _sig(-mp.mpf("1.702") * x),
        extra=lambda **p: _points(-0.75115425544128895, -1.4097281319127307,
                                  1.4097281319127307)),
    "silu": smooth(
        _swish, lambda x: x * _sig(-x),
        extra=lambda **p: _points(-1.2784645427610738, -2.3993572805154677, 2.3993572805154677)),
    "swish": smooth(
        _swish, lambda x, beta: x * _sig(-mp.mpf(beta) * x),
        tail=lambda x, beta: mp.mpf(beta) * x > 1,
        cases=[{}, {"beta": 0.5}, {"beta": 2.0}, {"beta": 0.1}, {"beta": -1.5}, {"beta": 0.0}],
        extra=lambda beta: [] if beta == 0 else
        _points(*(c / beta for c in (-1.2784645427610738, -2.3993572805154677,
                                     2.3993572805154677, -714.0, -740.0)))),
    "hardswish": Ref(
        f=lambda x: mp.mpf(0) if x <= -3 else (x if x >= 3 else x * (x + 3) / 6),
        extra=lambda **p: [*_points(-3.0, 3.0, -1.5, tails=False),
                           *(np.nextafter(c, d) for c in (-3.0, 3.0, -1.5)
                             for d in (-np.inf, np.inf))]),
    "mish": smooth(
        lambda x: x * mp.tanh(_softplus(x)),
        lambda x: 2 * x / (1 + (1 + mp.exp(x)) ** 2),  # x(1 − tanh s), e^s = 1 + eˣ
        extra=lambda **p: _points(-1.1924312145154952, -2.2563763963607931, 1.4905711794854285)),
    "serf": smooth(
        lambda x: x * _erf(_softplus(x)), lambda x: x * _erfc(_softplus(x)),
        extra=lambda **p: _points(-1.193059968928188, -2.2564974802739742, 1.0960460404526292,
                                  26.6, 26.65, 26.7)),
    "tanh_exp": smooth(
        _tanh_exp, _tanh_exp_rest,
        extra=lambda **p: _points(-1.0788600584646241, -2.0659718961567498, 0.69656396039517238,
                                  5.87, 5.88, 5.89, 6.5)),
    "logish": smooth(
        lambda x: x * mp.log1p(_sig(x)),
        lambda x: -x * mp.log1p(-_sig(-x) / 2),  # x·ln 2 − x·ln(1 + σ(x))
        slope=lambda **p: mp.log(2),
        extra=lambda **p: _points(-1.3724541370256921, -2.5334480688920654, 2.3167585149953631,
                                  -0.34657359027997264)),
    "elish": Ref(
        f=lambda x: _elish_piece(x, x >= 0), d1=_elish_deriv(1), d2=_elish_deriv(2),
        extra=lambda **p: _points(-0.88137358701954303, -1.7175297959782471, 2.3993572805154677,
                                  0.0)),
}
