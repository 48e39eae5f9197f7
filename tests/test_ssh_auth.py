"""``serve --ssh``: who gets in, as sshd decides it.

The authorized-keys file is read at each authentication (a key taken out is refused at once),
refused when others could write to it (StrictModes), its entries' options are honoured or the
entry is skipped, each refused request is logged and counted (MaxAuthTries 6), and each login
logged. The server runs in-process on a free loopback port; the clients are asyncssh's and,
where it is installed, OpenSSH's ``ssh``. Every wait is for a condition, with a deadline.

The key file is in the test's home directory (sshd checks the directories above the file up to
the home directory, and the system's temporary directory, writable by all, would be refused).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")
pytest.importorskip("pyte")

from bijie_tui import ssh_server  # noqa: E402
from test_ssh_server import GONE, connect, environment, one_session, open_session  # noqa: E402

pytestmark = pytest.mark.tour

SSH = shutil.which("ssh")
needs_openssh = pytest.mark.skipif(SSH is None, reason="OpenSSH's ssh is not installed")
WHY_NO_TERMINAL = (
    b"bijie-tui: this key's entry in the authorized keys allows no terminal (restrict or "
    b"no-pty), and the explorer needs one\r\n"
)
DEADLINE = 10.0
"""Seconds allowed for a condition on a loaded machine (a log line, a process ending)."""


@dataclass
class Setup:
    host: Path
    authorized: Path
    client: Any
    stranger: Any
    log: list[str] = field(default_factory=list)

    def allow(self, *lines: str | bytes) -> None:
        """Write these entries into the authorized-keys file (mode 0600)."""
        text = b"".join(
            (line.encode() if isinstance(line, str) else line).rstrip(b"\n") + b"\n"
            for line in lines
        )
        self.authorized.write_bytes(text)
        self.authorized.chmod(0o600)

    def lines(self, pattern: str) -> list[str]:
        return [line for line in self.log if re.search(pattern, line)]


def public(key: Any) -> str:
    text: str = key.export_public_key().decode().strip()
    return text


def described(key: Any) -> str:
    """A key as sshd logs it."""
    return f"ED25519 {key.get_fingerprint()}"


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    host = tmp_path / "host_key"
    fd = os.open(host, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(asyncssh.generate_private_key("ssh-ed25519").export_private_key())
    folder = Path.home() / ".ssh"
    folder.mkdir(mode=0o700)
    made = Setup(
        host,
        folder / "authorized_keys",
        asyncssh.generate_private_key("ssh-ed25519"),
        asyncssh.generate_private_key("ssh-ed25519"),
    )
    made.allow(public(made.client))
    return made


@pytest.fixture
async def serving(setup: Setup) -> AsyncIterator[Callable[..., Any]]:
    servers: list[ssh_server.Server] = []

    async def start(**options: Any) -> ssh_server.Server:
        options.setdefault("authorized_keys", setup.authorized)
        server = await ssh_server.start(
            ssh_server.Options(host="127.0.0.1", port=0, host_key=setup.host, **options),
            log=setup.log.append,
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        await asyncio.wait_for(server.close(), DEADLINE)


async def lets_in(server: ssh_server.Server, key: Any) -> bool:
    try:
        conn = await connect(server, key)
    except asyncssh.PermissionDenied:
        return False
    conn.close()
    await conn.wait_closed()
    return True


async def connect_with(server: ssh_server.Server, keys: list[Any]) -> Any:
    """Connect with asyncssh's client offering these keys in order."""
    return await asyncssh.connect(
        "127.0.0.1",
        server.port,
        username="reader",
        client_keys=keys,
        known_hosts=None,
        config=None,
        agent_path=None,
    )


def replace_by_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


# -- the file is read at each authentication ---------------------------------------------------


