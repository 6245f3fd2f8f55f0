"""Rectifiers with linear pieces: ReLU, its leaky, capped, shrinking and S-shaped variants,
the step, the sign and the absolute value.  The curved rectifiers (ELU family, ISRLU, squared
and smoothed ReLUs) are in :mod:`rectifiers_curved`, which shares the helpers below.

Conventions of this family (the framework facts are in CATALOGUE.md):
- f′ at a kink is PyTorch's choice, written in each ``kink_convention``; JAX's different
  choices are in ``grad_at``.  At a jump f′ = 0, the derivative of both pieces.
- f″ is 0 on linear pieces, kinks and jumps included.
- Pieces are combined without branches (np.where, putmask and masked ufuncs run 4-5× slower
  on data of random sign): min/max/clip, and products with 0/1 indicators where every
  product is exact.  Comparisons send NaN to 0 or 1, so those results pass through
  :func:`keep_nan`.
- ``native32``: float32 input is computed in float32.  :func:`_wide` falls back to float64 for
  the parameter values where float32 arithmetic would leave the accuracy contract.
"""

from __future__ import annotations

import math

import numpy as np

from ._util import keep_nan, zeros
from .registry import Param, define

inf = math.inf
_F32 = np.finfo(np.float32)


# --------------------------------------------------------------------------- helpers
def _ind(mask, x):
    """1 where ``mask``, else 0, NaN where x is NaN; in x's dtype."""
    return keep_nan(x, mask.astype(x.dtype))


def _pick(mask, x, a, b):
    """``a`` where ``mask``, else ``b``, NaN where x is NaN; in x's dtype, without branches."""
    t = x.dtype.type
    r = mask.astype(x.dtype)
    if t(t(a) - t(b)) + t(b) == t(a):  # then 1·(a − b) + b is exactly a, and 0·(a − b) + b is b
        r *= t(a) - t(b)
        r += t(b)
    else:
        r *= t(a)
        r += np.multiply(~mask, t(b))
    return keep_nan(x, r)


def _one(x, **_):
    return keep_nan(x, np.ones_like(x))


def _wide(x, exact=(), scale=()):
    """``x``, or ``x`` in float64 when float32 arithmetic with these constants would leave the
    contract: thresholds and offsets (``exact``) must be float32 numbers; factors (``scale``) 0
    or normal float32 numbers, whose rounding then costs at most half an ulp."""
    if x.dtype == np.float64:
        return x
    ok = all(abs(c) <= _F32.max and float(np.float32(c)) == c for c in exact) and all(
        c == 0 or _F32.tiny <= abs(c) <= _F32.max for c in scale)
    return x if ok else x.astype(np.float64)


def _leaky_kinks(s):
    return (0.0,) if s != 1 else ()


# --------------------------------------------------------------------------- piecewise linear
def _relu(x):
    return np.maximum(x, 0.0)  # NaN propagates through np.maximum


def _leaky(x, s):
    if s == 0:
        return np.maximum(x, 0.0)  # s·x would make −∞ a NaN
    x = _wide(x, scale=(s,))
    y = np.multiply(x, s)
    # For s ≤ 1, x ≥ s·x exactly when x ≥ 0 (rounding is monotone); for s > 1 it is reversed.
    return np.maximum(x, y, out=y) if s <= 1 else np.minimum(x, y, out=y)


def _leaky_d1(x, s):
    x = _wide(x, scale=(s,))
    return _pick(x > 0, x, 1.0, s)


def _leaky_range(s):
    return (-inf if s > 0 else 0.0, inf)


_LEAKY = {"family": "rectifier", "d2": zeros, "continuity": 0, "native32": True}


define(
    name="identity", family="rectifier", aliases=("linear",), native32=True,
    f=lambda x: x.copy(), d1=_one, d2=zeros,
    formula="f(x) = x", latex=r"f(x) = x", derivative="f′(x) = 1",
    summary="The identity: no non-linearity (Keras 'linear').",
    reference="The linear unit of the Wikipedia 'Activation function' table",
    frameworks={"torch": "torch.nn.Identity", "keras": "keras.activations.linear"},
)

