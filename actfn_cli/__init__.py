"""actfn: plot, tabulate and compare neural-network activation functions and their derivatives.

The public Python API::

    >>> import actfn_cli as af
    >>> gelu = af.get("gelu")                 # or "gelu@jax", "elu:alpha=0.5", "x*sigmoid(x)"
    >>> y, dy, d2y = gelu([-1.0, 0.0, 1.0]), gelu.grad(0.0), gelu.grad(0.0, order=2)
    >>> "silu" in af.names()
    True
"""

from importlib.metadata import PackageNotFoundError, version

from .core import (
    ActfnError,
    Activation,
    ComputationError,
    ExpressionError,
    ParameterError,
    PresetError,
    SpecError,
    UnknownActivationError,
    UsageError,
    VectorActivation,
    get,
    names,
    presets,
    register,
)

try:
    __version__ = version("actfn-cli")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "ActfnError", "Activation", "ComputationError", "ExpressionError", "ParameterError", "PresetError",
    "SpecError", "UnknownActivationError", "UsageError", "VectorActivation", "__version__",
    "get", "names", "presets", "register",
]
