"""``actfn table``: every format, exact numbers, points, derivatives, vectors, files."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

import actfn_cli as af


def strict_json(text: str):
    """Parse JSON refusing NaN/Infinity literals (RFC 8259)."""
    def bad(token: str):
        raise AssertionError(f"non-standard JSON constant {token}")

    return json.loads(text, parse_constant=bad)


def test_plain_default_rows_are_the_integers(actfn) -> None:
    run = actfn("table", "relu")
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["x", "relu"]
    xs = [float(line.split()[0]) for line in lines[1:]]
    assert xs == [float(v) for v in range(-6, 7)]


def test_csv_round_trips_exactly(actfn) -> None:
    run = actfn("table", "gelu", "silu", "--at", "-2.5,-1,0,0.1,3", "--format", "csv")
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == ["x", "gelu", "silu"]
    x = np.array([-2.5, -1, 0, 0.1, 3])
    for column, name in ((1, "gelu"), (2, "silu")):
        got = np.array([float(r[column]) for r in rows[1:]])
        assert np.array_equal(got, af.get(name)(x))  # bit for bit: repr round-trips


def test_json_shape_and_values(actfn) -> None:
    run = actfn("table", "elu:alpha=0.5", "--at", "-1,0,1", "--order", "2", "--format", "json")
    data = strict_json(run.stdout)
    assert data["x"] == [-1.0, 0.0, 1.0]
    (entry,) = data["functions"]
    act = af.get("elu:alpha=0.5")
    assert entry["spec"] == "elu:alpha=0.5" and entry["name"] == "elu"
    assert entry["params"] == {"alpha": 0.5}
    x = np.array(data["x"])
    assert entry["values"] == act(x).tolist()
    assert entry["grad"] == act.grad(x).tolist()
    assert entry["grad2"] == act.grad(x, order=2).tolist()


def test_json_non_finite_values_are_strings(actfn) -> None:
    run = actfn("table", "relu", "exponential", "--at", "-inf,nan,inf", "--grad",
                "--format", "json")
    data = strict_json(run.stdout)
    assert data["x"] == ["-inf", "nan", "inf"]
    relu, exp = data["functions"]
    assert relu["values"] == [0.0, "nan", "inf"]
    assert exp["values"] == [0.0, "nan", "inf"]


def test_markdown_table(actfn) -> None:
    run = actfn("table", "relu", "--at", "-1,1", "--grad", "--format", "markdown")
    lines = run.stdout.splitlines()
    assert lines[0] == "| x | relu | relu' |"
    assert lines[1] == "|---:|---:|---:|"
    assert lines[2] == "| -1.0 | 0.0 | 0.0 |"


def test_rich_when_asked_and_plain_in_a_pipe(actfn) -> None:
    rich = actfn("table", "relu", "--at", "1", "--format", "rich")
    assert "relu" in rich.stdout and "─" in rich.stdout  # a rich rule
    plain = actfn("table", "relu", "--at", "1")  # CliRunner's stdout is not a TTY
    assert "─" not in plain.stdout and "\x1b[" not in plain.stdout


def test_plain_never_truncates_long_numbers(actfn) -> None:
    specs = ["gelu", "silu", "mish", "softplus", "elu", "selu", "celu", "tanh"]
    run = actfn("table", *specs, "--at", "-0.3333333333333333", env={"COLUMNS": "40"})
    row = run.stdout.splitlines()[1].split()
    for value, spec in zip(row[1:], specs):
        assert float(value) == float(af.get(spec)(-0.3333333333333333))


def test_grid_includes_kinks_exactly(actfn) -> None:
    run = actfn("table", "hardshrink", "relu6", "--xmin", "-1", "--xmax", "7", "--points",
                "3", "--format", "csv")
    xs = [float(line.split(",")[0]) for line in run.stdout.splitlines()[1:]]
    for kink in (-0.5, 0.5, 0.0, 6.0):
        assert kink in xs
    assert xs == sorted(xs)


def test_round_step_over_a_custom_range(actfn) -> None:
    run = actfn("table", "relu", "--xmin", "0", "--xmax", "1", "--format", "csv")
    xs = [line.split(",")[0] for line in run.stdout.splitlines()[1:]]
    assert xs == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"]


def test_vector_activation_needs_at_and_gives_its_output(actfn) -> None:
    run = actfn("table", "softmax", "glu", "--at", "1,2,3,4", "--format", "json")
    data = strict_json(run.stdout)
    softmax, glu = data["functions"]
    assert softmax["values"] == af.get("softmax")(np.array([1.0, 2, 3, 4])).tolist()
    assert len(glu["values"]) == 2  # glu halves its input
    plain = actfn("table", "glu", "--at", "1,2,3,4")
    assert len(plain.stdout.splitlines()) == 5


def test_expression_with_param(actfn) -> None:
    run = actfn("table", "x*sigmoid(beta*x)", "--param", "beta=1.702", "--at", "1",
                "--format", "json")
    (entry,) = strict_json(run.stdout)["functions"]
    assert entry["params"] == {"beta": 1.702}
    assert math.isclose(entry["values"][0], float(af.get("quick_gelu")(1.0)), rel_tol=1e-15)


def test_param_binds_catalogue_parameters(actfn) -> None:
    run = actfn("table", "elu", "relu", "--param", "alpha=2", "--at", "-1", "--format", "csv")
    assert float(run.stdout.splitlines()[1].split(",")[1]) == 2 * math.expm1(-1)


@pytest.mark.parametrize("suffix,fmt", [(".csv", "csv"), (".json", "json"), (".md", "markdown"),
                                        (".txt", "plain")])
def test_output_file_takes_format_from_suffix(actfn, tmp_path, suffix, fmt) -> None:
    target = tmp_path / f"t{suffix}"
    run = actfn("table", "relu", "--at", "-1,1", "-o", str(target))
    assert run.code == 0 and run.stdout == ""
    assert run.stderr.strip() == f"wrote {target}"
    expected = actfn("table", "relu", "--at", "-1,1", "--format", fmt).stdout
    assert target.read_text(encoding="utf-8") == expected


def test_quiet_and_stdout_dash(actfn, tmp_path) -> None:
    run = actfn("table", "relu", "--at", "1", "-q", "-o", str(tmp_path / "a.csv"))
    assert run.stderr == ""
    dash = actfn("table", "relu", "--at", "1", "-o", "-", "--format", "csv")
    assert dash.stdout == "x,relu\n1.0,1.0\n"


def test_negative_numbers_as_values(actfn) -> None:
    run = actfn("table", "relu", "--xmin", "-3", "--xmax", "-1", "--points", "3",
                "--format", "csv")
    assert [line.split(",")[0] for line in run.stdout.splitlines()[1:]] == ["-3.0", "-2.0",
                                                                            "-1.0"]
