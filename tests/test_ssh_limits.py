"""``serve --ssh``: what one client may spend, and how sessions end, as sshd bounds them.

Input is read only as fast as the explorer reads it; connections not yet logged in are bounded
(MaxStartups, LoginGraceTime); the window size is clamped; the idle timeout applies to a
connection without a session, one address gets a share of the sessions and a session a few
environment requests; there is no job control; nothing is imported from the working directory;
and clients are told when the server stops, with their terminal restored when a session's
process dies. The clients are asyncssh's, on loopback; floods are bounded in count and time, and
every wait is for a condition, with a deadline.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import resource
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")
pytest.importorskip("pyte")

from bijie_tui import ssh_server  # noqa: E402
from bijie_tui.ssh_limits import MAX_ENV_REQUESTS, StartupLimits  # noqa: E402
from test_ssh_auth import SSH, needs_openssh, private_key_file  # noqa: E402
from test_ssh_server import (  # noqa: E402
    GONE,
    START,
    Keys,
    Screen,
    connect,
    explorer,
    keys,
    one_session,
    open_session,
)

pytestmark = pytest.mark.tour

__all__ = ["keys"]  # the fixture, used by name

DEADLINE = 10.0
"""Seconds allowed for a condition on a loaded machine (a log line, a connection closed)."""


@pytest.fixture
async def serving(keys: Keys) -> AsyncIterator[Callable[..., Any]]:
    """Start servers in this process; each has its log in ``server.lines``."""
    servers: list[ssh_server.Server] = []

    async def start(**options: Any) -> ssh_server.Server:
        options.setdefault("authorized_keys", keys.authorized)
        lines: list[str] = []
        server = await ssh_server.start(
            ssh_server.Options(host="127.0.0.1", port=0, host_key=keys.host, **options),
            log=lines.append,
        )
        server.lines = lines  # type: ignore[attr-defined]
        servers.append(server)
        return server

    yield start
    for server in servers:
        await asyncio.wait_for(server.close(), 10)


async def until(test: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    """Poll ``test`` until it holds, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, f"never saw {what}"
        await asyncio.sleep(0.02)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def process_state(pid: int) -> str:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2]


@contextmanager
def terminal_of(pid: int) -> Iterator[int]:
    """The session's pseudo-terminal, as its process has it (its standard input)."""
    fd = os.open(f"/proc/{pid}/fd/0", os.O_RDWR | os.O_NOCTTY)
    try:
        yield fd
    finally:
        os.close(fd)


def window(pid: int) -> tuple[int, int]:
    """The session's window size, as columns and rows."""
    with terminal_of(pid) as fd:
        rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    return cols, rows


