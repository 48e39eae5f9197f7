"""The overview: what the collaboration is, headline figures, pairings by phase, the
milestones and context series."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult

from ..model.tables import Builder
from ..model.words import Bilingual
from ..textual_private import SteadyVerticalScroll
from .about import About
from .record_table import RecordTable


class OverviewView(SteadyVerticalScroll):
    """Several short tables one above the other; ``tab`` moves between them."""

    can_focus = False

    def __init__(
        self, tables: Sequence[tuple[str, Builder]], *, about: Bilingual | None = None
    ) -> None:
        super().__init__()
        self.tables = list(tables)
        self.about = about

    def compose(self) -> ComposeResult:
        if self.about is not None:
            yield About(self.about, classes="about")
        for table_id, builder in self.tables:
            yield RecordTable(builder, id=table_id)
