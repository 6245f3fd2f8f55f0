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
