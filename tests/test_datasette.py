"""The SQLite export as Datasette serves it: links read as names, default facets, search over
names, notes and quotes in both languages, the view an analyst opens first, the licence."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bijie_tui.cli import run
from bijie_tui.model.datasette_meta import FACETS, LABELS, SEARCH, TABLES
from bijie_tui.model.sqlite_export import metadata_path

datasette_app = pytest.importorskip("datasette.app", reason="Datasette is in the test extra")


@pytest.fixture
async def served(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> AsyncIterator[Any]:
    """The bundled dataset exported, and Datasette (in-process) serving it with its metadata."""
    db = tmp_path / "bijie.db"
    assert run(["export", "--sqlite", str(db)]) == 0
    err = capsys.readouterr().err
    meta = metadata_path(db)
    assert meta == tmp_path / "bijie.metadata.json"
    assert f"datasette {db} -m {meta}" in err
    ds = datasette_app.Datasette([str(db)], metadata=json.loads(meta.read_text("utf-8")))
    await ds.invoke_startup()
    yield ds


async def _json(ds: Any, path: str) -> Any:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


async def test_links_read_as_names(served: Any) -> None:
    data = await _json(served, "/bijie/figures.json?id=GB091&_labels=on&_shape=objects")
    (row,) = data["rows"]
    assert row["indicator"] == {
        "value": "bijie-rural-workers-jobs-guangdong",
        "label": "Bijie rural migrant workers helped into jobs in Guangdong",
    }
    assert row["region"] == {"value": "bijie", "label": "Bijie"}
    assert row["sector"] == {"value": "employment", "label": "Employment"}
    assert row["value"] == 43139


async def test_default_facets(served: Any) -> None:
    data = await _json(served, "/bijie/figures.json?_size=1")
    facets = data["facet_results"]
    facets = facets.get("results", facets)  # the shape changed between Datasette versions
    assert set(FACETS["figures"]) <= set(facets)
    sectors = {f["value"]: f["count"] for f in facets["sector"]["results"]}
    assert sectors["healthcare"] == 24
    kinds = await _json(served, "/bijie/sources.json?_size=1")
    kind_facets = kinds["facet_results"]
    kind_facets = kind_facets.get("results", kind_facets)
    counts = {f["value"]: f["count"] for f in kind_facets["kind"]["results"]}
    assert counts["unrelated_copy"] == 16


@pytest.mark.parametrize(
    ("table", "query", "expected"),
    [
        ("figures", "tianma", "GB331"),  # an indicator's name, in English
        ("figures", "大方县", "GB337"),  # a scope, in Chinese (three characters)
        ("figures", "五年间", "GB348"),  # a quoted passage
        ("figures", "year-end resident", "GB391"),  # a note
        ("indicators", "forest", "bijie-forest-coverage"),
        ("sources", "維基百科", "WIKIZH_BJ"),  # a title in traditional characters
    ],
)
async def test_search(served: Any, table: str, query: str, expected: str) -> None:
    data = await _json(served, f"/bijie/{table}.json?_search={query}&_shape=objects&_size=max")
    assert expected in {row["id"] for row in data["rows"]}, query


async def test_the_view_an_analyst_opens_first(served: Any) -> None:
    data = await _json(served, "/bijie/figures_explained.json?figure=GB389&_shape=objects")
    (row,) = data["rows"]
    assert row["indicator_en"] == "Bijie GDP"
    assert row["scope_zh"] == "毕节市"
    assert row["value_text"] == "146135000000"
    assert row["disagrees_with"] == "GB368"
    assert row["sources"] == "NFTAPE2015" and row["source_kinds"] == "secondary"
    assert "1461.35" in row["quotes"]


async def test_the_licence_and_the_descriptions(served: Any) -> None:
    meta = await _json(served, "/-/metadata.json")
    assert meta["license"] == "Creative Commons Attribution 4.0 International"
    assert meta["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    tables = meta["databases"]["bijie"]["tables"]
    assert tables["figures"]["label_column"] == "display_en"
    assert tables["figures_fts"] == {"hidden": True}


def test_the_metadata_names_every_table_and_column_there_is(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert run(["export", "--sqlite", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        names = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name NOT LIKE '%_fts%' AND name NOT LIKE 'sqlite_%'"
            )
        }
        assert names == set(TABLES)
        for table, (_, columns) in TABLES.items():
            have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            assert set(columns) <= have, table
            if table in LABELS:
                assert LABELS[table] in have, table
            for facet in FACETS.get(table, []):
                assert facet in have, (table, facet)
        for fts in SEARCH.values():
            assert conn.execute(f"SELECT count(*) FROM {fts}").fetchone()[0] > 0


def test_an_existing_metadata_file_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bijie.db"
    meta = metadata_path(db)
    meta.write_text("mine", "utf-8")
    assert run(["export", "--sqlite", str(db)]) == 2
    assert "exists; an export never replaces a file" in capsys.readouterr().err
    assert meta.read_text("utf-8") == "mine"
    assert not db.exists()
