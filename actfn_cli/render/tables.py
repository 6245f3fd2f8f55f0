"""Tables as text: plain, csv, json, markdown, and rich for people at a terminal.

Every float is written with ``repr`` so it reads back as the same float, in every format.
Plain text is never truncated or wrapped (a pipe gets every digit); a rich table that would
not fit the terminal falls back to plain text rather than cutting digits. JSON is strict
RFC 8259: non-finite numbers become the strings ``"inf"``, ``"-inf"`` and ``"nan"``.
rich is imported only when a rich table is drawn.
"""

from __future__ import annotations

import io
import math
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Cell = float | int | str | None
TEXT_FORMATS = ("plain", "csv", "json", "markdown", "rich")


@dataclass(frozen=True)
class Table:
    """A table: headers, rows of cells, and the JSON document that carries the same data
    (commands shape their JSON themselves; the text formats read columns and rows)."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    data: Any = None
    title: str | None = None
    notes: Sequence[str] = field(default_factory=tuple)  # under plain/rich/markdown tables


def cell_text(value: Cell) -> str:
    """A cell as text: floats by ``repr`` (round-trips exactly), ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def json_safe(value: Any) -> Any:
    """``value`` with every non-finite float replaced by "inf", "-inf" or "nan"."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "tolist"):  # NumPy arrays and scalars
        return json_safe(value.tolist())
    return value


def to_json(data: Any) -> str:
    """Strict JSON (``allow_nan=False``) with floats written by ``repr``: objects indented,
    lists of plain values kept on one line so long columns stay readable."""
    return _dump(json_safe(data), "") + "\n"


def _dump(value: Any, indent: str) -> str:
    import json

    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dump(v, inner)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return "[\n" + ",\n".join(inner + _dump(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def render(table: Table, fmt: str, *, width: int | None = None) -> str:
    """The table in ``fmt`` (one of :data:`TEXT_FORMATS`)."""
    if fmt == "json":
        return to_json(table.data)
    if fmt == "csv":
        return _csv(table)
    if fmt == "markdown":
        return _markdown(table)
    if fmt == "rich":
        return _rich(table, width or shutil.get_terminal_size().columns)
    return _plain(table)


def _is_number(value: Cell) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _csv(table: Table) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([cell_text(c) for c in row] for row in table.rows)
    return out.getvalue()


def _plain(table: Table) -> str:
    texts = [[cell_text(c) for c in row] for row in table.rows]
    widths = [max([len(h), *(len(r[i]) for r in texts)]) for i, h in enumerate(table.columns)]
    numeric = [any(_is_number(row[i]) for row in table.rows) for i in range(len(widths))]

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)]
        return "  ".join(parts).rstrip()

    lines = ([table.title] if table.title else []) + [line(table.columns)]
    lines += [line(r) for r in texts]
    lines += list(table.notes)
    return "\n".join(lines) + "\n"


def _markdown(table: Table) -> str:
    def esc(text: str) -> str:
        return text.replace("|", r"\|")

    numeric = [any(_is_number(row[i]) for row in table.rows) for i in range(len(table.columns))]
    lines = ["| " + " | ".join(esc(h) for h in table.columns) + " |",
             "|" + "|".join("---:" if num else ":---" for num in numeric) + "|"]
    lines += ["| " + " | ".join(esc(cell_text(c)) for c in row) + " |" for row in table.rows]
    for note in table.notes:  # paragraphs after a blank line; "- " lines make a list
        lines += [note] if note.startswith("- ") else ["", note]
    return "\n".join(lines) + "\n"


def _rich(table: Table, width: int) -> str:
    """A rich table for a terminal: numbers never wrap (a number is kept whole or the table
    falls back to plain text); text columns may wrap between words to fit."""
    texts = [[cell_text(c) for c in row] for row in table.rows]
    numeric = [any(_is_number(row[i]) for row in table.rows) for i in range(len(table.columns))]
    needed = 0
    for i, header in enumerate(table.columns):
        cells = [header, *(r[i] for r in texts)]
        longest_word = max((len(w) for c in cells for w in c.split()), default=0)
        needed += max(map(len, cells)) if numeric[i] else min(max(map(len, cells)),
                                                                 max(longest_word, 10))
    if needed + 3 * len(table.columns) + 1 > width:  # would not fit: never cut digits
        return _plain(table)
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table as RichTable

    # Cells are text, not markup: "E[f(z)]" must not read as a style tag.
    grid = RichTable(title=escape(table.title) if table.title else None, box=box.SIMPLE_HEAD,
                     header_style="bold", caption=escape("\n".join(table.notes)) or None,
                     caption_justify="left")
    for header, num in zip(table.columns, numeric):
        grid.add_column(escape(header), justify="right" if num else "left", no_wrap=num,
                        overflow="fold")
    for row in texts:
        grid.add_row(*map(escape, row))
    console = Console(file=io.StringIO(), force_terminal=True, width=width, highlight=False)
    console.print(grid)
    return console.file.getvalue()  # type: ignore[attr-defined]
