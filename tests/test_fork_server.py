"""``serve --ssh`` with sessions forked from a warm process (the fork server): each session is
still a process of its own, in its own session with its own terminal, with the client's
environment, started in the home directory; it is ended, continued and reported as a new
process is; and the fork server holds no secret and never imports from the working
directory."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bijie_tui import fork_server

asyncssh = pytest.importorskip("asyncssh")
pytest.importorskip("pyte")

from bijie_tui import ssh_server  # noqa: E402
from test_ssh_server import GONE, Keys, Screen, connect, keys, process_gone  # noqa: E402

__all__ = ["keys"]  # the fixture, used by name

pytestmark = pytest.mark.skipif(not fork_server.available(), reason="no fork server here")

DEADLINE = 30.0


@pytest.fixture
async def serving(keys: Keys) -> AsyncIterator[Callable[..., Any]]:
    servers: list[ssh_server.Server] = []

    async def start(**options: Any) -> ssh_server.Server:
        options.setdefault("authorized_keys", keys.authorized)
        lines: list[str] = []
        server = await ssh_server.start(
            ssh_server.Options(
                host="127.0.0.1", port=0, host_key=keys.host, fork_server=True, **options
            ),
            log=lines.append,
        )
        server.lines = lines  # type: ignore[attr-defined]
        servers.append(server)
        return server

    yield start
    for server in servers:
        await asyncio.wait_for(server.close(), 10)


def stat_of(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


async def until(test: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, f"never saw {what}"
        await asyncio.sleep(0.02)


async def test_a_forked_session_is_a_session_of_its_own_with_the_client_s_environment(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    assert server.forks is not None
    conn = await connect(server, keys.client)
    chan, screen = await conn.create_session(
        Screen,
        term_type="xterm-256color",
        term_size=(80, 24),
        env={"BIJIE_TUI_LANG": "zh"},
        encoding=None,
    )
    await screen.wait_text("主要指标")  # the client's language: its environment reached the app
    (session,) = server.sessions
    pid = session.pid
    assert pid is not None
    _state, ppid, pgrp, sid, tty_nr, tpgid = stat_of(pid)[:6]
    assert int(ppid) == server.forks.pid  # forked, not started anew
    assert int(pgrp) == int(sid) == pid  # its own session and process group
    assert int(tty_nr) != 0 and int(tpgid) == pid  # its terminal is its controlling one
    assert os.readlink(f"/proc/{pid}/cwd") == os.path.expanduser("~")
    # The fork server's own environment, which the child started from: a few names of the
    # server's, and nothing of a client's or of the server's secrets.
    raw = Path(f"/proc/{server.forks.pid}/environ").read_bytes().split(b"\0")
    names = {item.split(b"=", 1)[0].decode() for item in raw if item}
    assert names <= {"PATH", "HOME", "TMPDIR", "PYTHONPATH", "LANG", "BIJIE_TUI_SERVED"}
    assert keys.host.name not in " ".join(  # the host key's file was never opened by it
        os.readlink(f"/proc/{server.forks.pid}/fd/{fd}")
        for fd in os.listdir(f"/proc/{server.forks.pid}/fd")
    )

    # A resize reaches it, as a new process's.
    chan.change_terminal_size(100, 30)
    screen.screen.resize(30, 100)
    await screen.wait_for(lambda: "退出" in screen.screen.display[29], "the screen at 100 x 30")

    # Stopped by a signal: continued, and logged.
    os.kill(pid, signal.SIGSTOP)
    await until(
        lambda: any("the explorer was stopped; continued" in line for line in server.lines),
        "the stop",
    )
    await until(lambda: stat_of(pid)[0] != "T", "the process continued")

    conn.close()  # the client goes: SIGHUP, as for a new process
    await asyncio.wait_for(session.ended(), GONE + 2)
    assert process_gone(pid)
    ended = [line for line in server.lines if "session ended" in line]
    assert len(ended) == 1 and ended[0].endswith(("(killed by SIGHUP)", "(status 129)")), ended


async def test_the_explorer_s_status_is_the_session_s(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    async with await connect(server, keys.client) as conn:
        chan, screen = await conn.create_session(
            Screen, term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        await screen.wait_text("Headlines")
        chan.write(b"q")
        await asyncio.wait_for(screen.closed.wait(), DEADLINE)
        assert chan.get_exit_status() == 0
    assert any(line.endswith("session ended (status 0)") for line in server.lines)


async def test_nothing_is_imported_from_the_working_directory(
    serving: Callable[..., Any], keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trap = tmp_path / "trap"
    trap.mkdir()
    (trap / "json.py").write_text("raise SystemExit('imported from the working directory')\n")
    monkeypatch.chdir(trap)
    server = await serving()
    async with await connect(server, keys.client) as conn:
        _chan, screen = await conn.create_session(
            Screen, term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        await screen.wait_text("Headlines")


async def test_when_the_fork_server_dies_sessions_start_as_new_processes(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    assert server.forks is not None
    os.kill(server.forks.pid, signal.SIGKILL)
    await until(lambda: not server.forks.alive, "the fork server's end")  # type: ignore[union-attr]
    assert "the fork server ended; sessions start as new processes" in server.lines
    async with await connect(server, keys.client) as conn:
        _chan, screen = await conn.create_session(
            Screen, term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        await screen.wait_text("Headlines")
        (session,) = server.sessions
        assert session.pid is not None
        assert int(stat_of(session.pid)[1]) == os.getpid()


def test_serve_ssh_forks_sessions_unless_told_not_to(monkeypatch: pytest.MonkeyPatch) -> None:
    from bijie_tui.cli import run

    given: list[ssh_server.Options] = []
    monkeypatch.setattr(ssh_server, "serve", lambda options: given.append(options) or 0)
    assert run(["serve", "--ssh", "--open"]) == 0
    assert run(["serve", "--ssh", "--open", "--no-fork-server"]) == 0
    assert [o.fork_server for o in given] == [True, False]
    assert run(["serve", "--no-fork-server"]) == 2


REHEARSAL_CHECK = """
import asyncio, gc, os, threading, weakref
from bijie_tui import fork_server
from bijie_tui.app import BijieApp