define(
    name="binary_step", family="rectifier", aliases=("heaviside", "step"), native32=True,
    f=lambda x: _ind(x >= 0, x), d1=zeros, d2=zeros,
    formula="f(x) = 1 if x ≥ 0 else 0",
    latex=r"f(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
    derivative="f′(x) = 0 (x ≠ 0)",
    summary="Heaviside step: the threshold unit of the first artificial neurons.",
    range=(0.0, 1.0), jumps=(0.0,), continuity=-1,
    kink_convention="jump at 0 with f(0) = 1; f′(0) = 0 (the derivative of both pieces)",
    reference="McCulloch & Pitts, A Logical Calculus of the Ideas Immanent in Nervous Activity",
    year=1943, frameworks={"torch": "torch.heaviside", "jax": "jax.numpy.heaviside"},
)

define(
    name="relu", family="rectifier", native32=True,
    f=_relu, d1=lambda x: _ind(x > 0, x), d2=zeros,
    formula="f(x) = max(0, x)", latex=r"f(x) = \max(0, x)",
    derivative="f′(x) = 1 if x > 0 else 0",
    summary="Rectified linear unit.",
    range=(0.0, inf), kinks=(0.0,), continuity=0,
    kink_convention="f′(0) = 0 (PyTorch, JAX)",
    reference="Nair & Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines",
    year=2010,
    frameworks={"torch": "torch.nn.ReLU", "jax": "jax.nn.relu",
                "keras": "keras.activations.relu", "tf": "tf.nn.relu"},
)

define(
    name="relu6", family="rectifier", native32=True,
    f=lambda x: np.clip(x, 0.0, 6.0), d1=lambda x: _ind((x > 0) & (x < 6), x), d2=zeros,
    formula="f(x) = min(max(0, x), 6)", latex=r"f(x) = \min(\max(0, x), 6)",
    derivative="f′(x) = 1 if 0 < x < 6 else 0",
    summary="ReLU capped at 6 (robust in low precision).",
    range=(0.0, 6.0), kinks=(0.0, 6.0), continuity=0,
    kink_convention="f′(0) = 0 and f′(6) = 0 (PyTorch, JAX)",
    reference="Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10", year=2010,
    frameworks={"torch": "torch.nn.ReLU6", "jax": "jax.nn.relu6",
                "keras": "keras.activations.relu6", "tf": "tf.nn.relu6"},
)

define(
    name="leaky_relu", **_LEAKY,
    f=lambda x, negative_slope: _leaky(x, negative_slope),
    d1=lambda x, negative_slope: _leaky_d1(x, negative_slope),
    params=(Param("negative_slope", 0.01, "slope for x < 0", symbol="s"),),
    range=lambda negative_slope: _leaky_range(negative_slope),
    kinks=lambda negative_slope: _leaky_kinks(negative_slope),
    formula="f(x) = x if x ≥ 0 else s·x",
    latex=r"f(x) = \begin{cases} x & x \ge 0 \\ s\,x & x < 0 \end{cases}",
    derivative="f′(x) = 1 if x > 0 else s",
    summary="ReLU with a small slope for negative inputs (Keras layer default s = 0.3).",
    kink_convention="f′(0) = s (PyTorch, Keras, TensorFlow); f′(0) = 1 (JAX, preset jax)",
    reference="Maas, Hannun & Ng, Rectifier Nonlinearities Improve Neural Network Acoustic "
              "Models", year=2013,
    frameworks={"torch": "torch.nn.LeakyReLU", "jax": "jax.nn.leaky_relu",
                "keras": "keras.activations.leaky_relu", "tf": "tf.nn.leaky_relu"},
    presets={"keras": {"negative_slope": 0.2}, "keras2": {"negative_slope": 0.2},
             "tf": {"negative_slope": 0.2}},
    grad_at={"jax": lambda **_: [(0.0, 1.0)]},
)

