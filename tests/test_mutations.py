"""Whatever is done to a dataset file, the command line ends well: exit 0, or exit 2 with one
error line. Never a traceback, never another status, never a hang; and the explorer starts on
every mutant the command line accepts."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bijie_tui.app import BijieApp
from bijie_tui.cli import run
from bijie_tui.model.format import Lang
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog
from pilot_helpers import idle
from pty_session import home_env

LANGS: tuple[Lang, ...] = ("en", "zh")
BIN = Path(sys.executable).parent / "bijie-tui"
EXE = str(BIN) if BIN.exists() else shutil.which("bijie-tui") or "bijie-tui"

BUNDLED = resources.files("bijie_tui").joinpath("_data", "bijie.json").read_text("utf-8")
SECONDS = 20.0
"""Longest a command may take on any mutant."""

Path_ = tuple[str | int, ...]
"""Where a value is in the JSON document: keys and indexes from the top."""

RAW = "\x00raw:{}\x00"
"""A placeholder string, replaced in the JSON text by what ``json`` cannot write itself."""

# Values a field may be retyped to: each JSON type, and the empty ones.
OTHER_VALUES: list[Any] = ["text", "", 7, 0, -1, 2.5, True, None, [], ["a", 1], {}, {"en": "x"}]

# Numbers as JSON text: the largest finite float, beyond it (infinity), 10**400 (a valid JSON
# integer no float holds), more digits than Python converts by default, tiny ones.
HUGE = [
    "1e308",
    "-1.7976931348623157e308",
    "1e400",
    "-1e400",
    "1" + "0" * 400,
    "-" + "9" * 5000,
    "5e-324",
    "1e-400",
    "-0",
    "123456789012345678901234567890.5",
]

# Deep nesting as JSON text: far beyond the 64 levels a dataset may have.
DEEP = ["[" * 10_000 + "]" * 10_000, '{"a":' * 10_000 + "1" + "}" * 10_000, "[" * 100_000]

# One MiB of text; the unit is repeated (quotes and backslashes test JSON escaping).
LONG_UNITS = ["a", "中文", "é ", '\\"', "x" * 79]
MEBIBYTE = 2**20


@dataclass(frozen=True)
class Mutant:
    """A changed dataset file: its bytes, and what was done (all a failure needs to show)."""

    edits: tuple[str, ...]
    data: bytes = field(repr=False)


def _where(path: Path_) -> str:
    return "$" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)


def _paths(node: Any, where: Path_ = ()) -> Iterator[Path_]:
    """Every place in ``node`` below the top."""
    if isinstance(node, dict):
        items: Iterator[tuple[str | int, Any]] = iter(node.items())
    elif isinstance(node, list):
        items = iter(enumerate(node))
    else:
        return
    for key, child in items:
        yield (*where, key)
        yield from _paths(child, (*where, key))


def _parent(doc: Any, where: Path_) -> Any:
    for key in where[:-1]:
        doc = doc[key]
    return doc


@st.composite
def _edited(draw: st.DrawFn, doc: dict[str, Any], raw: list[str]) -> str:
    """One change to ``doc`` (in place), described; text for placeholders goes to ``raw``."""
    kind = draw(st.sampled_from(["drop", "duplicate", "retype", "huge", "deep", "long"]))
    paths = list(_paths(doc))
    if kind == "duplicate":
        paths = [p for p in paths if isinstance(p[-1], int)]
    if not paths:
        return "nothing"
    where = paths[draw(st.integers(0, len(paths) - 1))]
    parent = _parent(doc, where)
    key = where[-1]
    if kind == "drop":
        del parent[key]
        return f"drop {_where(where)}"
    if kind == "duplicate":
        assert isinstance(parent, list) and isinstance(key, int)
        copy = json.loads(json.dumps(parent[key]))
        at = draw(st.integers(0, len(parent)))
        parent.insert(at, copy)
        return f"copy {_where(where)} to [{at}]"
    if kind == "retype":
        parent[key] = draw(st.sampled_from(OTHER_VALUES))
        return f"{_where(where)} = {parent[key]!r}"
    if kind in ("huge", "deep"):
        raw.append(draw(st.sampled_from(HUGE if kind == "huge" else DEEP)))
        parent[key] = RAW.format(len(raw) - 1)
        return f"{_where(where)} = {raw[-1][:20]}... ({len(raw[-1])} characters)"
    unit = draw(st.sampled_from(LONG_UNITS))
    parent[key] = (unit * (MEBIBYTE // len(unit) + 1))[:MEBIBYTE]
    return f"{_where(where)} = {unit!r} * {MEBIBYTE // len(unit)}"


@st.composite
def damaged(draw: st.DrawFn) -> Mutant:
    """The bundled dataset, changed: up to three edits of its values, then perhaps its bytes
    truncated or corrupted."""
    doc = json.loads(BUNDLED)
    raw: list[str] = []
    edits = [draw(_edited(doc, raw)) for _ in range(draw(st.integers(0, 3)))]
    text = json.dumps(doc, ensure_ascii=False, indent=draw(st.sampled_from([None, 1])))
    for index, piece in enumerate(raw):
        text = text.replace(json.dumps(RAW.format(index)), piece)
    data = text.encode("utf-8")
    damage = draw(st.sampled_from(["none", "none", "truncate", "corrupt"]))
    if damage == "truncate":
        size = draw(st.integers(0, len(data)))
        data = data[:size]
        edits.append(f"truncate to {size} bytes")
    elif damage == "corrupt":
        buffer = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(buffer) - 1))
            buffer[at] = draw(st.one_of(st.sampled_from(b'{}[]",:\\0 '), st.integers(0, 255)))
            edits.append(f"byte {at} = {buffer[at]:#04x}")
        data = bytes(buffer)
    return Mutant(tuple(edits), data)


# -- mutants that are still good ----------------------------------------------------------------

# Fields that may be left out (a top-level list, or a field of a record in a collection).
OPTIONAL = {
    ("pairings",),
    ("events",),
    ("overview",),
    ("sectors", "headline"),
    ("regions", "parent"),
    ("sources", "date_note"),
    ("sources", "note"),
    ("indicators", "description"),
    ("indicators", "actor"),
    ("indicators", "entity"),
    ("figures", "note"),
    ("figures", "stated_as"),
    ("entities", "description"),
    ("pairings", "since"),
    ("events", "region"),
    ("events", "description"),
}
TEXT = {"en", "zh", "title", "publisher", "url", "note", "date_note", "quote", "label"}


@st.composite
def accepted_mutants(draw: st.DrawFn) -> Mutant:
    """Mutants the command line accepts: optional fields dropped, long texts, extreme numbers,
    copies of records under new ids."""
    doc = json.loads(BUNDLED)
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "long", "number", "copy"]))
        paths = list(_paths(doc))
        if kind == "drop":
            paths = [p for p in paths if (p[0], *p[2:]) in OPTIONAL]
        elif kind == "long":
            paths = [p for p in paths if p[-1] in TEXT and isinstance(_parent(doc, p)[p[-1]], str)]
        elif kind == "number":
            paths = [
                ("figures", i, "value")
                for i, f in enumerate(doc["figures"])
                if "stated_as" not in f and f.get("qualifier") != "range"
            ]
        else:
            paths = [
                (name, i)
                for name in ("units", "regions", "sources", "entities", "events")
                for i in range(len(doc[name]))
            ]
        if not paths:
            continue
        where = paths[draw(st.integers(0, len(paths) - 1))]
        parent, key = _parent(doc, where), where[-1]
        if kind == "drop":
            del parent[key]
            edits.append(f"drop {_where(where)}")
        elif kind == "long":
            unit = draw(st.sampled_from(LONG_UNITS))
            parent[key] += (unit * (MEBIBYTE // len(unit) + 1))[:MEBIBYTE]  # quotes keep digits
            edits.append(f"{_where(where)} += {unit!r} * {MEBIBYTE // len(unit)}")
        elif kind == "number":
            parent[key] = draw(st.sampled_from([1e308, -1e308, 5e-324, 0.0, -0.0, 1e15 + 0.5]))
            edits.append(f"{_where(where)} = {parent[key]!r}")
        else:
            copy = json.loads(json.dumps(parent[key]))
            copy["id"] = f"{copy['id'][:70]}-copy{len(parent)}"
            parent.append(copy)
            edits.append(f"copy {_where(where)} as {copy['id']}")
    return Mutant(tuple(edits), json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def mutants() -> st.SearchStrategy[Mutant]:
    """Mostly damaged files; some that are still good."""
    return st.one_of(damaged(), damaged(), accepted_mutants())


class _Sink(io.TextIOBase):
    """Standard output that keeps only its start: a mutant may print a lot."""

    def __init__(self) -> None:
        self.size = 0
        self.start = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if len(self.start) < 1000:
            self.start += text[:1000]
        self.size += len(text)
        return len(text)


def _check(argv: list[str]) -> int:
    """Run the command line in-process; assert it ended well; return its status."""
    out, err = _Sink(), io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run(argv)
    took = time.monotonic() - started
    assert took < SECONDS, f"{argv[0]} took {took:.1f} s"
    _assert_ended_well(status, out.size, out.start, err.getvalue())
    return status


def _assert_ended_well(status: int, out_size: int, out_start: str, err: str) -> None:
    assert "Traceback" not in err, err[-3000:]
    assert status in (0, 2), (status, err[-3000:])
    if status == 2:
        assert out_size == 0, out_start
        assert err.startswith("bijie-tui: error: "), err
        assert err.endswith("\n") and err.count("\n") == 1, err
    else:
        assert err == "", err
        assert out_start.startswith(("sector,indicator_id,", "/", "bundled")), out_start[:200]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the mutants are written, one at a time (hypothesis runs examples in turn)."""
    return tmp_path_factory.mktemp("mutants")


