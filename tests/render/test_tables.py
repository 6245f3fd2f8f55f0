"""Table writers: exact numbers, strict JSON, no truncation, escaping."""

from __future__ import annotations

import json
import math

import pytest

from actfn_cli.render.tables import Table, cell_text, json_safe, render, to_json

LONG = -0.15865525393145705


def table() -> Table:
    return Table(["x", "a|b", "label"], [[1.0, LONG, "p, q"], [-math.inf, math.nan, None]],
                 data={"x": [1.0, -math.inf], "v": [LONG, math.nan]})


def test_cells_round_trip() -> None:
    assert float(cell_text(LONG)) == LONG
    assert cell_text(0.1 + 0.2) == "0.30000000000000004"
    assert cell_text(None) == "" and cell_text(True) == "true"
    assert cell_text(math.inf) == "inf" and cell_text(-math.inf) == "-inf"


def test_json_is_strict_and_exact() -> None:
    text = to_json(table().data)
    data = json.loads(text, parse_constant=lambda c: pytest.fail(f"constant {c}"))
    assert data == {"x": [1.0, "-inf"], "v": [LONG, "nan"]}
    assert json_safe({"a": (math.inf,)}) == {"a": ["inf"]}


def test_plain_aligns_and_keeps_every_digit() -> None:
    lines = render(table(), "plain").splitlines()
    assert lines[0].split() == ["x", "a|b", "label"]
    assert repr(LONG) in lines[1]
    assert lines[1].index("1.0") < lines[1].index(repr(LONG))


def test_csv_quotes() -> None:
    assert render(table(), "csv").splitlines()[1] == f'1.0,{LONG!r},"p, q"'


def test_markdown_escapes_pipes() -> None:
    lines = render(table(), "markdown").splitlines()
    assert lines[0] == r"| x | a\|b | label |"
    assert lines[1] == "|---:|---:|:---|"


def test_rich_fits_or_falls_back_to_plain() -> None:
    wide = render(table(), "rich", width=120)
    assert "─" in wide and repr(LONG) in wide
    narrow = render(table(), "rich", width=20)
    assert narrow == render(table(), "plain")  # never a cut digit


def test_rich_cells_are_text_not_markup() -> None:
    t = Table(["E[f(z)]", "x"], [["[bold]a[/bold]", 1.0]], title="[t]", notes=("[n]",))
    out = render(t, "rich", width=60)
    for text in ("E[f(z)]", "[bold]a[/bold]", "[t]", "[n]"):
        assert text in out, text


def test_markdown_notes_follow_the_table() -> None:
    t = Table(["a"], [[1.0]], notes=("a paragraph", "- one", "- two"))
    assert render(t, "markdown").splitlines() == [
        "| a |", "|---:|", "| 1.0 |", "", "a paragraph", "- one", "- two"]
    assert render(table(), "markdown").splitlines()[-1].startswith("| -inf |")  # no notes