define(
    name="prelu", **_LEAKY,
    f=lambda x, weight: _leaky(x, weight), d1=lambda x, weight: _leaky_d1(x, weight),
    params=(Param("weight", 0.25, "slope for x < 0 (learned; this is its initial value)",
                  symbol="a"),),
    range=lambda weight: _leaky_range(weight), kinks=lambda weight: _leaky_kinks(weight),
    formula="f(x) = x if x ≥ 0 else a·x",
    latex=r"f(x) = \begin{cases} x & x \ge 0 \\ a\,x & x < 0 \end{cases}",
    derivative="f′(x) = 1 if x > 0 else a",
    summary="Parametric ReLU: leaky ReLU whose slope is learned (shown at its initial value).",
    kink_convention="f′(0) = a (PyTorch)",
    reference="He, Zhang, Ren & Sun, Delving Deep into Rectifiers: Surpassing Human-Level "
              "Performance on ImageNet Classification", year=2015,
    frameworks={"torch": "torch.nn.PReLU", "keras": "keras.layers.PReLU",
                "tf": "tf.keras.layers.PReLU"},
    presets={"keras": {"weight": 0.0}, "keras2": {"weight": 0.0}, "tf": {"weight": 0.0}},
)

define(
    name="rrelu", **_LEAKY,
    f=lambda x, lower, upper: _leaky(x, (lower + upper) / 2),
    d1=lambda x, lower, upper: _leaky_d1(x, (lower + upper) / 2),
    params=(Param("lower", 0.125, "lower bound of the random slope", symbol="l"),
            Param("upper", 1 / 3, "upper bound of the random slope", symbol="u")),
    range=lambda lower, upper: _leaky_range((lower + upper) / 2),
    kinks=lambda lower, upper: _leaky_kinks((lower + upper) / 2),
    validate=lambda lower, upper: (None if lower <= upper else
                                   f"lower must be ≤ upper (got lower={lower}, upper={upper})"),
    formula="f(x) = x if x ≥ 0 else ((l+u)/2)·x  (evaluation mode)",
    latex=r"f(x) = \begin{cases} x & x \ge 0 \\ \frac{l+u}{2}\,x & x < 0 \end{cases}",
    derivative="f′(x) = 1 if x > 0 else (l+u)/2",
    summary="Randomized leaky ReLU in evaluation mode (training draws the slope from U(l, u)).",
    kink_convention="f′(0) = (l+u)/2 (PyTorch)",
    reference="Xu, Wang, Chen & Li, Empirical Evaluation of Rectified Activations in "
              "Convolutional Network", year=2015,
    frameworks={"torch": "torch.nn.RReLU"},
)


def _threshold(x, threshold, value):
    x = _wide(x, exact=(threshold,), scale=(value,))
    keep = x > threshold
    y = np.maximum(x, threshold)  # NaN propagates; y·0 below is then finite
    y *= keep
    if value != 0:
        y += np.multiply(~keep, x.dtype.type(value))
    return y


def _threshold_d1(x, threshold, value):
    x = _wide(x, exact=(threshold,))
    return _ind(x > threshold, x)  # 0 at t: PyTorch's x ≤ t branch


define(
    name="threshold", family="rectifier", aliases=("thresholded_relu",), native32=True,
    f=_threshold,
    d1=_threshold_d1,
    d2=zeros,
    params=(Param("threshold", 1.0, "inputs at or below it are replaced", symbol="t"),
            Param("value", 0.0, "the replacement", symbol="v")),
    formula="f(x) = x if x > t else v",
    latex=r"f(x) = \begin{cases} x & x > t \\ v & x \le t \end{cases}",
    derivative="f′(x) = 1 if x > t else 0",
    summary="Replaces inputs ≤ t by v. PyTorch and Keras 3 require t and v; the defaults "
            "t = 1, v = 0 are Keras 2's ThresholdedReLU(theta=1).",
    range=lambda threshold, value: (min(threshold, value), inf),
    jumps=lambda threshold, value: (threshold,) if value != threshold else (),
    kinks=lambda threshold, value: (threshold,) if value == threshold else (),
    continuity=-1,
    kink_convention="f(t) = v; f′(t) = 0 (PyTorch); a kink instead of a jump when v = t",
    reference="PyTorch torch.nn.Threshold; Keras 2 ThresholdedReLU",
    frameworks={"torch": "torch.nn.Threshold", "keras": "keras.activations.threshold"},
)

