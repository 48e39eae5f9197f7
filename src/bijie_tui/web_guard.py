"""What guards ``bijie-tui serve``'s web server (:mod:`.serve`) against the strangers it faces.

- **Origin and Host.** A request whose ``Host`` is not one of the server's own addresses (the
  address it listens on, the host of ``--public-url``, and for a loopback address ``localhost``,
  ``127.0.0.1`` and ``[::1]`` with its port) is refused with 403: a page on another site cannot
  reach it through a DNS name it points at this machine (DNS rebinding). A request that has an
  ``Origin`` other than the server's own is refused with 403 too: a page on another site cannot
  start a session in its visitor's browser and read the explorer. Browsers always send
  ``Origin`` with a websocket; a client that sends none is not a browser, and such a client
  could send any ``Origin`` it liked, so refusing it would stop nobody: it is let in.
- **Sessions at once.** At most ``--max-sessions`` (16 unless told otherwise, as for the SSH
  server); one more is refused with 503 before its explorer starts.
- **Screen size.** A session's width and height, from the websocket's address and from every
  ``resize`` message, are kept within :data:`MAX_WIDTH` × :data:`MAX_HEIGHT`.
- **Messages.** A websocket message larger than :data:`MAX_MESSAGE` ends the session (close code
  1009); a message that is not one the page sends (``stdin``, ``resize``, ``ping``, ``focus``,
  ``blur``, well formed) is ignored.

aiohttp and textual-serve are imported only when the server starts, as in :mod:`.serve`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .display import MAX_SCREEN

if TYPE_CHECKING:
    from aiohttp import web
    from aiohttp.typedefs import Handler, Middleware
    from textual_serve.app_service import AppService

MAX_WIDTH, MAX_HEIGHT = MAX_SCREEN
"""The largest screen a session gets, in cells, as over SSH."""
DEFAULT_WIDTH = 80
DEFAULT_HEIGHT = 24
"""The size of a session whose websocket address gives none (textual-serve's own default)."""
MAX_MESSAGE = 64 * 1024
"""The largest websocket message, in bytes: a key, a paste or a resize is far smaller."""
WEBSOCKET_PATH = "/ws"
"""textual-serve's websocket, which starts a session."""
MESSAGE_TOO_BIG = 1009
"""The websocket close code for a message over :data:`MAX_MESSAGE` (RFC 6455)."""

_DEFAULT_PORTS = {"http": 80, "https": 443}


def clamp(width: int, height: int) -> tuple[int, int]:
    """``width`` × ``height`` kept within 1 × 1 and :data:`MAX_WIDTH` × :data:`MAX_HEIGHT`."""
    return max(1, min(width, MAX_WIDTH)), max(1, min(height, MAX_HEIGHT))


def _cells(text: str | None, default: int) -> int:
    """A number of cells from the websocket's address; ``default`` when it is not a number."""
    if text is None or not (text.isascii() and text.isdigit()):
        return default
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) <= 9 else 10**9  # clamped anyway; no huge int() parse


def size_from_query(width: str | None, height: str | None) -> tuple[int, int]:
    """The size a session starts at, from the websocket's ``width`` and ``height``, clamped."""
    return clamp(_cells(width, DEFAULT_WIDTH), _cells(height, DEFAULT_HEIGHT))


def _bracketed(host: str) -> str:
    """``host`` as it is written in a URL: an IPv6 address in brackets, lower case."""
    host = host.lower()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


@dataclass(frozen=True)
class Addresses:
    """The ``Host`` and ``Origin`` values of requests meant for this server (lower case)."""

    hosts: frozenset[str]
    origins: frozenset[str]

    def host_ok(self, host: str | None) -> bool:
        return host is not None and host.lower() in self.hosts

    def origin_ok(self, origin: str | None) -> bool:
        """An ``Origin`` of this server's, or none (a client that is not a browser)."""
        return origin is None or origin.lower() in self.origins


