"""Signal propagation through depth: vanishing and exploding gradients in a random MLP.

A batch of inputs x ~ N(0, 1) of the given width goes through ``depth`` square layers
``h_l = a_{l-1} W_lᵀ`` (no bias), ``a_l = f(h_l)``. Forward, the standard deviation of every
``a_l`` is recorded; backward, a N(0, 1) gradient on the output is sent back through
``δ_l = (δ_{l+1} W_{l+1}) ⊙ f′(h_l)`` (``δ_N = g ⊙ f′(h_N)``), and ``‖δ_l‖`` — the gradient
with respect to the pre-activations of layer l — is recorded relative to ``‖δ_N‖``.

Initialisations (square layers, n = width): ``he`` N(0, 2/n); ``xavier`` (Glorot) N(0, 2/(n + n))
= N(0, 1/n); ``lecun`` N(0, 1/n) — the same as xavier for square layers; ``orthogonal``: Q of
the QR of a Gaussian matrix (signs fixed by diag R), times the gain 1/√E[f(z)²], z ~ N(0, 1),
measured by :func:`.analysis.properties`: the gain that maps unit pre-activation variance to
unit pre-activation variance (√2 for relu as in He; 1 for selu and identity; 1.59 for tanh,
where PyTorch's table says 5/3). ``auto`` picks by measured properties, not by name:

- ``lecun`` when f is self-normalising: |E[f(z)]| < 0.01 and |Var[f(z)] − 1| < 0.01 with f′
  not zero almost everywhere (SELU; also identity-like maps, where lecun = xavier anyway);
- ``he`` when f is rectifier-like: its mean slope on [−3, 0], |f(0) − f(−3)|/3, is less than
  half its mean slope on [0, 3] (relu, leaky_relu, elu, gelu, silu, softplus, mish, relu6 ...);
- ``xavier`` otherwise (sigmoid, tanh, softsign, hardtanh ...).

The same seed gives the same inputs, weights and output gradient for every activation, so
the curves differ only by the activation and its initialisation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from .activation import Activation, get
from .analysis import properties
from .errors import UsageError

INITS = ("auto", "he", "xavier", "lecun", "orthogonal")
INIT_ALIASES = {"glorot": "xavier", "kaiming": "he"}
MAX_ELEMENTS = 2 ** 25  # depth·batch·width kept for the backward pass (256 MB of float64)


def choose_init(act: Activation) -> str:
    """The initialisation ``auto`` picks for ``act`` (the rule in the module docstring)."""
    p = properties(act)
    if (abs(p["normal_mean"]) < 0.01 and abs(p["normal_var"] - 1) < 0.01
            and p["zero_grad_share"] < 0.5):
        return "lecun"
    with np.errstate(all="ignore"):
        f = np.asarray(act(np.array([-3.0, 0.0, 3.0])), dtype=np.float64)
    left, right = abs(f[1] - f[0]), abs(f[2] - f[1])
    return "he" if left < 0.5 * right else "xavier"


def gain(act: Activation) -> float:
    """The orthogonal gain 1/√E[f(z)²], z ~ N(0, 1) (1 when f is 0 almost surely)."""
    p = properties(act)
    second = p["normal_var"] + p["normal_mean"] ** 2
    return 1.0 / math.sqrt(second) if second > 0 and math.isfinite(second) else 1.0


def _weights(seed: int, layer: int, width: int, init: str, scale: float) -> np.ndarray:
    """Layer ``layer``'s matrix: its own stream of the seed, so every activation (and the
    backward pass, which draws it again) sees the same numbers."""
    raw = np.random.default_rng([seed, layer]).standard_normal((width, width))
    if init == "orthogonal":
        q, r = np.linalg.qr(raw)
        return q * np.where(np.diag(r) < 0, -1.0, 1.0) * scale
    return raw * scale


def _scale(init: str, width: int, act: Activation) -> float:
    if init == "he":
        return math.sqrt(2.0 / width)
    if init in ("xavier", "lecun"):
        return math.sqrt(1.0 / width)
    return gain(act)


def _check(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise UsageError(f"{name} must be a whole number (got {value!r})")
    if not low <= value <= high:
        raise UsageError(f"{name} must be between {low} and {high} (got {value})")
    return int(value)


def check_init(init: str) -> str:
    """The canonical initialisation name, or :class:`UsageError` listing the choices."""
    key = str(init).strip().lower()
    key = INIT_ALIASES.get(key, key)
    if key not in INITS:
        raise UsageError(f"unknown init {init!r} (choose from {', '.join(INITS)})")
    return key


def _run(act: Activation, depth: int, width: int, init: str, seed: int,
         x: np.ndarray, grad_out: np.ndarray) -> dict[str, Any]:
    scale = _scale(init, width, act)
    stds, slopes = [], []
    a = x
    with np.errstate(all="ignore"):
        for layer in range(depth):
            h = a @ _weights(seed, layer, width, init, scale).T
            a = np.asarray(act(h), dtype=np.float64)
            slopes.append(np.asarray(act.grad(h), dtype=np.float64))
            stds.append(float(np.std(a)))
        delta = grad_out * slopes[-1]
        norms = [float(np.linalg.norm(delta))]
        for layer in range(depth - 1, 0, -1):
            delta = (delta @ _weights(seed, layer, width, init, scale)) * slopes[layer - 1]
            norms.append(float(np.linalg.norm(delta)))
        last = norms[0]
        ratios = [n / last if last else math.nan for n in reversed(norms)]
    out = {"spec": act.spec, "init": init, "forward_std": stds, "grad_norm": ratios}
    out["gain" if init == "orthogonal" else "weight_std"] = scale
    return out


def propagate(acts: Iterable[Activation | str] | Activation | str, depth: int,
              width: int = 256, init: str = "auto", seed: int = 0,
              batch: int = 256) -> dict[str, Any]:
    """Propagate a random batch through a ``depth``-layer random MLP for each activation.

    Returns ``{"depth", "width", "batch", "seed", "functions": [{"spec", "init",
    "weight_std" (or "gain" for orthogonal), "forward_std": [...], "grad_norm": [...]}]}``,
    one list entry per layer, first layer first; ``grad_norm`` is ‖∂L/∂h_l‖ / ‖∂L/∂h_N‖, so
    its last entry is 1 (NaN when the last layer passes no gradient). Non-finite values (an
    exploding network) are kept as inf/NaN. Deterministic for a given seed.
    """
    depth = _check("depth", depth, 1, 10_000)
    width = _check("width", width, 1, 8192)
    batch = _check("batch", batch, 1, 65_536)
    seed = _check("seed", seed, 0, 2 ** 63 - 1)
    if depth * width * batch > MAX_ELEMENTS:
        raise UsageError(f"depth × width × batch = {depth * width * batch:_} is too large "
                         f"(at most {MAX_ELEMENTS:_})")
    init = check_init(init)
    if isinstance(acts, (str, Activation)):
        acts = [acts]
    resolved = [a if isinstance(a, Activation) else get(a) for a in acts]
    if not resolved:
        raise UsageError("give at least one activation")
    for act in resolved:
        if getattr(act, "is_vector", False):
            raise UsageError(f"{act.name} acts along an axis: depth propagation takes "
                             f"element-wise activations")
    rng = np.random.default_rng([seed, 2 ** 32])  # streams apart from the layers' [seed, l]
    x = rng.standard_normal((batch, width))
    grad_out = rng.standard_normal((batch, width))
    functions = [_run(act, depth, width, choose_init(act) if init == "auto" else init, seed,
                      x, grad_out) for act in resolved]
    return {"depth": depth, "width": width, "batch": batch, "seed": seed,
            "functions": functions}
