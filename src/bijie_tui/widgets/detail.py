"""The detail pane: one record's title, fields, series, text, sources and links."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial
from typing import ClassVar, TypeVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..messages import OpenRecord
from ..model.chart import layout as chart_layout
from ..model.details import Detail
from ..model.graphemes import first
from ..model.targets import Target
from .glance import Glance
from .keys import bindings
from .series_chart import SeriesChart, chart_text
from .text import ascii_mode, linked, safe

_LINE_MAX = 4000
"""Longest text shown for one line of a detail (the rest is in the dataset and in exports)."""
_STYLES = {"": "", "bold": "bold", "italic": "italic", "dim": "dim", "link": "underline"}


def _short(text: str) -> str:
    return text if len(text) <= _LINE_MAX else first(text, _LINE_MAX) + "…"


def _body_parts(detail: Detail) -> list[tuple[Hashable, RenderableType]]:
    """The text below the chart, each part with what it is: the fields beyond the first
    :data:`FIELD_LINES`, then each line wrapped under its own indent (a long quote keeps its
    place in the outline instead of running back to the margin)."""
    parts: list[tuple[Hashable, RenderableType]] = []
    for label, value in detail.fields[FIELD_LINES:]:
        text = safe(f"{label}: ", "bold") + linked(safe(_short(value)), value)
        parts.append((("field", label, value), text))
    for line in detail.lines:
        text = safe(_short(line.text), _STYLES.get(line.style, ""))
        if line.style == "link":
            text = linked(text, line.text)
        key = ("line", line.text, line.style, line.indent)
        parts.append((key, Padding(text, (0, 0, 0, 2 * line.indent)) if line.indent else text))
    return parts


def _text_key(text: Text) -> Hashable:
    return (text.plain, str(text.style), tuple(text.spans))


class LinkList(OptionList):
    """Links from a detail to other records; ``enter`` follows one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("links")


PartT = TypeVar("PartT", bound=Widget)

FIELD_LINES = 6
"""Fields at the top of the pane, each a widget of its own: a cursor step rewrites only the
fields whose text changes (more fields than these go to the text below)."""

LAYOUT_LATER = 0.3
"""Seconds after the last change before parts below the visible lines are laid out again."""