async def test_a_key_taken_out_is_refused_at_once_and_each_state_logged_once(
    serving: Callable[..., Any], setup: Setup
) -> None:
    server = await serving()
    assert await lets_in(server, setup.client)
    client = public(setup.client)
    states = [
        ("only a comment", lambda: setup.allow("# nobody for now"), "no keys in it"),
        ("empty", lambda: setup.allow(), "no keys in it"),
        ("only skipped entries", lambda: setup.allow(f"frobnicate {client}"), "no keys in it"),
        ("another key only", lambda: setup.allow(public(setup.stranger)), None),
        ("deleted", setup.authorized.unlink, "No such file"),
        ("a directory", lambda: replace_by_directory(setup.authorized), "not a regular file"),
    ]
    if os.geteuid() != 0:  # root reads it anyway
        states.append(("unreadable", lambda: setup.authorized.chmod(0), "Permission denied"))
    for name, make, said in states:
        make()
        before = len(setup.log)
        assert not await lets_in(server, setup.client), name
        assert not await lets_in(server, setup.client), name
        trouble = [line for line in setup.log[before:] if "nobody is let in" in line]
        if said is None:
            assert trouble == [], name
        else:
            assert len(trouble) == 1 and said in trouble[0], (name, trouble)
        if setup.authorized.is_dir():
            setup.authorized.rmdir()
        setup.allow(client)
        assert await lets_in(server, setup.client), name
    assert len(setup.lines("keys let in again")) == len(states) - 1


@needs_openssh
async def test_openssh_logs_in_and_is_refused_once_its_key_is_taken_out(
    serving: Callable[..., Any], setup: Setup, tmp_path: Path
) -> None:
    server = await serving()
    key = private_key_file(tmp_path / "id_client", setup.client)
    status, out, err = await openssh(server, [key])
    assert status == 1 and "the explorer needs a terminal" in out, (status, out, err)
    assert setup.lines(
        rf"^Accepted publickey for reader from 127\.0\.0\.1 port \d+ ssh2: "
        rf"{re.escape(described(setup.client))}$"
    )

    setup.allow("# nobody for now")
    status, out, err = await openssh(server, [key])
    assert status == 255 and "Permission denied (publickey)" in err, (status, out, err)
    assert setup.lines(rf"^Failed publickey for reader .*{re.escape(described(setup.client))}$")


async def test_a_key_file_that_lets_nobody_in_is_an_error_at_start(
    serving: Callable[..., Any], setup: Setup
) -> None:
    for make, said in (
        (lambda: setup.allow("# nobody yet"), "no keys in it"),
        (lambda: setup.allow(f"frobnicate {public(setup.client)}"), "no keys in it"),
        (setup.authorized.unlink, "No such file or directory: give the keys to let in with"),
        (setup.authorized.mkdir, "not a regular file"),
    ):
        make()
        with pytest.raises(ssh_server.ServeError, match=said):
            await serving()
    assert setup.lines("authorized_keys:1: entry skipped: unknown option frobnicate")


# -- StrictModes ---------------------------------------------------------------------------------


async def test_a_key_file_others_can_write_is_an_error_at_start(
    serving: Callable[..., Any], setup: Setup, tmp_path: Path
) -> None:
    for mode in (0o666, 0o620, 0o602):
        setup.authorized.chmod(mode)
        with pytest.raises(ssh_server.ServeError, match="bad ownership or modes for file"):
            await serving()
    setup.authorized.chmod(0o644)  # others may read it, as sshd allows
    await serving()

    folder = Path.home() / "keys"
    folder.mkdir()
    inside = folder / "authorized_keys"
    shutil.copy(setup.authorized, inside)
    inside.chmod(0o600)
    for mode in (0o777, 0o1777, 0o770):  # sticky or not, as sshd
        folder.chmod(mode)
        with pytest.raises(ssh_server.ServeError, match=f"modes for directory {folder}"):
            await serving(authorized_keys=inside)
    folder.chmod(0o755)
    await serving(authorized_keys=inside)

    # Outside the home directory every directory up to / counts.
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "deeper").mkdir(mode=0o700)
    outside = shared / "deeper" / "authorized_keys"
    shutil.copy(setup.authorized, outside)
    outside.chmod(0o600)
    shared.chmod(0o1777)
    with pytest.raises(ssh_server.ServeError, match=f"modes for directory {shared}"):
        await serving(authorized_keys=outside)

    if os.geteuid() == 0:  # a file owned by another user, who could write to it
        os.chown(setup.authorized, 65534, 65534)
        with pytest.raises(ssh_server.ServeError, match="bad ownership or modes for file"):
            await serving()


