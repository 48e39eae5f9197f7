"""Messages between the explorer's screens and widgets, each carrying a typed target.

They bubble up to the App, which opens records, jumps to them and copies them, whichever screen
they come from.
"""

from __future__ import annotations

from textual.message import Message

from .model.targets import Target


class RecordMessage(Message):
    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target


class OpenRecord(RecordMessage):
    """Show the detail of ``target`` on a screen of its own."""


class JumpTo(RecordMessage):
    """Show ``target`` highlighted in the table that lists it (or its detail if none does)."""


class CopyRecord(RecordMessage):
    """Put ``target`` with its source on the clipboard."""
