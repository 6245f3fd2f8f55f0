"""Tanh-shaped activations (family "tanh"): odd, zero-centred squashing functions and kin.

Derivatives of tanh-based forms go through the logistic helpers, tanh′(u) = 4σ′(2u) and
tanh″(u) = 8σ″(2u): one exp(−2|u|), full relative accuracy in the tails (1 − tanh² is 0 there).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from ._util import as64, by_sign, zeros
from .registry import Param, define
from .sigmoids import box, logistic_d1, logistic_d2

inf = math.inf


def _scaled(fn, scale):
    """``fn`` (a logistic derivative) at 2u times ``scale``: tanh′ is _scaled(σ′, 4)(u)."""
    def g(u):
        out = fn(2.0 * u)
        out *= scale
        return out
    return g


_tanh_d1 = _scaled(logistic_d1, 4.0)
_tanh_d2 = _scaled(logistic_d2, 8.0)

define(
    name="tanh", family="tanh",
    f=np.tanh, d1=_tanh_d1, d2=_tanh_d2,
    formula="f(x) = tanh x", latex=r"f(x) = \tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    derivative="f′(x) = 1 − tanh²x = 4e/(1 + e)², e = e^(−2|x|)",
    summary="Hyperbolic tangent: the zero-centred sigmoid, onto (−1, 1).",
    range=(-1.0, 1.0),
    reference="LeCun et al., Efficient BackProp (tanh units)", year=1998,
    frameworks={"torch": "torch.nn.Tanh", "jax": "jax.nn.tanh",
                "keras": "keras.activations.tanh", "tf": "tf.math.tanh"},
    native32=True,
)

define(
    name="hardtanh", family="tanh",
    f=lambda x, min_val, max_val: np.clip(x, min_val, max_val),
    d1=lambda x, min_val, max_val: box(x, min_val, max_val, 1.0),
    d2=lambda x, min_val, max_val: zeros(x),
    formula="f(x) = clip(x, min_val, max_val)",
    latex=r"f(x) = \min(\max(x, x_{\min}), x_{\max})",
    derivative="f′(x) = 1 if min_val < x < max_val else 0",
    summary="Piecewise-linear tanh: the identity clipped to [min_val, max_val].",
    params=(
        Param("min_val", -1.0, "lower clip value"),
        Param("max_val", 1.0, "upper clip value"),
    ),
    validate=lambda min_val, max_val: None if min_val < max_val else
    f"min_val must be less than max_val (got {min_val!r} and {max_val!r})",
    range=lambda min_val, max_val: (min_val, max_val),
    kinks=lambda min_val, max_val: (min_val, max_val), continuity=0, native32=True,
    kink_convention="f′(min_val) = f′(max_val) = 0 (PyTorch); 1 under JAX, whose hard_tanh "
                    "takes the identity branch at ±1; f″ = 0",
    reference="Collobert, Large Scale Machine Learning (PhD thesis)", year=2004,
    frameworks={"torch": "torch.nn.Hardtanh", "jax": "jax.nn.hard_tanh",
                "keras": "keras.activations.hard_tanh"},
    grad_at={"jax": lambda min_val, max_val: [(min_val, 1.0), (max_val, 1.0)]},
)


# x − tanh x cancels near 0. Lambert's continued fraction tanh x = x/(1 + x²/(3 + x²/(5 + ...)))
# stopped at 19 gives x − tanh x = x³/(K + x²) with K = 3 + x²/(5 + ... x²/19), 2e-19 relative
# truncation error for |x| ≤ 1; as one rational function of s = x² it has positive coefficients:
_SHRINK_P = (1430.0, 289575.0, 16081065.0, 218243025.0)  # x·s·(s⁴ + ...)/(s⁵ + ...)
_SHRINK_Q = (1485.0, 315315.0, 18918900.0, 310134825.0, 654729075.0)


def _tanhshrink(x):
    s = x * x
    np.minimum(s, 1.0, out=s)  # the rational is used for |x| < 1 only; keep it finite elsewhere
    n = s + _SHRINK_P[0]
    for coef in _SHRINK_P[1:]:
        n *= s
        n += coef
    d = s + _SHRINK_Q[0]
    for coef in _SHRINK_Q[1:]:
        d *= s
        d += coef
    n *= s
    n *= np.clip(x, -1.0, 1.0)
    n /= d
    small = np.less(np.abs(x), 1.0)
    out = np.tanh(x)
    np.subtract(x, out, out=out)
    out *= ~small  # an exact select without np.where (which costs about four exps)
    n *= small
    out += n
    return out


def _tanhshrink_d1(x):
    out = np.tanh(x)
    return np.multiply(out, out, out=out)


define(
    name="tanhshrink", family="tanh",
    f=_tanhshrink, d1=_tanhshrink_d1, d2=lambda x: np.negative(_tanh_d2(x)),
    formula="f(x) = x − tanh x", latex=r"f(x) = x - \tanh x", derivative="f′(x) = tanh²x",
    summary="x minus its tanh: near-cubic at 0, x ∓ 1 in the tails.",
    reference="Collobert, Kavukcuoglu & Farabet, Torch7: A Matlab-like Environment for "
              "Machine Learning (nn.TanhShrink)", year=2011,
    frameworks={"torch": "torch.nn.Tanhshrink", "keras": "keras.activations.tanh_shrink"},
    native32=True,
)


def _softsign(x):
    xc = np.clip(x, -2.0**60, 2.0**60)  # x/(1 + |x|) is ±1 there already; avoids inf/inf
    d = np.abs(xc)
    d += 1.0
    return np.divide(xc, d, out=d)


def _softsign_r(x):
    r = np.abs(x)
    r += 1.0
    return np.divide(1.0, r, out=r)


def _softsign_d1(x):
    r = _softsign_r(x)
    return np.multiply(r, r, out=r)  # (1/(1+|x|))², not 1/(1+|x|)², which overflows early


def _softsign_d2(x):
    r = _softsign_r(x)
    out = r * r
    out *= r
    out *= np.sign(x)
    out *= -2.0
    return out


define(
    name="softsign", family="tanh",
    f=_softsign, d1=_softsign_d1, d2=_softsign_d2,
    formula="f(x) = x/(1 + |x|)", latex=r"f(x) = \frac{x}{1 + |x|}",
    derivative="f′(x) = 1/(1 + |x|)²",
    summary="Rational sigmoid with polynomial tails, onto (−1, 1).",
    range=(-1.0, 1.0), continuity=1, native32=True,
    kink_convention="f″ jumps from 2 to −2 at 0; f″(0) = 0, their mean (keeps f″ odd)",
    reference="Bergstra et al., Quadratic polynomials learn better image features", year=2009,
    frameworks={"torch": "torch.nn.Softsign", "jax": "jax.nn.soft_sign",
                "keras": "keras.activations.softsign", "tf": "tf.nn.softsign"},
)

# LeCun's scaled tanh, 1.7159·tanh(2x/3), has f(±1) = ±1 (Sheehan's page misprints 1.7519).
_LECUN_A, _LECUN_K = 1.7159, 2.0 / 3.0
_lecun_d1 = _scaled(logistic_d1, 4.0 * _LECUN_A * _LECUN_K)
_lecun_d2 = _scaled(logistic_d2, 8.0 * _LECUN_A * _LECUN_K**2)

define(
    name="lecun_tanh", family="tanh",
    f=lambda x: np.multiply(np.tanh(x * _LECUN_K), _LECUN_A),
    d1=lambda x: _lecun_d1(x * _LECUN_K), d2=lambda x: _lecun_d2(x * _LECUN_K),
    formula="f(x) = 1.7159·tanh(2x/3)", latex=r"f(x) = 1.7159 \tanh\left(\tfrac{2}{3}x\right)",
    derivative="f′(x) = 1.7159·(2/3)·(1 − tanh²(2x/3))",
    summary="LeCun's scaled tanh with f(±1) = ±1 (1.7159; a well-known page misprints 1.7519).",
    range=(-1.7159, 1.7159),
    reference="LeCun, Bottou, Orr & Müller, Efficient BackProp", year=1998,
    native32=True,
)

define(
    name="symmetrical_sigmoid", family="tanh",
    f=lambda x: np.tanh(x * 0.5),
    d1=lambda x: np.multiply(logistic_d1(x), 2.0), d2=lambda x: np.multiply(logistic_d2(x), 2.0),
    formula="f(x) = tanh(x/2) = 2σ(x) − 1", latex=r"f(x) = \tanh\frac{x}{2} = 2\sigma(x) - 1",
    derivative="f′(x) = 2σ′(x) = ½(1 − tanh²(x/2))",
    summary="The logistic function rescaled onto (−1, 1).",
    range=(-1.0, 1.0),
    reference="D. Sheehan, Visualising Activation Functions in Neural Networks", year=2017,
    native32=True,
)


def _penalty(x, a):
    """1 for x > 0, a for x ≤ 0 (NaN gives 0, and the NaN factor beside it wins): two exclusive
    masks, as np.where with a scalar costs about four exps per element."""
    out = np.less_equal(x, 0).astype(x.dtype)
    out *= a
    out += np.greater(x, 0)
    return out


def _penalized_tanh(x, a):
    t = np.tanh(x)
    out = np.minimum(t, 0.0)  # tanh x has the sign of x: max(t, 0) + a·min(t, 0), exactly
    out *= a
    out += np.maximum(t, 0.0)
    return out


define(
    name="penalized_tanh", family="tanh",
    f=_penalized_tanh,
    d1=lambda x, a: np.multiply(_tanh_d1(x), _penalty(x, a)),
    d2=lambda x, a: np.multiply(_tanh_d2(x), _penalty(x, a)),
    formula="f(x) = tanh x (x > 0); a·tanh x (x ≤ 0)",
    latex=r"f(x) = \begin{cases} \tanh x & x > 0 \\ a \tanh x & x \le 0 \end{cases}",
    derivative="f′(x) = 1 − tanh²x (x > 0); a·(1 − tanh²x) (x ≤ 0)",
    summary="tanh with the negative half scaled down by a.",
    params=(Param("a", 0.25, "scale of the negative half", symbol="a",
                  check=lambda v: v >= 0, allowed="≥ 0"),),
    range=lambda a: (-a, 1.0), kinks=lambda a: () if a == 1.0 else (0.0,), continuity=0,
    kink_convention="f′(0) = a (the x ≤ 0 piece, as autodiff of where(x > 0, …) gives); "
                    "f″(0) = 0 on both sides",
    reference="Xu, Huang & Li, Revise Saturated Activation Functions", year=2016,
    native32=True,
)


def _isru(x, alpha):
    lim = 2.0**40 / math.sqrt(alpha)  # beyond, αx² > 2^80 and f = ±1/√α to the last bit
    xc = np.clip(x, -lim, lim)
    q = xc * alpha
    q *= xc
    q += 1.0
    np.sqrt(q, out=q)
    return np.divide(xc, q, out=q)


def _isru_q(x, alpha):
    """(x clipped to ±1e300, 1/(1 + αx²)): αx² may overflow to inf, giving the right 0."""
    xc = np.clip(x, -1e300, 1e300)
    q = xc * alpha
    q *= xc
    q += 1.0
    return xc, np.divide(1.0, q, out=q)


def _isru_d1(x, alpha):
    _, q = _isru_q(x, alpha)
    return np.multiply(q, np.sqrt(q), out=q)  # q·√q, not 1/(1+αx²)^1.5 (overflows early)


def _isru_d2(x, alpha):
    xc, q = _isru_q(x, alpha)
    out = xc * q  # x·q first: bounded by 1/(2√α), so α·x·q cannot overflow
    out *= -3.0 * alpha
    out *= q
    out *= np.sqrt(q)
    return out


define(
    name="isru", family="tanh",
    f=_isru, d1=_isru_d1, d2=_isru_d2,
    formula="f(x) = x/√(1 + αx²)", latex=r"f(x) = \frac{x}{\sqrt{1 + \alpha x^{2}}}",
    derivative="f′(x) = (1 + αx²)^(−3/2)",
    summary="Inverse square root unit: an algebraic sigmoid onto (−1/√α, 1/√α).",
    params=(Param("alpha", 1.0, "α", symbol="α", check=lambda v: v > 0, allowed="> 0"),),
    range=lambda alpha: (-1.0 / math.sqrt(alpha), 1.0 / math.sqrt(alpha)),
    reference="Carlile et al., Improving Deep Learning by Inverse Square Root Linear Units "
              "(ISRLUs)", year=2017,
)


def _sqnl(x):
    xc = np.clip(x, -2.0, 2.0)
    out = np.abs(xc)
    out *= -0.25
    out += 1.0
    return np.multiply(out, xc, out=out)  # x·(1 − |x|/4): the factor lies in [½, 1]


def _sqnl_d1(x):
    out = np.abs(np.clip(x, -2.0, 2.0))
    out *= -0.5
    out += 1.0
    return out


define(
    name="sqnl", family="tanh",
    f=_sqnl, d1=_sqnl_d1,
    d2=lambda x: np.multiply(np.sign(x), np.abs(x) <= 2.0) * -0.5,
    formula="f(x) = x − sign(x)·x²/4 (|x| ≤ 2); sign(x) (|x| > 2)",
    latex=r"f(x) = \begin{cases} \operatorname{sign}(x) & |x| > 2 \\ "
          r"x - \operatorname{sign}(x)\,x^{2}/4 & |x| \le 2 \end{cases}",
    derivative="f′(x) = 1 − |x|/2 (|x| ≤ 2); 0 (|x| > 2)",
    summary="Square non-linearity: a piecewise-quadratic sigmoid onto [−1, 1].",
    range=(-1.0, 1.0), continuity=1, native32=True,
    kink_convention="f′ is continuous; f″ jumps at 0 (½ to −½) and at ±2 (∓½ to 0): "
                    "f″(0) = 0 (the mean, keeps f″ odd) and f″(±2) = ∓½ (the quadratic "
                    "pieces, closed at ±2)",
    reference="Wuraola & Patel, SQNL: A New Computationally Efficient Activation Function",
    year=2018,
)


# --------------------------------------------------------------------------- smht
# With y = |x|, λ = a+b, κ = c+d, U = e^{−λy}, u = 1 − U (expm1), V = e^{−κy}, v = 1 − V, and
# F = e^{ry} where r = a−c for x ≥ 0 and b−d for x < 0 (for x < 0, f(x) = −f(|x|) with
# (a, b, c, d) → (b, a, d, c)), nothing overflows:
#   f = sign(x)·F·u/(1+V),   f′ = F·(r·u + λ·U + κ·u·V/(1+V))/(1+V)   (f′/f summed: its terms
#   only cancel where f′ has a root),   f″ = ±F·N2/(1+V)³,
# N2 being the sympy-expanded quotient rule, a polynomial in U and V. Each point evaluates it in
# the variables of its nearest corner of [0, 1]², X = min(U, u) and Y = min(V, v), with the
# coefficients re-expanded in exact rational arithmetic: so the tanh-like cancellations of the
# (U, V) form near 0, and those of the (u, v) form in the tails, never happen.
_MONOMIALS = ((0, 0), (1, 0), (0, 1), (1, 1), (0, 2), (1, 2))  # powers of (X, Y)


def _flip(power, flip):
    """W^power as [(power of 1 − W, coefficient)] if ``flip``, else itself."""
    if not flip:
        return [(power, 1)]
    return [(k, math.comb(power, k) * (-1) ** k) for k in range(power + 1)]


@functools.lru_cache(maxsize=64)
def _smht_table(a, b, c, d):
    """N2's coefficients, [row, monomial] with row = 4·(x < 0) + 2·(U > ½) + (V > ½)."""
    table = np.zeros((8, len(_MONOMIALS)))
    for side, (p, q, r, s) in enumerate(((a, b, c, d), (b, a, d, c))):
        p, q, r, s = (Fraction(t) for t in (p, q, r, s))
        n2 = {(0, 0): (p - r) ** 2, (1, 0): -(q + r) ** 2,
              (0, 1): 2 * p * p - 2 * p * r + 2 * p * s - r * r - 4 * r * s - s * s,
              (1, 1): -2 * q * q - 2 * q * r + 2 * q * s + r * r + 4 * r * s + s * s,
              (0, 2): (p + s) ** 2, (1, 2): -(q - s) ** 2}
        for corner in range(4):
            coefs = dict.fromkeys(_MONOMIALS, Fraction(0))
            for (i, j), coef in n2.items():
                for ki, ci in _flip(i, corner >> 1):
                    for kj, cj in _flip(j, corner & 1):
                        coefs[ki, kj] += coef * ci * cj
            sign = -1 if side else 1  # f″ is odd under the swap
            table[4 * side + corner] = [sign * float(coefs[m]) for m in _MONOMIALS]
    return table


