"""Figures printed without the TUI: CSV, JSON, Markdown and a terminal table."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence

from .query import COLUMNS
from .safe import printable, spreadsheet_safe
from .tables import TableSpec

_NUMERIC = frozenset({"value", "upper"})


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


def _typed(row: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = dict(row)
    for column in _NUMERIC:
        text = row[column]
        if text == "":
            out[column] = None
        else:
            out[column] = int(text) if text.lstrip("-").isdigit() else float(text)
    return out


# json.dumps escapes C0 controls itself; these it would write raw.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]")


def to_json(rows: Sequence[dict[str, str]]) -> str:
    text = json.dumps([_typed(r) for r in rows], ensure_ascii=False, indent=1)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _md_cell(text: str) -> str:
    return printable(text).replace("|", "\\|")


MARKDOWN_COLUMNS = ("sector", "indicator", "region", "period", "display", "status", "source_id")


def to_markdown(rows: Sequence[dict[str, str]], headers: dict[str, str]) -> str:
    lines = [
        "| " + " | ".join(headers[c] for c in MARKDOWN_COLUMNS) + " |",
        "|" + "|".join("---" for _ in MARKDOWN_COLUMNS) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(row[c]) for c in MARKDOWN_COLUMNS) + " |")
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
