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
from .expression import ExpressionError
from .registry import all_definitions, lookup, names

__all__ = [
    "ActfnError", "Activation", "ComputationError", "ExpressionError", "ParameterError", "PresetError",
    "SpecError", "UnknownActivationError", "UsageError", "VectorActivation",
    "all_definitions", "get", "lookup", "names", "presets", "register",
]
