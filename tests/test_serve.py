"""``bijie-tui serve``: the page, a browser's session over its websocket, a served session that
writes nothing on the server, and the server's errors."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pyte
import pytest

from bijie_tui.app import BijieApp
from bijie_tui.cli import run
from bijie_tui.display import decide, in_browser, served
from bijie_tui.model.query import Catalog
from bijie_tui.serve import is_loopback, url_for
from bijie_tui.widgets.record_table import RecordTable
from pilot_helpers import idle

pytestmark = pytest.mark.tour

SECONDS = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BIJIE_TUI_", "TEXTUAL"))}
    env.update(COLUMNS="100", **extra)
    return env


async def _start(cwd: Path, *args: str) -> tuple[asyncio.subprocess.Process, str]:
    """Start ``bijie-tui serve`` and wait for its line saying where it serves."""
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bijie_tui",
        "serve",
        *args,
        cwd=cwd,
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert server.stdout is not None
    first = await asyncio.wait_for(server.stdout.readline(), SECONDS)
    return server, first.decode()


async def _stop(server: asyncio.subprocess.Process) -> str:
    """ctrl+c: the server ends with status 0; what it printed meanwhile."""
    server.send_signal(signal.SIGINT)
    out, _ = await asyncio.wait_for(server.communicate(), SECONDS)
    assert server.returncode == 0, out
    return out.decode(errors="replace")


class _Screen:
    """What the browser would show of the session (100×30), from everything it sent."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(100, 30)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)


async def _until(
    ws: aiohttp.ClientWebSocketResponse,
    seen: bytearray,
    *texts: bytes,
    screen: _Screen | None = None,
) -> None:
    """Read the session's screen output until every one of ``texts`` has appeared."""

    async def read() -> None:
        while not all(text in seen for text in texts):
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                seen.extend(message.data)
                if screen is not None:
                    screen.feed(message.data)
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the session ended: {message.type}, {bytes(seen[-500:])!r}")

    await asyncio.wait_for(read(), SECONDS)


async def _until_shown(ws: aiohttp.ClientWebSocketResponse, screen: _Screen, text: str) -> None:
    """Read the session's output until ``text`` is on its screen."""

    async def read() -> None:
        while text not in screen.text():
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                screen.feed(message.data)
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the session ended: {message.type}\n{screen.text()}")

    await asyncio.wait_for(read(), SECONDS)


async def test_serve_gives_the_page_and_a_browser_session_that_writes_nothing(
    tmp_path: Path,
) -> None:
    port = _free_port()
    server, first = await _start(tmp_path, "--port", str(port))
    try:
        assert first.strip() == (
            f"bijie-tui: serving the explorer on http://127.0.0.1:{port} (ctrl+c stops)"
        )
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/") as response:
                assert response.status == 200
                page = await response.text()
            # textual-serve's page, for this app, with the websocket on the same address
            assert "js/textual.js" in page
            assert "<div>bijie-tui</div>" in page
            assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
            async with http.get(f"http://127.0.0.1:{port}/static/js/textual.js") as response:
                assert response.status == 200
            # A browser's session: the explorer itself (its tabs, drawn with its web driver),
            # not the text overview printed when output is not a terminal.
            url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
            async with http.ws_connect(url) as ws:
                seen, screen = bytearray(), _Screen()
                await _until(ws, seen, b"Overview", b"Employment", screen=screen)
                assert b"\x1b[?1049h" in seen  # the alternate screen: a full-screen app
                # Export is off in a served session, and says so; nothing is written.
                seen.clear()
                await ws.send_str(json.dumps(["stdin", "2"]))
                await _until(ws, seen, b"migrant", screen=screen)
                await ws.send_str(json.dumps(["stdin", "e"]))
                # On the screen, not in the bytes: a frame may draw a line in pieces.
                await _until_shown(ws, screen, "Export is off here")
                # y still copies: to the browser's clipboard, with OSC 52
                seen.clear()
                await ws.send_str(json.dumps(["stdin", "y"]))
                await _until(ws, seen, b"\x1b]52;c;", b"Copied")
                await ws.send_str(json.dumps(["stdin", "q"]))
    finally:
        out = await _stop(server) if server.returncode is None else ""
    assert "failed to start" not in out, out
    assert list(tmp_path.iterdir()) == []  # no export, no screenshot, no log in its directory


async def test_serve_warns_when_it_listens_beyond_this_machine(tmp_path: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the server cannot listen there,
    # and says both things, with no traceback.
    result = subprocess.run(
        [sys.executable, "-m", "bijie_tui", "serve", "--host", "192.0.2.1", "--port", "8000"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("bijie-tui: warning: listening on 192.0.2.1, not only on ")
    assert "no password" in lines[0]
    assert lines[1].startswith("bijie-tui: error: serve: cannot listen on 192.0.2.1 port 8000: ")


def test_serve_on_a_port_taken_is_one_error_line(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "bijie_tui", "serve", "--port", str(port)],
            cwd=tmp_path,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=SECONDS,
        )
    assert result.returncode == 2
    assert result.stderr == (
        f"bijie-tui: error: serve: cannot listen on 127.0.0.1 port {port}: Address already in use\n"
    )


def test_serve_without_the_extra_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert run(["serve"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "bijie-tui: error: serve: textual-serve is not installed: install 'bijie-tui[serve]'\n"
    )


def test_serve_checks_its_dataset_and_port_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.json"
    assert run(["serve", "--data", str(missing)]) == 74  # cannot be read: I/O
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"bijie-tui: error: {missing}")
    for port in ("65536", "http"):
        with pytest.raises(SystemExit) as stopped:
            run(["serve", "--port", port])
        assert stopped.value.code == 2
        assert "not a port number" in capsys.readouterr().err
    assert run(["serve", "--port", "0"]) == 2  # any free port: only the SSH server says which
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "add --ssh" in err


def test_loopback_and_addresses() -> None:
    for host in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST."):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.4", "example.org", "10.0.0.1"):
        assert not is_loopback(host), host
    assert url_for("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert url_for("::1", 8001) == "http://[::1]:8001"


def test_the_browser_and_a_served_session_are_told_by_the_environment() -> None:
    browser = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    assert in_browser(browser) and not in_browser({}) and not in_browser({"TEXTUAL_DRIVER": "x"})
    assert served({"BIJIE_TUI_SERVED": "1"}) and not served({}) and not served({"x": "1"})
    assert not served({"BIJIE_TUI_SERVED": "0"})
    # The server's locale and SSH say nothing about a browser's screen.
    server = {"LANG": "C", "SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}
    on_terminal = decide(server)
    assert on_terminal.ascii and not on_terminal.mouse
    in_a_browser = decide({**server, **browser})
    assert not in_a_browser.ascii and in_a_browser.mouse and in_a_browser.animations
    assert decide({**server, **browser}, ascii=True, mouse=False).ascii


async def test_a_served_session_exports_nothing_and_still_copies(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        table = app.screen.query_one("#employment-indicators", RecordTable)
        assert table.export_dir is None
        await pilot.press("e")
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Export is off here: this session is served") for m in messages)
        await app.run_action("screenshot")
        await idle(pilot)
        assert any(n.message.startswith("Screenshots are off here") for n in app._notifications)
        await pilot.press("y")  # the first row: the sector's headline
        assert "43,139 people" in app.clipboard
    assert list(tmp_path.iterdir()) == []


async def test_a_session_not_served_exports_as_before(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BIJIE_TUI_SERVED", raising=False)
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "e", "enter")
        await idle(pilot)
    assert [p.name for p in tmp_path.iterdir()] == ["bijie-employment-2026-12-06.csv"]
