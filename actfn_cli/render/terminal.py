"""Plots drawn in the terminal with Unicode braille characters (2×4 dots per character).

A panel has a y axis with tick labels, an x axis with tick labels, dotted zero axes and the
curves; a legend follows the last panel. Colours (the figure palette) are applied through rich,
only when asked (the caller decides: a TTY and no ``NO_COLOR``); without colour the curves are
told apart by their dot patterns (solid, dashed, dotted). rich is imported only for colour.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..core.grid import Curve

BRAILLE = 0x2800
# Dot bit for (column within the cell 0-1, row within the cell 0-3).
_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
# On/off runs (in dots along the curve) for curves 0, 1, 2... when there is no colour.
PATTERNS = ((1, 0), (4, 3), (1, 2), (6, 2))
COLOURS = ("#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#0072B2")
AXIS = "axis"
REFERENCE = "reference"  # the first activation, drawn faintly in the other grid panels
REFERENCE_PATTERN = (1, 3)
ORDER_PATTERNS = {0: (1, 0), 1: (4, 3), 2: (2, 2)}  # f, f′, f″ within one grid panel
ORDER_SYMBOLS = {0: "━━━", 1: "╍╍╍", 2: "┅┅┅"}
LEGEND_SYMBOLS = ("━━━", "╍╍╍", "┅┅┅", "━ ━")
Cells = list[list[tuple[str, object]]]  # rows of (text, owner): the owner decides the colour
Bounds = tuple[float | None, float | None]


@dataclass(frozen=True)
class Panel:
    """One set of axes: a heading and its curves (label, curve) in drawing order; the i-th
    curve takes the colour (or dot pattern) of legend entry ``first + i``."""

    heading: str
    curves: Sequence[tuple[str, Curve]]
    first: int = 0
    # Optional (owner, dot pattern) of each curve, overriding the legend-entry scheme: the
    # owner decides the colour (an int: the palette; REFERENCE: dim), the pattern is used
    # with and without colour.
    marks: Sequence[tuple[object, tuple[int, int]]] | None = None


class Canvas:
    """A grid of braille cells; each cell remembers which curve drew in it last."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.width, self.height = 2 * cols, 4 * rows
        self.bits = [[0] * cols for _ in range(rows)]
        self.owner: list[list[object]] = [[None] * cols for _ in range(rows)]

    def dot(self, px: int, py: int, owner: object) -> None:
        if 0 <= px < self.width and 0 <= py < self.height:
            row, col = py // 4, px // 2
            self.bits[row][col] |= _BITS[px % 2][py % 4]
            if owner is not AXIS or self.owner[row][col] is None:
                self.owner[row][col] = owner

    def polyline(self, px: np.ndarray, py: np.ndarray, owner: object,
                 pattern: tuple[int, int] = (1, 0)) -> None:
        """Join consecutive points (skipping gaps marked by -1) with dot lines."""
        on, off = pattern
        step = 0
        for i in range(len(px) - 1):
            x0, y0, x1, y1 = int(px[i]), int(py[i]), int(px[i + 1]), int(py[i + 1])
            if x0 < 0 or x1 < 0:
                continue
            n = max(abs(x1 - x0), abs(y1 - y0), 1)
            for k in range(n + (i == len(px) - 2)):
                if step % (on + off) < on:
                    self.dot(x0 + round((x1 - x0) * k / n), y0 + round((y1 - y0) * k / n), owner)
                step += 1

    def text_rows(self) -> Cells:
        return [[(chr(BRAILLE + self.bits[r][c]), self.owner[r][c]) for c in range(self.cols)]
                for r in range(self.rows)]


