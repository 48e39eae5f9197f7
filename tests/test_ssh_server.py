"""``serve --ssh``: the explorer over SSH, seen through asyncssh's client and a pyte screen.

Each test starts the server on a free loopback port with a temporary host key and
authorized-keys file. Every wait is for a condition, with a deadline.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")
pyte = pytest.importorskip("pyte")

from bijie_tui import ssh_server  # noqa: E402
from bijie_tui.cli import run  # noqa: E402

pytestmark = pytest.mark.tour

START = 30.0
"""Seconds allowed for a session's explorer to show its overview (a loaded machine)."""
GONE = 1.0
"""Seconds within which a session's process must be gone once its client has left."""


@dataclass
class Keys:
    host: Path
    authorized: Path
    client: Any
    stranger: Any


@pytest.fixture
def keys(tmp_path: Path) -> Keys:
    host = tmp_path / "host_key"
    fd = os.open(host, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(asyncssh.generate_private_key("ssh-ed25519").export_private_key())
    client = asyncssh.generate_private_key("ssh-ed25519")
    # In the test's home directory: the server refuses a key file that others could write to,
    # or with such a directory above it up to the home directory, as sshd does (StrictModes),
    # and the system's temporary directory, above tmp_path, is writable by all.
    folder = Path.home() / ".ssh"
    folder.mkdir(mode=0o700)
    authorized = folder / "authorized_keys"
    authorized.write_bytes(client.export_public_key())
    return Keys(host, authorized, client, asyncssh.generate_private_key("ssh-ed25519"))


@pytest.fixture
async def serving(keys: Keys) -> AsyncIterator[Callable[..., Any]]:
    servers: list[ssh_server.Server] = []

    async def start(**options: Any) -> ssh_server.Server:
        options.setdefault("authorized_keys", keys.authorized)
        server = await ssh_server.start(
            ssh_server.Options(host="127.0.0.1", port=0, host_key=keys.host, **options),
            log=lambda line: None,
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        await asyncio.wait_for(server.close(), 10)


async def connect(server: ssh_server.Server, key: Any, **kwargs: Any) -> Any:
    return await asyncssh.connect(
        "127.0.0.1",
        server.port,
        username="reader",
        client_keys=[key] if key is not None else None,
        known_hosts=None,
        config=None,
        agent_path=None,
        **kwargs,
    )


class Screen(asyncssh.SSHClientSession):  # type: ignore[misc]
    """The client's terminal: what the session sends, drawn on a pyte screen."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.changed = asyncio.Event()
        self.closed = asyncio.Event()
        self.raw = bytearray()

    def data_received(self, data: bytes, datatype: Any) -> None:
        self.raw += data
        self.stream.feed(data)
        self.changed.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.set()
        self.changed.set()

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, test: Callable[[], bool], what: str, timeout: float = START) -> None:
        deadline = time.monotonic() + timeout
        while not test():
            left = deadline - time.monotonic()
            if left <= 0 or self.closed.is_set():
                shown = "\n".join(f"{i:2} {line}" for i, line in enumerate(self.screen.display))
                raise AssertionError(f"never saw {what}; the screen:\n{shown}")
            self.changed.clear()
            with_deadline = asyncio.wait_for(self.changed.wait(), left)
            try:
                await with_deadline
            except TimeoutError:
                pass

    async def wait_text(self, text: str, timeout: float = START) -> None:
        await self.wait_for(lambda: text in self.text(), repr(text), timeout)


async def open_session(conn: Any, cols: int = 80, rows: int = 24) -> tuple[Any, Screen]:
    chan, screen = await conn.create_session(
        Screen, term_type="xterm-256color", term_size=(cols, rows), encoding=None
    )
    screen.screen.resize(rows, cols)
    return chan, screen


async def explorer(server: ssh_server.Server, key: Any) -> tuple[Any, Any, Screen]:
    """A client logged in with ``key``, and its session once the overview is drawn."""
    conn = await connect(server, key)
    chan, screen = await open_session(conn)
    await screen.wait_text("Headlines")
    return conn, chan, screen


def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode() for k, v in pairs}


async def one_session(server: ssh_server.Server) -> ssh_server.Session:
    deadline = time.monotonic() + START
    while not server.sessions or next(iter(server.sessions)).pid is None:
        assert time.monotonic() < deadline, "no session started"
        await asyncio.sleep(0.01)
    return next(iter(server.sessions))


async def test_a_session_opens_follows_keys_and_resizes_and_ends_with_its_client(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    conn = await connect(server, keys.client)
    chan, screen = await open_session(conn)
    session = await one_session(server)
    pid = session.pid
    assert pid is not None
    env = environment(pid)
    assert env["TERM"] == "xterm-256color"
    assert env["BIJIE_TUI_SERVED"] == "1"
    assert env["SSH_CONNECTION"].startswith("127.0.0.1 ")
    # The size is the terminal's own (COLUMNS and LINES would stop Textual following resizes).
    assert "COLUMNS" not in env and "LINES" not in env
    assert "SSH_AUTH_SOCK" not in env  # nothing of the server's environment but a few names

    await screen.wait_text("Headlines")
    chan.write(b"2")
    await screen.wait_for(
        lambda: "Employment" in screen.text() and "migrant" in screen.text().lower(),
        "the Employment tab",
    )

    # A resize: the screen is laid out again at the new size (the footer on the last row).
    chan.change_terminal_size(110, 30)
    screen.screen.resize(30, 110)
    await screen.wait_for(
        lambda: (
            "quit" in screen.screen.display[29].lower()
            # the line saying what the tab holds, then the table's box, as wide as the screen
            and screen.screen.display[4].rstrip().endswith("┓")
            and len(screen.screen.display[4].rstrip()) == 110
        ),
        "the screen at 110 x 30",
    )

    conn.close()
    await asyncio.wait_for(session.ended(), GONE)
    assert process_gone(pid)
    assert not server.sessions


async def test_a_dropped_link_ends_the_session(serving: Callable[..., Any], keys: Keys) -> None:
    server = await serving()
    conn = await connect(server, keys.client)
    _chan, _screen = await open_session(conn)
    session = await one_session(server)
    pid = session.pid
    assert pid is not None
    # The socket goes without a goodbye, as when a killed ssh's connection is reset.
    conn.abort()
    await asyncio.wait_for(session.ended(), GONE)
    assert process_gone(pid)


async def test_an_unknown_key_and_a_password_are_refused(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, keys.stranger)
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(
            server, None, password="secret", preferred_auth="password,keyboard-interactive"
        )
    assert not server.sessions


async def test_open_lets_anyone_in_without_a_key(serving: Callable[..., Any], keys: Keys) -> None:
    server = await serving(open=True)
    conn = await connect(server, None)
    with pytest.raises(asyncssh.ChannelOpenError):
        await conn.create_process("id", term_type="xterm-256color")
    conn.close()
    conn = await connect(server, keys.stranger)
    conn.close()


async def test_a_key_added_to_the_file_counts_from_the_next_connection(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, keys.stranger)
    keys.authorized.write_bytes(keys.authorized.read_bytes() + keys.stranger.export_public_key())
    conn = await connect(server, keys.stranger)
    conn.close()


async def test_commands_forwards_and_subsystems_are_refused(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    conn = await connect(server, keys.client)
    with pytest.raises(asyncssh.ChannelOpenError):
        await conn.create_process("cat /etc/passwd", term_type="xterm-256color")
    with pytest.raises(asyncssh.ChannelOpenError):
        await conn.create_process("cat /etc/passwd")
    with pytest.raises(asyncssh.ChannelOpenError):
        await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", server.port)
    with pytest.raises(asyncssh.ChannelListenError):
        await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", server.port)
    with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
        await conn.start_sftp_client()
    assert not server.sessions
    conn.close()


async def test_a_session_without_a_terminal_is_told_why(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving()
    conn = await connect(server, keys.client)
    result = await asyncio.wait_for(conn.run(encoding=None), 10)
    assert result.exit_status == 1
    assert b"needs a terminal" in result.stdout
    assert not server.sessions
    conn.close()


async def test_the_session_limit_holds(serving: Callable[..., Any], keys: Keys) -> None:
    server = await serving(max_sessions=1)
    conn = await connect(server, keys.client)
    _chan, _screen = await open_session(conn)
    await one_session(server)
    chan2, screen2 = await open_session(conn)
    await asyncio.wait_for(screen2.closed.wait(), 10)
    assert b"the server is full (1 sessions)" in screen2.raw
    assert screen2.raw.count(b"\n") == 1  # one line
    assert chan2.get_exit_status() == 1
    assert len(server.sessions) == 1
    conn.close()


async def test_an_idle_session_is_closed(serving: Callable[..., Any], keys: Keys) -> None:
    server = await serving(idle_minutes=0.5 / 60)
    conn = await connect(server, keys.client)
    _chan, screen = await open_session(conn)
    session = await one_session(server)
    await asyncio.wait_for(session.ended(), START)
    await asyncio.wait_for(screen.closed.wait(), 5)
    assert b"idle for" in screen.raw
    conn.close()


async def test_export_in_a_session_writes_nothing_on_the_server(
    serving: Callable[..., Any], keys: Keys, tmp_path: Path
) -> None:
    cwd = tmp_path / "session-cwd"
    cwd.mkdir()
    server = await serving(cwd=str(cwd))
    conn = await connect(server, keys.client)
    chan, screen = await open_session(conn, 100, 30)
    await screen.wait_text("Headlines")
    chan.write(b"2")
    await screen.wait_text("migrant")

    def told() -> int:  # "export" above the footer (which names the key): a notification
        return sum("xport" in line for line in screen.screen.display[:-1])

    before = told()
    chan.write(b"e")
    await screen.wait_for(lambda: told() > before, "the answer to e")
    conn.close()
    session_gone = [s for s in server.sessions]
    for session in session_gone:
        await asyncio.wait_for(session.ended(), GONE)
    assert list(cwd.iterdir()) == []


async def test_the_options_of_serve_reach_every_session(
    serving: Callable[..., Any], keys: Keys, tmp_path: Path
) -> None:
    server = await serving(
        app_args=ssh_server.app_args(lang="zh", low_bandwidth=True, ascii=False, data=None)
    )
    conn = await connect(server, keys.client)
    _chan, screen = await open_session(conn)
    session = await one_session(server)
    assert session.pid is not None
    cmdline = Path(f"/proc/{session.pid}/cmdline").read_bytes().split(b"\0")
    assert [b"--lang", b"zh"] == cmdline[cmdline.index(b"--lang") :][:2]
    assert b"--low-bandwidth" in cmdline
    await screen.wait_text("劳务协作")
    conn.close()
    await asyncio.wait_for(session.ended(), GONE)


# -- keys and the command line ------------------------------------------------------------------


def test_the_host_key_is_made_once_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    key, path, made = ssh_server.load_host_key(None)
    assert made and path.is_relative_to(tmp_path / "data")
    assert path.stat().st_mode & 0o777 == 0o600
    again, path2, made2 = ssh_server.load_host_key(None)
    assert (path2, made2) == (path, False)
    assert again.get_fingerprint() == key.get_fingerprint()


def test_a_host_key_others_can_read_is_refused(keys: Keys) -> None:
    keys.host.chmod(0o644)
    with pytest.raises(ssh_server.ServeError, match="chmod 600"):
        ssh_server.load_host_key(keys.host)


def serve_cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = run(["serve", *argv])
    return status, capsys.readouterr().err


def test_bad_serve_arguments_are_one_line_and_status_2(
    tmp_path: Path, keys: Keys, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    cases = [
        (["--open"], "--open is for the SSH server: add --ssh"),
        (["--ssh", "--public-url", "http://x"], "--public-url is for the web server"),
        (["--ssh", "--data", str(bad)], "bad.json: line 1"),
        (["--ssh", "--max-sessions", "0"], "at least 1"),
        (["--ssh", "--idle-timeout", "-1"], "--idle-timeout"),
        (["--ssh", "--open", "--authorized-keys", str(keys.authorized)], "--open"),
        (
            ["--ssh", "--host-key", str(keys.host), "--authorized-keys", str(tmp_path / "none")],
            "--authorized-keys FILE, or --open",
        ),
        (["--ssh", "--host-key", str(keys.authorized), "--open"], "can be read by others"),
    ]
    for argv, message in cases:
        status, err = serve_cli(*argv, capsys=capsys)
        assert status == 2, argv
        assert err.count("\n") == 1 and err.startswith("bijie-tui: error: "), err
        assert message in err, (argv, err)


def test_without_the_extra_serve_ssh_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "asyncssh", None)
    monkeypatch.delitem(sys.modules, "bijie_tui.ssh_server")
    monkeypatch.delattr("bijie_tui.ssh_server", raising=False)
    status, err = serve_cli("--ssh", capsys=capsys)
    assert status == 2
    assert err == (
        "bijie-tui: error: serve --ssh: the SSH server is an optional extra: "
        "install 'bijie-tui[ssh]'\n"
    )


def test_serve_ssh_prints_its_key_warns_when_open_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bijie_tui", "serve", "--ssh", "--open", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        assert "serving the explorer over SSH on 127.0.0.1:" in lines[0]
        assert "ssh -p " in lines[1]
        assert "host key: SHA256:" in lines[2]
        key = tmp_path / "data" / "bijie-tui" / ssh_server.HOST_KEY_NAME
        assert key.stat().st_mode & 0o777 == 0o600
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0
    assert "WARNING: --open: ANYONE" in err
    assert "Traceback" not in err


def test_the_server_never_imports_textual_nor_other_commands_asyncssh() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from bijie_tui.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    run(['validate'])\n"
        "print('asyncssh' in sys.modules)\n"
        "import bijie_tui.ssh_server\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_explorer_options_of_serve_are_passed_on_with_an_absolute_dataset_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ssh_server.app_args(lang="en", low_bandwidth=False, ascii=True, data="mine.json")
    assert args == ("--lang", "en", "--ascii", "--data", str(tmp_path / "mine.json"))
    assert ssh_server.app_args(lang=None, low_bandwidth=False, ascii=False, data=None) == ()
