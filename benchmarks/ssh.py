"""Bytes through ``bijie-tui serve --ssh`` against the same keys run locally in a pseudo-terminal,
and the memory a session costs.

The server is the installed command, started with a temporary host key and authorized-keys
file on a free loopback port. The client is OpenSSH's ``ssh`` in a pseudo-terminal of 80×24
(TERM=xterm-256color, LANG=C.UTF-8 sent as Debian's and Ubuntu's ``SendEnv LANG LC_*`` send it,
no other configuration: ``-F /dev/null``), once as it is and once with ``-C`` (compression),
connected through a counting TCP relay, so that for each step are taken: what the client
received (what it wrote to its terminal: the explorer's output), what went over the wire from
the server (encrypted SSH packets, with their headers, MACs, padding and the window messages),
and the same with ``ssh -C``. Beside them, the received bytes through a zlib stream at OpenSSH's
level 6 (``ptyrun``), the stand-in ``bandwidth.py`` uses for ``ssh -C``, to check it against
the real thing. Where ``ssh`` is not installed, asyncssh's client stands in (without ``-C``),
and the output says so. The local run is ``bijie-tui`` in a pseudo-terminal of the same size
with the environment of a session (TERM, LANG=C.UTF-8, SSH_CONNECTION and BIJIE_TUI_SERVED=1,
so the app makes the same choices); every terminal answers queries the way xterm does
(``ptyrun``).

The steps: connecting (on the wire: key exchange, authentication, the session and its pty
request; with ``ssh``, what the relay passed until 5 ms before the first byte of the explorer's
output reached the terminal), start (until the screen is quiet for a second), ``2`` (first
visit of Employment), ``down`` ten times (a cursor step: median and max), ``3`` (a tab switch).
Then the memory: ``--sessions`` sessions at once (asyncssh's client), each until its overview
is drawn and quiet, and the resident (RSS) and proportional (PSS: shared pages divided among
the processes that share them) set size of each session's process and of the server. Then the
window sizes: the explorer in a local pseudo-terminal of 80×24, 500×200 (the largest a session
gets) and 1000×1000, with a session's environment, until its first screen is out; its peak
resident set and its CPU time (``wait4``), then ``q``.

Then the floods (``--no-floods`` leaves them out), each against the figures of the same server
with no flood, taken just before. A measuring session in a sector tab sends ``j`` and ``k`` in
turn, each once the last one's paint is over, and times each key to the last byte of its paint
(median, p90, worst); meanwhile the server process alone (VmRSS of /proc/PID/status, without its
sessions' processes, whose sum is given apart) and its descriptors are sampled (before, peak,
after), and after the keys a fresh login with the listed key is timed (to the shell's session
open, and to the overview drawn). The input flood is a second session, in a process of its own,
writing 64 KiB chunks of ``jk`` in a sector tab as fast as the server takes them; the half-open
flood is a process opening a few hundred TCP connections that send the SSH banner and nothing
more, reopening those the server drops. Each flood is bounded in time (``--flood-seconds``) and
ends once the keys and the login are measured.

``--json-out FILE`` writes the figures (medians and every run's), the memory, the window sizes
and the floods' figures as JSON, with the date and the machine's load (``make bench``:
``benchmarks/results/ssh.json``, from which ``readme.py`` writes the README's figures).

Run: .venv/bin/python benchmarks/ssh.py [--runs 3] [--sessions 4] [--low-bandwidth]
     [--no-floods] [--flood-seconds 10] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import multiprocessing.process
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

import asyncssh
import pyte
import record
from ptyrun import Exit, Terminal

READY_TEXT = "Overview"
TAB_2_TEXT = "Indicator"
"""On the screen of tab 2 (Employment: its table's first column), not on the overview."""
QUIET = 0.15
STARTUP_QUIET = 1.0
FIRST = 1.0
READY_TIMEOUT = 30.0
CONNECTED_MARGIN = 0.005
"""With ``ssh``, connecting is what the relay passed until this long before the first output."""
SCENARIO = 3
"""The scenario's version: figures of different versions are not comparable."""
SCENARIO_CHANGES = (
    "2: the bytes are those of OpenSSH's ssh in a pseudo-terminal, as it is and with -C (in 1, "
    "asyncssh's client, which still opens the sessions for the memory and the floods); "
    "connecting is what the relay passed until the first output; new: the first screen's "
    "memory and CPU by window size",
    "3: --start types once every session shows its tab 2 (in 2, once none had written for "
    "0.15 s: a session that had not yet answered the 2 counted as quiet, and some of its keys "
    "as not painted)",
)
"""What changed in the scenario, and when (by version)."""
WINDOWS = ((80, 24), (500, 200), (1000, 1000))
"""The window sizes whose first screen's memory and CPU are measured."""


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
    reads: list[tuple[float, int]] = field(default_factory=list)
    """When each read from the server came, and its size."""
    _server: asyncio.Server | None = None

    def down_before(self, when: float) -> int:
        """The bytes from the server that the relay read before ``when``."""
        return sum(n for at, n in self.reads if at < when)

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
                        self.reads.append((time.monotonic(), len(data)))
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

        class Session(asyncssh.SSHClientSession[bytes]):
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
    packed: dict[str, int] = field(default_factory=dict)
    """The explorer's bytes, per step, through a zlib stream as ``ssh -C`` compresses them."""
    keys_app: list[int] = field(default_factory=list)
    keys_wire: list[int] = field(default_factory=list)
    keys_packed: list[int] = field(default_factory=list)

    def step(self, name: str, kind: str) -> int:
        """A step's bytes (``app``, ``wire``, ``packed``); a cursor step's median for ``key``."""
        if name == "key":
            keys = {"app": self.keys_app, "wire": self.keys_wire, "packed": self.keys_packed}
            return _median(keys[kind])
        steps: dict[str, int] = getattr(self, kind)
        return steps[name]

    def as_json(self) -> dict[str, Any]:
        return {
            "app": self.app,
            "wire": self.wire,
            "packed": self.packed,
            "keys_app": self.keys_app,
            "keys_wire": self.keys_wire,
            "keys_packed": self.keys_packed,
        }


def scenario(term: Terminal, wire: Callable[[], int] | None) -> Run:
    run = Run()
    last = [0, 0, 0]

    def mark(name: str | None) -> tuple[int, int, int]:
        now = (term.bytes_in, wire() if wire else 0, term.compressed_in)
        app, on_wire, packed = (now[i] - last[i] for i in range(3))
        last[:] = now
        if name is not None:
            run.app[name], run.wire[name], run.packed[name] = app, on_wire, packed
        return app, on_wire, packed

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
        app, on_wire, packed = mark(None)
        run.keys_app.append(app)
        run.keys_wire.append(on_wire)
        run.keys_packed.append(packed)
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
    key_file: Path
    """The client's private key, for ``ssh -i``."""
    home: Path


def start_server(
    command: Sequence[str], workdir: Path, low: bool, flags: Sequence[str] = ()
) -> Served:
    host = workdir / "host_key"
    fd = os.open(host, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(asyncssh.generate_private_key("ssh-ed25519").export_private_key())
    client = asyncssh.generate_private_key("ssh-ed25519")
    authorized = workdir / "authorized_keys"
    authorized.write_bytes(client.export_public_key())
    key_file = workdir / "client_key"
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(client.export_private_key())
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
        *flags,
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
    return Served(process, port, client, key_file, workdir)


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


def openssh_run(loop: Loop, served: Served, size: tuple[int, int], ssh: str, compress: bool) -> Run:
    """The scenario with OpenSSH's client in a pseudo-terminal, through the counting relay."""
    relay = Relay(served.port)
    loop.run(relay.start())
    argv = [
        ssh,
        "-F",
        "/dev/null",
        "-p",
        str(relay.port),
        "-i",
        str(served.key_file),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "IdentityAgent=none",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "BatchMode=yes",
        "-o",
        "SendEnv=LANG",
        "-tt",
        *(["-C"] if compress else []),
        "bench@127.0.0.1",
    ]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(served.home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    term = Terminal(argv, env, size[0], size[1])
    try:
        run = scenario(term, lambda: relay.down)
        connect = relay.down_before(term.first_output - CONNECTED_MARGIN)
        run.wire["connect"] = connect
        run.wire["startup"] -= connect
        return run
    finally:
        term.press("q")
        term.close(timeout=3.0)
        loop.run(relay.close())


def windows(command: Sequence[str]) -> list[dict[str, Any]]:
    """The explorer's first screen in a local pseudo-terminal of each of :data:`WINDOWS`: its
    peak resident set and CPU time when the last byte of its start came (read from /proc as
    each piece of output comes), and both again when it has quit (``wait4``: with what it did
    while idle, building the other tabs)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "SSH_CONNECTION": "127.0.0.1 40000 127.0.0.1 2222",
        "BIJIE_TUI_SERVED": "1",
    }
    found = []
    for cols, rows in WINDOWS:
        term = RawTerminal(list(command), env, cols, rows)
        cpu = peak = 0.0
        drawn = False
        try:
            term.start()
            deadline = term.started + READY_TIMEOUT * 2
            # Until the overview is out and a second has passed without output.
            while time.monotonic() < deadline and not term.ended:
                if term._take(STARTUP_QUIET) is not None:
                    cpu = _cpu_ms(term.pid) / 1000
                    peak = _status_kb(term.pid, "VmHWM") / 1024
                    drawn = drawn or term.visible(READY_TEXT)
                elif drawn:
                    break
            term.press("q")
        finally:
            end = term.close(timeout=10.0)
        found.append(
            {
                "cols": cols,
                "rows": rows,
                "drawn": drawn,
                "bytes": term.bytes_in,
                "rss_mb": peak,
                "cpu_s": cpu,
                "rss_mb_at_exit": end.maxrss_kb / 1024,
                "cpu_s_at_exit": end.cpu_s,
            }
        )
    return found


class RawTerminal(Terminal):
    """A terminal that keeps no screen (a screen of a million cells would cost this process
    more than the program it measures): text is looked for in the last output."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.stream = cast(pyte.ByteStream, _NoScreen())

    def visible(self, text: str) -> bool:
        return text.encode() in self.tail


class _NoScreen:
    def feed(self, data: bytes) -> None:
        pass


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
        pids = _sessions_of(served.process.pid)[0]
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


# -- floods --------------------------------------------------------------------------------------

FLOOD_SECONDS = 10.0
"""How long each flood lasts at most."""
LATENCY_KEYS = 40
"""Keys the measuring session sends in each phase (fewer if a flood's time runs out)."""
KEY_QUIET = 0.1
"""A key's paint is over when no bytes came for this long."""
KEY_FIRST = 2.0
"""How long a key may take to begin its paint; past it the key counts as not painted."""
LOGIN_RESERVE = 3.0
"""Seconds of a flood kept for the fresh login after the keys."""
FLOOD_CHUNK = b"jk" * 32768
"""What the input flood writes at a time: 64 KiB of keys."""
HALF_OPEN_BURST = 150
"""Connections the half-open flood opens at once."""
HALF_OPEN_TOTAL = 300
"""Connections it opens in all, reopening those the server drops."""
HALF_OPEN_RATE = 20.0
"""Connections it reopens per second at most."""
BANNER = b"SSH-2.0-OpenSSH_9.6\r\n"
SAMPLE_EVERY = 0.05
"""Seconds between samples of the server's memory and descriptors."""
AFTER = 1.5
"""Seconds after a phase before its last sample: a session's hang-up grace and clean-up."""


def _status_kb(pid: int, name: str) -> int:
    """A figure of /proc/PID/status in kB (VmRSS, VmHWM); 0 if the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key == name:
            return int(rest.split()[0])
    return 0


def _descriptors(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


@dataclass
class Sample:
    server_rss_kb: int
    """The server process alone."""
    sessions_rss_kb: int
    """The sum over its sessions' processes."""
    largest_session_kb: int
    sessions: int
    fds: int


def sample(pid: int) -> Sample:
    try:
        kids = children(pid)
    except OSError:
        kids = []
    rss = [_status_kb(kid, "VmRSS") for kid in kids]
    return Sample(
        _status_kb(pid, "VmRSS"),
        sum(rss),
        max(rss, default=0),
        sum(1 for r in rss if r),
        _descriptors(pid),
    )


class Sampler:
    """Samples the server every :data:`SAMPLE_EVERY` seconds in a thread, for the peaks."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[Sample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(sample(self.pid))
            self._stop.wait(SAMPLE_EVERY)


def _flood_input(port: int, key: bytes, pipe: Connection, seconds: float) -> None:
    """A session that writes keys as fast as the server takes them (its own process)."""

    async def run() -> dict[str, float]:
        conn = await asyncssh.connect(
            "127.0.0.1",
            port,
            username="bench",
            client_keys=[asyncssh.import_private_key(key)],
            known_hosts=None,
            config=None,
            agent_path=None,
        )
        writer, reader, _ = await conn.open_session(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        drawn = asyncio.Event()
        output = written = 0

        async def read() -> None:
            nonlocal output
            seen = b""
            while data := await reader.read(65536):
                output += len(data)
                if not drawn.is_set():
                    seen = (seen + data)[-4096:]
                    if READY_TEXT.encode() in seen:
                        drawn.set()

        async def write() -> None:
            nonlocal written
            while True:
                writer.write(FLOOD_CHUNK)
                written += len(FLOOD_CHUNK)
                await writer.drain()

        reading = asyncio.create_task(read())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(drawn.wait(), READY_TIMEOUT)
        # A sector tab, where each key moves the cursor (on the overview they do nothing).
        writer.write(b"2")
        await asyncio.sleep(FIRST)
        output = 0
        pipe.send("ready")
        start = time.monotonic()
        writing = asyncio.create_task(write())
        while time.monotonic() - start < seconds and not pipe.poll():
            await asyncio.sleep(0.05)
        elapsed = time.monotonic() - start
        writing.cancel()
        # What the server's window let onto the wire: written, less what still waits.
        sent = written - writer.channel.get_write_buffer_size()
        conn.close()
        reading.cancel()
        await asyncio.gather(reading, writing, return_exceptions=True)
        return {"sent": sent, "seconds": elapsed, "output": output}

    pipe.send(asyncio.run(run()))


def _flood_half_open(port: int, pipe: Connection, seconds: float) -> None:
    """Connections that send the SSH banner and nothing more (its own process)."""

    async def run() -> dict[str, float]:
        held: set[asyncio.StreamWriter] = set()
        opened = dropped = refused = most = 0

        async def hold() -> None:
            nonlocal opened, dropped, refused, most
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                refused += 1
                return
            opened += 1
            held.add(writer)
            most = max(most, len(held))
            try:
                writer.write(BANNER)
                while await reader.read(4096):
                    pass
                dropped += 1
            except OSError:
                dropped += 1
            finally:
                held.discard(writer)
                writer.close()

        tasks = [asyncio.create_task(hold()) for _ in range(HALF_OPEN_BURST)]
        burst = time.monotonic()
        while opened + refused < HALF_OPEN_BURST and time.monotonic() - burst < FIRST * 5:
            await asyncio.sleep(0.02)
        pipe.send("ready")
        start = time.monotonic()
        launched = HALF_OPEN_BURST
        while time.monotonic() - start < seconds and not pipe.poll():
            await asyncio.sleep(1 / HALF_OPEN_RATE)
            if launched < HALF_OPEN_TOTAL and len(held) < HALF_OPEN_BURST:
                tasks.append(asyncio.create_task(hold()))
                launched += 1
        elapsed = time.monotonic() - start
        at_end = len(held)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return {
            "opened": opened,
            "dropped": dropped,
            "refused": refused,
            "most": most,
            "at_end": at_end,
            "seconds": elapsed,
        }

    pipe.send(asyncio.run(run()))


@dataclass
class Phase:
    """One phase of the floods: the measuring session's keys, the server, a fresh login."""

    name: str
    latencies: list[float] = field(default_factory=list)
    """Seconds from each painted key to the last byte of its paint."""
    keys: int = 0
    before: Sample = field(default_factory=lambda: Sample(0, 0, 0, 0, 0))
    peak: Sample = field(default_factory=lambda: Sample(0, 0, 0, 0, 0))
    after: Sample = field(default_factory=lambda: Sample(0, 0, 0, 0, 0))
    login_shell: float | None = None
    """Seconds from connecting to the shell's session being open."""
    login_drawn: float | None = None
    """Seconds from connecting to the overview drawn."""
    flood: dict[str, float] = field(default_factory=dict)


def press_and_time(term: Terminal, deadline: float) -> tuple[list[float], int]:
    """Alternate ``j`` and ``k``, each once the last one's paint is over, until ``deadline``."""
    latencies: list[float] = []
    sent = 0
    for i in range(LATENCY_KEYS):
        if time.monotonic() >= deadline or term.ended:
            break
        sent_at = time.monotonic()
        term.press("j" if i % 2 == 0 else "k")
        sent += 1
        term.settle(KEY_QUIET, first=KEY_FIRST)
        if term.last_output > sent_at:
            latencies.append(term.last_output - sent_at)
    return latencies, sent


def time_login(loop: Loop, served: Served) -> tuple[float | None, float | None]:
    """Connect with the listed key: seconds until the shell is open and the overview drawn."""
    term = SshTerminal(loop, served.port, served.key, 80, 24)
    shell = drawn = None
    try:
        term.start()
        shell = time.monotonic() - term.started
        at = term.wait_for(READY_TEXT, READY_TIMEOUT)
        drawn = None if at is None else at - term.started
    except (OSError, asyncssh.Error, TimeoutError):
        pass
    finally:
        term.close(timeout=2.0)
    return shell, drawn


def _peak(samples: list[Sample]) -> Sample:
    return Sample(
        max(s.server_rss_kb for s in samples),
        max(s.sessions_rss_kb for s in samples),
        max(s.largest_session_kb for s in samples),
        max(s.sessions for s in samples),
        max(s.fds for s in samples),
    )


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Variables set in the environment while a process is started."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def phase(loop: Loop, served: Served, term: Terminal, name: str, seconds: float) -> Phase:
    """Measure with the flood ``name`` (``input``, ``half-open``) or none (``none``)."""
    pid = served.process.pid
    result = Phase(name, before=sample(pid))
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process: multiprocessing.process.BaseProcess | None = None
    with Sampler(pid) as sampler:
        if name == "input":
            key = served.key.export_private_key()
            process = context.Process(
                target=_flood_input, args=(served.port, key, child, seconds), daemon=True
            )
        elif name == "half-open":
            process = context.Process(
                target=_flood_half_open, args=(served.port, child, seconds), daemon=True
            )
        if process is not None:
            # The flood stops when told, after the login, or by itself after ``seconds``; its
            # process prints nothing but what it sends back (asyncssh's import warns).
            with _environment(PYTHONWARNINGS="ignore"):
                process.start()
            if not parent.poll(READY_TIMEOUT + 10):
                process.kill()
                raise SystemExit(f"the {name} flood never began")
            parent.recv()
        start = time.monotonic()
        result.latencies, result.keys = press_and_time(term, start + seconds - LOGIN_RESERVE)
        result.login_shell, result.login_drawn = time_login(loop, served)
        if process is not None:
            parent.send("stop")
            if parent.poll(15):
                result.flood = parent.recv()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
        term.settle(KEY_QUIET, limit=5)
        result.peak = _peak(sampler.samples)
    # Sessions that ended get their hang-up grace, closed connections their clean-up.
    time.sleep(AFTER)
    result.after = sample(pid)
    return result


def floods(loop: Loop, served: Served, seconds: float) -> list[Phase]:
    """The measuring session's keys and the server without a flood, then in each flood."""
    term = SshTerminal(loop, served.port, served.key, 80, 24)
    try:
        term.start()
        if term.wait_for(READY_TEXT, READY_TIMEOUT) is None:
            raise SystemExit("the measuring session never drew its overview")
        term.settle(STARTUP_QUIET, limit=20)
        term.press("2")
        term.settle(QUIET, first=FIRST)
        return [phase(loop, served, term, name, seconds) for name in ("none", "input", "half-open")]
    finally:
        term.close(timeout=2.0)


# -- the report ----------------------------------------------------------------------------------


def _median(values: list[int]) -> int:
    return round(statistics.median(values))


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:,.0f}"


def _mb(kb: int) -> str:
    return f"{kb / 1024:.1f}"


def report_floods(phases: list[Phase], seconds: float) -> None:
    print(
        f"\nfloods (80x24, at most {seconds:g} s each): the server process, its sessions, "
        "and another session's keys (j, k in a sector tab: key to the end of its paint)"
    )
    labels = {"none": "no flood", "input": "input flood", "half-open": "half-open flood"}
    print(f"{'figure':<34}" + "".join(f"{labels[p.name]:>17}" for p in phases))

    def row(label: str, cells: list[str]) -> None:
        print(f"{label:<34}" + "".join(f"{cell:>17}" for cell in cells))

    def quantile(p: Phase, q: float) -> float | None:
        values = sorted(p.latencies)
        if not values:
            return None
        return values[min(len(values) - 1, round(q * (len(values) - 1)))]

    row("key to paint, median (ms)", [_ms(quantile(p, 0.5)) for p in phases])
    row("key to paint, p90 (ms)", [_ms(quantile(p, 0.9)) for p in phases])
    row("key to paint, worst (ms)", [_ms(quantile(p, 1.0)) for p in phases])
    row("keys painted / sent", [f"{len(p.latencies)}/{p.keys}" for p in phases])
    row("server RSS, before (MB)", [_mb(p.before.server_rss_kb) for p in phases])
    row("server RSS, peak (MB)", [_mb(p.peak.server_rss_kb) for p in phases])
    row("server RSS, after (MB)", [_mb(p.after.server_rss_kb) for p in phases])
    row("server descriptors, before", [f"{p.before.fds}" for p in phases])
    row("server descriptors, peak", [f"{p.peak.fds}" for p in phases])
    row("server descriptors, after", [f"{p.after.fds}" for p in phases])
    row(
        "sessions' RSS, peak sum (MB)",
        [f"{_mb(p.peak.sessions_rss_kb)} ({p.peak.sessions})" for p in phases],
    )
    row("largest session's RSS, peak (MB)", [_mb(p.peak.largest_session_kb) for p in phases])
    row("fresh login: shell open (ms)", [_ms(p.login_shell) for p in phases])
    row("fresh login: overview drawn (ms)", [_ms(p.login_drawn) for p in phases])
    for p in phases:
        f = p.flood
        if p.name == "input" and f:
            print(
                f"input flood: one session wrote 64 KiB chunks of 'jk' for {f['seconds']:.1f} s; "
                f"the server took {f['sent'] / 1024:,.0f} KiB "
                f"({f['sent'] / 1024 / max(f['seconds'], 0.001):,.0f} KiB/s) and its "
                f"session wrote back {f['output'] / 1024:,.0f} KiB"
            )
        elif p.name == "half-open" and f:
            print(
                f"half-open flood: {f['opened']:.0f} connections sent the SSH banner and "
                f"nothing more in {f['seconds']:.1f} s ({f['most']:.0f} open at once at most, "
                f"{f['refused']:.0f} refused); the server dropped {f['dropped']:.0f}, "
                f"{f['at_end']:.0f} were open at the end"
            )


STEPS = (
    ("connect", "connecting (SSH handshake)"),
    ("startup", "start-up"),
    ("first_tab", "first visit of a tab (2)"),
    ("tab_switch", "switching tab (3)"),
    ("key", "a cursor step (median)"),
)


def mode_json(local: list[Run], plain: list[Run], packed: list[Run], client: str) -> dict[str, Any]:
    """One mode's figures: for each step, the medians over the runs."""

    def med(runs: list[Run], step: str, kind: str) -> int | None:
        return _median([r.step(step, kind) for r in runs]) if runs else None

    steps = {
        step: {
            "local": med(local, step, "app"),
            "received": med(plain, step, "app"),
            "wire": med(plain, step, "wire"),
            "wire_compressed": med(packed, step, "wire"),
            "zlib": med(plain, step, "packed"),
        }
        for step, _ in STEPS
    }
    steps["connect"]["local"] = None
    return {
        "client": client,
        "runs": len(plain),
        "steps": steps,
        "per_run": {
            "local": [r.as_json() for r in local],
            "ssh": [r.as_json() for r in plain],
            "ssh_compressed": [r.as_json() for r in packed],
        },
    }


def report(name: str, found: dict[str, Any]) -> None:
    compressed = found["client"] == "ssh"
    print(f"\n{name}: bytes, median of {found['runs']} runs; the client: {found['client']}")
    head = f"{'step':<28}{'local pty':>11}{'received':>10}{'on the wire':>13}{'framing':>9}"
    if compressed:
        head += f"{'ssh -C wire':>13}{'zlib 6':>8}"
    print(head)
    for step, label in STEPS:
        cells = found["steps"][step]
        received, wire = cells["received"], cells["wire"]
        extra = f"{(wire - received) / received:+.0%}" if received else "-"
        line = (
            f"{label:<28}{_count(cells['local']):>11}{_count(received):>10}"
            f"{_count(wire):>13}{extra:>9}"
        )
        if compressed:
            line += f"{_count(cells['wire_compressed']):>13}{_count(cells['zlib']):>8}"
        print(line)


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def report_windows(found: list[dict[str, Any]]) -> None:
    print(
        "\nthe first screen by window size (local pty, a session's environment): peak RSS and "
        "CPU when its last byte came (at exit, after idle work, in brackets)"
    )
    for w in found:
        drawn = "" if w["drawn"] else " (the overview never showed)"
        print(
            f"  {w['cols']}×{w['rows']}: peak RSS {w['rss_mb']:.0f} MB "
            f"({w['rss_mb_at_exit']:.0f} MB), CPU {w['cpu_s']:.2f} s ({w['cpu_s_at_exit']:.2f} s), "
            f"{w['bytes']:,} bytes{drawn}"
        )


def floods_json(phases: list[Phase]) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "latencies": p.latencies,
            "keys": p.keys,
            "before": asdict(p.before),
            "peak": asdict(p.peak),
            "after": asdict(p.after),
            "login_shell": p.login_shell,
            "login_drawn": p.login_drawn,
            "flood": p.flood,
        }
        for p in phases
    ]


