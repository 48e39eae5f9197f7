"""A dataset that cannot be used gets one line naming the file and the place, and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bijie_tui.cli import run
from bijie_tui.model import loader

Edit = Callable[[dict[str, Any]], None]


def _error_line(capsys: pytest.CaptureFixture[str], argv: list[str], expected: int = 2) -> str:
    status = run(argv)
    out, err = capsys.readouterr()
    assert status == expected, (out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("bijie-tui: error: ")
    assert "Traceback" not in err
    return lines[0]


def _set(path: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return edit


def _delete(path: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]

    return edit


def _duplicate_first(collection: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data[collection].append(dict(data[collection][0]))

    return edit


def _beside(target: int | str, **extra: Any) -> Edit:
    """Figure 0 set beside figure ``target`` (an index, or an id)."""

    def edit(data: dict[str, Any]) -> None:
        figures = data["figures"]
        other = target if isinstance(target, str) else figures[target]["id"]
        figures[0]["disagrees_with"] = other
        figures[0].update(extra)

    return edit


def _beside_a_figure_beside_another(data: dict[str, Any]) -> None:
    figures = data["figures"]
    same = [f for f in figures if f["indicator"] == figures[0]["indicator"]]
    copy = {**figures[0], "id": "copy-of-first", "disagrees_with": figures[0]["id"]}
    again = {**figures[0], "id": "copy-of-copy", "disagrees_with": "copy-of-first"}
    figures.extend([copy, again])
    assert len(same) == 1


def _a_break_before_a_figure_beside_another(data: dict[str, Any]) -> None:
    figures = data["figures"]
    brk = {"en": "a new line"}
    figures.append(
        {**figures[0], "id": "beside", "disagrees_with": figures[0]["id"], "break_before": brk}
    )


_BAD: list[tuple[Edit, str, str]] = [
    (_a_break_before_a_figure_beside_another, "$.figures[", "no break can come before it"),
    (_beside("GB-none"), "$.figures[0].disagrees_with", 'unknown figure "GB-none"'),
    (_beside(0), "$.figures[0].disagrees_with", "cannot disagree with itself"),
    (_beside(1), "$.figures[0].disagrees_with", "is of indicator"),
    (_beside_a_figure_beside_another, "$.figures[", "is itself beside figure"),
    (
        _set("figures.0.break_before", "new line"),
        "$.figures[0].break_before",
        "must be an object",
    ),
    (_delete("figures.0.value"), "$.figures[0].value", "missing field"),
    (_set("figures.0.colour", "red"), "$.figures[0].colour", "unexpected field"),
    (
        _set("figures.0.value", "43139"),
        "$.figures[0].value",
        "must be a number, found a string",
    ),
    (_set("figures.0.value", True), "$.figures[0].value", "must be a number, found true"),
    (_set("figures.0.value", None), "$.figures[0].value", "must be a number, found null"),
    (_set("sources.0.title", 7), "$.sources[0].title", "must be a string, found a number"),
    (_set("title", []), "$.title", "must be an object, found an array"),
    (_set("sectors", {}), "$.sectors", "must be an array, found an object"),
    (_set("units.0.scalable", "yes"), "$.units[0].scalable", "must be true or false"),
    (_set("figures.0.period.kind", "weekly"), "$.figures[0].period.kind", "weekly"),
    (_duplicate_first("figures"), "$.figures[", "duplicate id"),
    (_duplicate_first("sources"), "$.sources[", "duplicate id"),
    (_set("figures.0.indicator", "nowhere"), "$.figures[0].indicator", "unknown indicator"),
    (_set("indicators.0.unit", "furlongs"), "$.indicators[0].unit", "unknown unit"),
    (_set("indicators.0.sector", "mining"), "$.indicators[0].sector", "unknown sector"),
    (_set("overview.0", "no-such-series"), "$.overview[0]", "unknown indicator"),
    (
        _set("figures.0.evidence.0.source", "NOPE"),
        "$.figures[0].evidence[0].source",
        "unknown source",
    ),
    (_set("pairings.0.county", "atlantis"), "$.pairings[0].county", "unknown region"),
    (_set("events.0.date", "2016-13"), "$.events[0].date", "month 13"),
    (_set("events.0.date", "2019-02-30"), "$.events[0].date", "day 30"),
    (_set("sources.0.date", "yesterday"), "$.sources[0].date", "YYYY"),
    (_set("figures.0.id", "bad id!"), "$.figures[0].id", "an id is"),
    (_set("format", "bijie-tui/9"), "$.format", "bijie-tui/1"),
    (_delete("sectors"), "$.sectors", "missing field"),
    (_set("figures.0.status", "guessed"), "$.figures[0].status", "guessed"),
    (_set("figures.0.qualifier", "range"), "$.figures[0].upper", "needs an upper"),
    (_set("sources.0.url", None), "$.sources[0]", 'only a source of kind "copy_without_address"'),
    (_set("sources.0.kind", "copy_without_address"), "$.sources[0]", "has none (null)"),
]


@pytest.mark.parametrize(("edit", "where", "what"), _BAD)
def test_bad_dataset(
    capsys: pytest.CaptureFixture[str],
    write_variant: Callable[[Edit], Path],
    edit: Edit,
    where: str,
    what: str,
) -> None:
    path = write_variant(edit)
    line = _error_line(capsys, ["validate", str(path)])
    assert line.startswith(f"bijie-tui: error: {path}: {where}")
    assert what in line


@pytest.mark.parametrize(("edit", "where", "what"), _BAD)
def test_bad_dataset_read_record_by_record(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    write_variant: Callable[[Edit], Path],
    edit: Edit,
    where: str,
    what: str,
) -> None:
    # Files whose objects would be many times their size are read record by record: the same
    # errors, at the same places.
    monkeypatch.setattr(loader, "_DENSE", 0)
    path = write_variant(edit)
    line = _error_line(capsys, ["validate", str(path)])
    assert line.startswith(f"bijie-tui: error: {path}: {where}")
    assert what in line


def test_the_bundled_dataset_read_record_by_record(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = loader.load()
    monkeypatch.setattr(loader, "_DENSE", 0)
    assert loader.load() == whole


def test_value_must_equal_what_the_source_states(
    capsys: pytest.CaptureFixture[str],
    write_variant: Callable[[Edit], Path],
    bundled_json: dict[str, Any],
) -> None:
    index = next(i for i, f in enumerate(bundled_json["figures"]) if f.get("stated_as"))
    original = bundled_json["figures"][index]["value"]
    path = write_variant(_set(f"figures.{index}.value", original * 10 + 1))
    line = _error_line(capsys, ["validate", str(path)])
    assert f"$.figures[{index}].value" in line
    assert "differs from stated_as" in line


def test_one_value_per_period(
    capsys: pytest.CaptureFixture[str],
    write_variant: Callable[[Edit], Path],
) -> None:
    def edit(data: dict[str, Any]) -> None:
        twin = dict(data["figures"][0])
        twin["id"] = "twin"
        data["figures"].append(twin)

    line = _error_line(capsys, ["validate", str(write_variant(edit))])
    assert "already has a value for this period" in line


@pytest.mark.parametrize(
    ("content", "where", "what"),
    [
        (b"", "$", "the file is empty"),
        (b"  \n", "$", "the file is empty"),
        (b"\xff\xfe{}", "byte 0", "not UTF-8"),
        (b'{"format": "bijie-tui/1",\n "title": }', "line 2, column 11", "not valid JSON"),
        (b"[1, 2, 3]", "$", "the dataset must be an object, found an array"),
        (b'"text"', "$", "the dataset must be an object, found a string"),
        (b"null", "$", "the dataset must be an object, found null"),
        (b"false", "$", "the dataset must be an object, found false"),
        (b"-2.5", "$", "the dataset must be an object, found a number"),
        (b"9" * 5000, "$", "the dataset must be an object, found a number with 5,000 digits"),
        (b'{"format": -' + b"9" * 5000 + b"}", "$.format", "a number with 5,000 digits"),
        (b'{"format": NaN}', "$.format", ""),
        (b"[" * 100 + b"]" * 100, "$", "nested deeper than 64"),
    ],
)
def test_bad_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, where: str, what: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    line = _error_line(capsys, ["validate", str(path)])
    assert line.startswith(f"bijie-tui: error: {path}: {where}")
    assert what in line


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    bundled_json: dict[str, Any],
    constant: str,
) -> None:
    text = json.dumps(bundled_json, ensure_ascii=False)
    marker = '"value": '
    start = text.index(marker) + len(marker)
    end = start + len(text[start:].split(",", 1)[0])
    path = tmp_path / "nan.json"
    path.write_text(text[:start] + constant + text[end:], encoding="utf-8")
    line = _error_line(capsys, ["validate", str(path)])
    assert "$.figures[0].value" in line
    assert "not a finite number" in line


def test_duplicate_key(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"format": "bijie-tui/1", "format": "bijie-tui/1"}', encoding="utf-8")
    line = _error_line(capsys, ["validate", str(path)])
    assert "$.format: duplicate key" in line


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    line = _error_line(capsys, ["validate", str(path)], expected=74)  # cannot be read at all
    assert line.endswith(f"{path}: $: no such file")


def test_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = _error_line(capsys, ["show", "--data", str(tmp_path)])
    assert line.endswith(f"{tmp_path}: $: is a directory, not a file")


def test_huge_integer_in_a_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bundled_json: dict[str, Any]
) -> None:
    text = json.dumps(bundled_json, ensure_ascii=False)
    marker = '"value": '
    start = text.index(marker) + len(marker)
    end = start + len(text[start:].split(",", 1)[0])
    path = tmp_path / "huge.json"
    path.write_text(text[:start] + "1" * 5000 + text[end:], encoding="utf-8")
    line = _error_line(capsys, ["validate", str(path)])
    assert line.endswith(
        f"{path}: $.figures[0].value: a number with 5,000 digits, too long to be a value"
    )
    assert "sys." not in line and "4300" not in line


def test_empty_path(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["validate", ""], ["--data", "", "validate"], ["show", "--data", ""]):
        line = _error_line(capsys, argv)
        assert line == 'bijie-tui: error: "": $: the path is empty: give a dataset file'


def test_directory_to_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = _error_line(capsys, ["validate", str(tmp_path)])
    assert line.endswith(f"{tmp_path}: $: is a directory, not a file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_character_device(capsys: pytest.CaptureFixture[str], device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    for argv in (["validate", device], ["show", "--data", device]):
        line = _error_line(capsys, argv)
        assert line == f"bijie-tui: error: {device}: $: is a character device, not a regular file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    # Nothing ever writes to the pipe: reading it would wait for ever (the timeout fails).
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for argv in (["validate", str(fifo)], ["show", "--data", str(fifo)]):
        done = subprocess.run(
            [sys.executable, "-m", "bijie_tui", *argv],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            timeout=30,
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        assert done.stderr == f"bijie-tui: error: {fifo}: $: is a named pipe, not a regular file\n"


def test_file_over_the_size_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text("{" + " " * 2000 + "}", encoding="utf-8")
    line = _error_line(capsys, ["validate", str(path)])
    assert "larger than" in line


def test_escape_sequences_in_messages_are_neutralised(
    capsys: pytest.CaptureFixture[str], write_variant: Callable[[Edit], Path], tmp_path: Path
) -> None:
    path = write_variant(_set("figures.0.period.kind", "\x1b]0;pwned\x07"))
    line = _error_line(capsys, ["validate", str(path)])
    assert "\x1b" not in line and "\x07" not in line
    evil = tmp_path / "evil\x1b[2J\x1b]52;c;aGk=\x07.json"
    evil.write_text("{", encoding="utf-8")
    line = _error_line(capsys, ["validate", str(evil)])
    assert "\x1b" not in line and "\x07" not in line
    assert "evil\\x1b[2J" in line


def test_real_process_exit_status(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bijie_tui", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"bijie-tui: error: {path}: line 1, column 2: not valid JSON")


_TOP = (
    '{"format": "bijie-tui/1", "title": {"en": "t", "zh": "t"}, '
    '"description": {"en": "d", "zh": "d"}, "updated": "2024", '
)
_LISTS = (
    "sectors",
    "units",
    "regions",
    "sources",
    "indicators",
    "figures",
    "entities",
    "pairings",
    "events",
    "overview",
)
_MEASURED = (
    "import resource, sys\n"
    "from bijie_tui.cli import run\n"
    "status = run(sys.argv[1:])\n"
    "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "sys.exit(status)\n"
)
"""The command line, printing its peak memory (KiB) on standard output when it is done."""
_ADDRESS_SPACE = 600 * 2**20


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (_ADDRESS_SPACE, _ADDRESS_SPACE))


def _run_measured(path: Path) -> tuple[int, str, int]:
    """Exit status, standard error and peak memory (bytes) of ``validate path``, run with a
    timeout and at most 600 MB of address space."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=path.parent,
        timeout=30,
        preexec_fn=_limited,
    )
    peak = int(done.stdout) * 1024 if done.stdout.isdigit() else -1
    return done.returncode, done.stderr, peak


