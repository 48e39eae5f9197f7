"""Who gets in to ``serve --ssh``: the authorized-keys file, read as sshd reads it.

The file is read and checked again at each authentication: a key taken out of it is refused at
once, and a file that is gone, empty, unreadable or writable by others (sshd's StrictModes)
lets nobody in. Each entry's options are honoured as OpenSSH honours them, or the entry is
skipped with a log line when it asks for what this server cannot give or check.
"""

from __future__ import annotations

import ipaddress
import os
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncssh

from .model.safe import printable


class KeyFileError(Exception):
    """At start, the file lets nobody in (one line)."""


MAX_AUTH_TRIES = 6
"""Refused authentication requests a connection may make; the last one cuts it (sshd's
MaxAuthTries)."""

_HARMLESS_FLAGS = frozenset(
    {
        "port-forwarding",
        "no-port-forwarding",
        "agent-forwarding",
        "no-agent-forwarding",
        "x11-forwarding",
        "no-x11-forwarding",
        "user-rc",
        "no-user-rc",
        "touch-required",
        "no-touch-required",
    }
)
"""Options about what the server never does (forwarding, running ~/.ssh/rc) or always asks (the
touch of a security key): accepted, and they change nothing."""
_FLAGS = _HARMLESS_FLAGS | {"restrict", "pty", "no-pty"}
_VALUED = frozenset({"expiry-time", "from", "environment", "permitopen", "permitlisten", "tunnel"})
"""Options with a value; ``permitopen``, ``permitlisten`` and ``tunnel`` limit forwarding, which
the server refuses anyway, and are accepted as they are."""
_NOT_HERE = {
    "command": "command=: this server runs only the explorer, not the command the key is kept to",
    "cert-authority": "cert-authority: this server takes no certificates",
    "principals": "principals=: this server takes no certificates",
    "verify-required": "verify-required: this server cannot check a security key's PIN",
}
"""Options that keep a key to something the server cannot give or check: the entry lets nobody
in (letting the key in without them would give it more than its entry allows)."""
_EXPIRY = re.compile(r"([0-9]{8}|[0-9]{12}|[0-9]{14})([Zz]|[Uu][Tt][Cc])?")
_EXPIRY_FORMATS = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
_ENVIRONMENT = re.compile(r"[A-Za-z0-9_]+=.*", re.DOTALL)
_TUNNEL = re.compile(r"[0-9]{1,10}|[Aa][Nn][Yy]")


class _Refused(Exception):
    """Why the authorized-keys file lets nobody in (one line)."""

    def __init__(self, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.hint = hint
        """What to do about it, for the error at start."""


class _Skipped(Exception):
    """Why an entry of the file lets nobody in."""


@dataclass(frozen=True)
class KeyEntry:
    """One entry of the authorized-keys file: a key and what its options allow."""

    where: str
    """``FILE:LINE``, for the log."""
    key: asyncssh.SSHKey
    terminal: bool = True
    """False under ``restrict`` or ``no-pty`` (unless a later ``pty``)."""
    expires: float | None = None
    """``expiry-time``: the key is refused after this time (seconds since the epoch)."""
    sources: str | None = None
    """``from``: the pattern list the client's address must match."""


def _home() -> str | None:
    """The home directory, where sshd's walk up from the key file stops."""
    try:
        return os.path.realpath(Path.home())
    except (RuntimeError, OSError):
        return None


def _writable_by_others(st: os.stat_result) -> bool:
    return st.st_uid not in (0, os.geteuid()) or bool(st.st_mode & 0o022)


def _check_modes(path: Path, st: os.stat_result) -> None:
    """sshd's StrictModes: the file and every directory above it, up to the home directory (or
    to ``/`` for a file outside it), owned by the server's user or root and not writable by
    group or others; a sticky world-writable directory such as /tmp is refused too. Otherwise
    another user could put a key of theirs in the file."""
    real = os.path.realpath(path)
    if not stat.S_ISREG(st.st_mode):
        raise _Refused(f"{path}: not a regular file")
    how = "owned by you or root and writable by no one else (chmod go-w)"
    if _writable_by_others(st):
        raise _Refused(f"{path}: bad ownership or modes for file {real}", f": it must be {how}")
    home = _home()
    here = real
    while True:
        here = os.path.dirname(here)
        try:
            unsafe = _writable_by_others(os.stat(here))
        except OSError:
            unsafe = True
        if unsafe:
            raise _Refused(
                f"{path}: bad ownership or modes for directory {here}",
                f": every directory above the file must be {how}",
            )
        if here in (home, "/"):
            return


def _read_checked(path: Path) -> str:
    """The file's text, checked as by :func:`_check_modes` on the file opened (not on a name
    that could be swapped between the check and the read)."""
    try:
        # Non-blocking: a FIFO put in the file's place must not hold the server.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        hint = (
            ": give the keys to let in with --authorized-keys FILE, or --open to let anyone in"
            if isinstance(exc, FileNotFoundError)
            else ""
        )
        raise _Refused(
            f"{path}: cannot read the authorized keys: {exc.strerror or exc}", hint
        ) from None
    try:
        _check_modes(path, os.fstat(fd))
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    except OSError as exc:
        raise _Refused(f"{path}: cannot read the authorized keys: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")


