"""The catalogue: activation records, the single registry, name lookup and spec strings.

A family module adds an activation with one call to :func:`define` (element-wise) or
:func:`define_vector` (along the last axis). Everything else — the Python API, the command line,
completion, the gallery and the parametrized tests — reads this registry and nothing else.

Spec strings: ``NAME``, ``NAME:PARAM=VALUE[,PARAM=VALUE...]``, ``NAME@PRESET`` and
``NAME@PRESET:PARAM=VALUE``. Names are case-insensitive and ``-``/``_`` are ignored, so every
framework spelling (``LeakyReLU``, ``leaky-relu``, ``hard_sigmoid``) finds its activation.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ParameterError, PresetError, SpecError, UnknownActivationError

# Framework presets: name -> (display name, derivative convention at kinks).
# Keras and TensorFlow follow PyTorch's one-sided conventions (TF: relu'(0) = 0,
# leaky_relu'(0) = alpha); JAX differs where CATALOGUE.md says so.
PRESETS: dict[str, tuple[str, str]] = {
    "torch": ("PyTorch", "torch"),
    "jax": ("JAX", "jax"),
    "keras": ("Keras 3", "torch"),
    "keras2": ("Keras 2", "torch"),
    "tf": ("TensorFlow", "torch"),
}
PRESET_ALIASES = {"pytorch": "torch", "flax": "jax", "tensorflow": "tf", "keras3": "keras"}

FAMILY_MODULES = (
    "rectifiers",
    "rectifiers_curved",
    "sigmoids",
    "tanhs",
    "gated",
    "gated_more",
    "misc",
    "trig",
    "vector",
)

_MISSING = object()


@dataclass(frozen=True)
class Param:
    """One parameter of an activation.

    ``kind`` is ``float``, ``int`` or ``str``; ``choices`` restricts a str parameter;
    ``check`` is a predicate on the value and ``allowed`` says in words what it accepts
    (both appear in the error message). ``nullable`` lets the value be ``None`` (spelt ``none``).
    """

    name: str
    default: Any
    doc: str = ""
    kind: type = float
    choices: tuple[str, ...] = ()
    check: Callable[[Any], bool] | None = None
    allowed: str = ""
    nullable: bool = False
    symbol: str = ""  # e.g. "α", used in legends

    def coerce(self, value: Any, owner: str) -> Any:
        """Validate ``value`` (a Python value or the text of a spec) and return it typed."""
        where = f"{owner}: parameter {self.name!r}"
        if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "null")):
            if self.nullable:
                return None
            raise ParameterError(f"{where} cannot be none{self._hint()}")
        if self.kind is str:
            text = str(value).strip().strip("'\"").lower()
            if self.choices and text not in self.choices:
                raise ParameterError(
                    f"{where} must be one of {', '.join(self.choices)} (got {value!r})")
            return text
        if isinstance(value, bool):
            raise ParameterError(f"{where} must be a number, not {value!r}")
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                raise ParameterError(f"{where} must be a number (got {value!r})") from None
        else:
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ParameterError(f"{where} must be a number (got {value!r})") from None
        if not math.isfinite(number):
            raise ParameterError(f"{where} must be finite (got {value!r})")
        if self.kind is int:
            if number != int(number):
                raise ParameterError(f"{where} must be a whole number (got {value!r})")
            number = int(number)
        if self.check is not None and not self.check(number):
            raise ParameterError(f"{where} must be {self.allowed} (got {value!r})")
        return number

    def _hint(self) -> str:
        return f" (allowed: {self.allowed})" if self.allowed else ""


def _constant(value: Any) -> Callable[..., Any]:
    return lambda **_: value


@dataclass(frozen=True)
class Definition:
    """An element-wise activation: f, f′ and f″ on float64 1-D arrays, and its metadata.

    ``f``, ``d1`` and ``d2`` are called as ``f(x, **params)`` with a contiguous float64 1-D
    array (float32 when ``native32`` and the input is float32; never to be modified in place) inside ``np.errstate(all="ignore")``; they return a
    float64 array of the same shape. ``d1`` implements the default (PyTorch) convention at kinks;
    ``grad_at[convention](**params)`` lists ``(x0, f′(x0))`` pairs that another convention changes.
    ``range``, ``kinks`` and ``jumps`` are constants or callables of the parameters.
    """

    name: str
    family: str
    f: Callable[..., Any]
    d1: Callable[..., Any]
    d2: Callable[..., Any]
    formula: str
    latex: str
    derivative: str
    summary: str = ""
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    range: Any = (-math.inf, math.inf)
    kinks: Any = ()
    jumps: Any = ()
    kink_convention: str = "smooth everywhere"
    continuity: float = math.inf  # -1 jump, k for C^k, math.inf for smooth
    monotonic: bool = True
    reference: str = ""
    year: int | None = None
    frameworks: Mapping[str, str] = field(default_factory=dict)
    presets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    grad_at: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    validate: Callable[..., str | None] | None = None
    native32: bool = False  # float32 input is computed in float32 (still within the contract)
    vector: bool = False
    builtin: bool = True

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def resolve(self, preset: str | None, given: Mapping[str, Any]) -> dict[str, Any]:
        """Defaults, then the preset's values, then ``given``; every value validated."""
        values = {p.name: p.default for p in self.params}
        if preset is not None:
            values.update(self.presets.get(preset, {}))
        known = {p.name for p in self.params}
        for key, raw in given.items():
            if key not in known:
                raise ParameterError(_unknown_param_message(self, key))
            values[key] = raw
        out = {p.name: p.coerce(values[p.name], self.name) for p in self.params}
        if self.validate is not None:
            problem = self.validate(**out)
            if problem:
                raise ParameterError(f"{self.name}: {problem}")
        return out

    def meta(self, attr: str, params: Mapping[str, Any]) -> Any:
        value = getattr(self, attr)
        return value(**params) if callable(value) else value


