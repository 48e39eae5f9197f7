"""A small terminal for tests: every SGR attribute and the hyperlink (OSC 8) of every cell.

pyte keeps neither dim, overline, double underline nor links, so output that differs only in
those would look the same on it. This screen reads the sequences a Textual program and the
shadow write (cursor moves, CR/LF, scroll regions and reverse index, SGR as xterm reads it,
OSC 8, erasing the whole screen, the alternate screen, autowrap) and keeps, for each cell, its
grapheme (with Rich's widths), its whole style and its link. It is written apart from the
shadow, from the terminal's rules, so that the two check each other.
"""

from __future__ import annotations

import re

from rich.cells import split_graphemes

Style = frozenset[tuple[str, str]]
Cell = tuple[str, Style, str]

_TOKEN = re.compile(
    r"\x1b\[(?P<csi>[0-?]*)(?P<inter>[ -/]*)(?P<final>[@-~])"
    r"|\x1b\](?P<osc>[^\x07\x1b]*)(?:\x07|\x1b\\)"
    r"|\x1b(?P<esc>[^\[\]])"
    r"|(?P<cr>\r)|(?P<lf>\n)"
    r"|(?P<text>[^\x1b\r\n]+)"
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_ATTRS = {
    1: "bold",
    2: "dim",
    3: "italic",
    4: "underline",
    5: "blink",
    6: "rapid-blink",
    7: "reverse",
    8: "conceal",
    9: "strike",
    21: "double-underline",
    51: "frame",
    52: "encircle",
    53: "overline",
}
_ENDS = {
    22: ("bold", "dim"),
    23: ("italic",),
    24: ("underline", "double-underline"),
    25: ("blink", "rapid-blink"),
    27: ("reverse",),
    28: ("conceal",),
    29: ("strike",),
    54: ("frame", "encircle"),
    55: ("overline",),
}


class Terminal:
    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.x = self.y = 0
        self.style: dict[str, str] = {}
        self.link = ""
        self.top, self.bottom = 0, rows - 1
        self.autowrap = True
        self.cells: list[list[Cell]] = [self._blank_line() for _ in range(rows)]

    def _blank_line(self, style: Style = frozenset()) -> list[Cell]:
        return [(" ", style, "") for _ in range(self.cols)]

    def _erased(self) -> Style:
        """What an erased cell takes of the style in force: its background."""
        return frozenset((k, v) for k, v in self.style.items() if k == "bg")

    def feed(self, data: str) -> None:
        for match in _TOKEN.finditer(data):
            if match.group("text") is not None:
                self._draw(_CONTROL.sub("", match.group("text")))
            elif match.group("cr") is not None:
                self.x = 0
            elif match.group("lf") is not None:
                self._index()
            elif match.group("osc") is not None:
                body = match.group("osc")
                if body.startswith("8;"):
                    self.link = body[2:].partition(";")[2]
            elif match.group("esc") is not None:
                if match.group("esc") == "M":
                    self._reverse_index()
            else:
                self._csi(match.group("csi") or "", match.group("final"))

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            if params in ("?1049", "?1047", "?47") and final == "h":
                self.cells = [self._blank_line() for _ in range(self.rows)]
            elif params == "?7":
                self.autowrap = final == "h"
            return
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        first = numbers[0] if numbers and numbers[0] else 1
        if final == "m":
            self._sgr(params)
        elif final in "Hf":
            row = first
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.y, self.x = min(row, self.rows) - 1, min(col, self.cols) - 1
        elif final == "A":
            self.y = max(0, self.y - first)
        elif final == "B":
            self.y = min(self.rows - 1, self.y + first)
        elif final == "C":
            self.x = min(self.cols - 1, self.x + first)
        elif final == "D":
            self.x = max(0, min(self.x, self.cols - 1) - first)
        elif final == "G":
            self.x = min(first, self.cols) - 1
        elif final == "d":
            self.y = min(first, self.rows) - 1
        elif final == "J" and numbers == [2]:
            self.cells = [self._blank_line(self._erased()) for _ in range(self.rows)]
        elif final == "r":
            top = first
            bottom = numbers[1] if len(numbers) > 1 and numbers[1] else self.rows
            self.top, self.bottom = top - 1, min(bottom, self.rows) - 1
            self.x = self.y = 0

    def _sgr(self, params: str) -> None:
        parts = params.split(";") if params else ["0"]
        i = 0
        while i < len(parts):
            part = parts[i]
            i += 1
            code = int(part) if part.isdigit() else 0
            if code == 0:
                self.style = {}
            elif code in _ATTRS:
                self.style[_ATTRS[code]] = "on"
            elif code in _ENDS:
                for name in _ENDS[code]:
                    self.style.pop(name, None)
            elif code in (38, 48, 58):
                slot = {38: "fg", 48: "bg", 58: "ul"}[code]
                mode = parts[i] if i < len(parts) else ""
                count = 3 if mode == "5" else 5 if mode == "2" else 1
                self.style[slot] = ";".join([part, *parts[i : i + count - 1]])
                i += count - 1
            elif 30 <= code <= 37 or 90 <= code <= 97:
                self.style["fg"] = str(code)
            elif 40 <= code <= 47 or 100 <= code <= 107:
                self.style["bg"] = str(code)
            elif code in (39, 49, 59):
                self.style.pop({39: "fg", 49: "bg", 59: "ul"}[code], None)

    def _index(self) -> None:
        if self.y == self.bottom:
            del self.cells[self.top]
            self.cells.insert(self.bottom, self._blank_line(self._erased()))
        elif self.y < self.rows - 1:
            self.y += 1

    def _reverse_index(self) -> None:
        if self.y == self.top:
            del self.cells[self.bottom]
            self.cells.insert(self.top, self._blank_line(self._erased()))
        elif self.y > 0:
            self.y -= 1

    def _draw(self, text: str) -> None:
        style = frozenset(self.style.items())
        spans, _ = split_graphemes(text)
        for start, end, width in spans:
            grapheme = text[start:end]
            if width <= 0:  # marks join the cell before the cursor
                x = min(self.x, self.cols) - 1
                line = self.cells[self.y]
                if x > 0 and line[x][0] == "":
                    x -= 1
                if x >= 0:
                    line[x] = (line[x][0] + grapheme, line[x][1], line[x][2])
                continue
            if self.x + width > self.cols:
                if self.autowrap:
                    self.x = 0
                    self._index()
                else:
                    self.x = self.cols - width
            line = self.cells[self.y]
            x = self.x
            if line[x][0] == "" and x > 0:  # the right half of a wide character
                line[x - 1] = (" ", line[x - 1][1], line[x - 1][2])
            last = x + width - 1
            if last + 1 < self.cols and line[last + 1][0] == "":
                line[last + 1] = (" ", line[last + 1][1], line[last + 1][2])
            line[x] = (grapheme, style, self.link)
            for right in range(x + 1, last + 1):
                line[right] = ("", style, self.link)
            self.x = x + width

    def links(self) -> set[str]:
        return {cell[2] for line in self.cells for cell in line if cell[2]}


def screen(chunks: list[str], cols: int, rows: int) -> list[list[Cell]]:
    terminal = Terminal(cols, rows)
    for chunk in chunks:
        terminal.feed(chunk)
    return terminal.cells
