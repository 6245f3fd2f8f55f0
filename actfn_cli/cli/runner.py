"""Run a command: validate its options, produce the bytes, deliver them."""

from __future__ import annotations

import sys
from typing import Any

from ..core.errors import ComputationError
from ..render.io import STDOUT, write_atomic, write_stdout
from .jobs import Job, Output, prepare, produce


def run(options: Any) -> None:
    """Prepare, produce and deliver one command (the whole life of a CLI invocation)."""
    job = prepare(options)
    deliver(job, produce(job))


def deliver(job: Job, out: Output) -> None:
    """Write the product to its file (atomically) or to standard output; print the report
    on stdout and ``wrote FILE`` on stderr; a failed check exits 1 after its table."""
    path = job.target.path
    if path is None or path == STDOUT:
        write_stdout(out.data)
    else:
        write_atomic(path, out.data)
        if not job.quiet:
            print(f"wrote {path}", file=sys.stderr)
    if out.report:
        write_stdout(out.report.encode("utf-8"))
    if out.problem:
        raise ComputationError(out.problem)
