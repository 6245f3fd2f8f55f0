"""Batch files: read a TOML file of jobs and validate all of it, before any work starts.

The format (other tools generate these files; keep it exactly)::

    [defaults]                        # optional: options for every job whose command takes them
    xmin = -6
    xmax = 6

    [[job]]
    name = "gelu-vs-silu"             # optional; used in messages
    command = "compare"               # plot, compare, table, grad (also list, info)
    specs = ["gelu", "silu"]
    grad = true                       # any long option: dashes become underscores
    output = "figs/gelu-vs-silu.svg"  # or outputs = ["figs/a.svg", "figs/a.png"]

Option values are what a user types on the command line (``at = "-1,0,1"``, ``size = "7x4"``)
or the natural TOML value (``at = [-1, 0, 1]``, ``size = [7, 4]``, ``param = {beta = 1.5}``);
:mod:`.parsing` reads both. Outputs are relative to the TOML file's folder, or to ``out_dir``.
A default applies to the jobs whose command takes it, except that a job with its own ``at``
takes no range default (``xmin``, ``xmax``, ``points``): the two ways to choose x exclude each
other. A job's own keys override the defaults.

:func:`load` reads the whole file and returns a :class:`Plan` of :class:`Task` objects, one per
job, each holding one options object per output (so a worker can prepare it again: options
objects hold plain TOML values and pickle). Every problem in the file is collected and raised
together as a :class:`BatchFileError` (a usage error: exit 2), each naming the job and the key.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..core.errors import (
    ParameterError,
    PresetError,
    SpecError,
    UnknownActivationError,
    UsageError,
)
from . import jobs

COMMANDS = tuple(jobs.OPTIONS)  # plot, compare, table, grad, list, info
RESERVED = ("name", "command", "output", "outputs")  # job keys that are not options
TOP_LEVEL = ("defaults", "job")
BOOLEAN = {f.name for c in jobs.OPTIONS.values() for f in fields(c)  # the flags
           if isinstance(f.default, bool)}
TEXT = ("title", "layout", "style", "format")
RANGE = ("xmin", "xmax", "points")  # defaults a job with its own ``at`` does not take


class BatchFileError(UsageError):
    """A batch file that cannot run: ``problems`` lists every one, each a full line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems[0] if len(self.problems) == 1 else
                         f"{len(self.problems)} problems: " + "; ".join(self.problems))


@dataclass(frozen=True)
class Task:
    """One job of the file, validated: an options object per output (same options, each
    with its own ``output``), and the absolute paths the parent writes."""

    index: int  # 1-based position among the [[job]] tables
    name: str | None
    command: str
    options: tuple[Any, ...]
    paths: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"job {self.index} ({self.name})" if self.name else f"job {self.index}"


@dataclass
class Plan:
    """Every task of a batch file, in file order; ``prepared`` holds the jobs made while
    validating (by task index), so a batch run in this process does not prepare twice."""

    source: str
    tasks: list[Task]
    prepared: dict[int, list[jobs.Job]] = field(default_factory=dict, repr=False)


def shown(path: str) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith("..") else relative


