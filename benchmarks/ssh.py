"""Bytes through ``bijie-tui serve --ssh`` against the same keys run locally in a pseudo-terminal,
and the memory a session costs.

The server is the installed command, started with a temporary host key and authorized-keys
file on a free loopback port. The client is asyncssh's (a pty of 80×24, TERM=xterm-256color)
connected through a counting TCP relay, so two figures are taken for each step: what the
explorer wrote (the channel's data, as a terminal receives it) and what went over the wire from
the server (encrypted SSH packets, with their headers, MACs, padding and the window messages).
The local run is ``bijie-tui`` in a pseudo-terminal of the same size with the environment of a
session (TERM, LANG=C.UTF-8, SSH_CONNECTION and BIJIE_TUI_SERVED=1, so the app makes the same
choices); both terminals answer queries the way xterm does (``ptyrun``).

The steps: connecting (on the wire: key exchange, authentication, the session and its pty
request), start (until the screen is quiet for a second), ``2`` (first visit of Employment),
``down`` ten times (a cursor step: median and max), ``3`` (a tab switch). Then the memory:
``--sessions`` sessions at once, each until its overview is drawn and quiet, and the resident
(RSS) and proportional (PSS: shared pages divided among the processes that share them) set
size of each session's process and of the server.

Run: .venv/bin/python benchmarks/ssh.py [--runs 3] [--sessions 4] [--low-bandwidth]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh
from ptyrun import Exit, Terminal

READY_TEXT = "Overview"
QUIET = 0.15
STARTUP_QUIET = 1.0
FIRST = 1.0
READY_TIMEOUT = 30.0


# -- a loop in a thread, a relay that counts, a terminal over SSH -------------------------------


class Loop:
    """An asyncio loop in a thread of its own, for the client and the relay."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Any, timeout: float = 30.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@dataclass
class Relay:
    """A TCP relay from a loopback port to the server's, counting the bytes each way."""

    target: int
    down: int = 0
    """Bytes from the server to the client."""
    up: int = 0
    port: int = 0
    _server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, down: bool) -> None:
            try:
                while data := await src.read(65536):
                    if down:
                        self.down += len(data)
                    else:
                        self.up += len(data)
                    dst.write(data)
                    await dst.drain()
            except OSError:
                pass
            finally:
                dst.close()

        await asyncio.gather(pump(reader, up_writer, False), pump(up_reader, writer, True))

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()


class SshTerminal(Terminal):
    """:class:`ptyrun.Terminal`, but the program is a session of the SSH server."""

    def __init__(self, loop: Loop, port: int, key: Any, cols: int, rows: int) -> None:
        super().__init__(argv=["ssh"], env={}, cols=cols, rows=rows)
        self._loop = loop
        self._port = port
        self._key = key
        self._conn: Any = None
        self._chan: Any = None
        self._closed = threading.Event()

    def start(self) -> None:
        chunks, closed = self._chunks, self._closed

        class Session(asyncssh.SSHClientSession):  # type: ignore[misc]
            def data_received(self, data: bytes, datatype: Any) -> None:
                chunks.put((time.monotonic(), data))

            def connection_lost(self, exc: Exception | None) -> None:
                closed.set()
                chunks.put((time.monotonic(), b""))

        async def open_session() -> None:
            self._conn = await asyncssh.connect(
                "127.0.0.1",
                self._port,
                username="bench",
                client_keys=[self._key],
                known_hosts=None,
                config=None,
                agent_path=None,
            )
            self._chan, _ = await self._conn.create_session(
                Session,
                term_type="xterm-256color",
                term_size=(self.cols, self.rows),
                encoding=None,
            )

        self.started = time.monotonic()
        self.last_output = self.started
        self._loop.run(open_session())

    def send(self, data: bytes) -> None:
        if self.ended or self._chan is None:
            return
        self._loop.loop.call_soon_threadsafe(self._chan.write, data)

    def _exited(self) -> bool:
        return self._closed.is_set()

    def close(self, timeout: float = 5.0) -> Exit:
        if self._conn is not None:
            self._loop.loop.call_soon_threadsafe(self._conn.close)
            self._closed.wait(timeout)
            self._conn = None
        while self._take(0) is not None:
            pass
        return Exit(None, 0, False)


