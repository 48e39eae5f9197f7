"""A record's detail as the user sees it: what the first screen shows, the chart of a series,
the pane beside the table reached and left by keys."""

from __future__ import annotations

import re
from time import monotonic

import pytest
from textual.pilot import Pilot

from bijie_tui.app import BijieApp
from bijie_tui.display import Display
from bijie_tui.model.format import Lang
from bijie_tui.model.query import Catalog
from bijie_tui.model.tables import SOURCE_KIND_RANK, source_kind, source_table
from bijie_tui.screens.detail_screen import DetailScreen
from bijie_tui.screens.explorer_screen import ExplorerScreen
from bijie_tui.textual_private import driver_of
from bijie_tui.widgets.browse_view import SETTLE_SECONDS, BrowseView
from bijie_tui.widgets.detail import DetailPane, LinkList
from bijie_tui.widgets.glance import Glance
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, laid_out_pane, pane_lines, settled_pane, tabs_built, until

BAR = re.compile(r"^(\S+) +([│|┊:])(\S*) (.+?)\s*$")
"""A chart row: label, axis, bar, value."""


def _blank_runs(lines: list[str]) -> list[int]:
    """Where two blank lines follow each other."""
    return [i for i in range(1, len(lines)) if not lines[i].strip() and not lines[i - 1].strip()]


def _table(app: BijieApp, table_id: str) -> RecordTable:
    return app.screen_stack[0].query_one(f"#{table_id}", RecordTable)


async def _open_indicator(pilot: Pilot[None], tab: str, sector: str, ind_id: str) -> DetailPane:
    app = pilot.app
    assert isinstance(app, BijieApp)
    await pilot.press(tab)
    table = _table(app, f"{sector}-indicators")
    table.move_cursor(row=table.get_row_index(ind_id))
    await settled_pane(pilot, sector)
    await pilot.press("enter")
    await idle(pilot)
    assert isinstance(app.screen, DetailScreen)
    return app.screen.query_one(DetailPane)


def _chart_rows(lines: list[str]) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in lines:
        match = BAR.match(line)
        if match:
            label, axis, bar, value = match.groups()
            rows.append((label, axis, bar, value))
    return rows


@pytest.mark.slow
async def test_tianhe_nayong_funds_open_at_the_top(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "slash", *"tianhe nayong funds", "enter")
        table = _table(app, "industry-indicators")
        row = table.get_row_index("tianhe-nayong-funds")
        assert table.shown[row].key == "tianhe-nayong-funds"
        table.move_cursor(row=row)
        await settled_pane(pilot, "industry")
        await pilot.press("enter")
        await idle(pilot)
        assert isinstance(app.screen, DetailScreen)
        pane = app.screen.query_one(DetailPane)
        assert pane.scroll_y == 0
        assert app.focused is pane  # not the links at the bottom
        lines = pane_lines(app, pane)
        text = "\n".join(lines)
        assert lines[0].strip() == "Tianhe assistance funds to Nayong (annual)"
        assert any(line.strip().startswith("Latest: ") and "(2020)" in line for line in lines)
        assert "Scope: Nayong County" in text
        assert [r[0] for r in _chart_rows(lines)] == ["2016", "2017", "2018", "2019", "2020"]
        assert "Values by period" in text
        assert "2016: 10,000,000 yuan" in text
        assert not _blank_runs(lines), text


