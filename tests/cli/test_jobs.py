"""The job layer batch builds on: options objects, validation, bytes without files."""

from __future__ import annotations

import pytest

from actfn_cli.cli import jobs, parsing
from actfn_cli.core.errors import UsageError


def test_toml_values_are_accepted() -> None:
    """A batch file gives natural TOML values; they mean what the command line means."""
    job = jobs.prepare(jobs.TableOptions(specs=["elu"], at=[-1, 0, 1.5], param={"alpha": 2},
                                         format="csv"))
    assert job.x.tolist() == [-1.0, 0.0, 1.5]
    assert job.acts[0].params == {"alpha": 2.0}
    fig = jobs.prepare(jobs.CompareOptions(specs=["elu"], sweep={"alpha": [0.5, 1]},
                                           size=[6, 3], xmin=-4, dpi=100, output="a.png"))
    assert fig.size == (6.0, 3.0) and fig.xlim == (-4.0, 6.0) and fig.dpi == 100.0


@pytest.mark.parametrize("options,fragment", [
    (jobs.PlotOptions(specs=["gelu"], xmin=True), "--xmin must be a number"),
    (jobs.PlotOptions(specs=["gelu"], points="many"), "--points must be a whole number"),
    (jobs.PlotOptions(specs=[]), "give at least one activation"),
    (jobs.PlotOptions(specs=[""]), "cannot be empty"),
    (jobs.TableOptions(specs=["gelu"], at=[]), "at least one number"),
    (jobs.TableOptions(specs=["gelu"], param=["a=1", "a=2"]), "given twice"),
    (jobs.InfoOptions(specs=["gelu", "relu"]), "one activation"),
])
def test_validation_errors(options, fragment) -> None:
    with pytest.raises(UsageError, match=fragment):
        jobs.prepare(options)


def test_produce_touches_no_file(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    job = jobs.prepare(jobs.PlotOptions(specs=["relu"], output="out/f.svg"))
    out = jobs.produce(job)  # the folder does not even exist: produce only computes
    assert out.data.lstrip().startswith(b"<?xml") and list(tmp_path.iterdir()) == []


def test_produced_bytes_equal_what_the_command_writes(actfn, tmp_path) -> None:
    for name, options, args in [
        ("f.png", jobs.PlotOptions(specs=["gelu", "silu"], grad=True), ["plot", "gelu",
                                                                           "silu", "--grad"]),
        ("t.csv", jobs.TableOptions(specs=["gelu"], at="-1,0,1"), ["table", "gelu", "--at",
                                                                  "-1,0,1"]),
        ("g.json", jobs.GradOptions(specs=["relu"], order=2), ["grad", "relu", "--order",
                                                               "2"]),
    ]:
        target = tmp_path / name
        actfn(*args, "-q", "-o", str(target))
        options.output = str(target)
        assert jobs.produce(jobs.prepare(options)).data == target.read_bytes(), name


def test_option_names_for_batch() -> None:
    assert "sweep" in jobs.option_names("compare") and "check" in jobs.option_names("grad")
    assert "at" not in jobs.option_names("plot")


def test_table_points_pick_round_steps() -> None:
    assert jobs.table_points(-6, 6) == 13
    assert jobs.table_points(0, 1) == 11
    assert jobs.table_points(-1, 1) == 9  # step 0.25
    assert jobs.table_points(0, 0.7) == 15  # step 0.05
    assert jobs.table_points(-1.234, 5.1) == 11  # nothing round fits


def test_target_resolution() -> None:
    t = parsing.target("a/b.svg", None, parsing.FIGURE_FORMATS, command="plot", tty=False)
    assert (t.path, t.format, t.is_figure) == ("a/b.svg", "svg", True)
    t = parsing.target(None, None, parsing.TABLE_FORMATS, command="table", tty=True)
    assert t.format == "rich"
    t = parsing.target("x.TXT", None, parsing.TABLE_FORMATS, command="table", tty=False)
    assert t.format == "plain"
    t = parsing.target("-", "md", parsing.TABLE_FORMATS, command="table", tty=False)
    assert t.format == "markdown"
