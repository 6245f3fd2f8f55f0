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
    """Everything known about ``act`` (with its parameters bound), as a JSON-ready dict.

    The declared metadata comes first. For an element-wise activation the properties
    measured by :func:`actfn_cli.core.analysis.properties` follow (``range``, ``monotonic``,
    ``continuity``, ``kinks``, ``jumps`` are then the measured ones; the declared values are
    under ``declared``), then ``tradeoffs`` (sentences generated from the measured numbers)
    and ``method``. A vector activation keeps its declared values and ``measured: false``.
    """
    defn = act.definition
    lo, hi = act.range
    continuity = defn.continuity
    declared = {
        "range": [float(lo), float(hi)],
        "kinks": [float(k) for k in act.kinks],
        "jumps": [float(j) for j in act.jumps],
        "continuity": continuity if math.isfinite(continuity) else math.inf,
        "monotonic": bool(defn.monotonic),
    }
    record: dict[str, Any] = {
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
        "kink_convention": defn.kink_convention,
        "vector": bool(defn.vector),
        "aliases": list(defn.aliases),
        "frameworks": dict(defn.frameworks),
        "presets": {name: PRESETS[name][0] for name in defn.presets},
        "reference": defn.reference,
        "year": defn.year,
    }
    if act.is_vector:
        return {**record, **declared, "measured": False, "note": vector_note(act)}
    from ..core.analysis import properties, summary  # NumPy work: only when asked for
    from ..core.errors import ComputationError

    try:
        props = properties(act)
    except ComputationError as err:  # e.g. NaN everywhere: still describe what is declared
        return {**record, **declared, "measured": False, "note": f"not measured: {err}"}
    method = props.pop("method")
    record["measured"] = True
    record.update({k: v for k, v in props.items() if k not in ("spec", "name")})
    record["declared"] = declared
    record["tradeoffs"] = summary(props)
    record["method"] = method
    return record


def vector_note(act: Activation) -> str:
    return (f"{act.name} acts along an axis: measured properties (range, saturation, "
            f"moments...) are for element-wise activations; shown: the declared metadata")


# How each info field reads in the text formats (JSON keeps every key as it is): the
# declared metadata, then the measured properties. Keys not listed appear after these,
# under their own names, unless hidden.
INFO_FIELDS = (
    ("name", "name"), ("label", "spec"), ("family", "family"), ("summary", "summary"),
    ("formula", "formula"), ("derivative_formula", "derivative"), ("params", "parameters"),
    ("kink_convention", "at kinks"), ("aliases", "aliases"), ("frameworks", "frameworks"),
    ("presets", "presets"), ("reference", "reference"), ("year", "year"),
    # measured (declared for a vector activation)
    ("domain", "domain"), ("range", "range"), ("argmin", "argmin"), ("argmax", "argmax"),
    ("bounded_below", "bounded"), ("limits", "limits"), ("monotonic", "monotonic"),
    ("monotonic_derivative", "monotonic f′"), ("zero_centered", "zero-centred"),
    ("symmetry", "symmetry"), ("continuity", "continuity"), ("jumps", "jumps"),
    ("kinks", "kinks"), ("curvature_breaks", "f″ jumps at"), ("third_breaks", "f‴ jumps at"),
    ("saturating", "saturating"), ("grad_limits", "f′ limits"),
    ("identity_near_zero", "≈ identity at 0"), ("max_grad", "max |f′|"),
    ("dead_zone", "dead zone"), ("zero_grad_share", "zero-gradient share"),
    ("normal_mean", "E[f(z)], z ~ N(0,1)"), ("normal_var", "Var[f(z)]"),
    ("normal_grad_sq", "E[f′(z)²]"),
)

# Keys of the record that the text formats leave out (they repeat another field, or are
# folded into one: range_attained into range, f0 into zero-centred...).
INFO_HIDDEN = {"spec", "latex", "parameters", "preset", "derivative_convention", "vector",
               "measured", "note", "declared", "tradeoffs", "method", "range_attained",
               "argmin_set", "argmax_set", "bounded_above", "f0", "saturation_x",
               "max_grad_at", "max_grad_attained", "max_grad_set", "moments_error"}


_SHOWN_WHEN_SET = {"curvature_breaks", "third_breaks"}  # rows left out when empty


