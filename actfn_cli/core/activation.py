"""The activation object users hold: ``act(x)``, ``act.grad(x)``, ``act.grad(x, order=2)``.

Evaluation contract (shared by every definition, enforced here once):
- array-likes and scalars are accepted; the shape is kept; float16/32/64 stay what they are and
  everything else real becomes float64 (computed in float64, rounded once);
- large arrays are evaluated in cache-sized blocks, so temporaries stay in cache;
- no floating-point warning ever escapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from . import registry
from .errors import ComputationError, ParameterError, UsageError
from .registry import PRESETS, Definition, Param, VectorDefinition

BLOCK = 32768  # elements per block: 256 KiB of float64, so a few temporaries stay in L2
_FLOATS = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))


def _prepare(x: Any) -> tuple[np.ndarray, np.dtype]:
    a = np.asarray(x)
    if a.dtype in _FLOATS:
        return a, a.dtype
    if a.dtype.kind in "biuf":  # ints, bools, longdouble: computed and returned in float64
        return a.astype(np.float64), np.dtype(np.float64)
    raise UsageError(f"cannot evaluate an activation on {a.dtype} input; give real numbers")


def _finish(out: np.ndarray, scalar: bool) -> Any:
    return out[()] if scalar else out


def _format_value(value: Any) -> str:
    if isinstance(value, float) and value == int(value) and abs(value) < 1e15:
        return repr(value)
    return repr(value) if not isinstance(value, str) else value


class Activation:
    """An activation with its parameters bound. Built by :func:`actfn_cli.get`."""

    def __init__(self, definition: Definition, params: Mapping[str, Any],
                 preset: str | None = None, given: Mapping[str, Any] | None = None,
                 label: str | None = None) -> None:
        self.definition = definition
        self.params: dict[str, Any] = dict(params)
        self.preset = preset
        self.convention = PRESETS[preset][1] if preset else "torch"
        self._given = dict(given or {})
        self._label = label
        overrides = definition.grad_at.get(self.convention)
        self._grad_at = tuple(overrides(**self.params)) if overrides else ()

    # ----------------------------------------------------------------- identity
    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def spec(self) -> str:
        """A spec string that rebuilds this activation (``name@preset:param=value``)."""
        out = self.name + (f"@{self.preset}" if self.preset else "")
        if self._given:
            out += ":" + ",".join(f"{k}={_format_value(self.params[k])}" for k in self._given)
        return out

    @property
    def label(self) -> str:
        """A short legend label: the name (or user label) and the parameters that differ
        from the catalogue defaults."""
        if self._label:
            return self._label
        defaults = {p.name: p.default for p in self.definition.params}
        parts = []
        for p in self.definition.params:
            value = self.params[p.name]
            if value != defaults[p.name]:
                parts.append(f"{p.symbol or p.name}={_format_value(value)}")
        base = self.name + (f"@{self.preset}" if self.preset else "")
        return f"{base} ({', '.join(parts)})" if parts else base

    def __repr__(self) -> str:
        return f"<Activation {self.spec}>"

    def _key(self) -> tuple:
        return (self.name, tuple(sorted(self.params.items(), key=lambda kv: kv[0])),
                self.convention)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Activation) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    # ----------------------------------------------------------------- metadata
    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") or attr in ("definition", "params"):
            raise AttributeError(attr)
        defn = self.__dict__["definition"]
        if attr in ("range", "kinks", "jumps"):
            return defn.meta(attr, self.__dict__["params"])
        if attr == "derivative_formula":
            return defn.derivative
        if hasattr(defn, attr):
            return getattr(defn, attr)
        raise AttributeError(attr)

    @property
    def is_vector(self) -> bool:
        return self.definition.vector

    # ----------------------------------------------------------------- evaluation
    def __call__(self, x: Any) -> Any:
        """The activation's values, same shape and float dtype as ``x``."""
        return self._eval(self.definition.f, x, ())

    def grad(self, x: Any, order: int = 1) -> Any:
        """The first (``order=1``) or second (``order=2``) derivative at ``x``."""
        if order not in (1, 2) or isinstance(order, bool):
            raise ParameterError(f"order must be 1 or 2 (got {order!r})")
        if order == 1:
            return self._eval(self.definition.d1, x, self._grad_at)
        if self.definition.d2 is None:
            raise ComputationError(f"{self.name}: no second derivative is defined")
        return self._eval(self.definition.d2, x, ())

    def _eval(self, fn: Callable[..., np.ndarray], x: Any,
              at: tuple[tuple[float, float], ...]) -> Any:
        a, dtype = _prepare(x)
        scalar = a.ndim == 0
        flat = a.reshape(-1)
        p = self.params
        out = np.empty(flat.shape, dtype)
        work = np.float32 if dtype == np.float32 and self.definition.native32 else np.float64
        with np.errstate(all="ignore"):
            for start in range(0, max(flat.size, 1), BLOCK):
                chunk = flat[start:start + BLOCK]
                if chunk.size == 0:
                    break
                xs = chunk.astype(work, copy=False)
                r = fn(xs, **p)
                for x0, value in at:
                    r[xs == x0] = value
                out[start:start + BLOCK] = r
        return _finish(out.reshape(a.shape), scalar)


