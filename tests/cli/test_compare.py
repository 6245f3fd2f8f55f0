"""``actfn compare``: the difference table, layouts, sweeps, and visible small differences."""

from __future__ import annotations

import csv
import io
import json

import numpy as np

import actfn_cli as af
from actfn_cli.cli import jobs, views
from actfn_cli.core.grid import sample_grid


def test_difference_table_matches_direct_computation(actfn) -> None:
    run = actfn("compare", "gelu", "gelu@jax", "silu", "--format", "json")
    data = json.loads(run.stdout)
    assert data["reference"] == "gelu" and data["points"] == 1001
    x = sample_grid(-6.0, 6.0, 1001)
    ref = af.get("gelu")
    for entry, spec in zip(data["functions"], ["gelu@jax", "silu"]):
        act = af.get(spec)
        delta = act(x) - ref(x)
        i = int(np.argmax(np.abs(delta)))
        assert entry["max_abs_diff"] == abs(delta[i]) and entry["argmax"] == x[i]
        assert entry["rms_diff"] == float(np.sqrt(np.mean(delta ** 2)))
        assert entry["max_abs_grad_diff"] == float(np.max(np.abs(act.grad(x) - ref.grad(x))))
    gelu_jax = data["functions"][0]
    assert 4e-4 < gelu_jax["max_abs_diff"] < 5e-4  # the exact-vs-tanh gap


def test_figure_with_table_on_stdout(actfn, tmp_path) -> None:
    target = tmp_path / "c.png"
    run = actfn("compare", "relu", "gelu", "-o", str(target))
    assert run.code == 0 and target.exists()
    assert run.stdout.startswith("difference from relu over [-6, 6]")
    assert "gelu" in run.stdout.splitlines()[2]


def test_figure_on_stdout_is_not_mixed_with_the_table(actfn) -> None:
    run = actfn("compare", "relu", "gelu", "-o", "-", "--format", "png")
    assert run.code == 0
    assert run.stdout_bytes.startswith(b"\x89PNG") and run.stdout_bytes.endswith(b"IEND\xaeB`\x82")


def test_csv_table_to_file(actfn, tmp_path) -> None:
    target = tmp_path / "d.csv"
    actfn("compare", "relu", "gelu", "silu", "-o", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == ["spec", "max |df|", "at x", "rms df", "max |df'|", "at x'"]
    assert [r[0] for r in rows[1:]] == ["gelu", "silu"]


def test_terminal_view_shows_plot_and_table(actfn) -> None:
    run = actfn("compare", "gelu", "gelu@jax", env={"COLUMNS": "100", "LINES": "40"})
    assert "f(x) − gelu" in run.stdout  # the difference panel: invisible otherwise
    assert "difference from gelu" in run.stdout


def _job(*specs: str, **options) -> jobs.Job:
    return jobs.prepare(jobs.CompareOptions(specs=list(specs), output="x.png", **options))


def test_small_difference_gets_a_panel_large_does_not() -> None:
    job = _job("gelu", "gelu@jax")
    x = sample_grid(*job.xlim, job.points, job.acts)
    shown = views.series(job, x)
    diff = views.difference_series(job, x, shown)
    assert len(diff) == 1 and np.nanmax(np.abs(diff[0].curves[0].y)) > 4e-4
    job = _job("relu", "sigmoid")
    assert views.difference_series(job, x, views.series(job, x)) == []


def test_difference_visible_in_both_layouts() -> None:
    from actfn_cli.render import figures

    for layout, axes in (("overlay", 2), ("grid", 2)):
        job = _job("gelu", "gelu@jax", layout=layout)
        x = sample_grid(*job.xlim, job.points, job.acts)
        shown = views.series(job, x)
        spec = figures.FigureSpec(shown, job.orders, difference=views.difference_series(
            job, x, shown), reference="gelu")
        fig = figures.build(spec, layout)
        visible = [ax for ax in fig.axes if ax.get_visible()]
        assert len(visible) >= axes + (1 if layout == "grid" else 0)
        assert any(ax.get_ylabel() == "$\\Delta f(x)$" or "minus gelu" in ax.get_title(loc="left")
                   for ax in visible)


def test_sweep_labels_show_the_swept_value(actfn) -> None:
    run = actfn("compare", "elu", "--sweep", "alpha=0.5,1,2", "--format", "csv")
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert [r[0] for r in rows[1:]] == ["elu (α=1.0)", "elu (α=2.0)"]
    job = _job("elu", sweep="alpha=0.5,1,2", layout="grid")
    assert job.labels == ("elu (α=0.5)", "elu (α=1.0)", "elu (α=2.0)")
    assert [a.params["alpha"] for a in job.acts] == [0.5, 1.0, 2.0]


def test_sweep_figure_grid(actfn, tmp_path) -> None:
    target = tmp_path / "s.svg"
    run = actfn("compare", "softplus", "--sweep", "beta=0.5,1,2", "--layout", "grid",
                "--grad", "-o", str(target))
    assert run.code == 0
    text = target.read_text(encoding="utf-8")
    for label in ("softplus (β=0.5)", "softplus (β=1.0)", "softplus (β=2.0)", "$f'(x)$"):
        assert f"<!-- {label} -->" in text


def _plot_lines(stdout: str) -> list[str]:
    """The terminal plot: everything before the difference table."""
    return stdout.split("\ndifference from")[0].splitlines()


def test_terminal_grid_is_small_multiples_that_fit_the_width(actfn) -> None:
    specs = ("gelu", "silu", "relu", "tanh")
    for columns, per_row in (("120", 3), ("60", 1)):
        run = actfn("compare", *specs, "--layout", "grid", env={"COLUMNS": columns, "LINES": "40"})
        assert run.code == 0
        lines = _plot_lines(run.stdout)
        assert max(map(len, lines)) <= int(columns)
        axes = [line.count("└") for line in lines if "└" in line]
        assert axes[0] == per_row and sum(axes) == len(specs)  # one panel per activation
        headings = [line.split() for line in lines if "└" not in line and "│" not in line
                    and "┤" not in line and "━" not in line]
        assert [s for s in specs if any(s in h for h in headings)] == list(specs)
        assert "gelu (reference)" in lines[-1] and "\x1b[" not in run.stdout
        assert "f′(x)" not in run.stdout


def test_terminal_grid_with_grad_and_a_small_difference(actfn) -> None:
    run = actfn("compare", "gelu", "silu", "--layout", "grid", "--grad",
                env={"COLUMNS": "100", "LINES": "40"})
    lines = _plot_lines(run.stdout)
    assert "╍╍╍ f′(x)" in lines[-1] and max(map(len, lines)) <= 100
    assert [line.count("└") for line in lines if "└" in line] == [2]
    run = actfn("compare", "gelu", "gelu@jax", "--layout", "grid",
                env={"COLUMNS": "100", "LINES": "40"})
    assert "minus gelu" in run.stdout  # the difference, under the second panel


def test_terminal_overlay_unchanged_by_the_grid(actfn) -> None:
    env = {"COLUMNS": "120", "LINES": "40"}
    overlay = actfn("compare", "gelu", "silu", "relu", env=env).stdout
    assert actfn("compare", "gelu", "silu", "relu", "--layout", "overlay", env=env).stdout \
        == overlay
    lines = _plot_lines(overlay)
    assert [line.count("└") for line in lines if "└" in line] == [1]  # one shared plot
    assert "━━━ gelu   ╍╍╍ silu   ┅┅┅ relu" in lines[-1]
    assert actfn("compare", "gelu", "silu", "relu", "--layout", "grid", env=env).stdout \
        != overlay
