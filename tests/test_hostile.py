"""Untrusted strings never reach the terminal as commands.

A hostile copy of the bundled dataset carries markup, escape sequences, C0/C1 controls, a bidi
override and a zero-width space in every kind of free text the app shows. The explorer (in a
real pseudo-terminal), ``show`` in every format and the error messages must show all of it as
visible text and let none of it act.
"""

from __future__ import annotations

import base64
import copy
import csv
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bijie_tui.cli import run
from bijie_tui.model.query import COLUMNS
from pty_session import ESC, PtySession

# -- the hostile dataset -------------------------------------------------------------------------

MARKUP = ["[bold]x[/]", "[/]", "[link=https://evil]y[/link]", "[@click=app.quit]z[/]"]
SEQUENCES = [
    "\x1b[2J",  # CSI: clear the screen
    "\x1b[31m",  # CSI: red
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: set the clipboard to "evil"
    "\x1b]0;pwned\x07",  # OSC 0: window title
    "\x1b]8;;https://evil\x1b\\",  # OSC 8: hyperlink
    "\x9b31m",  # C1 CSI
    "\x9d0;t\x9c",  # C1 OSC ... ST
    "\x07",  # BEL
    "\x08",  # backspace
    "\r",  # carriage return
    "\u202e",  # bidi: right-to-left override
    "\u200b",  # zero-width space
]
PAYLOADS = MARKUP + SEQUENCES
FORMULAS = ['=HYPERLINK("https://evil")', "+1+1", "-1+1", "@SUM(A1)"]
EVERYTHING = "".join(PAYLOADS)


def _hostile(data: dict[str, Any]) -> None:
    """Inject into every free text: one payload (or formula) first, so that it shows even in a
    narrow cell, and every payload after."""
    first = itertools.cycle(PAYLOADS + FORMULAS)

    def evil(text: str) -> str:
        return f"{next(first)}{text}{EVERYTHING}"

    def names(node: dict[str, Any]) -> None:
        for lang in ("en", "zh"):
            if node.get(lang):
                node[lang] = evil(node[lang])

    def described(record: dict[str, Any], key: str = "description") -> None:
        record.setdefault(key, {"en": "described", "zh": "说明"})
        names(record[key])

    def quoted(record: dict[str, Any]) -> None:
        for item in record["evidence"]:
            item["quote"] = evil(item["quote"])  # the stated digits stay in the quote

    names(data["title"])
    names(data["description"])
    for sector in data["sectors"]:
        names(sector["name"])
        names(sector["description"])
    for unit in data["units"]:
        names(unit["name"])
    for region in data["regions"]:
        names(region["name"])
    for source in data["sources"]:
        for key in ("title", "publisher", "url", "note", "date_note"):
            if key == "url" and source["url"] is None:
                continue  # a copy without an address has none
            source[key] = evil(source.get(key) or key)
    for indicator in data["indicators"]:
        names(indicator["name"])
        described(indicator)
    for figure in data["figures"]:
        described(figure, "note")
        if figure.get("derivation"):
            figure["derivation"] = evil(figure["derivation"])
        if figure["period"].get("label"):
            figure["period"]["label"] = evil(figure["period"]["label"])
        quoted(figure)
    for entity in data["entities"]:
        names(entity["name"])
        described(entity)
        quoted(entity)
    for pairing in data["pairings"]:
        names(pairing["summary"])
        quoted(pairing)
    for event in data["events"]:
        names(event["title"])
        described(event)
        quoted(event)


@pytest.fixture(scope="module")
def files(
    tmp_path_factory: pytest.TempPathFactory, bundled_json: dict[str, Any]
) -> dict[str, Path]:
    """The bundled dataset and its hostile copy, as files."""
    folder = tmp_path_factory.mktemp("hostile")
    hostile = copy.deepcopy(bundled_json)
    _hostile(hostile)
    out = {}
    for name, data in (("baseline", bundled_json), ("hostile", hostile)):
        out[name] = folder / f"{name}.json"
        out[name].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_the_hostile_dataset_is_valid(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    assert run(["validate", str(files["hostile"])]) == 0, capsys.readouterr().err
    text = files["hostile"].read_text(encoding="utf-8")
    for payload in PAYLOADS:
        assert json.dumps(payload, ensure_ascii=False)[1:-1] in text


# -- what may reach a terminal ---------------------------------------------------------------------

# Controls, DEL, C1, bidi embeddings/overrides/isolates, zero-width characters and the BOM.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# The same without newline and tab, which CSV and Markdown need.
UNSAFE_BUT_LAYOUT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)

