"""Fast conversion of option values, so a command does not pay for importing pydantic.

Typer (0.29) converts every non-flag parameter through a pydantic ``TypeAdapter``; importing
pydantic costs more than NumPy's import on a cold start, which a command-line tool answering in
a blink cannot afford. Our options are all ``str``, ``int``, ``float``, ``bool`` or ``list[str]``
(everything richer is parsed by :mod:`actfn_cli.cli.parsing`, which batch shares), so a
plain conversion does the same job. It is installed on each parameter through the lazily
built ``_runtime_param`` slot that Typer fills on first use; on a Typer without that slot
nothing is installed and Typer's own conversion runs (slower, same results).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import typer

_WHAT = {int: "a whole number", float: "a number", str: "text", bool: "true or false"}


class PlainCoercion:
    """Converts one parameter's value(s) with ``convert``; errors as ``BadParameter``."""

    def __init__(self, convert: Callable[[Any], Any], many: bool) -> None:
        self.convert = convert
        self.many = many

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if self.many else None
        items = list(value) if self.many else [value]
        out = []
        for item in items:
            try:
                out.append(self.convert(item))
            except (TypeError, ValueError):
                raise typer.BadParameter(f"{item!r} is not {_WHAT[self.convert]}", ctx=ctx,
                                         param=param) from None
        return out if self.many else out[0]


def _converter(annotation: Any) -> tuple[Callable[[Any], Any], bool] | None:
    if annotation in (str, int, float, bool):
        return annotation, False
    if annotation == list[str]:
        return str, True
    return None


def install(params: Iterable[Any]) -> None:
    """Give every ``str``/``int``/``float``/``bool``/``list[str]`` parameter the plain
    conversion."""
    for param in params:
        if getattr(param, "_runtime_param", False) is not None:
            continue  # not a Typer parameter, or one already converted
        descriptor = getattr(param, "type_descriptor", None)
        found = _converter(getattr(descriptor, "annotation", None))
        if found is not None:
            param._runtime_param = PlainCoercion(*found)
