"""Exponential, smooth-rectifier and radial activations.

exponential and softexponential; the algebraic rectifiers bent identity and squareplus; the
gaussian bump. (The periodic family lives in :mod:`.trig`.)
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ._util import as64, select
from .registry import Param, define

inf = math.inf


# --------------------------------------------------------------------------- exponential
define(
    name="exponential", family="exponential",
    f=lambda x: np.exp(x), d1=lambda x: np.exp(x), d2=lambda x: np.exp(x),
    formula="f(x) = eˣ", latex=r"f(x) = e^{x}", derivative="f′(x) = eˣ",
    summary="The exponential function (Keras 'exponential').",
    range=(0.0, inf), native32=True,  # np.exp in float32 is within 2.5 ulp
    reference="Keras 3, keras.activations.exponential",
    frameworks={"keras": "keras.activations.exponential"},
)


def _softexp_boundary(alpha: float) -> tuple[float, float]:
    """x₀ = 1/α − α (α < 0), where 1 − α(x + α) = |α|(x − x₀) vanishes, as hi + lo."""
    x0 = 1 / Fraction(alpha) - Fraction(alpha)
    hi = float(x0)
    return hi, float(x0 - Fraction(hi))


def _softexp_dist(x: np.ndarray, alpha: float) -> np.ndarray:
    """x − x₀: exact near x₀ (Sterbenz), so the domain test and f′ = 1/(|α|(x − x₀)) are right."""
    hi, lo = _softexp_boundary(alpha)
    d = np.subtract(x, hi)
    d -= lo
    return d


def _softexp(x, alpha):
    if alpha == 0:
        return x.copy()
    x = as64(x)
    if alpha > 0:  # (e^{αx} − 1)/α + α = e^{αx}/α + c, c = α − 1/α
        ax = np.multiply(x, alpha)
        c = float(Fraction(alpha) - 1 / Fraction(alpha))
        if alpha >= 1:  # c ≥ 0: a sum of positive terms
            r = np.exp(ax)
            r /= alpha
            r += c
            if alpha > 1:  # e^{αx}/α is finite a little beyond where e^{αx} overflows
                big = ax > 709.0
                if big.any():
                    r[big] = np.exp(ax[big] - math.log(alpha)) + c
            return r
        # c < 0: the expm1 form loses |expm1(αx)| + α², the exp form e^{αx} + 1 − α² (in
        # units of ε/α); the first is smaller where e^{αx} > α²
        r = np.expm1(ax)
        r /= alpha
        r += alpha
        low = ax < 2 * math.log(alpha)
        if low.any():
            r[low] = np.exp(ax[low]) / alpha + c
        return r
    a = -alpha  # α < 0: ln(1 + u)/|α| with u = |α|(x + α) > −1
    u = np.add(x, alpha)
    u *= a
    r = np.log1p(u)
    m = _softexp_dist(x, alpha)
    m *= a  # 1 + u, exact near the boundary where log1p(u) would lose it
    near = m < 0.5  # also the region outside the domain, where log gives NaN
    if near.any():
        r[near] = np.log(m[near])
    if a > 1:  # u overflows for huge x although log(1 + u) does not
        big = np.isinf(u) & (x < inf)
        if big.any():
            r[big] = math.log(a) + np.log(x[big] + alpha)
    r /= a
    return r


def _softexp_d1(x, alpha):
    if alpha == 0:
        return np.where(np.isnan(x), x, 1.0)
    x = as64(x)
    if alpha > 0:
        return np.exp(np.multiply(x, alpha))
    d = _softexp_dist(x, alpha)
    r = np.divide(1 / -alpha, d)  # 1/(1 + u) without forming 1 + u, which can overflow
    r[d < 0] = np.nan
    return r


def _softexp_d2(x, alpha):
    if alpha == 0:
        return np.where(np.isnan(x), x, 0.0)
    x = as64(x)
    if alpha > 0:
        ax = np.multiply(x, alpha)
        r = np.exp(ax)
        r *= alpha
        if alpha < 1:  # α·e^{αx} is finite a little beyond where e^{αx} overflows
            big = ax > 709.0
            if big.any():
                r[big] = np.exp(ax[big] + math.log(alpha))
        return r
    r = _softexp_d1(x, alpha)
    r *= r
    r *= alpha
    return r


define(
    name="softexponential", family="exponential",
    f=_softexp, d1=_softexp_d1, d2=_softexp_d2,
    formula="f(x) = −ln(1 − α(x + α))/α (α < 0); x (α = 0); (e^{αx} − 1)/α + α (α > 0)",
    latex=r"f(x) = \begin{cases} -\ln(1 - \alpha(x + \alpha))/\alpha & \alpha < 0 \\ x & "
          r"\alpha = 0 \\ (e^{\alpha x} - 1)/\alpha + \alpha & \alpha > 0 \end{cases}",
    derivative="f′(x) = 1/(1 − α(x + α)) (α < 0); e^{αx} (α ≥ 0)",
    summary="Soft exponential: interpolates logarithm (α < 0), identity and exponential (α > 0).",
    params=(Param("alpha", 0.0, "interpolation: < 0 logarithmic, 0 identity, > 0 exponential",
                  symbol="α"),),
    range=lambda alpha: (alpha - 1 / alpha, inf) if alpha > 0 else (-inf, inf),
    kink_convention="smooth where defined; for α < 0 the domain is x > 1/α − α: f = −∞ "
                    "(f′ = +∞) at that boundary and f, f′, f″ are NaN below it",
    reference="Godfrey & Gashler, A continuum among logarithmic, linear, and exponential "
              "functions, and its potential to improve generalization in neural networks",
    year=2015, native32=True,  # α = 0 is a float32 copy; other α are computed in float64
)


# --------------------------------------------------------------------------- smooth rectifiers
def _bent_root(x):
    """(x clipped to ±C, √(x_c² + 1)): beyond C the root is |x| to the last bit."""
    c = 1e150 if x.dtype == np.float64 else 1e18
    xc = np.clip(x, -c, c)
    s = np.multiply(xc, xc)
    s += 1.0
    return xc, np.sqrt(s, out=s)


def _bent(x):  # x·(1 + x/(2(√(x²+1) + 1))): no cancellation, ±inf stays ±inf
    xc, s = _bent_root(x)
    s += 1.0
    np.divide(xc, s, out=s)
    s *= 0.5
    s += 1.0
    s *= x
    return s


def _bent_d1(x):
    xc, s = _bent_root(x)
    np.divide(xc, s, out=s)
    s *= 0.5
    s += 1.0
    return s


def _bent_d2(x):  # ½(x² + 1)^{−3/2} as (½/(x² + 1))/√(x² + 1): underflows gradually
    x = as64(x)
    xc = np.clip(x, -1e150, 1e150)
    u = np.multiply(xc, xc)
    u += 1.0
    r = np.divide(0.5, u)
    np.sqrt(u, out=u)
    r /= u
    return r


define(
    name="bent_identity", family="smooth rectifier",
    f=_bent, d1=_bent_d1, d2=_bent_d2,
    formula="f(x) = (√(x² + 1) − 1)/2 + x",
    latex=r"f(x) = \frac{\sqrt{x^2 + 1} - 1}{2} + x",
    derivative="f′(x) = x/(2√(x² + 1)) + 1",
    summary="Bent identity: a smooth curve from slope ½ (x → −∞) to slope 3/2 (x → +∞).",
    native32=True,
    reference="Wikipedia, Activation function; D. Sheehan, Visualising Activation Functions",
)


def _sqp_root(x, b):
    """√(x² + b), with np.hypot where x² + b overflows."""
    s = np.multiply(x, x)
    s += b
    np.sqrt(s, out=s)
    if not s.max(initial=0.0) < inf:  # (also when a NaN is present)
        bad = np.isinf(s)
        s[bad] = np.hypot(x[bad], math.sqrt(b))
    return s


def _sqp_work(x, b):
    """float32 input is computed in float32 unless b leaves the float32 range."""
    return x if x.dtype == np.float64 or 1e-30 < b < 1e30 else x.astype(np.float64)


def _sqp_parts(x, b):
    """(D, s) with D = (√(x² + b) + |x|)/2, so f = D for x ≥ 0 and f = (b/4)/D for x < 0."""
    s = _sqp_root(x, b) if b > 2.0**-900 else np.hypot(x, math.sqrt(b))
    d = np.abs(x)
    d *= 0.5
    d += s * 0.5  # halves first: D stays finite up to the largest x
    return d, s


def _squareplus(x, b):
    if b == 0:
        return np.maximum(x, 0.0)
    x = _sqp_work(x, b)
    d, _ = _sqp_parts(x, b)
    return select(x >= 0, d, (0.25 * b) / d)


def _squareplus_d1(x, b):
    """f′(x) = (1 + x/s)/2 = q for x < 0 and 1 − q for x ≥ 0, q = f(−|x|)/s ≤ ½."""
    if b == 0:
        return np.where(x > 0, 1.0, np.where(x < 0, 0.0, np.where(np.isnan(x), x, 0.5)))
    x = _sqp_work(x, b)
    d, s = _sqp_parts(x, b)
    q = np.divide(0.25 * b, d)
    q /= s
    return select(x >= 0, 1.0 - q, q)


def _squareplus_d2(x, b):  # b/(2s³) = ½(√b/s)²/s
    if b == 0:
        return np.where(np.isnan(x), x, 0.0)
    x = as64(x)
    s = _sqp_root(x, b) if b > 2.0**-900 else np.hypot(x, math.sqrt(b))
    t = np.divide(math.sqrt(b), s)
    t *= t
    t /= s
    t *= 0.5
    return t


define(
    name="squareplus", family="smooth rectifier",
    f=_squareplus, d1=_squareplus_d1, d2=_squareplus_d2,
    formula="f(x) = (x + √(x² + b))/2", latex=r"f(x) = \frac{x + \sqrt{x^2 + b}}{2}",
    derivative="f′(x) = (1 + x/√(x² + b))/2",
    summary="Squareplus: an algebraic softplus; b = 0 gives relu.",
    params=(Param("b", 4.0, "smoothness: the curvature region has width ~√b", symbol="b",
                  check=lambda b: b >= 0, allowed="≥ 0"),),
    range=(0.0, inf), kinks=lambda b: (0.0,) if b == 0 else (),
    kink_convention="smooth for b > 0 (f′(0) = ½ for every b); b = 0 is relu with "
                    "f′(0) = ½ (the b → 0 limit; JAX's autodiff gives NaN there) and f″ = 0",
    reference="Barron, Squareplus: A Softplus-Like Algebraic Rectifier (arXiv:2112.11687)",
    year=2021, native32=True,
    frameworks={"jax": "jax.nn.squareplus", "keras": "keras.activations.squareplus"},
)


# --------------------------------------------------------------------------- radial
def _gauss_parts(x):
    """(x_c, factors) with e^{−x²} the product of the factors, taken in order.

    float64: x = hi + lo with hi of 24 bits, so hi² is exact; the factors are
    e^{−(x² − hi²)} with x² − hi² = lo·(2hi + lo), then g = e^{−hi²/2} twice: g is normal
    while the result may not be, so the one rounding into the subnormal range comes last.
    float32: x² is exact in float64 and one exponential suffices."""
    xc = np.clip(x, -40.0, 40.0)  # e^{−1600} = 0; keeps x² and the split finite
    if x.dtype == np.float32:
        xd = xc.astype(np.float64)
        q = np.multiply(xd, xd)
        np.negative(q, out=q)
        return xd, (np.exp(q, out=q),)
    hi = xc.astype(np.float32).astype(np.float64)
    e = np.subtract(xc, hi)  # lo, exact
    g = np.multiply(hi, -0.5)
    g *= hi
    np.exp(g, out=g)
    hi *= 2.0
    hi += e
    e *= hi
    np.negative(e, out=e)
    np.exp(e, out=e)
    return xc, (e, g, g)


def _gauss_times(t, factors):
    for v in factors:
        t *= v
    return t


def _gaussian(x):
    _, factors = _gauss_parts(x)
    return _gauss_times(factors[0], factors[1:])


def _gaussian_d1(x):
    xc, factors = _gauss_parts(x)
    return _gauss_times(np.multiply(xc, -2.0), factors)


def _gaussian_d2(x):
    xc, factors = _gauss_parts(x)
    t = np.multiply(xc, xc)
    t *= 4.0
    t -= 2.0
    return _gauss_times(t, factors)


define(
    name="gaussian", family="radial",
    f=_gaussian, d1=_gaussian_d1, d2=_gaussian_d2,
    formula="f(x) = e^{−x²}", latex=r"f(x) = e^{-x^2}", derivative="f′(x) = −2x·e^{−x²}",
    summary="Gaussian bump, with full relative accuracy in its tails.",
    range=(0.0, 1.0), monotonic=False, native32=True,
    reference="Wikipedia, Activation function; D. Sheehan, Visualising Activation Functions",
)

