"""A table is its columns: each column makes its cell, its sort key and its export value from a
row's item, and one row builder makes every row from them, so a column added in one place shows
in the cells, the sort keys, the headings and the export."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from bijie_tui.model import tables, vocab
from bijie_tui.model.format import LANGS, Lang
from bijie_tui.model.query import Catalog
from bijie_tui.model.records import Source
from bijie_tui.model.tables import (
    MISSING,
    Column,
    Label,
    SourceItem,
    TableSpec,
    number_key,
    table_row,
    text_key,
)
from bijie_tui.model.tabs import tab_ids, tab_plan


@dataclass(frozen=True)
class Town:
    name: str
    people: int | None


NAME: Column[Town] = Column("name", Label("Town", "城镇"), cell=lambda t, lang: t.name)
PEOPLE: Column[Town] = Column(
    "people",
    Label("People", "人口"),
    cell=lambda t, lang: "?" if t.people is None else f"{t.people:,}",
    sort=lambda t, lang: number_key(t.people),
    export=lambda t, lang: "" if t.people is None else str(t.people),
    numeric=True,
)


def _source(kind: vocab.SourceKind = "official", date: str | None = "2021-05") -> Source:
    return Source(
        id="s1",
        title="Guangzhou helps Bijie",
        publisher="Bijie Daily",
        date=date,
        url=None if kind == vocab.NO_ADDRESS_KIND else "https://example.org/a",
        kind=kind,
    )


def _all_tables(catalog: Catalog, lang: Lang) -> list[TableSpec]:
    return [t.build(lang) for tab in tab_ids(catalog) for t in tab_plan(catalog, tab).tables]


def test_a_columns_cell_and_sort_key_are_made_from_the_rows_item() -> None:
    town = Town("Weining", 1_200_000)
    assert NAME.cell(town, "en") == "Weining"
    assert PEOPLE.cell(town, "en") == "1,200,000"
    assert PEOPLE.sort_key(town, "en", "1,200,000") == (0, 1_200_000)
    assert PEOPLE.exported(town, "en", "1,200,000") == "1200000"
    # Without a sort of its own, a column sorts by its cell, ignoring case; an empty cell last.
    assert NAME.sort_key(town, "en", "Weining") == text_key("weining") == (0, "weining")
    assert NAME.sort_key(town, "en", "") == MISSING
    assert PEOPLE.sort_key(Town("Nayong", None), "en", "?") == MISSING
    # Without an export of its own, a column exports its cell.
    assert NAME.exported(town, "en", "Weining") == "Weining"
    assert [NAME.heading(lang) for lang in LANGS] == ["Town", "城镇"]


def test_the_row_builder_makes_cells_sort_keys_and_the_record_in_the_columns_order() -> None:
    town = Town("Qixingguan", None)
    row = table_row(
        (PEOPLE, NAME),
        town,
        "en",
        key="qxg",
        target=("region", "qxg"),
        search="qixingguan",
        extra={"id": "qxg"},
    )
    assert row.cells == ("?", "Qixingguan")
    assert row.sort == (MISSING, (0, "qixingguan"))
    assert row.records() == ({"people": "", "name": "Qixingguan", "id": "qxg"},)
    kept = ({"value": "1"},)
    assert (
        table_row(
            (NAME,), town, "en", key="k", target=("region", "k"), search="", records=lambda: kept
        ).records()
        == kept
    )


def test_the_kind_of_a_source_shows_short_sorts_by_strength_and_exports_its_full_name() -> None:
    kind = next(c for c in tables.SOURCE_COLUMNS if c.key == "kind")
    item = SourceItem(_source("state_media_mirror"), figures=3)
    assert kind.cell(item, "en") == tables.source_kind_short("state_media_mirror", "en")
    assert kind.exported(item, "en", kind.cell(item, "en")) == "state media (copy)"
    keys = [kind.sort_key(SourceItem(_source(k), 0), "en", "") for k in vocab.SOURCE_KINDS]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    date = next(c for c in tables.SOURCE_COLUMNS if c.key == "date")
    undated = SourceItem(_source(date=None), 0)
    assert date.cell(undated, "en") == "?"
    assert date.sort_key(undated, "en", "?") == MISSING


@pytest.mark.parametrize("lang", LANGS)
def test_every_row_has_a_cell_and_a_sort_key_for_each_column(catalog: Catalog, lang: Lang) -> None:
    specs = _all_tables(catalog, lang)
    assert len(specs) >= 7
    for spec in specs:
        keys = [c.key for c in spec.columns]
        assert len(set(keys)) == len(keys), spec.id
        for row in spec.rows:
            assert len(row.cells) == len(row.sort) == len(spec.columns), (spec.id, row.key)
        if spec.export_columns != tables.COLUMNS:  # a record for each row, not its figures
            assert set(keys) <= set(spec.export_columns), spec.id
            assert spec.numeric_exports == {c.key for c in spec.columns if c.numeric}, spec.id
            for record in spec.export(spec.rows[:5]):
                assert set(record) == set(spec.export_columns), spec.id


def test_a_column_added_in_one_place_shows_in_cells_sort_keys_headings_and_export(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    address: Column[SourceItem] = Column(
        "address",
        Label("Address", "网址"),
        cell=lambda item, lang: tables.source_address(item.source, lang),
        sort=lambda item, lang: text_key(item.source.url or ""),
        priority=10,
    )
    before = tables.source_table(catalog, "en")
    monkeypatch.setattr(tables, "SOURCE_COLUMNS", (*tables.SOURCE_COLUMNS, address))
    after = tables.source_table(catalog, "en")
    assert [c.heading("en") for c in after.columns] == [
        *(c.heading("en") for c in before.columns),
        "Address",
    ]
    assert "address" in after.export_columns
    for old, new in zip(before.rows, after.rows, strict=True):
        src = catalog.sources[new.key]
        assert new.cells == (*old.cells, tables.source_address(src, "en"))
        assert new.sort == (*old.sort, text_key(src.url or ""))
        (record,) = new.records()
        assert record["address"] == tables.source_address(src, "en")
    # The widgets' width rules see it too: the least important column is the first left out.
    widths = tables.fit_columns(after.columns, [20] * len(after.columns), 60)
    assert widths[-1] is None


def test_the_overview_shares_the_indicator_tables_columns_under_its_own_headings(
    catalog: Catalog,
) -> None:
    shared = {c.key: c for c in tables.INDICATOR_COLUMNS}
    for column in tables.HEADLINE_COLUMNS[1:]:
        assert column.cell is shared[column.key].cell, column.key
        assert column.sort is shared[column.key].sort, column.key
    assert tables.CONTEXT_COLUMNS == tables.HEADLINE_COLUMNS[1:]
    headings = [c.heading("en") for c in tables.HEADLINE_COLUMNS]
    assert headings == ["Sector", "Headline", "Value", "Period", "Scope", "Trend"]
    # A headline's row and the sector table's row of the same indicator agree cell for cell.
    headlines = tables.headline_table(catalog, "en")
    for row in headlines.rows:
        sector = catalog.indicators[row.key].sector
        same = next(
            r for r in tables.indicator_table(catalog, sector, "en").rows if r.key == row.key
        )
        for i, column in enumerate(tables.HEADLINE_COLUMNS[1:], start=1):
            j = [c.key for c in tables.INDICATOR_COLUMNS].index(column.key)
            assert row.cells[i] == same.cells[j], column.key
            assert row.sort[i] == same.sort[j], column.key


def test_the_pairings_have_a_column_for_each_phase_of_the_one_list(catalog: Catalog) -> None:
    columns = tables.PAIRING_COLUMNS
    assert [c.key for c in columns[1:]] == [f"phase-{p}" for p in vocab.PHASES]
    assert [c.title for c in columns[1:]] == [tables.PHASE_SHORT[p] for p in vocab.PHASES]
    spec = tables.pairing_table(catalog, "zh")
    assert [c.heading("zh") for c in spec.columns[1:]] == [
        tables.PHASE_SHORT[p].zh for p in vocab.PHASES
    ]


def test_a_column_is_declared_with_its_cell() -> None:
    with pytest.raises(TypeError):
        Column("name", Label("Name", "名称"))  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Column("name", Label("Name", "名称"), lambda t, lang: "")  # type: ignore[misc]
    narrow = replace(PEOPLE, title=Label("Pop.", "人口"), min_width=4)
    assert narrow.cell is PEOPLE.cell and narrow.heading("en") == "Pop."
