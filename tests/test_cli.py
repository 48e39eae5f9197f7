"""The command line without the TUI: validate, show, schema, help and version."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bijie_tui import __version__
from bijie_tui.cli import run
from bijie_tui.model.query import COLUMNS, Catalog

REQUIRED = (
    "sector,indicator_id,indicator,region,period,period_kind,value,unit,qualifier,status,"
    "source_id,source_url,note"
).split(",")


def _out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert run(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_validate_bundled(capsys: pytest.CaptureFixture[str], catalog: Catalog) -> None:
    out = _out(capsys, ["validate"])
    assert out.startswith("bundled dataset: ok")
    assert re.search(rf"^\s+figures\s+{len(catalog.data.figures)}$", out, re.MULTILINE)
    for sector in ("employment", "education", "industry", "healthcare", "context"):
        assert sector in out
    for word in ("sources", "indicators", "entities", "pairings"):
        assert word in out


def test_validate_from_another_directory_finds_the_bundled_data(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bijie_tui", "validate"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "bundled dataset: ok" in done.stdout


def test_show_csv_lists_every_figure_with_its_source(
    capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    out = _out(capsys, ["show", "all", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    header = out.splitlines()[0].split(",")
    assert header == list(COLUMNS)
    assert all(column in header for column in REQUIRED)
    assert len(rows) == len(catalog.data.figures)
    assert {r["figure_id"] for r in rows} == {f.id for f in catalog.data.figures}
    for row in rows:
        assert row["source_url"].startswith("http"), row
        float(row["value"])  # plain machine-readable numbers


def test_show_csv_values_are_in_base_units(capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(csv.DictReader(io.StringIO(_out(capsys, ["show", "employment", "-f", "csv"]))))
    migrants = [r for r in rows if r["value"] == "43139"]
    assert migrants, "the 43,139 migrant workers figure"
    assert migrants[0]["unit"] == "people"
    assert migrants[0]["period_kind"] == "as_of"
    assert "wlbt.com" in migrants[0]["source_url"]
    assert {r["sector"] for r in rows} == {"employment"}


def test_show_json_carries_the_same_fields(
    capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    records = json.loads(_out(capsys, ["show", "--format", "json"]))
    assert len(records) == len(catalog.data.figures)
    assert set(COLUMNS) <= set(records[0])
    assert all(isinstance(r["value"], int | float) for r in records)


def test_show_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, ["show", "industry", "--format", "markdown"])
    assert out.startswith("| Sector | Indicator |")
    assert "| industry |" in out


def test_show_table_is_plain_text_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, ["show", "employment"])
    assert "\x1b" not in out
    assert "Indicator" in out
    assert "43,139 people" in out


def test_show_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, ["show", "employment", "--lang", "zh"])
    assert "指标" in out
    assert "4.31万人" in out
    rows = list(csv.DictReader(io.StringIO(_out(capsys, ["--lang", "zh", "show", "-f", "csv"]))))
    assert any("毕节" in r["region"] for r in rows)


def test_show_unknown_sector(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["show", "mining"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bijie-tui: error: show: unknown sector 'mining'")


def test_show_accepts_names(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, ["show", "Healthcare", "-f", "csv"])
    assert {r["sector"] for r in csv.DictReader(io.StringIO(out))} == {"healthcare"}


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(_out(capsys, ["schema"]))
    assert schema["title"] == "bijie-tui dataset"
    assert "figures" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"bijie-tui {__version__}"


@pytest.mark.parametrize("command", [[], ["validate"], ["show"], ["schema"]])
def test_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run([*command, "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: bijie-tui")


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("bijie-tui")
    done = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"bijie-tui {__version__}"