made, shown = [], []
init, show = BijieApp.__init__, BijieApp._show_first_screen

def counted_init(self, *args, **kwargs):
    made.append(weakref.ref(self))
    init(self, *args, **kwargs)

def counted_show(self):
    show(self)
    shown.append((id(self), str(self.size), self.console.color_system))

BijieApp.__init__ = counted_init
BijieApp._show_first_screen = counted_show
fork_server.prepare([])
try:
    asyncio.get_running_loop()
    loop = "running"
except RuntimeError:
    loop = "none"
alive = sum(ref() is not None for ref in made)
one_app = len({shown_by[0] for shown_by in shown}) == 1
print(len(made), alive, one_app, shown[0][1], threading.active_count(), loop, gc.isenabled())
print(shown[0][2], "TERM" in os.environ, "SSH_CONNECTION" in os.environ)
"""


def test_the_fork_server_runs_the_explorer_once_and_ends_it_before_it_forks(
    tmp_path: Path,
) -> None:
    """The explorer runs once in the fork server, to its first screen at 80 x 24, and is gone
    (the app, its loop, any thread) when the fork server is ready to fork; nothing is written
    in its home or working directory. The fork server has no TERM (the SSH server gives it
    none): the explorer runs in the colours of a session's default terminal, and the
    environment is left as it was."""
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "BIJIE_TUI_SERVED": "1",
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".state"),
    }
    done = subprocess.run(
        [sys.executable, "-c", REHEARSAL_CHECK],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # Two apps made (one for its stylesheet, one run), none alive; one first screen shown.
    lines = done.stdout.split("\n")
    assert lines[0] == "2 0 True Size(width=80, height=24) 1 none False"
    # 256 colours, as TERM=xterm-256color; without it Rich would decide on 16.
    assert lines[1] == "256 False False"
    assert list(home.iterdir()) == []


def test_the_fork_server_takes_the_free_blocks_of_its_heap_before_it_forks() -> None:
    """Free blocks left in pools in use are taken (so that a session's new objects go to pages
    of its own, not to pages it shares with the fork server and must copy)."""
    kept = [bytes(64 - 33) for _ in range(20_000)]
    del kept[::2]  # 10,000 free blocks of 64 bytes, among objects alive
    before = fork_server.small_heap()
    assert before is not None
    fillers = fork_server.fill_free_blocks()
    after = fork_server.small_heap()
    assert after is not None
    assert before[0][64] >= 10_000
    assert after[0][64] < 1_000
    assert len(fillers) >= sum(before[0].values())
    del fillers, kept


def test_without_a_word_on_the_heap_nothing_is_filled(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys, "_debugmallocstats", lambda: None)
    assert fork_server.small_heap() is None
    assert fork_server.fill_free_blocks() == []
