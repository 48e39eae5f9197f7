"""``bijie-tui serve --ssh``: an SSH server whose only program is the explorer.

Built on asyncssh (the optional extra ``bijie-tui[ssh]``); this module is imported only by that
command, and the command line says which extra to install when asyncssh is missing.

Each session is a process of its own, ``python -P -m bijie_tui``, in its own pseudo-terminal: the
client's terminal type and window size, ``SSH_CONNECTION`` (so the app takes its over-SSH
defaults: no mouse, no animation) and ``BIJIE_TUI_SERVED=1`` (so the app writes nothing on the
server). With ``Options.fork_server`` (``serve --ssh`` sets it unless ``--no-fork-server``) the
process is forked from a warm one instead (:mod:`.fork_server`), with the same terminal,
environment and working directory. Sessions share nothing, and a crash ends only its own. When
the client goes away, the
process gets SIGHUP, then SIGKILL after a short grace. The process is started with ``python -P``
in the user's home directory, so that nothing from the server's working directory is imported;
its terminal has no suspend character and a stopped process is continued (no job control);
when it dies without restoring the client's terminal, the server restores it.

What a client may spend is bounded (see :mod:`.ssh_limits`): connections not yet logged in
(sshd's MaxStartups and LoginGraceTime), sessions in all and from one address, environment
requests, the window size (:data:`MAX_WINDOW`), input not yet read by the explorer (reading
from the client pauses past :data:`INPUT_BUFFER` bytes), and time without a key: an idle
timeout ends a session, and a connection without one.

What a client may do is the explorer and nothing else: public keys from an authorized-keys file
(or anyone with ``--open``), no passwords, no exec of commands, no port forwarding, no agent or
X11 forwarding, no SFTP or other subsystems. Who gets in is decided as sshd decides it: the
authorized-keys file is read at each authentication and refused when others could write to it
(StrictModes), its entries' options are honoured (or the entry is skipped), and each refused
request is logged and counted (MaxAuthTries).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import signal
import stat
import struct
import sys
import termios
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
from asyncssh.packet import SSHPacket

from . import fork_server
from .authorized_keys import MAX_AUTH_TRIES, AuthorizedKeys, KeyFileError, describe
from .display import MAX_SCREEN, SESSION_TERM
from .model.safe import printable
from .proxy_listener import ProxyListener
from .proxy_protocol import TrustedProxies
from .ssh_limits import (
    DEFAULT_MAX_SESSIONS_PER_CLIENT,
    MAX_ENV_REQUESTS,
    StartupLimits,
    Startups,
)

PROG = "bijie-tui"
DEFAULT_PORT = 2222
DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_MAX_SESSIONS = 16
HANGUP_GRACE = 0.5
"""Seconds between SIGHUP and SIGKILL for a session whose client went away."""
HOST_KEY_NAME = "ssh_host_ed25519_key"
MAX_WINDOW = MAX_SCREEN
"""The largest window a session gets, in columns and rows; a larger one is clamped to it."""
INPUT_BUFFER = 4096
"""Bytes of a client's input held for its session's terminal; past them, reading from the
client pauses until the explorer has read them (the SSH window then stops the client)."""
INPUT_WINDOW = 65536
"""The SSH channel window: what a client may send that the server has not yet taken."""
STOP_CHECK = 0.5
"""Seconds between checks that a session's process is not stopped (it is then continued)."""
RESTORE_TERMINAL = (
    b"\x1b[?2026l"  # synchronized output off
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # no mouse reports
    b"\x1b[?1004l\x1b[?2004l\x1b[<u"  # no focus reports, bracketed paste, key protocol
    b"\x1b[0m\x1b[?25h\x1b[?1049l"  # plain attributes, the cursor, the main screen
)
"""Sent to the client when a session's process dies and leaves its terminal in the explorer's
modes (killed, or ended without leaving the alternate screen)."""
_ALT_ON = b"\x1b[?1049h"
_ALT_OFF = b"\x1b[?1049l"

_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
_ENV_VALUE = re.compile(r"[ -~]{0,64}")
_CLIENT_ENV = (
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "NO_COLOR",
    "BIJIE_TUI_LANG",
    "BIJIE_TUI_LOW_BANDWIDTH",
)
"""What a client may set in its session's environment (checked: printable ASCII, short)."""
_SERVER_ENV = ("PATH", "HOME", "TMPDIR", "PYTHONPATH")
"""What a session takes from the server's environment; nothing else of it is passed on."""


