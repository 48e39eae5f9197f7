"""The command line without the TUI: validate, show, schema, help and version."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bijie_tui import __version__
from bijie_tui.cli import run
from bijie_tui.model.caveats import scope_mark, value_mark
from bijie_tui.model.format import Lang
from bijie_tui.model.query import COLUMNS, QUOTE_SEPARATOR, Catalog

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
        if row["source_kind"] == "copy_without_address":
            assert row["source_url"] == "", row  # the address is not known
        else:
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
    assert "43,139人" in out
    rows = list(csv.DictReader(io.StringIO(_out(capsys, ["--lang", "zh", "show", "-f", "csv"]))))
    assert any("毕节" in r["region"] for r in rows)


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Numbers, ids and Latin words: none of them may be cut by a line break.
_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z,.'’+\-]*")


def _table_rows(catalog: Catalog, lang: Lang) -> list[dict[str, str]]:
    rows = []
    for fig in catalog.data.figures:
        row = catalog.row(fig, lang)
        # As shown: with the explorer's marks.
        row["display"] = catalog.display_value(fig, lang) + value_mark(fig, catalog.sources)
        region = catalog.regions[catalog.indicators[fig.indicator].region]
        row["region"] += scope_mark(region)
        rows.append(row)
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_table_at_80_columns_breaks_no_value_id_or_word(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    catalog: Catalog,
    lang: Lang,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = _out(capsys, ["show", "all", "--lang", lang])
    lines = out.splitlines()
    assert all(_cells(line) <= 80 for line in lines), max(lines, key=_cells)
    assert all(line == line.rstrip() for line in lines)
    rows = _table_rows(catalog, lang)
    for row in rows:
        assert any(row["display"] in line for line in lines), row["display"]
        for source in row["source_id"].split("; "):
            assert re.search(rf"(?<!\S){re.escape(source)};?(?!\S)", out), source
    # Every number and word of the data is still there, whole, as often as the data has it.
    data = " ".join(row[k] for row in rows for k in ("indicator", "region", "period"))
    wanted, shown = Counter(_RUN.findall(data)), Counter(_RUN.findall(out))
    assert not wanted - shown, wanted - shown
    if lang == "en":
        assert not Counter(data.split()) - Counter(out.split())


def test_show_table_piped_is_as_wide_as_its_content(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    out = _out(capsys, ["show", "employment"])
    lines = out.splitlines()
    rows = [r for r in _table_rows(catalog, "en") if r["sector"] == "employment"]
    note = 1 if any(r["status"] == "derived" for r in rows) else 0
    assert len(lines) == 2 + len(rows) + note  # header, rule, one line a figure
    assert all(line == line.rstrip() for line in lines)
    assert _cells(lines[1]) == max(_cells(line) for line in lines[: -note or None])
    assert "Jan–Aug 2022" in out and "(by August" not in out
    assert "43,139 people" in out


def test_show_table_in_chinese_speaks_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = _out(capsys, ["show", "all", "--lang", "zh"])
    head = out.splitlines()[0].split()
    assert head[:3] == ["指标", "范围", "时期"] and head[-2:] == ["数值", "来源"]
    assert "2022年1–8月" in out and "截至2018年11月" in out
    assert "by August" not in out and "as of" not in out and "derived" not in out
    assert "(推算)" in out and "项为推算值" in out.splitlines()[-1]


def test_show_table_stacks_scope_and_period_when_five_columns_cannot_fit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = _out(capsys, ["show", "employment"]).splitlines()
    assert lines[0].split("  ")[0] == "Indicator" and "Scope, period" in lines[0]
    row = next(n for n, line in enumerate(lines) if "43,139 people" in line)
    assert "Bijie" in lines[row] and "Jan–Aug 2022" in lines[row + 1]


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
    source = schema["$defs"]["Source"]["properties"]
    assert source["kind"]["enum"][-1] == "copy_without_address"
    assert {"type": "null"} in source["url"]["anyOf"]


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


def test_show_prints_the_marks_of_the_explorer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = _out(capsys, ["show", "industry"])
    assert re.search(r"Bijie \+ Qiannan⁺ .* 789 million yuan†", out), out
    assert re.search(
        r"^Guangdong investment in Guizhou \(annual\) +Guizhou +2019 +113\.88 billion yuan  ",
        out,
        re.MULTILINE,
    )


def test_csv_and_json_carry_the_quote_and_the_same_columns(
    capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    rows = list(csv.DictReader(io.StringIO(_out(capsys, ["show", "all", "--format", "csv"]))))
    records = json.loads(_out(capsys, ["show", "all", "--format", "json"]))
    assert list(rows[0]) == list(records[0]) == list(COLUMNS)
    assert "quote" in COLUMNS
    figures = {f.id: f for f in catalog.data.figures}
    for row, record in zip(rows, records, strict=True):
        quotes = list(dict.fromkeys(e.quote for e in figures[row["figure_id"]].evidence))
        assert row["quote"] == QUOTE_SEPARATOR.join(quotes)
        assert record["quote"] == quotes  # an array in JSON
    by_id = {r["figure_id"]: r for r in rows}
    assert "helped 43,139 migrant workers" in by_id["GB091"]["quote"]
    several = [r for r in rows if " ¶ " in r["quote"]]
    assert several, "a figure with several quotes"


# -- the command line as people expect it -------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "show", "export", "schema", "config", "serve"])
def test_help_of_each_command_has_examples_exit_statuses_and_where_to_report(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    from bijie_tui.cli_help import EXAMPLES

    assert run(["help", command]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: bijie-tui {command}")
    for example in EXAMPLES[command]:
        assert f"  {example}" in text
    assert "\nexit status:\n  0    done\n  2    a mistake" in text
    assert "  74   a file that cannot be read or written" in text
    assert "To report a problem, give the output of 'bijie-tui --version'" in text
    with pytest.raises(SystemExit) as stop:
        run([command, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == text


def test_help_without_a_command_is_the_programs(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: bijie-tui ") and "bijie-tui help show" in text


def test_validate_and_data_read_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, bundled_json: Any
) -> None:
    raw = json.dumps(bundled_json, ensure_ascii=False).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert run(["validate", "-"]) == 0
    assert capsys.readouterr().out.startswith("<stdin>: ok\n")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert run(["show", "healthcare", "--data", "-", "--format", "csv"]) == 0
    assert "bq-gz-covid-doctors" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"format": 1}')))
    assert run(["validate", "-"]) == 2
    assert capsys.readouterr().err.startswith("bijie-tui: error: <stdin>: $.format: ")


def test_usage_errors_and_io_errors_have_different_statuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["show", "mining"]) == 2  # a mistake in the command line
    assert run(["validate", str(tmp_path / "none.json")]) == 74
    assert capsys.readouterr().err.endswith(": $: no such file\n")
    missing = tmp_path / "no-such-folder" / "bijie.db"
    assert run(["export", "--sqlite", str(missing)]) == 74
    assert "cannot write" in capsys.readouterr().err


def test_the_readme_lists_every_exit_status() -> None:
    from bijie_tui.cli_help import EXIT_STATUSES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    for status, why in EXIT_STATUSES:
        assert f"| {status} | {why}" in readme, status


def test_csv_and_json_agree_and_dates_parse(capsys: pytest.CaptureFixture[str]) -> None:
    """One set of columns; ISO dates every parser reads (the first and last day of the
    period) and a year; JSON: null for what is missing, an array of what each source gives."""
    import datetime

    assert run(["show", "all", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert run(["show", "all", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(rows) == len(records) > 300
    for row, record in zip(rows, records, strict=True):
        assert list(row) == list(record) == list(COLUMNS)
        assert "" not in record.values(), record["figure_id"]
        start, end = row["date_start"], row["date_end"]
        if row["period_start"] or row["period_end"]:
            assert end, row["figure_id"]
        for date in (start, end):
            if date:
                datetime.date.fromisoformat(date)  # a real day
        if start and end:
            assert start <= end
        assert str(record["year"] or "") == row["year"] == (end or "")[:4]
        n = len(record["source_id"])
        assert n >= 1 and row["source_id"].split("; ") == record["source_id"]
        assert len(record["source_url"]) == len(record["source_kind"]) == n
        assert len(record["quote"]) >= 1
    dates = {r["figure_id"]: (r["date_start"], r["date_end"]) for r in rows}
    assert dates["GB091"] == ("2022-01-01", "2022-08-31")  # Jan–Aug 2022
    assert dates["GB153"] == ("", "2020-11-01")  # the census day
    undated = next(r for r in records if r["figure_id"] == "GB284")
    assert undated["source_url"] == [None] and undated["derivation"] is None