def _smht_parts(x, a, b, c, d, order):
    # float32 input (computed in float64, rounded once): f′ takes u = 1 − U, whose absolute
    # error (2e-16) is far below f′'s float32 allowance (f′ ≥ F·λ·U/(1 + V) away from its
    # roots, and an absolute allowance at them), and so saves the expm1
    cheap_u = order == 1 and x.dtype == np.float32
    x = as64(x)
    y = np.clip(x, -1e300, 1e300)  # inf → finite, so a zero rate times y gives 0
    rate = by_sign(y, b - d, a - c)  # r (b − d at −0 too: y = 0 there)
    np.abs(y, out=y)
    F = rate * y
    np.exp(F, out=F)
    e1, e2 = y * -(a + b), y * -(c + d)
    V = np.exp(e2)
    V1 = V + 1.0
    if cheap_u:
        U = np.exp(e1, out=e1)
        u = np.subtract(1.0, U)
    else:
        u = np.expm1(e1)
        np.negative(u, out=u)
    if order == 0:
        F *= u
        F /= V1
        return np.copysign(F, x, out=F)
    if not cheap_u:
        U = np.exp(e1, out=e1)
    if order == 1:
        rate *= u
        U *= a + b
        rate += U
        V /= V1
        V *= u
        V *= c + d
        rate += V
        rate *= F
        return np.divide(rate, V1, out=rate)
    v = np.expm1(e2, out=e2)
    np.negative(v, out=v)
    row = np.less(x, 0).view(np.int8) << 2  # int8: an eighth of the memory traffic of an intp index
    row |= np.greater(U, 0.5).view(np.int8) << 1
    row |= np.greater(V, 0.5).view(np.int8)
    X, Y = np.minimum(U, u, out=U), np.minimum(V, v, out=v)  # u < U exactly when U > ½
    XY = X * Y
    table = _smht_table(a, b, c, d)
    n = np.take(table[:, 0], row)
    term = np.empty_like(n)
    for m, monomial in enumerate((X, Y, XY, Y * Y, XY * Y), start=1):
        np.take(table[:, m], row, out=term)
        term *= monomial
        n += term
    n *= F
    for _ in range(3):
        n /= V1
    return n


