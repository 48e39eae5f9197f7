"""``bijie-tui serve`` faces strangers: nothing from its working directory runs in a session,
only its own addresses and pages get in, and sessions, screen sizes and messages are bounded.
Each test talks to a real server over a real websocket (aiohttp), as a browser's page would."""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bijie_tui import web_guard
from bijie_tui.cli import run
from bijie_tui.serve import DEFAULT_MAX_SESSIONS
from bijie_tui.web_guard import MAX_HEIGHT, MAX_MESSAGE, MAX_WIDTH
from test_serve import SECONDS, _env, _free_port, _until

pytestmark = pytest.mark.tour

MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")
"""A cursor move (row; column): Textual draws every line of a frame after one."""


@asynccontextmanager
async def _serving(cwd: Path, *args: str) -> AsyncIterator[tuple[int, str]]:
    """``bijie-tui serve`` on a free loopback port, started in ``cwd``: its port and address.

    The server is started as its console script is, with no directory of its own on its path
    (``-P``), so that only the sessions it starts are on trial."""
    port = _free_port()
    env = _env()
    env.pop("PYTHONSAFEPATH", None)  # the sessions' path is the server's to decide
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-P",
        "-m",
        "bijie_tui",
        "serve",
        "--port",
        str(port),
        *args,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert server.stdout is not None
    try:
        first = await asyncio.wait_for(server.stdout.readline(), SECONDS)
        assert b"serving the explorer on" in first, first
        yield port, f"http://127.0.0.1:{port}"
    finally:
        out = b""
        if server.returncode is None:
            server.send_signal(signal.SIGINT)
            out, _ = await asyncio.wait_for(server.communicate(), SECONDS)
    # Only when the test passed: ctrl+c stopped it, and no session ended with a traceback.
    log = out.decode(errors="replace")
    assert server.returncode == 0 and "Traceback" not in log, log


