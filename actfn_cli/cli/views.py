"""Figures and terminal plots of a :class:`~actfn_cli.cli.jobs.Job`.

The curves are sampled once (:mod:`actfn_cli.core.grid`) and handed to the figure or the
terminal renderer. matplotlib is imported only when a figure file is made.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..core.grid import Curve, curve, evaluate, sample_grid
from ..render import terminal as term
from ..render.figures import FigureSpec, Series

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .jobs import Job

INVISIBLE = 0.02  # a difference below this share of the plot's height cannot be seen
HEADINGS = {0: "f(x)", 1: "f′(x)", 2: "f″(x)"}


def _grid(job: Job) -> np.ndarray:
    return sample_grid(*job.xlim, job.points, job.acts)


def series(job: Job, x: np.ndarray) -> list[Series]:
    """Every activation's curves, one per order the job shows."""
    return [Series(label, {order: curve(act, order, x) for order in job.orders})
            for act, label in zip(job.acts, job.labels)]


def difference_series(job: Job, x: np.ndarray, shown: list[Series]) -> list[Series]:
    """``f − f_first`` for the others, when some difference is too small to see on the
    shared axes (``compare gelu gelu@jax``); empty otherwise. Jumps become gaps."""
    if job.command != "compare" or 0 not in job.orders:
        return []
    base = evaluate(job.acts[0], x, 0)
    jumps = sorted({float(j) for a in job.acts for j in a.jumps})
    deltas = []
    for act in job.acts[1:]:
        delta = evaluate(act, x, 0) - base
        delta[np.isin(x, jumps) | ~np.isfinite(delta)] = np.nan
        deltas.append(delta)
    ys = np.concatenate([s.curves[0].y for s in shown])
    ys = ys[np.isfinite(ys)]
    height = float(ys.max() - ys.min()) if ys.size else 1.0
    largest = [np.nanmax(np.abs(d)) if np.isfinite(d).any() else np.inf for d in deltas]
    if min(largest) >= INVISIBLE * max(height, 1e-300):
        return []
    return [Series(label, {0: Curve(x, d)}) for label, d in zip(job.labels[1:], deltas)]


def build(job: Job) -> Figure:
    """The job's figure (matplotlib Figure API), not yet encoded: the curves, or for
    ``grad --depth`` the gradient norm (and forward std) against depth."""
    from ..render import figures

    if job.depth is not None:
        from .tabulate import depth_result

        return figures.depth_figure(depth_result(job), list(job.labels), style=job.style,
                                    size=job.size, title=job.title, ylim=job.ylim)
    x = _grid(job)
    shown = series(job, x)
    spec = FigureSpec(shown, job.orders, job.style, job.title, job.size, job.ylim,
                      difference=difference_series(job, x, shown), reference=job.labels[0])
    return figures.build(spec, job.layout)


def figure(job: Job) -> bytes:
    """The figure file's bytes, in the job's format."""
    return figures(job, [job.target.format])[job.target.format]


def figures(job: Job, formats: Sequence[str]) -> dict[str, bytes]:
    """The job's figure, built once and encoded in each of ``formats``."""
    from ..render import figures as render
    from ..render.io import encode_formats

    return encode_formats(build(job), formats, job.dpi, render.rc(job.style))


def colour_wanted() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or TERM=dumb."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def terminal(job: Job) -> str:
    """The plot drawn with braille characters, sized to the terminal (small multiples for
    ``compare --layout grid``)."""
    x = _grid(job)
    shown = series(job, x)
    if job.layout == "grid":
        return terminal_grid(job, shown, difference_series(job, x, shown))
    panels = [term.Panel(HEADINGS[order] if len(job.orders) > 1 else "",
                         [(s.label, s.curves[order]) for s in shown]) for order in job.orders]
    diff = difference_series(job, x, shown)
    if diff:  # the differences start at the second activation: keep its colour
        panels.append(term.Panel(f"f(x) − {job.labels[0]}",
                                 [(s.label, s.curves[0]) for s in diff], first=1))
    size = shutil.get_terminal_size((100, 30))
    return term.render(panels, list(job.labels), job.xlim, size.columns, size.lines,
                       colour=colour_wanted(), title=job.title, ylim=job.ylim)


def terminal_grid(job: Job, shown: list[Series], diff: list[Series]) -> str:
    """One braille panel per activation, titled with its label, in its colour: f solid, f′
    dashed, f″ dotted; the first activation drawn faintly (sparse dots) in the others as the
    reference; under each a short panel of the difference from it, when one is too small to
    see on the shared axes."""
    ref = shown[0]
    first = job.orders[0]
    cells = []
    for k, s in enumerate(shown):
        curves = [(s.label, s.curves[order]) for order in job.orders]
        marks = [(k, term.ORDER_PATTERNS[order]) for order in job.orders]
        if k:
            curves.insert(0, (ref.label, ref.curves[first]))
            marks.insert(0, (term.REFERENCE, term.REFERENCE_PATTERN))
        cell = [term.Panel(s.label, curves, marks=marks)]
        if diff and k:
            cell.append(term.Panel(f"minus {ref.label}", [(s.label, diff[k - 1].curves[0])],
                                   marks=[(k, term.ORDER_PATTERNS[0])]))
        cells.append(cell)
    key = [(term.ORDER_SYMBOLS[order], None, HEADINGS[order]) for order in job.orders]
    if len(shown) > 1:
        key.append(("┈┈┈", term.REFERENCE, f"{ref.label} (reference)"))
    size = shutil.get_terminal_size((100, 30))
    return term.render_grid(cells, key, job.xlim, size.columns, size.lines,
                            colour=colour_wanted(), title=job.title, ylim=job.ylim)
