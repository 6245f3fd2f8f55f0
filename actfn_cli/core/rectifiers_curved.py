"""Rectifiers with curved pieces: the exponential linear units (ELU, SELU, CELU), ISRLU, the
squared ReLUs (ReLU², StarReLU) and the smoothed ReLUs (SmeLU, sparse_plus).

Same conventions as :mod:`rectifiers`, whose helpers this module shares.  Here f″ jumps where
a curved piece meets a linear one; f″ there is the value of the piece the formula assigns the
point to, which is also what PyTorch's and JAX's double backward return (elu″(0) = α from the
x ≤ 0 piece, relu_squared″(0) = 2·relu′(0) = 0, sparse_plus″(±1) = 0 from JAX's outer pieces).
The schema has no field for these f″ jumps: they are stated in each ``kink_convention``.
"""

from __future__ import annotations

import math

import numpy as np

from ._util import keep_nan, zeros
from .rectifiers import _ind, _wide
from .registry import Param, define

inf = math.inf

SELU_LAMBDA = 1.0507009873554804934193349852946
# λ·α with α = 1.6732632423543772848170429916717, correctly rounded (λ*α in floats is 1 ulp low)
_SELU_LA = 1.7580993408473768599402175208123
# StarReLU: MetaFormer derives s = 1/√Var(relu(z)²) = 2/√5 and b = −E(relu(z)²)·s = −1/√5 for
# z ~ N(0, 1) and prints them as 0.8944 and −0.4472; these are the exact values, rounded.
STAR_SCALE = 0.8944271909999159
STAR_BIAS = -0.4472135954999579


# --------------------------------------------------------------------------- exponential linear
def _elu_like(x, order, k, right, inner=1.0):
    """f (order 0), f′ or f″ of the ELU family, without branches:
    f(x) = right·x for x > 0 and k·(e^{x/inner} − 1) for x ≤ 0.  ELU is (α, 1, 1), SELU
    (λα, λ, 1), CELU (α, 1, α).  The exponential piece is evaluated at min(x, 0), so it is 0
    (f) or k/innerⁿ (derivatives) for x > 0 and is masked there by an exact indicator product.
    Derivatives use k·eˣ, never f + k (that cancels, and is wrong for k < 0); at 0 they take
    the x ≤ 0 piece, as PyTorch's backward and double backward and JAX's jnp.where forms do.

    CELU with α < 0: x/α → +∞ as x → −∞, and e^{x/α} overflows before α·e^{x/α} or e^{x/α}/α
    does; entries that came out ±∞ are recomputed, in float64, as ±exp(x/α + ln|k|)."""
    x = x.astype(np.float64, copy=False) if inner < 0 else _wide(x, scale=(k, right, inner))
    u = np.minimum(x, 0.0)  # NaN propagates
    if inner != 1:
        u /= inner
    e = np.expm1(u, out=u) if order == 0 else np.exp(u, out=u)
    for _ in range(order):
        k /= inner
    e *= k
    if inner < 0:
        bad = np.isinf(e)
        if bad.any():
            e[bad] = math.copysign(1.0, k) * np.exp(np.minimum(x[bad], 0.0) / inner
                                                     + math.log(abs(k)))
    if order == 0:
        r = np.maximum(x, 0.0)
        if right != 1:
            r *= right
        e += r
    elif order == 2 or k != right:
        e *= (x <= 0)
        if order == 1:
            e += np.multiply(x > 0, x.dtype.type(right))
    return e


define(
    name="elu", family="rectifier", native32=True,
    f=lambda x, alpha: _elu_like(x, 0, alpha, 1.0),
    d1=lambda x, alpha: _elu_like(x, 1, alpha, 1.0),
    d2=lambda x, alpha: _elu_like(x, 2, alpha, 1.0),
    params=(Param("alpha", 1.0, "scale of the negative saturation", symbol="α"),),
    formula="f(x) = x if x > 0 else α(eˣ − 1)",
    latex=r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}",
    derivative="f′(x) = 1 if x > 0 else α·eˣ",
    summary="Exponential linear unit: smooth negative saturation at −α (C¹ when α = 1).",
    range=lambda alpha: (-alpha if alpha > 0 else 0.0, inf),
    kinks=lambda alpha: (0.0,) if alpha != 1 else (), continuity=1,
    kink_convention="f′(0) = α (PyTorch, JAX: the x ≤ 0 piece), a kink unless α = 1; "
                    "f″(0) = α, the same piece",
    reference="Clevert, Unterthiner & Hochreiter, Fast and Accurate Deep Network Learning by "
              "Exponential Linear Units (ELUs)", year=2015,
    frameworks={"torch": "torch.nn.ELU", "jax": "jax.nn.elu", "keras": "keras.activations.elu",
                "tf": "tf.nn.elu"},
)

