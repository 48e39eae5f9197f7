"""A table of records that filters, sorts, exports and copies, in either language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from ..model.export import write_new
from ..model.format import Lang
from ..model.output import to_csv
from ..model.tables import Row, TableSpec, Target, fit_columns
from .text import cut, plain, safe

_WORDS: dict[str, tuple[str, str]] = {
    "of": ("{shown} of {total}", "{shown}/{total}"),
    "filter": ("filter", "筛选"),
    "exported": ("Exported {n} records to {path}", "已导出{n}条记录到 {path}"),
    "export_failed": ("Export failed: {error}", "导出失败:{error}"),
    "nothing": ("Nothing to export: no rows shown", "没有可导出的行"),
}


def _word(key: str, lang: Lang) -> str:
    en, zh = _WORDS[key]
    return en if lang == "en" else zh


class RecordTable(DataTable[Text]):
    """Rows of a :class:`TableSpec`; ``/`` filters, ``s`` sorts, ``e`` exports, ``y`` copies."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", tooltip="Open the detail of this row"),
        Binding("slash", "filter", "Filter", tooltip="Filter rows by text, English or Chinese"),
        Binding("escape", "clear_filter", "Clear filter", tooltip="Show every row again"),
        Binding("s", "sort", "Sort", tooltip="Cycle the sort of the current column"),
        Binding("less_than_sign", "column(-1)", "Column ←", show=False),
        Binding("greater_than_sign", "column(1)", "Column →", show=False),
        Binding("e", "export", "Export", tooltip="Write the rows shown to a new CSV file"),
        Binding("y", "copy", "Copy", tooltip="Copy the highlighted record with its source"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First row", show=False),
        Binding("G", "scroll_bottom", "Last row", show=False),
    ]

    class Open(Message):
        """The user asked for the detail of a record."""

        def __init__(self, table: RecordTable, target: Target) -> None:
            super().__init__()
            self.table = table
            self.target = target

    class Copy(Message):
        def __init__(self, table: RecordTable, target: Target) -> None:
            super().__init__()
            self.table = table
            self.target = target

    class FilterRequested(Message):
        def __init__(self, table: RecordTable) -> None:
            super().__init__()
            self.table = table

    class Highlighted(Message):
        """The cursor rests on a record (sent for the row where the cursor settles)."""

        def __init__(self, table: RecordTable, target: Target) -> None:
            super().__init__()
            self.table = table
            self.target = target

    def __init__(
        self,
        builder: Callable[[Lang], TableSpec],
        lang: Lang,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(cursor_type="row", id=id, classes=classes)
        self.builder = builder
        self.lang: Lang = lang
        self.spec: TableSpec | None = None
        self.query_text = ""
        self.column = 0
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.shown: list[Row] = []
        self.widths: list[int | None] = []
        self._fitted_width = -1
        self.export_dir: Path = Path.cwd()

    # -- content -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Filled when it first gets a size (a table in a tab not yet shown costs nothing).
        pass

    def set_lang(self, lang: Lang) -> None:
        """Show ``lang`` from now on (a table not yet filled is filled when first shown)."""
        if self.spec is None:
            self.lang = lang
        else:
            self.load(lang)

    def load(self, lang: Lang) -> None:
        """(Re)build the table in ``lang``, keeping filter, sort and the highlighted record."""
        self.lang = lang
        self.spec = self.builder(lang)
        self.column = min(self.column, len(self.spec.columns) - 1)
        self._refill()

    def current(self) -> Row | None:
        if not self.shown or not 0 <= self.cursor_row < len(self.shown):
            return None
        return self.shown[self.cursor_row]

    def _refill(self) -> None:
        spec = self.spec
        if spec is None:
            return
        keep = self.current()
        rows = spec.matching(self.query_text) if self.query_text else list(spec.rows)
        if self.sort_column is not None:
            col = self.sort_column
            rows.sort(key=lambda r: r.sort[col], reverse=self.sort_reverse)
            if self.sort_reverse:  # missing values stay last either way
                rows.sort(key=lambda r: r.sort[col][0])
        self.shown = rows
        self.widths = self._fit(rows)
        visible = [(i, w) for i, w in enumerate(self.widths) if w is not None]
        if self.column not in dict(visible):
            self.column = visible[0][0]
        with self.app.batch_update():
            self.clear(columns=True)
            for i, width in visible:
                self.add_column(self._heading(i), key=spec.columns[i].key, width=width)
            for row in rows:
                self.add_row(*(self._cell(row.cells[i], w) for i, w in visible), key=row.key)
            if keep is not None and any(r.key == keep.key for r in rows):
                self.move_cursor(row=self.get_row_index(keep.key), animate=False)
        self._update_title()

    def _fit(self, rows: list[Row]) -> list[int | None]:
        """Column widths for the table's current width (``None``: column left out)."""
        assert self.spec is not None
        columns = self.spec.columns
        naturals = []
        for i, column in enumerate(columns):
            lengths = sorted(cell_len(row.cells[i]) for row in rows) or [0]
            # A cut column is as wide as nine rows in ten need; the rest get an ellipsis.
            wide = lengths[-1] if not column.shrink else lengths[(len(lengths) * 9) // 10]
            naturals.append(max(wide, cell_len(column.heading(self.lang)) + 2))
        available = self.size.width - 1  # one cell kept for the vertical scrollbar
        self._fitted_width = self.size.width
        if available <= 0:
            return list(naturals)
        headings = [cell_len(c.heading(self.lang)) + 2 for c in columns]
        return list(fit_columns(columns, naturals, available, heading_widths=headings))

    @staticmethod
    def _cell(text: str, width: int) -> Text:
        cell = safe(text)
        return plain(cut(cell, width)) if cell.cell_len > width else cell

    def on_resize(self) -> None:
        if self.size.width <= 0:
            return
        if self.spec is None:
            self.load(self.lang)
        elif self.size.width != self._fitted_width:
            self._refill()

    def _heading(self, index: int) -> Text:
        assert self.spec is not None
        column = self.spec.columns[index]
        text = safe(column.heading(self.lang))
        width = self.widths[index] if index < len(self.widths) else None
        if index == self.sort_column:
            text.append(" ▼" if self.sort_reverse else " ▲")
        if index == self.column and self.has_focus:
            text.stylize("underline")
        if width is not None and text.cell_len > width:
            text = cut(text, width)
        return plain(text)

    def _update_title(self) -> None:
        spec = self.spec
        if spec is None:
            return
        parts = [spec.title]
        if self.query_text:
            count = _word("of", self.lang).format(shown=len(self.shown), total=len(spec.rows))
            parts.append(f"{_word('filter', self.lang)} “{self.query_text}”: {count}")
        self.border_title = safe(" · ".join(parts))

    def set_filter(self, text: str) -> None:
        if text != self.query_text:
            self.query_text = text
            self._refill()
            self.refresh_bindings()

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.query_text)
        if action in ("copy", "select_cursor"):
            return self.current() is not None
        return True

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested(self))

    def action_clear_filter(self) -> None:
        self.set_filter("")

    def action_sort(self) -> None:
        """Unsorted → ascending → descending → unsorted, on the current column."""
        if self.sort_column != self.column:
            self.sort_column, self.sort_reverse = self.column, False
        elif not self.sort_reverse:
            self.sort_reverse = True
        else:
            self.sort_column, self.sort_reverse = None, False
        self._refill()

    def action_column(self, step: int) -> None:
        visible = [i for i, w in enumerate(self.widths) if w is not None]
        if not visible:
            return
        position = visible.index(self.column) if self.column in visible else 0
        self.column = visible[(position + step) % len(visible)]
        self._relabel()

    def _relabel(self) -> None:
        if self.spec is None:
            return
        for i, column in enumerate(self.spec.columns):
            if column.key in self.columns:
                self.columns[column.key].label = self._heading(i)  # type: ignore[index]
        self._require_update_dimensions = True
        self.refresh()

    def on_focus(self) -> None:
        self._relabel()

    def on_blur(self) -> None:
        self._relabel()

    def action_select_cursor(self) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Open(self, row.target))

    def action_copy(self) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Copy(self, row.target))

    def action_export(self) -> None:
        spec = self.spec
        if spec is None:
            return
        records = [r for row in self.shown for r in row.records]
        if not records:
            self.notify(_word("nothing", self.lang), severity="warning")
            return
        text = to_csv(records, spec.export_columns, spec.numeric_exports)
        stem = f"bijie-{spec.id}" + ("-filtered" if self.query_text else "")
        try:
            path = write_new(self.export_dir, stem, ".csv", text)
        except OSError as error:
            message = _word("export_failed", self.lang).format(error=error.strerror or error)
            self.notify(str(safe(message)), severity="error", markup=False)
            return
        message = _word("exported", self.lang).format(n=len(records), path=path.name)
        self.notify(str(safe(message)), markup=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Highlighted(self, row.target))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
