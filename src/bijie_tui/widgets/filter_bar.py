"""The filter line: what is typed filters the current table as you type."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Input

from .keys import bindings


class FilterBar(Input):
    """``enter`` keeps the filter and returns to the table, ``escape`` clears it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("filter")

    class Cancelled(Message):
        pass

    def __init__(self) -> None:
        super().__init__(id="filter", compact=True)
        self.cursor_blink = False

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