@pytest.mark.slow
async def test_weining_shows_its_pairing_evidence_first(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        await pilot.press("tab", "slash", *"weining", "enter", "enter")
        await idle(pilot)
        assert isinstance(app.screen, DetailScreen)
        pane = app.screen.query_one(DetailPane)
        lines = pane_lines(app, pane)
        text = "\n".join(lines)
        assert lines[0].strip() == "Weining County"
        assert "Panyu District, since 2016" in text
        assert "Quote: “自2016年番禺结对帮扶威宁以来”" in text
        # a summary longer than a line wraps under its own indent, not back to the margin
        summary = [i for i, line in enumerate(lines) if "Panyu District has paired" in line]
        assert summary and lines[summary[0] + 1].startswith("    ")
        assert not _blank_runs(lines), text
        assert not pane.query_one("#detail-chart").display  # a region has no series


@pytest.mark.slow
async def test_tab_moves_into_the_pane_and_back(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        table = _table(app, "industry-indicators")
        table.move_cursor(row=table.get_row_index("tianhe-nayong-funds"))
        pane = await settled_pane(pilot, "industry")
        before = pane_lines(app, pane)
        await pilot.press("tab")
        assert app.focused is pane
        assert pane.max_scroll_y > 0  # the pane is shorter than the detail: it scrolls
        await pilot.press("down", "down")
        await idle(pilot)
        assert pane.scroll_y == 2
        assert pane_lines(app, pane)[0] == before[2]
        await pilot.press("shift+tab")
        assert app.focused is table
        await pilot.press("tab", "enter")
        links = pane.query_one(LinkList)
        assert app.focused is links
        assert links.region.y < pane.region.bottom  # scrolled into view
        await pilot.press("escape")
        assert app.focused is table
        assert table.cursor_row == table.get_row_index("tianhe-nayong-funds")
        await pilot.press("tab", "tab")
        assert app.focused is links
        await pilot.press("shift+tab")
        assert app.focused is pane
        await pilot.press("tab", "enter")  # follows the first link: the source
        await idle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.target == ("source", "ZGZK2021")
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)


async def test_the_scope_caveat_wraps_and_is_never_cut(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        table = _table(app, "industry-indicators")
        table.move_cursor(row=table.get_row_index("gz-assistance-funds-bijie-qiannan"))
        pane = await settled_pane(pilot, "industry")
        text = " ".join(line.strip() for line in pane_lines(app, pane))
        assert "figures cover Bijie + Qiannan together, not one place alone" in text
        assert "…" not in text
        # the next record's scope fits on one line: the wrapped line goes again
        await pilot.press("up")
        pane = await settled_pane(pilot, "industry")
        lines = pane_lines(app, pane)
        assert not _blank_runs(lines), "\n".join(lines)


async def test_the_chart_has_a_bar_per_period_and_gaps_for_missing_years(
    catalog: Catalog,
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_indicator(pilot, "6", "context", "bijie-income-urban")
        lines = pane_lines(app, pane)
        assert any(line.strip().startswith("bars from 0 to ") for line in lines)
        rows = _chart_rows(lines)
        assert [r[0] for r in rows] == [
            "2005",
            "2006–2014",
            "2015",
            "2016–2017",
            "2018",
            "2019",
            "2020",
        ]
        bars = {label: (axis, bar, value) for label, axis, bar, value in rows}
        assert bars["2006–2014"] == ("┊", "", "no figures")
        assert bars["2016–2017"] == ("┊", "", "no figures")
        assert bars["2019"] == ("┊", "", "no figure")
        lengths = [len(bars[year][1]) for year in ("2015", "2018", "2020")]
        # from zero: 23,121 / 29,888 / 34,274 yuan, so no bar is near empty
        assert lengths[0] < lengths[1] < lengths[2]
        assert lengths[0] > lengths[2] * 0.6
        assert all(set(bars[y][1]) <= set("█▏▎▍▌▋▊▉") for y in ("2015", "2018", "2020"))
        assert "yuan" in bars["2015"][2]


async def test_one_figure_is_one_point(catalog: Catalog) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_indicator(pilot, "4", "industry", "huawu-may-day-tourists")
        lines = pane_lines(app, pane)
        chart = [line for line in lines if "one figure only: no trend" in line]
        assert len(chart) == 1
        assert "█" not in "\n".join(lines)
        assert not any(line.strip().startswith("bars from") for line in lines)


async def test_the_chart_in_ascii(catalog: Catalog) -> None:
    app = BijieApp(catalog, display=Display(ascii=True))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_indicator(pilot, "6", "context", "bijie-income-urban")
        lines = pane_lines(app, pane)
        rows = _chart_rows(lines)
        assert [r[0] for r in rows] == [
            "2005",
            "2006-2014",
            "2015",
            "2016-2017",
            "2018",
            "2019",
            "2020",
        ]
        for label, axis, bar, value in rows:
            assert (label + axis + bar + value).isascii()
        assert {r[1] for r in rows} == {"|", ":"}
        assert rows[2][2].strip("#") == "" and len(rows[2][2]) > 10


@pytest.mark.parametrize(("lang", "unknown"), [("en", "address unknown"), ("zh", "网址不详")])
def test_a_copy_without_an_address_says_so(catalog: Catalog, lang: Lang, unknown: str) -> None:
    from bijie_tui.model.details import copy_text, indicator_detail, source_detail

    src = catalog.sources["YLQX"]
    detail = source_detail(catalog, "YLQX", lang)
    fields = dict(detail.fields)
    assert src.title == detail.title
    assert unknown in fields.values()
    assert source_kind(src.kind, lang) in fields.values()
    lines = indicator_detail(catalog, "bq-gz-health-experts-sent", lang).lines
    assert any(line.text == unknown and line.style != "link" for line in lines)
    assert not any(line.style == "link" and not line.text for line in lines)
    assert unknown in copy_text(catalog, ("indicator", "bq-gz-health-experts-sent"), lang)
    (row,) = [r for r in source_table(catalog, lang).rows if r.key == "YLQX"]
    assert row.records()[0]["url"] == ""


def test_the_copy_without_an_address_is_the_weakest_kind(catalog: Catalog) -> None:
    spec = source_table(catalog, "en")
    kind = [c.key for c in spec.columns].index("kind")
    ranked = sorted(spec.rows, key=lambda r: r.sort[kind])
    assert ranked[0].cells[kind] == "official"
    assert catalog.sources[ranked[-1].key].kind == "copy_without_address"
    assert list(SOURCE_KIND_RANK)[-1] == "copy_without_address"
    csv_row = catalog.row(catalog.series["bq-gz-health-experts-sent"][0], "en")
    assert (csv_row["source_url"], csv_row["source_kind"]) == ("", "copy_without_address")


def _cells(app: BijieApp, pane: DetailPane) -> list[list[tuple[str, tuple[object, ...]]]]:
    """The cells the pane shows, each a character and how it is drawn."""
    region = pane.content_region
    rows = []
    for strip in app.screen._compositor.render_strips()[region.y : region.bottom]:
        row: list[tuple[str, tuple[object, ...]]] = []
        for segment in strip:
            st = segment.style
            how = (
                ()
                if st is None
                else (
                    st.color,
                    st.bgcolor,
                    st.bold,
                    st.italic,
                    st.dim,
                    st.underline,
                    st.reverse,
                    st.strike,
                    st.link,
                )
            )
            row.extend((char, how) for char in segment.text)
        rows.append(row[region.x : region.right])
    return rows


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "display"),
    [
        ((80, 24), Display()),
        ((160, 48), Display()),
        ((80, 24), Display(ascii=True, low_bandwidth=True)),
        ((120, 36), Display(no_color=True)),
    ],
    ids=["80x24", "160x48", "80x24-ascii-low-bandwidth", "120x36-no-color"],
)
async def test_the_glance_draws_what_the_parts_draw(
    catalog: Catalog,
    size: tuple[int, int],
    display: Display,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beside a table the pane shows its first lines as a glance; laid out as parts it shows
    the same cells, character and colour, on every tab, in both languages, in ASCII and
    without colour."""
    app = BijieApp(catalog, display=display)
    async with app.run_test(size=size) as pilot:
        compared = 0
        for lang_key in ("", "l"):
            if lang_key:
                await pilot.press(lang_key)
            for tab, sector in enumerate(
                ["employment", "education", "industry", "healthcare", "context", "sources"], 2
            ):
                await pilot.press(str(tab))
                for step in range(3):
                    if step:
                        await pilot.press("down")
                    pane = await settled_pane(pilot, sector)
                    assert pane.detail is not None
                    if not pane.glancing():
                        continue  # a short record: its links show, the parts are laid out
                    glance = _cells(app, pane)
                    monkeypatch.setattr(pane, "_may_glance", lambda: False)
                    pane.show(pane.detail)
                    await laid_out_pane(pilot, pane)
                    assert not pane.glancing()
                    parts = _cells(app, pane)
                    diffs = [
                        (y, x, g, p)
                        for y, (grow, prow) in enumerate(zip(glance, parts, strict=False))
                        for x, (g, p) in enumerate(zip(grow, prow, strict=False))
                        if g != p
                    ]
                    assert parts == glance, (sector, step, pane.detail.title, diffs[:3])
                    monkeypatch.undo()
                    pane.show(pane.detail)
                    await idle(pilot)
                    assert pane.glancing()
                    compared += 1
        assert compared >= (36 if size == (80, 24) else 12)


@pytest.mark.slow
async def test_a_step_beside_the_table_lays_out_nothing(catalog: Catalog) -> None:
    """At 80x24 the pane beside the table shows a glance of the highlighted record: a step
    that changes how many lines its fields take repaints lines, and lays out nothing. Focus
    lays out its parts at once (it scrolls then); leaving it, the glance comes back."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        pane = await settled_pane(pilot, "employment")
        await tabs_built(pilot)
        screen = app.screen
        assert isinstance(screen, ExplorerScreen)
        layouts: list[int] = []
        after = screen.after_layout

        def counted() -> None:
            layouts.append(1)
            after()

        screen.after_layout = counted  # type: ignore[method-assign]
        heights = set()
        for _ in range(12):
            await pilot.press("down")
            pane = await settled_pane(pilot, "employment")
            assert pane.glancing()
            assert pane.detail is not None
            heights.add(len(pane.detail.fields) + bool(pane.detail.subtitle))
        assert len(heights) > 1, "every step showed as many fields"
        assert layouts == []
        before = pane_lines(app, pane)
        await pilot.press("tab")
        assert app.focused is pane
        assert not pane.glancing()
        body, links = pane.query_one("#detail-body"), pane.query_one(LinkList)
        assert links.region.y == body.region.bottom  # laid out
        assert pane_lines(app, pane)[0] == before[0]
        await pilot.press("escape")
        await idle(pilot)
        assert pane.glancing()
        assert pane_lines(app, pane) == before


@pytest.mark.slow
async def test_a_step_draws_the_cursor_and_the_pane_in_one_frame(catalog: Catalog) -> None:
    """The first frame drawn after a cursor step already shows the new row's detail: the
    pane does not follow a frame later (a second write, and a frame's wait, on every step)."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        pane = await settled_pane(pilot, "employment")
        await tabs_built(pilot)  # a tab built while idle lays the screen out (a frame of its own)
        glance = pane.query_one(Glance)
        frames: list[tuple[int, str]] = []
        table = app.query_one("#employment-indicators", RecordTable)
        display = app._display

        def frame(screen: object, update: object) -> None:
            if update is not None:  # None: nothing to write
                frames.append((table.cursor_row, glance.lines[0].text))
            display(screen, update)  # type: ignore[arg-type]

        app._display = frame  # type: ignore[method-assign]
        before = glance.lines[0].text
        view = app.query_one("#view-employment", BrowseView)
        for step in range(1, 6):
            # Apart, as keys typed one by one are (not held): the view follows the next step at
            # once.
            await until(
                pilot,
                lambda: monotonic() - view.shown_at >= SETTLE_SECONDS,
                "the time keys typed one by one leave between them",
            )
            await idle(pilot)
            frames.clear()
            await pilot.press("down")
            pane = await settled_pane(pilot, "employment")
            assert pane.glancing()
            assert frames, "a step draws a frame"
            first = frames[0]
            assert first[0] == step
            assert first[1] == glance.lines[0].text != before
            assert len(frames) == 1, frames
            before = first[1]


async def test_steps_taken_late_still_bring_the_pane_to_their_row(catalog: Catalog) -> None:
    """On a busy machine a held key's steps are taken after their wait is over (the terminal
    sent them long before): the pane follows at once, and the app goes on (a timer of no
    interval ended it with a division by zero)."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        pane = await settled_pane(pilot, "employment")
        driver = driver_of(app)
        assert driver is not None
        driver.last_key = monotonic() - 1.0  # type: ignore[attr-defined]  # sent a second ago
        await pilot.press("down", "down", "down")
        table = app.query_one("#employment-indicators", RecordTable)
        row = table.current()
        assert row is not None
        await until(
            pilot,
            lambda: pane.detail is not None and pane.detail.target == row.target,
            "the pane showing the row the steps stopped at",
        )
        assert app.is_running and app.return_code is None


async def test_a_new_theme_draws_the_glance_in_its_colours(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The glance keeps its lines drawn, colours and all: a new theme draws them again, as the
    parts would be drawn in it."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        pane = await settled_pane(pilot, "employment")
        assert pane.glancing() and pane.detail is not None
        before = _cells(app, pane)
        app.theme = "nord"
        await idle(pilot)
        glance = _cells(app, pane)
        assert glance != before
        monkeypatch.setattr(pane, "_may_glance", lambda: False)
        pane.show(pane.detail)
        await laid_out_pane(pilot, pane)
        assert not pane.glancing()
        assert _cells(app, pane) == glance


async def test_a_pane_whose_parts_are_taken_down_takes_a_detail_quietly(catalog: Catalog) -> None:
    """As the app ends, a tab built while idle may tell its detail pane of a first row after
    the pane's parts are taken down: nothing is shown, and nothing fails."""
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        table = _table(app, "industry-indicators")
        pane = await settled_pane(pilot, "industry")
        await pilot.press("tab")  # the pane, focused, shows its parts (not a glance)
        assert app.focused is pane
        view = app.query_one("#view-industry", BrowseView)
        other = view.detail(("indicator", table.shown[1].key))
        await pane.query_one("#detail-parts").remove_children()
        pane.show(other)
        assert pane.detail is other
        await pilot.press("shift+tab")
        assert app.focused is table