# A CSI, an OSC (ended by BEL or ST), any other escape, or a lone control character.
SEQUENCE = re.compile(
    r"\x1b\[([0-?]*)([ -/]*)([@-~])"
    r"|\x1b\]([^\x07\x1b]*)(?:\x07|\x1b\\)"
    r"|\x1b([ -/]*[0-~])"
    r"|([\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff])",
    re.S,
)


def sequence_types(text: str) -> Counter[str]:
    """How many of each kind of terminal command ``text`` holds. Cursor positions and colours
    are one kind each; modes, erasures and OSC numbers are told apart."""
    kinds: Counter[str] = Counter()
    for match in SEQUENCE.finditer(text):
        params, inter, final, osc, esc, control = match.groups()
        if final:
            if final == "m":
                kinds["CSI m"] += 1
            elif final in "hlJKnt" or params[:1] in "?<=>":
                kinds[f"CSI {params}{inter}{final}"] += 1
            else:
                kinds[f"CSI {re.sub(r'[0-9]+', 'N', params)}{inter}{final}"] += 1
        elif osc is not None:
            kinds[f"OSC {osc.split(';')[0]}"] += 1
        elif esc:
            kinds[f"ESC {esc}"] += 1
        else:
            kinds[f"control {ord(control):#04x}"] += 1
    return kinds


def clipboard_texts(text: str) -> list[str]:
    """What every OSC 52 in ``text`` put on the clipboard."""
    return [
        base64.b64decode(m.group(1)).decode("utf-8")
        for m in re.finditer(r"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)", text)
    ]


# -- the explorer in a pseudo-terminal -------------------------------------------------------------


class Session(PtySession):
    """The explorer in a pty of 100×30, with everything it wrote."""

    def __init__(self, args: list[str], cols: int = 100, rows: int = 30):
        super().__init__(args, None, cols, rows)

    def start(self) -> None:
        # The last tab's label: the app's own word at any width (the first tab's may be short).
        self.read(20, until=b"Sources")
        self.settle()  # the rest of the first screen, drawn once the dataset is in
        assert b"Sources" in self.output, _tail(self.text())

    def keys(self, steps: list[str]) -> None:
        """Send each step (one or more keys; an escape always alone) and let the app draw. A
        copy waits for the app's OSC 52."""
        for step in steps:
            mark = len(self.output)
            super().keys([step])
            if step == COPY:
                self.until(lambda at=mark: b"\x1b]52;" in self.output[at:], "the copy")


DOWN = "\x1b[B"
COPY = "y"


def tour() -> list[str]:
    """Every tab; in each sector a few rows down, a detail opened and closed, the second list
    and one of its details; the sources; a filter; the keys; a copy in English; Chinese and a
    copy from a detail; back to English."""
    steps = ["1", "\t", DOWN * 2, "\r", ESC]  # the overview, its pairings, one of their details
    for number in range(2, 7):
        steps += [f"{number}{DOWN * 3}", "\r", ESC, f"v{DOWN * 2}", "\r", ESC, "v"]
    steps += [f"7{DOWN * 2}", "\r", ESC]
    steps += ["4", "/", "a", "\r", ESC]
    steps += ["?", ESC]
    steps += [f"2{DOWN}", COPY]  # copy number 1
    steps += ["l", f"3{DOWN}", "\r", COPY, ESC]  # copy number 2, from a detail, in Chinese
    steps += ["1", "l"]
    return steps


COPIES = 2


def _drive(session: Session, steps: list[str]) -> tuple[bool, int | None]:
    session.start()
    session.keys(steps)
    alive = session.running()
    return alive, session.quit() if alive else session.status


def _run_tours(paths: list[Path], steps: list[str]) -> list[tuple[str, bool, int | None]]:
    """Run the app on each dataset at once (forked here, driven in threads)."""
    sessions = [Session(["--data", str(path)]) for path in paths]
    try:
        with ThreadPoolExecutor(len(sessions)) as pool:
            results = list(pool.map(lambda s: _drive(s, steps), sessions))
        return [(s.text(), *r) for s, r in zip(sessions, results, strict=True)]
    finally:
        for session in sessions:
            session.close()


