"""Shared helpers: run the command line in-process (CliRunner) and check its answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from actfn_cli.cli.app import app


@dataclass
class Run:
    """The outcome of one command: exit code, stdout (text and bytes), stderr."""

    code: int
    stdout: str
    stdout_bytes: bytes
    stderr: str

    def error_line(self) -> str:
        """The single stderr line of a failed command (asserts it is one line; an expression
        error may add the expression and a caret under the column, indented)."""
        lines = self.stderr.splitlines()
        if len(lines) == 3 and "expression error at column" in lines[0]:
            assert lines[1].startswith("  ") and lines[2].strip() == "^", self.stderr
            lines = lines[:1]
        assert len(lines) == 1, f"expected one line on stderr, got: {self.stderr!r}"
        assert lines[0].startswith("actfn: error: "), lines[0]
        assert "Traceback" not in self.stderr
        return lines[0][len("actfn: error: "):]


@pytest.fixture
def actfn(monkeypatch):
    """``actfn(*args)`` runs the command line in-process and returns a :class:`Run`."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        result = runner.invoke(app, list(args), env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stdout_bytes, result.stderr)

    return run


def run_process(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m actfn_cli ARGS`` in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    return subprocess.run([sys.executable, "-m", "actfn_cli", *args], capture_output=True,
                          cwd=cwd, env=env, check=False, timeout=120)


_PROBE = """
import json, sys
from actfn_cli.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stderr.write("\\nPROBE " + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded_modules(*args: str) -> list[str]:
    """The modules a fresh process has imported after running ``actfn ARGS`` (which must
    succeed), sorted: for the lazy-import checks."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True,
                          timeout=120, check=False)
    report = json.loads(done.stderr.rsplit("PROBE ", 1)[1])
    assert report["code"] in (0, None), done.stderr
    return report["modules"]
