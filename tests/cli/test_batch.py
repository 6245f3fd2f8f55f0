"""``actfn batch``: validation before work, freshness, failure isolation, atomic writes, and
the same bytes whatever the number of processes and whichever command made them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from actfn_cli.cli import batchfile, batchrun
from actfn_cli.core.errors import ComputationError

from .conftest import run_process

# Small, quick figures: the tests are about files, not pictures.
FAST = 'size = "3x2"\ndpi = 40\npoints = 101\n'


def write(folder: Path, text: str, name: str = "batch.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` except the batch files, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".toml"}


SMALL = f"""
[defaults]
xmin = -3
xmax = 3
{FAST}
[[job]]
name = "relu"
command = "plot"
specs = ["relu"]
grad = true
output = "figs/relu.svg"

[[job]]
name = "gates"
command = "compare"
specs = ["gelu", "silu"]
outputs = ["figs/gates.svg", "figs/gates.png", "figs/gates.csv"]

[[job]]
command = "table"
specs = ["relu", "leaky_relu@keras"]
grad = true
at = [-1, 0, 1]
output = "tables/kink.md"

[[job]]
command = "grad"
specs = ["gelu", "gelu@jax"]
output = "figs/grad.pdf"
"""
SMALL_OUTPUTS = {"figs/relu.svg", "figs/gates.svg", "figs/gates.png", "figs/gates.csv",
                 "tables/kink.md", "figs/grad.pdf"}


# --------------------------------------------------------------------------- validation
PLOT_RELU = 'command = "plot"\nspecs = ["relu"]\n'
BAD = {
    "unknown key": (
        f'[[job]]\n{PLOT_RELU}xmn = -2\noutput = "a.svg"\n',
        ["job 2", "'xmn'", "did you mean 'xmin'"]),
    "key of another command": (
        f'[[job]]\nname = "p"\n{PLOT_RELU}layout = "grid"\noutput = "a.svg"\n',
        ["job 2 (p)", "'layout'", "compare"]),
    "dashed key": (
        '[[job]]\ncommand = "compare"\nspecs = ["relu", "elu"]\nx-max = 2\noutput = "a.svg"\n',
        ["'x-max'"]),
    "bad spec": (
        '[[job]]\nname = "typo"\ncommand = "plot"\nspecs = ["gelx"]\noutput = "a.svg"\n',
        ["job 2 (typo)", "'specs'", "did you mean 'gelu'"]),
    "bad preset": (
        '[[job]]\ncommand = "plot"\nspecs = ["gelu@jaxx"]\noutput = "a.svg"\n',
        ["'specs'", "jax"]),
    "bad value": (
        f'[[job]]\n{PLOT_RELU}xmin = "left"\noutput = "a.svg"\n',
        ["job 2", "'xmin'", "number"]),
    "bad value from defaults": (
        f'[defaults]\ndpi = 0\n[[job]]\n{PLOT_RELU}output = "a.png"\n',
        ["'dpi' (from [defaults])"]),
    "wrong type": (
        f'[[job]]\n{PLOT_RELU}grad = "yes"\noutput = "a.svg"\n',
        ["'grad'", "true or false"]),
    "missing command": (
        '[[job]]\nname = "x"\nspecs = ["relu"]\noutput = "a.svg"\n',
        ["job 2 (x)", "'command'", "missing"]),
    "unknown command": (
        '[[job]]\ncommand = "plott"\nspecs = ["relu"]\noutput = "a.svg"\n',
        ["'command'", "did you mean 'plot'"]),
    "missing output": (
        f'[[job]]\n{PLOT_RELU}',
        ["'output'", "missing"]),
    "output and outputs": (
        f'[[job]]\n{PLOT_RELU}output = "a.svg"\noutputs = ["b.svg"]\n',
        ["'outputs'", "not both"]),
    "stdout": (
        f'[[job]]\n{PLOT_RELU}output = "-"\n',
        ["'output'"]),
    "unknown suffix": (
        f'[[job]]\n{PLOT_RELU}output = "a.xyz"\n',
        ["job 2", "'output'", "a.xyz"]),
    "wrong suffix": (
        '[[job]]\ncommand = "table"\nspecs = ["relu"]\noutputs = ["t.csv", "t.png"]\n',
        ["'outputs'", "t.png"]),
    "duplicate outputs": (
        (f'[[job]]\nname = "one"\n{PLOT_RELU}output = "figs/a.svg"\n'
         '[[job]]\nname = "two"\ncommand = "plot"\nspecs = ["elu"]\n'
         'output = "figs/../figs/a.svg"\n'),
        ["job 3 (two)", "duplicate output", "job 2 (one)"]),
    "duplicate in one job": (
        f'[[job]]\n{PLOT_RELU}outputs = ["a.svg", "a.svg"]\n',
        ["listed twice"]),
    "conflicting options": (
        '[[job]]\ncommand = "compare"\nspecs = ["relu"]\noutput = "a.svg"\n',
        ["'specs'", "two activations"]),
    "unknown default": (
        f'[defaults]\ndpii = 100\n[[job]]\n{PLOT_RELU}output = "a.svg"\n',
        ["[defaults]", "'dpii'", "did you mean 'dpi'"]),
    "unknown table": (
        '[[jobs]]\ncommand = "plot"\n',
        ["'jobs'", "did you mean 'job'"]),
    "no jobs": (
        '[defaults]\nxmin = 1\n',
        ["no jobs"]),
    "not toml": (
        '[[job]\ncommand = "plot"\n',
        ["not valid TOML", "line 1"]),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_file_is_refused_before_any_work(actfn, tmp_path, case) -> None:
    text, expected = BAD[case]
    # A good job first (job 1): nothing may be written even though it could run.
    good = '[[job]]\ncommand = "plot"\nspecs = ["relu"]\noutput = "good/first.svg"\n'
    path = write(tmp_path, good + text if case not in ("unknown table", "no jobs",
                                                       "not toml") else text)
    run = actfn("batch", str(path))
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr
    for piece in expected:
        assert piece in run.stderr, (piece, run.stderr)
    assert all(line.startswith("actfn: error: ") for line in run.stderr.splitlines())
    assert files(tmp_path) == {} and not (tmp_path / "good").exists()


def test_every_problem_is_reported_each_on_its_line(actfn, tmp_path) -> None:
    path = write(tmp_path, """
        [[job]]
        command = "plot"
        specs = ["gelx"]
        output = "a.svg"

        [[job]]
        name = "second"
        command = "compare"
        specs = ["relu", "elu"]
        xmin = "abc"
        output = "b.svg"

        [[job]]
        command = "table"
        specs = ["relu"]
        output = "a.svg"
    """)
    run = actfn("batch", str(path))
    lines = run.stderr.splitlines()
    assert run.code == 2 and len(lines) == 3, run.stderr
    assert "job 1, key 'specs'" in lines[0]
    assert "job 2 (second), key 'xmin'" in lines[1]
    assert "job 3, key 'output'" in lines[2] and "duplicate" in lines[2]


def test_missing_batch_file(actfn, tmp_path) -> None:
    run = actfn("batch", str(tmp_path / "nope.toml"))
    assert run.code == 2 and "does not exist" in run.error_line()


def test_negative_jobs(actfn, tmp_path) -> None:
    path = write(tmp_path, SMALL)
    run = actfn("batch", str(path), "--jobs", "-1")
    assert run.code == 2 and "--jobs" in run.error_line()
    assert files(tmp_path) == {}


# --------------------------------------------------------------------------- running
def test_small_batch_end_to_end(actfn, tmp_path) -> None:
    path = write(tmp_path, SMALL)
    run = actfn("batch", str(path))
    assert run.code == 0, run.stderr
    made = files(tmp_path)
    assert set(made) == SMALL_OUTPUTS
    assert made["figs/relu.svg"].startswith(b"<?xml")
    assert made["figs/gates.png"].startswith(b"\x89PNG")
    assert made["figs/grad.pdf"].startswith(b"%PDF")
    assert made["figs/gates.csv"].decode().splitlines()[1].startswith("silu,")
    assert made["tables/kink.md"].decode().startswith("| x | relu | relu' |")
    assert "6 written, 0 unchanged, 0 jobs failed" in run.stderr
    assert run.stdout == ""


def test_out_dir_and_quiet(actfn, tmp_path) -> None:
    path = write(tmp_path, SMALL)
    run = actfn("batch", str(path), "--out-dir", str(tmp_path / "elsewhere"), "-q")
    assert run.code == 0 and run.stderr == "" and run.stdout == ""
    assert set(files(tmp_path / "elsewhere")) == SMALL_OUTPUTS
    assert not (tmp_path / "figs").exists()


def test_defaults_apply_only_where_they_fit(tmp_path) -> None:
    path = write(tmp_path, """
        [defaults]
        xmin = -2
        dpi = 80
        layout = "grid"

        [[job]]
        command = "table"
        specs = ["relu"]
        at = [0, 1]
        output = "t.csv"

        [[job]]
        command = "compare"
        specs = ["relu", "elu"]
        xmin = -1
        output = "c.svg"
    """)
    table, compare = batchfile.load(str(path)).tasks
    assert table.options[0].xmin is None and table.options[0].at == [0, 1]
    assert not hasattr(table.options[0], "dpi")
    assert compare.options[0].xmin == -1 and compare.options[0].layout == "grid"
    assert compare.options[0].dpi == 80


def test_unchanged_outputs_keep_their_mtime(actfn, tmp_path) -> None:
    path = write(tmp_path, SMALL)
    assert actfn("batch", str(path), "-q").code == 0
    old = 1_000_000_000
    for name in SMALL_OUTPUTS:
        os.utime(tmp_path / name, (old, old))
    (tmp_path / "figs/relu.svg").write_bytes(b"edited")
    os.utime(tmp_path / "figs/relu.svg", (old, old))
    run = actfn("batch", str(path))
    assert run.code == 0 and "1 written, 5 unchanged" in run.stderr
    for name in SMALL_OUTPUTS - {"figs/relu.svg"}:
        assert (tmp_path / name).stat().st_mtime == old, name
    assert (tmp_path / "figs/relu.svg").stat().st_mtime > old
    assert (tmp_path / "figs/relu.svg").read_bytes().startswith(b"<?xml")


def test_check_lists_stale_and_missing_and_writes_nothing(actfn, tmp_path) -> None:
    path = write(tmp_path, SMALL)
    missing = actfn("batch", "--check", str(path))
    assert missing.code == 1 and files(tmp_path) == {}
    listed = [line.split(None, 1) for line in missing.stdout.splitlines()]
    assert {status for status, _ in listed} == {"missing"}
    assert {path for _, path in listed} == {batchfile.shown(str(tmp_path / n))
                                            for n in SMALL_OUTPUTS}
    assert actfn("batch", str(path), "-q").code == 0
    fresh = actfn("batch", "--check", str(path))
    assert fresh.code == 0 and fresh.stdout == ""
    assert "6 fresh, 0 stale, 0 missing" in fresh.stderr
    before = files(tmp_path)
    (tmp_path / "figs/gates.png").write_bytes(b"edited")
    (tmp_path / "tables/kink.md").unlink()
    run = actfn("batch", "--check", str(path))
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("stale") and lines[0].endswith("gates.png")
    assert lines[1].startswith("missing") and lines[1].endswith("kink.md")
    assert "4 fresh, 1 stale, 1 missing" in run.stderr
    assert (tmp_path / "figs/gates.png").read_bytes() == b"edited"
    assert not (tmp_path / "tables/kink.md").exists()
    assert {k: v for k, v in files(tmp_path).items() if k != "figs/gates.png"} == {
        k: v for k, v in before.items() if k not in ("figs/gates.png", "tables/kink.md")}


FAILING = f"""
[defaults]
{FAST}
[[job]]
name = "first"
command = "plot"
specs = ["relu"]
output = "first.svg"