def _write(folder: Path, data: bytes) -> Path:
    path = folder / "mutant.json"
    path.write_bytes(data)
    return path


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutants())
@pytest.mark.slow
def test_any_mutant_is_accepted_or_gets_one_error_line(folder: Path, mutant: Mutant) -> None:
    path = _write(folder, mutant.data)
    status = _check(["validate", str(path)])
    shown = _check(["show", "all", "--format", "csv", "--data", str(path)])
    assert shown == status  # show checks the dataset as validate does


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutants())
@pytest.mark.tour
def test_any_mutant_in_a_real_process(folder: Path, mutant: Mutant) -> None:
    path = _write(folder, mutant.data)
    out = folder / "out.txt"
    statuses = []
    for argv in (["validate", str(path)], ["show", "all", "--format", "csv", "--data", str(path)]):
        with out.open("wb") as stdout:
            done = subprocess.run(
                [EXE, *argv],
                stdout=stdout,
                stderr=subprocess.PIPE,
                timeout=SECONDS,
                check=False,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **home_env()},
            )
        err = done.stderr.decode("utf-8", "replace")
        start = out.read_bytes()[:1000].decode("utf-8", "replace")
        _assert_ended_well(done.returncode, out.stat().st_size, start, err)
        statuses.append(done.returncode)
    assert statuses[0] == statuses[1]


# -- the explorer -------------------------------------------------------------------------------


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutant=accepted_mutants(), tab=st.integers(1, 7), lang=st.sampled_from(LANGS))
@pytest.mark.slow
def test_the_explorer_starts_on_any_accepted_mutant(
    folder: Path, mutant: Mutant, tab: int, lang: Lang
) -> None:
    catalog = Catalog(load(_write(folder, mutant.data)))  # accepted, or this fails

    async def explore() -> None:
        app = BijieApp(catalog, lang=lang)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(str(tab), "down", "enter")
            await idle(pilot)
            assert app.is_running

    asyncio.run(explore())
