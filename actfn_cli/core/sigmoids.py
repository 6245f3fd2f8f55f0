"""Logistic-shaped activations (family "sigmoid"): σ and its relatives.

Everything smooth here is built from one exponential, e = exp(−|z|) ∈ [0, 1], which never
overflows: σ(z) = 1/(1+e) or e/(1+e), σ′ = e/(1+e)², σ″ = ∓e(1−e)/(1+e)³ with 1−e from expm1.
These forms keep full relative accuracy in both tails, where σ(1−σ) or 1−σ² flush to 0 early.
The tanh-shaped family (``tanhs``) reuses them through tanh′(u) = 4σ′(2u), tanh″(u) = 8σ″(2u).
"""

from __future__ import annotations

import math

import numpy as np

from ._util import exp_neg_abs, keep_nan, zeros
from .registry import Param, define

inf = math.inf


# --------------------------------------------------------------------------- shared helpers
def logistic(z):
    """σ(z) = n/(1+e), n = 1 for z ≥ 0 and e for z < 0, so no tail loses relative accuracy.
    n = max(e, [z ≥ 0]), as np.where with a scalar costs about four exps per element."""
    e = exp_neg_abs(z)
    n = np.greater_equal(z, 0).astype(z.dtype)
    np.maximum(n, e, out=n)
    e += 1.0
    return np.divide(n, e, out=n)


def logistic_d1(z):
    """σ′(z) = e/(1+e)², even in z; accurate to the last bits down to the underflow."""
    e = exp_neg_abs(z)
    d = e + 1.0
    np.multiply(d, d, out=d)
    return np.divide(e, d, out=d)


def logistic_d2(z):
    """σ″(z) = −sign(z)·e(1−e)/(1+e)³ with 1−e = −expm1(−|z|): exact near 0 and in the tails."""
    t = np.abs(z)
    np.negative(t, out=t)
    e = np.exp(t)
    m = np.expm1(t, out=t)  # e − 1 ≤ 0
    d = e + 1.0
    np.multiply(m, e, out=m)
    np.divide(m, d, out=m)
    np.divide(m, d, out=m)
    np.divide(m, d, out=m)
    np.copysign(m, z, out=m)  # m ≤ 0: σ″ = sign(z)·m = −copysign(m, z)
    return np.negative(m, out=m)


def box(x, lo, hi, value):
    """``value`` on the open interval (lo, hi), 0 outside and at both ends, NaN at NaN:
    the derivative of a clipped linear piece under PyTorch's convention."""
    inside = np.greater(x, lo)
    inside &= np.less(x, hi)
    out = inside.astype(x.dtype)
    if value != 1.0:
        out *= value
    return keep_nan(x, out)


# --------------------------------------------------------------------------- sigmoid
define(
    name="sigmoid", family="sigmoid", aliases=("logistic", "expit"),
    f=logistic, d1=logistic_d1, d2=logistic_d2,
    formula="f(x) = 1/(1 + e^(−x))", latex=r"f(x) = \sigma(x) = \frac{1}{1 + e^{-x}}",
    derivative="f′(x) = σ(x)·(1 − σ(x)) = e^(−|x|)/(1 + e^(−|x|))²",
    summary="The logistic function: squashes the real line onto (0, 1).",
    range=(0.0, 1.0), native32=True,
    reference="Verhulst (logistic curve); in neural networks e.g. Rumelhart, Hinton & Williams, "
              "Learning representations by back-propagating errors", year=1986,
    frameworks={"torch": "torch.nn.Sigmoid", "jax": "jax.nn.sigmoid",
                "keras": "keras.activations.sigmoid", "tf": "tf.math.sigmoid"},
)


# --------------------------------------------------------------------------- hardsigmoid
def _hardsigmoid(x, width, offset):
    # (x + offset·width)/width rounds once: x + 3 is exact near the kink −3, x/6 + ½ is not.
    out = x + offset * width
    np.divide(out, width, out=out)
    return np.clip(out, 0.0, 1.0, out=out)