def _split_options(line: str) -> tuple[list[tuple[str, str | None]], str]:
    """The options that begin an entry, and the rest of it (the key), as sshd reads them:
    comma-separated (an empty one is passed over), names in any case, a value in double quotes
    (``\\"`` for a quote)."""
    options: list[tuple[str, str | None]] = []
    i, end = 0, len(line)
    while True:
        start = i
        while i < end and line[i] not in ',= \t"':
            i += 1
        name = line[start:i].lower()
        shown = printable(name[:40])
        value = None
        if name and i < end and line[i] == "=":
            if i + 1 >= end or line[i + 1] != '"':
                raise _Skipped(f"{shown}=: the value is not in double quotes")
            i += 2
            chars: list[str] = []
            while True:
                if i >= end:
                    raise _Skipped(f"{shown}=: no closing quote")
                if line.startswith('\\"', i):
                    chars.append('"')
                    i += 2
                elif line[i] == '"':
                    i += 1
                    break
                else:
                    chars.append(line[i])
                    i += 1
            value = "".join(chars)
        if name:
            options.append((name, value))
        if i >= end or line[i] in " \t":
            return options, line[i:].strip(" \t")
        if line[i] != ",":
            raise _Skipped(f"unknown option {printable(line[start : i + 1][:40])}")
        i += 1


def _expiry_time(value: str) -> float:
    """``expiry-time="YYYYMMDD[HHMM[SS]]"``: local time, or UTC with a trailing Z (or UTC)."""
    match = _EXPIRY.fullmatch(value)
    if match is None:
        raise _Skipped(f'expiry-time="{printable(value[:40])}": not YYYYMMDD[HHMM[SS]][Z]')
    digits, utc = match.groups()
    try:
        moment = datetime.strptime(digits, _EXPIRY_FORMATS[len(digits)])
    except ValueError:
        raise _Skipped(f'expiry-time="{digits}": not a date') from None
    # A naive datetime's timestamp() is in local time, as sshd reads a time without Z.
    return (moment.replace(tzinfo=UTC) if utc else moment).timestamp()


def _permit_ok(value: str, bare_port: bool) -> bool:
    """``permitopen``/``permitlisten``: ``HOST:PORT`` (``[IPv6]:PORT``), the port a number or
    ``*``; ``permitlisten`` may be a port alone."""
    if bare_port and ":" not in value:
        value = "*:" + value
    if value.startswith("["):
        _host, close, port = value[1:].partition("]")
        if not close or not port.startswith(":"):
            return False
        port = port[1:]
    else:
        _host, _colon, port = value.partition(":")
    return port == "*" or (port.isascii() and port.isdigit() and 0 < int(port) <= 65535)


def _entry(where: str, line: str) -> KeyEntry:
    """One line of the file: the key, and what its options allow (sshd's semantics: later
    options win over earlier ones, the earliest ``expiry-time`` counts)."""
    try:
        return KeyEntry(where, asyncssh.import_public_key(line))
    except (asyncssh.KeyImportError, ValueError):
        pass  # options first, or not a key at all
    options, rest = _split_options(line)
    try:
        key = asyncssh.import_public_key(rest)
    except (asyncssh.KeyImportError, ValueError):
        raise _Skipped("not a public key") from None
    terminal, expires, sources = True, None, None
    for name, value in options:
        if name in _NOT_HERE:
            raise _Skipped(_NOT_HERE[name])
        shown = printable(name[:40])
        if value is None:
            if name not in _FLAGS:
                raise _Skipped(
                    f"{shown}: needs a value" if name in _VALUED else f"unknown option {shown}"
                )
            if name == "restrict":
                terminal = False  # and no forwarding, which the server never does
            elif name in ("pty", "no-pty"):
                terminal = name == "pty"
            continue
        if name not in _VALUED:
            raise _Skipped(
                f"{shown}: takes no value" if name in _FLAGS else f"unknown option {shown}"
            )
        quoted = f'{shown}="{printable(value[:40])}"'
        if name == "expiry-time":
            when = _expiry_time(value)
            expires = when if expires is None else min(expires, when)
        elif name == "from":
            if sources is not None:
                raise _Skipped("from= given twice")
            sources = value
        elif name == "environment" and not _ENVIRONMENT.fullmatch(value):
            raise _Skipped(f"{quoted}: not NAME=value")
        elif name in ("permitopen", "permitlisten") and not _permit_ok(
            value, name == "permitlisten"
        ):
            raise _Skipped(f"{quoted}: not HOST:PORT")
        elif name == "tunnel" and not _TUNNEL.fullmatch(value):
            raise _Skipped(f"{quoted}: not a tunnel device")
        # environment= is checked as sshd does, but never set: sshd sets it only with
        # PermitUserEnvironment (off by default), and a session's environment is the server's.
    return KeyEntry(where, key, terminal=terminal, expires=expires, sources=sources)


