"""A table's lines of rows, once drawn, are kept for every table of the process alike (the
fork server's run of the explorer draws its sessions' first screen): a second explorer draws
none of them again, and shows the same lines; a line drawn otherwise (the cursor on it, another
width) is drawn anew."""

from __future__ import annotations

import pytest
from textual.strip import Strip

from bijie_tui.app import BijieApp
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog
from bijie_tui.model.tabs import make_tables
from bijie_tui.widgets import record_table
from bijie_tui.widgets.record_table import RecordTable


async def test_a_second_explorer_draws_no_row_line_again(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(load())
    make_tables(catalog, ("en",))  # as the fork server does: every explorer shows these
    record_table.ROW_LINES.clear()
    drawn: list[int] = []
    line_text = RecordTable._line_text

    def counted(self: RecordTable, cells: list[object], style: object) -> Strip:
        if not any(cells[0] is heading for heading in self._headings):  # a row, not the heading
            drawn.append(1)
        return line_text(self, cells, style)  # type: ignore[arg-type]

    monkeypatch.setattr(RecordTable, "_line_text", counted)
    seen: list[tuple[list[str], int]] = []
    for size in ((80, 24), (80, 24), (100, 24)):
        drawn.clear()
        app = BijieApp(catalog)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#headlines", RecordTable)
            lines = [line.text for line in table.render_lines(table.size.region)]
            seen.append((lines, len(drawn)))
    (first, first_drawn), (second, second_drawn), (wider, wider_drawn) = seen
    assert first_drawn > 5
    assert second_drawn == 0
    assert second == first
    assert wider_drawn > 5 and wider != first
