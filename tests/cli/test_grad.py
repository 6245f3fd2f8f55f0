"""``actfn grad``: derivative tables, conventions, checks, plots and Jacobians."""

from __future__ import annotations

import json

import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.core import registry


def test_kink_conventions_side_by_side(actfn) -> None:
    run = actfn("grad", "relu", "leaky_relu", "leaky_relu@jax", "--at", "-1,0,1",
                "--format", "csv")
    rows = [line.split(",") for line in run.stdout.splitlines()]
    assert rows[0] == ["x", "relu'", "leaky_relu'", "leaky_relu@jax'"]
    assert rows[2] == ["0.0", "0.0", "0.01", "1.0"]  # PyTorch vs JAX at the kink


def test_second_derivative_json(actfn) -> None:
    run = actfn("grad", "gelu", "--order", "2", "--at", "-1,0,1", "--format", "json")
    (entry,) = json.loads(run.stdout)["functions"]
    x = np.array([-1.0, 0.0, 1.0])
    gelu = af.get("gelu")
    assert entry["grad"] == gelu.grad(x).tolist()
    assert entry["grad2"] == gelu.grad(x, order=2).tolist()
    assert "values" not in entry


def test_jacobian_of_softmax(actfn) -> None:
    run = actfn("grad", "softmax", "--at", "1,2,3", "--format", "json")
    (entry,) = json.loads(run.stdout)["functions"]
    s = np.exp([1.0, 2, 3]) / np.exp([1.0, 2, 3]).sum()
    expected = np.diag(s) - np.outer(s, s)
    assert np.allclose(entry["jacobian"], expected, rtol=1e-14, atol=1e-16)
    plain = actfn("grad", "softmax", "--at", "1,2,3")
    assert plain.stdout.splitlines()[0].split() == ["spec", "i", "d/dx0", "d/dx1", "d/dx2"]


def test_check_passes_on_the_catalogue(actfn) -> None:
    run = actfn("grad", "gelu", "silu", "relu", "hardswish", "--order", "2", "--check",
                "--format", "json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["tolerance"] == 1e-6
    assert all(f["ok"] for f in data["functions"])
    assert {(f["spec"], f["order"]) for f in data["functions"]} >= {("gelu", 1), ("gelu", 2)}
    relu = next(f for f in data["functions"] if f["spec"] == "relu")
    assert relu["skipped"] >= 1  # the kink at 0 is not checked


def test_check_of_vector_jacobian(actfn) -> None:
    run = actfn("grad", "softmax", "sparsemax", "--at", "0.3,-1.2,2", "--check")
    assert run.code == 0, run.stderr
    assert run.stdout.count(" ok") == 2


@pytest.fixture
def wrong_derivative():
    name = "wrong_sine_for_test"
    af.register(name, lambda x: np.sin(x), lambda x: np.cos(x) * 1.001,
                lambda x: -np.sin(x), replace=True)
    yield name
    registry._REGISTRY.pop(name, None)
    registry._KEYS.pop(registry.normalise(name), None)


def test_check_fails_on_a_wrong_derivative(actfn, wrong_derivative) -> None:
    run = actfn("grad", wrong_derivative, "--check")
    assert run.code == 1
    assert "FAILED" in run.stdout
    message = run.error_line()
    assert message.startswith(f"derivative check failed: {wrong_derivative} f' is off by")


def test_grad_figure(actfn, tmp_path) -> None:
    target = tmp_path / "g.svg"
    run = actfn("grad", "gelu", "silu", "--order", "2", "-o", str(target))
    assert run.code == 0
    text = target.read_text(encoding="utf-8")
    assert "<!-- $f'(x)$ -->" in text and "<!-- $f''(x)$ -->" in text
    assert "<!-- $f(x)$ -->" not in text  # grad draws derivatives only


@pytest.mark.parametrize("args,fragment", [
    (["softmax", "--at", "1,2", "--order", "2"], "only its Jacobian"),
    (["softmax", "relu", "--at", "1,2"], "not both"),
    (["softmax"], "give it with --at"),
    (["gelu", "--check", "-o", "g.png"], "--check prints a table"),
    (["gelu", "--at", "1", "-o", "g.png"], "--at is for tables"),
    (["softmax", "--at", "1,inf"], "finite inputs"),
])
def test_grad_usage_errors(actfn, args, fragment) -> None:
    run = actfn("grad", *args)
    assert run.code == 2
    assert fragment in run.error_line()


def test_whole_catalogue_passes_the_check(actfn) -> None:
    names = [n for n in af.names() if not af.get(n).is_vector]
    run = actfn("grad", *names, "--order", "2", "--check", "--format", "json")
    assert run.code == 0, run.stderr
    functions = json.loads(run.stdout)["functions"]
    assert len(functions) == 2 * len(names)
    assert all(f["checked"] > 100 for f in functions)
