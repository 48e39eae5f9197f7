"""Figures printed without the TUI: CSV, JSON, Markdown and a terminal table."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence

from .query import COLUMNS, LIST_COLUMNS
from .safe import escape_hidden, printable, spreadsheet_safe
from .tables import TableSpec

_NUMERIC = frozenset({"value", "upper"})
_INTEGER = re.compile(r"-?[0-9]+").fullmatch


def to_csv(
    rows: Sequence[dict[str, str]],
    columns: Sequence[str] = COLUMNS,
    numeric: frozenset[str] = _NUMERIC,
) -> str:
    """CSV with a header; text cells are made printable and guarded against formulas, numeric
    columns are not."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                row.get(c, "") if c in numeric else spreadsheet_safe(printable(row.get(c, "")))
                for c in columns
            ]
        )
    return buffer.getvalue()


def _typed(
    row: dict[str, str], columns: Sequence[str] = COLUMNS, numeric: frozenset[str] = _NUMERIC
) -> dict[str, object]:
    """A row as JSON gives it: numbers as numbers, an item per source as an array, and null
    (never "") for what is missing."""
    out: dict[str, object] = {}
    lists = "source_id" in columns  # a record of figures or of a table with their sources
    for column in columns:
        text = row.get(column, "")
        if column in numeric or column == "year":
            out[column] = _number(text)
        elif lists and column in LIST_COLUMNS:  # as many items as sources (no address: null)
            items = text.split(LIST_COLUMNS[column]) if row.get("source_id") else []
            out[column] = [item or None for item in items]
        else:
            out[column] = text or None
    return out