def _close(word: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    dashed = word.replace("-", "_")
    if dashed != word and dashed in choices:
        return f"; did you mean {dashed!r}? (dashes become underscores)"
    hit = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {hit[0]!r}?" if hit else ""


def load(path: str, out_dir: str | None = None) -> Plan:
    """Read and validate the batch file at ``path`` (see the module docstring)."""
    where = shown(path)
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        raise UsageError(f"batch file {where} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"batch file {where} is a folder") from None
    except PermissionError:
        raise UsageError(f"cannot read batch file {where}: permission denied") from None
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{where}: not valid TOML: {err}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{where}: not valid TOML: not UTF-8 text") from None
    if out_dir is not None and os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise UsageError(f"--out-dir {out_dir}: not a folder")
    base = out_dir if out_dir is not None else os.path.dirname(os.path.abspath(path))
    return _Validator(where, os.path.abspath(base)).plan(document)


class _Validator:
    def __init__(self, where: str, base: str) -> None:
        self.where = where
        self.base = base
        self.problems: list[str] = []
        self.plan_ = Plan(where, [])
        self.owners: dict[str, str] = {}  # normalised output path -> job label

    def problem(self, where: str, key: str | None, message: str) -> None:
        line = f"{self.where}: {where}"
        if key is not None:
            name, _, note = key.partition(" ")
            line += f", key {name!r}" + (f" {note}" if note else "")
        line = f"{line}: {message}"
        if line not in self.problems:
            self.problems.append(line)

    # ------------------------------------------------------------------ the document
    def plan(self, document: Mapping[str, Any]) -> Plan:
        for key in document:
            if key not in TOP_LEVEL:
                self.problem("top level", key, "unknown table or key (a batch file has "
                             f"[defaults] and [[job]] tables){_close(key, TOP_LEVEL)}")
        defaults = document.get("defaults", {})
        if not isinstance(defaults, Mapping):
            self.problem("top level", "defaults", "must be a table: [defaults]")
            defaults = {}
        defaults = self.check_defaults(defaults)
        entries = document.get("job", [])
        if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
            self.problem("top level", "job", "jobs are [[job]] tables (an array of tables)")
            entries = []
        if not entries and not self.problems:
            self.problem("top level", None, "no jobs: add [[job]] tables")
        for index, entry in enumerate(entries, start=1):
            self.job(index, entry, defaults)
        if self.problems:
            raise BatchFileError(self.problems)
        return self.plan_

    def check_defaults(self, defaults: Mapping[str, Any]) -> dict[str, Any]:
        known = {"command", *(k for c in COMMANDS for k in jobs.option_names(c))} - {"output"}
        out = {}
        for key, value in defaults.items():
            if key in ("name", "output", "outputs"):
                self.problem("[defaults]", key, "cannot be a default: it belongs to one job")
            elif key not in known:
                self.problem("[defaults]", key, f"no command takes this option"
                             f"{_close(key, sorted(known))}")
            else:
                out[key] = value
        return out

    # ------------------------------------------------------------------ one job
    def job(self, index: int, entry: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
        name = entry.get("name")
        label = f"job {index}"
        if name is not None:
            if not isinstance(name, str) or not name.strip():
                self.problem(label, "name", f"must be non-empty text (got {name!r})")
                name = None
            else:
                label = f"job {index} ({name})"
        command = entry.get("command", defaults.get("command"))
        if command is None:
            self.problem(label, "command", f"missing: say which command runs "
                         f"(one of {', '.join(COMMANDS)})")
            return
        if command not in COMMANDS:
            key = "command" if "command" in entry else "command (from [defaults])"
            hint = _close(str(command), COMMANDS)
            self.problem(label, key, f"unknown command {command!r} "
                         f"(commands: {', '.join(COMMANDS)}){hint}")
            return
        allowed = set(jobs.option_names(command)) - {"output"}
        values: dict[str, Any] = {}
        origin: dict[str, str] = {}
        for key, value in defaults.items():
            if key in allowed and not (key in RANGE and ({"at", "depth", "properties"} & set(entry))):
                values[key], origin[key] = value, f"{key} (from [defaults])"
        bad = False
        for key, value in entry.items():
            if key in RESERVED:
                continue
            if key not in allowed:
                others = [c for c in COMMANDS if key in jobs.option_names(c)]
                hint = (f" ({' and '.join(others)} take{'s' if len(others) == 1 else ''} it)"
                        if others
                        else _close(key, sorted(allowed | set(RESERVED))))
                self.problem(label, key, f"{command} has no option {key!r}{hint}")
                bad = True
                continue
            values[key], origin[key] = value, key
        paths = self.outputs(label, entry)
        for key in list(values):
            message = _type_problem(key, values[key])
            if message:
                self.problem(label, origin[key], message)
                bad = True
        if bad or paths is None:
            return
        if isinstance(values.get("specs"), str):
            values["specs"] = [values["specs"]]
        self.prepare(index, name, label, command, values, origin, paths)

    def outputs(self, label: str, entry: Mapping[str, Any]) -> list[tuple[str, str]] | None:
        """The job's outputs as (shown path, absolute path) pairs, or None after a problem."""
        if "output" in entry and "outputs" in entry:
            self.problem(label, "outputs", "give either output or outputs, not both")
            return None
        key = "outputs" if "outputs" in entry else "output"
        if key not in entry:
            self.problem(label, "output", 'missing: where to write, e.g. output = "fig.svg" '
                         'or outputs = ["fig.svg", "fig.png"]')
            return None
        raw = entry[key]
        items = raw if key == "outputs" else [raw]
        if key == "outputs" and (not isinstance(raw, list) or not raw):
            self.problem(label, key, f"must be a non-empty list of file names (got {raw!r})")
            return None
        pairs = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                self.problem(label, key, f"a file name must be non-empty text (got {item!r})")
                return None
            if item.strip() == "-":
                self.problem(label, key, "a batch writes files; standard output ('-') is "
                             "not an output here")
                return None
            full = os.path.normpath(os.path.join(self.base, os.path.expanduser(item)))
            pairs.append((shown(full), full))
        for shown_path, full in pairs:
            norm = os.path.normcase(full)
            owner = self.owners.get(norm)
            if owner is not None:
                again = "is listed twice" if owner == label else f"is also written by {owner}"
                self.problem(label, key, f"duplicate output: {shown_path} {again}")
                return None
            self.owners[norm] = label
        return pairs

    def prepare(self, index: int, name: str | None, label: str, command: str,
                values: dict[str, Any], origin: dict[str, str],
                paths: list[tuple[str, str]]) -> None:
        cls = jobs.OPTIONS[command]
        options, prepared = [], []
        for shown_path, _ in paths:
            opts = cls(**values, output=shown_path)
            try:
                prepared.append(jobs.prepare(opts))
            except UsageError as err:
                key = _blame(err, values, origin, shown_path, "outputs" if len(paths) > 1
                             else "output")
                self.problem(label, key, str(err))
                continue
            options.append(opts)
        if len(prepared) == len(paths):
            self.plan_.tasks.append(Task(index, name, command, tuple(options),
                                         tuple(full for _, full in paths)))
            self.plan_.prepared[index] = prepared


def _type_problem(key: str, value: Any) -> str | None:
    """A TOML value of the wrong kind for ``key`` (the rest is checked by :mod:`.parsing`)."""
    if key in BOOLEAN and not isinstance(value, bool):
        return f"must be true or false (got {value!r})"
    if key in TEXT and not isinstance(value, str):
        return f"must be text (got {value!r})"
    if key == "specs":
        if isinstance(value, str):
            return None
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            return f'must be a list of activation specs, e.g. ["gelu", "silu"] (got {value!r})'
    if key == "param" and not isinstance(value, (str, list, Mapping)):
        return f'must be NAME=VALUE items or a table, e.g. {{beta = 1.5}} (got {value!r})'
    if isinstance(value, Mapping) and key not in ("param", "sweep"):
        return f"must not be a table (got {value!r})"
    return None


_OPTION = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)")
_SPEC_ERRORS = (UnknownActivationError, SpecError, PresetError, ParameterError)


def _blame(err: UsageError, values: Mapping[str, Any], origin: Mapping[str, str],
           output: str, output_key: str) -> str | None:
    """The key a usage error is about: the first option the message names that the job sets;
    else the output when the message quotes it; else ``specs`` for an activation problem."""
    text = str(err)
    for match in _OPTION.finditer(text):
        key = match.group(1).replace("-", "_")
        if key in values:
            return origin[key]
    if repr(output) in text or "-o/--output" in text:
        return output_key
    if "specs" in values and (isinstance(err, _SPEC_ERRORS) or "activation" in text
                              or "spec" in text):
        return origin["specs"]
    return None
