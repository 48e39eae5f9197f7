"""The filter line: what is typed filters the current table as you type."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    """``enter`` keeps the filter and returns to the table, ``escape`` clears it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Clear filter", id="clear_filter"),
        # The keys stay one key away while filtering (a filter has no use for "?").
        Binding("question_mark", "app.help", "Keys", id="help", priority=True),
    ]

    class Cancelled(Message):
        pass

    def __init__(self) -> None:
        super().__init__(id="filter", compact=True)
        self.cursor_blink = False

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