class DetailPane(VerticalScroll):
    """Everything known about one record; built from a :class:`Detail`, never from JSON.

    The whole pane scrolls as one: ``tab`` from the table moves into it, the arrows scroll it,
    ``enter`` (or ``tab`` again) goes to its links, ``escape`` goes back to the table.

    The top of the pane is made of small widgets, one for the title and one per field, so
    that moving from one record to the next repaints only the lines whose text differs; a
    field longer than the pane's width wraps (then, and when lines are shown or hidden, the
    pane is laid out again). The chart, the text and the links follow below.

    Laying out the screen is most of what a cursor step costs. Beside a table (the class
    ``preview``) and without focus, the pane shows only its first lines, and shows them as one
    :class:`Glance`: the lines each part would draw, made by that part, of which a step
    repaints those that differ and lays out nothing. The parts are laid out only when they are
    needed: when the pane gets focus (it scrolls then, and its links can be followed), and
    when the links would show among the lines shown (a short record in a tall pane).

    Laid out as parts, a part whose height changes is laid out at once only when it starts
    within the lines shown, or when the pane has focus (its scrollbar and scrolling then depend
    on it); a part further down is repainted where it is and laid out once the steps pause, or
    as soon as the pane gets focus.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("detail_pane")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.detail: Detail | None = None
        self._targets: list[Target] = []
        self._lines: dict[str, Text] = {}
        self._stale: set[Widget] = set()
        """Parts shown without their height laid out again yet."""
        self._later: dict[Widget, Callable[[], None]] = {}
        """Changes to parts below the lines shown that lay out by themselves, kept for later."""
        self._later_timer: Timer | None = None
        self._parts: dict[str, Widget] = {}
        self._parts_show: Detail | None = None
        """The detail the parts show (the glance may show a later one)."""
        self._ahead: tuple[Detail, Hashable, list[Strip] | None] | None = None
        """A detail's glance drawn ahead (see :meth:`prepare`), with what it was drawn for."""

    def compose(self) -> ComposeResult:
        yield Glance(id="detail-glance")
        with Vertical(id="detail-parts"):
            yield Static(id="detail-title", classes="line")
            yield Static(id="detail-subtitle", classes="line")
            for i in range(FIELD_LINES):
                yield Static(id=f"detail-field-{i}", classes="line field")
            yield SeriesChart(id="detail-chart")
            yield Static(id="detail-body")
            yield LinkList(id="detail-links")

    def on_mount(self) -> None:
        glance = self._part("detail-glance", Glance)
        glance.display = False
        glance.parts_holder = self._part("detail-parts", Vertical)
        # The glance's lines hold their colours: drawn again in a new theme's (told once the
        # theme's styles are applied).
        self.app.theme_changed_signal.subscribe(self, self._restyled)

    def _restyled(self, theme: object) -> None:
        if self.detail is not None and self.glancing():
            self.show(self.detail)

    def glancing(self) -> bool:
        """Whether the pane shows its first lines as a glance (not laid out as parts)."""
        return self._part("detail-glance", Glance).display

    def _set_line(self, name: str, text: Text) -> None:
        """Show ``text`` on line ``name`` (hidden when empty), laying out the pane only when
        the line appears, disappears or wraps (or did)."""
        old = self._lines.get(name)
        if old == text:
            return
        self._lines[name] = text
        line = self.query_one(f"#{name}", Static)
        shown = bool(text.plain)
        fits = 0 < line.size.width and text.cell_len <= line.size.width
        if old is not None and old.cell_len <= line.size.width and fits:
            line.update(text, layout=False)  # one line before and after
        else:
            self._update(line, text)
        if self._set_display(line, shown):
            self._stale.add(line)

    def _update(self, part: Static, content: RenderableType) -> None:
        """Show ``content`` in ``part``, laid out again only if its height changes (a text
        that wraps to as many lines as the one before takes the same place). A part below
        the lines shown is not measured: it is laid out once the steps pause."""
        height = part.size.height
        part.update(content, layout=False)
        width = part.size.width
        if not part.display:
            return  # laid out when shown (see _set_display)
        if not (width and height) or not self._lay_out_now({part}):
            self._stale.add(part)
            return
        size = Size(width, height)
        if part.get_content_height(size, size, width) != height:
            self._stale.add(part)

    def _set_display(self, part: Widget, shown: bool) -> bool:
        """Show or hide ``part`` (at once or later, see :meth:`_lay_out`); whether it
        changes."""
        if part.display == shown:
            self._later.pop(part, None)
            return False
        self._later[part] = partial(setattr, part, "display", shown)
        return True

    def _top(self, part: Widget) -> int | None:
        """The screen row where ``part`` starts (where it would, if hidden), or None when
        the pane is not laid out."""
        row: int | None = None
        for child in self._part("detail-parts", Vertical).children:
            if child.display:
                region = child.region
                if not region:
                    return None
                if child is part:
                    return region.y - child.styles.margin.top
                row = region.bottom + child.styles.margin.bottom
            elif child is part:
                return row
        return None

    def _lay_out_now(self, parts: set[Widget]) -> bool:
        """Whether a change of height of ``parts`` can be seen now."""
        if self.has_focus_within or self.scrollbar_size_vertical:
            return True
        bottom = self.scrollable_content_region.bottom
        for part in parts:
            top = self._top(part)
            if top is None or top < bottom:
                return True
        return False

    def _lay_out(self) -> None:
        """Lay out the parts that changed height, now if it shows, else once steps pause.
        Laid out now, the links wait all the same while they start below the lines shown:
        their list is the part that costs most to lay out (and a frame more after), and they
        are reached only from within the pane, which lays out everything first."""
        if not self._stale and not self._later:
            return
        if self._lay_out_now(self._stale | set(self._later)):
            links = self.query_one("#detail-links")
            kept = self._later.pop(links, None)
            if kept is not None and self._lay_out_now({links}):
                self._later[links] = kept
                kept = None
            self.lay_out_pending()
            if kept is None:
                return
            self._later[links] = kept
        if self._later_timer is None:
            self._later_timer = self.set_timer(LAYOUT_LATER, self.lay_out_pending)
        else:
            self._later_timer.reset()

    def has_pending_layout(self) -> bool:
        """Whether parts are shown without being laid out again yet."""
        return not self.glancing() and bool(self._stale or self._later)

    def lay_out_pending(self) -> None:
        """Make every change kept for later, and lay out every part whose height changed."""
        if self._later_timer is not None:
            self._later_timer.stop()
            self._later_timer = None
        later, self._later = self._later, {}
        for change in later.values():
            change()
        stale, self._stale = self._stale, set()
        for part in stale:
            part.refresh(layout=True)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._use_parts()

    def on_focus(self, event: events.Focus) -> None:
        self._use_parts()

    def on_resize(self, event: events.Resize) -> None:
        if self.detail is not None and (self.glancing() or self._may_glance()):
            self.show(self.detail)

    def _use_parts(self) -> None:
        """Lay out the parts, showing the detail the pane shows, instead of the glance."""
        self._glance(False)
        if self.detail is not None and self.detail != self._parts_show:
            self._show_parts(self.detail)
        self.lay_out_pending()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._left()

    def on_blur(self, event: events.Blur) -> None:
        self._left()

    def _left(self) -> None:
        """Focus gone elsewhere (the table, another tab, a jump's table): the record from its
        top again. Without focus the pane beside a table has no scrollbar to tell it is
        scrolled, and it speaks for the highlighted row, title first. Focus that moves within
        the pane, or a screen opened over it, keeps the place."""
        if not self.has_focus_within:
            if self.scroll_y:
                self.scroll_home(animate=False)
            if self.detail is not None and self._may_glance():
                self.show(self.detail)

    def _may_glance(self) -> bool:
        """Whether the pane may show a glance: beside a table, without focus, laid out."""
        return (
            self.has_class("preview")
            and not self.has_focus_within
            and bool(self.scrollable_content_region)
        )

    def _glance(self, on: bool) -> None:
        """Show the glance, or the parts."""
        glance = self._part("detail-glance", Glance)
        if glance.display != on:
            glance.display = on
            self._part("detail-parts", Vertical).display = not on

    def show(self, detail: Detail) -> None:
        """Show ``detail``: as a glance where it may (see the class), else as parts, updating
        only those that differ from what is shown."""
        old = self.detail
        self.detail = detail
        self._targets = [link.target for link in detail.links]
        lines = self._glance_of(detail) if self._may_glance() else None
        if lines is not None:
            self._part("detail-glance", Glance).show(lines)
            if self.scroll_y:
                self.scroll_home(animate=False)
            self._glance(True)
            return
        self._glance(False)
        try:
            self._show_parts(detail)
        except NoMatches:
            # A part is gone: the pane is being taken down as the app ends (a tab built while
            # idle may tell it of its table's first row meanwhile). Nothing is left to show.
            return
        if old is not None and old.target != detail.target and self.scroll_y:
            self.scroll_home(animate=False)

    def _head(self, detail: Detail) -> list[tuple[str, Text]]:
        """The lines at the top: the title, the subtitle and the first fields, by the id of
        the part that shows each (empty: the part is hidden)."""
        subtitle = detail.subtitle
        if ascii_mode() and not subtitle.isascii():
            # No CJK fonts to be assumed: the other language's name only when it was chosen.
            subtitle = ""
        head = [
            ("detail-title", safe(_short(detail.title), "bold")),
            ("detail-subtitle", safe(_short(subtitle), "italic")),
        ]
        fields = detail.fields[:FIELD_LINES]
        for i in range(FIELD_LINES):
            line = Text()
            if i < len(fields):
                label, value = fields[i]
                line.append_text(safe(f"{label}: ", "bold"))
                line.append_text(linked(safe(_short(value)), value))
            head.append((f"detail-field-{i}", line))
        return head

    def prepare(self, make: Callable[[], Detail]) -> None:
        """Draw the glance of the detail ``make`` makes now, for a step that will show it
        (nothing where the pane shows no glance)."""
        if self._may_glance():
            detail = make()
            self._ahead = (detail, self._glance_for(), self._glance_lines(detail))

    def _glance_for(self) -> Hashable:
        """What a glance's lines depend on besides the detail: the pane's size, the colours."""
        return (self.scrollable_content_region.size, self.app.theme, self.app.ansi_color)

    def _glance_of(self, detail: Detail) -> list[Strip] | None:
        """The glance of ``detail``: drawn ahead if it was (the same detail, for the same
        pane), else now."""
        ahead = self._ahead
        if ahead is not None and ahead[0] is detail and ahead[1] == self._glance_for():
            self._ahead = None
            return ahead[2]
        return self._glance_lines(detail)

    def _glance_lines(self, detail: Detail) -> list[Strip] | None:
        """The lines the pane shows of ``detail``, each drawn by the part that would show it;
        None where the links would show among them (the parts are laid out then)."""
        width, height = self.scrollable_content_region.size
        inner = width - 1  # every part leaves a blank column on its right
        if inner < 1 or height < 1:
            return None
        glance = self._part("detail-glance", Glance)
        lines: list[Strip] = []
        for name, text in self._head(detail):
            if text.plain:
                part = self._part(name, Static)
                lines.extend(glance.drawn(part, text, inner, width, _text_key(text)))
                if len(lines) >= height:
                    return lines[:height]
        if detail.chart:
            lines.append(glance.blank(width))
            chart = chart_text(chart_layout(detail.chart, inner, detail.chart_scale))
            drawer = self._part("detail-chart", SeriesChart)
            shape = ("chart", repr(detail.chart), detail.chart_scale)
            lines.extend(glance.drawn(drawer, chart, inner, width, shape))
            if len(lines) >= height:
                return lines[:height]
        lines.append(glance.blank(width))
        body = self._part("detail-body", Static)
        for what, content in _body_parts(detail):
            # Drawn as the body draws them all (one Rich renderable), one by one.
            lines.extend(glance.drawn(body, Group(content), inner, width, what))
            if len(lines) >= height:
                return lines[:height]
        return None if detail.links else lines

    def _part(self, name: str, kind: type[PartT]) -> PartT:
        """The part with the id ``name`` (looked up once)."""
        part = self._parts.get(name)
        if part is None:
            part = self._parts[name] = self.query_one(f"#{name}", kind)
        assert isinstance(part, kind)
        return part

    def _show_parts(self, detail: Detail) -> None:
        """Show ``detail`` in the parts, updating only those that differ from what they
        show."""
        old = self._parts_show
        self._parts_show = detail
        for name, text in self._head(detail):
            self._set_line(name, text)
        chart = self.query_one("#detail-chart", SeriesChart)
        if chart.show(detail.chart, detail.chart_scale):
            self._stale.add(chart)
        self._set_display(chart, bool(detail.chart))
        extra = detail.fields[FIELD_LINES:]
        if old is None or old.lines != detail.lines or (old.fields[FIELD_LINES:] != extra):
            body = Group(*(content for _, content in _body_parts(detail)))
            self._update(self.query_one("#detail-body", Static), body)
        if old is None or old.links != detail.links:
            self._later[self.query_one("#detail-links")] = partial(self._set_links, detail)
        self._lay_out()

    def _set_links(self, detail: Detail) -> None:
        links = self.query_one("#detail-links", LinkList)
        links.set_options(Option(safe(f"→ {_short(link.label)}")) for link in detail.links)
        links.display = bool(detail.links)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            # On a screen of its own, escape is the screen's: back to where it was opened.
            return not self.has_class("full")
        if action == "links":
            return bool(self._targets)
        return True

    def action_links(self) -> None:
        links = self.query_one("#detail-links", LinkList)
        if links.highlighted is None and links.option_count:
            links.highlighted = 0
        links.focus()

    def action_leave(self) -> None:
        """Focus what comes before the pane (the table it belongs to)."""
        chain = self.screen.focus_chain
        before = chain[: chain.index(self)] if self in chain else []
        if before:
            before[-1].focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._targets):
            self.post_message(OpenRecord(self._targets[event.option_index]))