@dataclass(frozen=True)
class VectorDefinition(Definition):
    """An activation along one axis: ``f(x2d, **p)`` acts on the rows of a (rows, n) array.

    ``d1`` is the Jacobian, (rows, m, n); ``jvp(x2d, v2d, **p)`` the Jacobian-vector product;
    ``out_size(n, **p)`` the output length (n for softmax, n/2 for glu, n/k for maxout) and
    ``check_size(n, **p)`` an error message when n does not fit.
    """

    jvp: Callable[..., Any] | None = None
    out_size: Callable[..., int] | None = None
    check_size: Callable[..., str | None] | None = None
    vector: bool = True


def _unknown_param_message(defn: Definition, key: str) -> str:
    names = [p.name for p in defn.params]
    if not names:
        return f"{defn.name}: takes no parameters (got {key!r})"
    import difflib  # here: only a misspelt name pays for it
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{defn.name}: unknown parameter {key!r} (parameters: {', '.join(names)}){hint}"


# --------------------------------------------------------------------------- the registry
_REGISTRY: dict[str, Definition] = {}
_KEYS: dict[str, str] = {}  # normalised name or alias -> canonical name
_loaded = False


def normalise(name: str) -> str:
    """Lower-case, ``-`` and ``_`` removed: the key every spelling of a name maps to."""
    return re.sub(r"[-_\s]", "", name).lower()


def add(defn: Definition) -> Definition:
    """Register ``defn`` under its name and aliases; a clash is a programming error."""
    for spelling in (defn.name, *defn.aliases):
        key = normalise(spelling)
        owner = _KEYS.get(key)
        if owner is not None and owner != defn.name:
            raise ValueError(f"name {spelling!r} of {defn.name!r} is already taken by {owner!r}")
    for preset in defn.presets:
        if preset not in PRESETS:
            raise ValueError(f"{defn.name}: unknown preset {preset!r} in its definition")
    _REGISTRY[defn.name] = defn
    for spelling in (defn.name, *defn.aliases):
        _KEYS[normalise(spelling)] = defn.name
    return defn


