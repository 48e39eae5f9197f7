"""The table's view as plain state: filter, sort with missing values last, the current column,
hidden and full-width columns, without any widget."""

from __future__ import annotations

from bijie_tui.model.query import Catalog
from bijie_tui.model.table_view import TableView
from bijie_tui.model.tables import MISSING, indicator_table, source_table


def test_sorting_cycles_and_keeps_missing_values_last_both_ways(catalog: Catalog) -> None:
    spec = source_table(catalog, "en")
    keys = [c.key for c in spec.columns]
    view = TableView(column=keys.index("date"))
    assert [r.key for r in view.rows(spec)] == [r.key for r in spec.rows]  # as built
    for reverse in (False, True):
        view.next_sort()
        assert (view.sort_column, view.sort_reverse) == (view.column, reverse)
        dates = [r.sort[view.column] for r in view.rows(spec)]
        present = [d for d in dates if d != MISSING]
        assert present == sorted(present, reverse=reverse)
        assert MISSING in dates and dates[dates.index(MISSING) :] == [MISSING] * (
            len(dates) - dates.index(MISSING)
        ), "undated sources come last, ascending and descending"
    view.next_sort()
    assert view.sort_column is None


def test_the_filter_and_the_sort_go_together(catalog: Catalog) -> None:
    spec = indicator_table(catalog, "employment", "en")
    view = TableView(query="guangdong", column=1)
    view.next_sort()
    rows = view.rows(spec)
    assert rows and len(rows) < len(spec.rows)
    assert all("guangdong" in r.search for r in rows)
    values = [r.sort[1] for r in rows]
    assert values == sorted(values)


def test_hiding_keeps_the_name_and_one_value_and_undoes_straight_after(
    catalog: Catalog,
) -> None:
    spec = indicator_table(catalog, "employment", "en")
    keys = [c.key for c in spec.columns]
    visible = list(range(len(keys)))
    view = TableView(column=keys.index("period"))
    assert view.hide(spec, visible)
    assert view.hidden == {"period"} and keys[view.column] == "scope"
    assert view.hide(spec, [i for i in visible if keys[i] != "period"])  # `-` again: back
    assert view.hidden == set() and keys[view.column] == "period"
    view.column = keys.index("indicator")
    assert not view.hide(spec, visible), "the name column stays"
    assert not view.hide(spec, [0, 1]), "and one column of values with it"
    assert view.hidden == set()


def test_moving_and_full_width(catalog: Catalog) -> None:
    spec = indicator_table(catalog, "employment", "en")
    view = TableView()
    view.move([0, 1, 2], 5)
    assert view.column == 2
    view.move([0, 1, 2], -9)
    assert view.column == 0
    view.toggle_full(spec)
    assert view.full == {spec.columns[0].key}
    view.toggle_full(spec)
    assert view.full == set()
