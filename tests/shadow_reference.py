"""The shadow of the terminal's screen as first written, cell by cell: the reference that
:mod:`bijie_tui.shadow` must send the same bytes as, for any input (tests/test_shadow_paths.py).

Kept as it was; only this note is new. The shadow itself takes shortcuts (runs of text written
at once, rows merged at once, the rows scrolling is tried with) that must not change a byte.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

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


class Pen(NamedTuple):
    """A style as a terminal keeps it: attributes, colours, and parameters not modelled."""

    attrs: int = 0
    """The attributes on (bold, dim, italic ...), one bit each (see ``_ON``)."""
    fg: str = ""
    """The foreground colour's parameters (``31``, ``38;5;253``), ``""`` for the default."""
    bg: str = ""
    ul: str = ""
    """The underline colour (``58;…``)."""
    other: str = ""
    """Parameters the shadow does not model, in order: only a reset takes them away."""


PLAIN = Pen()
"""The default style: what a reset (``ESC[m``) leaves."""
_ON = (1, 2, 3, 4, 5, 6, 7, 8, 9, 21, 51, 52, 53)
"""The codes that turn an attribute on."""
_BIT = {code: 1 << i for i, code in enumerate(_ON)}
_OFF = {22: (1, 2), 23: (3,), 24: (4, 21), 25: (5, 6), 27: (7,), 28: (8,), 29: (9,), 54: (51, 52)}
_OFF[55] = (53,)
"""The codes that turn attributes off: 22 ends both bold and dim, 24 every underline."""
_OFF_MASK = {off: sum(_BIT[code] for code in codes) for off, codes in _OFF.items()}
_COLOURS = {"38": 1, "48": 2, "58": 3}
"""Where a colour of each kind goes in a :class:`Pen`."""
_DEFAULTS = {39: 1, 49: 2, 59: 3}

Cell = tuple[str, Pen, str]
"""A grapheme (a character with its combining marks and selectors; ``""`` for the right half of
a wide one), its style, and the address it links to (``""``: none)."""
_BLANK: Cell = (" ", PLAIN, "")
_GAP = 4
_MIN_BAND = 4
_MAX_SHIFT = 16
_FIXES = 3
"""Cells a row may differ in and still count as moved by a scroll (see :func:`_near`)."""


def _merge(known: dict[int, Cell], writes: dict[int, Cell]) -> dict[int, Cell]:
    """A row after ``writes``, as a terminal keeps it (half a wide character does not stay)."""
    new = dict(known)
    for col, cell in writes.items():
        old = new.get(col)
        if old is not None and old[0] == "" and cell[0] != "" and col - 1 not in writes:
            _, pen, link = new.get(col - 1, _BLANK)
            new[col - 1] = (" ", pen, link)
        new[col] = cell
        if cell[0] != "" and new.get(col + 1, _BLANK)[0] == "" and col + 1 not in writes:
            new[col + 1] = (" ", cell[1], cell[2])
    return new


def _near(want: dict[int, Cell], have: dict[int, Cell]) -> bool:
    """Whether row ``have`` shows ``want`` but for at most :data:`_FIXES` cells: a row of a
    list that moved, with the scrollbar's thumb or the cursor's mark beside it where it was
    not (those cells are sent after the rows are scrolled)."""
    if want == have:
        return True
    if len(want) != len(have):
        return False
    wrong = 0
    for col, cell in want.items():
        if have.get(col) != cell:
            wrong += 1
            if wrong > _FIXES:
                return False
    return True


