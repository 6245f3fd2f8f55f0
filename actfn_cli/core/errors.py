"""Domain errors. Each one is a single readable line; the CLI prints ``str(err)`` as it is.

``exit_code`` tells the command line what to return: 2 for a usage error (the user typed
something that cannot mean anything), 1 for a runtime failure (I/O, a computation refused).
"""

from __future__ import annotations


class ActfnError(Exception):
    """Base class of every error actfn raises on purpose."""

    exit_code = 1


class UsageError(ActfnError):
    """The input cannot be understood: a bad name, parameter, option or value."""

    exit_code = 2


class UnknownActivationError(UsageError, LookupError):
    """No activation (or alias) of that name; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: list[str] | tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        msg = f"unknown activation {name!r}"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        else:
            msg += " (run 'actfn list' to see the catalogue)"
        super().__init__(msg)


class ParameterError(UsageError, ValueError):
    """A parameter is unknown, malformed or outside its allowed values."""


class PresetError(UsageError, LookupError):
    """An unknown framework preset."""


class SpecError(UsageError, ValueError):
    """A spec string that does not parse (``NAME[@PRESET][:PARAM=VALUE,...]``)."""


class ComputationError(ActfnError):
    """A computation that is refused for this activation (e.g. a derivative order it lacks)."""
