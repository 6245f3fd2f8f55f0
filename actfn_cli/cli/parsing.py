"""Parse and check option values, from the command line (text) or a batch file (TOML values).

Each parser accepts the text a user types (``"-2,-1,0"``, ``"7x4"``, ``"beta=1.5"``) and the
natural TOML value (a list of numbers, a table), and raises :class:`UsageError` with one line
that names the option and says what it expects.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.errors import UsageError
from ..core.grid import MAX_POINTS
from .defaults import MAX_PIXELS

FIGURE_FORMATS = ("png", "svg", "pdf")
TABLE_FORMATS = ("plain", "csv", "json", "markdown", "rich")
SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".csv": "csv", ".json": "json",
            ".md": "markdown", ".markdown": "markdown", ".txt": "plain"}
FORMAT_ALIASES = {"md": "markdown", "txt": "plain", "text": "plain"}
STDOUT = "-"


def number(option: str, value: Any, *, finite: bool = True) -> float:
    """A float from a number or its text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise UsageError(f"--{option} must be a number (got {value!r})")
    try:
        result = float(value)
    except ValueError:
        raise UsageError(f"--{option} must be a number (got {value!r})") from None
    if finite and not math.isfinite(result):
        raise UsageError(f"--{option} must be a finite number (got {value!r})")
    return result


def integer(option: str, value: Any) -> int:
    """A whole number from a number or its text."""
    if isinstance(value, bool):
        raise UsageError(f"--{option} must be a whole number (got {value!r})")
    if isinstance(value, str):
        try:
            return int(value.strip().replace("_", ""))
        except ValueError:
            pass
    elif isinstance(value, int):
        return value
    elif isinstance(value, float) and value.is_integer():
        return int(value)
    raise UsageError(f"--{option} must be a whole number (got {value!r})")


def choice(option: str, value: Any, choices: Sequence[str]) -> str:
    text = str(value).strip().lower()
    if text not in choices:
        raise UsageError(f"--{option} must be one of {', '.join(choices)} (got {value!r})")
    return text


def order(value: Any) -> int:
    result = integer("order", value)
    if result not in (1, 2):
        raise UsageError(f"--order must be 1 or 2 (got {value!r})")
    return result