def info_rows(record: dict[str, Any]) -> list[list[str]]:
    """The (field, text) rows of ``actfn info`` in the text formats."""
    shown = dict(INFO_FIELDS)
    keys = [k for k in shown if k in record]
    keys += [k for k in record if k not in shown and k not in INFO_HIDDEN]
    keys = [k for k in keys if record[k] or k not in _SHOWN_WHEN_SET]
    return [[shown.get(k, k.replace("_", " ")), info_text(k, record[k], record)] for k in keys]


def info_notes(record: dict[str, Any]) -> list[str]:
    """The lines under the ``actfn info`` sheet: the trade-offs, or why there are none."""
    if not record.get("measured", False):
        return [record["note"]] if record.get("note") else []
    return [("measured numerically, shown to 5 significant digits (--format json: every "
             "digit, and the methods)"), "trade-offs (generated from the measured numbers):",
            *(f"- {sentence}" for sentence in record.get("tradeoffs", ()))]


def info_text(key: str, value: Any, record: dict[str, Any] | None = None) -> str:
    """One info value as text for the table formats (``record``: the whole record, for the
    fields that fold others in)."""
    r = record or {}
    if key == "params":
        return params_text(value) or "none"
    if key == "range":
        if "range_attained" not in r:
            return f"[{_num(value[0])}, {_num(value[1])}]"
        left, right = r["range_attained"]
        return (f"{'[' if left else '('}{_sig(value[0])}, {_sig(value[1])}"
                f"{']' if right else ')'}")
    if key in ("argmin", "argmax"):
        where = r.get(f"{key}_set")
        if where:
            return _interval(where)
        return "not attained" if value is None else f"x = {_sig(value)}"
    if key == "bounded_below":
        below, above = value, r.get("bounded_above", False)
        return {(True, True): "below and above", (True, False): "below only",
                (False, True): "above only", (False, False): "no"}[(bool(below), bool(above))]
    if key in ("limits", "grad_limits"):
        f = "f" if key == "limits" else "f′"
        return ", ".join(f"no limit as x → {end}" if math.isnan(v) else f"{f} → {_sig(v)} as "
                         f"x → {end}" for v, end in zip(value, ("-inf", "inf")))
    if key == "domain":
        return _interval(value, closed=False)
    if key in ("kinks", "jumps", "curvature_breaks", "third_breaks"):
        digits = _sig if "range_attained" in r else _num
        return ", ".join(digits(v) for v in value) or "none"
    if key == "continuity":
        if value in (math.inf, "inf"):
            return "C^inf (smooth)"
        if value == -1:
            return "jump (C^-1)"
        if value == 3 and "range_attained" in r:
            return "C^3 (no break up to f‴)"
        return f"C^{int(value)}"
    if key == "zero_centered":
        return "yes (f(0) = 0)" if value else f"no (f(0) = {_sig(r.get('f0', math.nan))})"
    if key == "saturating":
        sides = [f"x {op} {_sig(v)}" for op, v in zip(("<", ">"), r.get("saturation_x", ()))
                 if v is not None]
        return f"{value} (|f′| < 1e-3 for {' and '.join(sides)})" if sides else str(value)
    if key == "max_grad":
        if r.get("max_grad_set"):
            return f"{_sig(value)} for {_interval(r['max_grad_set'])}"
        at = r.get("max_grad_at")
        if at is None:
            return _sig(value)
        if r.get("max_grad_attained", True):
            return f"{_sig(value)} at x = {_sig(at)}"
        return f"{_sig(value)} approached as x → {_sig(at)}"
    if key == "dead_zone":
        return " and ".join(_interval(z, closed=False) for z in value) or "none"
    if key == "zero_grad_share":
        return f"{100 * value:.4g}% of N(0,1) inputs get f′ = 0"
    if key in ("normal_mean", "normal_var", "normal_grad_sq"):
        return _sig(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _sig(value: float) -> str:
    """A measured number for people: 5 significant digits, no "-0"."""
    value = float(value)
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    text = f"{value:.5g}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _interval(bounds: Any, closed: bool = True) -> str:
    """An x interval in words: "x ≤ 0", "0 ≤ x ≤ 6", "all x" (the trade-off sentences' form)."""
    from ..core.tradeoffs import interval_text

    lo, hi = (float(b) for b in bounds)
    return interval_text(lo, hi, closed=closed)


def _num(value: float) -> str:
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return _default_text(float(value))
