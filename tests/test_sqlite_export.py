"""The SQLite export: every record, keys that resolve, numbers exactly as in the dataset."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from bijie_tui.cli import run
from bijie_tui.model.query import Catalog
from bijie_tui.model.sqlite_export import TABLES, write_sqlite


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "bijie.db"
    assert run(["export", "--sqlite", str(path)]) == 0
    return sqlite3.connect(path)


def test_counts_are_those_of_validate(
    db: sqlite3.Connection, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["validate"]) == 0
    printed = {
        parts[0]: int(parts[1])
        for line in capsys.readouterr().out.splitlines()[1:8]
        if len(parts := line.split()) == 2
    }
    assert set(printed) == {
        "sources", "indicators", "figures", "entities", "pairings", "events", "regions"
    }  # fmt: skip
    for table, n in printed.items():
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (n,), table
    evidence = sum(len(f.evidence) for f in catalog.data.figures)
    assert db.execute("SELECT count(*) FROM figure_evidence").fetchone() == (evidence,)


def test_every_foreign_key_resolves(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The keys are declared, so Datasette and sqlite-utils can follow them.
    keys = db.execute("SELECT * FROM pragma_foreign_key_list('figures')").fetchall()
    assert {(k[3], k[2]) for k in keys} >= {("indicator", "indicators"), ("unit", "units")}
    for table in TABLES:
        info = db.execute(f"SELECT name, pk FROM pragma_table_info('{table}')").fetchall()
        assert any(pk for _name, pk in info), f"{table} has no primary key"


def test_a_known_figure_is_exact(db: sqlite3.Connection) -> None:
    row = db.execute(
        "SELECT value, typeof(value), value_text, stated_as, display_en, unit, region "
        "FROM figures WHERE id = 'GB091'"
    ).fetchone()
    assert row == (43139, "integer", "43139", "43,139", "43,139 people", "people", row[6])
    rate = db.execute(
        "SELECT f.value, f.value_text, typeof(f.value) FROM figures f "
        "JOIN indicators i ON i.id = f.indicator "
        "WHERE i.id = 'bijie-poverty-rate' AND f.period_end LIKE '2016%'"
    ).fetchone()
    assert rate == (13.19, "13.19", "real")
    source = db.execute(
        "SELECT s.publisher, s.date, e.quote FROM figure_evidence e "
        "JOIN sources s ON s.id = e.source WHERE e.figure = 'GB091'"
    ).fetchone()
    assert source[1] == "2022-09-23" and "43,139" in source[2]


def test_every_value_keeps_every_digit(db: sqlite3.Connection, catalog: Catalog) -> None:
    stored = dict(db.execute("SELECT id, value FROM figures").fetchall())
    texts = dict(db.execute("SELECT id, value_text FROM figures").fetchall())
    for fig in catalog.data.figures:
        assert stored[fig.id] == fig.value, fig.id
        assert float(texts[fig.id]) == fig.value, fig.id


def test_show_format_sqlite_writes_the_same_database(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "show.db"
    assert run(["show", "--format", "sqlite", "--output", str(path)]) == 0
    db = sqlite3.connect(path)
    figures = len(catalog.data.figures)
    assert db.execute("SELECT count(*) FROM figures").fetchone() == (figures,)


def test_an_existing_file_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.db"
    path.write_text("precious", encoding="utf-8")
    assert run(["export", "--sqlite", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"bijie-tui: error: {path}: exists; an export never replaces a file\n"
    assert path.read_text(encoding="utf-8") == "precious"
    assert sorted(os.listdir(tmp_path)) == ["mine.db"]  # no temporary file left


def test_write_sqlite_refuses_a_name_taken_meanwhile(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.symlink_to(tmp_path / "nowhere")  # even a dangling link is a name taken
    with pytest.raises(FileExistsError):
        write_sqlite(catalog, path)


@pytest.mark.parametrize(
    ("argv", "message", "status"),
    [
        (["show", "--format", "sqlite"], "give it with --output FILE", 2),
        (["show", "--output", "x.db"], "--output is for --format sqlite", 2),
        (["export", "--sqlite", "no/such/dir/x.db"], "no/such/dir/x.db: cannot write:", 74),
        (["export", "--sqlite", ""], "the SQLite file name is empty", 2),
    ],
)
def test_bad_arguments_are_one_line_and_their_status(
    argv: list[str], message: str, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == status
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_a_read_only_directory_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    tmp_path.chmod(0o500)
    try:
        assert run(["export", "--sqlite", str(tmp_path / "x.db")]) == 2
    finally:
        tmp_path.chmod(0o700)
    assert "cannot write" in capsys.readouterr().err


def test_the_dataset_table_names_the_licence(tmp_path: Path, catalog: Catalog) -> None:

    path = write_sqlite(catalog, tmp_path / "licence.db")
    with sqlite3.connect(path) as db:
        rows = dict(db.execute("SELECT key, value FROM dataset").fetchall())
    assert rows["licence"] == "CC-BY-4.0"
    assert rows["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert rows["licence_note_en"].startswith("Covers this compilation")
    assert "引用的原文片段仍归各发布者所有" in rows["licence_note_zh"]
