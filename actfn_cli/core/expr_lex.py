"""Reading an expression's characters: the limits, the error type and the tokenizer.

An expression is data, never code: it is read here character by character into tokens, and
by :mod:`.expr_parse` into a tree; nothing is ever handed to ``eval``, ``exec``, ``compile`` or
``ast``. The work is bounded before it starts: :data:`MAX_LENGTH` characters (checked before
anything else), :data:`MAX_DEPTH` levels of nesting and :data:`MAX_NODES` nodes (checked while
parsing), each refused with its own message. Quoted text may hold only letters, digits, ``_``,
``-``, ``.`` and spaces.
"""

from __future__ import annotations

import re

from .errors import ParameterError, UsageError

MAX_LENGTH = 2000
MAX_DEPTH = 50
MAX_NODES = 500

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<str>'[\w.\- ]*'|"[\w.\- ]*")
  | (?P<op>\*\*|==|!=|<=|>=|[-+*/()<>=,@])
""", re.VERBOSE | re.ASCII)
_UNICODE = {"−": "-", "×": "*", "·": "*", "⋅": "*", "≤": "<=", "≥": ">=", "≠": "!="}
_HINTS = {
    "^": "'^' is not a power here; write x**2",
    "[": "brackets are not part of the language; group with ( )",
    "]": "brackets are not part of the language; group with ( )",
    "{": "braces are not part of the language; group with ( )",
    "}": "braces are not part of the language; group with ( )",
    ".": "'.' only appears inside numbers such as 0.5 (no attribute access)",
    "!": "write 'not' for negation and '!=' for inequality",
    "&": "write 'and'", "|": "write 'or'",
    "%": "there is no '%' operator",
    ";": "';' is not part of the language; defaults are given as NAME(beta=1.5)=EXPR",
    ":": "':' is not part of the language; call a catalogue activation with keyword "
         "parameters, e.g. elu(x, alpha=0.5)",
}



class ExpressionError(UsageError):
    """An expression that cannot be read or evaluated; ``column`` (1-based) says where.

    ``str(err)`` is one line; :meth:`pointer` shows the expression with a caret under the column.
    """

    def __init__(self, message: str, text: str = "", column: int = 1) -> None:
        self.message = message
        self.text = text
        self.column = column
        super().__init__(f"expression error at column {column}: {message}")

    def pointer(self, width: int = 72) -> str:
        """Two lines: (a window of) the expression, and a caret under the column."""
        line = re.sub(r"\s", " ", self.text)
        start = max(0, min(self.column - 1 - width // 2, len(line) - width))
        shown = line[start:start + width]
        prefix = "…" if start > 0 else ""
        suffix = "…" if start + width < len(line) else ""
        caret = " " * (len(prefix) + self.column - 1 - start) + "^"
        return f"  {prefix}{shown}{suffix}\n  {caret}"


class ExpressionParameterError(ExpressionError, ParameterError):
    """A parameter of the expression without a value, or with an unusable one."""


def tokenize(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, column) tokens ending with ("end", "", len+1); ExpressionError otherwise."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(text)} characters; "
                              f"the limit is {MAX_LENGTH})", text, MAX_LENGTH + 1)
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        ch = text[pos]
        if m is None:
            if ch in _UNICODE:
                out.append(("op", _UNICODE[ch], pos + 1))
            elif ch == "π":
                out.append(("name", "pi", pos + 1))
            elif ch in "'\"":
                closed = ch in text[pos + 1:].split("\n")[0]
                raise ExpressionError("quoted text may hold only letters, digits, '_', '-', "
                                      "'.' and spaces" if closed else "unterminated string",
                                      text, pos + 1)
            else:
                raise ExpressionError(_HINTS.get(ch, f"unexpected character {ch!r}"),
                                      text, pos + 1)
            pos += 1
            continue
        kind = m.lastgroup or ""
        if kind == "name" and m.group().startswith("_"):
            raise ExpressionError("names cannot start with '_'", text, pos + 1)
        if kind != "ws":
            out.append((kind, m.group(), pos + 1))
        pos = m.end()
    out.append(("end", "", len(text) + 1))
    return out