define(
    name="hardsigmoid", family="sigmoid",
    f=_hardsigmoid,
    d1=lambda x, width, offset: box(x, -offset * width, (1.0 - offset) * width, 1.0 / width),
    d2=lambda x, width, offset: zeros(x),
    formula="f(x) = clip(x/w + o, 0, 1)  (w = 6, o = ½: relu6(x + 3)/6)",
    latex=r"f(x) = \min\!\left(\max\!\left(\frac{x}{w} + o,\, 0\right),\, 1\right)",
    derivative="f′(x) = 1/w if −o·w < x < (1 − o)·w else 0",
    summary="Piecewise-linear sigmoid: a ramp of width w from 0 to 1 (PyTorch x/6 + ½, "
            "Keras 2 0.2x + 0.5).",
    params=(
        Param("width", 6.0, "width of the linear ramp, 1/slope (PyTorch, JAX, Keras 3: 6; "
              "Keras 2 and tf: 5, i.e. slope 0.2)", symbol="w",
              check=lambda v: v > 0, allowed="> 0"),
        Param("offset", 0.5, "value at x = 0 before clipping", symbol="o"),
    ),
    range=(0.0, 1.0), kinks=lambda width, offset: (-offset * width, (1.0 - offset) * width),
    continuity=0, native32=True,
    kink_convention="f′ = 0 at both kinks (PyTorch, and JAX through relu6's custom gradient); "
                    "f″ = 0",
    reference="Courbariaux, Bengio & David, BinaryConnect (hard sigmoid); PyTorch's "
              "Hardsigmoid is relu6(x + 3)/6 (Howard et al., Searching for MobileNetV3)",
    year=2015,
    frameworks={"torch": "torch.nn.Hardsigmoid", "jax": "jax.nn.hard_sigmoid",
                "keras": "keras.activations.hard_sigmoid",
                "tf": "tf.keras.activations.hard_sigmoid"},
    presets={"keras2": {"width": 5.0}, "tf": {"width": 5.0}},
)


# --------------------------------------------------------------------------- log_sigmoid
def _log_sigmoid(x):
    # log σ(x) = min(x, 0) − log1p(e): both terms ≤ 0, so nothing cancels; no overflow.
    e = exp_neg_abs(x)
    np.log1p(e, out=e)
    out = np.minimum(x, 0.0)
    return np.subtract(out, e, out=out)


define(
    name="log_sigmoid", family="sigmoid",
    f=_log_sigmoid, d1=lambda x: logistic(-x), d2=lambda x: np.negative(logistic_d1(x)),
    formula="f(x) = log σ(x) = −softplus(−x)", latex=r"f(x) = \log \sigma(x) = -\log(1 + e^{-x})",
    derivative="f′(x) = σ(−x) = 1 − σ(x)",
    summary="Logarithm of the logistic function, computed without overflow or cancellation.",
    range=(-inf, 0.0), native32=True,
    reference="Cox, The Regression Analysis of Binary Sequences (log σ is the logistic "
              "log-likelihood)", year=1958,
    frameworks={"torch": "torch.nn.LogSigmoid", "jax": "jax.nn.log_sigmoid",
                "keras": "keras.activations.log_sigmoid", "tf": "tf.math.log_sigmoid"},
)


# --------------------------------------------------------------------------- softplus
def _above(x, beta, threshold):
    """Where PyTorch's softplus has switched to x (βx > threshold), or None."""
    if threshold is None:
        return None
    above = (x * beta if beta != 1.0 else x) > threshold
    return above if above.any() else None


def _softplus(x, beta, threshold):
    # max(x, 0) + log1p(exp(−β|x|))/β: never overflows (even when βx would), no cancellation.
    e = exp_neg_abs(x * beta if beta != 1.0 else x)
    np.log1p(e, out=e)
    if beta != 1.0:
        np.divide(e, beta, out=e)
    out = np.maximum(x, 0.0)
    out += e
    above = _above(x, beta, threshold)
    if above is not None:
        out[above] = x[above]
    return out


def _softplus_d1(x, beta, threshold):
    out = logistic(x * beta if beta != 1.0 else x)
    above = _above(x, beta, threshold)
    if above is not None:
        out[above] = 1.0
    return out


def _softplus_d2(x, beta, threshold):
    out = logistic_d1(x * beta if beta != 1.0 else x)
    if beta != 1.0:
        out *= beta
    above = _above(x, beta, threshold)
    if above is not None:
        out[above] = 0.0
    return out