@functools.lru_cache(maxsize=4096)
def apply_sgr(pen: Pen, params: str, no_colour: bool = False) -> Pen:
    """The style after ``ESC[{params}m`` with ``pen`` in force (without colours: ``no_colour``)."""
    parts = params.split(";") if params else ["0"]
    state: list[str] = ["", pen.fg, pen.bg, pen.ul, pen.other]
    attrs = pen.attrs
    i = 0
    while i < len(parts):
        part = parts[i]
        i += 1
        if ":" in part:  # a colour or an underline style in one parameter (38:5:25, 4:3)
            slot = _COLOURS.get(part.split(":", 1)[0])
            if slot is None:
                state[4] = f"{state[4]};{part}" if state[4] else part
            elif not no_colour:
                state[slot] = part
            continue
        code = int(part) if part.isdigit() else 0 if part == "" else -1
        if code == 0:
            attrs, state = 0, ["", "", "", "", ""]
        elif code in _BIT:
            attrs |= _BIT[code]
        elif code in _OFF_MASK:
            attrs &= ~_OFF_MASK[code]
        elif part in _COLOURS and i < len(parts) and parts[i] in ("2", "5"):
            count = 5 if parts[i] == "2" else 3
            colour = ";".join(parts[i - 1 : i - 1 + count])
            i += count - 1
            if not no_colour:
                state[_COLOURS[part]] = colour
        elif 30 <= code <= 37 or 90 <= code <= 97:
            state[1] = "" if no_colour else part
        elif 40 <= code <= 47 or 100 <= code <= 107:
            state[2] = "" if no_colour else part
        elif code in _DEFAULTS:
            state[_DEFAULTS[code]] = ""
        else:
            state[4] = f"{state[4]};{part}" if state[4] else part
    return Pen(attrs, state[1], state[2], state[3], state[4])


def _params(pen: Pen) -> str:
    codes = [str(code) for code in _ON if pen.attrs & _BIT[code]]
    codes += [part for part in pen[1:] if part]
    return ";".join(codes)


@functools.lru_cache(maxsize=4096)
def sgr(old: Pen, new: Pen) -> str:
    """The shortest SGR sequence that turns ``old`` into ``new``: the difference (only what is
    added or taken away), or a reset and the whole of ``new``."""
    if old == new:
        return ""
    whole = _params(new)
    if not whole:
        return "\x1b[m"
    whole = f"\x1b[{whole}m" if old == PLAIN else f"\x1b[0;{whole}m"
    if old.other and old.other != new.other:
        return whole  # what is not modelled can only be reset
    codes: list[str] = []
    gone = old.attrs & ~new.attrs
    again = 0
    for off, mask in _OFF_MASK.items():
        if gone & mask:
            codes.append(str(off))
            again |= new.attrs & mask  # one code ends both bold and dim: the one kept, again
    added = (new.attrs & ~old.attrs) | again
    codes += [str(code) for code in _ON if added & _BIT[code]]
    for was, now, default in (
        (old.fg, new.fg, "39"),
        (old.bg, new.bg, "49"),
        (old.ul, new.ul, "59"),
    ):
        if now != was:
            codes.append(now or default)
    if new.other != old.other:
        codes.append(new.other)
    diff = f"\x1b[{';'.join(codes)}m"
    return diff if len(diff) < len(whole) else whole