def _tail(text: str) -> str:
    """The end of what the app wrote, safe to print in a failure message."""
    plain = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)", "", text)
    return UNSAFE_BUT_LAYOUT.sub("?", plain)[-3000:]


TIMING_KINDS = frozenset({"ESC M", "ESC D", "OSC 52", "control 0x0a", "control 0x0d"})


def _assert_nothing_acted(written: str, baseline: str) -> None:
    """``written`` (the app on the hostile dataset) holds no terminal command that ``baseline``
    (the app on the bundled dataset, driven the same way) does not, and none of the payloads."""
    assert "Traceback" not in written, _tail(written)
    # Scrolling a block (the shadow's index and reverse index), moving to the next row with CR LF
    # where that is shorter than a cursor jump, and the app's own copies (counted and read
    # apart) depend on which frames the timing gives, not on the data. A raw control character
    # from the data is caught apart: it must show as a visible escape (_assert_shown_literally).
    new = set(sequence_types(written)) - set(sequence_types(baseline)) - TIMING_KINDS
    assert not new, f"terminal commands only the hostile dataset produced: {new}"
    for sequence in SEQUENCES:
        if sequence.startswith("\x1b") and sequence not in baseline:
            assert sequence not in written, repr(sequence)
    for forbidden in ("\x1b]0;pwned", "\x1b]8;;https://evil", "\x9b", "\x9d", "\u202e", "\u200b"):
        assert forbidden not in written, repr(forbidden)
    # The payload of the injected OSC 52 shows as text ("\x1b]52;c;ZXZpbA==\x07", escaped), but
    # never as a clipboard command.
    assert "\x1b]52;c;ZXZpbA==" not in written
    assert "evil" not in clipboard_texts(written)


def _assert_shown_literally(written: str) -> None:
    """The payloads were drawn, as visible text: markup as brackets, controls as escapes."""
    for markup in MARKUP:
        assert markup in written, markup
    for visible in (r"\x1b[2J", r"\x1b]0;pwned\x07", r"\x9b31m", r"\u202e", r"\u200b", r"\x0d"):
        assert visible in written, visible


@pytest.mark.tour
def test_explorer_never_lets_dataset_text_act(files: dict[str, Path]) -> None:
    (baseline, base_alive, base_status), (written, alive, status) = _run_tours(
        [files["baseline"], files["hostile"]], tour()
    )
    assert base_alive and base_status == 0, _tail(baseline)
    # The injected [@click=app.quit] did nothing: the app ran until it was asked to quit.
    assert alive, _tail(written)
    assert status == 0, _tail(written)
    _assert_nothing_acted(written, baseline)
    _assert_shown_literally(written)
    # The app's own copies: one OSC 52 each, of printable text only.
    assert len(clipboard_texts(baseline)) == COPIES
    copied = clipboard_texts(written)
    assert len(copied) == COPIES
    for text in copied:
        assert not UNSAFE.search(text), repr(text[:200])
        assert r"\x1b]52;c;ZXZpbA==\x07" in text  # the record was copied, made visible


@pytest.mark.tour
def test_palette_never_lets_dataset_text_act(files: dict[str, Path]) -> None:
    steps = ["2", "\x10", "mushroom", ESC, "\x10", "食用菌", ESC]
    (baseline, _, _), (written, alive, status) = _run_tours(
        [files["baseline"], files["hostile"]], steps
    )
    assert "mushroom" in baseline
    assert alive, _tail(written)
    assert status == 0, _tail(written)
    _assert_nothing_acted(written, baseline)
    unstyled = re.sub(r"\x1b\[[0-9;]*m", "", written)  # matched letters are styled apart
    # The first hit, drawn literally: the park itself, the markup after its name shown as
    # text (what comes before the name depends on the record's place in the file).
    assert "Dafang high-tech mush" in unstyled
    assert "park[bold]x[/][/][link=https://evil]y[/link][@click=app.quit]z[/]" in unstyled


# -- show -----------------------------------------------------------------------------------------