@functools.lru_cache(maxsize=64)
def _smht_range(a, b, c, d):
    """Closure of the output range: the limits at ±inf and f at the roots of f′ (bisected)."""
    with np.errstate(all="ignore"):
        values = list(_smht_parts(np.array([-inf, 0.0, inf]), a, b, c, d, 0))
        rates = [r for r in (a, b, c, d, abs(a - c), abs(d - b)) if r > 0]
        if rates:
            g = np.geomspace(1e-3 / max(rates), 1e3 / min(rates), 4000)
            xs = np.concatenate([-g[::-1], g])
            sign = np.sign(_smht_parts(xs, a, b, c, d, 1))
            i = np.flatnonzero(sign[:-1] * sign[1:] < 0)
            lo, hi, s_lo = xs[i], xs[i + 1], sign[i]
            for _ in range(80):
                mid = 0.5 * (lo + hi)
                same = np.sign(_smht_parts(mid, a, b, c, d, 1)) == s_lo
                lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
            values += list(_smht_parts(np.concatenate([lo, xs[sign == 0]]), a, b, c, d, 0))
    return float(min(values)), float(max(values))


_SMHT_PARAMS = tuple(  # capped so that the squared coefficients stay finite floats
    Param(n, v, doc, symbol=n, check=lambda t: 0 <= t <= 1e100, allowed="between 0 and 1e100")
    for n, v, doc in (
        ("a", 1.0, "growth rate of the numerator's e^(ax)"),
        ("b", 0.5, "decay rate of the numerator's e^(−bx)"),
        ("c", 1.0, "growth rate of the denominator's e^(cx)"),
        ("d", 1.0, "decay rate of the denominator's e^(−dx)"),
    ))