_LAMBD = Param("lambd", 0.5, "half-width of the zeroed band", symbol="λ",
               check=lambda v: v >= 0, allowed="≥ 0")


def _hardshrink(x, lambd):
    x = _wide(x, exact=(lambd,))
    r = np.multiply(x, np.abs(x) > lambd)  # x·0 only where |x| ≤ λ (finite); NaN·0 = NaN
    r += 0.0  # −x·0 is −0.0; the dead band is +0.0, as in PyTorch
    return r


def _shrink_d1(x, lambd):
    x = _wide(x, exact=(lambd,))
    return _ind(np.abs(x) > lambd, x)  # 0 at ±λ: PyTorch's |x| ≤ λ branch


def _softshrink(x, lambd):
    x = _wide(x, exact=(lambd,))
    c = np.clip(x, -lambd, lambd)
    return np.subtract(x, c, out=c)  # exactly 0 inside, x ∓ λ rounded once outside


define(
    name="hardshrink", family="rectifier", native32=True,
    f=_hardshrink,
    d1=_shrink_d1, d2=zeros, params=(_LAMBD,),
    formula="f(x) = x if |x| > λ else 0",
    latex=r"f(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
    derivative="f′(x) = 1 if |x| > λ else 0",
    summary="Hard shrinkage: zeroes the band |x| ≤ λ.",
    jumps=lambda lambd: (-lambd, lambd) if lambd > 0 else (),
    kinks=lambda lambd: () if lambd > 0 else (0.0,), continuity=-1,
    kink_convention="f(±λ) = 0 and f′(±λ) = 0 (PyTorch); with λ = 0, f′(0) = 0",
    reference="Donoho & Johnstone, Ideal Spatial Adaptation by Wavelet Shrinkage", year=1994,
    frameworks={"torch": "torch.nn.Hardshrink", "keras": "keras.activations.hard_shrink"},
)

define(
    name="softshrink", family="rectifier", native32=True,
    f=_softshrink, d1=_shrink_d1, d2=zeros, params=(_LAMBD,),
    formula="f(x) = x − λ if x > λ; x + λ if x < −λ; else 0",
    latex=r"f(x) = \operatorname{sign}(x)\max(|x| - \lambda, 0)",
    derivative="f′(x) = 1 if |x| > λ else 0",
    summary="Soft shrinkage (soft thresholding): moves x towards 0 by λ.",
    kinks=lambda lambd: (-lambd, lambd) if lambd > 0 else (0.0,), continuity=0,
    kink_convention="f′(±λ) = 0 (PyTorch); with λ = 0, f′(0) = 0",
    reference="Donoho, De-noising by Soft-thresholding", year=1995,
    frameworks={"torch": "torch.nn.Softshrink", "keras": "keras.activations.soft_shrink"},
)


def _srelu(x, t_left, a_left, t_right, a_right):
    # t + a·(x − t) on the outer pieces: exact at the thresholds.  Where an outer piece crosses
    # zero (only for tₗ > 0, tᵣ < 0 or a negative slope) f is accurate to ~ulp(t) there, not
    # to 4 ulp of f: the cancellation comes from the parameters, not from x.
    x = _wide(x, exact=(t_left, t_right), scale=(a_left, a_right))
    y = np.clip(x, t_left, t_right)
    for t, a, side in ((t_left, a_left, np.minimum), (t_right, a_right, np.maximum)):
        if a != 0:  # with a = 0 the piece is the constant t (and a·∓∞ would be NaN)
            d = np.subtract(x, t)
            side(d, 0.0, out=d)
            d *= a
            y += d
    return y


def _srelu_d1(x, t_left, a_left, t_right, a_right):
    # a sum of indicator products with one nonzero term per point: exact
    x = _wide(x, exact=(t_left, t_right), scale=(a_left, a_right))
    t = x.dtype.type
    r = ((x > t_left) & (x < t_right)).astype(x.dtype)
    r += np.multiply(x <= t_left, t(a_left))
    r += np.multiply(x >= t_right, t(a_right))
    return keep_nan(x, r)