define(
    name="selu", family="rectifier", native32=True,
    f=lambda x: _elu_like(x, 0, _SELU_LA, SELU_LAMBDA),
    d1=lambda x: _elu_like(x, 1, _SELU_LA, SELU_LAMBDA),
    d2=lambda x: _elu_like(x, 2, _SELU_LA, SELU_LAMBDA),
    formula="f(x) = λx if x > 0 else λα(eˣ − 1); λ ≈ 1.0507009873554805, α ≈ 1.6732632423543772",
    latex=r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}",
    derivative="f′(x) = λ if x > 0 else λα·eˣ",
    summary="Scaled ELU with the self-normalizing constants "
            "λ = 1.0507009873554804934193349852946, α = 1.6732632423543772848170429916717.",
    range=(-_SELU_LA, inf), kinks=(0.0,), continuity=0,
    kink_convention="f′(0) = λα (PyTorch, JAX: the x ≤ 0 piece); f″(0) = λα, the same piece",
    reference="Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural Networks",
    year=2017,
    frameworks={"torch": "torch.nn.SELU", "jax": "jax.nn.selu",
                "keras": "keras.activations.selu", "tf": "tf.nn.selu"},
)

define(
    name="celu", family="rectifier", native32=True,
    f=lambda x, alpha: _elu_like(x, 0, alpha, 1.0, alpha),
    d1=lambda x, alpha: _elu_like(x, 1, alpha, 1.0, alpha),
    d2=lambda x, alpha: _elu_like(x, 2, alpha, 1.0, alpha),
    params=(Param("alpha", 1.0, "scale of the negative saturation", symbol="α",
                  check=lambda v: v != 0, allowed="≠ 0"),),
    formula="f(x) = max(0, x) + min(0, α(e^{x/α} − 1))",
    latex=r"f(x) = \max(0, x) + \min\bigl(0, \alpha (e^{x/\alpha} - 1)\bigr)",
    derivative="f′(x) = 1 if x > 0 else e^{x/α}",
    summary="Continuously differentiable ELU: C¹ for every α (ELU is C¹ only at α = 1).",
    range=lambda alpha: (-alpha if alpha > 0 else -inf, inf), continuity=1,
    kink_convention="no kink: f′(0) = 1 from both sides; f″(0) = 1/α (the x ≤ 0 piece, as "
                    "PyTorch's double backward)",
    reference="Barron, Continuously Differentiable Exponential Linear Units", year=2017,
    frameworks={"torch": "torch.nn.CELU", "jax": "jax.nn.celu", "keras": "keras.activations.celu"},
)


# --------------------------------------------------------------------------- ISRLU
def _isrlu_t(x, alpha, derivative):
    """(xc, 1 + α·xc²) with xc = min(x, 0), clamped where nothing changes any more: for f at
    −2^27/√α (αx² > 2^54: f is −1/√α to double precision), for f′ and f″ at −1e125/√α
    (αx² = 1e250), where both have underflowed to 0 — this keeps t finite and −∞ out of
    x·t^(−5/2).  (α·xc)·xc cannot overflow for any α > 0.  For x > 0, xc = 0 and t = 1 give
    f′ = 1 and f″ = 0 with no branch.  Not native32: float32 sums round the limit −1/√α off."""
    xc = np.minimum(x, 0.0)  # NaN propagates
    np.maximum(xc, -(1e125 if derivative else 2.0**27) / math.sqrt(alpha), out=xc)
    t = np.multiply(xc, alpha)
    t *= xc
    t += 1.0
    return xc, t


def _isrlu(x, alpha):
    xc, t = _isrlu_t(x, alpha, False)
    np.sqrt(t, out=t)
    np.divide(xc, t, out=t)
    return np.maximum(t, x, out=t)  # x/√(1+αx²) ≥ x for x ≤ 0; 0 < x for x > 0