[[job]]
name = "blocked"
command = "plot"
specs = ["elu"]
output = "blocker/elu.svg"

[[job]]
name = "last"
command = "plot"
specs = ["selu"]
output = "last.svg"
"""


def test_a_failing_job_does_not_stop_the_others(actfn, tmp_path) -> None:
    path = write(tmp_path, FAILING)
    (tmp_path / "blocker").write_text("a file where a folder should be")
    run = actfn("batch", str(path))
    assert run.code == 1
    assert (tmp_path / "first.svg").exists() and (tmp_path / "last.svg").exists()
    errors = [line for line in run.stderr.splitlines() if line.startswith("actfn: error:")]
    assert len(errors) == 1 and "job 2 (blocked)" in errors[0] and "blocker" in errors[0]
    assert "2 written, 0 unchanged, 1 job failed" in run.stderr


def test_fail_fast_stops_at_the_first_failure(actfn, tmp_path) -> None:
    path = write(tmp_path, FAILING)
    (tmp_path / "blocker").write_text("a file where a folder should be")
    run = actfn("batch", str(path), "--fail-fast")
    assert run.code == 1
    assert (tmp_path / "first.svg").exists() and not (tmp_path / "last.svg").exists()
    assert "1 written" in run.stderr and "1 skipped" in run.stderr


def test_a_failing_job_writes_nothing_and_keeps_old_files(actfn, tmp_path,
                                                          monkeypatch) -> None:
    """A job that fails while making its bytes leaves every file of it as it was."""
    path = write(tmp_path, SMALL)
    (tmp_path / "figs").mkdir()
    (tmp_path / "figs/gates.svg").write_bytes(b"old")
    real = batchrun._produce_all

    def produce_all(made):
        if made[0].labels == ("gelu", "silu"):
            raise ComputationError("refused on purpose")
        return real(made)

    monkeypatch.setattr(batchrun, "_produce_all", produce_all)
    run = actfn("batch", str(path))
    assert run.code == 1 and "job 2 (gates): refused on purpose" in run.stderr
    assert (tmp_path / "figs/gates.svg").read_bytes() == b"old"
    assert not (tmp_path / "figs/gates.png").exists()
    assert set(files(tmp_path)) == SMALL_OUTPUTS - {"figs/gates.png", "figs/gates.csv"}


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(actfn, tmp_path,
                                                                   monkeypatch) -> None:
    path = write(tmp_path, SMALL)
    (tmp_path / "figs").mkdir()
    (tmp_path / "figs/relu.svg").write_bytes(b"old")

    def replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", replace)
    run = actfn("batch", str(path))
    assert run.code == 1 and "No space left on device" in run.stderr
    assert (tmp_path / "figs/relu.svg").read_bytes() == b"old"
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_a_bug_in_one_job_is_reported_not_raised(actfn, tmp_path, monkeypatch) -> None:
    path = write(tmp_path, SMALL)
    real = batchrun._produce_all

    def produce_all(made):
        if made[0].command == "table":
            raise ZeroDivisionError("boom")
        return real(made)

    monkeypatch.setattr(batchrun, "_produce_all", produce_all)
    run = actfn("batch", str(path))
    assert run.code == 1 and "job 3: internal error: ZeroDivisionError: boom" in run.stderr
    assert "5 written" in run.stderr


def test_one_figure_in_several_formats_matches_fresh_figures() -> None:
    """A figure encoded in three formats, in every order, gives the bytes of a freshly built
    figure per format (the layout would otherwise drift between saves)."""
    from actfn_cli.cli import jobs, views
    from actfn_cli.render import figures
    from actfn_cli.render.io import encode_formats

    options = {"specs": ["gelu", "gelu@jax"], "grad": True, "size": "4x3", "dpi": 50,
               "title": "reuse"}
    made = {f: jobs.prepare(jobs.CompareOptions(output=f"x.{f}", **options))
            for f in ("pdf", "png", "svg")}
    fresh = {f: views.figure(job) for f, job in made.items()}
    for order in (("pdf", "png", "svg"), ("svg", "png", "pdf"), ("png", "svg", "pdf")):
        shared = encode_formats(views.build(made["svg"]), order, made["svg"].dpi,
                                figures.rc(made["svg"].style))
        assert shared == fresh, order


def test_several_formats_of_one_job_build_one_figure(monkeypatch) -> None:
    from actfn_cli.cli import jobs, views

    built = []
    real = views.build
    monkeypatch.setattr(views, "build", lambda job: built.append(job) or real(job))
    task = batchfile.Task(1, None, "plot", tuple(
        jobs.PlotOptions(specs=["relu"], size="3x2", dpi=40, points=101, output=f"r.{f}")
        for f in ("svg", "png", "pdf")), ("r.svg", "r.png", "r.pdf"))
    product = batchrun.make(task)
    assert product.error is None and len(built) == 1
    assert [d[:4] for d in product.data] == [b"<?xm", b"\x89PNG", b"%PDF"]


# --------------------------------------------------------------------------- processes
REAL = f"""
[defaults]
{FAST}
[[job]]
command = "compare"
specs = ["leaky_relu", "leaky_relu@keras", "binary_step"]
title = "presets"
output = "compare.svg"