@contextmanager
def server_process(keys: Keys, tmp_path: Path, *, descriptors: int) -> Iterator[tuple[Any, int]]:
    """``bijie-tui serve --ssh`` in a process of its own, with at most ``descriptors`` open
    files; yields the process (its stderr in a file) and its port."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))

    err = (tmp_path / "server.err").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bijie_tui",
            "serve",
            "--ssh",
            "--port",
            "0",
            "--host-key",
            str(keys.host),
            "--authorized-keys",
            str(keys.authorized),
        ],
        stdout=subprocess.PIPE,
        stderr=err,
        text=True,
        preexec_fn=limit,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        found = re.search(r":(\d+)$", first.strip())
        assert found, first
        yield proc, int(found[1])
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        err.close()


# -- input without bound ------------------------------------------------------------------------


async def test_input_is_taken_only_as_fast_as_the_explorer_reads_it(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    conn, chan, _screen = await explorer(server, keys.client)
    session = await one_session(server)
    before = rss_kib(os.getpid())
    chunk = b"x" * 32768
    sent = 0
    held = 0
    deadline = time.monotonic() + 3.0
    # The client writes as fast as its own channel takes it, for at most 3 s and 64 MB.
    while time.monotonic() < deadline and sent < 64 << 20:
        if chan.get_write_buffer_size() < 1 << 20:
            chan.write(chunk)
            sent += len(chunk)
        else:
            await asyncio.sleep(0.005)
        held = max(held, len(session._pending))
        await asyncio.sleep(0)
    grown = rss_kib(os.getpid()) - before
    print(f"sent {sent >> 10} KiB in 3 s; held at most {held} B; RSS +{grown} KiB")
    assert held <= ssh_server.INPUT_BUFFER + 32768, held
    assert grown < 24 << 10, grown
    conn.close()
    await asyncio.wait_for(session.ended(), GONE + 2)


# -- connections that never log in ----------------------------------------------------------------


async def test_connections_that_never_log_in_are_bounded_and_a_key_still_gets_in(
    keys: Keys, tmp_path: Path
) -> None:
    flood = 300
    with server_process(keys, tmp_path, descriptors=256) as (proc, port):
        socks: list[socket.socket] = []
        try:
            for _ in range(flood):
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                sock.sendall(b"SSH-2.0-flood\r\n")
                socks.append(sock)
            most = descriptors(proc.pid)
            conn = await asyncio.wait_for(
                asyncssh.connect(
                    "127.0.0.1",
                    port,
                    username="reader",
                    client_keys=[keys.client],
                    known_hosts=None,
                    config=None,
                    agent_path=None,
                ),
                DEADLINE,
            )
            most = max(most, descriptors(proc.pid))
            conn.close()
            await conn.wait_closed()
        finally:
            for sock in socks:
                sock.close()
        print(f"{flood} connections: the server held at most {most} descriptors (limit 256)")
        # At most 60 are held waiting to log in; those dropped are closed a turn of the event
        # loop later, so on a busy machine some dozens more wait to be closed. Unbounded, the
        # flood of 300 would run the server out of its 256 descriptors.
        assert most < 240
    err = (tmp_path / "server.err").read_text()
    assert "Traceback" not in err
    assert len(err) < 4096, err[:2000]


async def test_dropped_connections_are_counted_in_one_line(
    serving: Callable[..., Any], keys: Keys
) -> None:
    limits = StartupLimits(begin=5, rate=30, full=20, grace=1.0, report_interval=0.5)
    server = await serving(startups=limits)
    socks = []

    def counted() -> list[str]:
        return [line for line in server.lines if line.startswith("dropped connections")]

    def dropped() -> int:
        found = (
            re.findall(r"(\d+) (?:for newer ones|not logged in within)", line) for line in counted()
        )
        return sum(int(n) for numbers in found for n in numbers)

    try:
        for _ in range(50):
            socks.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        await until(lambda: len(server.connections) == 0, "every flooding connection dropped")
        assert len(server.startups) == 0
        await until(lambda: dropped() == 50, "the count of the 50 dropped")
    finally:
        for sock in socks:
            sock.close()
    assert len(counted()) <= 3, counted()  # one line per interval, not one per connection


# -- absurd window sizes ------------------------------------------------------------------------


async def test_an_absurd_window_is_clamped(serving: Callable[..., Any], keys: Keys) -> None:
    server = await serving()
    conn = await connect(server, keys.client)
    chan, _screen = await open_session(conn, 1000, 1000)
    session = await one_session(server)
    assert session.pid is not None
    assert window(session.pid) == ssh_server.MAX_WINDOW == (500, 200)
    chan.change_terminal_size(5000, 3000)
    await until(lambda: window(session.pid or 0) == (500, 200), "the clamped resize")
    chan.change_terminal_size(120, 40)
    await until(lambda: window(session.pid or 0) == (120, 40), "a real resize")
    conn.close()
    await asyncio.wait_for(session.ended(), GONE)


# -- holding slots ------------------------------------------------------------------------------


async def test_a_connection_without_a_session_is_closed_when_idle(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving(idle_minutes=0.5 / 60)
    conn = await connect(server, keys.client)  # as 'ssh -N': no session
    await asyncio.wait_for(conn.wait_closed(), DEADLINE)
    assert any("idle for" in line for line in server.lines)


async def test_one_address_gets_at_most_its_share_of_the_sessions(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving(max_sessions=16, max_sessions_per_client=2)
    first = await connect(server, keys.client)
    second = await connect(server, keys.client)
    await open_session(first)
    await open_session(second)
    with pytest.raises(asyncssh.ChannelOpenError, match="too many sessions"):
        await open_session(first)
    with pytest.raises(asyncssh.ChannelOpenError, match="too many sessions"):
        await open_session(second)
    await until(lambda: len(server.sessions) == 2, "two sessions")
    second.close()
    await until(lambda: len(server.sessions) == 1, "one session left")
    await until(lambda: not server.open_sessions.get("127.0.0.1", 0) > 1, "the slot freed")
    _chan, screen = await open_session(first)  # its slot is free again
    await screen.wait_text("Headlines")
    first.close()


async def test_environment_requests_past_a_few_are_ignored(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    conn = await connect(server, keys.client)
    env = {f"NAME{i}": "v" * 1000 for i in range(2000)}
    _chan, _screen = await open_session_with_env(conn, env)
    session = await one_session(server)
    assert session._chan is not None
    assert len(session._chan.get_environment()) == MAX_ENV_REQUESTS
    assert len([line for line in server.lines if "environment requests" in line]) == 1
    conn.close()
    await asyncio.wait_for(session.ended(), GONE)


async def open_session_with_env(conn: Any, env: dict[str, str]) -> tuple[Any, Screen]:
    chan, screen = await conn.create_session(
        Screen, term_type="xterm-256color", term_size=(80, 24), encoding=None, env=env
    )
    return chan, screen


# -- no job control -----------------------------------------------------------------------------


async def test_ctrl_z_does_not_stop_a_session(serving: Callable[..., Any], keys: Keys) -> None:
    server = await serving()
    conn, chan, screen = await explorer(server, keys.client)
    session = await one_session(server)
    pid = session.pid
    assert pid is not None
    with terminal_of(pid) as fd:
        assert termios.tcgetattr(fd)[6][termios.VSUSP] in (b"\0", 0)  # no suspend character
    mark = len(screen.raw)
    chan.write(b"\x1a2")  # ctrl+z: a served explorer does not suspend itself; then 2

    def employment() -> bool:
        return "Employment" in screen.text() and "migrant" in screen.text().lower()

    await screen.wait_for(employment, "the Employment tab after ctrl+z")
    chan.write(b"1")  # a key after the ctrl+z has surely been handled
    await screen.wait_for(lambda: not employment(), "the overview again")
    assert process_state(pid) != "T"
    # The client's terminal never left the explorer for a shell that is not there.
    assert b"\x1b[?1049l" not in bytes(screen.raw[mark:])
    conn.close()
    await asyncio.wait_for(session.ended(), GONE)


# -- the working directory ----------------------------------------------------------------------


async def test_nothing_is_imported_from_the_working_directory(
    serving: Callable[..., Any], keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped = tmp_path / "dropped"
    dropped.mkdir()
    marker = tmp_path / "it-ran"
    (dropped / "json.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
    )
    monkeypatch.chdir(dropped)
    # The server started in that directory, then sessions started in it.
    for options in ({}, {"cwd": str(dropped)}):
        server = await serving(**options)
        conn = await connect(server, keys.client)
        _chan, screen = await open_session(conn)
        deadline = time.monotonic() + START
        while not (marker.exists() or "Headlines" in screen.text() or screen.closed.is_set()):
            assert time.monotonic() < deadline, "the session never showed the explorer"
            screen.changed.clear()
            try:
                await asyncio.wait_for(screen.changed.wait(), 0.2)
            except TimeoutError:
                pass
        assert not marker.exists(), options
        assert "Headlines" in screen.text()
        conn.close()


# -- ending -------------------------------------------------------------------------------------


async def test_clients_are_told_that_the_server_is_stopping(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    conn, _chan, screen = await explorer(server, keys.client)
    await asyncio.wait_for(server.close(), DEADLINE)
    await asyncio.wait_for(screen.closed.wait(), DEADLINE)
    assert screen.raw.endswith(b"bijie-tui: the server is stopping\r\n")
    conn.close()


@needs_openssh
async def test_openssh_without_a_session_is_told_that_the_server_is_stopping(
    serving: Callable[..., Any], keys: Keys, tmp_path: Path
) -> None:
    server = await serving()
    key = private_key_file(tmp_path / "id_ed25519", keys.client)
    assert SSH is not None
    argv = [SSH, "-F", "/dev/null", "-N", "-p", str(server.port), "-l", "reader", "-i", str(key)]
    for option in (
        "BatchMode=yes",
        "StrictHostKeyChecking=no",
        "UserKnownHostsFile=/dev/null",
        "IdentitiesOnly=yes",
        "IdentityAgent=none",
        "ConnectTimeout=10",
    ):
        argv += ["-o", option]
    proc = await asyncio.create_subprocess_exec(
        *argv, "127.0.0.1", stdin=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        await until(lambda: any("Accepted" in line for line in server.lines), "the login")
        await asyncio.wait_for(server.close(), DEADLINE)
        _, err = await asyncio.wait_for(proc.communicate(), DEADLINE)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert "the server is stopping" in err.decode(errors="replace")


async def test_a_killed_session_leaves_the_client_terminal_restored(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    conn, _chan, screen = await explorer(server, keys.client)
    session = await one_session(server)
    assert session.pid is not None
    assert b"\x1b[?1049h" in screen.raw
    seen = len(screen.raw)
    os.kill(session.pid, signal.SIGKILL)
    await asyncio.wait_for(screen.closed.wait(), DEADLINE)
    after = bytes(screen.raw[seen:])
    for sequence in (b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[0m", b"\x1b[?1000l", b"\x1b[?1003l"):
        assert sequence in after, sequence
    conn.close()


def test_the_event_loop_errors_are_one_line_a_minute_without_traceback() -> None:
    lines: list[str] = []
    errors = ssh_server._LoopErrors(lines.append)
    loop = asyncio.new_event_loop()
    try:
        for _ in range(1000):
            errors(
                loop,
                {"message": "socket.accept() out of system resource", "exception": OSError(24)},
            )
    finally:
        loop.close()
    assert lines == ["socket.accept() out of system resource: OSError(24)"]


def test_max_sessions_per_client_is_an_option_of_serve_ssh(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bijie_tui.cli import run

    given: list[ssh_server.Options] = []

    def serve(options: ssh_server.Options) -> int:
        given.append(options)
        return 0

    monkeypatch.setattr(ssh_server, "serve", serve)
    assert run(["serve", "--ssh", "--open"]) == 0
    assert run(["serve", "--ssh", "--open", "--max-sessions-per-client", "7"]) == 0
    assert run(["serve", "--ssh", "--open", "--max-sessions", "2"]) == 0
    assert [o.max_sessions_per_client for o in given] == [4, 7, 2]
    assert run(["serve", "--ssh", "--open", "--max-sessions-per-client", "0"]) == 2
    err = capsys.readouterr().err
    assert err == "bijie-tui: error: serve: --max-sessions-per-client 0: at least 1\n"