def _number(text: str) -> object:
    """A number's text as JSON's number (null when missing; the text if it is no number)."""
    if text == "":
        return None
    if _INTEGER(text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text


def _json_escape(char: str) -> str:
    """A hidden character as a JSON escape (a surrogate pair above the BMP): the data stays
    the same for whoever reads the JSON, and nothing hidden reaches a terminal."""
    code = ord(char)
    if code < 0x20:
        return char  # json.dumps escapes controls inside strings: these are its line breaks
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def to_json(
    rows: Sequence[dict[str, str]],
    columns: Sequence[str] = COLUMNS,
    numeric: frozenset[str] = _NUMERIC,
) -> str:
    """The rows as a JSON array of objects with the same columns as the CSV (:data:`COLUMNS`
    unless told)."""
    # json.dumps escapes C0 controls itself; every other hidden character it would write raw.
    typed = [_typed(r, columns, numeric) for r in rows]
    text = json.dumps(typed, ensure_ascii=False, indent=1)
    return escape_hidden(text, _json_escape) + "\n"


def _md_cell(text: str) -> str:
    return printable(text).replace("|", "\\|")


MARKDOWN_COLUMNS = ("sector", "indicator", "region", "period", "display", "status", "source_id")


def to_markdown(
    rows: Sequence[dict[str, str]],
    headers: dict[str, str],
    columns: Sequence[str] = MARKDOWN_COLUMNS,
) -> str:
    """A Markdown table of ``columns`` headed by ``headers`` (a column's key where it has no
    header)."""
    lines = [
        "| " + " | ".join(_md_cell(headers.get(c, c)) for c in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def spec_text(spec: TableSpec, lang: str) -> str:
    """A table of the explorer as aligned plain text (wide characters count double)."""
    heads = [c.heading("zh" if lang == "zh" else "en") for c in spec.columns]
    rows = [[printable(cell) for cell in row.cells] for row in spec.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(heads)]

    def line(cells: Sequence[str]) -> str:
        padded = [c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    out = [printable(spec.title), line(heads), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    return "\n".join(out) + "\n"


# -- a table that wraps only where a reader would ------------------------------------------------

Token = tuple[str, str]
"""A piece of a cell that is never broken, and what goes before it on a line: ``" "`` after a
space of the text, ``""`` where lines may break between two characters (Chinese), ``"\\n"``
where a new line must start."""

# No line may start with a closing mark or end with an opening one.
_CLOSING = frozenset("，。、；：！？）」』》】〕%,.;:!?)]}")
_OPENING = frozenset("（「『《【〔([{")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _joins(before: str, char: str) -> bool:
    """False where a line may break between ``before`` and ``char`` (no space between them)."""
    if char in _CLOSING or before in _OPENING:
        return True
    if not _wide(char):
        # A word or a number stays whole, and so does a Chinese date ("2021年4月").
        return not _wide(before) or (before in "年月" and char.isdigit())
    # A wide character after a number or word keeps it company ("2022年", "3个"); two wide
    # characters may part.
    return not _wide(before) and before.isalnum()


def tokens(text: str) -> list[Token]:
    """``text`` cut where it may wrap: at spaces, and between Chinese characters."""
    out: list[Token] = []
    current, sep = "", ""
    for char in text:
        if char.isspace():
            if current:
                out.append((sep, current))
                current, sep = "", ""
            sep = "\n" if "\n" in (char, sep) else " "
        elif current and _joins(current[-1], char):
            current += char
        else:
            if current:
                out.append((sep, current))
                sep = ""
            current = char
    if current:
        out.append((sep, current))
    if out:
        out[0] = ("", out[0][1])
    return out


_MONTH_NAMES = frozenset(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
)
_DAY = re.compile(r"[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}\W*")


def keep_dates(cell: Sequence[Token]) -> list[Token]:
    """``cell`` with each English date kept on one line: ``9 Nov 2019``, ``Apr 2021``."""
    out: list[Token] = []
    for sep, token in cell:
        if out and sep == " ":
            before = out[-1][1]
            last = before.rsplit(" ", 1)[-1]
            month_year = last.rstrip("–-") in _MONTH_NAMES and _YEAR.fullmatch(token)
            day_month = _DAY.fullmatch(last) and token.rstrip(",") in _MONTH_NAMES
            if month_year or day_month:
                out[-1] = (out[-1][0], f"{before} {token}")
                continue
        out.append((sep, token))
    return out


def stacked(*cells: Sequence[Token]) -> list[Token]:
    """One cell holding ``cells`` one under another."""
    out: list[Token] = []
    for cell in cells:
        for n, (sep, token) in enumerate(cell):
            out.append(("\n" if n == 0 and out else sep, token))
    return out


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def min_width(cell: Sequence[Token]) -> int:
    return max((_cells(t) for _, t in cell), default=0)


def natural_width(cell: Sequence[Token]) -> int:
    """The widest line of ``cell`` when nothing but its own line breaks wraps it."""
    return max((_cells(line) for line in wrap(cell, None)), default=0)


def wrap(cell: Sequence[Token], width: int | None) -> list[str]:
    """The lines of ``cell`` at most ``width`` cells wide (None: only at its own breaks).

    A token wider than ``width`` is never cut: it gets a line of its own.
    """
    lines: list[str] = []
    line: str | None = None
    for sep, token in cell:
        if line is None:
            line = token
        elif sep != "\n" and (width is None or _cells(line + sep + token) <= width):
            line += sep + token
        else:
            lines.append(line)
            line = token
    if line is not None:
        lines.append(line)
    return lines


def fit_widths(
    mins: Sequence[int], naturals: Sequence[int], weights: Sequence[int], room: int | None
) -> list[int] | None:
    """Column widths that fit ``room`` cells, or None when even the narrowest do not.

    Columns start at their widest word and grow by turns, each in proportion to its weight,
    until they hold their content on one line or the room is used up.
    """
    if room is None or sum(naturals) <= room:
        return list(naturals)
    if sum(mins) > room:
        return None
    widths = list(mins)
    for _ in range(room - sum(mins)):
        growable = [i for i, w in enumerate(widths) if w < naturals[i]]
        if not growable:
            break
        grow = min(growable, key=lambda i: widths[i] / weights[i])
        widths[grow] += 1
    return widths


def table_lines(
    heads: Sequence[Sequence[Token]],
    rows: Sequence[Sequence[Sequence[Token]]],
    widths: Sequence[int],
    right: frozenset[int] = frozenset(),
    rule: str = "-",
    gap: str = "  ",
) -> list[str]:
    """Header, rule and rows as lines of text, no line with trailing spaces."""
    wrapped_heads = [wrap(h, w) for h, w in zip(heads, widths, strict=True)]
    wrapped_rows = [[wrap(c, w) for c, w in zip(row, widths, strict=True)] for row in rows]
    # A column is as wide as what it holds once wrapped.
    used = [
        max([_cells(line) for row in [wrapped_heads, *wrapped_rows] for line in row[i]] or [0])
        for i in range(len(widths))
    ]

    def block(cells: Sequence[list[str]]) -> list[str]:
        height = max((len(c) for c in cells), default=0)
        out = []
        for n in range(height):
            parts = []
            for i, lines in enumerate(cells):
                text = lines[n] if n < len(lines) else ""
                pad = " " * (used[i] - _cells(text))
                parts.append(pad + text if i in right else text + pad)
            out.append(gap.join(parts).rstrip())
        return out

    lines = block(wrapped_heads)
    lines.append(gap.join(rule * w for w in used))
    for row in wrapped_rows:
        lines.extend(block(row))
    return lines