def _file_of(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


_MILLION = ",".join(["{}"] * 1_000_000)


def _million_bad(name: str) -> tuple[str, str]:
    """A file of about 3 MB with a million empty objects (or arrays) where records belong, and
    where the first error is."""
    if name == "evidence":
        figure = (
            '{"id": "f", "indicator": "i", "value": 1, '
            '"period": {"kind": "event", "start": "2020", "end": null}, '
        )
        return (
            _TOP + f'"figures": [{figure}"evidence": [{_MILLION}]}}]}}',
            "$.figures[0].evidence: too large",
        )
    if name == "nested":  # the million one level further in
        return (
            _TOP + f'"sectors": [{{"id": "s", "name": [[{_MILLION}]]}}]}}',
            "$.sectors[0].name[0]: too large",
        )
    if name == "unknown":
        return _TOP + f'"colour": [{_MILLION}]}}', "$.colour"
    if name == "title":
        return '{"title": [' + ",".join(["[]"] * 1_000_000) + "]}", "$.title"
    # Every list is there, empty but this one.
    others = ", ".join(f'"{other}": []' for other in _LISTS if other != name)
    return _TOP + others + f', "{name}": [{_MILLION}]}}', f"$.{name}[0]"


@pytest.mark.skipif(sys.platform != "linux", reason="address-space limits as on Linux")
@pytest.mark.parametrize(
    "name",
    [
        "sectors",
        "regions",
        "figures",
        "events",
        "overview",
        "evidence",
        "nested",
        "unknown",
        "title",
    ],
)
def test_a_million_bad_records_fail_fast(tmp_path: Path, name: str) -> None:
    body, where = _million_bad(name)
    path = _file_of(tmp_path, f"{name}.json", body)
    status, err, peak = _run_measured(path)
    assert status == 2, err[-2000:]
    assert "Traceback" not in err
    assert err.count("\n") == 1, err[-2000:]
    assert err.startswith(f"bijie-tui: error: {path}: {where}"), err
    # One bad record is read before the error, not the million: the memory the process grows
    # by stays well under ten times the file's size, even for a million items in one record
    # (which stops at the most values one record may hold).
    floor = _file_of(tmp_path, "one.json", _TOP + '"sectors": [{}]}')
    status, _, base = _run_measured(floor)
    assert status == 2
    grown = peak - base
    assert grown < 10 * path.stat().st_size, (grown, peak)
