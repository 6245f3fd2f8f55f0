"""The registry and the public API: names, aliases, spec strings, presets, errors, register()."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import actfn_cli as af
from actfn_cli.core import registry
from actfn_cli.core.registry import PRESETS

DEFINITIONS = registry.all_definitions()
BUILTIN = [d for d in DEFINITIONS if d.builtin]


# ------------------------------------------------------------------ metadata, per entry
@pytest.mark.parametrize("defn", BUILTIN, ids=lambda d: d.name)
def test_metadata_is_complete(defn) -> None:
    assert defn.name == defn.name.lower() and " " not in defn.name
    for attr in ("formula", "latex", "derivative", "summary", "reference"):
        assert isinstance(getattr(defn, attr), str) and getattr(defn, attr).strip(), attr
    assert defn.year is None or 1940 <= defn.year <= 2026
    assert set(defn.frameworks) <= {"torch", "jax", "keras", "tf"}
    assert defn.continuity in (-1, math.inf) or (defn.continuity >= 0
                                                 and defn.continuity == int(defn.continuity))
    params = {p.name: p.default for p in defn.params}
    lo, hi = defn.meta("range", params)
    assert lo <= hi
    for point in (*defn.meta("kinks", params), *defn.meta("jumps", params)):
        assert math.isfinite(point)
    if defn.meta("jumps", params):
        assert defn.continuity == -1, "a function with jumps is C^-1"
    for preset, values in defn.presets.items():
        assert preset in PRESETS
        assert set(values) <= set(params), f"preset {preset} sets an unknown parameter"


@pytest.mark.parametrize("defn", BUILTIN, ids=lambda d: d.name)
def test_every_spelling_finds_the_entry(defn) -> None:
    for spelling in (defn.name, *defn.aliases):
        assert af.get(spelling).name == defn.name
        assert af.get(spelling.upper()).name == defn.name
        assert af.get(spelling.replace("_", "-")).name == defn.name


@pytest.mark.parametrize("defn", BUILTIN, ids=lambda d: d.name)
@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_resolves(defn, preset) -> None:
    act = af.get(f"{defn.name}@{preset}")
    assert act.preset == preset
    for key, value in defn.presets.get(preset, {}).items():
        assert act.params[key] == value


@pytest.mark.parametrize("defn", BUILTIN, ids=lambda d: d.name)
def test_spec_round_trips(defn) -> None:
    act = af.get(defn.name)
    assert af.get(act.spec) == act
    for p in defn.params:
        if p.kind is float and p.default is not None and p.check is None:
            changed = af.get(defn.name, **{p.name: p.default + 0.125})
            assert af.get(changed.spec) == changed
            assert changed != act


# ------------------------------------------------------------------ spec strings and errors
def test_keyword_and_spec_parameters_are_the_same() -> None:
    a = af.get("identity")
    assert a == af.get("IDENTITY") == af.get("linear")
    assert af.get("relu") != a


def test_unknown_name_suggests_closest() -> None:
    with pytest.raises(af.UnknownActivationError) as err:
        af.get("rleu")
    assert "relu" in err.value.suggestions
    assert "did you mean 'relu'" in str(err.value)
    assert err.value.exit_code == 2


def test_unknown_preset_lists_presets() -> None:
    with pytest.raises(af.PresetError, match="unknown preset 'jaxx'.*did you mean 'jax'"):
        af.get("relu@jaxx")


def test_parameter_errors_name_the_parameter() -> None:
    with pytest.raises(af.ParameterError, match="takes no parameters"):
        af.get("relu:alpha=1")
    with pytest.raises(af.SpecError, match="PARAM=VALUE"):
        af.get("relu:alpha")
    with pytest.raises(af.SpecError, match="preset name"):
        af.get("relu@")


@given(st.text(max_size=40))
def test_any_spec_text_parses_or_raises_a_usage_error(text: str) -> None:
    try:
        act = af.get(text)
    except af.UsageError as err:
        assert "\n" not in str(err).strip()
    else:
        assert isinstance(act, af.Activation)


# ------------------------------------------------------------------ register()
def test_register_user_activation_and_use_it() -> None:
    defn = af.register(
        "cube_test_act", lambda x, k: k * x**3, lambda x, k: 3 * k * x**2,
        lambda x, k: 6 * k * x, params={"k": 2.0}, formula="f(x) = k·x³")
    try:
        act = af.get("cube_test_act:k=0.5")
        assert float(act(2.0)) == 4.0 and float(act.grad(2.0)) == 6.0
        assert float(act.grad(2.0, order=2)) == 6.0
        assert act(np.ones(3, dtype=np.float32)).dtype == np.float32
        assert "cube_test_act" in af.names()
        with pytest.raises(af.UsageError, match="taken"):
            af.register("relu", lambda x: x, lambda x: x)
        with pytest.raises(af.UsageError, match="taken"):
            af.register("cube_test_act", lambda x: x, lambda x: x)
    finally:
        registry._REGISTRY.pop(defn.name)
        registry._KEYS.pop(registry.normalise(defn.name))


def test_grad_order_is_checked() -> None:
    with pytest.raises(af.ParameterError, match="order must be 1 or 2"):
        af.get("relu").grad(1.0, order=3)


def test_complex_input_is_refused() -> None:
    with pytest.raises(af.UsageError, match="complex"):
        af.get("relu")(np.array([1j]))
