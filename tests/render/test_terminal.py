"""Braille plots: axes, ticks, legend, patterns, colour only when asked."""

from __future__ import annotations

import numpy as np

import actfn_cli as af
from actfn_cli.cli import views
from actfn_cli.core.grid import curve, sample_grid
from actfn_cli.render import terminal as term


def panel(*specs: str, order: int = 0) -> term.Panel:
    x = sample_grid(-6.0, 6.0, 401, [af.get(s) for s in specs])
    return term.Panel("", [(s, curve(af.get(s), order, x)) for s in specs])


def test_canvas_dots_and_lines() -> None:
    canvas = term.Canvas(2, 1)
    canvas.dot(0, 0, 0)
    canvas.dot(3, 3, 0)
    rows = canvas.text_rows()
    assert rows[0][0][0] == chr(0x2801) and rows[0][1][0] == chr(0x2880)
    canvas.polyline(np.array([0, 3]), np.array([0, 0]), 1)
    assert canvas.text_rows()[0][0][0] == chr(0x2809)  # dots 1 and 4


def test_nice_ticks() -> None:
    assert term.nice_ticks(-6.3, 6.3, 6) == [-5.0, -2.5, 0.0, 2.5, 5.0]
    assert term.nice_ticks(-6.3, 6.3, 3) == [-5.0, 0.0, 5.0]
    assert term.nice_ticks(0.0, 1.0, 4) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert term.tick_text(-2.5) == "−2.5" and term.tick_text(-0.0) == "0"


def test_render_fits_the_size_and_has_axes() -> None:
    text = term.render([panel("relu", "tanh")], ["relu", "tanh"], (-6.0, 6.0), 70, 20)
    lines = text.splitlines()
    assert len(lines) <= 20 and max(map(len, lines)) <= 70
    assert any("┤" in line for line in lines) and any("└" in line for line in lines)
    assert "━━━ relu" in lines[-1] and "╍╍╍ tanh" in lines[-1]  # patterns without colour
    assert "\x1b[" not in text


def test_gap_is_not_joined() -> None:
    """A NaN break (-1 in pixel space) leaves the cells between the two sides empty."""
    canvas = term.Canvas(6, 3)
    canvas.polyline(np.array([0, 5, -1, 6, 11]), np.array([11, 11, -1, 0, 0]), 0)
    rows = canvas.text_rows()
    assert rows[1] == [("⠀", None)] * 6  # nothing drawn between the two levels
    assert rows[0][3][0] != "⠀" and rows[2][2][0] != "⠀"


def test_colour_through_rich() -> None:
    text = term.render([panel("relu")], ["relu"], (-6.0, 6.0), 60, 16, colour=True)
    assert "\x1b[" in text


def test_colour_policy(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert views.colour_wanted() is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)
    assert views.colour_wanted() is False


def grid_cells(*specs: str, orders: tuple[int, ...] = (0,)) -> list[list[term.Panel]]:
    """One cell per spec, the first spec drawn in the others as the reference."""
    x = sample_grid(-6.0, 6.0, 401, [af.get(s) for s in specs])
    ref = curve(af.get(specs[0]), orders[0], x)
    cells = []
    for k, s in enumerate(specs):
        curves = [(s, curve(af.get(s), o, x)) for o in orders]
        marks = [(k, term.ORDER_PATTERNS[o]) for o in orders]
        if k:
            curves.insert(0, (specs[0], ref))
            marks.insert(0, (term.REFERENCE, term.REFERENCE_PATTERN))
        cells.append([term.Panel(s, curves, marks=marks)])
    return cells


def test_grid_columns_follow_the_width() -> None:
    assert term.grid_columns(4, 200) == 3 and term.grid_columns(4, 120) == 3
    assert term.grid_columns(4, 80) == 2 and term.grid_columns(4, 60) == 1
    assert term.grid_columns(1, 200) == 1 and term.grid_columns(2, 200) == 2


def test_render_grid_panels_side_by_side_within_the_width() -> None:
    specs = ("relu", "tanh", "gelu", "silu")
    key = [("━━━", None, "f(x)"), ("┈┈┈", term.REFERENCE, "relu (reference)")]
    for width, per_row in ((60, 1), (80, 2), (120, 3), (200, 3)):
        text = term.render_grid(grid_cells(*specs), key, (-6.0, 6.0), width, 40)
        lines = text.splitlines()
        assert max(map(len, lines)) <= width, width
        axes = [line.count("└") for line in lines if "└" in line]
        assert axes[0] == per_row and sum(axes) == len(specs), (width, axes)
        headings = [word for line in lines[:-1] if not any(c in line for c in "│┤└")
                    for word in line.split()]
        assert [s for s in specs if s in headings] == list(specs)  # each panel titled
        assert "┈┈┈ relu (reference)" in lines[-1] and "\x1b[" not in text


def test_render_grid_reference_and_derivative_are_drawn_differently() -> None:
    """The reference is sparse dots, f′ dashed: fewer dots than the solid f of one panel."""
    def dots(cells: list[list[term.Panel]]) -> int:
        text = term.render_grid(cells, [], (-6.0, 6.0), 60, 40)
        return sum((ord(ch) - term.BRAILLE).bit_count() for ch in text
                   if 0x2800 <= ord(ch) <= 0x28FF)

    x = sample_grid(-6.0, 6.0, 401)
    line = curve(af.get("identity"), 0, x)
    solid = dots([[term.Panel("a", [("a", line)], marks=[(0, term.ORDER_PATTERNS[0])])]])
    ref = dots([[term.Panel("a", [("a", line)], marks=[(term.REFERENCE,
                                                         term.REFERENCE_PATTERN)])]])
    dashed = dots([[term.Panel("a", [("a", line)], marks=[(0, term.ORDER_PATTERNS[1])])]])
    assert ref < dashed < solid


def test_render_grid_colour_only_when_asked() -> None:
    key = [("┈┈┈", term.REFERENCE, "relu (reference)")]
    text = term.render_grid(grid_cells("relu", "tanh"), key, (-6.0, 6.0), 100, 30,
                            colour=True)
    assert "\x1b[" in text
    plain = term.render_grid(grid_cells("relu", "tanh"), key, (-6.0, 6.0), 100, 30)
    assert "\x1b[" not in plain
