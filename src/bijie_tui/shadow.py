"""A shadow of the terminal's screen, so that only the cells that change are sent.

The renderer repaints whole lines and regions, and wraps every run of text in its full style and
a reset. Over a slow link that is most of the traffic. :class:`Shadow` reads each frame as the
terminal would (cursor moves, styles, text, wide characters, combining marks), keeps what every
cell of the screen holds, and writes only the cells whose character or style differ, each run with
the fewest style changes. The screen the terminal ends up with is the same; tests compare the two.
Widths are Rich's, the ones the program laid its screen out with: a cell holds a grapheme (a
character with its marks and selectors, ``❤️`` two cells wide).

Sequences that do not draw (modes, clipboard, queries) pass through in order. Anything that
would change cells in a way the shadow does not model (erasing, scrolling, a new screen)
passes through and makes the shadow forget, so the next frame is sent whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.cells import cell_len, get_character_cell_size, split_graphemes

_TOKEN = re.compile(
    r"\x1b\[(?P<csi>[0-?]*)(?P<inter>[ -/]*)(?P<final>[@-~])"
    r"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))"
    r"|(?P<esc>\x1b[^\[\]])"
    r"|(?P<cr>\r)|(?P<lf>\n)"
    r"|(?P<text>[^\x1b\r\n]+)"
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Sequences after which the screen's content is unknown to the shadow.
_FORGET_FINALS = frozenset("JKXPLM@STr")
Cell = tuple[str, str]
"""A grapheme (a character with its combining marks and selectors; ``""`` for the right half of
a wide one) and its style parameters."""
_BLANK: Cell = (" ", "")
_GAP = 4
_MIN_BAND = 4
_MAX_SHIFT = 16


def _merge(known: dict[int, Cell], writes: dict[int, Cell]) -> dict[int, Cell]:
    """A row after ``writes``, as a terminal keeps it (half a wide character does not stay)."""
    new = dict(known)
    for col, cell in writes.items():
        old = new.get(col)
        if old is not None and old[0] == "" and cell[0] != "" and col - 1 not in writes:
            new[col - 1] = (" ", new.get(col - 1, _BLANK)[1])
        new[col] = cell
        if cell[0] != "" and new.get(col + 1, _BLANK)[0] == "" and col + 1 not in writes:
            new[col + 1] = (" ", cell[1])
    return new


def _key(row: dict[int, Cell]) -> tuple[tuple[int, Cell], ...]:
    return tuple(sorted(row.items()))


def strip_colour(params: str) -> str:
    """``params`` without any colour; only attributes such as bold or reverse remain."""
    parts = params.replace(":", ";").split(";") if params else []
    kept: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        code = int(part) if part.isdigit() else 0
        if code in (38, 48, 58):
            mode = parts[i + 1] if i + 1 < len(parts) else ""
            i += 3 if mode == "5" else 5 if mode == "2" else 2
            continue
        i += 1
        if 30 <= code <= 49 or 90 <= code <= 107 or code == 59:
            continue
        kept.append(str(code))
    return ";".join(kept)


@dataclass
class Shadow:
    """The cells a terminal shows, as far as this program's output has told it."""

    strip_colour: bool = False
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    """Known cells by row and column (1-based); a missing cell is unknown and always re-sent."""
    _style: str = ""
    """The style the program has set (what its next text is drawn with)."""
    _row: int = 1
    _col: int = 1
    _sent_style: str | None = ""
    """The style the terminal is in; ``None`` when unknown."""
    _sent_at: tuple[int, int] | None = None
    """Where the terminal's cursor is; ``None`` when unknown."""

    def forget(self) -> None:
        """The screen may hold anything now (a resize, a new screen)."""
        self.rows.clear()
        self._sent_at = None

    # -- reading the program's output --------------------------------------------------------

    def _set_style(self, params: str) -> None:
        if self.strip_colour and params not in ("", "0"):
            reset = params.startswith("0;")
            params = strip_colour(params[2:] if reset else params)
            if reset:
                params = f"0;{params}" if params else "0"
            elif not params:
                return
        if params in ("", "0"):
            self._style = ""
            return
        if params.startswith("0;"):
            self._style = ""
            params = params[2:]
        self._style = f"{self._style};{params}" if self._style else params

    def _put(self, frame: dict[tuple[int, int], Cell], text: str) -> None:
        style = self._style
        row = self._row
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)  # controls draw nothing, and are not sent
        if text.isascii():
            for char in text:
                frame[(row, self._col)] = (char, style)
                self._col += 1
            return
        widths = [get_character_cell_size(char) for char in text]
        if 0 not in widths:  # one character a cell (or two): no marks, selectors or joiners
            for char, width in zip(text, widths, strict=True):
                frame[(row, self._col)] = (char, style)
                if width == 2:
                    frame[(row, self._col + 1)] = ("", style)
                self._col += width
            return
        # A cell holds a grapheme (a character and the marks or selectors that go with it),
        # as wide as Rich measures it: the widths the program laid its screen out with.
        spans, _ = split_graphemes(text)
        for start, end, width in spans:
            grapheme = text[start:end]
            if width <= 0:
                self._attach(frame, grapheme)
                continue
            frame[(row, self._col)] = (grapheme, style)
            for right in range(1, width):
                frame[(row, self._col + right)] = ("", style)
            self._col += width

    def _attach(self, frame: dict[tuple[int, int], Cell], marks: str) -> None:
        """Marks with no character before them in the same text join the cell before the
        cursor, as on the terminal (a style may change between a letter and its accent)."""
        row, col = self._row, self._col - 1
        known = self.rows.get(row, {})
        cell = frame.get((row, col), known.get(col))
        if cell is not None and cell[0] == "":
            col -= 1  # the right half of a wide character: its left half holds it
            cell = frame.get((row, col), known.get(col))
        if cell is None or col < 1:
            return  # nothing known to join: not drawn, as before
        frame[(row, col)] = (cell[0] + marks, cell[1])

    def feed(self, data: str) -> str:
        """What the terminal needs of ``data`` to show the same screen."""
        out: list[str] = []
        frame: dict[tuple[int, int], Cell] = {}
        for match in _TOKEN.finditer(data):
            kind = match.lastgroup
            if kind == "text":
                self._put(frame, match.group("text"))
            elif kind == "cr":
                self._col = 1
            elif kind == "lf":
                self._row += 1
            elif match.group("final") is not None:
                final = match.group("final")
                params = match.group("csi") or ""
                if final == "m" and not match.group("inter"):
                    self._set_style(params)
                elif final in "Hf" and not params.startswith("?"):
                    parts = params.split(";") if params else []
                    self._row = int(parts[0]) if parts and parts[0] else 1
                    self._col = int(parts[1]) if len(parts) > 1 and parts[1] else 1
                elif final in "ABCDGd" and not params.startswith("?"):
                    self._move(final, int(params) if params.isdigit() else 1)
                else:
                    self._pass(frame, out, match.group(0))
                    if final in _FORGET_FINALS or params in ("?1049", "?47", "?1047"):
                        self.forget()
            else:
                self._pass(frame, out, match.group(0))
        self._flush(frame, out)
        if self._sent_style:
            out.append("\x1b[m")
            self._sent_style = ""
        if self._sent_at != (self._row, self._col) and data:
            out.append(f"\x1b[{self._row};{self._col}H")
            self._sent_at = (self._row, self._col)
        return "".join(out)

    def _move(self, final: str, n: int) -> None:
        if final == "A":
            self._row = max(1, self._row - n)
        elif final == "B":
            self._row += n
        elif final == "C":
            self._col += n
        elif final == "D":
            self._col = max(1, self._col - n)
        elif final == "G":
            self._col = n
        else:
            self._row = n

    # -- writing what changed ----------------------------------------------------------------

    def _pass(self, frame: dict[tuple[int, int], Cell], out: list[str], sequence: str) -> None:
        """Send what is pending, then ``sequence`` with the program's style in force."""
        self._flush(frame, out)
        if self._sent_style != self._style:
            out.append(f"\x1b[0;{self._style}m" if self._style else "\x1b[m")
            self._sent_style = self._style
        out.append(sequence)

    def _flush(self, frame: dict[tuple[int, int], Cell], out: list[str]) -> None:
        if not frame:
            return
        by_row: dict[int, dict[int, Cell]] = {}
        for (row, col), cell in frame.items():
            by_row.setdefault(row, {})[col] = cell
        frame.clear()
        # What the program means each row to show: what it showed, with this frame's writes.
        intended = {row: _merge(self.rows.get(row, {}), by_row[row]) for row in by_row}
        self._scroll(intended, out)
        for row in sorted(intended):
            self._sync_row(row, intended[row], out)

    def _scroll(self, intended: dict[int, dict[int, Cell]], out: list[str]) -> None:
        """When a block of rows moved up or down, let the terminal move it (a scroll region)."""
        rows = sorted(intended)
        best: tuple[int, int, int, int] | None = None  # gain, top, bottom, signed shift
        start = 0
        while start < len(rows):
            end = start
            while end + 1 < len(rows) and rows[end + 1] == rows[end] + 1:
                end += 1
            top, bottom = rows[start], rows[end]
            start = end + 1
            if bottom - top + 1 < _MIN_BAND:
                continue
            want = {r: _key(intended[r]) for r in range(top, bottom + 1)}
            have = {r: _key(self.rows.get(r, {})) for r in range(top, bottom + 1)}
            same = sum(1 for r in want if want[r] and want[r] == have[r])
            for shift in range(1, min(bottom - top, _MAX_SHIFT) + 1):
                up = [
                    r
                    for r in range(top, bottom - shift + 1)
                    if want[r] and want[r] == have[r + shift]
                ]
                down = [
                    r
                    for r in range(top + shift, bottom + 1)
                    if want[r] and want[r] == have[r - shift]
                ]
                # The region runs from the first row that moved to the last (plus the shift):
                # rows around it that stay put (a heading, a border) stay out of it.
                for moved, signed in ((up, shift), (down, -shift)):
                    gain = len(moved) - same
                    if not moved or gain < _MIN_BAND - 1 or (best is not None and gain <= best[0]):
                        continue
                    if signed > 0:
                        best = (gain, moved[0], moved[-1] + shift, signed)
                    else:
                        best = (gain, moved[0] - shift, moved[-1], signed)
        if best is None:
            return
        _, top, bottom, signed = best
        if self._sent_style:
            out.append("\x1b[m")  # lines scrolled in take the current background
            self._sent_style = ""
        out.append(f"\x1b[{top};{bottom}r")
        if signed > 0:
            out.append(f"\x1b[{bottom};1H" + "\n" * signed)
        else:
            out.append(f"\x1b[{top};1H" + "\x1bM" * -signed)
        out.append("\x1b[r")
        self._sent_at = None
        before = {r: self.rows.get(r, {}) for r in range(top, bottom + 1)}
        for r in range(top, bottom + 1):
            source = r + signed
            # Rows scrolled in are blank on the terminal; unknown here, so sent whole.
            self.rows[r] = dict(before[source]) if top <= source <= bottom else {}

    def _sync_row(self, row: int, new: dict[int, Cell], out: list[str]) -> None:
        """Send the cells of ``row`` where the terminal differs from ``new``."""
        known = self.rows.get(row, {})
        changed = sorted(c for c in new if known.get(c) != new[c])
        runs: list[list[int]] = []
        for col in changed:
            if new[col][0] == "" and (not runs or runs[-1][-1] != col - 1):
                col -= 1  # start at the left half of a wide character
            if runs:
                last = runs[-1][-1]
                gap = range(last + 1, col)
                # A short stretch of unchanged cells is cheaper to resend than a cursor move.
                if col <= last + 1 + _GAP and all(c in new for c in gap):
                    runs[-1].extend(c for c in range(last + 1, col + 1) if c > last)
                    continue
            runs.append([col])
        for run in runs:
            self._send_run(row, run, new, out)
        self.rows[row] = new

    def _send_run(self, row: int, cols: list[int], new: dict[int, Cell], out: list[str]) -> None:
        first = cols[0]
        if self._sent_at != (row, first):
            out.append(f"\x1b[{row};{first}H")
        position = first
        for col in cols:
            if col < position:
                continue  # the right half of a wide character just sent
            char, style = new.get(col, _BLANK)
            if char == "":
                char = " "  # a lone right half: the terminal shows a blank there
            if style != self._sent_style:
                out.append(f"\x1b[0;{style}m" if style else "\x1b[m")
                self._sent_style = style
            out.append(char)
            position = col + (cell_len(char) or 1)
        self._sent_at = (row, position)