def at_values(value: Any) -> list[float]:
    """The points of ``--at``: ``"-2,-1,0,1,2"`` or a list of numbers; inf and nan allowed."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, Sequence) or isinstance(items, (bytes, bytearray)):
        raise UsageError(f"--at must be a comma-separated list of numbers (got {value!r})")
    if len(items) > MAX_POINTS:
        raise UsageError(f"--at takes at most {MAX_POINTS:_} points (got {len(items):_})")
    points = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            raise UsageError(f"--at has an empty item in {value!r}; write e.g. -2,-1,0,1,2")
        try:
            points.append(number("at", item.strip() if isinstance(item, str) else item,
                                 finite=False))
        except UsageError:
            raise UsageError(f"--at: {item!r} is not a number; write e.g. -2,-1,0,1,2") from None
    if not points:
        raise UsageError("--at needs at least one number, e.g. --at -2,-1,0,1,2")
    return points


def size(value: Any) -> tuple[float, float]:
    """Figure size in inches from ``"WxH"`` or ``[W, H]``."""
    parts: Any = value
    if isinstance(value, str):
        parts = value.lower().replace("×", "x").split("x")
    try:
        width, height = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise UsageError(f"--size must be WIDTHxHEIGHT in inches, e.g. 7x4.2 "
                         f"(got {value!r})") from None
    if not (0.5 <= width <= 100 and 0.5 <= height <= 100):
        raise UsageError(f"--size must be between 0.5 and 100 inches each way (got {value!r})")
    return width, height


def dpi(value: Any, figure_size: tuple[float, float]) -> float:
    result = number("dpi", value)
    if not 10 <= result <= 2400:
        raise UsageError(f"--dpi must be between 10 and 2400 (got {value!r})")
    pixels = figure_size[0] * result * figure_size[1] * result
    if pixels > MAX_PIXELS:
        raise UsageError(f"--dpi {result:g} with --size {figure_size[0]:g}x{figure_size[1]:g} "
                         f"would make a {pixels / 1e6:.0f}-megapixel image; lower one of them")
    return result


def assignments(option: str, value: Any) -> dict[str, str]:
    """``NAME=VALUE`` items (a list of them, or a table) as ``{name: value text}``."""
    if isinstance(value, Mapping):
        items = [(str(k), v) for k, v in value.items()]
    else:
        if isinstance(value, str):
            value = [value]
        items = []
        for item in value or ():
            name, eq, text = str(item).partition("=")
            if not eq or not name.strip() or not text.strip():
                raise UsageError(f"--{option} must be NAME=VALUE (got {item!r})")
            items.append((name.strip(), text.strip()))
    out: dict[str, str] = {}
    for name, raw in items:
        if name in out:
            raise UsageError(f"--{option} {name} is given twice")
        out[name] = raw if isinstance(raw, str) else repr(raw)
    return out


def sweep(value: Any) -> tuple[str, list[str]]:
    """``PARAM=v1,v2,...`` (or ``{PARAM = [v1, v2]}``) as the name and the value texts."""
    if isinstance(value, Mapping) and len(value) == 1:
        ((name, values),) = value.items()
        texts = [str(v) for v in (values if isinstance(values, Sequence) else [values])]
    else:
        name, eq, rest = str(value).partition("=")
        texts = [t.strip() for t in rest.split(",")]
        if not eq or not name.strip() or not all(texts):
            raise UsageError(f"--sweep must be PARAM=V1,V2,... e.g. alpha=0.5,1,2 "
                             f"(got {value!r})")
    if len(texts) < 2:
        raise UsageError(f"--sweep needs at least two values to compare (got {value!r})")
    if len(set(texts)) != len(texts):
        raise UsageError(f"--sweep repeats a value (got {value!r})")
    return str(name).strip(), texts


@dataclass(frozen=True)
class Target:
    """Where the product goes and in which format.

    ``path`` None means standard output for a person (a terminal plot or a text table);
    ``"-"`` means the bytes to standard output.
    """

    path: str | None
    format: str

    @property
    def is_figure(self) -> bool:
        return self.format in FIGURE_FORMATS


def target(output: str | None, fmt: str | None, allowed: Sequence[str], *,
           command: str, tty: bool) -> Target:
    """Resolve ``-o``/``--format`` for a command that can write ``allowed`` formats.

    Without ``-o`` the product is for a person: a table (rich on a TTY, else plain text), or
    with no text format allowed the terminal plot. ``-o -`` needs ``--format``; a file takes
    its format from its suffix, and ``--format`` must agree with it.
    """
    given = _format_name(fmt, allowed, command) if fmt is not None else None
    texts = [f for f in allowed if f in TABLE_FORMATS]
    if output is None:
        if given in FIGURE_FORMATS:
            raise UsageError(f"--format {given} writes a file: give -o FILE, or -o - "
                             f"for standard output")
        if given is not None:
            return Target(None, given)
        if texts:
            return Target(None, "rich" if tty and "rich" in texts else "plain")
        return Target(None, "terminal")
    if not output.strip():
        raise UsageError("-o/--output needs a file name (or - for standard output)")
    if output == STDOUT:
        if given is None:
            raise UsageError(f"-o - writes to standard output: say which format with --format "
                             f"({', '.join(f for f in allowed if f != 'rich')})")
        if given == "rich":
            raise UsageError("--format rich is for terminals; use plain, csv, json or markdown")
        return Target(STDOUT, given)
    suffix = os.path.splitext(output)[1].lower()
    from_suffix = SUFFIXES.get(suffix)
    known = ", ".join(s for s, f in SUFFIXES.items() if f in allowed)
    if from_suffix is None:
        if given is None:
            what = f"suffix {suffix!r}" if suffix else "no suffix"
            raise UsageError(f"cannot tell the format of {output!r} ({what}): {command} writes "
                             f"{known}; or give --format")
        if given == "rich":
            raise UsageError("--format rich is for terminals; use plain, csv, json or markdown")
        return Target(output, given)
    if from_suffix not in allowed:
        raise UsageError(f"{command} cannot write {suffix} files ({output!r}); it writes {known}")
    if given is not None and given != from_suffix:
        raise UsageError(f"--format {given} does not match the suffix of {output!r}")
    return Target(output, from_suffix)


def _format_name(fmt: str, allowed: Sequence[str], command: str) -> str:
    name = str(fmt).strip().lower().lstrip(".")
    name = FORMAT_ALIASES.get(name, name)
    if name not in allowed:
        raise UsageError(f"{command} cannot write format {fmt!r} "
                         f"(formats: {', '.join(allowed)})")
    return name
