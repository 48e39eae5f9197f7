"""One view for every sector (and for the sources): tables of records and a detail pane.

Which tables it holds comes from the caller as builders; the view knows nothing of sectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from time import monotonic
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.timer import Timer
from textual.widgets import ContentSwitcher

from ..model.details import Detail, detail_of
from ..model.format import Lang
from ..model.query import Catalog
from ..model.tables import Builder
from ..model.targets import Target
from ..model.words import Bilingual, word
from ..textual_private import driver_of
from .about import About
from .detail import DetailPane
from .keys import bindings
from .lang import Speaks
from .record_table import RecordTable
from .text import plain_str, safe

SETTLE_SECONDS = 0.12
"""A cursor step right after another waits at most this long for the next before the pane
follows."""
SETTLE_PACE = 1.25
"""While a key is held, the pane waits this many times the time between the last two steps
(a key repeating 30 times a second: 42 ms), so that it follows soon after the last."""
SETTLE_LEAST = 0.015
TIMER_LEAST = 0.001
"""The shortest timer set: a step taken late (a busy machine) may find its wait already over."""
AHEAD_SECONDS = 0.03
"""Once the pane has followed the cursor and this long has passed without a step, the record
one step further (the way the cursor last went) is drawn for the pane, ready for that step."""
DETAILS_KEPT = 64
"""How many records' details the view keeps made, for the steps back and forth among them."""