# -- sessions forked from a warm process against sessions started anew --------------------------

TYPING_RATE = 10.0
"""Keys a second from each typing session."""
TYPING_SECONDS = 8.0


class _Typist(asyncssh.SSHClientSession[bytes]):
    """A session's client: when each chunk of output came, whether the overview is drawn, and
    (once :meth:`watch_tab_2` is called) whether tab 2 is on its screen."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.seen = b""
        self.ready = asyncio.Event()
        self.tab_2 = asyncio.Event()
        self.screen: pyte.Screen | None = None
        self.stream: pyte.ByteStream | None = None

    def watch_tab_2(self, size: tuple[int, int]) -> None:
        """Follow the screen from the output so far, until tab 2 is on it (then no more: the
        typing's timings are not slowed by it)."""
        self.screen = pyte.Screen(*size)
        self.stream = pyte.ByteStream(self.screen)
        self._feed(self.seen_all)

    def data_received(self, data: bytes, datatype: Any) -> None:
        self.arrivals.append(time.perf_counter())
        if not self.ready.is_set():
            self.seen = (self.seen + data)[-65536:]
            if READY_TEXT.encode() in self.seen:
                self.ready.set()
        if not self.tab_2.is_set():
            self.seen_all += data
            self._feed(data)

    seen_all = b""
    """The output until tab 2 is on the screen."""

    def _feed(self, data: bytes) -> None:
        if self.stream is None or self.screen is None or self.tab_2.is_set():
            return
        self.stream.feed(data)
        if any(TAB_2_TEXT in line for line in self.screen.display):
            self.tab_2.set()
            self.seen_all = b""


async def _quiet(typist: _Typist, seconds: float, limit: float = 20.0) -> None:
    """Until no output came for ``seconds``."""
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        last = typist.arrivals[-1] if typist.arrivals else 0.0
        if time.perf_counter() - last >= seconds:
            return
        await asyncio.sleep(seconds / 4)


LOGINS_AT_ONCE = 8
"""Logins under way at once: below the server's MaxStartups (10), past which it drops some."""


async def _open(
    port: int, key: Any, size: tuple[int, int], logins: asyncio.Semaphore
) -> tuple[Any, Any, _Typist, float]:
    """A session, until its overview is drawn; the time from asking to connect to that."""
    began = time.perf_counter()
    async with logins:
        conn = await asyncssh.connect(
            "127.0.0.1",
            port,
            username="reader",
            client_keys=[key],
            known_hosts=None,
            config=None,
            agent_path=None,
        )
    chan, session = await conn.create_session(
        _Typist, term_type="xterm-256color", term_size=size, encoding=None
    )
    typist = cast(_Typist, session)
    await asyncio.wait_for(typist.ready.wait(), 60)
    return conn, chan, typist, time.perf_counter() - began


def _cpu_ms(pid: int) -> float:
    """CPU time of a process so far, in ms: the time each of its threads ran
    (``/proc/PID/task/*/schedstat``, in nanoseconds). ``/proc/PID/stat`` gives user and system
    time in clock ticks (10 ms), each cut down, so that 53 ms read 50 or 60; but it counts the
    threads that have ended too: where it says more than the threads alive ran (by more than
    its cuts), it is taken instead."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    ticks = (int(fields[11]) + int(fields[12])) * tick
    ran = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread ending meanwhile
            ran += int((task / "schedstat").read_text().split()[0])
    ran_ms = ran / 1e6
    return ticks if ticks > ran_ms + 2 * tick else ran_ms


def _sessions_of(server: int) -> tuple[list[int], int | None]:
    """The session processes of the server (its children, or its fork server's) and the fork
    server's pid."""
    direct = children(server)
    forks = None
    for pid in direct:
        with contextlib.suppress(OSError):
            if b"bijie_tui.fork_server" in Path(f"/proc/{pid}/cmdline").read_bytes():
                forks = pid
    pids = [pid for pid in direct if pid != forks]
    if forks is not None:
        pids += children(forks)
    return pids, forks


async def _typing(chans: list[Any], typists: list[_Typist], seconds: float) -> list[float]:
    """Every session types ``j`` and ``k`` in turn at TYPING_RATE; for each key, the time from
    it to the last byte of output before the next key (None when nothing came)."""
    period = 1.0 / TYPING_RATE
    latencies: list[float] = []

    async def type_in(chan: Any, typist: _Typist, offset: float) -> None:
        await asyncio.sleep(offset)
        sent: list[float] = []
        start = time.perf_counter()
        for i in range(int(seconds * TYPING_RATE)):
            due = start + i * period
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            sent.append(time.perf_counter())
            chan.write(b"j" if i % 2 == 0 else b"k")
        await asyncio.sleep(1.0)
        for i, at in enumerate(sent):
            until = sent[i + 1] if i + 1 < len(sent) else at + 1.0
            got = [t for t in typist.arrivals if at <= t < until]
            if got:
                latencies.append(got[-1] - at)

    n = len(chans)
    pairs = enumerate(zip(chans, typists, strict=True))
    await asyncio.gather(*(type_in(c, t, period * i / n) for i, (c, t) in pairs))
    return latencies


async def _start_compare_one(port: int, key: Any, sessions: int, server_pid: int) -> dict[str, Any]:
    size = (80, 24)
    server_cpu = _cpu_ms(server_pid)
    logins = asyncio.Semaphore(LOGINS_AT_ONCE)
    opened = await asyncio.gather(*(_open(port, key, size, logins) for _ in range(sessions)))
    conns = [o[0] for o in opened]
    chans = [o[1] for o in opened]
    typists = [o[2] for o in opened]
    to_screen = sorted(o[3] for o in opened)
    for typist in typists:
        await _quiet(typist, STARTUP_QUIET)
    pids, forks = _sessions_of(server_pid)
    cpu = [_cpu_ms(pid) for pid in pids]
    mem = [memory_kb(pid) for pid in pids]
    server_cpu = _cpu_ms(server_pid) - server_cpu
    for typist in typists:
        typist.watch_tab_2(size)
    for chan in chans:
        chan.write(b"2")
    for typist in typists:
        # Until every session shows tab 2 (not until each is quiet: one that has not yet
        # answered the 2 is quiet too), then until its last frame is out.
        await asyncio.wait_for(typist.tab_2.wait(), READY_TIMEOUT)
        await _quiet(typist, QUIET)
    latencies = sorted(await _typing(chans, typists, TYPING_SECONDS))
    for conn in conns:
        conn.close()
    return {
        "sessions": len(pids),
        "to_screen": to_screen,
        "cpu_ms": statistics.median(cpu),
        "server_cpu_ms": server_cpu / sessions,
        "pss_kb": statistics.median(p for _, p in mem),
        "rss_kb": statistics.median(r for r, _ in mem),
        "forks_pss_kb": memory_kb(forks)[1] if forks else 0,
        "latencies": latencies,
        "keys": int(TYPING_SECONDS * TYPING_RATE) * sessions,
    }


def _pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def start_compare(sessions: int, runs: int) -> None:
    """Sessions started anew (--no-fork-server) and forked from a warm process, in the same
    run, one server after the other, ``runs`` times each."""
    command = [sys.executable, "-m", "bijie_tui"]
    results: dict[str, list[dict[str, Any]]] = {"new process": [], "forked": []}
    extra = ["--max-sessions", str(sessions), "--max-sessions-per-client", str(sessions)]
    for _ in range(runs):
        for name, flags in (("new process", ["--no-fork-server"]), ("forked", [])):
            with tempfile.TemporaryDirectory() as tmp:
                served = start_server([*command], Path(tmp), False, [*flags, *extra])
                try:
                    time.sleep(1.0)  # the fork server warms up
                    results[name].append(
                        asyncio.run(
                            _start_compare_one(
                                served.port, served.key, sessions, served.process.pid
                            )
                        )
                    )
                finally:
                    stop_server(served)
    print(
        f"\n{sessions} sessions started at once, then typing {TYPING_RATE:g} keys a second "
        f"each for {TYPING_SECONDS:g} s (80x24; {os.cpu_count()} CPUs; medians of {runs} runs)"
    )
    print(
        "| | CPU to start a session (its process) | server CPU per session | PSS per session "
        "| RSS per session | connect to first screen p50 / p90 / max "
        "| key to paint p50 / p90 / max | keys painted |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, rows in results.items():

        def med(f: Callable[[dict[str, Any]], float], rows: list[dict[str, Any]] = rows) -> float:
            return statistics.median(f(r) for r in rows)

        def quantiles(name: str, scale: float, rows: list[dict[str, Any]] = rows) -> list[float]:
            return [
                statistics.median(_pct(r[name], q) * scale for r in rows) for q in (0.5, 0.9, 1.0)
            ]

        screen = quantiles("to_screen", 1.0)
        keys = quantiles("latencies", 1000.0)
        painted = med(lambda r: len(r["latencies"]) / r["keys"] * 100)
        forks = med(lambda r: r["forks_pss_kb"]) / 1024
        print(
            f"| {name} | {med(lambda r: r['cpu_ms']):.0f} ms "
            f"| {med(lambda r: r['server_cpu_ms']):.0f} ms "
            f"| {med(lambda r: r['pss_kb']) / 1024:.1f} MB"
            + (f" (+{forks:.0f} MB the fork server)" if forks else "")
            + f" | {med(lambda r: r['rss_kb']) / 1024:.0f} MB "
            f"| {screen[0]:.2f} / {screen[1]:.2f} / {screen[2]:.2f} s "
            f"| {keys[0]:.0f} / {keys[1]:.0f} / {keys[2]:.0f} ms | {painted:.0f} % |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=4, help="sessions for the memory")
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--low-bandwidth", action="store_true", help="only the low mode")
    parser.add_argument(
        "--floods",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the server and another session's keys in an input and a half-open flood",
    )
    parser.add_argument("--flood-seconds", type=float, default=FLOOD_SECONDS)
    parser.add_argument(
        "--start",
        action="store_true",
        help="only: sessions forked from a warm process against sessions started anew "
        "(--sessions at once, 16 by default here), started and typing",
    )
    parser.add_argument(
        "--windows",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the first screen's memory and CPU at 80x24, 500x200 and 1000x1000",
    )
    parser.add_argument(
        "--json-out", type=Path, metavar="FILE", help="also write the figures as JSON to FILE"
    )
    args = parser.parse_args(argv)
    if args.start:
        start_compare(args.sessions if args.sessions != 4 else 16, args.runs)
        return 0
    cols, rows = (int(n) for n in args.size.split("x"))
    size = (cols, rows)
    command = [sys.executable, "-m", "bijie_tui"]
    modes = [True] if args.low_bandwidth else [False, True]
    ssh = shutil.which("ssh")
    client = "ssh" if ssh else "asyncssh"
    if ssh is None:
        print("note: OpenSSH's ssh is not installed: asyncssh's client stands in, without -C")
    watch = record.LoadWatch()
    print(f"scenario {SCENARIO}; changes: " + "; ".join(SCENARIO_CHANGES))
    report_json: dict[str, Any] = {
        "benchmark": "ssh",
        "scenario": {"version": SCENARIO, "changes": list(SCENARIO_CHANGES)},
        "runs": args.runs,
        "size": args.size,
    }
    loop = Loop()
    try:
        for low in modes:
            mode = "low-bandwidth" if low else "default"
            name = f"{cols}x{rows}, {'--low-bandwidth' if low else 'default'}"
            local = [local_run(command, size, low) for _ in range(args.runs)]
            watch.sample()
            packed: list[Run] = []
            with tempfile.TemporaryDirectory() as tmp:
                served = start_server(command, Path(tmp), low)
                try:
                    if ssh is not None:
                        plain = [
                            openssh_run(loop, served, size, ssh, False) for _ in range(args.runs)
                        ]
                        packed = [
                            openssh_run(loop, served, size, ssh, True) for _ in range(args.runs)
                        ]
                    else:
                        plain = [ssh_run(loop, served, size) for _ in range(args.runs)]
                    watch.sample()
                    mem = memory(loop, served, args.sessions, size) if not low else None
                    flooded = (
                        floods(loop, served, args.flood_seconds)
                        if args.floods and not low
                        else None
                    )
                    watch.sample()
                finally:
                    stop_server(served)
            found = mode_json(local, plain, packed, client)
            report_json[mode] = found
            report(name, found)
            if mem is not None:
                report_json["memory"] = mem | {"size": args.size}
                print(
                    f"\nmemory with {mem['sessions']} sessions at once ({cols}x{rows}, overview "
                    f"drawn): per session process RSS {mem['rss_kb'] / 1024:.0f} MB, "
                    f"PSS {mem['pss_kb'] / 1024:.0f} MB (median); the server "
                    f"RSS {mem['server_idle'][0] / 1024:.0f} MB idle, "
                    f"{mem['server_busy'][0] / 1024:.0f} MB with them"
                )
            if flooded:
                report_json["floods"] = floods_json(flooded)
                report_floods(flooded, args.flood_seconds)
    finally:
        loop.stop()
    if args.windows:
        report_json["windows"] = windows(command)
        watch.sample()
        report_windows(report_json["windows"])
    machine = record.machine(watch)
    print(f"\nmeasured {record.describe(machine)}")
    if args.json_out is not None:
        record.write(args.json_out, {**report_json, "machine": machine})
    return 0


if __name__ == "__main__":
    sys.exit(main())
