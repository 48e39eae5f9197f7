"""A table of records that filters, sorts, exports and copies, in either language.

It draws only the rows on screen (a virtual table): a hundred thousand rows cost no more to show,
move through, filter or sort than what sorting and matching them costs in Python.

The cursor marks its whole row: a background colour where the terminal has colours to spare,
reverse video where it has few or none (16 colours, ``NO_COLOR``, low bandwidth, ASCII), as
htop and VisiData do. The cursor of the focused table is bold as well, and differs from the
cursor of a table without focus.

``-`` hides the current column (and ``-`` again, before choosing another column, shows it
back); ``_`` shows the current column at its full width (and ``_`` again on it, as fitted).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Protocol, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip

from ..display import served
from ..messages import CopyRecord, OpenRecord
from ..model.format import Lang
from ..model.names import cut_end, distinct_cuts, reading
from ..model.safe import printable
from ..model.table_view import TableView
from ..model.tables import Builder, Row, TableSpec, fit_columns
from ..model.targets import Target
from ..model.words import word
from ..textual_private import KeptDrawings, SteadyScrollView
from .glyphs import ascii_str
from .keys import bindings
from .lang import Speaks
from .table_export import ask_export
from .text import ascii_mode, cut, plain, safe

_SAMPLE = 2000
"""Column widths are measured on at most this many rows, spread over the table."""
_CELL_MAX = 400
"""A cell never shows more characters than this (a column is far narrower): a huge string in a
dataset costs no more to draw than a long one."""
ROW_LINES = KeptDrawings(most=512)
"""The lines of rows drawn, for every table of the process alike (the fork server's run of
the explorer draws those of the sessions' first screen), with the row each is of (its id is
in the key, and may be another's once it is gone)."""

_LINES_KEPT = 600
"""Most lines kept drawn (a few screens of the largest terminal served): past it, the cache
starts again, so a long table scrolled end to end costs no more memory than a short one."""


class FilterHost(Protocol):
    """A screen that shows a filter line for its tables."""

    async def open_filter(self, table: RecordTable) -> None: ...


class CursorHost(Protocol):
    """A container that shows, beside its tables, the record under the cursor."""

    def cursor_moved(self, table: RecordTable, target: Target | None) -> None: ...


def _name_cell(text: str) -> Text:
    """A name as cut for its column, its ellipses in ASCII where the terminal needs it."""
    return plain(Text(ascii_str(text) if ascii_mode() else text))


class _Names:
    """The name column's cells by row index: those on screen as :func:`distinct_cuts` made
    them, any other cut at its end."""

    def __init__(self, rows: list[Row], column: int, width: int, top: int, cuts: list[str]):
        self._rows, self._column, self._width = rows, column, width
        self._top, self._cuts = top, cuts

    def read_apart(self) -> bool:
        """Whether the names on screen that differ read differently as cut."""
        texts = {self._rows[self._top + i].cells[self._column] for i in range(len(self._cuts))}
        return len({reading(cut) for cut in self._cuts}) >= len(texts)

    def __getitem__(self, index: int) -> str:
        at = index - self._top
        if 0 <= at < len(self._cuts):
            return self._cuts[at]
        text = printable(self._rows[index].cells[self._column][:_CELL_MAX])
        return cut_end(text, self._width, cell_len)


class RecordTable(Speaks, SteadyScrollView, can_focus=True):
    """Rows of a :class:`TableSpec`; ``/`` filters, ``s`` sorts, ``e`` exports, ``y`` copies."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header",
        "record-table--cursor",
    }
    DEFAULT_CSS = """
    RecordTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
    }
    RecordTable > .record-table--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    RecordTable:ansi > .record-table--header {
        background: ansi_bright_blue;
        color: ansi_default;
    }
    RecordTable > .record-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    RecordTable:focus > .record-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    RecordTable.-reverse-cursor > .record-table--cursor {
        background: $surface;
        color: $foreground;
        text-style: underline;
    }
    RecordTable.-reverse-cursor:focus > .record-table--cursor {
        text-style: reverse bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("table")

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)
    """The row the cursor is on, among the rows shown: set, the table draws the two lines that
    change (or scrolls) and tells the view beside it (:meth:`watch_cursor_row`)."""

    def __init__(
        self,
        builder: Builder,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.builder = builder
        self.spec: TableSpec | None = None
        self.view = TableView()
        """The reader's filter, sort and columns (see :mod:`..model.table_view`)."""
        self.shown: list[Row] = []
        self.widths: list[int | None] = []
        self.export_dir: Path | None = None if served(os.environ) else Path()
        """Where ``e`` writes: where the app runs at export time, even a removed directory;
        None in a served session, which writes nothing on the server."""
        self._fitted_for: tuple[int, bool, int] = (-1, False, -1)
        self._headings: list[Text] = []
        self._lines: dict[tuple[int, bool], tuple[str, Strip]] = {}
        """Lines drawn, by row and cursor, with the name they were drawn with (a row's name is
        cut anew as the rows around it on screen change); at most :data:`_LINES_KEPT`."""
        self._heading_line: tuple[object, Strip] | None = None
        """The heading's line drawn, after what it was drawn from: the headings, their style,
        the columns' widths and the table's."""
        self._styled: tuple[Style, Style, Style] | None = None
        self._drawing = False
        """Whether the table is being drawn (see :meth:`_styles`)."""
        self._names: tuple[int, _Names] | None = None
        """The name column's index and its cells as shown (cut so that rows read differently),
        made when first drawn after a fit."""
        self._highlighted: str | None = None
        self._announced = False

    # The view's state, by the names the rest of the program reads.

    @property
    def query_text(self) -> str:
        return self.view.query

    @property
    def column(self) -> int:
        return self.view.column

    @column.setter
    def column(self, index: int) -> None:
        self.view.column = index

    @property
    def sort_column(self) -> int | None:
        return self.view.sort_column

    @property
    def sort_reverse(self) -> bool:
        return self.view.sort_reverse

    @property
    def hidden(self) -> set[str]:
        return self.view.hidden

    @property
    def full(self) -> set[str]:
        return self.view.full

    # -- content -----------------------------------------------------------------------------

    def show_lang(self, lang: Lang) -> None:
        """Show ``lang`` from now on (a table not yet filled is filled when first shown)."""
        if not self.filled:
            self.spec = None  # made again, in this language, when it is needed
        else:
            self.load()

    def load(self) -> None:
        """(Re)build the table in the language shown, keeping filter, sort and the
        highlighted record (the rows made for a table not yet filled are kept: they are in
        that language, as :meth:`show_lang` drops them when it changes)."""
        if self.filled:
            self.spec = None
        spec = self.made_spec()
        self.column = min(self.column, len(spec.columns) - 1)
        self._refill()

    def made_spec(self) -> TableSpec:
        """The table's rows and columns in its language, made now if need be (to size it,
        to tell which keys apply, to name it), and kept for when it is filled."""
        if self.spec is None:
            self.spec = self.builder(self.lang)
            # Its rows live as long as the table: not looked through again by every full
            # collection (at 100,000 figures one took over 0.1 s, landing on a key press).
            gc.freeze()
        return self.spec

    @property
    def filled(self) -> bool:
        """Whether the rows are in (a table is filled when first shown, or before)."""
        return self.spec is not None and bool(self.widths)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # A table as high as its rows (as on the overview) needs them for the screen's first
        # layout: laid out empty, it would be laid out again once filled, a frame later.
        if not self.filled:
            height = len(self.made_spec().rows) + 1
            # The size it will have once filled, known now (filling it then changes nothing
            # that needs another layout; scrollbars are placed in this one).
            self.set_reactive(RecordTable.virtual_size, Size(1, height))
            return height
        return self.virtual_size.height

    @property
    def row_count(self) -> int:
        return len(self.shown)

    def current(self) -> Row | None:
        if not self.shown or not 0 <= self.cursor_row < len(self.shown):
            return None
        return self.shown[self.cursor_row]

    def get_row_index(self, key: str) -> int:
        for i, row in enumerate(self.shown):
            if row.key == key:
                return i
        raise KeyError(key)

    def visible_columns(self) -> list[tuple[int, int]]:
        """(column index, width) of the columns shown, in order."""
        return [(i, w) for i, w in enumerate(self.widths) if w is not None]

    def get_row_at(self, index: int) -> list[Text]:
        """The cells of a row as shown (cut to their column)."""
        row = self.shown[index]
        name, names = self._name_cells()
        return [
            _name_cell(names[index]) if i == name else self._cell(row.cells[i], w)
            for i, w in self.visible_columns()
        ]

    def name_column(self) -> int:
        """The index of the name column: the most important column shown."""
        assert self.spec is not None
        columns = self.spec.columns
        visible = [i for i, _ in self.visible_columns()]
        return max(visible, key=lambda i: (columns[i].priority, -i))

    def _name_cells(self) -> tuple[int, _Names]:
        """The name column and its cells as shown: those of the rows on screen cut so that
        rows that differ read differently (see :mod:`..model.names`), the others cut at the
        end when asked for. Made again with each fit, which follows the rows on screen; the
        cost stays that of a screenful of names, whatever the table's length."""
        if self._names is None:
            index = self.name_column()
            width = self.widths[index]
            assert width is not None
            top = self._first_on_screen(self.shown)
            seen = self._on_screen(self.shown)
            texts = [printable(row.cells[index][:_CELL_MAX]) for row in seen]
            cuts = distinct_cuts(texts, width, cell_len)
            self._names = (index, _Names(self.shown, index, width, top, cuts))
        return self._names

    def get_column(self, key: str) -> Iterator[Text]:
        """The cells of the column ``key`` as shown, top to bottom."""
        assert self.spec is not None
        index = next(i for i, c in enumerate(self.spec.columns) if c.key == key)
        width = self.widths[index]
        assert width is not None, f"column {key} is not shown"
        name, names = self._name_cells()
        for i, row in enumerate(self.shown):
            yield _name_cell(names[i]) if index == name else self._cell(row.cells[index], width)

    def heading(self, index: int) -> Text:
        return self._heading(index)

    def _refill(self) -> None:
        spec = self.spec
        if spec is None:
            return
        first = not self.filled
        keep = self.current()
        rows = self.view.rows(spec)
        self.shown = rows
        self._refit()
        cursor = 0
        if keep is not None:
            cursor = next((i for i, r in enumerate(rows) if r.key == keep.key), 0)
        # As wide as one cell: the columns are fitted to the width, which scrolls nowhere, and
        # a new width changes nothing here that would ask for the screen to be laid out again.
        self.virtual_size = Size(1, len(rows) + 1)
        # Set without its watcher: the whole table is drawn and told below.
        self.set_reactive(RecordTable.cursor_row, min(cursor, max(len(rows) - 1, 0)))
        self._scroll_to_cursor()
        self.refresh()
        self._update_title()
        self._announce()
        # Open, copy and the like depend on a row being there; the first filling changes
        # none of them, as check_action told them from the table's rows before.
        if self.has_focus and not (first and not self.query_text):
            self.refresh_bindings()

    def _refit(self, keep: list[int | None] | None = None) -> None:
        """Fit the columns shown to the table's width (the rows and the cursor stay); with
        ``keep``, no column shown in it narrows or goes (see :meth:`_follow_rows`)."""
        assert self.spec is not None
        widths = self._fit(self.shown, keep)
        self._names = None
        if keep is not None and widths == self.widths:
            return  # scrolled: the names alone are cut anew for the rows on screen
        self.widths = widths
        visible = self.visible_columns()
        if self.column not in dict(visible):
            self.column = visible[0][0]
        self._headings = [self._heading(i) for i in range(len(self.spec.columns))]
        self._lines.clear()

    def _follow_rows(self) -> None:
        """Fit the columns to the rows now on screen. Scrolled with the width unchanged, no
        column narrows or goes: one widens for a wider value coming on screen, and the name
        takes what is left. The columns stay put while the rows move under them, and the
        terminal can scroll the rows (see :mod:`..shadow`) instead of being sent every line
        again; the names are cut anew for the rows on screen. Should two names that differ
        then read the same, or on a filter, a sort, a new width or language, the columns are
        fitted anew."""
        width, bar, _ = self._fitted_for
        if (self.size.width, self._bar_needed(len(self.shown))) != (width, bar) or not self.widths:
            self._refit()
            return
        self._refit(keep=self.widths)
        if not self._name_cells()[1].read_apart():
            self._refit()

    def _unfitted(self) -> bool:
        """Whether the table is filled, shown, and not fitted to the width it has."""
        width = self.size.width
        return (
            self.filled
            and width > 0
            and (width, self._bar_needed(len(self.shown)), self._top()) != self._fitted_for
        )

    def _top(self) -> int:
        """The first row on screen (columns are as wide as the cells on screen)."""
        return round(self.scroll_offset.y)

    def _first_on_screen(self, rows: list[Row]) -> int:
        height = self.size.height - 1
        return 0 if height <= 0 else min(self._top(), max(len(rows) - height, 0))

    def _on_screen(self, rows: list[Row]) -> list[Row]:
        """The rows of ``rows`` on screen (all of them before the table is laid out)."""
        height = self.size.height - 1
        if height <= 0:
            return rows
        top = self._first_on_screen(rows)
        return rows[top : top + height]

    def _bar_needed(self, rows: int) -> bool:
        """Whether ``rows`` (and the heading) overflow the table, so a scrollbar takes a cell."""
        height = self.size.height
        return height > 0 and rows + 1 > height

    def _fit(self, rows: list[Row], keep: list[int | None] | None = None) -> list[int | None]:
        """Column widths for the table's current width (``None``: column left out); with
        ``keep``, the widths shown so far, as wide as those at least (but the name's)."""
        assert self.spec is not None
        columns = self.spec.columns
        # Each column is as wide as its cells on screen: a value far wider a page below
        # leaves its width to the names until it is scrolled to.
        seen = self._on_screen(rows)
        headings = [cell_len(c.heading(self.lang)) + 2 for c in columns]  # room for ▲
        naturals = []
        for i, heading in enumerate(headings):
            widest = max((cell_len(row.cells[i][:_CELL_MAX]) for row in seen), default=0)
            naturals.append(max(widest, heading))
        sticky: set[int] = set()
        if keep is not None and any(w is not None for w in keep):
            name = max(
                (i for i, w in enumerate(keep) if w is not None),
                key=lambda i: (columns[i].priority, -i),
            )
            sticky = {i for i, w in enumerate(keep) if w is not None and i != name}
            for i in sticky:
                naturals[i] = max(naturals[i], keep[i] or 0)
        bar = self._bar_needed(len(rows))
        # The last column's trailing space may fall under the scrollbar or off the edge.
        available = self.size.width - (1 if bar else 0) + 1
        self._fitted_for = (self.size.width, bar, self._top())
        if self.size.width <= 0:  # not laid out (or hidden): fitted when shown
            return list(naturals)
        keys = [c.key for c in columns]
        # A column empty in every row (no series of two points for Trend) is left out.
        empty = {
            i
            for i in range(len(columns))
            if seen and i not in sticky and not any(r.cells[i] for r in seen)
        }
        return fit_columns(
            columns,
            naturals,
            available,
            heading_widths=headings,
            hidden={i for i, k in enumerate(keys) if k in self.hidden} | empty,
            full={i for i, k in enumerate(keys) if k in self.full},
            trailing=1,
        )

    @staticmethod
    def _cell(text: str, width: int) -> Text:
        cell = safe(text[:_CELL_MAX])
        return plain(cut(cell, width)) if cell.cell_len > width else cell

    def _heading(self, index: int) -> Text:
        assert self.spec is not None
        column = self.spec.columns[index]
        text = safe(column.heading(self.lang))
        width = self.widths[index] if index < len(self.widths) else None
        if index == self.sort_column:
            text.append(" ▼" if self.sort_reverse else " ▲")
        if width is not None and text.cell_len > width:
            text = cut(text, width)
        if index == self.column and self.has_focus:
            text.stylize("underline")
        if width is not None and column.numeric:
            text.pad_left(width - text.cell_len)  # the column's own _line_text pads nothing
        return plain(text)

    def _update_title(self) -> None:
        spec = self.spec
        if spec is None:
            return
        parts = [spec.title]
        if self.query_text:
            count = word("table.of", self.lang, shown=len(self.shown), total=len(spec.rows))
            parts.append(f"{word('table.filter', self.lang)} “{self.query_text}”: {count}")
        self.border_title = safe(" · ".join(parts))

    def set_filter(self, text: str) -> None:
        if text != self.query_text:
            self.view.query = text
            self._refill()
            self.refresh_bindings()

    # -- drawing -----------------------------------------------------------------------------

    def _line_text(self, cells: list[Text], style: Style) -> Strip:
        """One line of the table in ``style`` from edge to edge (the cells' own styles on top)."""
        line = Text(end="", no_wrap=True)
        assert self.spec is not None
        columns = self.spec.columns
        shown = self.visible_columns()
        if not any(cell.spans or cell.style for cell in cells):
            # Plain cells (as most are): the line is one run of text in one style.
            parts = []
            for cell, (i, width) in zip(cells, shown, strict=True):
                pad = " " * (width - cell.cell_len)
                text = cell.plain
                parts.append(f" {pad}{text} " if columns[i].numeric else f" {text}{pad} ")
            strip = Strip([Segment("".join(parts), style)])
            return strip.adjust_cell_length(self.size.width, style)
        for cell, (i, width) in zip(cells, shown, strict=True):
            pad = " " * (width - cell.cell_len)
            line.append(" ")
            if columns[i].numeric:
                line.append(pad)
                line.append_text(cell)
            else:
                line.append_text(cell)
                line.append(pad)
            line.append(" ")
        return self._strip(line, style)

    def _strip(self, line: Text, style: Style) -> Strip:
        # A Text's own style reaches only text that has spans of its own; a span over the
        # whole line gives every cell the line's style, and the padding takes it too.
        line.stylize(style, 0, len(line))
        segments = list(line.render(self.app.console))
        return Strip(segments).adjust_cell_length(self.size.width, style)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._styled = None
        self._drawing = True
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = False
            self._styled = None

    def _styles(self) -> tuple[Style, Style, Style]:
        """The table's style, its heading's and its cursor's: looked up once a frame (each
        walks the table's ancestors), not once a line."""
        styled = self._styled
        if styled is None:
            base = self.rich_style
            styled = (
                base,
                base + self.get_component_rich_style("record-table--header"),
                base + self.get_component_rich_style("record-table--cursor"),
            )
            if self._drawing:
                self._styled = styled
        return styled

    def render_line(self, y: int) -> Strip:
        if self._unfitted():
            # Filled while hidden (its tab built ahead), and first drawn now, at its width:
            # fitted in this frame, not drawn unfitted and fitted in the next. Or scrolled.
            self._follow_rows()
        if y > 0 and self.widths:
            # A line drawn before, its name cut as it is now (a row scrolled into a line
            # drawn before is one): taken as it is.
            index = self.scroll_offset.y + y - 1
            if index < len(self.shown):
                is_cursor = index == self.cursor_row
                cached = self._lines.get((index, is_cursor))
                if cached is not None and cached[0] == self._name_cells()[1][index]:
                    return cached[1]
        width = self.size.width
        base, heading, cursor = self._styles()
        if self.spec is None or not self.widths:
            return Strip([Segment(" " * width, base)], width)
        if y == 0:
            drawn = self._heading_line
            if drawn is not None and drawn[0] == (self._headings, heading, self.widths, width):
                return drawn[1]
            cells = [self._headings[i] for i, _ in self.visible_columns()]
            line = self._line_text(cells, heading)
            self._heading_line = ((self._headings, heading, list(self.widths), width), line)
            return line
        index = self.scroll_offset.y + y - 1
        if index >= len(self.shown):
            if index == 0 and self.query_text:
                message = word("table.no_match", self.lang, query=self.query_text)
                return self._strip(Text(" ") + cut(safe(message), max(width - 2, 1)), base)
            return Strip([Segment(" " * width, base)], width)
        is_cursor = index == self.cursor_row
        name = self._name_cells()[1][index]
        row = self.shown[index]
        style = cursor if is_cursor else base
        # Everything the line is drawn from: its row, its name as cut, the columns' widths,
        # the table's width and the line's style.
        key = (id(row), name, tuple(self.widths), width, style, ascii_mode())
        kept: tuple[Row, Strip] | None = ROW_LINES.get(key)
        if kept is not None and kept[0] is row:
            strip = kept[1]
        else:
            strip = self._line_text(self.get_row_at(index), style)
            ROW_LINES.put(key, (row, strip))
        if len(self._lines) >= _LINES_KEPT:
            self._lines.clear()
        self._lines[(index, is_cursor)] = (name, strip)
        return strip

    def on_mount(self) -> None:
        self.follow_lang()
        self.set_class(self._few_colours(), "-reverse-cursor")

    def _few_colours(self) -> bool:
        """Whether the cursor is drawn in reverse video rather than in a colour of its own."""
        app = self.app
        system = app.console.color_system
        return bool(
            app.no_color
            or app.native_ansi_color
            or ascii_mode()
            or system in (None, "standard", "windows")
        )

    def on_resize(self) -> None:
        if self.size.width <= 0:
            return
        if not self.filled:
            self.load()
        elif self._unfitted():
            self._refill()
        else:
            self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._relabel()
        self._lines.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._relabel()
        self._lines.clear()
        self.refresh()

    def refresh_line(self, y: int) -> None:
        """Draw line ``y`` again: its cells only, not the scrollbar and the border beside it
        (Textual's own takes the whole width, and every frame of a cursor step drew the
        scrollbar again too)."""
        width = self.scrollable_content_region.width
        self.refresh(Region(0, y - self.scroll_offset.y, width, 1))

    def _relabel(self) -> None:
        if self.spec is not None and self.widths:
            self._headings = [self._heading(i) for i in range(len(self.spec.columns))]
            self.refresh_line(0 + self.scroll_offset.y)

    # -- the cursor --------------------------------------------------------------------------

    def move_cursor(self, row: int, animate: bool = False) -> None:
        """Put the cursor on ``row`` (clamped), scrolling it into view."""
        if self.shown:
            self.cursor_row = row

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.shown) - 1))

    def watch_cursor_row(self, old: int, row: int) -> None:
        self._lines.pop((old, True), None)
        self._lines.pop((row, False), None)
        if not self._scroll_to_cursor():
            self.refresh_line(old + 1)
            self.refresh_line(row + 1)
        self._announce()

    def _scroll_to_cursor(self) -> bool:
        """Scroll so the cursor row is on screen; True if it scrolled."""
        visible = max(self.scrollable_content_region.height - 1, 1)
        top = self.scroll_offset.y
        target = top
        if self.cursor_row < top:
            target = self.cursor_row
        elif self.cursor_row >= top + visible:
            target = self.cursor_row - visible + 1
        if target != top:
            self.scroll_to(y=target, animate=False, immediate=True)
            return True
        return False

    def _announce(self) -> None:
        row = self.current()
        key = row.key if row is not None else None
        if row is not None and key != self._highlighted:
            self._highlighted = key
            self._announced = True
            self._tell(row.target)
        elif row is None:
            self._highlighted = None
            if self._announced:  # the record shown beside the table is gone
                self._announced = False
                self._tell(None)

    def _tell(self, target: Target | None) -> None:
        """Tell the container showing the record under the cursor, at once: a message would be
        handled after the screen has drawn the table's step, so the pane beside it would
        follow a frame later (a second write and up to a frame's wait on every step)."""
        for node in self.ancestors:
            # Looked up, not checked against the protocol (Python's check of a protocol is
            # slow, and this is on every step of the cursor).
            if hasattr(node, "cursor_moved"):
                cast(CursorHost, node).cursor_moved(self, target)
                return

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_page(self, direction: int) -> None:
        page = max(self.scrollable_content_region.height - 2, 1)
        self.move_cursor(self.cursor_row + direction * page)

    def action_scroll_top(self) -> None:
        self.move_cursor(0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(len(self.shown) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = self.scroll_offset.y + offset.y - 1
        if 0 <= index < len(self.shown):
            if index == self.cursor_row and event.chain > 1:
                self.action_select_cursor()
            self.move_cursor(index)

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.query_text)
        if action in ("copy", "select_cursor"):
            if not self.filled:
                # Not yet fitted to its width: its first row will be under the cursor. Its
                # rows are made now if need be, so that the footer shows the right keys
                # before the table is first drawn, not a frame after.
                return bool(self.made_spec().rows)
            return self.current() is not None
        return True

    async def action_filter(self) -> None:
        # The screen opens the filter line in this action, not when a message gets there: the
        # keys typed right after "/" (type-ahead on a slow link) are taken once it is done,
        # and belong to the line, not to the table.
        if hasattr(self.screen, "open_filter"):
            await cast(FilterHost, self.screen).open_filter(self)

    def action_clear_filter(self) -> None:
        self.set_filter("")

    def action_sort(self) -> None:
        """Unsorted → ascending → descending → unsorted, on the current column."""
        self.view.next_sort()
        self._refill()

    def action_column(self, step: int) -> None:
        self.view.move([i for i, _ in self.visible_columns()], step)
        self._relabel()

    def action_hide_column(self) -> None:
        """Hide the current column; straight after, ``-`` shows it back."""
        if self.spec is None:
            return
        if not self.view.hide(self.spec, [i for i, _ in self.visible_columns()]):
            # A table keeps its name column and at least one column of values.
            self.notify(word("table.last_column", self.lang), severity="warning")
            return
        just = self.view.just_hidden
        self._refill()
        if just is not None:  # the column current once fitted, should it have moved
            self.view.just_hidden = (just[0], self.column)

    def action_full_column(self) -> None:
        """Show the current column at its full width, or as fitted if it is so already."""
        if self.spec is None:
            return
        self.view.toggle_full(self.spec)
        self._refill()

    def action_select_cursor(self) -> None:
        row = self.current()
        if row is not None:
            self.post_message(OpenRecord(row.target))

    def action_copy(self) -> None:
        row = self.current()
        if row is not None:
            self.post_message(CopyRecord(row.target))

    def action_export(self) -> None:
        ask_export(self)
