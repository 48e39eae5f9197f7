"""Shared fixtures: the bundled dataset as JSON, a way to write variants of it, and a test's
own working directory, home and config; hypothesis's settings for the whole suite."""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog

ROOT = Path(__file__).resolve().parents[1]

# A failure hypothesis finds prints the blob that replays it (@reproduce_failure), and the
# examples it found are kept for the next run in .hypothesis/ (ignored by git), not in the
# directory a test happens to run in.
settings.register_profile(
    "bijie",
    print_blob=True,
    database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")),
)
settings.load_profile("bijie")

XDG_FOLDERS = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
"""The folders a program finds through the environment besides HOME (platformdirs reads
these first)."""


@pytest.fixture(scope="session")
def bundled_json() -> dict[str, Any]:
    raw = resources.files("bijie_tui").joinpath("_data", "bijie.json").read_bytes()
    data: dict[str, Any] = json.loads(raw)
    return data


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog(load())


@pytest.fixture
def write_variant(
    tmp_path: Path, bundled_json: dict[str, Any]
) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Write a copy of the bundled dataset changed by ``edit`` and return its path."""

    def make(edit: Callable[[dict[str, Any]], None]) -> Path:
        data = copy.deepcopy(bundled_json)
        edit(data)
        path = tmp_path / "variant.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return make


@pytest.fixture(autouse=True)
def _work_in_a_temporary_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports and other files a test may cause go to a temporary directory, never here."""
    monkeypatch.chdir(tmp_path)


EXPORT_DAY = date(2026, 12, 6)
"""The day whose name the export dialog proposes in tests (and snapshots): one, whatever day
the tests run."""


@pytest.fixture(autouse=True)
def _exports_of_one_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bijie_tui.screens.export_screen.today", lambda: EXPORT_DAY)


@pytest.fixture(autouse=True)
def _glyphs_as_a_fresh_process_has_them() -> Iterator[None]:
    """An app run with ``--ascii`` (or without links) in one test leaves the module's switch
    set; the next test in the same process starts with Unicode and links again."""
    from bijie_tui.widgets import text

    yield
    text.use_ascii(False)
    text.use_links(True)


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's own config file never changes what a test sees, and nothing writes to it."""
    monkeypatch.setenv("BIJIE_TUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    for name in ("BIJIE_TUI_SERVED", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)


REAL_HOME = Path.home()
WATCHED = [
    REAL_HOME / ".local" / "state" / "bijie-tui",
    REAL_HOME / ".config" / "bijie-tui",
    REAL_HOME / ".local" / "share" / "bijie-tui",
    REAL_HOME / ".cache" / "bijie-tui",
]
"""What the app may write under a home directory (crash reports, config, host keys)."""


def _listing() -> set[str]:
    return {str(p) for folder in WATCHED if folder.is_dir() for p in folder.rglob("*")}


_SESSION_HOME: list[str] = []
_BEFORE: set[str] = set()


def pytest_configure(config: pytest.Config) -> None:
    """A temporary home for the whole run, set before the test modules are read (some make
    environments when read); each test then gets one of its own (:func:`_a_home_of_its_own`)."""
    _BEFORE.update(_listing())
    home = tempfile.mkdtemp(prefix="bijie-tui-test-home-")
    _SESSION_HOME.append(home)
    os.environ["HOME"] = home
    for name in XDG_FOLDERS:
        os.environ[name] = os.path.join(home, name.lower())


def pytest_unconfigure(config: pytest.Config) -> None:
    for home in _SESSION_HOME:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _the_real_home_is_left_alone() -> Iterator[None]:
    """Nothing the run starts writes into the real home directory."""
    yield
    new = _listing() - _BEFORE
    assert not new, f"written into the real home directory: {sorted(new)}"


@pytest.fixture(autouse=True)
def _a_home_of_its_own(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test, and every program a test starts (they inherit the environment; the pty
    sessions copy these), has a temporary HOME and XDG folders: a crash report, a config or
    a host key written by a test never lands in the real home directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in XDG_FOLDERS:
        folder = home / name.removeprefix("XDG_").removesuffix("_HOME").lower()
        monkeypatch.setenv(name, str(folder))
    return home
