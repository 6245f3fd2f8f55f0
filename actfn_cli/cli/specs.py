"""Activation specs from the command line: binding ``--param``, sweeps, and completion.

``--param NAME=VALUE`` binds a parameter of every spec that has one of that name (an
expression's free parameter, or a catalogue parameter such as ``elu``'s ``alpha``). A
``--param`` that no spec uses, or one that a spec already sets itself, is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..core import registry
from ..core.activation import Activation, get
from ..core.errors import UsageError


def _value(text: str) -> Any:
    """A ``--param`` value: a float when it reads as one, else the text (``tanh``, ``none``)."""
    try:
        return float(text)
    except ValueError:
        return text


def _accepted(spec: str) -> tuple[set[str] | None, set[str]]:
    """The parameter names ``spec`` takes (None when unknown until bound) and those the spec
    text sets itself."""
    if registry.is_name_spec(spec):
        name, _, given = registry.parse_spec(spec)
        try:
            definition = registry.lookup(name)
        except UsageError:
            definition = None
        if definition is not None:
            return {p.name for p in definition.params}, set(given)
    from ..core.expr_parse import (
        parse,  # an expression: its free names are its parameters
    )

    try:
        return set(parse(spec).names), set()
    except UsageError:
        return None, set()  # get() will report the problem


def activations(specs: Sequence[str], params: Mapping[str, str]) -> list[Activation]:
    """Build every spec, each with the ``params`` it takes; check every param is used."""
    if not specs:
        raise UsageError("give at least one activation, e.g. gelu (see 'actfn list')")
    used: set[str] = set()
    out = []
    for spec in specs:
        if not isinstance(spec, str) or not spec.strip():
            raise UsageError(f"an activation spec cannot be empty (got {spec!r})")
        accepted, in_spec = _accepted(spec)
        names = set(params) if accepted is None else set(params) & accepted
        clash = sorted(names & in_spec)
        if clash:
            raise UsageError(f"parameter {clash[0]!r} is given both in {spec!r} and by --param")
        act = get(spec, **{k: _value(params[k]) for k in sorted(names)})
        used |= names & set(act.params)
        out.append(act)
    unused = [k for k in params if k not in used]
    if unused:
        raise UsageError(f"--param {unused[0]} is not a parameter of "
                         f"{' or '.join(repr(s) for s in specs)}")
    return out


def swept(spec: str, name: str, values: Sequence[str],
          params: Mapping[str, str]) -> list[Activation]:
    """``spec`` once per value of its parameter ``name`` (the ``--sweep`` of compare)."""
    if name in params:
        raise UsageError(f"parameter {name!r} is given both by --sweep and by --param")
    base = activations([spec], params)[0]
    if name not in base.params:
        known = ", ".join(base.params) or "none"
        raise UsageError(f"--sweep {name}: {base.name} has no parameter {name!r} "
                         f"(parameters: {known})")
    _, in_spec = _accepted(spec)
    if name in in_spec:
        raise UsageError(f"parameter {name!r} is given both in {spec!r} and by --sweep")
    return [activations([spec], {**params, name: v})[0] for v in values]


def sweep_label(act: Activation, name: str) -> str:
    """``act``'s legend label, always showing the swept parameter (even at its default)."""
    label = act.label
    symbol = next((p.symbol for p in act.definition.params if p.name == name and p.symbol),
                  name)
    value = act.params[name]
    token = f"{symbol}={value!r}" if not isinstance(value, str) else f"{symbol}={value}"
    if token in label:
        return label
    return f"{label[:-1]}, {token})" if label.endswith(")") else f"{label} ({token})"


def elementwise(acts: Iterable[Activation], command: str, hint: str = "") -> None:
    """Refuse vector activations where only element-wise ones make sense."""
    for act in acts:
        if act.is_vector:
            raise UsageError(f"{command}: {act.name} acts on a whole vector, not element by "
                             f"element{hint or ''}")


def candidates(incomplete: str) -> list[str]:
    """Shell-completion candidates for a spec: names, aliases, and ``name@preset``."""
    text = incomplete.strip()
    if "@" in text:
        head, _, _ = text.partition("@")
        try:
            registry.lookup(head)
        except UsageError:
            return []
        return [f"{head}@{p}" for p in registry.PRESETS if f"{head}@{p}".startswith(text)]
    words = []
    for definition in registry.all_definitions():
        words.append(definition.name)
        words.extend(definition.aliases)
    key = text.lower()
    return sorted({w for w in words if w.lower().startswith(key)})