class ServeError(Exception):
    """A problem with the server's keys, files or address (one line, exit status 2)."""


@dataclass(frozen=True)
class Options:
    """What ``serve --ssh`` was given; the same for every session."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    host_key: Path | None = None
    """The host key file; None: made on first start in the platform's data directory."""
    more_host_keys: tuple[Path, ...] = ()
    """Further host keys (``--host-key`` given again): announced to clients, which may add
    them to their known hosts (OpenSSH's UpdateHostKeys), but not used while the first is of
    the same type; the next key, during a rotation."""
    authorized_keys: Path | None = None
    """The keys let in; None: ``~/.ssh/authorized_keys``. Ignored with ``open``."""
    open: bool = False
    """Let anyone in, without a key."""
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    """End a session after this long without a key from its client, and a connection after
    this long without a session or a key; 0: never."""
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_sessions_per_client: int = DEFAULT_MAX_SESSIONS_PER_CLIENT
    """Sessions open at once from one address, over all its connections."""
    startups: StartupLimits = field(default_factory=StartupLimits)
    """Connections not yet logged in, and how long each has to log in."""
    app_args: tuple[str, ...] = ()
    """Options for each session's explorer (``--lang``, ``--low-bandwidth``, ``--data``)."""
    cwd: str | None = None
    """The sessions' working directory; None: the user's home directory (or ``/``)."""
    command: tuple[str, ...] = (sys.executable, "-P", "-m", "bijie_tui")
    """``-P``: nothing is imported from the working directory."""
    grace: float = HANGUP_GRACE
    fork_server: bool = False
    """Fork sessions from a warm process (:mod:`.fork_server`) where the platform can, and
    the command is the explorer's; otherwise each session is a new process."""
    proxy_protocol: TrustedProxies | None = None
    """The load balancers whose connections begin with a PROXY header naming the client;
    None: a PROXY header is refused from anyone."""


def default_host_key() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("bijie-tui", appauthor=False)) / HOST_KEY_NAME


