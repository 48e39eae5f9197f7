"""What a table shows of its rows: the filter, the sort, the current column, and the columns
hidden or shown at full width. Plain state and the rules that change it, with no widget: the
table widget (``widgets/record_table.py``) holds one :class:`TableView` and draws what it says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .tables import Row, TableSpec


@dataclass
class TableView:
    """The reader's choices on one table; they last while the table is rebuilt (in another
    language, say), as they name columns by position and key, not by heading."""

    query: str = ""
    """The filter's text (every word must match, see :meth:`TableSpec.matching`)."""
    sort_column: int | None = None
    sort_reverse: bool = False
    column: int = 0
    """The current column (where ``s`` sorts and ``-`` hides)."""
    hidden: set[str] = field(default_factory=set)
    """Keys of the columns hidden with ``-``."""
    full: set[str] = field(default_factory=set)
    """Keys of the columns shown at full width with ``_``."""
    just_hidden: tuple[str, int] | None = None
    """The column ``-`` hid last and the column then current, until another is chosen."""

    def rows(self, spec: TableSpec) -> list[Row]:
        """The rows shown: those matching the filter, sorted, missing values last either way."""
        rows = spec.matching(self.query) if self.query else list(spec.rows)
        column = self.sort_column
        if column is not None and column < len(spec.columns):
            rows.sort(key=lambda r: r.sort[column], reverse=self.sort_reverse)
            if self.sort_reverse:  # a stable sort on presence alone puts the missing last
                rows.sort(key=lambda r: r.sort[column][0])
        return rows

    def next_sort(self) -> None:
        """Unsorted → ascending → descending → unsorted, on the current column."""
        if self.sort_column != self.column:
            self.sort_column, self.sort_reverse = self.column, False
        elif not self.sort_reverse:
            self.sort_reverse = True
        else:
            self.sort_column, self.sort_reverse = None, False

    def move(self, visible: Sequence[int], step: int) -> None:
        """Make the column ``step`` places along the ``visible`` ones current (no wrap)."""
        if not visible:
            return
        position = visible.index(self.column) if self.column in visible else 0
        self.column = visible[max(0, min(position + step, len(visible) - 1))]
        self.just_hidden = None

    def hide(self, spec: TableSpec, visible: Sequence[int]) -> bool:
        """Hide the current column, or, straight after, show back the one just hidden.
        False, and nothing changes, for the name column or the last column of values: a
        table keeps its name and at least one value."""
        columns = spec.columns
        if self.just_hidden is not None and self.just_hidden[1] == self.column:
            key, _ = self.just_hidden
            self.just_hidden = None
            self.hidden.discard(key)
            self.column = next(i for i, c in enumerate(columns) if c.key == key)
            return True
        name = max(range(len(columns)), key=lambda i: (columns[i].priority, -i))
        if self.column == name or len(visible) <= 2:
            return False
        key = columns[self.column].key
        position = visible.index(self.column) if self.column in visible else 0
        following = visible[position + 1] if position + 1 < len(visible) else visible[position - 1]
        self.hidden.add(key)
        self.full.discard(key)
        self.column = following
        self.just_hidden = (key, self.column)
        return True

    def toggle_full(self, spec: TableSpec) -> None:
        """Show the current column at its full width, or as fitted if it is so already."""
        key = spec.columns[self.column].key
        if key in self.full:
            self.full.discard(key)
        else:
            self.full.add(key)
        self.just_hidden = None