def _isrlu_d(x, alpha, order):
    xc, t = _isrlu_t(x, alpha, True)
    d = np.sqrt(t)
    np.divide(1.0, t, out=t)
    np.divide(t, d, out=d)  # (1/t)/√t = (1 + αx²)^(−3/2), underflowing gradually (t·√t overflows)
    if order == 2:
        t *= xc  # −3α·(x/t) first: moderate, so the one product that may underflow is last
        t *= -3.0 * alpha
        d *= t
    return d


_ISRLU_ALPHA = Param("alpha", 1.0, "curvature; f saturates at −1/√α", symbol="α",
                     check=lambda v: v > 0, allowed="> 0")

define(
    name="isrlu", family="rectifier",
    f=_isrlu, d1=lambda x, alpha: _isrlu_d(x, alpha, 1),
    d2=lambda x, alpha: _isrlu_d(x, alpha, 2), params=(_ISRLU_ALPHA,),
    formula="f(x) = x if x ≥ 0 else x/√(1 + αx²)",
    latex=r"f(x) = \begin{cases} x & x \ge 0 \\ x / \sqrt{1 + \alpha x^2} & x < 0 \end{cases}",
    derivative="f′(x) = 1 if x ≥ 0 else (1 + αx²)^(−3/2)",
    summary="Inverse square root linear unit: ELU-like saturation at −1/√α without exp.",
    range=lambda alpha: (-1.0 / math.sqrt(alpha), inf), continuity=2,
    kink_convention="no kink: f′(0) = 1 and f″(0) = 0 from both sides (f‴ jumps)",
    reference="Carlile, Delamarter, Kinney, Marti & Whitney, Improving Deep Learning by "
              "Inverse Square Root Linear Units (ISRLUs)", year=2017,
)


# --------------------------------------------------------------------------- squared
def _relu_squared(x):
    r = np.maximum(x, 0.0)
    r *= r
    return r


def _relu_squared_d1(x):
    r = np.maximum(x, 0.0)
    r *= 2.0
    return r


def _ind2(x, k):
    """k·[x > 0]: the f″ of a squared ReLU, 0 at 0 (autograd's 2·relu′(0))."""
    r = _ind(x > 0, x)
    r *= k
    return r


define(
    name="relu_squared", family="rectifier", aliases=("squared_relu",), native32=True,
    f=_relu_squared, d1=_relu_squared_d1, d2=lambda x: _ind2(x, 2.0),
    formula="f(x) = max(0, x)²", latex=r"f(x) = \max(0, x)^2",
    derivative="f′(x) = 2·max(0, x)",
    summary="Squared ReLU, found by architecture search for Transformer feed-forward layers.",
    range=(0.0, inf), continuity=1,
    kink_convention="no kink: f′(0) = 0; f″ jumps at 0 and f″(0) = 0 (autograd's 2·relu′(0))",
    reference="So, Mańke, Liu, Dai, Shazeer & Le, Primer: Searching for Efficient Transformers "
              "for Language Modeling", year=2021,
)


def _star_relu(x, scale, bias):
    if scale == 0:
        return keep_nan(x, np.full_like(x, bias))  # 0·∞ would be NaN at +∞
    r = np.maximum(_wide(x, scale=(scale, bias)), 0.0)
    y = np.multiply(r, scale)
    y *= r  # (s·r)·r overflows only where s·r² does (r·r alone would overflow first)
    y += bias
    return y


def _star_relu_d1(x, scale, bias):
    if scale == 0:
        return zeros(x)
    r = np.maximum(_wide(x, scale=(scale,)), 0.0)
    r *= 2.0 * scale
    return r


