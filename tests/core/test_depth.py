"""Signal propagation through depth (core.depth): the known outcomes of the seed's story,
determinism, the auto initialisation rule and argument checking."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.core.depth import check_init, choose_init, gain, propagate

SMALL = {"width": 128, "batch": 128}


@pytest.fixture(scope="module")
def story() -> dict:
    out = propagate(["sigmoid", "relu", "selu"], 20, seed=0, **SMALL)
    return {f["spec"]: f for f in out["functions"]}


def test_shape_of_the_result(story) -> None:
    out = propagate(["tanh", "gelu"], 5, seed=1, **SMALL)
    assert (out["depth"], out["width"], out["batch"], out["seed"]) == (5, 128, 128, 1)
    assert [f["spec"] for f in out["functions"]] == ["tanh", "gelu"]
    for f in out["functions"]:
        assert len(f["forward_std"]) == len(f["grad_norm"]) == 5
        assert f["grad_norm"][-1] == 1.0
        assert all(type(v) is float for v in f["forward_std"] + f["grad_norm"])
    json.dumps(out)


def test_sigmoid_with_xavier_vanishes(story) -> None:
    sig = story["sigmoid"]
    assert sig["init"] == "xavier"
    assert sig["grad_norm"][0] < 1e-6  # measured ~1e-12: σ′ ≤ 1/4 at every layer
    assert all(a > b for a, b in zip(sig["grad_norm"][1:], sig["grad_norm"]))


def test_relu_with_he_holds(story) -> None:
    relu = story["relu"]
    assert relu["init"] == "he" and relu["weight_std"] == pytest.approx(math.sqrt(2 / 128))
    assert all(0.1 < g < 10 for g in relu["grad_norm"])  # measured 0.7..1.3 over seeds
    assert all(0.3 < s < 3 for s in relu["forward_std"])


def test_selu_with_lecun_self_normalises(story) -> None:
    selu = story["selu"]
    assert selu["init"] == "lecun" and selu["weight_std"] == pytest.approx(math.sqrt(1 / 128))
    assert all(abs(s - 1) < 0.2 for s in selu["forward_std"])  # measured within 0.07


def test_deterministic_with_a_seed() -> None:
    a = propagate(["tanh", "relu"], 6, seed=7, **SMALL)
    b = propagate(["tanh", "relu"], 6, seed=7, **SMALL)
    c = propagate(["tanh", "relu"], 6, seed=8, **SMALL)
    assert a == b
    assert a["functions"][0]["forward_std"] != c["functions"][0]["forward_std"]
    assert a["functions"][1]["grad_norm"] != c["functions"][1]["grad_norm"]


def test_every_activation_sees_the_same_network() -> None:
    # Alone or beside another, an activation's curves are the same: same draws per seed.
    both = propagate(["tanh", "relu"], 4, seed=3, **SMALL)
    alone = propagate("relu", 4, seed=3, **SMALL)
    assert both["functions"][1] == alone["functions"][0]


def test_auto_rule_from_measured_properties() -> None:
    expected = {"relu": "he", "leaky_relu": "he", "elu": "he", "gelu": "he", "silu": "he",
                "softplus": "he", "relu6": "he", "selu": "lecun", "sigmoid": "xavier",
                "tanh": "xavier", "hardtanh": "xavier", "softsign": "xavier"}
    for name, init in expected.items():
        assert choose_init(af.get(name)) == init, name


def test_orthogonal_gain_is_measured() -> None:
    assert gain(af.get("relu")) == pytest.approx(math.sqrt(2), rel=1e-12)
    assert gain(af.get("identity")) == pytest.approx(1.0, rel=1e-12)
    out = propagate("relu", 20, init="orthogonal", seed=0, **SMALL)["functions"][0]
    assert out["init"] == "orthogonal" and out["gain"] == pytest.approx(math.sqrt(2))
    assert all(0.1 < g < 10 for g in out["grad_norm"])


def test_explicit_init_overrides_auto() -> None:
    out = propagate("relu", 3, init="xavier", **SMALL)["functions"][0]
    assert out["init"] == "xavier" and out["weight_std"] == pytest.approx(math.sqrt(1 / 128))
    assert check_init("Glorot") == "xavier" and check_init("kaiming") == "he"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"depth": 0}, "depth must be between 1"),
    ({"depth": 2.5}, "depth must be a whole number"),
    ({"width": 0}, "width must be between 1"),
    ({"init": "uniform"}, "unknown init 'uniform'"),
    ({"depth": 10_000, "width": 4096, "batch": 4096}, "too large"),
])
def test_bad_arguments(kwargs: dict, message: str) -> None:
    args = {"depth": 3, **SMALL, **kwargs}
    with pytest.raises(af.UsageError, match=message):
        propagate("relu", **args)


def test_vector_activations_are_refused() -> None:
    with pytest.raises(af.UsageError, match="element-wise"):
        propagate("softmax", 3, **SMALL)


def test_exploding_network_keeps_non_finite_values() -> None:
    out = propagate("exponential", 30, init="he", **SMALL)["functions"][0]
    assert not np.all(np.isfinite(out["forward_std"]))
