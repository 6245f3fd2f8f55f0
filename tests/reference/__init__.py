"""Independent mpmath forms of the activations, the ground truth of the accuracy tests.

Each family module here defines ``REFERENCES = {name: Ref(...)}`` with the activation written
from its mathematical definition in mpmath (never by calling actfn). ``tests/make_reference.py``
turns them into data files; the tests read those files.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath as mp


@dataclass
class Ref:
    """The mpmath form of one activation.

    f(x, **params) -> mpf; optional d1/d2 explicit derivatives (else mp.diff of f);
    ``cases``: parameter sets to check, each a dict that may hold "preset";
    ``extra``: a callable of the params giving further points (e.g. around a kink);
    ``limits``: {(sign, order): float} overriding the computed limit at sign·∞ (order 0..2),
    for instance nan for a periodic function.
    """

    f: Callable[..., Any]
    d1: Callable[..., Any] | None = None
    d2: Callable[..., Any] | None = None
    cases: Sequence[Mapping[str, Any]] = ({},)
    extra: Callable[..., Sequence[float]] | None = None
    limits: Mapping[tuple[int, int], float] = field(default_factory=dict)

    def bind(self, params: Mapping[str, Any]) -> Callable[[mp.mpf], mp.mpf]:
        return lambda x: self.f(x, **params)

    def bind_d(self, order: int, params: Mapping[str, Any]):
        d = self.d1 if order == 1 else self.d2
        return (lambda x: d(x, **params)) if d else None

    def points(self, params: Mapping[str, Any]) -> Sequence[float]:
        return list(self.extra(**params)) if self.extra else []

    def limit(self, params: Mapping[str, Any], sign: int) -> list[str]:
        """[f, f′, f″] at sign·∞ as float strings: f at ±10^400, derivatives at ±10^30
        (where an mp.diff is still exact); magnitudes beyond 1e20 there mean ±inf."""
        out = []
        big = mp.mpf(10) ** 400
        for order in range(3):
            if (sign, order) in self.limits:
                out.append(repr(float(self.limits[(sign, order)])))
                continue
            try:
                if order == 0:
                    v = self.f(sign * big, **params)
                else:
                    x = sign * mp.mpf(10) ** 30
                    d = self.bind_d(order, params)
                    v = d(x) if d else mp.diff(self.bind(params), x, order)
                    if abs(v) > 1e20:
                        v = mp.inf if v > 0 else -mp.inf
            except (OverflowError, ValueError, ZeroDivisionError):
                v = mp.nan
            if mp.isnan(v):
                out.append("nan")
            elif mp.isinf(v) or abs(v) > mp.mpf("1.7976931348623158e308"):
                out.append("inf" if v > 0 else "-inf")
            else:
                out.append(repr(float(v)))
        return out


def load_references() -> dict[str, Ref]:
    """Every REFERENCES dict of the modules in this package, merged."""
    out: dict[str, Ref] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, ref in getattr(module, "REFERENCES", {}).items():
            if name in out:
                raise ValueError(f"two references for {name!r}")
            out[name] = ref
    return out