[[job]]
command = "grad"
specs = ["softplus", "softplus@torch"]
order = 2
output = "grad.png"

[[job]]
command = "table"
specs = ["relu"]
grad = true
output = "table.csv"

[[job]]
command = "plot"
specs = ["gelu", "silu"]
grad = true
outputs = ["plot.svg", "plot.png", "plot.pdf"]
"""
# The last job of REAL, by `actfn plot` (the batch makes it in a process that made others).
PLOT = ["plot", "gelu", "silu", "--grad", "--size", "3x2", "--dpi", "40", "--points", "101",
        "-q"]
COMPARE = ["compare", "leaky_relu", "leaky_relu@keras", "binary_step", "--title", "presets",
           "--size", "3x2", "--dpi", "40", "--points", "101", "-q"]


@pytest.fixture(scope="module")
def real_runs(tmp_path_factory):
    """The REAL batch run in fresh processes with --jobs 1 and --jobs 2, and two of its jobs
    made by `actfn plot` (in each format) and `actfn compare`."""
    root = tmp_path_factory.mktemp("real")
    write(root, REAL)
    out = {}
    for n in ("1", "2"):
        done = run_process("batch", str(root / "batch.toml"), "--out-dir", str(root / n),
                           "--jobs", n)
        assert done.returncode == 0, done.stderr
        out[n] = files(root / n)
        out[f"stderr {n}"] = done.stderr.decode()
    (root / "cli").mkdir()
    for args in ([*PLOT, "-o", str(root / "cli" / "plot.svg")],
                 [*PLOT, "-o", str(root / "cli" / "plot.png")],
                 [*PLOT, "-o", str(root / "cli" / "plot.pdf")],
                 [*COMPARE, "-o", str(root / "cli" / "compare.svg")]):
        done = run_process(*args)
        assert done.returncode == 0, done.stderr
    out["cli"] = files(root / "cli")
    return out


def test_same_bytes_with_one_or_two_processes(real_runs) -> None:
    assert set(real_runs["1"]) == {"plot.svg", "plot.png", "plot.pdf", "compare.svg",
                                   "grad.png", "table.csv"}
    assert real_runs["1"] == real_runs["2"]


def test_the_batch_prints_only_its_summary(real_runs) -> None:
    """The workers print nothing (fontTools warns while it subsets the PDF's fonts)."""
    for n in ("1", "2"):
        lines = real_runs[f"stderr {n}"].splitlines()
        assert len(lines) == 1 and lines[0].startswith("batch: 6 written"), lines


def test_plot_and_batch_make_the_same_bytes(real_runs) -> None:
    for name in ("plot.svg", "plot.png", "plot.pdf", "compare.svg"):
        assert real_runs["cli"][name] == real_runs["1"][name], name


def test_killed_midway_leaves_complete_files_or_none(tmp_path) -> None:
    """SIGKILL while the batch writes: every output present is a complete file."""
    jobs = "".join(f'[[job]]\ncommand = "plot"\nspecs = ["{name}"]\n'
                   f'outputs = ["{name}.svg", "{name}.png"]\n\n'
                   for name in ("relu", "elu", "selu", "gelu", "silu", "mish", "tanh"))
    path = write(tmp_path, f"[defaults]\n{FAST}\n{jobs}")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    process = subprocess.Popen([sys.executable, "-m", "actfn_cli", "batch", str(path), "-q"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("*.svg")) and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = run_process("batch", "--check", str(path))
    stale = [line for line in done.stdout.decode().splitlines() if line.startswith("stale")]
    assert stale == []  # written files are whole; the others are simply missing
    assert list(tmp_path.glob("*.svg"))
