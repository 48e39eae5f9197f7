"""A TCP listener that reads the PROXY protocol (:mod:`.proxy_protocol`) before a server's own
protocol sees a byte.

Every accepted connection goes through :class:`_Gate`, an asyncio protocol in front of the
server's. A connection from a trusted balancer must begin with a PROXY header, read within
:data:`HEADER_TIMEOUT` seconds; the server's protocol is made only then, and sees a transport
whose ``peername`` (and ``sockname``) are the ones the header gives, so that everything keyed
on the client's address (the log, ``from=`` in authorized_keys, the per-client limits) sees the
client, not the balancer. A connection from anyone else goes to the server at once (so that the
server speaks first, as SSH servers do); a PROXY header at its start is refused. Refusals are
logged, one line each, and close the connection.

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
        self._listener.log(f"{_who(self._peer)}: {why}: connection closed")
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
