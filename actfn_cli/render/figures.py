"""Figures with the matplotlib Figure API (never pyplot: no global state, no display needed).

Every drawing helper takes an ``Axes`` and returns the artists it made. Curves come from
:mod:`actfn_cli.core.grid` already broken at discontinuities; this module only draws them:
an Okabe–Ito palette (safe for colour-blind readers) paired with distinct line styles (so a
greyscale print still tells the curves apart), zero axes, a light grid, a legend with the
parameter values, and LaTeX-style axis labels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.grid import Curve

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Okabe & Ito (2008), ordered for contrast against each background.
PALETTES = {
    "light": ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"),
    "dark": ("#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#FFFFFF"),
}
LINESTYLES: tuple[Any, ...] = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)),
                               (0, (8, 3)), (0, (1, 1)))
STYLES: dict[str, dict[str, Any]] = {
    "light": {
        "figure.facecolor": "white", "axes.facecolor": "white", "savefig.facecolor": "white",
        "axes.edgecolor": "#555555", "axes.labelcolor": "#222222", "text.color": "#222222",
        "xtick.color": "#444444", "ytick.color": "#444444", "grid.color": "#d9d9d9",
        "legend.facecolor": "white", "legend.edgecolor": "#cccccc",
    },
    "dark": {
        "figure.facecolor": "#16181c", "axes.facecolor": "#16181c",
        "savefig.facecolor": "#16181c", "axes.edgecolor": "#8a8f98",
        "axes.labelcolor": "#e6e6e6", "text.color": "#e6e6e6", "xtick.color": "#c8c8c8",
        "ytick.color": "#c8c8c8", "grid.color": "#33373d", "legend.facecolor": "#1f2227",
        "legend.edgecolor": "#44484f",
    },
}
COMMON_RC: dict[str, Any] = {
    "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 11, "legend.fontsize": 9,
    "axes.spines.top": False, "axes.spines.right": False, "grid.linewidth": 0.6,
    "lines.linewidth": 1.8, "legend.framealpha": 0.9, "mathtext.fontset": "dejavusans",
    "svg.fonttype": "path", "pdf.fonttype": 42,
}
AXIS_LABELS = {0: "$f(x)$", 1: "$f'(x)$", 2: "$f''(x)$"}
PANEL_TITLES = {0: "", 1: "first derivative", 2: "second derivative"}
MARKER_LABEL = "_discontinuity"  # the dots and rings (legends skip labels starting with _)
# Robust limits of a derivative panel (see robust_ylim).
TAIL = 0.5  # percent of each curve's samples, at each end, that may fall outside the view
FAR = 10.0  # a curve spans far beyond the others: its range is this many times theirs...
FAR_SHARE = 0.1  # ...and this share of its samples lie outside their range
NEEDED = 2.0  # the robust limits replace the autoscale when they are this much narrower


@dataclass(frozen=True)
class Series:
    """One activation's curves (order → curve) with its legend label."""

    label: str
    curves: dict[int, Curve]


@dataclass(frozen=True)
class FigureSpec:
    """What a figure shows and how: the drawing functions below read nothing else."""

    series: Sequence[Series]
    orders: Sequence[int] = (0,)
    style: str = "light"
    title: str | None = None
    size: tuple[float, float] | None = None
    ylim: tuple[float | None, float | None] = (None, None)  # of the top panel (overlay)
    # or of every panel (grid); the derivative panels below scale themselves (robust_ylim)
    difference: Sequence[Series] = field(default_factory=tuple)  # order 0 curves: f − f_ref
    reference: str | None = None  # the label the difference is taken against


def rc(style: str) -> dict[str, Any]:
    """The rcParams of a style, applied while a figure is built and saved."""
    return {**COMMON_RC, **STYLES[style]}