define(
    name="softplus", family="sigmoid",
    f=_softplus, d1=_softplus_d1, d2=_softplus_d2,
    formula="f(x) = log(1 + e^(βx))/β",
    latex=r"f(x) = \frac{1}{\beta}\log\left(1 + e^{\beta x}\right)",
    derivative="f′(x) = σ(βx)",
    summary="Smooth rectifier, the integral of the logistic function.",
    params=(
        Param("beta", 1.0, "sharpness β", symbol="β", check=lambda v: v > 0, allowed="> 0"),
        Param("threshold", None, "PyTorch's switch to f(x) = x where βx > threshold "
              "(none: exact everywhere)", nullable=True, symbol="t"),
    ),
    range=(0.0, inf),
    jumps=lambda beta, threshold: () if threshold is None else (threshold / beta,),
    kink_convention="smooth when threshold is none (the default, JAX, Keras, tf); with "
                    "PyTorch's threshold f jumps by log1p(e^−t)/β at βx = t, where f′ and f″ "
                    "switch to 1 and 0, and f(t/β) is the exact value, as in PyTorch",
    reference="Dugas et al., Incorporating Second-Order Functional Knowledge for Better "
              "Option Pricing", year=2001,
    frameworks={"torch": "torch.nn.Softplus", "jax": "jax.nn.softplus",
                "keras": "keras.activations.softplus", "tf": "tf.math.softplus"},
    presets={"torch": {"threshold": 20.0}},
)


# --------------------------------------------------------------------------- log_log
def _log_log_d1(x):
    # e^x·exp(−e^x) as one exp(x − e^x); x capped at 40 (where f′ is 0 already) so +inf gives 0.
    t = np.minimum(x, 40.0)
    return np.exp(t - np.exp(t))


def _log_log_d2(x):
    t = np.minimum(x, 40.0)
    out = np.exp(t - np.exp(t))
    out *= np.expm1(t)
    return np.negative(out, out=out)


def _log_log(x):
    out = np.exp(x)
    np.negative(out, out=out)
    np.expm1(out, out=out)  # 1 − exp(−eˣ) = −expm1(−eˣ): exact for eˣ → 0, 1 for eˣ = inf
    return np.negative(out, out=out)


define(
    name="log_log", family="sigmoid",
    f=_log_log, d1=_log_log_d1, d2=_log_log_d2,
    formula="f(x) = 1 − exp(−eˣ)", latex=r"f(x) = 1 - e^{-e^{x}}",
    derivative="f′(x) = exp(x − eˣ)",
    summary="Complementary log-log (Gumbel) sigmoid, computed as −expm1(−eˣ).",
    range=(0.0, 1.0), native32=True,
    reference="D. Sheehan, Visualising Activation Functions in Neural Networks "
              "(the complementary log-log link)", year=2017,
)


# --------------------------------------------------------------------------- sparse_sigmoid
define(
    name="sparse_sigmoid", family="sigmoid",
    f=lambda x: np.multiply(np.clip(x, -1.0, 1.0) + 1.0, 0.5),
    d1=lambda x: box(x, -1.0, 1.0, 0.5), d2=zeros,
    formula="f(x) = ½·clip(x + 1, 0, 2)", latex=r"f(x) = \tfrac{1}{2}\,\mathrm{clip}(x + 1, 0, 2)",
    derivative="f′(x) = ½ if −1 < x < 1 else 0",
    summary="Piecewise-linear sigmoid, the derivative of sparse_plus.",
    range=(0.0, 1.0), kinks=(-1.0, 1.0), continuity=0, native32=True,
    kink_convention="f′(±1) = 0 (the constant pieces, as Keras' TensorFlow backend); JAX's "
                    "clip splits ties evenly between its max and min, giving ¼; f″ = 0",
    reference="Blondel, Martins & Niculae, Learning with Fenchel-Young Losses (§6.2)", year=2019,
    frameworks={"jax": "jax.nn.sparse_sigmoid", "keras": "keras.activations.sparse_sigmoid"},
    grad_at={"jax": lambda: [(-1.0, 0.25), (1.0, 0.25)]},
)
