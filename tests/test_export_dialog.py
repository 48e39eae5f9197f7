"""``e`` asks where and in which format: CSV, JSON, Markdown of the rows shown, SQLite of the
whole dataset; today's name here by default, never over a file; enter writes, escape cancels."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from bijie_tui.app import BijieApp
from bijie_tui.model.export import FORMATS
from bijie_tui.model.format import Lang
from bijie_tui.model.query import COLUMNS, Catalog
from bijie_tui.model.words import word
from bijie_tui.screens.export_screen import ExportScreen
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle, until

TODAY = "2026-12-06"  # the day conftest fixes


def _table(app: BijieApp, table_id: str) -> RecordTable:
    return app.screen_stack[0].query_one(f"#{table_id}", RecordTable)


def _screen(app: BijieApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _name(app: BijieApp) -> str:
    from textual.widgets import Input

    return app.screen.query_one("#export-name", Input).value


def _folder(shown: str, label: str, folder: Path) -> str:
    """The folder the dialog shows after ``label``: ``folder``, its start left off (``…``)
    where too long for the line (the end says most)."""
    line = next(line for line in shown.splitlines() if label in line)
    where = line.split(label, 1)[1].split("┃")[0].rstrip()
    whole = str(folder.resolve())
    assert where == whole or (where.startswith("…") and whole.endswith(where[1:])), where
    return where


async def _open(pilot: object, app: BijieApp) -> None:
    await pilot.press("2", "e")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")  # type: ignore[arg-type]
    await idle(pilot)  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_e_proposes_todays_name_for_each_format(
    catalog: Catalog, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder whose path is 72 characters long wherever the tests run: whole at 120
    # columns, its start left off at 80.
    here = tmp_path.resolve()
    folder = here / ("f" * max(1, 71 - len(str(here))))
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert len(str(folder)) >= 72
    app = BijieApp(catalog)
    async with app.run_test(size=size) as pilot:
        await _open(pilot, app)
        shown = _screen(app)
        assert "Format (↑ ↓)" in shown
        assert "* CSV       the 37 rows shown, in the order shown" in shown
        assert "SQLite    the whole dataset, and Datasette's metadata beside it" in shown
        where = _folder(shown, "File name, in ", folder)
        assert (where == str(folder)) == (size[0] > 100), where
        assert "⏎ write · esc cancel" in shown
        names = []
        for _ in FORMATS:
            names.append(_name(app))
            await pilot.press("down")
        assert names == [
            f"bijie-employment-{TODAY}.csv",
            f"bijie-employment-{TODAY}.json",
            f"bijie-employment-{TODAY}.md",
            f"bijie-{TODAY}.db",
        ]
        assert _name(app) == names[0]  # round again
        await pilot.press("up")
        assert _name(app) == names[-1]
        assert "* SQLite" in _screen(app)


async def test_a_filter_is_in_the_name_and_an_edited_name_keeps_its_stem(
    catalog: Catalog,
) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", *"guangdong", "enter", "e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
        assert _name(app) == f"bijie-employment-filtered-{TODAY}.csv"
        await pilot.press("ctrl+u", *"mine.csv", "down")
        assert _name(app) == "mine.json"


async def test_enter_writes_each_format(catalog: Catalog, tmp_path: Path) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        for steps in range(len(FORMATS)):
            await _open(pilot, app)
            await pilot.press(*["down"] * steps, "enter")
            await until(pilot, lambda: not isinstance(app.screen, ExportScreen), "closed")
        await idle(pilot)
        messages = [n.message for n in app._notifications]
    here = tmp_path.resolve()
    with (tmp_path / f"bijie-employment-{TODAY}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert any(r["value"] == "43139" for r in rows)
    records = json.loads((tmp_path / f"bijie-employment-{TODAY}.json").read_text("utf-8"))
    assert len(records) == len(rows)
    assert tuple(records[0]) == COLUMNS  # the same columns as the CSV
    assert any(r["value"] == 43139 for r in records)
    assert all(isinstance(r["source_id"], list) for r in records)
    markdown = (tmp_path / f"bijie-employment-{TODAY}.md").read_text("utf-8").splitlines()
    assert markdown[0] == "| " + " | ".join(COLUMNS) + " |"
    assert len(markdown) == len(rows) + 2
    with sqlite3.connect(tmp_path / f"bijie-{TODAY}.db") as db:
        (figures,) = db.execute("select count(*) from figures").fetchone()
    assert figures == len(catalog.data.figures)
    meta = json.loads((tmp_path / f"bijie-{TODAY}.metadata.json").read_text("utf-8"))
    assert f"bijie-{TODAY}" in meta["databases"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            f"bijie-employment-{TODAY}.csv",
            f"bijie-employment-{TODAY}.json",
            f"bijie-employment-{TODAY}.md",
            f"bijie-{TODAY}.db",
            f"bijie-{TODAY}.metadata.json",
        ]
    )
    assert messages[-1] == (
        f"Exported the whole dataset to {here}/bijie-{TODAY}.db, "
        f"Datasette's metadata to {here}/bijie-{TODAY}.metadata.json"
    )
    assert messages[0].startswith(f"Exported 37 rows, {len(rows)} figures in all")


@pytest.mark.parametrize("taken", ["the file", "the metadata"])
async def test_an_existing_file_is_refused_and_another_name_chosen(
    catalog: Catalog, tmp_path: Path, taken: str
) -> None:
    mine = tmp_path / (
        f"bijie-employment-{TODAY}.csv" if taken == "the file" else f"bijie-{TODAY}.metadata.json"
    )
    mine.write_text("mine\n", encoding="utf-8")
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        if taken == "the metadata":
            await pilot.press("up")  # SQLite
        await pilot.press("enter")
        await idle(pilot)
        assert isinstance(app.screen, ExportScreen)  # the dialog stays
        assert f"{mine.name} exists; choose another name" in _screen(app)
        assert mine.read_text(encoding="utf-8") == "mine\n"
        assert [p.name for p in tmp_path.iterdir()] == [mine.name]  # nothing else written
        other = "other.db" if taken == "the metadata" else "other.csv"
        await pilot.press("ctrl+u", *other)
        assert "exists" not in _screen(app)  # an edit clears the line
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen), "closed")
    assert mine.read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / other).exists()


async def test_escape_cancels_and_writes_nothing(catalog: Catalog, tmp_path: Path) -> None:
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        await pilot.press("down", "escape")
        await idle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert app._notifications == [] or not list(app._notifications)
    assert list(tmp_path.iterdir()) == []


async def test_the_dialog_in_chinese(catalog: Catalog, tmp_path: Path) -> None:
    lang: Lang = "zh"
    app = BijieApp(catalog, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        (tmp_path / f"bijie-employment-{TODAY}.csv").write_text("x\n", encoding="utf-8")
        await _open(pilot, app)
        shown = _screen(app)
        for key in ("export.title", "export.format", "export.whole", "export.keys"):
            assert word(key, lang) in shown, key
        assert "* CSV       显示的37行,按显示的顺序" in shown
        _folder(shown, "文件名,位于 ", tmp_path)
        await pilot.press("enter")
        await idle(pilot)
        assert f"bijie-employment-{TODAY}.csv 已存在,请换一个名字" in _screen(app)
        await pilot.press("down", "enter")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen), "closed")
        await idle(pilot)
        assert [n.message for n in app._notifications][-1].startswith("已导出37行")


async def test_a_served_session_opens_no_dialog_and_writes_nothing(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    app = BijieApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "e")
        await idle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert [n.message for n in app._notifications] == [word("table.export_off", "en")]
        await pilot.press("enter")  # opens the record: no file either
        await idle(pilot)
    assert list(tmp_path.iterdir()) == []


async def test_the_dialog_in_ascii_mode_draws_ascii_only(catalog: Catalog) -> None:
    from bijie_tui.display import Display

    app = BijieApp(catalog, display=Display(ascii=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        lines = _screen(app).splitlines()
        top = next(i for i, line in enumerate(lines) if "Export -" in line)
        bottom = next(i for i, line in enumerate(lines) if "] write | esc cancel" in line)
        dialog = lines[top : bottom + 1]
        assert dialog[0].startswith("+- Export ")
        assert "Format (^ v)" in "\n".join(dialog)
        assert all(line.isascii() for line in dialog), dialog