def _osc8_uri(sequence: str) -> str:
    """The address an OSC 8 sequence opens (``""``: it ends a link)."""
    body = sequence[4:-1] if sequence.endswith("\x07") else sequence[4:-2]
    _, _, uri = body.partition(";")
    return uri


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
    size: tuple[int, int] | None = None
    """The screen's columns and rows, when known (the driver tells)."""
    _pen: Pen = PLAIN
    """The style the program has set (what its next text is drawn with)."""
    _link: str = ""
    """The address the program's next text links to."""
    _row: int = 1
    _col: int = 1
    _sent_pen: Pen = PLAIN
    """The style the terminal is in."""
    _sent_link: str = ""
    _sent_at: tuple[int, int] | None = None
    """Where the terminal's cursor is; ``None`` when unknown."""
    _held: dict[int, dict[int, Cell]] | None = None
    """While held: the rows the program has drawn and the terminal has not been sent."""

    def forget(self) -> None:
        """The screen may hold anything now (a resize, a new screen)."""
        self.rows.clear()
        self._sent_at = None
        if self._held is not None:
            self._held.clear()  # the program draws the whole screen again after such a change

    def blank(self) -> None:
        """The terminal shows a blank screen (every cell a space in the default style)."""
        self.rows.clear()
        self._sent_at = None
        if self.size is not None:
            cols, lines = self.size
            line = dict.fromkeys(range(1, cols + 1), _BLANK)
            self.rows.update((row, dict(line)) for row in range(1, lines + 1))

    # -- holding the first screen ------------------------------------------------------------

    @property
    def holding(self) -> bool:
        return self._held is not None

    def hold(self) -> None:
        """Read frames without sending what they draw, until :meth:`release`."""
        if self._held is None:
            self._held = {}

    def release(self) -> str:
        """What the terminal needs to show everything drawn while held; sending resumes."""
        if self._held is None:
            return ""
        held, self._held = self._held, None
        out: list[str] = []
        for row in sorted(held):
            self._sync_row(row, held[row], out)
        self._finish(out)
        return "".join(out)

    # -- reading the program's output --------------------------------------------------------

    def _put(self, frame: dict[tuple[int, int], Cell], text: str) -> None:
        pen, link = self._pen, self._link
        row = self._row
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)  # controls draw nothing, and are not sent
        if text.isascii():
            col = self._col
            for char in text:
                frame[(row, col)] = (char, pen, link)
                col += 1
            self._col = col
            return
        widths = [get_character_cell_size(char) for char in text]
        if 0 not in widths:  # one character a cell (or two): no marks, selectors or joiners
            for char, width in zip(text, widths, strict=True):
                frame[(row, self._col)] = (char, pen, link)
                if width == 2:
                    frame[(row, self._col + 1)] = ("", pen, link)
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
            frame[(row, self._col)] = (grapheme, pen, link)
            for right in range(1, width):
                frame[(row, self._col + right)] = ("", pen, link)
            self._col += width

    def _known(self, row: int) -> dict[int, Cell]:
        """What ``row`` shows as far as the program has drawn it (held or sent)."""
        if self._held is not None and row in self._held:
            return self._held[row]
        return self.rows.get(row, {})

    def _attach(self, frame: dict[tuple[int, int], Cell], marks: str) -> None:
        """Marks with no character before them in the same text join the cell before the
        cursor, as on the terminal (a style may change between a letter and its accent)."""
        row, col = self._row, self._col - 1
        known = self._known(row)
        cell = frame.get((row, col), known.get(col))
        if cell is not None and cell[0] == "":
            col -= 1  # the right half of a wide character: its left half holds it
            cell = frame.get((row, col), known.get(col))
        if cell is None or col < 1:
            return  # nothing known to join: not drawn, as before
        frame[(row, col)] = (cell[0] + marks, cell[1], cell[2])

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
            elif kind == "osc" and match.group("osc").startswith("\x1b]8;"):
                self._link = _osc8_uri(match.group("osc"))
            elif match.group("final") is not None:
                final = match.group("final")
                params = match.group("csi") or ""
                if final == "m" and not match.group("inter"):
                    self._pen = apply_sgr(self._pen, params, self.strip_colour)
                elif final in "Hf" and not params.startswith("?"):
                    parts = params.split(";") if params else []
                    self._row = int(parts[0]) if parts and parts[0].isdigit() else 1
                    self._col = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
                elif final in "ABCDGd" and not params.startswith("?"):
                    self._move(final, int(params) if params.isdigit() else 1)
                elif final in _FORGET_FINALS or params in ("?1049", "?47", "?1047"):
                    self._flush(frame, out)
                    if self._held is not None:  # sent as it is: what was held goes first
                        out.append(self.release())
                    self._pass(frame, out, match.group(0), styled=True)
                    if final == "J" and params == "2" and self._sent_pen == PLAIN:
                        self.blank()
                    else:
                        self.forget()
                else:
                    self._pass(frame, out, match.group(0))
            else:
                self._pass(frame, out, match.group(0))
        self._flush(frame, out)
        if data and self._held is None:
            self._finish(out)
        return "".join(out)

    def _finish(self, out: list[str]) -> None:
        """End what was sent with no link and the default style, the cursor where the
        program left it."""
        if self._sent_link:
            out.append("\x1b]8;;\x1b\\")
            self._sent_link = ""
        if self._sent_pen != PLAIN:
            out.append("\x1b[m")
            self._sent_pen = PLAIN
        if self._sent_at != (self._row, self._col):
            out.append(f"\x1b[{self._row};{self._col}H")
            self._sent_at = (self._row, self._col)

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

    def _pass(
        self,
        frame: dict[tuple[int, int], Cell],
        out: list[str],
        sequence: str,
        *,
        styled: bool = False,
    ) -> None:
        """Send what is pending, then ``sequence`` (``styled``: with the program's style in
        force, for a sequence that fills cells with it)."""
        self._flush(frame, out)
        if styled and self._sent_pen != self._pen:
            out.append(sgr(self._sent_pen, self._pen))
            self._sent_pen = self._pen
        if sequence == "\x1b[?2026l" and out and out[-1] == "\x1b[?2026h":
            out.pop()  # a synchronized update with nothing in it
            return
        out.append(sequence)

    def _flush(self, frame: dict[tuple[int, int], Cell], out: list[str]) -> None:
        if not frame:
            return
        by_row: dict[int, dict[int, Cell]] = {}
        for (row, col), cell in frame.items():
            by_row.setdefault(row, {})[col] = cell
        frame.clear()
        if self._held is not None:
            for row, writes in by_row.items():
                self._held[row] = _merge(self._known(row), writes)
            return
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
            want = {r: intended[r] for r in range(top, bottom + 1)}
            have = {r: self.rows.get(r, {}) for r in range(top, bottom + 1)}
            same = sum(1 for r in want if want[r] and want[r] == have[r])
            for shift in range(1, min(bottom - top, _MAX_SHIFT) + 1):
                up = [
                    r
                    for r in range(top, bottom - shift + 1)
                    if want[r] and _near(want[r], have[r + shift])
                ]
                down = [
                    r
                    for r in range(top + shift, bottom + 1)
                    if want[r] and _near(want[r], have[r - shift])
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
        if self._sent_pen != PLAIN:
            out.append("\x1b[m")  # lines scrolled in take the current background
            self._sent_pen = PLAIN
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
                # A short stretch of unchanged cells in the style just sent is cheaper to
                # resend than a cursor move.
                if col <= last + 1 + _GAP and all(
                    c in new and new[c][1:] == new[last][1:] for c in gap
                ):
                    runs[-1].extend(c for c in range(last + 1, col + 1) if c > last)
                    continue
            runs.append([col])
        for run in runs:
            self._send_run(row, run, new, out)
        self.rows[row] = new

    def _move_to(self, at: tuple[int, int] | None, row: int, col: int) -> str:
        """The shortest move of the cursor from ``at`` to ``row``, ``col``."""
        if at is not None and at[0] == row:
            # In the same row a column is enough (even after the last column, where the
            # terminal waits to wrap: the row is still the cursor's).
            return "\r" if col == 1 else f"\x1b[{col}G"
        if at is not None and col == 1 and row == at[0] + 1 and self.size and row <= self.size[1]:
            return "\r\n"  # the next row, above the bottom: a line feed cannot scroll
        return f"\x1b[{row};{col}H"

    def _send_run(self, row: int, cols: list[int], new: dict[int, Cell], out: list[str]) -> None:
        first = cols[0]
        at = self._sent_at
        if at != (row, first):
            out.append(self._move_to(at, row, first))
        position = first
        for col in cols:
            if col < position:
                continue  # the right half of a wide character just sent
            char, pen, link = new.get(col, _BLANK)
            if char == "":
                char = " "  # a lone right half: the terminal shows a blank there
            if link != self._sent_link:
                out.append(f"\x1b]8;;{link}\x1b\\")
                self._sent_link = link
            if pen != self._sent_pen:
                out.append(sgr(self._sent_pen, pen))
                self._sent_pen = pen
            out.append(char)
            position = col + (cell_len(char) or 1)
        self._sent_at = (row, position)