async def _ws_status(
    http: aiohttp.ClientSession,
    url: str,
    origin: str | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    """The status of a websocket handshake: 101 when a session started (it is closed again)."""
    try:
        async with http.ws_connect(url, origin=origin, headers=headers) as ws:
            await ws.close()
            return 101
    except aiohttp.WSServerHandshakeError as error:
        return error.status


async def _frame_reaching(ws: aiohttp.ClientWebSocketResponse, row: int) -> tuple[int, int]:
    """Read output until a frame draws on ``row`` or below: the last row and the last column
    that frame draws on (Textual writes a whole frame as one message)."""

    async def read() -> tuple[int, int]:
        while True:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                moves = [(int(y), int(x)) for y, x in MOVE.findall(message.data)]
                if moves and max(y for y, _ in moves) >= row:
                    return max(y for y, _ in moves), max(x for _, x in moves)
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the session ended: {message.type}")

    return await asyncio.wait_for(read(), SECONDS)


async def _pong_or_close(ws: aiohttp.ClientWebSocketResponse, payload: str) -> str:
    """Send a ping message; "pong" when it comes back, "closed <code>" when the session ends."""
    await ws.send_str(json.dumps(["ping", payload]))

    async def read() -> str:
        while True:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.TEXT:
                if json.loads(message.data) == ["pong", payload]:
                    return "pong"
            elif message.type != aiohttp.WSMsgType.BINARY:
                return f"closed {ws.close_code}"

    return await asyncio.wait_for(read(), SECONDS)


# -- the working directory ----------------------------------------------------------------------


async def test_a_session_runs_nothing_from_the_servers_working_directory(tmp_path: Path) -> None:
    where = tmp_path / "served-from"
    where.mkdir()
    marker = tmp_path / "imported"
    for name in ("json", "rich", "textual"):
        (where / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write({name!r} + ' ')\n")
    async with _serving(where) as (port, address), aiohttp.ClientSession() as http:
        url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        async with http.ws_connect(url, origin=address) as ws:

            async def imported() -> None:
                while not marker.exists():
                    await asyncio.sleep(0.05)

            # The explorer's first screen, or a file of the directory imported: what comes first
            shown = asyncio.ensure_future(_until(ws, bytearray(), b"Overview"))
            seen = asyncio.ensure_future(imported())
            await asyncio.wait({shown, seen}, return_when=asyncio.FIRST_COMPLETED)
            for task in (shown, seen):
                task.cancel()
            await asyncio.gather(shown, seen, return_exceptions=True)
            assert not marker.exists(), f"the session imported {marker.read_text()}from {where}"
            assert shown.done() and not shown.cancelled(), "no first screen"
            shown.result()  # the explorer itself started (else: why it did not)
    assert not marker.exists()


def test_a_session_is_started_with_a_safe_path() -> None:
    import argparse

    from bijie_tui.serve import app_command

    args = argparse.Namespace(data=None, lang=None)
    assert app_command(args)[:4] == [sys.executable, "-P", "-m", "bijie_tui"]


# -- Origin and Host ----------------------------------------------------------------------------


async def test_only_its_own_addresses_and_pages_get_in(tmp_path: Path) -> None:
    public = "https://explorer.example"
    async with _serving(tmp_path, "--public-url", public) as (port, address):
        ws_url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        page = f"http://127.0.0.1:{port}/"
        async with aiohttp.ClientSession() as http:
            # A page of another site, in a visitor's browser: refused before a session starts.
            for origin in (
                "http://evil.example",
                f"http://evil.example:{port}",
                f"http://127.0.0.1:{port + 1}",
                "https://127.0.0.1",
                "http://explorer.example",  # the public host, but not its scheme
                "null",  # a sandboxed page, or a file
            ):
                assert await _ws_status(http, ws_url, origin=origin) == 403, origin
            # A DNS name pointed at this machine (DNS rebinding): its Host is not ours.
            for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}"):
                status = await _ws_status(
                    http, ws_url, origin=f"http://{host}", headers={"Host": host}
                )
                assert status == 403, host
                status = await _ws_status(http, ws_url, origin=address, headers={"Host": host})
                assert status == 403, host  # the Host alone is enough to refuse
                async with http.get(page, headers={"Host": host}) as response:
                    assert response.status == 403, host
                    assert "not the server's address" in await response.text()
            # Its own addresses: where it listens, the loopback names, and the public URL.
            for host, origin in (
                (f"127.0.0.1:{port}", address),
                (f"localhost:{port}", f"http://localhost:{port}"),
                (f"[::1]:{port}", f"http://[::1]:{port}"),
                ("explorer.example", public),
                ("EXPLORER.example:443", "https://Explorer.Example"),
            ):
                headers = {"Host": host, "Origin": origin}
                async with http.get(page, headers=headers) as response:
                    assert response.status == 200, host
            # A browser's session from its own page, and from one behind the public URL
            async with http.ws_connect(ws_url, origin=address) as ws:
                await _until(ws, bytearray(), b"Overview")
            headers = {"Host": "explorer.example"}
            async with http.ws_connect(ws_url, origin=public, headers=headers) as ws:
                await _until(ws, bytearray(), b"Overview")
            # A client that is not a browser sends no Origin; it could send any, so it gets in.
            assert await _ws_status(http, ws_url) == 101


def test_its_own_addresses() -> None:
    ipv6 = web_guard.addresses("::1", 8000, "http://[::1]:8000", loopback=True)
    assert {"[::1]:8000", "localhost:8000", "127.0.0.1:8000"} <= ipv6.hosts
    assert ipv6.origin_ok("http://[::1]:8000") and not ipv6.origin_ok("http://[::1]:8001")
    anywhere = web_guard.addresses("0.0.0.0", 80, "http://my-host.example", loopback=False)
    assert anywhere.hosts == {"0.0.0.0", "0.0.0.0:80", "my-host.example", "my-host.example:80"}
    assert anywhere.origins == {"http://0.0.0.0", "http://my-host.example"}
    proxied = web_guard.addresses("127.0.0.1", 8000, "https://x.example:8443/app", loopback=True)
    assert proxied.host_ok("x.example:8443") and not proxied.host_ok("x.example")
    assert proxied.origin_ok("https://x.example:8443") and proxied.origin_ok(None)
    assert not proxied.host_ok(None)
    for bad in ("ftp://x.example", "x.example:8000", "http://", "http://x.example:port"):
        with pytest.raises(ValueError):
            web_guard.addresses("127.0.0.1", 8000, bad, loopback=True)


def test_a_public_url_that_is_no_web_address_is_one_error_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))  # were the address not checked, listening would fail
        port = str(taken.getsockname()[1])
        assert run(["serve", "--port", port, "--public-url", "ftp://x.example"]) == 2
    err = capsys.readouterr().err
    assert err == ("bijie-tui: error: serve: ftp://x.example: not an http:// or https:// address\n")


# -- sessions at once ---------------------------------------------------------------------------