class BrowseView(Speaks, Container):
    """Tables of records (``v`` switches between them) and the detail of the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("lists")

    def __init__(
        self,
        catalog: Catalog,
        tables: Sequence[tuple[str, Builder]],
        *,
        id: str | None = None,
        about: Bilingual | None = None,
    ) -> None:
        super().__init__(id=id)
        self.about = about
        """What the tab holds, in a line above its tables."""
        self.catalog = catalog
        self.tables = list(tables)
        self.target: Target | None = None
        self._pending: Target | None = None
        self._settle: Timer | None = None
        self.shown_at = 0.0
        """When the pane last followed the cursor (``time.monotonic``): a step within
        :data:`SETTLE_SECONDS` of it is taken as a key held."""
        self._stepped_at = 0.0
        """When the key of the cursor's last step came."""
        self._wait = SETTLE_SECONDS
        """How long the pane waits after a step for the next (see :meth:`cursor_moved`)."""
        self._details: dict[tuple[Target, Lang], Detail] = {}
        self._ahead: Timer | None = None
        self._previewed_row = -1
        """The row whose record the pane shows (-1: none yet)."""
        self._way = 1
        """The way the cursor last went: 1 down, -1 up."""
        self._found_pane: DetailPane | None = None

    def compose(self) -> ComposeResult:
        if self.about is not None:
            yield About(self.about, classes="about")
        with ContentSwitcher(initial=self.tables[0][0], classes="lists"):
            for table_id, builder in self.tables:
                yield RecordTable(builder, id=table_id)
        yield DetailPane(classes="preview")

    def active_table(self) -> RecordTable:
        switcher = self.query_one(ContentSwitcher)
        return switcher.get_child_by_id(switcher.current or self.tables[0][0], RecordTable)

    def on_mount(self) -> None:
        self.follow_lang(now=True)

    def show_lang(self, lang: Lang) -> None:
        panes = self.query_children(DetailPane)
        if not panes:
            return  # taken down before it was whole (a view built while idle): nothing to name
        self._hint_lists()
        # A title that focus can reverse (in ASCII and without colour, the border is all).
        pane = panes.first()
        pane.border_title = plain_str(word("detail_title", lang))
        if self.target is not None:
            pane.show(self.detail(self.target))

    def detail(self, target: Target) -> Detail:
        """The detail of ``target`` in the app's language (made once, then kept: the dataset
        never changes while the app runs)."""
        key = (target, self.lang)
        made = self._details.get(key)
        if made is None:
            if len(self._details) >= DETAILS_KEPT:
                self._details.clear()
            made = self._details[key] = detail_of(self.catalog, target, self.lang)
        return made

    def _hint_lists(self) -> None:
        """Name the other list in each table's lower border, with the key that shows it."""
        if len(self.tables) < 2:
            return
        tables = list(self.query(RecordTable))
        for i, table in enumerate(tables):
            following = tables[(i + 1) % len(tables)]
            spec = following.made_spec()
            kind = spec.kind_title
            hint = f"v: {kind} ({len(spec.rows)})" if kind else f"v: {spec.title}"
            table.border_subtitle = safe(hint)

    def cursor_moved(self, table: RecordTable, target: Target | None) -> None:
        """Follow the cursor; while a key is held, wait for the row where it stops."""
        if not self.is_mounted or table is not self.active_table():
            return
        if target is None:  # no row shown: nothing to describe
            self._clear_preview()
            return
        self._pending = target
        if self._ahead is not None:
            self._ahead.stop()
            self._ahead = None
        now = monotonic()
        # When the key came, as the terminal sent it (on a busy machine it may be taken a
        # while later, and keys bunch up): the steps of a held key come as often as the key
        # repeats, and the pane waits a little longer than that after the last.
        came = self._key_time(now)
        wait = min(SETTLE_SECONDS, max(SETTLE_LEAST, (came - self._stepped_at) * SETTLE_PACE))
        self._stepped_at = came
        self._wait = wait
        # Textual's timers take no interval of 0 (a division by it ends the app).
        due = max(TIMER_LEAST, came + wait - now)
        if self._settle is not None:
            self._settle.stop()
            self._settle = self.set_timer(due, self._settled)
        elif now - self.shown_at >= SETTLE_SECONDS:
            self._settled()
        else:
            self._settle = self.set_timer(due, self._settled)

    def _key_time(self, now: float) -> float:
        """When the terminal sent the last key (``now`` where the driver does not tell)."""
        came = self._sent_at()
        return now if came is None or came > now else came

    def _sent_at(self) -> float | None:
        """When the terminal sent the last key, if the driver tells (see ``LeanDriver``)."""
        came = float(getattr(driver_of(self.app), "last_key", 0.0))
        return came if came > 0.0 else None

    def _settled(self) -> None:
        self._settle = None
        now = monotonic()
        came = self._sent_at()
        if came is not None and came > self._stepped_at and now - came < self._wait:
            # Another key has come since the step, and is yet to be taken: the key is held.
            self._settle = self.set_timer(max(TIMER_LEAST, came + self._wait - now), self._settled)
            return
        self.shown_at = now
        if self._pending is not None:
            self.preview(self._pending)

    def _clear_preview(self) -> None:
        if self._settle is not None:
            self._settle.stop()
            self._settle = None
        if self._ahead is not None:
            self._ahead.stop()
            self._ahead = None
        self._pending = None
        self.target = None
        pane = self._pane()
        if pane is not None:
            pane.show(Detail(("source", ""), "", ""))

    def _pane(self) -> DetailPane | None:
        """The pane, unless the view is still being built or already taken down (looked up
        once it is there)."""
        pane = self._found_pane
        if pane is None or not pane.is_attached:
            panes = self.query_children(DetailPane)
            pane = self._found_pane = panes.first() if panes else None
        return pane

    def preview(self, target: Target) -> None:
        self.target = target
        pane = self._pane()
        if pane is not None and pane.display:
            pane.show(self.detail(target))
            row = self.active_table().cursor_row
            if row != self._previewed_row and self._previewed_row >= 0:
                self._way = 1 if row > self._previewed_row else -1
            self._previewed_row = row
            self._look_ahead_later()

    def on_show(self) -> None:
        # A view built ahead, out of sight, drew nothing ahead: its pane had no size.
        self._look_ahead_later()

    def _look_ahead_later(self) -> None:
        if self._ahead is not None:
            self._ahead.stop()
        self._ahead = self.set_timer(AHEAD_SECONDS, self._look_ahead)

    def _look_ahead(self) -> None:
        """Draw the record one step further for the pane (see :data:`AHEAD_SECONDS`): a step
        there then only shows lines drawn already. One record, the way the cursor went, so
        that a step costs about what it did in all, only less of it after the key."""
        self._ahead = None
        pane = self._pane()
        if pane is None or not pane.display or self.target is None:
            return
        table = self.active_table()
        row = table.cursor_row + self._way
        if 0 <= row < len(table.shown):
            target = table.shown[row].target
            pane.prepare(lambda: self.detail(target))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_list":
            return len(self.tables) > 1
        return True

    def action_next_list(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        ids = [t[0] for t in self.tables]
        switcher.current = ids[(ids.index(switcher.current or ids[0]) + 1) % len(ids)]
        table = self.active_table()
        table.focus()
        row = table.current()
        if row is not None:
            self.preview(row.target)

    def action_toggle_preview(self) -> None:
        pane = self.query_one(DetailPane)
        pane.display = not pane.display
        if pane.display and self.target is not None:
            pane.show(self.detail(self.target))