def _srelu_range(t_left, a_left, t_right, a_right):
    left = math.copysign(inf, -a_left) if a_left else t_left    # f(−∞)
    right = math.copysign(inf, a_right) if a_right else t_right  # f(+∞)
    return (min(t_left, left, right), max(t_right, left, right))


define(
    name="srelu", family="rectifier", native32=True,
    f=_srelu, d1=_srelu_d1, d2=zeros,
    params=(Param("t_left", -1.0, "left threshold", symbol="tₗ"),
            Param("a_left", 0.1, "slope left of tₗ", symbol="aₗ"),
            Param("t_right", 1.0, "right threshold", symbol="tᵣ"),
            Param("a_right", 0.1, "slope right of tᵣ", symbol="aᵣ")),
    validate=lambda t_left, a_left, t_right, a_right: (
        None if t_left < t_right else
        f"t_left must be < t_right (got t_left={t_left}, t_right={t_right})"),
    formula="f(x) = tₗ + aₗ(x − tₗ) if x ≤ tₗ; x if tₗ < x < tᵣ; tᵣ + aᵣ(x − tᵣ) if x ≥ tᵣ",
    latex=r"f(x) = \begin{cases} t_l + a_l (x - t_l) & x \le t_l \\ x & t_l < x < t_r \\ "
          r"t_r + a_r (x - t_r) & x \ge t_r \end{cases}",
    derivative="f′(x) = aₗ if x ≤ tₗ; 1 if tₗ < x < tᵣ; aᵣ if x ≥ tᵣ",
    summary="S-shaped ReLU: three linear pieces with learned thresholds and slopes (shown at "
            "the illustrative defaults tₗ = −1, aₗ = 0.1, tᵣ = 1, aᵣ = 0.1).",
    range=_srelu_range, continuity=0,
    kinks=lambda t_left, a_left, t_right, a_right: tuple(
        t for t, a in ((t_left, a_left), (t_right, a_right)) if a != 1),
    kink_convention="f′(tₗ) = aₗ and f′(tᵣ) = aᵣ: the outer pieces own the thresholds, as in "
                    "the formula (no framework ships SReLU)",
    reference="Jin, Xu, Feng, Wei, Xiong & Yan, Deep Learning with S-shaped Rectified Linear "
              "Activation Units", year=2016,
)

define(
    name="signum", family="rectifier", aliases=("sign", "sgn"), native32=True,
    f=lambda x: np.sign(x), d1=zeros, d2=zeros,
    formula="f(x) = sign(x)", latex=r"f(x) = \operatorname{sign}(x)",
    derivative="f′(x) = 0 (x ≠ 0)",
    summary="The sign function: −1, 0 or 1.",
    range=(-1.0, 1.0), jumps=(0.0,), continuity=-1,
    kink_convention="jump at 0 with f(0) = 0; f′(0) = 0 (PyTorch's and JAX's sign gradient)",
    reference="Sheehan, Visualising Activation Functions in Neural Networks", year=2017,
    frameworks={"torch": "torch.sign", "jax": "jax.numpy.sign", "keras": "keras.ops.sign",
                "tf": "tf.math.sign"},
)

define(
    name="absolute", family="rectifier", aliases=("abs",), native32=True,
    f=lambda x: np.abs(x), d1=lambda x: np.sign(x), d2=zeros,
    formula="f(x) = |x|", latex=r"f(x) = |x|", derivative="f′(x) = sign(x)",
    summary="Absolute value: a rectifier that mirrors negative inputs.",
    range=(0.0, inf), kinks=(0.0,), continuity=0, monotonic=False,
    kink_convention="f′(0) = 0 = sign(0) (PyTorch, JAX)",
    reference="Sheehan, Visualising Activation Functions in Neural Networks", year=2017,
    frameworks={"torch": "torch.abs", "jax": "jax.numpy.abs", "keras": "keras.ops.absolute",
                "tf": "tf.math.abs"},
)