def load_host_key(path: Path | None) -> tuple[asyncssh.SSHKey, Path, bool]:
    """The host key, made (mode 0600) when the default file does not exist yet.

    Returns the key, its file and whether it was made now.
    """
    made = False
    if path is None:
        path = default_host_key()
        if not path.exists():
            _make_host_key(path)
            made = True
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ServeError(f"{path}: cannot read the host key: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise ServeError(f"{path}: the host key is not a file")
    if mode & 0o077:
        raise ServeError(
            f"{path}: the host key can be read by others (mode {stat.S_IMODE(mode):04o}); "
            f"chmod 600 it"
        )
    owner = path.stat().st_uid
    if owner not in (os.getuid(), 0):
        raise ServeError(
            f"{path}: the host key is owned by another user (uid {owner}); it must be owned "
            "by the server's user or root"
        )
    try:
        key = asyncssh.read_private_key(path)
    except OSError as exc:
        raise ServeError(f"{path}: cannot read the host key: {exc.strerror or exc}") from None
    except (asyncssh.KeyImportError, ValueError) as exc:
        raise ServeError(f"{path}: not a private key without a passphrase: {exc}") from None
    return key, path, made


def _make_host_key(path: Path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.export_private_key())
    except OSError as exc:
        raise ServeError(f"{path}: cannot make the host key: {exc.strerror or exc}") from None


def default_authorized_keys() -> Path:
    return Path.home() / ".ssh" / "authorized_keys"


@dataclass
class Server:
    """A running server: its address, its sessions, and how to stop it."""

    options: Options
    listener: asyncssh.SSHAcceptor
    fingerprint: str
    sessions: set[Session] = field(default_factory=set)
    log: Callable[[str], None] = field(default=lambda line: None)
    keys: AuthorizedKeys | None = None
    connections: set[_Connection] = field(default_factory=set)
    startups: Startups = field(init=False)
    """The connections not yet logged in."""
    open_sessions: dict[str, int] = field(default_factory=dict)
    """Sessions open (started or not) by address."""
    stopping: bool = False
    forks: fork_server.ForkServer | None = None
    """Where sessions are forked from; None: each is a new process."""
    host_key_path: Path | None = None
    host_key_made: bool = False

    def __post_init__(self) -> None:
        self.startups = Startups(self.options.startups, self.log)

    @property
    def port(self) -> int:
        return self.listener.get_port()

    def full(self) -> bool:
        return len(self.sessions) >= self.options.max_sessions

    async def close(self) -> None:
        """Stop listening, end every session (SIGHUP, then SIGKILL) and wait for them; each
        client is told that the server is stopping."""
        self.stopping = True
        self.listener.close()
        self.startups.close()
        for session in list(self.sessions):
            session.hang_up()
        for session in list(self.sessions):
            await session.ended()
        for connection in list(self.connections):
            connection.disconnect("the server is stopping")
        await self.listener.wait_closed()
        if self.forks is not None:
            await self.forks.close()

    def stopped(self, pid: int) -> None:
        """A forked session's process stopped, and the fork server continued it."""
        for session in self.sessions:
            if session.pid == pid:
                session.was_stopped()


class _Connection(asyncssh.SSHServer):
    """One client: public-key authentication (or none with --open), sessions and nothing else.

    Authentication is sshd's: every request is checked against the authorized-keys file as it
    is now, each refused one is logged with the key's fingerprint and counted, and the
    connection is cut at the :data:`MAX_AUTH_TRIES`-th; a login is logged with its key.
    """

    def __init__(self, server: Server) -> None:
        self._server = server
        self._conn: asyncssh.SSHServerConnection | None = None
        self._user = ""
        self._client = "? port 0"
        """``ADDR port PORT``, as sshd logs a client."""
        self._addr = ""
        self._tried: str | None = None
        """The key of the request being answered (``ED25519 SHA256:...``)."""
        self._asked = False
        """A request has been answered (the client's first, "none", is not a try)."""
        self._failures = 0
        self._terminal = True
        """The entry that let the client in allows a terminal."""
        self._loop = asyncio.get_running_loop()
        self._last_input = self._loop.time()
        self._idle_timer: asyncio.TimerHandle | None = None
        self._running: set[Session] = set()
        """This connection's sessions whose process runs: they watch their own idleness."""
        self._logged_in = False
        self._closed = False

    @property
    def address(self) -> str:
        return self._addr

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self._addr = str(host)
        self._client = printable(f"{host} port {port}")
        self._server.connections.add(self)
        self._server.startups.arrived(self, conn.abort)
        # asyncssh tells its server of no refused request; every refusal, whatever the method
        # and whether the key or its signature was wrong, is sent by this method, so that is
        # where each is logged and counted, as sshd's MaxAuthTries counts them.
        send_failure = conn.send_userauth_failure

        def failure(partial_success: bool) -> None:
            if self._count_failure():
                send_failure(partial_success)

        conn.send_userauth_failure = failure  # type: ignore[method-assign]

    def begin_auth(self, username: str) -> bool:
        self._user = printable(username[:100])
        return not self._server.options.open and self._server.keys is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        self._tried = describe(key)
        keys = self._server.keys
        entry = None if keys is None else keys.allows(key, self._user, self._addr)
        if entry is not None:
            self._terminal = entry.terminal
        return entry is not None

    def validate_ca_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        self._tried = f"certificate signed by {describe(key)}"
        return False

    def _count_failure(self) -> bool:
        """Log and count a refused request; False when it was the last one allowed: the
        connection is then cut instead of answered."""
        tried, self._tried = self._tried, None
        first, self._asked = not self._asked, True
        if tried is None and first:
            return True  # "none": the client asks which methods there are
        self._failures += 1
        method = "publickey" if tried is not None else "authentication"
        key = f": {tried}" if tried is not None else ""
        self._server.log(f"Failed {method} for {self._user} from {self._client} ssh2{key}")
        if self._failures < MAX_AUTH_TRIES:
            return True
        self._server.log(
            f"maximum authentication attempts exceeded for {self._user} from {self._client} ssh2"
        )
        assert self._conn is not None
        self._conn.disconnect(asyncssh.DISC_PROTOCOL_ERROR, "Too many authentication failures")
        return False

    def auth_completed(self) -> None:
        how = "none" if self._tried is None else "publickey"
        key = "" if self._tried is None else f": {self._tried}"
        self._server.log(f"Accepted {how} for {self._user} from {self._client} ssh2{key}")
        self._server.startups.left(self)
        self._logged_in = True
        self.touch()
        self.arm_idle()

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self._server.connections.discard(self)
        self._server.startups.left(self)
        if self._idle_timer is not None:
            self._idle_timer.cancel()

    def disconnect(self, reason: str) -> None:
        """Close the connection, with ``reason`` for the client."""
        if self._conn is not None and not self._closed:
            with contextlib.suppress(asyncssh.Error, OSError):
                self._conn.disconnect(asyncssh.DISC_BY_APPLICATION, reason)

    # -- idleness: a connection without a running session ends after the idle timeout ------

    def touch(self) -> None:
        """A key from the client."""
        self._last_input = self._loop.time()

    def session_running(self, session: Session, running: bool) -> None:
        if running:
            self._running.add(session)
        else:
            self._running.discard(session)
            self.arm_idle()

    def arm_idle(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        minutes = self._server.options.idle_minutes
        if minutes <= 0 or self._closed or not self._logged_in or self._running:
            return
        due = self._last_input + minutes * 60
        if self._loop.time() >= due:
            self._server.log(f"{_peer(self._conn)}: idle for {minutes:g} min, closed")
            self.disconnect(f"idle for {minutes:g} min")
            return
        self._idle_timer = self._loop.call_at(due, self.arm_idle)

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return not self._server.options.open

    def session_requested(self) -> Session:
        assert self._conn is not None
        most = self._server.options.max_sessions_per_client
        if self._server.open_sessions.get(self._addr, 0) >= most:
            self._server.log(
                f"{_peer(self._conn)}: refused a session: {most} open from {self._addr}"
            )
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                f"too many sessions from {self._addr} ({most}); close one first",
            )
        return Session(
            self._server, self._conn, _peer(self._conn), terminal=self._terminal, owner=self
        )

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        self._refused(f"a forward to {dest_host}:{dest_port}")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._refused(f"a remote forward from {listen_host}:{listen_port}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._refused("a forward to a socket")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self._refused("a remote forward from a socket")
        return False

    def _refused(self, what: str) -> None:
        self._server.log(f"{_peer(self._conn)}: refused {printable(what)}")


def _peer(conn: asyncssh.SSHServerConnection | None) -> str:
    if conn is None:
        return "?"
    host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
    user = conn.get_extra_info("username") or ""
    return printable(f"{user}@{host}:{port}" if user else f"{host}:{port}")


class Session(asyncssh.SSHServerSession[bytes]):
    """One session: the explorer in a pseudo-terminal of its own, and nothing else."""

    def __init__(
        self,
        server: Server,
        conn: asyncssh.SSHServerConnection,
        peer: str,
        *,
        terminal: bool = True,
        owner: _Connection | None = None,
    ) -> None:
        self._server = server
        self._conn = conn
        self._owner = owner
        """The connection, told of keys and of the process running (for its idle timeout)."""
        self._addr = "" if owner is None else owner.address
        self._counted = False
        """Counted in the server's sessions open from this address."""
        self._env_requests = 0
        self._peer = peer
        """Who, for the log: ``user@host:port``."""
        self._terminal = terminal
        """The key's entry allows a terminal (not under ``restrict`` or ``no-pty``)."""
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._loop = asyncio.get_running_loop()
        self._term: str | None = None
        self._size = (80, 24)
        self._master = -1
        self._process: asyncio.subprocess.Process | fork_server.Forked | None = None
        self._pending = bytearray()
        self._input_paused = False
        """Reading from the client is paused: the explorer has not read what came."""
        self._paused = False
        self._reading = False
        self._output_done = self._loop.create_future()
        self._done = self._loop.create_future()
        self._gone = False
        """The client went away: nothing more is written to it."""
        self._hung_up = False
        self._idle = False
        self._last_input = self._loop.time()
        self._idle_timer: asyncio.TimerHandle | None = None
        self._kill_timer: asyncio.TimerHandle | None = None
        self._stop_timer: asyncio.TimerHandle | None = None
        self._alternate = False
        """The explorer's output last switched the client's terminal to the alternate screen."""
        self._tail = b""

    # -- what the client asks for --------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan
        self._server.open_sessions[self._addr] = self._server.open_sessions.get(self._addr, 0) + 1
        self._counted = True
        # asyncssh keeps every environment request, and tells the session of none: its handler
        # of them is wrapped to take the first MAX_ENV_REQUESTS only.
        take = chan._process_env_request

        def env_request(packet: SSHPacket) -> bool:
            self._env_requests += 1
            if self._env_requests <= MAX_ENV_REQUESTS:
                return take(packet)
            if self._env_requests == MAX_ENV_REQUESTS + 1:
                self._server.log(
                    f"{self._peer}: more than {MAX_ENV_REQUESTS} environment requests; "
                    "the rest are ignored"
                )
            return False

        chan._process_env_request = env_request  # type: ignore[method-assign]

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Mapping[int, int]
    ) -> bool:
        if not self._terminal:
            # No terminal is made, and the session is refused with a line saying why. The
            # request is not refused as sshd would: OpenSSH's ssh -t then quits at once,
            # without the line.
            return True
        self._term = term_type if _TERM.fullmatch(term_type or "") else SESSION_TERM
        self._resize_to(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self._server.log(f"{self._peer}: refused a command: {printable(command[:200])}")
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self._server.log(f"{self._peer}: refused the subsystem {printable(subsystem[:64])}")
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # the explorer's keys are its only input

    def session_started(self) -> None:
        if self._term is None and not self._terminal:
            self._refuse(
                "this key's entry in the authorized keys allows no terminal (restrict or "
                "no-pty), and the explorer needs one"
            )
            return
        if self._term is None:
            self._refuse("the explorer needs a terminal: connect with 'ssh -t'")
            return
        if self._server.full():
            self._refuse(
                f"the server is full ({self._server.options.max_sessions} sessions); "
                "try again later"
            )
            return
        self._server.sessions.add(self)
        self._loop.create_task(self._run())

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self._last_input = self._loop.time()
        if self._owner is not None:
            self._owner.touch()
        if self._hung_up:
            return
        self._pending += data  # kept until the explorer's terminal is there
        if self._master >= 0:
            self._flush_input()
        if len(self._pending) >= INPUT_BUFFER and not self._input_paused and self._chan:
            # Back-pressure: nothing more is read from the client until the explorer has read
            # this; what the client sends meanwhile waits in the SSH window (INPUT_WINDOW).
            self._input_paused = True
            self._chan.pause_reading()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self._resize_to(width, height)
        if self._master >= 0:
            self._set_size(self._master)

    def eof_received(self) -> bool:
        self.hang_up()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._gone = True
        if self._counted:
            self._counted = False
            left = self._server.open_sessions.get(self._addr, 1) - 1
            if left > 0:
                self._server.open_sessions[self._addr] = left
            else:
                self._server.open_sessions.pop(self._addr, None)
        self.hang_up()
        if self not in self._server.sessions and not self._done.done():
            self._done.set_result(None)

    def pause_writing(self) -> None:
        self._paused = True
        self._watch_output()

    def resume_writing(self) -> None:
        self._paused = False
        self._watch_output()

    # -- the explorer's process ----------------------------------------------------------------

    def _refuse(self, line: str) -> None:
        self._server.log(f"{self._peer}: {line}")
        self._write(f"{PROG}: {line}\r\n".encode())
        self._exit(1)

    def _resize_to(self, width: int, height: int) -> None:
        # A client may send nothing (0), nonsense or an absurd size: nothing is kept, and a
        # size past MAX_WINDOW is clamped to it. The explorer asks for 60 x 18 itself.
        cols, rows = self._size
        most_cols, most_rows = MAX_WINDOW
        self._size = (
            min(width, most_cols) if width > 0 else cols,
            min(height, most_rows) if height > 0 else rows,
        )

    def _set_size(self, fd: int) -> None:
        cols, rows = self._size
        with contextlib.suppress(OSError):
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def environment(self) -> dict[str, str]:
        """The environment of this session's process."""
        env = _base_environment()
        assert self._chan is not None
        for name, value in self._chan.get_environment().items():
            if name in _CLIENT_ENV and _ENV_VALUE.fullmatch(value):
                env[name] = value
        peer = self._conn.get_extra_info("peername") or ("127.0.0.1", 0)
        local = self._conn.get_extra_info("sockname") or ("127.0.0.1", 0)
        # The window size is the pseudo-terminal's, set before the process starts and on every
        # resize. Not COLUMNS and LINES: Textual would take them over the terminal's size and
        # never follow a resize.
        env.update(
            TERM=self._term or SESSION_TERM,
            SSH_CONNECTION=f"{peer[0]} {peer[1]} {local[0]} {local[1]}",
        )
        return env

    def argv(self) -> list[str]:
        return [*self._server.options.command, *self._server.options.app_args]

    async def _run(self) -> None:
        status = 1
        try:
            status = await self._spawn_and_wait()
        except OSError as exc:
            self._server.log(f"{self._peer}: cannot start the explorer: {exc}")
            self._write(f"{PROG}: cannot start the explorer\r\n".encode())
        finally:
            self._server.sessions.discard(self)
            for timer in (self._idle_timer, self._kill_timer, self._stop_timer):
                if timer is not None:
                    timer.cancel()
            if self._master >= 0:
                self._stop_output()
                self._loop.remove_writer(self._master)
                os.close(self._master)
                self._master = -1
            if self._idle:
                minutes = self._server.options.idle_minutes
                self._write(
                    f"{PROG}: the session was idle for {minutes:g} min and is closed\r\n".encode()
                )
            elif self._server.stopping:
                self._write(f"{PROG}: the server is stopping\r\n".encode())
            self._exit(status)
            if self._owner is not None:
                self._owner.session_running(self, False)
            if not self._done.done():
                self._done.set_result(None)

    async def _spawn_and_wait(self) -> int:
        master, slave = os.openpty()
        try:
            self._set_size(slave)
            _no_suspend_character(slave)
            forks = self._server.forks
            cwd = self._server.options.cwd or _home()
            if forks is not None and forks.alive:
                self._process = await forks.spawn(
                    self._server.options.app_args, self.environment(), cwd, slave
                )
            else:
                self._process = await asyncio.create_subprocess_exec(
                    *self.argv(),
                    stdin=slave,
                    stdout=slave,
                    stderr=slave,
                    env=self.environment(),
                    cwd=cwd,
                    start_new_session=True,
                    preexec_fn=_take_terminal,
                )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self._master = master
        os.set_blocking(master, False)
        self._server.log(f"{self._peer}: session started (process {self._process.pid})")
        if self._hung_up:  # the client left while the process was starting
            self._hung_up = False
            self.hang_up()
        if self._owner is not None:
            self._owner.session_running(self, True)
        self._watch_output()
        self._flush_input()
        self._arm_idle()
        self._stop_timer = self._loop.call_later(STOP_CHECK, self._continue_if_stopped)
        code = await self._process.wait()
        # What the explorer wrote last (restoring the terminal) is still to be sent.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._output_done), 1.0)
        if code < 0 or self._alternate:
            self._write(RESTORE_TERMINAL)  # it died without restoring the client's terminal
        how = f"status {code}" if code >= 0 else f"killed by signal {-code}"
        with contextlib.suppress(ValueError):
            how = how if code >= 0 else f"killed by {signal.Signals(-code).name}"
        self._server.log(f"{self._peer}: session ended ({how})")
        return code if code >= 0 else 128 - code

    def _watch_output(self) -> None:
        want = self._master >= 0 and not self._paused and not self._output_done.done()
        if want and not self._reading:
            self._loop.add_reader(self._master, self._read_output)
            self._reading = True
        elif not want and self._reading:
            self._stop_output()

    def _stop_output(self) -> None:
        if self._reading:
            self._loop.remove_reader(self._master)
            self._reading = False

    def _read_output(self) -> None:
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the explorer has closed its terminal
            data = b""
        if data:
            self._write(data)
            seen = self._tail + data
            on, off = seen.rfind(_ALT_ON), seen.rfind(_ALT_OFF)
            if on != off:
                self._alternate = on > off
            self._tail = seen[-len(_ALT_ON) + 1 :]
            return
        self._stop_output()
        if not self._output_done.done():
            self._output_done.set_result(None)

    def _flush_input(self) -> None:
        while self._pending and self._master >= 0:
            try:
                sent = os.write(self._master, self._pending)
            except BlockingIOError:
                self._loop.add_writer(self._master, self._flush_input)
                break
            except OSError:
                self._pending.clear()
                break
            del self._pending[:sent]
        else:
            if self._master >= 0:
                self._loop.remove_writer(self._master)
        if self._input_paused and len(self._pending) < INPUT_BUFFER // 2 and self._chan:
            self._input_paused = False
            self._chan.resume_reading()  # may call data_received at once

    def _arm_idle(self) -> None:
        minutes = self._server.options.idle_minutes
        if minutes <= 0 or self._hung_up:
            return
        due = self._last_input + minutes * 60
        now = self._loop.time()
        if now >= due:
            self._idle = True
            self._server.log(f"{self._peer}: idle for {minutes:g} min, closed")
            self.hang_up()
            return
        self._idle_timer = self._loop.call_at(due, self._arm_idle)

    def _continue_if_stopped(self) -> None:
        """There is no job control in a session: a stopped process (the explorer's suspend
        key, or a signal) is continued; the client could not continue it."""
        self._stop_timer = None
        process = self._process
        if process is None or process.returncode is not None:
            return
        if _stopped(process.pid):
            self.was_stopped()
            self._signal(signal.SIGCONT)
        self._stop_timer = self._loop.call_later(STOP_CHECK, self._continue_if_stopped)

    def was_stopped(self) -> None:
        self._server.log(f"{self._peer}: the explorer was stopped; continued")

    def hang_up(self) -> None:
        """End the explorer: SIGHUP now, SIGKILL after the grace if it is still there."""
        if self._hung_up:
            return
        self._hung_up = True
        process = self._process
        if process is None or process.returncode is not None:
            return
        self._signal(signal.SIGHUP)
        self._signal(signal.SIGCONT)  # a stopped process takes its SIGHUP
        self._kill_timer = self._loop.call_later(
            self._server.options.grace, self._signal, signal.SIGKILL
        )

    def _signal(self, sig: signal.Signals) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def ended(self) -> None:
        """Wait until this session's process has ended and the client has been told."""
        await asyncio.shield(self._done)

    # -- the client ----------------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        if self._gone or self._chan is None:
            return
        with contextlib.suppress(asyncssh.Error, OSError, BrokenPipeError):
            self._chan.write(data)

    def _exit(self, status: int) -> None:
        if self._gone or self._chan is None:
            return
        with contextlib.suppress(asyncssh.Error, OSError):
            self._chan.exit(max(0, min(255, status)))


def _take_terminal() -> None:
    """In the child, after setsid: make its pseudo-terminal the controlling one, so that the
    kernel sends it SIGWINCH on a resize and SIGHUP when the terminal goes; and ignore SIGTSTP
    (there is no job control: a stop could not be undone by the client)."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGTSTP, signal.SIG_IGN)


def _no_suspend_character(fd: int) -> None:
    """No key of the terminal stops its process (the suspend character is disabled)."""
    with contextlib.suppress(termios.error):
        attrs = termios.tcgetattr(fd)
        cc = attrs[6]
        cc[termios.VSUSP] = b"\0"  # _POSIX_VDISABLE on Linux and the BSDs
        if hasattr(termios, "VDSUSP"):
            cc[termios.VDSUSP] = b"\0"
        termios.tcsetattr(fd, termios.TCSANOW, attrs)


def _stopped(pid: int) -> bool:
    """Whether the child ``pid`` is stopped (without reaping it or taking its status)."""
    waitid = getattr(os, "waitid", None)
    if waitid is None:
        return False
    try:
        info = waitid(os.P_PID, pid, os.WSTOPPED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return False
    return info is not None and info.si_code == os.CLD_STOPPED


def _base_environment() -> dict[str, str]:
    """What every session's environment holds, whoever the client: a few names of the
    server's, UTF-8, and ``BIJIE_TUI_SERVED=1`` (nothing is written on the server)."""
    env = {name: os.environ[name] for name in _SERVER_ENV if name in os.environ}
    env.update(LANG="C.UTF-8", BIJIE_TUI_SERVED="1")
    return env


def _home() -> str:
    """The sessions' working directory: the user's home directory, or ``/``."""
    home = os.path.expanduser("~")
    return home if os.path.isdir(home) else "/"


async def start(options: Options, log: Callable[[str], None] | None = None) -> Server:
    """Start listening; the server runs until :meth:`Server.close`."""
    say = log or (lambda line: None)
    # The fork server first: it is started before the host key is read, and never holds it.
    forks = None
    if options.fork_server and options.command == Options.command and fork_server.available():
        forks = await fork_server.ForkServer.start(
            options.app_args, _base_environment(), options.cwd or _home(), say
        )
    try:
        server = await _listen(options, say)
    except BaseException:
        if forks is not None:
            await forks.close()
        raise
    server.forks = forks
    if forks is not None:
        forks.on_stopped = server.stopped
    return server


async def _listen(options: Options, say: Callable[[str], None]) -> Server:
    key, path, made = load_host_key(options.host_key)
    more = [load_host_key(path)[0] for path in options.more_host_keys]
    keys = None
    if not options.open:
        keys = AuthorizedKeys(options.authorized_keys or default_authorized_keys(), say)
        try:
            keys.check()
        except KeyFileError as exc:
            raise ServeError(str(exc)) from None
    holder: list[Server] = []

    def connection() -> _Connection:
        return _Connection(holder[0])

    try:
        listener = await asyncssh.listen(
            options.host,
            options.port,
            server_factory=connection,
            tunnel=ProxyListener(options.proxy_protocol, say),
            server_host_keys=[key, *more],
            send_server_host_keys=True,  # as sshd: clients may learn the next key
            encoding=None,
            line_editor=False,
            allow_pty=True,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            sftp_factory=None,
            password_auth=False,
            kbdint_auth=False,
            gss_host=None,
            keepalive_interval=15,
            keepalive_count_max=3,
            window=INPUT_WINDOW,
            login_timeout=options.startups.grace + 5,  # the server's own timer comes first
            config=None,
        )
    except OSError as exc:
        raise ServeError(
            f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}"
        ) from None
    server = Server(options, listener, key.get_fingerprint(), log=say, keys=keys)
    server.host_key_path, server.host_key_made = path, made
    holder.append(server)
    return server


def serve(options: Options) -> int:
    """Run the server until SIGINT or SIGTERM; print its address, key and warnings."""

    def log(line: str) -> None:
        print(f"{PROG}: {line}", file=sys.stderr, flush=True)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(_LoopErrors(log))
        server = await start(options, log)
        path = server.host_key_path
        if server.host_key_made:
            log(f"made a host key: {path}")
        more = [(load_host_key(extra)[0], extra) for extra in options.more_host_keys]
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, stop.set)
        host = options.host
        shown = f"[{host}]" if ":" in host else host
        print(
            f"{PROG}: serving the explorer over SSH on {shown}:{server.port}\n"
            f"  connect with: ssh -p {server.port} {shown}\n"
            f"  host key: {server.fingerprint} ({path})",
            *(f"  also announced: {key.get_fingerprint()} ({extra})" for key, extra in more),
            sep="\n",
            flush=True,
        )
        if options.open:
            log(
                f"WARNING: --open: ANYONE who can reach {shown}:{server.port} gets the "
                "explorer, without a key"
            )
        else:
            log(f"letting in the keys of {options.authorized_keys or default_authorized_keys()}")
        if options.proxy_protocol is not None:
            log(
                f"--proxy-protocol: connections from {options.proxy_protocol} must begin "
                "with a PROXY header naming the client"
            )
        await stop.wait()
        log("stopping: ending the sessions")
        await server.close()

    asyncio.run(main())
    return 0