# -- the steps -----------------------------------------------------------------------------------


@dataclass
class Run:
    app: dict[str, int] = field(default_factory=dict)
    """Bytes the explorer wrote, per step."""
    wire: dict[str, int] = field(default_factory=dict)
    """Bytes on the wire from the server, per step (SSH only)."""
    keys_app: list[int] = field(default_factory=list)
    keys_wire: list[int] = field(default_factory=list)


def scenario(term: Terminal, wire: Callable[[], int] | None) -> Run:
    run = Run()
    last = [0, 0]

    def mark(name: str | None) -> tuple[int, int]:
        now = (term.bytes_in, wire() if wire else 0)
        step = (now[0] - last[0], now[1] - last[1])
        last[:] = now
        if name is not None:
            run.app[name], run.wire[name] = step
        return step

    term.start()
    mark("connect")
    if term.wait_for(READY_TEXT, READY_TIMEOUT) is None:
        raise SystemExit(f"{READY_TEXT!r} never appeared:\n{term.plain_output()}")
    term.settle(STARTUP_QUIET, limit=20)
    mark("startup")
    term.press("2")
    term.settle(QUIET, first=FIRST)
    mark("first_tab")
    for _ in range(10):
        term.press("down")
        term.settle(QUIET, first=FIRST)
        app, on_wire = mark(None)
        run.keys_app.append(app)
        run.keys_wire.append(on_wire)
    term.press("3")
    term.settle(QUIET, first=FIRST)
    mark("tab_switch")
    return run


def local_run(command: Sequence[str], size: tuple[int, int], low: bool) -> Run:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "SSH_CONNECTION": "127.0.0.1 40000 127.0.0.1 2222",
        "BIJIE_TUI_SERVED": "1",
    }
    argv = [*command, *(["--low-bandwidth"] if low else [])]
    term = Terminal(argv, env, size[0], size[1])
    try:
        return scenario(term, None)
    finally:
        term.close(timeout=2.0)


# -- the server ----------------------------------------------------------------------------------


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    key: Any


