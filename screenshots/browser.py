"""The explorer in a web browser: starts ``bijie-tui serve`` on a free loopback port, opens it in
headless Chromium and saves a PNG of the overview (screenshots/browser.png).

Needs the ``serve`` extra (or the ``test`` one: aiohttp comes with textual-serve and drives
Chromium over its DevTools protocol) and Chromium (Debian: ``apt-get install chromium``).

    python screenshots/browser.py [--out screenshots/browser.png] [--size 1280x800]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import itertools
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

HERE = Path(__file__).resolve().parent
SECONDS = 60.0
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("browser.py: no Chromium found (Debian: apt-get install -y chromium)")


class DevTools:
    """The smallest client of Chromium's DevTools protocol: one page, commands in order."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        await self.ws.send_json({"id": number, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.ws.receive_json(), SECONDS)
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        reply = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return reply.get("result", {}).get("value")

    async def screenshot(self) -> bytes:
        reply = await self.call("Page.captureScreenshot", format="png")
        return base64.b64decode(reply["data"])


async def _devtools_port(profile: Path, chromium: subprocess.Popen[bytes]) -> int:
    """The port Chromium chose (--remote-debugging-port=0 writes it into the profile)."""
    active = profile / "DevToolsActivePort"
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        if chromium.poll() is not None:
            raise SystemExit(f"browser.py: Chromium ended with status {chromium.returncode}")
        if active.exists() and active.read_text().strip():
            return int(active.read_text().split()[0])
        await asyncio.sleep(0.1)
    raise SystemExit("browser.py: Chromium did not open its DevTools port")


async def shoot(out: Path, width: int, height: int) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bijie_tui", "serve", "--port", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tempfile.gettempdir(),
    )
    assert server.stdout is not None
    line = server.stdout.readline().decode()
    if "serving the explorer on" not in line:
        server.kill()
        raise SystemExit(f"browser.py: the server did not start: {line}")
    url = f"http://127.0.0.1:{port}/?fontsize=15"
    with tempfile.TemporaryDirectory(prefix="bijie-browser-") as profile:
        chromium = subprocess.Popen(
            [
                _chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            debug = await _devtools_port(Path(profile), chromium)
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{debug}/json/list") as reply:
                    targets = json.loads(await reply.text())
                page = next(t for t in targets if t["type"] == "page")
                async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    tools = DevTools(ws)
                    await tools.call("Page.enable")
                    # As in a browser window that has the focus: the app is told it has it.
                    await tools.call("Emulation.setFocusEmulationEnabled", enabled=True)
                    await tools.call(
                        "Emulation.setDeviceMetricsOverride",
                        width=width,
                        height=height,
                        deviceScaleFactor=1,
                        mobile=False,
                    )
                    await tools.call("Page.navigate", url=url)
                    png = await _settled(tools)
        finally:
            chromium.terminate()
            chromium.wait(10)
    server.send_signal(signal.SIGINT)
    server.communicate(timeout=SECONDS)
    out.write_bytes(png)
    print(f"{out}: {len(png):,} bytes, {width}x{height}, from {url}")


async def _settled(tools: DevTools) -> bytes:
    """A screenshot once the app has drawn and its screen has stopped changing."""
    deadline = time.monotonic() + SECONDS
    while not await tools.evaluate("document.body.classList.contains('-first-byte')"):
        if time.monotonic() > deadline:
            raise SystemExit("browser.py: the app sent nothing to the page")
        await asyncio.sleep(0.2)
    await tools.evaluate("document.querySelector('.xterm-helper-textarea')?.focus()")
    last, same = b"", 0
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        png = await tools.screenshot()
        same = same + 1 if png == last else 0
        if same == 3:  # 1.5 s without a change: the dataset is loaded and drawn
            return png
        last = png
    raise SystemExit("browser.py: the page kept changing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "browser.png")
    parser.add_argument("--size", default="1280x800", help="the window, WIDTHxHEIGHT pixels")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    asyncio.run(shoot(args.out, width, height))


if __name__ == "__main__":
    main()
