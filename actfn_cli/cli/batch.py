"""``actfn batch``: many figures and tables from one TOML file, for CI and build scripts."""

from __future__ import annotations

import sys
import time
from typing import Annotated, Any

import typer

File = Annotated[str, typer.Argument(
    metavar="FILE.toml", show_default=False,
    help="The batch file: a \\[defaults] table and \\[\\[job]] tables.")]
OutDir = Annotated[str | None, typer.Option(
    "--out-dir", metavar="DIR",
    help="Write outputs relative to DIR instead of the batch file's folder.")]
Jobs = Annotated[int, typer.Option(
    "-j", "--jobs", metavar="N",
    help="Run on N processes (0: one per CPU). The files are the same whatever N is "
         "\\[default: 1].", show_default=False)]
Check = Annotated[bool, typer.Option(
    "--check",
    help="Write nothing: regenerate in memory, list the outputs that are stale or missing "
         "on disk, and exit 1 if there is one.")]
Quiet = Annotated[bool, typer.Option(
    "-q", "--quiet", help="No progress bar and no summary line (failures are still shown).")]
FailFast = Annotated[bool, typer.Option(
    "--fail-fast", help="Stop at the first job that fails (others run to the end by default).")]


def batch(file: File, out_dir: OutDir = None, jobs: Jobs = 1, check: Check = False,
          fail_fast: FailFast = False, quiet: Quiet = False) -> None:
    """Run every job of a TOML file: figures and tables, byte-identical on every run.

    Examples:
      actfn batch figures.toml                 # write what changed
      actfn batch figures.toml --jobs 4        # on 4 processes; same files
      actfn batch --check figures.toml         # in CI: exit 1 if a file is stale

    Each [[job]] has a command (plot, compare, table, grad, list, info), its options as on
    the command line with dashes written as underscores, and output = "FILE" or
    outputs = ["FILE.svg", "FILE.png"]; [defaults] sets options for every job. The whole
    file is checked before any work starts (exit 2 on a problem, nothing written). A file
    whose bytes are already on disk is not rewritten; others are written atomically. A job
    that fails does not stop the others; the exit code is then 1.
    """
    started = time.perf_counter()
    from ..core.errors import UsageError
    from .batchfile import BatchFileError, load, shown

    if jobs < 0:
        raise UsageError(f"--jobs must be 0 (one per CPU) or more (got {jobs})")
    if jobs == 0:
        import os

        jobs = os.cpu_count() or 1
    from . import batchrun

    batchrun.warm_up(jobs)
    try:
        plan = load(file, out_dir)
    except BatchFileError as err:
        for line in err.problems[:-1]:
            sys.stderr.write(f"actfn: error: {line}\n")
        raise UsageError(err.problems[-1]) from None

    with _progress(len(plan.tasks), enabled=not quiet and _stderr_tty()) as advance:
        report = batchrun.run(plan, workers=jobs, check=check, fail_fast=fail_fast,
                              on_result=advance)
    if check:
        for result in report.results:
            for status, path in result.statuses:
                if status in (batchrun.STALE, batchrun.MISSING):
                    sys.stdout.write(f"{status:8} {shown(path)}\n")
        sys.stdout.flush()
    for result in report.failures:
        sys.stderr.write(f"actfn: error: {result.task.label}: {result.error}\n")
    if not quiet:
        sys.stderr.write(summary(report, check, time.perf_counter() - started) + "\n")
    sys.stderr.flush()
    behind = check and (report.count(batchrun.STALE) or report.count(batchrun.MISSING))
    if report.failures or behind:
        raise typer.Exit(1)


def summary(report: Any, check: bool, seconds: float) -> str:
    """One line: what happened to the outputs, how many jobs failed, and the time."""
    from .batchrun import MISSING, STALE, UNCHANGED, WRITTEN

    if check:
        parts = [f"{report.count(UNCHANGED)} fresh", f"{report.count(STALE)} stale",
                 f"{report.count(MISSING)} missing"]
    else:
        parts = [f"{report.count(WRITTEN)} written", f"{report.count(UNCHANGED)} unchanged"]
    failed = len(report.failures)
    parts.append(f"{failed} job{'' if failed == 1 else 's'} failed")
    if report.skipped:
        parts.append(f"{report.skipped} skipped")
    return f"batch{' --check' if check else ''}: {', '.join(parts)} in {seconds:.1f}s"


def _stderr_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _progress:
    """A rich progress bar on stderr counting finished jobs (a no-op when disabled)."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.bar: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), TextColumn("{task.description}"),
                                console=Console(stderr=True), transient=True)

    def __enter__(self) -> Any:
        if self.bar is None:
            return None
        self.bar.__enter__()
        self.id = self.bar.add_task("", total=self.total)
        return self.advance

    def advance(self, result: Any) -> None:
        self.bar.update(self.id, advance=1, description=result.task.label)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