def start_server(command: Sequence[str], workdir: Path, low: bool) -> Served:
    host = workdir / "host_key"
    fd = os.open(host, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(asyncssh.generate_private_key("ssh-ed25519").export_private_key())
    client = asyncssh.generate_private_key("ssh-ed25519")
    authorized = workdir / "authorized_keys"
    authorized.write_bytes(client.export_public_key())
    argv = [
        *command,
        "serve",
        "--ssh",
        "--port",
        "0",
        "--host-key",
        str(host),
        "--authorized-keys",
        str(authorized),
        *(["--low-bandwidth"] if low else []),
    ]
    # The working directory is the server's home: the key file there passes the server's
    # check of who can write to it and the directories above it (up to the home directory,
    # as sshd's StrictModes), which the system's temporary directory would not.
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=workdir,
        env={**os.environ, "HOME": str(workdir)},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    if "serving" not in first:
        process.kill()
        raise SystemExit(f"the server did not start: {first!r}")
    port = int(first.rsplit(":", 1)[1])
    return Served(process, port, client)


def stop_server(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(10)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()


def ssh_run(loop: Loop, served: Served, size: tuple[int, int]) -> Run:
    relay = Relay(served.port)
    loop.run(relay.start())
    term = SshTerminal(loop, relay.port, served.key, *size)
    try:
        return scenario(term, lambda: relay.down)
    finally:
        term.close(timeout=2.0)
        loop.run(relay.close())


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(p) for p in text]
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """RSS and PSS of a process, in kB."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name == "Rss":
            rss = int(rest.split()[0])
        elif name == "Pss":
            pss = int(rest.split()[0])
    return rss, pss


def memory(loop: Loop, served: Served, sessions: int, size: tuple[int, int]) -> dict[str, Any]:
    idle_server = memory_kb(served.process.pid)
    terms = [SshTerminal(loop, served.port, served.key, *size) for _ in range(sessions)]
    try:
        for term in terms:
            term.start()
        for term in terms:
            if term.wait_for(READY_TEXT, READY_TIMEOUT) is None:
                raise SystemExit("a session never drew its overview")
        for term in terms:
            term.settle(STARTUP_QUIET, limit=20)
        pids = children(served.process.pid)
        per = [memory_kb(pid) for pid in pids]
        busy_server = memory_kb(served.process.pid)
    finally:
        for term in terms:
            term.close(timeout=2.0)
    return {
        "sessions": len(pids),
        "rss_kb": statistics.median(r for r, _ in per),
        "pss_kb": statistics.median(p for _, p in per),
        "server_idle": idle_server,
        "server_busy": busy_server,
    }


# -- the report ----------------------------------------------------------------------------------


def _median(values: list[int]) -> int:
    return round(statistics.median(values))


def report(name: str, local: list[Run], ssh: list[Run]) -> None:
    print(f"\n{name}: bytes, median of {len(ssh)} runs")
    print(f"{'step':<28}{'local pty':>12}{'SSH: app':>12}{'SSH: wire':>12}{'framing':>10}")
    rows: list[tuple[str, list[int], list[int], list[int]]] = []
    for step, label in (
        ("connect", "connecting (SSH handshake)"),
        ("startup", "start-up"),
        ("first_tab", "first visit of a tab (2)"),
        ("tab_switch", "switching tab (3)"),
    ):
        rows.append(
            (
                label,
                [r.app[step] for r in local],
                [r.app[step] for r in ssh],
                [r.wire[step] for r in ssh],
            )
        )
    rows.append(
        (
            "a cursor step (median)",
            [_median(r.keys_app) for r in local],
            [_median(r.keys_app) for r in ssh],
            [_median(r.keys_wire) for r in ssh],
        )
    )
    for label, lo, app, wire in rows:
        lo_m, app_m, wire_m = _median(lo), _median(app), _median(wire)
        extra = f"{(wire_m - app_m) / app_m:+.0%}" if app_m else "-"
        print(f"{label:<28}{lo_m:>12,}{app_m:>12,}{wire_m:>12,}{extra:>10}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=4, help="sessions for the memory")
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--low-bandwidth", action="store_true", help="only the low mode")
    args = parser.parse_args(argv)
    cols, rows = (int(n) for n in args.size.split("x"))
    size = (cols, rows)
    command = [sys.executable, "-m", "bijie_tui"]
    modes = [True] if args.low_bandwidth else [False, True]
    loop = Loop()
    try:
        for low in modes:
            name = f"{cols}x{rows}, {'--low-bandwidth' if low else 'default'}"
            local = [local_run(command, size, low) for _ in range(args.runs)]
            with tempfile.TemporaryDirectory() as tmp:
                served = start_server(command, Path(tmp), low)
                try:
                    ssh = [ssh_run(loop, served, size) for _ in range(args.runs)]
                    mem = memory(loop, served, args.sessions, size) if not low else None
                finally:
                    stop_server(served)
            report(name, local, ssh)
            if mem is not None:
                print(
                    f"\nmemory with {mem['sessions']} sessions at once ({cols}x{rows}, overview "
                    f"drawn): per session process RSS {mem['rss_kb'] / 1024:.0f} MB, "
                    f"PSS {mem['pss_kb'] / 1024:.0f} MB (median); the server "
                    f"RSS {mem['server_idle'][0] / 1024:.0f} MB idle, "
                    f"{mem['server_busy'][0] / 1024:.0f} MB with them"
                )
    finally:
        loop.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