def nice_ticks(lo: float, hi: float, count: int) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering ``[lo, hi]``."""
    span = hi - lo
    if span <= 0 or not math.isfinite(span):
        return [lo]
    raw = span / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    t = first
    while t <= hi + 1e-9 * step:
        ticks.append(0.0 if abs(t) < step * 1e-9 else t)
        t = first + len(ticks) * step
    return ticks


def tick_text(value: float) -> str:
    text = f"{value:.4g}"
    return "0" if text in ("-0", "0") else text.replace("-", "−")


def _y_range(curves: Sequence[tuple[str, Curve]]) -> tuple[float, float]:
    values = np.concatenate([c.y[np.isfinite(c.y)] for _, c in curves] or [np.zeros(1)])
    if values.size == 0:
        return -1.0, 1.0
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        pad = max(abs(hi) * 0.1, 1.0)
        return lo - pad, hi + pad
    margin = 0.05 * (hi - lo)
    return lo - margin, hi + margin


def _draw_panel(panel: Panel, xlim: tuple[float, float], cols: int, rows: int, colour: bool,
                ylim: Bounds = (None, None), xtick_count: int | None = None,
                ) -> tuple[Cells, list[str], list[tuple[float, int]]]:
    """The braille rows, the y tick label of each row, and the x ticks (value, column)."""
    canvas = Canvas(cols, rows)
    auto = _y_range(panel.curves)
    ylo, yhi = (auto[0] if ylim[0] is None else ylim[0], auto[1] if ylim[1] is None else ylim[1])
    if ylo >= yhi:  # one bound given beyond the curves: keep a sensible span
        ylo, yhi = (yhi - 1.0, yhi) if ylim[1] is not None else (ylo, ylo + 1.0)
    xlo, xhi = xlim

    def to_px(x: np.ndarray) -> np.ndarray:
        return np.rint((x - xlo) / (xhi - xlo) * (canvas.width - 1))

    def to_py(y: np.ndarray) -> np.ndarray:  # clipped just outside: off-canvas dots vanish
        return np.clip(np.rint((yhi - y) / (yhi - ylo) * (canvas.height - 1)), -1,
                       canvas.height)

    if ylo < 0 < yhi:
        canvas.polyline(np.array([0, canvas.width - 1]), to_py(np.zeros(2)), AXIS, (1, 1))
    if xlo < 0 < xhi:
        canvas.polyline(to_px(np.zeros(2)), np.array([0, canvas.height - 1]), AXIS, (1, 1))
    for i, (_, c) in enumerate(panel.curves, start=panel.first):
        ok = np.isfinite(c.y)
        px = np.where(ok, to_px(c.x), -1)
        py = np.where(ok, to_py(np.where(ok, c.y, 0.0)), -1)
        if panel.marks is not None:
            owner, pattern = panel.marks[i - panel.first]
        else:
            owner, pattern = i, (1, 0) if colour else PATTERNS[i % len(PATTERNS)]
        canvas.polyline(px, py, owner, pattern)

    labels = [""] * rows
    for t in nice_ticks(ylo, yhi, max(2, rows // 3)):
        r = int(round((yhi - t) / (yhi - ylo) * (canvas.height - 1))) // 4
        if 0 <= r < rows and not labels[r]:
            labels[r] = tick_text(t)
    xticks = [(t, int(round((t - xlo) / (xhi - xlo) * (canvas.width - 1))) // 2)
              for t in nice_ticks(xlo, xhi, xtick_count or max(2, cols // 12))]
    return canvas.text_rows(), labels, xticks


def _panel_lines(panel: Panel, xlim: tuple[float, float], cols: int, rows: int,
                 label_width: int, colour: bool, ylim: Bounds = (None, None),
                 xtick_count: int | None = None) -> Cells:
    """One panel as text rows: its heading (if any), the y labels and braille rows, the x
    axis and its tick labels."""
    body, labels, xticks = _draw_panel(panel, xlim, cols, rows, colour, ylim, xtick_count)
    out: Cells = []
    if panel.heading:
        out.append([(" " * (label_width + 2) + panel.heading, None)])
    tick_rows = {r for r, lab in enumerate(labels) if lab}
    for r, cells in enumerate(body):
        edge = "┤" if r in tick_rows else "│"
        out.append([(labels[r].rjust(label_width) + edge, AXIS), *cells])
    axis = ["─"] * cols
    under = [" "] * (cols + label_width + 2)
    for t, col in xticks:
        if 0 <= col < cols:
            axis[col] = "┬"
            text = tick_text(t)
            start = max(0, min(label_width + 1 + col - len(text) // 2, len(under) - len(text)))
            if all(ch == " " for ch in under[max(0, start - 1):start + len(text) + 1]):
                under[start:start + len(text)] = list(text)
    out.append([(" " * label_width + "└" + "".join(axis), AXIS)])
    out.append([("".join(under).rstrip(), AXIS)])
    return out


def render(panels: Sequence[Panel], legend: Sequence[str], xlim: tuple[float, float],
           width: int, height: int, *, colour: bool = False, title: str | None = None,
           ylim: Bounds = (None, None)) -> str:
    """The panels stacked, each with axes, then the legend; ``width × height`` characters at
    most; ``ylim`` bounds the first panel. With ``colour`` the text carries ANSI colour codes
    (through rich)."""
    label_width = 7
    cols = max(20, width - label_width - 2)
    legend_lines = _legend_lines(legend, width, colour)
    chrome = 3 * len(panels) + len(legend_lines) + (1 if title else 0) + 1
    rows = max(4, min(24, (height - chrome) // len(panels), cols // 4))
    out: Cells = []
    if title:
        out.append([(title.center(label_width + cols + 1), None)])
    for i, panel in enumerate(panels):
        out += _panel_lines(panel, xlim, cols, rows, label_width, colour,
                            ylim if i == 0 else (None, None))
    out += legend_lines
    return _to_text(out, colour)


GRID_GAP = 3  # spaces between two panels side by side
GRID_MIN_WIDTH = 38  # the narrowest panel (labels, axis and plot) put beside another
GRID_MAX_COLUMNS = 3


def grid_columns(count: int, width: int) -> int:
    """How many panels fit side by side in ``width`` characters (1 to 3)."""
    fit = (width + GRID_GAP) // (GRID_MIN_WIDTH + GRID_GAP)
    return max(1, min(GRID_MAX_COLUMNS, count, fit))


def render_grid(cells: Sequence[Sequence[Panel]], key: Sequence[tuple[str, object, str]],
                xlim: tuple[float, float], width: int, height: int, *, colour: bool = False,
                title: str | None = None, ylim: Bounds = (None, None)) -> str:
    """Small multiples: each cell (a main panel, then maybe a short one under it) in columns
    that fit ``width``, each panel with its own axes; ``ylim`` bounds every main panel; then
    the key, ``(symbol, owner, label)`` entries, wrapped to ``width``."""
    label_width = 7
    ncols = grid_columns(len(cells), width)
    panel_width = (width - GRID_GAP * (ncols - 1)) // ncols
    cols = max(10, panel_width - label_width - 2)
    nrows = math.ceil(len(cells) / ncols)
    key_lines = _key_lines(key, width)
    depth = max(len(c) for c in cells)
    chrome = nrows * (3 * depth + 1) + len(key_lines) + (1 if title else 0) + 1
    share = nrows * (1 + (depth - 1) / 2)  # a short panel gets half the rows of a main one
    rows = max(5, min(16, int((height - chrome) / share), cols // 3))
    short = max(3, rows // 2)
    out: Cells = []
    if title:
        out.append([(title.center(width).rstrip(), None)])
    for start in range(0, len(cells), ncols):
        blocks = []
        for cell in cells[start:start + ncols]:
            block: Cells = []
            for j, panel in enumerate(cell):
                if panel.heading:  # keep the heading inside the panel's width
                    room = panel_width - label_width - 2
                    heading = panel.heading if len(panel.heading) <= room else \
                        panel.heading[:max(room - 1, 0)] + "…"
                    panel = Panel(heading, panel.curves, panel.first, panel.marks)
                block += _panel_lines(panel, xlim, cols, rows if j == 0 else short,
                                      label_width, colour, ylim if j == 0 else (None, None),
                                      max(3, cols // 8))
            blocks.append(block)
        for r in range(max(len(b) for b in blocks)):
            line: list[tuple[str, object]] = []
            for k, block in enumerate(blocks):
                row = block[r] if r < len(block) else []
                used = sum(len(text) for text, _ in row)
                line += row
                if k < len(blocks) - 1:
                    line.append((" " * (panel_width - used + GRID_GAP), None))
            out.append(line)
    out += key_lines
    return _to_text(out, colour)


def _key_lines(key: Sequence[tuple[str, object, str]], width: int) -> Cells:
    """``(symbol, owner, label)`` entries wrapped to ``width``."""
    lines: Cells = []
    current: list[tuple[str, object]] = []
    used = 0
    for symbol, owner, label in key:
        size = len(symbol) + 1 + len(label) + 3
        if current and used + size > width:
            lines.append(current)
            current, used = [], 0
        current += [("   " if current else "  ", None), (symbol, owner), (" " + label, None)]
        used += size
    return lines + ([current] if current else [])


def _legend_lines(legend: Sequence[str], width: int,
                  colour: bool) -> Cells:
    """The legend wrapped to ``width``; each symbol owned by its curve (for its colour)."""
    lines: Cells = []
    current: list[tuple[str, object]] = []
    used = 0
    for i, label in enumerate(legend):
        symbol = LEGEND_SYMBOLS[0] if colour else LEGEND_SYMBOLS[i % len(LEGEND_SYMBOLS)]
        size = len(symbol) + 1 + len(label) + 3
        if current and used + size > width:
            lines.append(current)
            current, used = [], 0
        current += [("   " if current else "  ", None), (symbol, i), (" " + label, None)]
        used += size
    return lines + ([current] if current else [])


def _to_text(rows: Cells, colour: bool) -> str:
    if not colour:
        return "\n".join("".join(text for text, _ in row).rstrip() for row in rows) + "\n"
    from rich.console import Console
    from rich.text import Text

    console = Console(file=io.StringIO(), force_terminal=True, width=10_000, highlight=False)
    for row in rows:
        line = Text()
        for text, owner in _runs(row):
            if owner is AXIS:
                line.append(text, style="dim")
            elif owner == REFERENCE:
                line.append(text, style="grey50")
            elif isinstance(owner, int):
                line.append(text, style=COLOURS[owner % len(COLOURS)])
            else:
                line.append(text)
        console.print(line, no_wrap=True, crop=False)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _runs(row: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Adjacent cells with the same owner merged, so each colour is switched on once."""
    merged: list[tuple[str, object]] = []
    for text, owner in row:
        if merged and merged[-1][1] == owner:
            merged[-1] = (merged[-1][0] + text, owner)
        else:
            merged.append((text, owner))
    return merged
