"""The records behind ``actfn list`` and ``actfn info``: plain dicts, built in one place each,
so a later feature (measured properties) extends them by adding keys."""

from __future__ import annotations

import math
from typing import Any

from ..core import registry
from ..core.activation import Activation
from ..core.registry import PRESETS, Definition


def _default_text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return repr(value) if not isinstance(value, str) else value


def list_record(defn: Definition) -> dict[str, Any]:
    """One catalogue entry: names, family, parameters with defaults, frameworks."""
    return {
        "name": defn.name,
        "aliases": list(defn.aliases),
        "family": defn.family,
        "vector": bool(defn.vector),
        "params": {p.name: p.default for p in defn.params},
        "frameworks": dict(defn.frameworks),
        "presets": sorted(defn.presets),
        "summary": defn.summary,
    }


def list_records() -> list[dict[str, Any]]:
    """Every registered activation, in catalogue order."""
    return [list_record(d) for d in registry.all_definitions()]


def params_text(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_default_text(v)}" for k, v in params.items())


def info_record(act: Activation) -> dict[str, Any]:
    """Everything known about ``act`` (with its parameters bound), as a JSON-ready dict."""
    defn = act.definition
    lo, hi = act.range
    continuity = defn.continuity
    return {
        "name": act.name,
        "spec": act.spec,
        "label": act.label,
        "family": defn.family,
        "summary": defn.summary,
        "formula": defn.formula,
        "latex": defn.latex,
        "derivative_formula": defn.derivative,
        "params": dict(act.params),
        "parameters": [{"name": p.name, "value": act.params[p.name], "default": p.default,
                        "symbol": p.symbol or p.name, "allowed": p.allowed, "doc": p.doc}
                       for p in defn.params],
        "preset": act.preset,
        "derivative_convention": act.convention,
        "range": [float(lo), float(hi)],
        "kinks": [float(k) for k in act.kinks],
        "jumps": [float(j) for j in act.jumps],
        "kink_convention": defn.kink_convention,
        "continuity": continuity if math.isfinite(continuity) else math.inf,
        "monotonic": bool(defn.monotonic),
        "vector": bool(defn.vector),
        "aliases": list(defn.aliases),
        "frameworks": dict(defn.frameworks),
        "presets": {name: PRESETS[name][0] for name in defn.presets},
        "reference": defn.reference,
        "year": defn.year,
    }


# How each info field reads in the text formats (JSON keeps every key as it is).
INFO_FIELDS = (
    ("name", "name"), ("label", "spec"), ("family", "family"), ("summary", "summary"),
    ("formula", "formula"), ("derivative_formula", "derivative"), ("params", "parameters"),
    ("range", "range"), ("kinks", "kinks"), ("jumps", "jumps"),
    ("kink_convention", "at kinks"), ("continuity", "continuity"), ("monotonic", "monotonic"),
    ("aliases", "aliases"), ("frameworks", "frameworks"), ("presets", "presets"),
    ("reference", "reference"), ("year", "year"),
)

# Keys of the record that the text formats leave out (they repeat another field).
INFO_HIDDEN = {"spec", "latex", "parameters", "preset", "derivative_convention", "vector"}


def info_text(key: str, value: Any) -> str:
    """One info value as text for the table formats."""
    if key == "params":
        return params_text(value) or "none"
    if key == "range":
        return f"[{_num(value[0])}, {_num(value[1])}]"
    if key in ("kinks", "jumps"):
        return ", ".join(_num(v) for v in value) or "none"
    if key == "continuity":
        return ("C^inf (smooth)" if value == math.inf else "jump (C^-1)" if value == -1
                else f"C^{int(value)}")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _num(value: float) -> str:
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return _default_text(float(value))