define(
    name="star_relu", family="rectifier", native32=True,
    f=_star_relu, d1=_star_relu_d1,
    d2=lambda x, scale, bias: _ind2(_wide(x, scale=(2.0 * scale,)), 2.0 * scale),
    params=(Param("scale", STAR_SCALE, "s (learned; initial value 2/√5)", symbol="s"),
            Param("bias", STAR_BIAS, "b (learned; initial value −1/√5)", symbol="b")),
    formula="f(x) = s·max(0, x)² + b;  s = 2/√5 ≈ 0.8944, b = −1/√5 ≈ −0.4472",
    latex=r"f(x) = s \max(0, x)^2 + b",
    derivative="f′(x) = 2s·max(0, x)",
    summary="Squared ReLU scaled and shifted to zero mean and unit variance for N(0, 1) input.",
    range=lambda scale, bias: ((bias, inf) if scale > 0 else (-inf, bias) if scale < 0
                               else (bias, bias)),
    continuity=1,
    kink_convention="no kink: f′(0) = 0; f″ jumps at 0 and f″(0) = 0 (autograd's 2s·relu′(0))",
    reference="Yu, Si, Zhou, Luo, Zhou, Feng, Yan & Wang, MetaFormer Baselines for Vision",
    year=2022,
)


# --------------------------------------------------------------------------- smoothed
def _smelu_x(x, beta):
    """x, in float64 unless β is a power of 2 (then the divisions by β and 2β are exact in
    float32, and only the sum and the product round)."""
    return _wide(x, exact=(beta, 2 * beta, 0.5 / beta))


def _smelu(x, beta):
    x = _smelu_x(x, beta)
    s = np.clip(x, -beta, beta)
    s += beta
    q = np.divide(s, beta)
    q *= 0.25
    q *= s  # (x+β)²/(4β) as (x+β)·((x+β)/β/4): three roundings, no overflow for any β
    return np.maximum(q, x, out=q)  # q ≥ x on [−β, β] ((q − x)·4β = (x − β)²), q = β < x beyond


def _smelu_d1(x, beta):
    x = _smelu_x(x, beta)
    d = np.add(x, beta)
    d /= 2 * beta
    return np.clip(d, 0.0, 1.0, out=d)


def _smelu_d2(x, beta):
    # 1/(2β) strictly inside, 0 at ±β: the outer pieces own ±β, as JAX's sparse_plus.
    x = _smelu_x(x, beta)
    r = _ind(np.abs(x) < beta, x)
    r *= 0.5 / beta
    return r


_SMOOTH = {"family": "rectifier", "range": (0.0, inf), "continuity": 1, "native32": True}

define(
    name="smelu", **_SMOOTH,
    f=_smelu, d1=_smelu_d1, d2=_smelu_d2,
    params=(Param("beta", 1.0, "half-width of the quadratic middle piece", symbol="β",
                  check=lambda v: v > 0, allowed="> 0"),),
    formula="f(x) = 0 if x ≤ −β; (x + β)²/(4β) if |x| < β; x if x ≥ β",
    latex=r"f(x) = \begin{cases} 0 & x \le -\beta \\ \frac{(x + \beta)^2}{4\beta} & |x| < \beta "
          r"\\ x & x \ge \beta \end{cases}",
    derivative="f′(x) = clip((x + β)/(2β), 0, 1)",
    summary="Smooth ReLU: a quadratic bridge of width 2β between 0 and x (sparse_plus is β = 1).",
    kink_convention="no kink: f′ is continuous; f″ jumps at ±β and f″(±β) = 0 (the outer "
                    "pieces, as JAX's sparse_plus)",
    reference="Shamir, Lin & Coviello, Smooth Activations and Reproducibility in Deep Networks",
    year=2020,
)

define(
    name="sparse_plus", **_SMOOTH,
    f=lambda x: _smelu(x, 1.0), d1=lambda x: _smelu_d1(x, 1.0), d2=lambda x: _smelu_d2(x, 1.0),
    formula="f(x) = 0 if x ≤ −1; (x + 1)²/4 if |x| < 1; x if x ≥ 1",
    latex=r"f(x) = \begin{cases} 0 & x \le -1 \\ \frac{(x + 1)^2}{4} & |x| < 1 "
          r"\\ x & x \ge 1 \end{cases}",
    derivative="f′(x) = clip((x + 1)/2, 0, 1)",
    summary="Sparse plus: the softplus analogue of sparsemax (SmeLU with β = 1).",
    kink_convention="no kink: f′ is continuous; f″ jumps at ±1 and f″(±1) = 0 (JAX's outer "
                    "pieces)",
    reference="Blondel, Martins & Niculae, Learning with Fenchel-Young Losses", year=2020,
    frameworks={"jax": "jax.nn.sparse_plus", "keras": "keras.activations.sparse_plus"},
)
