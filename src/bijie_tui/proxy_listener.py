"""A TCP listener that reads the PROXY protocol (:mod:`.proxy_protocol`) before a server's own
protocol sees a byte.

Every accepted connection goes through :class:`_Gate`, an asyncio protocol in front of the
server's. A connection from a trusted balancer must begin with a PROXY header, read within
:data:`HEADER_TIMEOUT` seconds; the server's protocol is made only then, and sees a transport
whose ``peername`` (and ``sockname``) are the ones the header gives, so that everything keyed
on the client's address (the log, ``from=`` in authorized_keys, the per-client limits) sees the
client, not the balancer. A connection from anyone else goes to the server at once (so that the
server speaks first, as SSH servers do); a PROXY header at its start is refused. A refusal
closes the connection; the first from each address in a minute is logged in a line of its own,
the others counted in one line a minute (:data:`REPORT_EVERY`), so that a flood of them costs
the log one line a minute, not one per connection.

A trusted connection closed before sending a byte (a balancer's TCP health check) is not logged.
The listener is given to asyncssh as its ``tunnel`` (an object with ``create_server``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .model.safe import printable
from .proxy_protocol import (
    V1_PREFIX,
    V2_SIGNATURE,
    ProxyHeader,
    ProxyHeaderError,
    TrustedProxies,
    could_be,
    parse,
)

HEADER_TIMEOUT = 10.0
"""Seconds a trusted balancer has to send its PROXY header."""

REPORT_EVERY = 60.0
"""Seconds between the lines that count the refusals not logged one by one."""
NAMED_MAX = 100
"""Most addresses whose first refusal of a minute gets a line of its own."""

Factory = Callable[[str, int], asyncio.BaseProtocol]
"""Makes the server's protocol for a connection (asyncssh's: ``(orig_host, orig_port)``)."""


def _who(address: object) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        return printable(f"{address[0]} port {address[1]}")
    return "?"


class ProxyListener:
    """What asyncssh listens with: PROXY headers from ``trusted`` balancers only."""

    def __init__(
        self,
        trusted: TrustedProxies | None,
        log: Callable[[str], None],
        timeout: float = HEADER_TIMEOUT,
    ) -> None:
        self.trusted = trusted
        self.log = log
        self.timeout = timeout
        self._named: set[str] = set()
        """Addresses whose refusal was logged in a line of its own this minute."""
        self._counted: dict[str, int] = {}
        """Refusals not logged one by one this minute, by why."""
        self._report: asyncio.TimerHandle | None = None

    def refused(self, peer: object, why: str) -> None:
        """A connection from ``peer`` refused for ``why``: logged, or counted if its address
        was logged already this minute (or too many were)."""
        host = printable(str(peer[0])) if isinstance(peer, tuple) and peer else "?"
        if host not in self._named and len(self._named) < NAMED_MAX:
            self._named.add(host)
            self.log(f"{_who(peer)}: {why}: connection closed")
        else:
            kind = why.split(":", 1)[0]
            self._counted[kind] = self._counted.get(kind, 0) + 1
        if self._report is None:
            self._report = asyncio.get_running_loop().call_later(REPORT_EVERY, self.report)

    def report(self) -> None:
        """Log the refusals counted since the last report, in one line; a new minute starts."""
        self._report = None
        counted, self._counted = self._counted, {}
        self._named.clear()
        if counted:
            total = sum(counted.values())
            parts = "; ".join(f"{n} {kind}" for kind, n in sorted(counted.items()))
            self.log(f"refused {total} more connection{'s' if total != 1 else ''}: {parts}")

    async def create_server(self, factory: Factory, host: str, port: int) -> asyncio.Server:
        loop = asyncio.get_running_loop()
        return await loop.create_server(lambda: _Gate(self, factory), host or None, port)


class _Proxied:
    """The connection's transport, with the client's addresses from the PROXY header."""

    def __init__(self, transport: asyncio.Transport, header: ProxyHeader) -> None:
        self._transport = transport
        self._extra: dict[str, Any] = {"proxy_header": header}
        if header.source is not None:
            self._extra["peername"] = header.source
            self._extra["balancer"] = transport.get_extra_info("peername")
        if header.destination is not None:
            self._extra["sockname"] = header.destination

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        if name in self._extra:
            return self._extra[name]
        return self._transport.get_extra_info(name, default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _Gate(asyncio.Protocol):
    def __init__(self, listener: ProxyListener, factory: Factory) -> None:
        self._listener = listener
        self._factory = factory
        self._inner: asyncio.Protocol | None = None
        self._transport: asyncio.Transport | None = None
        self._buffer = b""
        self._checking = False
        """Untrusted: the first bytes are looked at for a PROXY header."""
        self._timer: asyncio.TimerHandle | None = None
        self._peer: object = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._peer = transport.get_extra_info("peername")
        host = self._peer[0] if isinstance(self._peer, tuple) else None
        trusted = self._listener.trusted
        if trusted is not None and host is not None and host in trusted:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self._listener.timeout, self._too_slow)
            return
        self._checking = True
        self._begin(transport, b"")

    def _begin(self, transport: Any, data: bytes) -> None:
        inner = self._factory("", 0)
        assert isinstance(inner, asyncio.Protocol)
        self._inner = inner
        inner.connection_made(transport)
        if data:
            inner.data_received(data)

    def _refuse(self, why: str) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._listener.refused(self._peer, why)
        self._buffer = b""
        if self._transport is not None:
            self._transport.abort()

    def _too_slow(self) -> None:
        self._timer = None
        self._refuse(f"no PROXY header within {self._listener.timeout:g} s")

    def data_received(self, data: bytes) -> None:
        if self._transport is None or self._transport.is_closing():
            return
        if self._checking:
            self._check(data)
        elif self._inner is not None:
            self._inner.data_received(data)
        else:
            self._read_header(data)

    def _check(self, data: bytes) -> None:
        """An untrusted peer's first bytes: a PROXY header there is refused."""
        head = self._buffer + data
        if head.startswith(V1_PREFIX) or head.startswith(V2_SIGNATURE):
            how = (
                "not from a trusted balancer (--proxy-protocol)"
                if self._listener.trusted is not None
                else "taken only with --proxy-protocol"
            )
            self._refuse(f"refused a PROXY header: {how}")
            return
        if could_be(head):
            self._buffer = head  # not yet decided (at most 11 bytes)
            return
        self._checking = False
        self._buffer = b""
        assert self._inner is not None
        self._inner.data_received(head)

    def _read_header(self, data: bytes) -> None:
        self._buffer += data
        try:
            header = parse(self._buffer)
        except ProxyHeaderError as exc:
            self._refuse(f"a bad PROXY header from a trusted balancer: {exc}")
            return
        if header is None:
            return  # bounded: parse refuses a header past its limits
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        rest, self._buffer = self._buffer[header.length :], b""
        assert self._transport is not None
        self._begin(_Proxied(self._transport, header), rest)

    def eof_received(self) -> bool | None:
        if self._inner is None:
            return None
        if self._checking and self._buffer:
            self._checking = False
            head, self._buffer = self._buffer, b""
            self._inner.data_received(head)
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
            if self._buffer:
                self._listener.log(f"{_who(self._peer)}: closed in the middle of a PROXY header")
        if self._inner is not None:
            self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._inner is not None:
            self._inner.resume_writing()
