"""Names cut so that rows that differ read differently (model/names.py), on every table and page."""

from __future__ import annotations

import pytest
from textual.widgets import TabbedContent

from bijie_tui.app import BijieApp
from bijie_tui.model.format import Lang
from bijie_tui.model.names import distinct_cuts
from bijie_tui.model.query import Catalog
from bijie_tui.model.tables import SOURCE_KIND_SHORT
from bijie_tui.model.words import tr
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, tabs_built

TIANHE = [
    "Tianhe assistance funds to Nayong (annual)",
    "Tianhe assistance funds to Nayong (cumulative)",
    "Tianhe assistance projects in Nayong (annual)",
    "Tianhe assistance projects in Nayong (cumulative)",
]
HUAWU = ["Huawu village May Day holiday tourists", "Huawu village May Day holiday tourism revenue"]


@pytest.mark.parametrize("width", [24, 30, 40])
def test_names_that_differ_read_differently(width: int) -> None:
    shown = distinct_cuts([*TIANHE, *HUAWU, "short"], width)
    assert len(set(shown)) == len(shown)
    assert all(len(s) <= width for s in shown)
    assert shown[-1] == "short"


def test_the_part_that_differs_is_kept() -> None:
    assert distinct_cuts(HUAWU, 24) == ["Huawu…tourists", "Huawu…tourism revenue"]
    assert distinct_cuts(["化屋村“五一”假期游客量", "化屋村“五一”假期旅游收入"], 12) == [
        "化…游客量",
        "化…旅游收入",
    ]


# -- every table on screen ---------------------------------------------------------------------

SMALL_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to"}
)
"""Words a reader skims over: names that differ only in them read the same."""


def _reading(name: str) -> tuple[str, ...]:
    """What a reader takes from a name as drawn: its words, the small ones and the ellipses
    left out (``Registered poor of Bijie…`` reads as ``Registered poor in Bijie…``)."""
    words = name.replace("…", " ").split()
    return tuple(w for w in words if w.casefold() not in SMALL_WORDS)


def _drawn_names(app: BijieApp, table: RecordTable) -> list[str]:
    """The names of the rows on screen as the screen shows them: a pairing's county, any other
    row's name column."""
    assert table.spec is not None
    keys = [c.key for c in table.spec.columns]
    return _drawn(app, table, keys.index("county") if "county" in keys else table.name_column())


def _drawn(app: BijieApp, table: RecordTable, name: int) -> list[str]:
    """The cells of column ``name`` on the rows on screen, as the screen shows them."""
    widths = dict(table.visible_columns())
    start = 1 + sum(w + 2 for i, w in table.visible_columns() if i < name)
    region = table.content_region
    strips = app.screen._compositor.render_strips()
    shown = min(region.height - 1, len(table.shown) - round(table.scroll_offset.y))
    x = region.x + start
    return [strips[region.y + 1 + k].crop(x, x + widths[name]).text.rstrip() for k in range(shown)]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_no_two_rows_on_screen_read_the_same(
    catalog: Catalog, size: tuple[int, int], lang: Lang
) -> None:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=size) as pilot:
        await tabs_built(pilot)
        pages = 0
        for number, tab in enumerate(app.tab_ids(), start=1):
            await pilot.press(str(number))
            await idle(pilot)
            lists = 2 if tab not in ("overview", "sources") else 1
            for view in range(lists):
                if view:
                    await pilot.press("v")
                    await idle(pilot)
                pane = app.query_one(TabbedContent).active_pane
                assert pane is not None
                for table in [t for t in pane.query(RecordTable) if t.region.height]:
                    table.focus()
                    await idle(pilot)
                    while True:
                        names = _drawn_names(app, table)
                        assert names, (tab, table.id)
                        readings = [_reading(n) for n in names]
                        same = [
                            n for n, r in zip(names, readings, strict=True) if readings.count(r) > 1
                        ]
                        assert not same, (size, lang, table.id, table.scroll_offset.y, same)
                        pages += 1
                        if table.cursor_row >= len(table.shown) - 1:
                            break
                        await pilot.press("pagedown")
                        await idle(pilot)
        assert pages > 30  # every page of every table was looked at


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_kind_of_every_source_is_shown_whole(
    catalog: Catalog, size: tuple[int, int], lang: Lang
) -> None:
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("7")
        await idle(pilot)
        table = app.query_one("#sources-table", RecordTable)
        assert table.spec is not None
        kind = [c.key for c in table.spec.columns].index("kind")
        seen: set[str] = set()
        while True:
            on_screen = table.shown[round(table.scroll_offset.y) :]
            for row, drawn in zip(on_screen, _drawn(app, table, kind), strict=False):
                source = catalog.sources[row.key]
                assert drawn == tr(SOURCE_KIND_SHORT[source.kind], lang), (size, row.key, drawn)
                seen.add(source.kind)
            if table.cursor_row >= len(table.shown) - 1:
                break
            await pilot.press("pagedown")
            await idle(pilot)
        # Every kind of the dataset was seen, the weakest ones included.
        assert seen == {s.kind for s in catalog.data.sources}
        assert {"unrelated_copy", "copy_without_address"} <= seen