def addresses(host: str, port: int, public_url: str, *, loopback: bool) -> Addresses:
    """The server's own addresses: where it listens (``host`` and ``port``; with ``loopback``,
    also ``localhost``, ``127.0.0.1`` and ``[::1]``) and ``public_url``, the address browsers
    use. Raises ValueError when ``public_url`` is not an ``http://`` or ``https://`` address."""
    hosts: set[str] = set()
    origins: set[str] = set()

    def add(scheme: str, name: str, port: int) -> None:
        name = _bracketed(name)
        hosts.add(f"{name}:{port}")
        if port == _DEFAULT_PORTS[scheme]:
            # A browser leaves the scheme's own port out of Host and Origin; a proxy may not.
            hosts.add(name)
            origins.add(f"{scheme}://{name}")
        else:
            origins.add(f"{scheme}://{name}:{port}")

    for name in [host, *(("localhost", "127.0.0.1", "::1") if loopback else ())]:
        add("http", name, port)
    public = urlsplit(public_url.strip())
    scheme = public.scheme.lower()
    public_port = public.port  # ValueError for a port that is not a number
    if scheme not in _DEFAULT_PORTS or not public.hostname:
        raise ValueError("not an http:// or https:// address")
    add(scheme, public.hostname, public_port or _DEFAULT_PORTS[scheme])
    return Addresses(frozenset(hosts), frozenset(origins))


class Guard:
    """The checks on every request, as aiohttp middleware (:meth:`middleware`): Host and
    Origin, then for the websocket the sessions at once and the size it starts at."""

    def __init__(self, allowed: Addresses, max_sessions: int) -> None:
        self.allowed = allowed
        self.max_sessions = max_sessions
        self.sessions = 0
        """Websockets whose handler is running (a session, from its start to its end)."""

    def middleware(self) -> Middleware:
        from aiohttp import web

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            if not self.allowed.host_ok(request.headers.get("Host")):
                return web.Response(
                    status=403,
                    text="Refused: this is not the server's address (serve --public-url "
                    "gives the address browsers use).\n",
                )
            if not self.allowed.origin_ok(request.headers.get("Origin")):
                return web.Response(status=403, text="Refused: a page of another site.\n")
            if request.path != WEBSOCKET_PATH:
                return await handler(request)
            if self.sessions >= self.max_sessions:
                return web.Response(
                    status=503,
                    text=f"The server is full ({self.max_sessions} sessions); try again later.\n",
                )
            width, height = size_from_query(request.query.get("width"), request.query.get("height"))
            query = {**request.query, "width": str(width), "height": str(height)}
            request = request.clone(rel_url=request.rel_url.with_query(query))
            self.sessions += 1  # no await since the check: no other request comes between
            try:
                return await handler(request)
            finally:
                self.sessions -= 1

        return guard


def _size(data: object) -> int:
    if isinstance(data, str):
        return len(data) if len(data) > MAX_MESSAGE else len(data.encode("utf-8"))
    return len(data) if isinstance(data, bytes) else 0


def _envelope(text: str) -> list[object] | None:
    """A message from the page (a JSON list whose first item is its type), or None."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(envelope, list) and envelope and isinstance(envelope[0], str):
        return envelope
    return None


def _cell_count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def process_messages(websocket: web.WebSocketResponse, app_service: AppService) -> None:
    """Pass the page's messages on to its session, as textual-serve does, checked: a message
    over :data:`MAX_MESSAGE` ends the session, a size is clamped, anything else is ignored."""
    from aiohttp import WSMsgType

    async for message in websocket:
        if _size(message.data) > MAX_MESSAGE:
            await websocket.close(code=MESSAGE_TOO_BIG, message=b"message too big")
            return
        if message.type != WSMsgType.TEXT:
            continue
        envelope = _envelope(message.data)
        if envelope is None:
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await app_service.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = _cell_count(data.get("width")), _cell_count(data.get("height"))
            if width is not None and height is not None:
                await app_service.set_terminal_size(*clamp(width, height))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await app_service.blur()
        elif kind == "focus":
            await app_service.focus()