class VectorActivation(Activation):
    """An activation along an axis (softmax, glu, maxout...): ``grad`` is the Jacobian."""

    definition: VectorDefinition

    def _rows(self, x: Any, axis: int) -> tuple[np.ndarray, np.dtype, tuple[int, ...]]:
        a, dtype = _prepare(x)
        if a.ndim == 0:
            raise UsageError(f"{self.name} acts along an axis; give at least a 1-D array")
        moved = np.moveaxis(a, axis, -1)
        n = moved.shape[-1]
        defn = self.definition
        if defn.check_size is not None:
            problem = defn.check_size(n, **self.params)
            if problem:
                raise UsageError(f"{self.name}: {problem}")
        rows = np.ascontiguousarray(moved.reshape(-1, n), dtype=np.float64)
        return rows, dtype, moved.shape[:-1]

    def _out_size(self, n: int) -> int:
        fn = self.definition.out_size
        return fn(n, **self.params) if fn else n

    def __call__(self, x: Any, axis: int = -1) -> np.ndarray:  # type: ignore[override]
        rows, dtype, lead = self._rows(x, axis)
        with np.errstate(all="ignore"):
            r = self.definition.f(rows, **self.params)
        return np.moveaxis(r.astype(dtype, copy=False).reshape(*lead, r.shape[-1]), -1, axis)

    def grad(self, x: Any, order: int = 1, axis: int = -1) -> np.ndarray:  # type: ignore[override]
        """The Jacobian along ``axis`` (moved last): shape (..., m, n)."""
        if order != 1:
            raise ComputationError(
                f"{self.name}: only the first derivative (the Jacobian) is available for "
                f"vector activations")
        rows, dtype, lead = self._rows(x, axis)
        with np.errstate(all="ignore"):
            j = self.definition.d1(rows, **self.params)
        return j.astype(dtype, copy=False).reshape(*lead, j.shape[-2], j.shape[-1])

    def jvp(self, x: Any, v: Any, axis: int = -1) -> np.ndarray:
        """The Jacobian-vector product J(x)·v along ``axis``, without forming J."""
        rows, dtype, lead = self._rows(x, axis)
        vv = np.moveaxis(np.asarray(v, dtype=np.float64), axis, -1)
        if vv.shape != np.moveaxis(np.empty(np.shape(x)), axis, -1).shape:
            raise UsageError(f"{self.name}: v must have the shape of x")
        with np.errstate(all="ignore"):
            r = self.definition.jvp(rows, np.ascontiguousarray(vv.reshape(rows.shape)),
                                    **self.params)
        return np.moveaxis(r.astype(dtype, copy=False).reshape(*lead, r.shape[-1]), -1, axis)


# --------------------------------------------------------------------------- public API
_expression_factory: Callable[..., Activation] | None = None


def set_expression_factory(factory: Callable[..., Activation]) -> None:
    """Installed by the expression module: ``get`` hands it every spec that is not a name."""
    global _expression_factory
    _expression_factory = factory


def get(spec: str | Activation, **params: Any) -> Activation:
    """The activation named by ``spec``, with ``params`` overriding those in the spec.

    >>> act = get("leaky_relu@keras:negative_slope=0.1")
    >>> float(act(-1.0)), float(act.grad(0.0))
    (-0.1, 0.1)
    """
    if isinstance(spec, Activation):
        if not params:
            return spec
        spec = spec.spec
    if not isinstance(spec, str):
        raise UsageError(f"an activation spec is a string (got {type(spec).__name__})")
    if not registry.is_name_spec(spec):
        return _from_expression(spec, params)
    name, preset, text_params = registry.parse_spec(spec)
    try:
        defn = registry.lookup(name)
    except UsageError:
        if not text_params and preset is None:  # a bare unknown name: the expression module
            return _from_expression(spec, params)  # answers with the same did-you-mean
        raise
    if preset is not None:
        preset = registry.check_preset(preset)
    given: dict[str, Any] = {**text_params, **params}
    resolved = defn.resolve(preset, given)
    cls = VectorActivation if defn.vector else Activation
    return cls(defn, resolved, preset, given)


def _from_expression(spec: str, params: Mapping[str, Any]) -> Activation:
    if _expression_factory is None:
        from . import expression  # noqa: F401  (installs the factory)
    if _expression_factory is None:
        raise UsageError(f"cannot read spec {spec!r}")
    return _expression_factory(spec, params)


def register(name: str, f: Callable[..., np.ndarray], grad: Callable[..., np.ndarray],
             grad2: Callable[..., np.ndarray] | None = None, *,
             params: Mapping[str, float] | None = None, aliases: tuple[str, ...] = (),
             formula: str = "", derivative: str = "", family: str = "user",
             range: tuple[float, float] = (-math.inf, math.inf), kinks: tuple[float, ...] = (),
             jumps: tuple[float, ...] = (), continuity: float = math.inf,
             monotonic: bool = False, summary: str = "",
             replace: bool = False) -> Definition:
    """Add a user activation to the catalogue; every command can then use it by name.

    ``f(x, **params)``, ``grad`` and ``grad2`` receive a float64 1-D array and the parameters
    as keywords and return arrays of the same shape. ``params`` maps names to defaults.
    """
    if not registry.normalise(name) or not registry.is_name_spec(name) or ":" in name:
        raise UsageError(f"cannot register {name!r}: a name is letters, digits and '_'")
    existing = registry._KEYS.get(registry.normalise(name))
    if existing is not None and not (replace and not registry._REGISTRY[existing].builtin):
        raise UsageError(f"cannot register {name!r}: the name is taken by {existing!r}")
    return registry.define(
        name=name, family=family, f=f, d1=grad, d2=grad2,
        formula=formula or name, latex=formula or name, derivative=derivative,
        summary=summary, aliases=aliases, range=range, kinks=kinks, jumps=jumps,
        continuity=continuity, monotonic=monotonic, builtin=False,
        params=tuple(Param(k, float(v)) for k, v in (params or {}).items()),
    )


def presets() -> dict[str, str]:
    """Preset names and the framework each reproduces."""
    return {k: v[0] for k, v in PRESETS.items()}