async def test_sessions_over_max_sessions_are_refused_with_503(tmp_path: Path) -> None:
    async with _serving(tmp_path, "--max-sessions", "2") as (port, address):
        url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
        async with aiohttp.ClientSession() as http:
            first = await http.ws_connect(url, origin=address)
            async with http.ws_connect(url, origin=address) as second:
                for ws in (first, second):
                    await _until(ws, bytearray(), b"Overview")
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await http.ws_connect(url, origin=address)
                assert refused.value.status == 503
                async with http.get(url, headers={"Origin": address}) as response:
                    assert response.status == 503
                    assert "full (2 sessions)" in await response.text()
                # One ends: its place is free once its explorer has quit.
                await first.close()
                loop = asyncio.get_running_loop()
                deadline = loop.time() + SECONDS
                while True:
                    try:
                        third = await http.ws_connect(url, origin=address)
                        break
                    except aiohttp.WSServerHandshakeError as error:
                        assert error.status == 503 and loop.time() < deadline
                        await asyncio.sleep(0.1)
                async with third:
                    await _until(third, bytearray(), b"Overview")


def test_max_sessions_is_for_both_servers(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["serve", "--max-sessions", "0"]) == 2
    err = capsys.readouterr().err
    assert err == "bijie-tui: error: serve: --max-sessions 0: at least 1\n"
    ssh_server = pytest.importorskip("bijie_tui.ssh_server")
    assert DEFAULT_MAX_SESSIONS == ssh_server.DEFAULT_MAX_SESSIONS == 16


# -- sizes and messages -------------------------------------------------------------------------


async def test_screen_sizes_are_clamped(tmp_path: Path) -> None:
    # Over both limits, yet small enough that a server without them still answers quickly.
    wide, tall = MAX_WIDTH + 400, MAX_HEIGHT + 200
    async with _serving(tmp_path) as (port, address), aiohttp.ClientSession() as http:
        # The size a session starts at, from the websocket's address
        url = f"ws://127.0.0.1:{port}/ws?width={wide}&height={tall}"
        async with http.ws_connect(url, origin=address) as ws:
            row, column = await _frame_reaching(ws, MAX_HEIGHT)
            assert row == MAX_HEIGHT and column <= MAX_WIDTH
        # ... and from a resize message
        url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        async with http.ws_connect(url, origin=address) as ws:
            await _until(ws, bytearray(), b"Overview")
            await ws.send_str(json.dumps(["resize", {"width": wide, "height": tall}]))
            row, column = await _frame_reaching(ws, MAX_HEIGHT)
            assert row == MAX_HEIGHT and column <= MAX_WIDTH


async def test_a_message_over_the_bound_ends_the_session(tmp_path: Path) -> None:
    async with _serving(tmp_path) as (port, address), aiohttp.ClientSession() as http:
        url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        async with http.ws_connect(url, origin=address) as ws:
            await _until(ws, bytearray(), b"Overview")
            # Just within the bound: answered
            assert await _pong_or_close(ws, "p" * (MAX_MESSAGE - 100)) == "pong"
            # Over it: the session ends before the next message is read
            await ws.send_str(json.dumps(["stdin", "j" * MAX_MESSAGE]))
            assert await _pong_or_close(ws, "after") == f"closed {web_guard.MESSAGE_TOO_BIG}"


async def test_messages_the_page_does_not_send_are_ignored(tmp_path: Path) -> None:
    async with _serving(tmp_path) as (port, address), aiohttp.ClientSession() as http:
        url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        async with http.ws_connect(url, origin=address) as ws:
            seen = bytearray()
            await _until(ws, seen, b"Overview")
            for junk in (
                "not json",
                "[]",
                "{}",
                "[1]",
                '["what", 1]',
                '["stdin", 5]',
                '["stdin"]',
                '["resize", {"width": "wide", "height": 30}]',
                '["resize", {"width": true, "height": 30}]',
                '["resize", [1, 2]]',
                "[" * 5000 + "]" * 5000,
            ):
                await ws.send_str(junk)
            await ws.send_bytes(b"\x00\xff")
            assert await _pong_or_close(ws, "still there") == "pong"
            seen.clear()
            await ws.send_str(json.dumps(["stdin", "2"]))
            await _until(ws, seen, b"migrant")


def test_textual_serve_still_has_what_the_server_replaces() -> None:
    # The server replaces textual-serve's Server._process_messages, a private method, and adds
    # its middleware to what Server._make_app makes: if textual-serve changes either, or how
    # its websocket handler calls them, this fails (version checked: textual-serve 1.1.3).
    from textual_serve.server import Server

    process = Server._process_messages
    assert inspect.iscoroutinefunction(process)
    assert list(inspect.signature(process).parameters) == ["self", "websocket", "app_service"]
    assert inspect.iscoroutinefunction(Server._make_app)
    assert list(inspect.signature(Server._make_app).parameters) == ["self"]
    handler = inspect.getsource(Server.handle_websocket)
    assert "await self._process_messages(websocket, app_service)" in handler
    assert 'request.query.get("width"' in handler and 'request.query.get("height"' in handler
