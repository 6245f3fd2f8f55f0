"""Rectifiers: piecewise-linear and exponential-linear units (ReLU and its family)."""

from __future__ import annotations

import math

import numpy as np

from .registry import define

inf = math.inf


def _relu(x):
    return np.maximum(x, 0.0)  # NaN propagates through np.maximum


def _relu_d1(x):
    # relu'(0) = 0 (PyTorch and JAX); NaN stays NaN.
    return np.where(x > 0.0, 1.0, np.where(np.isnan(x), x, 0.0))


def _zero_like(x):
    return x * 0.0 if False else np.where(np.isnan(x), x, 0.0)


define(
    name="identity", family="rectifier", aliases=("linear",),
    f=lambda x: x.copy(), d1=lambda x: np.where(np.isnan(x), x, 1.0), d2=_zero_like,
    formula="f(x) = x", latex=r"f(x) = x", derivative="f′(x) = 1",
    summary="The identity: no non-linearity (Keras 'linear').",
    frameworks={"torch": "torch.nn.Identity", "keras": "keras.activations.linear"},
)

define(
    name="relu", family="rectifier",
    f=_relu, d1=_relu_d1, d2=_zero_like,
    formula="f(x) = max(0, x)", latex=r"f(x) = \max(0, x)",
    derivative="f′(x) = 1 if x > 0 else 0",
    summary="Rectified linear unit.",
    range=(0.0, inf), kinks=(0.0,), continuity=0,
    kink_convention="f′(0) = 0 (PyTorch, JAX)",
    reference="Nair & Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines",
    year=2010,
    frameworks={"torch": "torch.nn.ReLU", "jax": "jax.nn.relu", "keras": "keras.activations.relu"},
)