def define(**fields: Any) -> Definition:
    """Define and register an element-wise activation (see :class:`Definition`)."""
    return add(Definition(**fields))


def define_vector(**fields: Any) -> VectorDefinition:
    """Define and register an activation acting along an axis (see :class:`VectorDefinition`)."""
    return add(VectorDefinition(**fields))  # type: ignore[return-value]


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in FAMILY_MODULES:
        try:
            importlib.import_module(f"{__package__}.{module}")
        except ModuleNotFoundError as exc:  # a family not written yet
            if exc.name != f"{__package__}.{module}":
                raise


def all_definitions() -> list[Definition]:
    """Every registered definition, in catalogue order (family, then definition order)."""
    _load()
    return list(_REGISTRY.values())


def names() -> list[str]:
    """The canonical names, in catalogue order."""
    return [d.name for d in all_definitions()]


def lookup(name: str) -> Definition:
    """The definition for a name or alias, or :class:`UnknownActivationError` with suggestions."""
    _load()
    key = normalise(name)
    if key in _KEYS:
        return _REGISTRY[_KEYS[key]]
    raise UnknownActivationError(name, suggest(name))


def suggest(name: str, n: int = 3) -> list[str]:
    """The canonical names closest to ``name`` (aliases count, answers are canonical)."""
    _load()
    key = normalise(name)
    import difflib  # here: only a misspelt name pays for it
    hits = difflib.get_close_matches(key, list(_KEYS), n=n * 3, cutoff=0.6)
    out: list[str] = []
    for hit in hits:
        canonical = _KEYS[hit]
        if canonical not in out:
            out.append(canonical)
    return out[:n]


def check_preset(preset: str) -> str:
    key = preset.strip().lower()
    key = PRESET_ALIASES.get(key, key)
    if key not in PRESETS:
        import difflib  # here: only a misspelt name pays for it
        close = difflib.get_close_matches(key, list(PRESETS), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise PresetError(
            f"unknown preset {preset!r} (presets: {', '.join(PRESETS)}){hint}")
    return key


# --------------------------------------------------------------------------- spec strings
_SPEC = re.compile(
    r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_\-]*)\s*"
    r"(?:@\s*(?P<preset>[A-Za-z0-9_]*)\s*)?"
    r"(?::(?P<params>.*))?$",
    re.S,
)


def is_name_spec(spec: str) -> bool:
    """True when ``spec`` has the shape ``NAME[@PRESET][:PARAMS]`` (not an expression)."""
    return _SPEC.match(spec) is not None


def parse_spec(spec: str) -> tuple[str, str | None, dict[str, str]]:
    """Split a spec string into (name, preset or None, {param: text})."""
    m = _SPEC.match(spec)
    if m is None:
        raise SpecError(f"cannot read spec {spec!r}; expected NAME[@PRESET][:PARAM=VALUE,...]")
    preset = m.group("preset")
    if preset is not None and not preset:
        raise SpecError(f"spec {spec!r}: '@' must be followed by a preset name "
                        f"({', '.join(PRESETS)})")
    params: dict[str, str] = {}
    text = m.group("params")
    if text is not None:
        if not text.strip():
            raise SpecError(f"spec {spec!r}: ':' must be followed by PARAM=VALUE")
        for item in text.split(","):
            key, eq, value = item.partition("=")
            key = key.strip()
            if not eq or not key or not value.strip():
                raise SpecError(f"spec {spec!r}: expected PARAM=VALUE, got {item.strip()!r}")
            if key in params:
                raise SpecError(f"spec {spec!r}: parameter {key!r} given twice")
            params[key] = value.strip()
    return m.group("name"), preset, params