def _parse(text: str, path: Path) -> tuple[list[KeyEntry], list[str]]:
    """The entries of the file, and a log line for each one skipped."""
    entries: list[KeyEntry] = []
    skipped: list[str] = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip(" \t\r")
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        try:
            entries.append(_entry(where, line))
        except _Skipped as exc:
            skipped.append(f"{where}: entry skipped: {exc}")
    return entries, skipped


class _BadPattern(Exception):
    """A ``from`` pattern list sshd finds invalid: it lets nobody in."""


def _network(pattern: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A pattern that is an address or a network (``10.0.0.0/8``); None for a wildcard one."""
    address, slash, bits = pattern.partition("/")
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    if slash and not (bits.isascii() and bits.isdigit()):
        return None
    try:
        return ipaddress.ip_network(pattern)  # host bits set or a bad length: invalid
    except ValueError:
        raise _BadPattern(pattern) from None


def _from_allows(patterns: str, addr: str) -> bool:
    """``from="pattern-list"`` as sshd matches it without DNS (UseDNS no, its default): against
    the client's address; a pattern is an address, a network (``10.0.0.0/8``) or a wildcard
    pattern (``*``, ``?``); one that matches after ``!`` refuses, else one must match; an
    empty or invalid pattern refuses."""
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    shown = str(ip)
    allowed = False
    try:
        for item in patterns.split(","):
            negated = item.startswith("!")
            pattern = item[1:] if negated else item
            if not pattern:
                return False
            network = _network(pattern)
            if network is not None:
                matches = ip in network
            else:
                wildcard = "".join(
                    ".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.lower()
                )
                matches = re.fullmatch(wildcard, shown) is not None
            if matches and negated:
                return False
            allowed = allowed or matches
    except _BadPattern:
        return False
    return allowed


class AuthorizedKeys:
    """The authorized-keys file, read and checked again at each authentication, as sshd does:
    a key taken out of it is refused at once, and a file that is gone, empty, unreadable or
    writable by others lets nobody in. Each reason for letting nobody in is logged once, when
    it begins; skipped entries once for each content of the file."""

    def __init__(self, path: Path, log: Callable[[str], None]) -> None:
        self.path = path
        self._log = log
        self._trouble: str | None = None
        """Why nobody is let in, as last logged; None while the file lets keys in."""
        self._reported: str | None = None
        """The text whose skipped entries were logged."""

    def _load(self) -> list[KeyEntry]:
        text = _read_checked(self.path)
        entries, skipped = _parse(text, self.path)
        if text != self._reported:
            self._reported = text
            for line in skipped:
                self._log(line)
        if not entries:
            raise _Refused(f"{self.path}: not an authorized-keys file: no keys in it")
        return entries

    def check(self) -> None:
        """At start: a file that would let nobody in is an error (:class:`KeyFileError`)."""
        try:
            self._load()
        except _Refused as exc:
            raise KeyFileError(f"{exc}{exc.hint}") from None

    def entries(self) -> list[KeyEntry]:
        """The entries as the file has them now; none when it lets nobody in."""
        try:
            entries = self._load()
        except _Refused as exc:
            if str(exc) != self._trouble:
                self._trouble = str(exc)
                self._log(f"{exc}: nobody is let in")
            return []
        if self._trouble is not None:
            self._trouble = None
            self._log(f"{self.path}: keys let in again")
        return entries

    def allows(self, key: asyncssh.SSHKey, user: str, addr: str) -> KeyEntry | None:
        """The first entry that lets this key in from this address now (sshd goes on to the
        next entry of the same key when one's options refuse it)."""
        for entry in self.entries():
            if entry.key.public_data != key.public_data:
                continue
            if entry.expires is not None and entry.expires < time.time():
                when = datetime.fromtimestamp(entry.expires).strftime("%Y-%m-%dT%H:%M:%S")
                self._log(f"{entry.where}: entry expired at {when}")
                continue
            if entry.sources is not None and not _from_allows(entry.sources, addr):
                self._log(
                    f"{entry.where}: Authentication tried for {user} with correct key but not "
                    f"from a permitted host (host={addr}, ip={addr}, "
                    f"required={printable(entry.sources[:200])})."
                )
                continue
            return entry
        return None


def describe(key: asyncssh.SSHKey) -> str:
    """A key as sshd logs it: ``ED25519 SHA256:...``."""
    algorithm = key.get_algorithm()
    base = algorithm.removeprefix("sk-").split("@")[0]
    kind = {"ssh-ed25519": "ED25519", "ssh-ed448": "ED448", "ssh-rsa": "RSA", "ssh-dss": "DSA"}
    name = "ECDSA" if base.startswith("ecdsa-") else kind.get(base, base)
    suffix = "-SK" if algorithm.startswith("sk-") else ""
    return f"{name}{suffix} {key.get_fingerprint()}"
