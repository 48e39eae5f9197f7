"""Output that cannot be written, and input that is not there: one error line, never a traceback.

A full disk or a closed standard output is an error (exit 2); a reader that went away
(``bijie-tui show | head -1``) is not (exit 0). Closed standard input matters only to the
explorer on a terminal.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
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
NEEDS_NO_STDIN = COMMANDS[:7]


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
    assert result.returncode == 74  # an I/O error, not a mistake in the command line


@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_closed_stdout(argv: list[str]) -> None:
    result = _run(["sh", "-c", 'exec "$0" "$@" >&-', EXE, *argv])
    line = _one_error_line(result.stderr)
    assert line == "bijie-tui: error: cannot write the output: standard output is closed"
    assert result.returncode == 74


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


@pytest.mark.parametrize("argv", NEEDS_NO_STDIN, ids=IDS[: len(NEEDS_NO_STDIN)])
def test_closed_stdin_not_needed(argv: list[str]) -> None:
    result = _run(["sh", "-c", 'exec "$0" "$@" <&-', EXE, *argv], stdout=subprocess.PIPE)
    assert result.stderr == ""
    assert result.returncode == 0
    assert result.stdout


def test_closed_stdin_overview() -> None:
    """Output that is not a terminal gets the overview, which reads no keys."""
    result = _run(["sh", "-c", 'exec "$0" "$@" <&-', EXE], stdout=subprocess.PIPE)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert result.stdout


@pytest.mark.parametrize(
    ("stdin", "says"),
    [("closed", "standard input is closed"), ("/dev/null", "standard input is not a terminal")],
)
@pytest.mark.tour
def test_closed_stdin_explorer(stdin: str, says: str) -> None:
    """On a terminal the explorer needs its keys: without standard input, or with one that is
    not a terminal, one line and exit 2."""
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.close(0)
        if stdin != "closed":
            os.set_inheritable(os.open(stdin, os.O_RDONLY), True)  # takes fd 0
        os.execve(EXE, [EXE], {**_env(), "TERM": "xterm-256color"})
    output = bytearray()
    status = None
    end = time.monotonic() + 30
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            output.extend(chunk)
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = code
            break
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    while select.select([fd], [], [], 0.05)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output.extend(chunk)
    os.close(fd)
    assert status is not None, "the explorer started without standard input"
    text = output.decode(errors="replace")
    line = _one_error_line(text)
    assert says in line
    assert os.waitstatus_to_exitcode(status) == 2