def test_serve_with_a_key_file_others_can_write_is_one_line_and_status_2(
    setup: Setup,
) -> None:
    setup.authorized.chmod(0o666)
    # -W ignore: the warnings some versions of cryptography print when asyncssh is imported.
    argv = [sys.executable, "-W", "ignore", "-m", "bijie_tui", "serve", "--ssh", "--port", "0"]
    argv += ["--host-key", str(setup.host), "--authorized-keys", str(setup.authorized)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("bijie-tui: error: "), err
    assert f"bad ownership or modes for file {setup.authorized}" in err
    assert "serving" not in out


async def test_a_key_file_made_writable_by_others_after_start_lets_nobody_in(
    serving: Callable[..., Any], setup: Setup
) -> None:
    server = await serving()
    for what, target, mode in (
        ("file", setup.authorized, 0o666),
        ("directory", setup.authorized.parent, 0o777),
        ("directory", Path.home(), 0o775),
    ):
        before = len(setup.log)
        safe = target.stat().st_mode & 0o7777
        target.chmod(mode)
        assert not await lets_in(server, setup.client), target
        assert not await lets_in(server, setup.client), target
        said = [line for line in setup.log[before:] if "nobody is let in" in line]
        assert len(said) == 1, said
        assert f"bad ownership or modes for {what} {target}" in said[0]
        target.chmod(safe)
        assert await lets_in(server, setup.client), target


# -- the options of an entry ---------------------------------------------------------------------


async def test_an_expired_entry_is_refused(serving: Callable[..., Any], setup: Setup) -> None:
    server = await serving()
    key = public(setup.client)
    for expired in ("20000101", "200001011200", "20000101120000Z", "20000101Z"):
        setup.allow(f'expiry-time="{expired}" {key}')
        assert not await lets_in(server, setup.client), expired
    assert len(setup.lines(r"authorized_keys:1: entry expired")) == 4
    for later in ("29991231", "299912312359Z", "29991231235959"):
        setup.allow(f'expiry-time="{later}" {key}')
        assert await lets_in(server, setup.client), later
    # Of two, the earlier counts; an expired entry does not hide a later one for the same key.
    setup.allow(f'expiry-time="29991231",expiry-time="20000101" {key}')
    assert not await lets_in(server, setup.client)
    setup.allow(f'expiry-time="20000101" {key}', f'expiry-time="29991231" {key}')
    assert await lets_in(server, setup.client)
    # Not a date: the entry is skipped.
    for bad in ("2000", "20001301", "tomorrow"):
        setup.allow(f'expiry-time="{bad}" {key}')
        assert not await lets_in(server, setup.client), bad
        assert setup.lines(r"authorized_keys:1: entry skipped: expiry-time=")


async def test_an_expiry_time_is_local_time_unless_it_ends_in_z(
    serving: Callable[..., Any], setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = await serving()
    key = public(setup.client)
    # Two hours from now, written in UTC: still valid read as UTC; read as the local time of a
    # zone 14 hours ahead it was 12 hours ago, of a zone 12 hours behind it is 14 hours ahead.
    soon = time.strftime("%Y%m%d%H%M%S", time.gmtime(time.time() + 2 * 3600))
    cases = [("Etc/GMT-14", "", False), ("Etc/GMT-14", "Z", True), ("Etc/GMT+12", "", True)]
    try:
        for zone, suffix, allowed in cases:
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            setup.allow(f'expiry-time="{soon}{suffix}" {key}')
            assert await lets_in(server, setup.client) == allowed, (zone, suffix)
    finally:
        monkeypatch.undo()
        time.tzset()


async def test_restrict_and_no_pty_give_no_terminal_and_say_why(
    serving: Callable[..., Any], setup: Setup
) -> None:
    server = await serving()
    key = public(setup.client)
    for options in ("restrict", "no-pty", "pty,restrict", "RESTRICT"):
        setup.allow(f"{options} {key}")
        conn = await connect(server, setup.client)
        chan, screen = await open_session(conn)
        await asyncio.wait_for(screen.closed.wait(), DEADLINE)
        assert chan.get_exit_status() == 1, options
        assert screen.raw == WHY_NO_TERMINAL, (options, screen.raw)
        result = await asyncio.wait_for(conn.run(encoding=None), DEADLINE)  # nor without one
        assert result.exit_status == 1 and result.stdout == WHY_NO_TERMINAL, options
        assert not server.sessions
        conn.close()
    for options in ("restrict,pty", "no-pty,pty"):
        setup.allow(f"{options} {key}")
        conn = await connect(server, setup.client)
        await open_session(conn)
        session = await one_session(server)
        conn.close()
        await asyncio.wait_for(session.ended(), GONE + DEADLINE)


@needs_openssh
async def test_openssh_is_told_why_a_restricted_key_gets_no_terminal(
    serving: Callable[..., Any], setup: Setup, tmp_path: Path
) -> None:
    server = await serving()
    setup.allow(f"restrict {public(setup.client)}")
    key = private_key_file(tmp_path / "id_client", setup.client)
    status, out, err = await openssh(server, [key], "-tt")
    assert status == 1, (status, out, err)
    assert out.encode() == WHY_NO_TERMINAL, (out, err)


async def test_an_entry_with_an_option_not_understood_is_skipped_and_logged(
    serving: Callable[..., Any], setup: Setup
) -> None:
    server = await serving()
    key = public(setup.client)
    cases = {
        "frobnicate": "unknown option frobnicate",
        'frobnicate="1"': "unknown option frobnicate",
        'command="ls -l"': "command=: this server runs only the explorer",
        "verify-required": "verify-required",
        "cert-authority": "cert-authority: this server takes no certificates",
        'principals="reader"': "principals=: this server takes no certificates",
        'restrict="yes"': "restrict: takes no value",
        "from": "from: needs a value",
        'from="127.0.0.1': "no closing quote",
        "from=127.0.0.1": "not in double quotes",
        'from="127.0.0.1",from="127.0.0.1"': "from= given twice",
        'environment="=x"': "not NAME=value",
        'from="127.0.0.1"x': 'unknown option from="127.0.0.1"x',
        'permitopen="nowhere"': "not HOST:PORT",
        'environment="A-B=c"': "not NAME=value",
    }
    for options, said in cases.items():
        setup.allow(f"{options} {key}")
        before = len(setup.log)
        assert not await lets_in(server, setup.client), options
        skipped = [line for line in setup.log[before:] if "entry skipped" in line]
        assert len(skipped) == 1 and said in skipped[0], (options, skipped)
        assert skipped[0].startswith(f"{setup.authorized}:1: entry skipped: ")
    # Skipped entries are logged once for what the file holds, not at each attempt.
    before = len(setup.log)
    assert not await lets_in(server, setup.client)
    assert not [line for line in setup.log[before:] if "entry skipped" in line]
    # A skipped entry leaves the others.
    setup.allow(f"frobnicate {key}", key)
    assert await lets_in(server, setup.client)


async def test_from_is_matched_against_the_address_and_harmless_options_are_accepted(
    serving: Callable[..., Any], setup: Setup
) -> None:
    server = await serving()
    key = public(setup.client)
    cases = {
        'from="127.0.0.1"': True,
        'from="127.0.0.0/8"': True,
        'from="10.0.0.0/8,127.0.0.*"': True,
        'from="10.0.0.0/8"': False,
        'FROM="10.0.0.0/8"': False,
        'from="!127.0.0.1,*"': False,
        'from="localhost"': False,  # no DNS: names are not looked up, as sshd's UseDNS no
        'from="127.0.0.1/8"': False,  # invalid (host bits set), as sshd
        'from="127.0.0.1,"': False,  # an empty pattern: invalid
    }
    for options, allowed in cases.items():
        setup.allow(f"{options} {key}")
        assert await lets_in(server, setup.client) == allowed, options
    assert setup.lines(
        r"authorized_keys:1: Authentication tried for reader with correct key but not from a "
        r"permitted host \(host=127\.0\.0\.1, ip=127\.0\.0\.1, required=10\.0\.0\.0/8\)\.$"
    )

    harmless = (
        "no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc,port-forwarding,"
        "agent-forwarding,X11-forwarding,user-rc,touch-required,"
        'permitopen="127.0.0.1:80",permitlisten="8080",tunnel="0",no-touch-required,'
        'environment="BIJIE_TUI_LANG=zh",environment="EVIL=1"'
    )
    setup.allow(f"{harmless} {key}")
    conn = await connect(server, setup.client)
    await open_session(conn)
    session = await one_session(server)
    assert session.pid is not None
    env = environment(session.pid)
    assert "EVIL" not in env and "BIJIE_TUI_LANG" not in env  # environment= is not honoured
    with pytest.raises(asyncssh.ChannelOpenError):  # port-forwarding: still nothing forwarded
        await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", server.port)
    conn.close()
    await asyncio.wait_for(session.ended(), GONE + DEADLINE)
    assert not setup.lines("entry skipped")


# -- refused requests: logged and counted --------------------------------------------------------


async def test_logins_and_refused_keys_are_logged_as_sshd_logs_them(
    serving: Callable[..., Any], setup: Setup
) -> None:
    server = await serving()
    assert not await lets_in(server, setup.stranger)
    assert await lets_in(server, setup.client)
    port = r"127\.0\.0\.1 port \d+ ssh2"
    assert setup.lines(
        rf"^Failed publickey for reader from {port}: {re.escape(described(setup.stranger))}$"
    )
    assert setup.lines(
        rf"^Accepted publickey for reader from {port}: {re.escape(described(setup.client))}$"
    )
    assert len(setup.lines("^Failed")) == 1  # the client's opening "none" is not a try
    assert len(setup.lines("^Accepted")) == 1


async def test_a_connection_is_cut_after_six_refused_keys(
    serving: Callable[..., Any], setup: Setup
) -> None:
    server = await serving()
    strangers = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(40)]
    with pytest.raises(asyncssh.DisconnectError) as caught:
        await connect_with(server, [*strangers, setup.client])
    assert caught.value.reason == "Too many authentication failures"
    failed = setup.lines("^Failed publickey")
    assert [line.rsplit(": ", 1)[1] for line in failed] == [described(k) for k in strangers[:6]]
    assert len(setup.lines("^maximum authentication attempts exceeded for reader from ")) == 1
    assert not setup.lines("^Accepted")

    # Five refused keys, then the right one: in.
    conn = await connect_with(server, [*strangers[:5], setup.client])
    conn.close()
    assert len(setup.lines("^Accepted publickey")) == 1


@needs_openssh
async def test_openssh_is_cut_after_six_refused_keys(
    serving: Callable[..., Any], setup: Setup, tmp_path: Path
) -> None:
    server = await serving()
    files = [
        private_key_file(tmp_path / f"id_{n}", asyncssh.generate_private_key("ssh-ed25519"))
        for n in range(6)
    ]
    right = private_key_file(tmp_path / "id_client", setup.client)
    status, out, err = await openssh(server, [*files, right])
    assert status == 255 and "Too many authentication failures" in err, (status, out, err)
    assert len(setup.lines("^Failed publickey")) == 6
    assert not setup.lines("^Accepted")

    status, out, err = await openssh(server, [*files[:5], right])
    assert status == 1 and "the explorer needs a terminal" in out, (status, out, err)


# -- OpenSSH's client ----------------------------------------------------------------------------


def private_key_file(path: Path, key: Any) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.export_private_key())
    return path


async def openssh(
    server: ssh_server.Server, keys: list[Path], tty: str = "-T"
) -> tuple[int, str, str]:
    """Log in with OpenSSH's ssh and these keys, tried in order (no agent, no config); its exit
    status, output and errors."""
    assert SSH is not None
    argv = [SSH, "-F", "/dev/null", tty, "-p", str(server.port), "-l", "reader"]
    for option in (
        "BatchMode=yes",
        "StrictHostKeyChecking=no",
        "UserKnownHostsFile=/dev/null",
        "IdentitiesOnly=yes",
        "IdentityAgent=none",
        "PreferredAuthentications=publickey",
        "ConnectTimeout=10",
    ):
        argv += ["-o", option]
    for key in keys:
        argv += ["-i", str(key)]
    proc = await asyncio.create_subprocess_exec(
        *argv,
        "127.0.0.1",
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")
