"""Real processes: byte-identical figures across runs, lazy imports, ``python -m``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import loaded_modules, run_process

FIGURE = ["compare", "gelu", "gelu@jax", "binary_step", "--grad", "--title", "Same bytes", "-q"]


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_same_command_same_bytes(tmp_path, fmt) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    for target in (first, second):
        done = run_process(*FIGURE, "-o", str(target))
        assert done.returncode == 0, done.stderr
    assert first.read_bytes() == second.read_bytes()
    if fmt == "svg":
        text = first.read_text(encoding="utf-8")
        assert "<dc:date>" not in text


def test_a_figure_command_prints_only_wrote(tmp_path) -> None:
    """Nothing from the libraries on stderr (fontTools warns while it subsets PDF fonts)."""
    target = tmp_path / "x.pdf"
    done = run_process("plot", "gelu", "silu", "--grad", "--points", "101", "-o", str(target))
    assert done.returncode == 0 and done.stderr.decode() == f"wrote {target}\n"
    done = run_process("plot", "gelu", "--points", "101", "-q", "-o", str(target))
    assert done.returncode == 0 and done.stderr == b""


def test_stdout_bytes_equal_file_bytes(tmp_path) -> None:
    target = tmp_path / "f.png"
    run_process("plot", "relu", "-q", "-o", str(target))
    piped = run_process("plot", "relu", "-o", "-", "--format", "png")
    assert piped.returncode == 0 and piped.stdout == target.read_bytes()


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in ("matplotlib", "pydantic")]


@pytest.mark.parametrize("args", [
    ["table", "gelu"], ["table", "gelu", "silu", "--grad", "--format", "json"],
    ["grad", "relu", "--at", "-1,0,1"], ["grad", "gelu", "--check"],
    ["compare", "gelu", "silu", "--format", "csv"], ["list"], ["info", "gelu"],
    ["info", "gelu", "--format", "json"], ["--help"], ["table", "--help"], ["--version"],
])
def test_no_matplotlib_for_text_commands(args) -> None:
    heavy = _heavy(loaded_modules(*args))
    assert heavy == [], f"{args} imported {heavy[:3]}"


def test_figure_command_does_import_matplotlib(tmp_path) -> None:
    """The probe can see matplotlib: the test above is not vacuous."""
    assert "matplotlib" in _heavy(loaded_modules("plot", "relu", "-q", "-o",
                                                 str(tmp_path / "f.png")))


def test_python_dash_m_and_exit_codes() -> None:
    ok = run_process("table", "relu", "--at", "1", "--format", "csv")
    assert ok.returncode == 0 and ok.stdout == b"x,relu\n1.0,1.0\n"
    bad = run_process("table", "relux")
    assert bad.returncode == 2
    assert bad.stderr.decode().count("\n") == 1 and b"Traceback" not in bad.stderr
    assert bad.stderr.startswith(b"actfn: error: unknown activation 'relux'")


def test_broken_pipe_is_quiet() -> None:
    script = (f"{sys.executable} -m actfn_cli table gelu --points 200000 --format csv "
              f"| head -n 2")
    done = subprocess.run(script, shell=True, capture_output=True, timeout=120, check=False)
    assert done.stdout.splitlines()[0] == b"x,gelu"
    assert b"Traceback" not in done.stderr and b"Error" not in done.stderr
