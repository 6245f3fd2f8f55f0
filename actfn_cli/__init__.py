"""actfn: plot, tabulate and compare neural-network activation functions and their derivatives.

The public Python API::

    >>> import actfn_cli as af
    >>> gelu = af.get("gelu")                 # or "gelu@jax", "elu:alpha=0.5", "x*sigmoid(x)"
    >>> y, dy, d2y = gelu([-1.0, 0.0, 1.0]), gelu.grad(0.0), gelu.grad(0.0, order=2)
    >>> "silu" in af.names()
    True
"""

from .core import (
    ActfnError,
    Activation,
    ComputationError,
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



def __getattr__(name: str) -> str:
    # The version is read lazily: importlib.metadata costs ~15 ms, more than the whole core.
    if name == "ExpressionError":  # the expression parser, imported on first use
        from .core import ExpressionError

        return ExpressionError  # type: ignore[return-value]
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("actfn-cli")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+unknown"

__all__ = [
    "ActfnError", "Activation", "ComputationError", "ExpressionError", "ParameterError", "PresetError",
    "SpecError", "UnknownActivationError", "UsageError", "VectorActivation", "__version__",
    "get", "names", "presets", "register",
]
