"""Run a validated batch: make every task's bytes, then compare them with the files on disk
and write the ones that changed (or, for ``--check``, only report them).

Workers only compute: :func:`make` turns a :class:`~.batchfile.Task` into bytes with no
filesystem access, in this process (``workers=1``) or in a process pool. The parent alone
touches the disk, one task at a time as results arrive: an output whose bytes are already
on disk is left alone (its mtime kept); any other is written atomically (``write_atomic``),
after the whole task succeeded, so a failing job writes nothing. Bytes do not depend on the
process that made them, so the files are the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import ActfnError
from ..render.io import write_atomic
from .batchfile import Plan, Task, shown
from .jobs import Job, prepare, produce

# Modules the fork server imports once, so every worker it forks starts with them loaded:
# the command line (a worker re-imports the main module), the catalogue, the figure code.
PRELOAD = ["actfn_cli.cli.app", "actfn_cli.cli.batchrun", "actfn_cli.cli.views",
           "actfn_cli.cli.tabulate", "actfn_cli.render.figures", "matplotlib.figure",
           "matplotlib.backends.backend_agg", "matplotlib.backends.backend_svg",
           "matplotlib.backends.backend_pdf"]

WRITTEN, UNCHANGED, STALE, MISSING = "written", "unchanged", "stale", "missing"


@dataclass(frozen=True)
class Product:
    """What a worker made of one task: the bytes of each output, or why it failed.
    ``problem`` is a failed ``grad --check``: its table is still written."""

    index: int
    data: tuple[bytes, ...] = ()
    error: str | None = None
    problem: str | None = None


@dataclass
class Result:
    """One task after the parent settled it: the status of each output, or its failure."""

    task: Task
    statuses: list[tuple[str, str]] = field(default_factory=list)  # (status, path)
    error: str | None = None


@dataclass
class Report:
    """The whole batch, in file order (whatever order the tasks finished in)."""

    results: list[Result]
    skipped: int = 0  # tasks not run after --fail-fast stopped the batch

    def count(self, status: str) -> int:
        return sum(s == status for r in self.results for s, _ in r.statuses)

    @property
    def failures(self) -> list[Result]:
        return [r for r in self.results if r.error is not None]


# --------------------------------------------------------------------------- making bytes
def make(task: Task, prepared: Sequence[Job] | None = None) -> Product:
    """The bytes of every output of ``task`` (never raises for a problem of the task)."""
    try:
        made = prepared if prepared is not None else [prepare(o) for o in task.options]
        data, problem = _produce_all(made)
        return Product(task.index, data, problem=problem)
    except ActfnError as err:
        return Product(task.index, error=str(err))
    except Exception as err:  # noqa: BLE001 - a bug: name it, and let the other jobs run
        return Product(task.index, error=f"internal error: {type(err).__name__}: {err}")


def _produce_all(made: Sequence[Job]) -> tuple[tuple[bytes, ...], str | None]:
    """Produce each job; the figure outputs of one job share one figure."""
    encoded = _figures([j for j in made if j.target.is_figure])
    out: list[bytes] = []
    problem = None
    for job in made:
        if job.target.is_figure:
            out.append(encoded[job.target.format])
        else:
            product = produce(job)
            out.append(product.data)
            problem = problem or product.problem
    return tuple(out), problem


def _figures(made: Sequence[Job]) -> dict[str, bytes]:
    """The bytes of each format the figure jobs ask for: one figure, encoded in each (for
    one format exactly what ``actfn plot -o`` does)."""
    from . import views

    formats = sorted({job.target.format for job in made})
    return views.figures(made[0], formats) if made else {}


# --------------------------------------------------------------------------- settling
def settle(task: Task, product: Product, *, check: bool) -> Result:
    """Compare a task's bytes with its files; write the changed ones unless ``check``."""
    result = Result(task)
    if product.error is not None:
        result.error = product.error
        return result
    try:
        for path, data in zip(task.paths, product.data):
            result.statuses.append((_settle_one(path, data, check), path))
    except ActfnError as err:
        result.error = str(err)
    if result.error is None and product.problem is not None:
        result.error = product.problem
    return result


def _settle_one(path: str, data: bytes, check: bool) -> str:
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return UNCHANGED
        exists = True
    except FileNotFoundError:
        exists = False
    except IsADirectoryError:
        raise ActfnError(f"cannot write {shown(path)}: it is a folder") from None
    except OSError as err:
        raise ActfnError(f"cannot read {shown(path)}: {err.strerror or err}") from None
    if check:
        return STALE if exists else MISSING
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as err:
        raise ActfnError(f"cannot create folder {shown(folder)}: {err.strerror or err}") from None
    write_atomic(shown(path), data)
    return WRITTEN


# --------------------------------------------------------------------------- running
def run(plan: Plan, *, workers: int = 1, check: bool = False, fail_fast: bool = False,
        on_result: Callable[[Result], None] | None = None) -> Report:
    """Make and settle every task of ``plan``; ``on_result`` is told of each as it ends."""
    results: dict[int, Result] = {}

    def done(task: Task, product: Product) -> bool:
        result = settle(task, product, check=check)
        results[task.index] = result
        if on_result is not None:
            on_result(result)
        return fail_fast and result.error is not None  # True: stop

    tasks = plan.tasks
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            if done(task, make(task, plan.prepared.get(task.index))):
                break
    else:
        _run_pool(tasks, min(workers, len(tasks)), done)
    ordered = [results[t.index] for t in tasks if t.index in results]
    return Report(ordered, skipped=len(tasks) - len(ordered))


def _context() -> Any:
    """Fork server where there is one (workers fork from a clean, single-threaded server
    that has the imports loaded), else spawn; never a bare fork of this process."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        from ..core import registry

        ctx = multiprocessing.get_context("forkserver")
        families = [f"actfn_cli.core.{m}" for m in registry.FAMILY_MODULES]
        ctx.set_forkserver_preload([*PRELOAD, *families])
        return ctx
    return multiprocessing.get_context("spawn")


def warm_up(workers: int) -> None:
    """Start the fork server now, so that it imports its modules while this process reads
    and validates the batch file (a pool created later connects to it)."""
    if workers > 1:
        ctx = _context()
        if ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()


def _run_pool(tasks: Sequence[Task], workers: int,
              done: Callable[[Task, Product], bool]) -> None:
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        pending: dict[Future[Product], Task] = {pool.submit(make, t): t for t in tasks}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: pending[f].index):
                task = pending.pop(future)
                try:
                    product = future.result()
                except BrokenProcessPool:
                    product = Product(task.index, error="its worker process died "
                                      "(killed, or out of memory)")
                if done(task, product):
                    return
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