define(
    name="smht", family="tanh",
    f=lambda x, a, b, c, d: _smht_parts(x, a, b, c, d, 0),
    d1=lambda x, a, b, c, d: _smht_parts(x, a, b, c, d, 1),
    d2=lambda x, a, b, c, d: _smht_parts(x, a, b, c, d, 2),
    formula="f(x) = (e^(ax) − e^(−bx))/(e^(cx) + e^(−dx))",
    latex=r"f(x) = \frac{e^{ax} - e^{-bx}}{e^{cx} + e^{-dx}}",
    derivative="f′(x) = (a·e^(ax) + b·e^(−bx))/(e^(cx) + e^(−dx)) "
               "− f(x)·(c·e^(cx) − d·e^(−dx))/(e^(cx) + e^(−dx))",
    summary="Soboleva's modified tanh (tanh at a = b = c = d = 1); actfn's default (1, ½, 1, 1) "
            "keeps tanh's right tail and lets the left one decay to 0.",
    params=_SMHT_PARAMS,
    range=_smht_range, monotonic=False,
    native32=True,  # float32 reaches _smht_parts, which computes in float64 (cheaper f′)
    reference="Soboleva & Beskorovainyi, The utility function in problems of structural "
              "optimization of distributed objects", year=2008,
)


def _arctan_parts(x):
    """(t, r, q) with m = max(|x|, 1), r = 1/m, t = x/m, q = r/(r² + t²): f′ = r·q and
    f″ = −2t·r·q², exact forms of 1/(1+x²) and −2x/(1+x²)² in which nothing overflows and
    nothing underflows early (±inf is clipped to the largest finite value, where both are 0)."""
    big = np.finfo(x.dtype).max
    xc = np.clip(x, -big, big)
    r = np.abs(xc)
    np.maximum(r, 1.0, out=r)
    np.divide(1.0, r, out=r)
    t = xc * r
    q = r * r
    q += t * t
    np.divide(r, q, out=q)
    return t, r, q


def _arctan_d1(x):
    _, r, q = _arctan_parts(x)
    return np.multiply(r, q, out=q)


def _arctan_d2(x):
    t, r, q = _arctan_parts(x)
    t *= r
    t *= q
    t *= q
    t *= -2.0
    return t


define(
    name="arctan", family="tanh",
    f=np.arctan, d1=_arctan_d1, d2=_arctan_d2,
    formula="f(x) = arctan x", latex=r"f(x) = \arctan x", derivative="f′(x) = 1/(1 + x²)",
    summary="Inverse tangent: a sigmoid onto (−π/2, π/2) with algebraic tails.",
    range=(-math.pi / 2, math.pi / 2),
    reference="D. Sheehan, Visualising Activation Functions in Neural Networks", year=2017,
    native32=True,
)