TEXT_COLUMNS = [c for c in COLUMNS if c not in ("value", "upper")]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_show_writes_no_terminal_commands(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], fmt: str, lang: str
) -> None:
    status = run(["show", "all", "--format", fmt, "--lang", lang, "--data", str(files["hostile"])])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert err == ""
    found = UNSAFE_BUT_LAYOUT.findall(out)
    assert not found, sorted(set(found))
    if fmt in ("table", "json"):
        assert "\t" not in out
    if fmt == "json":
        rows = json.loads(out)
        assert any("\x1b]0;pwned\x07" in row["indicator"] for row in rows)  # escaped, not lost
    else:
        assert r"\x1b]0;pwned\x07" in out
        assert "[@click=app.quit]z[/]" in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_cells_are_never_formulas(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], lang: str
) -> None:
    assert run(["show", "all", "-f", "csv", "--lang", lang, "--data", str(files["hostile"])]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and list(rows[0]) == list(COLUMNS)
    starts: Counter[str] = Counter()
    for row in rows:
        for column in TEXT_COLUMNS:
            cell = row[column]
            assert not cell.startswith(("=", "+", "-", "@")), (column, cell)
            if cell[:1] == "'":
                starts[cell[1:2]] += 1
    assert set(starts) >= {"=", "+", "-", "@"}  # the guard did act on every kind


@pytest.mark.tour
def test_show_table_on_a_terminal_writes_only_colours(files: dict[str, Path]) -> None:
    """On a terminal ``show`` writes styles (SGR) and nothing else that a terminal would run."""
    session = Session(["show", "employment", "--data", str(files["hostile"])], cols=120)
    try:
        session.read(20)  # until it has written everything and left
        written = session.text()
        assert session.quit() == 0, _tail(written)
    finally:
        session.close()
    assert r"\x1b]0;pwned\x07" in written
    kinds = set(sequence_types(written))
    assert kinds <= {"CSI m", "control 0x0a", "control 0x0d"}, kinds
    assert "\x1b[31m" not in written


# -- messages --------------------------------------------------------------------------------------

OSC_TITLE = "\x1b]0;x\x07"


def _one_error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    status = run(argv)
    out, err = capsys.readouterr()
    assert status == 2, (out, err)
    assert out == ""
    assert err.startswith("bijie-tui: error: ") and err.endswith("\n")
    line = err.removesuffix("\n")
    assert "\n" not in line
    assert not UNSAFE.search(line), repr(line)
    return line


def _edit(
    where: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any
) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        where(data)[key] = value

    return edit


def _figure(data: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in data["figures"] if f.get("stated_as"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        # The value is not quoted in the message: it must not leak either.
        (_edit(lambda d: d["events"][0], "date", f"2019{OSC_TITLE}"), None),
        (_edit(lambda d: d["sources"][0], "date", "\x9b2J\u202e2019"), None),
        # Quoted in the message: shown, made visible.
        (
            _edit(lambda d: d["figures"][0]["period"], "kind", f"x{OSC_TITLE}\x9b2J\u202e"),
            r"\x9b2J",
        ),
        (_edit(_figure, "stated_as", OSC_TITLE), r"\x1b]0;x\x07"),
        (_edit(_figure, "stated_as", f"\u202e\u200b{OSC_TITLE}"), r"\x1b]0;x\x07"),
        (_edit(lambda d: d["figures"][0], f"colour{OSC_TITLE}", 1), r"\u001b]0;x\u0007"),
        (_edit(lambda d: d, "format", f"bijie-tui/1{OSC_TITLE}"), r"\u001b]0;x\u0007"),
    ],
)
def test_error_messages_show_escapes_as_text(
    capsys: pytest.CaptureFixture[str],
    write_variant: Callable[[Callable[[dict[str, Any]], None]], Path],
    edit: Callable[[dict[str, Any]], None],
    shown: str | None,
) -> None:
    path = write_variant(edit)
    for argv in (["validate", str(path)], ["show", "--data", str(path)]):
        line = _one_error_line(capsys, argv)
        assert line.startswith(f"bijie-tui: error: {path}: $.")
        if shown is not None:
            assert shown in line, line


def test_a_file_name_with_escapes_is_shown_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bundled_json: dict[str, Any]
) -> None:
    path = tmp_path / f"data{OSC_TITLE}\x9b2J\u202e.json"
    path.write_text(json.dumps(bundled_json), encoding="utf-8")
    assert run(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert not UNSAFE_BUT_LAYOUT.search(out), repr(out)
    assert r"data\x1b]0;x\x07\x9b2J\u202e.json: ok" in out
    path.write_text("{", encoding="utf-8")
    line = _one_error_line(capsys, ["show", "--data", str(path)])
    assert r"data\x1b]0;x\x07\x9b2J\u202e.json" in line
