"""The pure-NumPy core: the registry, the activations, special functions, analysis.

Imports nothing from matplotlib, rich or typer (a test enforces it).
"""

from .activation import Activation, VectorActivation, get, presets, register
from .errors import (
    ActfnError,
    ComputationError,
    ParameterError,
    PresetError,
    SpecError,
    UnknownActivationError,
    UsageError,
)
from .registry import all_definitions, lookup, names

__all__ = [
    "ActfnError", "Activation", "ComputationError", "ExpressionError", "ParameterError", "PresetError",
    "SpecError", "UnknownActivationError", "UsageError", "VectorActivation",
    "all_definitions", "get", "lookup", "names", "presets", "register",
]


def __getattr__(name: str) -> type:
    # The expression parser is imported on first use: a named activation never needs it.
    if name == "ExpressionError":
        from .expression import ExpressionError

        return ExpressionError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
