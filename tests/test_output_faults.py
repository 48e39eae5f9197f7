"""Output that cannot be written: one error line, never a traceback.

A full disk or a closed standard output is an error (exit 2); a reader that went away
(``bijie-tui show | head -1``) is not (exit 0).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

BIN = Path(sys.executable).parent / "bijie-tui"
EXE = str(BIN) if BIN.exists() else shutil.which("bijie-tui") or "bijie-tui"

# Every command and format, and the explorer, which prints its overview when output is not a
# terminal; --help and --version write to standard output too.
COMMANDS = [
    ["validate"],
    ["schema"],
    ["show", "--format", "table"],
    ["show", "--format", "csv"],
    ["show", "--format", "json"],
    ["show", "--format", "markdown"],
    ["show", "employment", "--format", "table", "--lang", "zh"],
    [],
    ["--help"],
    ["--version"],
]
IDS = [" ".join(argv) or "explorer" for argv in COMMANDS]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIJIE_TUI_")}
    env.pop("COLUMNS", None)
    return env


def _run(argv: list[str], stdout: int | IO[str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, stdout=stdout, stderr=subprocess.PIPE, text=True, env=_env(), timeout=60
    )


def _one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("bijie-tui: error: "), stderr
    return lines[0]


@pytest.fixture
def closed_pipe() -> Iterator[int]:
    """The writing end of a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    yield write
    os.close(write)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_full_disk(argv: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = _run([EXE, *argv], stdout=full)
    line = _one_error_line(result.stderr)
    assert line == "bijie-tui: error: cannot write the output: No space left on device"
    assert result.returncode == 2


@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_closed_stdout(argv: list[str]) -> None:
    result = _run(["sh", "-c", 'exec "$0" "$@" >&-', EXE, *argv])
    line = _one_error_line(result.stderr)
    assert line == "bijie-tui: error: cannot write the output: standard output is closed"
    assert result.returncode == 2


@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_reader_gone(argv: list[str], closed_pipe: int) -> None:
    result = _run([EXE, *argv], stdout=closed_pipe)
    assert result.stderr == ""
    assert result.returncode == 0


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_into_head(fmt: str) -> None:
    """``show | head -1`` as a shell runs it: the same status for every format."""
    show = subprocess.Popen(
        [EXE, "show", "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert show.stdout is not None and show.stderr is not None
    head = subprocess.run(
        ["head", "-1"], stdin=show.stdout, capture_output=True, timeout=60, check=True
    )
    show.stdout.close()
    stderr = show.stderr.read().decode()
    show.stderr.close()
    assert show.wait(timeout=60) == 0
    assert stderr == ""
    assert len(head.stdout.splitlines()) == 1
