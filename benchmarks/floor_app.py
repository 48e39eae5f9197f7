"""The framework's floor: stock Textual with the explorer's kinds of widgets.

A header, seven tabs (the first labelled "Overview"), a 40 × 6 table of text with a row cursor
in six of them and a detail pane below it (beside it from 120 columns), a sparkline on the
overview and a footer: the explorer's layout. The pane shows the first row's detail and stays
as it is while the cursor moves (as the explorer's pane waits for the row where the cursor
stops): a cursor step costs what the table's row cursor costs in stock Textual, not a repaint
of the pane. It answers the keys of the bandwidth scenario: ``1``-``7`` switch tabs, ``/``
opens a filter line (typing filters, ``enter`` keeps it), ``enter`` on a row opens a detail
screen, ``escape`` closes it, ``q`` quits. Nothing is tuned for bandwidth, and it uses
Textual's own driver: it measures what Textual costs by itself.

With ``--follow`` its pane follows the cursor instead, as the explorer's does on a step: each
highlighted row's detail is shown in the pane (a ``Static`` updated), which is what the same
feature costs in stock Textual.
Run: python benchmarks/floor_app.py [--follow]
"""

from __future__ import annotations

import sys
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)

TABS = ("Overview", "Employment", "Education", "Industry", "Healthcare", "Context", "Sources")
TABLE_TABS = TABS[1:6]
COLUMNS = ("Indicator", "Scope", "Period", "Value", "Source", "Status")
PLACES = ("Guangdong", "Guangzhou", "Bijie", "Guizhou", "Tianhe District", "Qixingguan")
THINGS = ("jobs fair", "training places", "school aid", "hospital staff", "tea exports", "funds")

Row = tuple[str, str, str, str, str, str]
ROWS = 40
FOLLOW = "--follow" in sys.argv[1:]
"""Whether the pane follows the cursor (see the top of the file)."""


def rows_for(sector: str) -> list[Row]:
    """Forty rows of text for ``sector``, some of them mentioning Guangdong: more than the 30
    downs of a held key."""
    rows = []
    for i in range(ROWS):
        place = PLACES[(i + len(sector)) % len(PLACES)]
        rows.append(
            (
                f"{sector} {THINGS[i % len(THINGS)]} for {place} no. {i + 1}",
                place,
                f"{2016 + i % 8}-{1 + i % 12:02d}",
                f"{(i + 1) * 1234:,} people",
                f"src-{sector[:3].lower()}-{i:02d}",
                ("stated", "derived", "reported")[i % 3],
            )
        )
    return rows


def detail_text(row: Row) -> str:
    """About ten lines on one row."""
    indicator, place, period, value, source, status = row
    return "\n".join(
        [
            indicator,
            "",
            f"Latest: {value} ({period})",
            f"Scope: {place}",
            f"Period: {period}",
            f"Status: {status}",
            f"Source: {source}",
            "",
            f"A sentence or two about {indicator.lower()}, as a detail pane shows it.",
            "Figures are as published by the source named above.",
        ]
    )


class Browse(Container):
    """A table of rows and the detail of the highlighted one."""

    def __init__(self, sector: str) -> None:
        super().__init__(classes="browse")
        self.sector = sector
        self.all_rows = rows_for(sector)
        self.shown = list(self.all_rows)

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", classes="table")
        yield Static(classes="pane")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        self.fill("")
        self.query_one(".pane", Static).update(detail_text(self.all_rows[0]))

    def fill(self, text: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        needle = text.lower()
        self.shown = [r for r in self.all_rows if any(needle in cell.lower() for cell in r)]
        for row in self.shown:
            table.add_row(*row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if FOLLOW and 0 <= event.cursor_row < len(self.shown):
            self.query_one(".pane", Static).update(detail_text(self.shown[event.cursor_row]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.shown):
            self.app.push_screen(DetailScreen(self.shown[event.cursor_row]))


class DetailScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Back")]

    def __init__(self, row: Row) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(detail_text(self.row), classes="full")
        yield Footer()


class FloorApp(App[None]):
    CSS = """
    .browse { layout: vertical; }
    .table { height: 1fr; border: round $primary-darken-2; }
    .table:focus { border: heavy $accent; }
    .pane { height: 45%; border: round $primary-darken-2; padding: 0 1; }
    Screen.-wide .browse { layout: horizontal; }
    Screen.-wide .table { width: 5fr; height: 1fr; }
    Screen.-wide .pane { width: 3fr; height: 1fr; }
    #overview-text { margin: 1 1; }
    Sparkline { height: 4; margin: 0 1; }
    #filter { dock: bottom; margin-bottom: 1; height: 1; display: none; }
    .full { padding: 1 2; }
    """
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 - as Textual declares it
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("slash", "filter", "Filter"),
        *(Binding(str(n), f"go({n})", f"Tab {n}", show=False) for n in range(1, len(TABS) + 1)),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent():
            for number, name in enumerate(TABS, start=1):
                with TabPane(name, id=f"tab-{number}"):
                    if name == "Overview":
                        yield Static(
                            "Headline figures of the collaboration, year by year.",
                            id="overview-text",
                        )
                        yield Sparkline([(i * 37) % 23 + i for i in range(40)])
                    elif name in TABLE_TABS:
                        yield Browse(name)
                    else:
                        yield Browse("Sources")
        bar = Input(placeholder="Filter (enter keeps it)", id="filter", compact=True)
        bar.cursor_blink = False  # as in the explorer: a blinking cursor writes twice a second
        yield bar
        yield Footer()

    def current(self) -> Browse | None:
        pane = self.query_one(TabbedContent).active_pane
        found = pane.query(Browse) if pane is not None else None
        return found.first() if found else None

    def action_go(self, number: int) -> None:
        self.query_one(TabbedContent).active = f"tab-{number}"
        browse = self.current()
        if browse is not None:
            browse.query_one(DataTable).focus()

    def action_filter(self) -> None:
        if self.current() is None:
            return
        bar = self.query_one("#filter", Input)
        bar.display = True
        bar.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        browse = self.current()
        if browse is not None:
            browse.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        browse = self.current()
        if browse is not None:
            browse.query_one(DataTable).focus()


if __name__ == "__main__":
    FloorApp().run()