def line_style(i: int, style: str) -> dict[str, Any]:
    """Colour and dash of the i-th curve: 7 colours, and a new dash cycle after every 7."""
    palette = PALETTES[style]
    return {"color": palette[i % len(palette)],
            "linestyle": LINESTYLES[(i + i // len(palette)) % len(LINESTYLES)]}


def draw_curve(ax: Axes, c: Curve, label: str | None, look: dict[str, Any],
               style: str, markersize: float = 4.5) -> list[Any]:
    """Draw one curve with ``look`` (colour, dash...) and its discontinuity markers: a filled
    dot at the value, a slightly larger ring at each one-sided limit not attained (drawn
    under the dots, so a dot of another curve at the same place stays visible)."""
    artists = list(ax.plot(c.x, c.y, label=label, **look))
    colour = look["color"]
    background = STYLES[style]["axes.facecolor"]
    # Not clipped to the axes, so a dot on the edge (relu6's f′ at x = 6) stays whole;
    # show_markers_in_view drops the ones outside the final limits.
    marker = {"linestyle": "none", "marker": "o", "markeredgecolor": colour,
              "markeredgewidth": 1.3, "clip_on": False, "label": MARKER_LABEL}
    if c.rings:
        xs, ys = zip(*c.rings)
        artists += ax.plot(xs, ys, markerfacecolor=background, markersize=markersize + 1.5,
                           zorder=3, **marker)
    if c.dots:
        xs, ys = zip(*c.dots)
        artists += ax.plot(xs, ys, markerfacecolor=colour, markersize=markersize, zorder=4,
                           **marker)
    return artists


def show_markers_in_view(ax: Axes) -> None:
    """Keep only the discontinuity markers inside the panel's limits: they are drawn
    unclipped (whole at the edges), so one outside the view would float beside the panel.
    Call once the limits are final."""
    import numpy as np

    markers = [ln for ln in ax.get_lines() if ln.get_label() == MARKER_LABEL]
    if not markers:
        return
    inside = []
    for lo, hi in (sorted(ax.get_xlim()), sorted(ax.get_ylim())):
        slack = 1e-9 * (hi - lo)
        inside.append((lo - slack, hi + slack))
    (x0, x1), (y0, y1) = inside
    for line in markers:
        x, y = (np.asarray(v, dtype=np.float64) for v in line.get_data())
        keep = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
        if keep.all():
            continue
        if keep.any():
            line.set_data(x[keep], y[keep])
        else:
            line.remove()


def robust_ylim(curves: Sequence[Curve], margin: float = 0.05) -> tuple[float, float] | None:
    """Limits for a derivative panel whose autoscale one curve would take over, or None
    when the autoscale is fine (an ordinary figure is left as it is).

    A curve that diverges inside the range (softexponential with α < 0 near its pole) or
    grows far beyond the others (exponential next to sigmoid) flattens every other curve
    into a line. So, with two curves or more: each curve's range is taken without its
    ``TAIL`` percent most extreme samples at each end (the tip of a pole); a curve whose
    range is more than ``FAR`` times the others', with ``FAR_SHARE`` of its samples outside
    theirs, is left out, except for the half of it nearest the others (at least half of
    every curve stays in view). The view is the union of what is kept, plus ``margin``;
    it is used only when the autoscale would be more than ``NEEDED`` times taller.
    """
    import numpy as np

    values = []
    for c in curves:
        v = np.concatenate([np.asarray(c.y, dtype=np.float64).ravel(),
                            [y for _, y in (*c.dots, *c.rings)]])
        v = v[np.isfinite(v)]
        if v.size:
            values.append(v)
    if len(values) < 2:
        return None
    cores = [(float(np.percentile(v, TAIL)), float(np.percentile(v, 100.0 - TAIL)))
             for v in values]
    full = (min(float(v.min()) for v in values), max(float(v.max()) for v in values))

    def union(indices: Sequence[int]) -> tuple[float, float]:
        return (min(cores[i][0] for i in indices), max(cores[i][1] for i in indices))

    kept = sorted(range(len(values)), key=lambda i: cores[i][1] - cores[i][0], reverse=True)
    far: list[int] = []
    while len(kept) > 1:  # the widest curve, while it is far beyond the others
        widest, others = kept[0], kept[1:]
        lo, hi = union(others)
        span = hi - lo
        v = values[widest]
        outside = np.count_nonzero((v < lo - margin * span) | (v > hi + margin * span))
        if not (span > 0 and cores[widest][1] - cores[widest][0] > FAR * span
                and outside >= FAR_SHARE * v.size):
            break
        far.append(kept.pop(0))
    lo, hi = union(kept)
    for i in far:  # its half nearest the others
        median = float(np.median(values[i]))
        if median > hi:
            lo, hi = min(lo, cores[i][0]), median
        elif median < lo:
            lo, hi = median, max(hi, cores[i][1])
    span = hi - lo
    if not span > 0 or full[1] - full[0] <= NEEDED * span:
        return None
    return lo - margin * span, hi + margin * span


def flat_ylim(ax: Axes, curves: Sequence[Curve]) -> None:
    """A panel whose curves are all one constant (identity′ = 1) shows 0 and that constant,
    not matplotlib's ±5 % band around it, whose ticks (0.96 … 1.04) suggest a variation."""
    import numpy as np

    values = [c.y[np.isfinite(c.y)] for c in curves]
    values = [v for v in values if v.size]
    if not values:
        return
    lo = min(float(v.min()) for v in values)
    hi = max(float(v.max()) for v in values)
    if hi - lo > 1e-12 * max(abs(lo), abs(hi), 1.0):
        return
    pad = 0.1 * max(abs(lo), 1.0)
    ax.set_ylim(min(lo, 0.0) - pad, max(hi, 0.0) + pad)


def zero_axes(ax: Axes) -> list[Any]:
    """The lines x = 0 and y = 0 across the panel, drawn where they fall in the view but
    never part of the autoscale: a curve far from 0 (softplus over [18, 22]) keeps its own
    range instead of being squashed against 0 (``axhline`` would pull 0 into view)."""
    from matplotlib.lines import Line2D

    look = {"color": ax.spines["bottom"].get_edgecolor(), "linewidth": 0.8, "zorder": 1,
            "label": "_zero axis"}
    return [ax.add_artist(Line2D([0.0, 1.0], [0.0, 0.0], transform=ax.get_yaxis_transform(),
                                 **look)),
            ax.add_artist(Line2D([0.0, 0.0], [0.0, 1.0], transform=ax.get_xaxis_transform(),
                                 **look))]


def decorate(ax: Axes, ylabel: str, *, xlabel: bool = True) -> None:
    """Zero axes, grid and labels on one panel."""
    zero_axes(ax)
    ax.grid(True, zorder=0)
    ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel("$x$")


def _xlim(series: Sequence[Series]) -> tuple[float, float]:
    c = next(iter(series[0].curves.values()))
    return float(c.x[0]), float(c.x[-1])


def _new_figure(size: tuple[float, float]) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained")


def overlay(spec: FigureSpec) -> Figure:
    """All activations on shared axes: one panel per derivative order, then the difference
    panel when there is one."""
    panels = [*spec.orders] + (["diff"] if spec.difference else [])
    size = spec.size or (7.0, 4.2 + 2.1 * (len(panels) - 1))
    fig = _new_figure(size)
    ratios = [1.0 if p == spec.orders[0] else 0.75 for p in panels]
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False,
                        gridspec_kw={"height_ratios": ratios})[:, 0]
    for ax, panel in zip(axes, panels):
        last = ax is axes[-1]
        if panel == "diff":
            for i, s in enumerate(spec.difference, start=1):
                draw_curve(ax, s.curves[0], s.label, line_style(i, spec.style), spec.style)
            decorate(ax, r"$\Delta f(x)$", xlabel=last)
            ax.set_title(f"difference from {spec.reference}", fontsize=9, loc="left")
            ax.legend(loc="best")
            continue
        for i, s in enumerate(spec.series):
            draw_curve(ax, s.curves[panel], s.label, line_style(i, spec.style), spec.style)
        decorate(ax, AXIS_LABELS[panel], xlabel=last)
        top = panel == spec.orders[0]
        if panel > 0 and not (top and any(v is not None for v in spec.ylim)):
            robust = robust_ylim([s.curves[panel] for s in spec.series],
                                 margin=ax.margins()[1])
            if robust is not None:
                ax.set_ylim(*robust)
        if not (top and any(v is not None for v in spec.ylim)):
            flat_ylim(ax, [s.curves[panel] for s in spec.series])
        if top:
            ax.legend(loc="best")
    axes[0].set_xlim(*_xlim(spec.series))
    axes[0].set_ylim(*spec.ylim)
    for ax in axes:
        show_markers_in_view(ax)
    if spec.title:
        fig.suptitle(spec.title)
    return fig


def small_multiples(spec: FigureSpec) -> Figure:
    """One panel per activation titled with its label: f solid, f′ dashed, f″ dotted in its
    colour, the first activation drawn thin and grey in the others as the reference; under
    each a short panel of the difference from the reference, when one is too small to see."""
    n = len(spec.series)
    ncols = min(n, 3)
    nrows = math.ceil(n / ncols)
    extra = 0.4 if spec.title else 0.0
    if spec.difference:
        size = spec.size or (3.4 * ncols, 4.0 * nrows + extra)
        fig = _new_figure(size)
        grid = fig.subplots(2 * nrows, ncols, sharex=True, squeeze=False,
                            gridspec_kw={"height_ratios": [1.0, 0.42] * nrows})
        axes, below = grid[0::2].ravel(), grid[1::2].ravel()
    else:
        fig = _new_figure(spec.size or (3.4 * ncols, 2.9 * nrows + extra))
        axes, below = fig.subplots(nrows, ncols, sharex=True, squeeze=False).ravel(), None
    ref = spec.series[0]
    first, *more = spec.orders
    palette = PALETTES[spec.style]
    for k, (ax, s) in enumerate(zip(axes, spec.series)):
        colour = palette[k % len(palette)]
        if k:
            ax.plot(ref.curves[first].x, ref.curves[first].y, label=ref.label, zorder=1.5,
                    color=STYLES[spec.style]["axes.edgecolor"], linewidth=1.0, alpha=0.6)
        draw_curve(ax, s.curves[first], AXIS_LABELS[first] if more else None,
                   {"color": colour, "linestyle": "-"}, spec.style)
        for order in more:
            draw_curve(ax, s.curves[order], AXIS_LABELS[order],
                       {"color": colour, "linestyle": "--" if order == 1 else ":",
                        "linewidth": 1.4}, spec.style, markersize=3.5)
        ax.set_ylim(*spec.ylim)
        last_row = k >= n - ncols
        decorate(ax, "", xlabel=last_row and below is None)
        ax.set_title(s.label, fontsize=10)
        if more or k:
            ax.legend(loc="best", fontsize=7)
        if below is not None:
            _difference_panel(below[k], spec, k, colour, xlabel=last_row)
    for ax in [*axes[n:], *(below[n:] if below is not None else [])]:
        ax.set_visible(False)
    axes[0].set_xlim(*_xlim(spec.series))
    for ax in axes[:n]:
        show_markers_in_view(ax)
    if spec.title:
        fig.suptitle(spec.title)
    return fig


def _difference_panel(ax: Axes, spec: FigureSpec, k: int, colour: str, *,
                      xlabel: bool) -> None:
    """``f − f_reference`` of the k-th activation under its panel (the reference: a note)."""
    decorate(ax, "", xlabel=xlabel)
    ax.tick_params(labelsize=7)
    ax.yaxis.get_offset_text().set_fontsize(7)
    if k == 0:
        ax.text(0.5, 0.5, "reference", transform=ax.transAxes, ha="center", va="center",
                fontsize=8, color=STYLES[spec.style]["axes.edgecolor"])
        ax.set_yticks([])
        return
    c = spec.difference[k - 1].curves[0]
    ax.plot(c.x, c.y, color=colour, linewidth=1.2)
    ax.set_title(f"minus {spec.reference}", fontsize=8, loc="left", pad=2)


def build(spec: FigureSpec, layout: str = "overlay") -> Figure:
    """The figure for ``spec`` in the given layout (``overlay`` or ``grid``)."""
    import matplotlib

    with matplotlib.rc_context(rc(spec.style)):
        return small_multiples(spec) if layout == "grid" else overlay(spec)


# --------------------------------------------------------------------------- depth
def _positive(values: Sequence[float]) -> Any:
    """Values for a log axis: the ones ≤ 0 or not finite become gaps (NaN)."""
    import numpy as np

    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(v) & (v > 0), v, np.nan)


def depth_figure(result: dict[str, Any], labels: Sequence[str], *, style: str = "light",
                 size: tuple[float, float] | None = None, title: str | None = None,
                 ylim: tuple[float | None, float | None] = (None, None)) -> Figure:
    """``grad --depth``: the gradient norm per layer relative to the last (log scale; top)
    and the forward standard deviation per layer (log scale; bottom), one curve per
    activation labelled with its initialisation. ``result`` is what
    :func:`actfn_cli.core.depth.propagate` returns; ``labels`` name its functions. Values
    that a log axis cannot show (0, inf, NaN: a dead or exploding network) are gaps."""
    import matplotlib
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    depth = int(result["depth"])
    layers = np.arange(1, depth + 1)
    with matplotlib.rc_context(rc(style)):
        fig = _new_figure(size or (7.0, 6.3))
        grad_ax, std_ax = fig.subplots(2, 1, sharex=True,
                                       gridspec_kw={"height_ratios": [1.0, 0.75]})
        edge = STYLES[style]["axes.edgecolor"]
        marker = {"marker": "o", "markersize": 3.5} if depth <= 40 else {}
        for ax, key in ((grad_ax, "grad_norm"), (std_ax, "forward_std")):
            curves = [np.asarray(f[key], dtype=np.float64) for f in result["functions"]]
            finite = np.concatenate([c[np.isfinite(c)] for c in curves])
            positive = finite[finite > 0]
            # The gradient norm always on a log axis; the forward std too when it spans more
            # than 100× (an exploding or dying network), else linear from 0 (easier to read).
            log = ax is grad_ax or (positive.size > 0
                                    and positive.max() > 100 * positive.min())
            if log:
                ax.set_yscale("log")
                curves = [_positive(c) for c in curves]
            else:
                curves = [np.where(np.isfinite(c), c, np.nan) for c in curves]
            ax.axhline(1.0, color=edge, linewidth=0.8, linestyle=":", zorder=1)
            for i, (y, f, label) in enumerate(zip(curves, result["functions"], labels)):
                if ax is grad_ax:  # the legend: label (init), and why a curve is missing
                    gone = "" if np.isfinite(y).any() else "; no gradient to show"
                    label = f"{label} ({f['init']}{gone})"
                ax.plot(layers, y, label=label if ax is grad_ax else None,
                        **line_style(i, style), **marker)
            if log and positive.size == 0:  # nothing a log axis can show: a fixed frame
                ax.set_ylim(0.1, 10.0)
            elif not log:
                ax.set_ylim(bottom=0.0)
            ax.grid(True, which="major", zorder=0)
        grad_ax.set_ylabel(r"$\|\partial L/\partial h_l\| \,/\, \|\partial L/\partial h_N\|$")
        grad_ax.set_title(f"gradient norm through {depth} layers (width {result['width']}, "
                          f"batch {result['batch']}, seed {result['seed']})",
                          fontsize=9, loc="left")
        grad_ax.legend(loc="best")
        if any(v is not None for v in ylim):
            grad_ax.set_ylim(*ylim)
        std_ax.set_ylabel("forward std of $f(h_l)$")
        std_ax.set_xlabel("layer $l$")
        std_ax.set_xlim(0.5, depth + 0.5)
        std_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if title:
            fig.suptitle(title)
    return fig