class _LoopErrors:
    """The event loop's errors (a failed accept, a callback that raised): one line each, at
    most once a minute for the same message, with how many came since; no traceback."""

    INTERVAL = 60.0

    def __init__(self, log: Callable[[str], None]) -> None:
        self._log = log
        self._seen: dict[str, tuple[float, int]] = {}

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        message = str(context.get("message") or "error")
        exc = context.get("exception")
        now = loop.time()
        last, more = self._seen.get(message, (-self.INTERVAL, 0))
        if now - last < self.INTERVAL:
            self._seen[message] = (last, more + 1)
            return
        if len(self._seen) > 100:
            self._seen.clear()
        self._seen[message] = (now, 0)
        what = f"{message}: {exc!r}" if exc is not None else message
        since = f" ({more} more in the last minute)" if more else ""
        self._log(printable(what[:300]) + since)


def app_args(
    *, lang: str | None, low_bandwidth: bool, ascii: bool, data: str | None
) -> tuple[str, ...]:
    """The explorer's options for every session."""
    args: list[str] = []
    if lang is not None:
        args += ["--lang", lang]
    if low_bandwidth:
        args.append("--low-bandwidth")
    if ascii:
        args.append("--ascii")
    if data is not None:
        args += ["--data", os.path.abspath(data)]
    return tuple(args)


def check_port(port: int) -> None:
    if not 0 <= port <= 65535:
        raise ServeError(f"--port {port}: not a port (0 to 65535)")


__all__: Sequence[str] = (
    "DEFAULT_IDLE_MINUTES",
    "DEFAULT_MAX_SESSIONS",
    "DEFAULT_MAX_SESSIONS_PER_CLIENT",
    "DEFAULT_PORT",
    "MAX_WINDOW",
    "Options",
    "ServeError",
    "Server",
    "Session",
    "app_args",
    "serve",
    "start",
)
