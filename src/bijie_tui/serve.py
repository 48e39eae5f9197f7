"""``bijie-tui serve``: the explorer in a web browser, with textual-serve (the ``serve`` extra).

Each browser that opens the page gets its own explorer, started as ``python -m bijie_tui`` with
Textual's web driver (see :func:`.display.in_browser`) and ``BIJIE_TUI_SERVED=1``: a served
session writes nothing on the server (no exports, no screenshots, no settings), and ``y`` still
copies, to the browser's clipboard.

The server listens on the loopback address unless told otherwise, and says so when it is not:
it has no password and no encryption. textual-serve is imported only when the server starts.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import shlex
import signal
import sys
from collections.abc import Sequence
from typing import TypeVar

from .display import SERVED

PROG = "bijie-tui"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = "install 'bijie-tui[serve]'"

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)


class ServeError(Exception):
    """The server cannot start (exit status 2, one line)."""


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1 to 65535): {text!r}")
    return int(text)


def add_parser(sub: argparse._SubParsersAction[_Parser], parents: Sequence[_Parser]) -> _Parser:
    """Add ``serve`` to the commands; its ``--host`` and ``--port`` are in the group "where to
    listen", for any way of serving the explorer."""
    serve = sub.add_parser(
        "serve",
        parents=list(parents),
        help="serve the explorer to a web browser",
        description="Serve the explorer to web browsers (each one gets its own session) with "
        f"textual-serve ({INSTALL_HINT}). A served session writes nothing on the server: "
        "export is off, copying works. Listens on the loopback address unless --host says "
        "otherwise; there is no password and no encryption.",
    )
    listen = serve.add_argument_group("where to listen")
    listen.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    listen.add_argument(
        "--port",
        type=_port,
        default=None,
        help=f"the port to listen on (default: {DEFAULT_PORT})",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help="the address browsers use to reach the server, when it is not http://HOST:PORT "
        "(behind a proxy, or when listening on 0.0.0.0)",
    )
    return serve


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address of this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower().rstrip(".") in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may well be reached from elsewhere
        return False


def url_for(host: str, port: int) -> str:
    """The address of the server at ``host`` and ``port`` (an IPv6 address in brackets)."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def app_command(args: argparse.Namespace) -> list[str]:
    """The command that starts one browser's explorer, with the options given to ``serve``."""
    command = [sys.executable, "-m", "bijie_tui"]
    if args.data is not None:
        command += ["--data", os.path.abspath(args.data)]
    if args.lang is not None:
        command += ["--lang", args.lang]
    if getattr(args, "low_bandwidth", False):
        command.append("--low-bandwidth")
    if getattr(args, "ascii", False):
        command.append("--ascii")
    mouse = getattr(args, "mouse", None)
    if mouse is not None:
        command.append("--mouse" if mouse else "--no-mouse")
    return command


def serve(args: argparse.Namespace) -> int:
    """Run the server until ctrl+c or SIGTERM; exit status 0, or 2 when it cannot start."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise ServeError(f"serve: textual-serve is not installed: {INSTALL_HINT}") from None
    host: str = args.host
    port: int = args.port or DEFAULT_PORT
    if not host:
        raise ServeError("serve: --host is empty: give an address to listen on")
    if args.data is not None:
        from .model.loader import load

        load(args.data)  # a bad file gets its one error line now, not in every browser
    public_url: str = args.public_url or url_for(host, port)

    class _Server(Server):
        """textual-serve's server, saying where it serves once it listens (not before)."""

        async def on_startup(self, app: object) -> None:
            pass  # textual-serve's banner, printed before it listens

        def serve(self, debug: bool = False) -> None:
            from aiohttp import web

            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, self.request_exit)
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda _message: print(
                    f"{PROG}: serving the explorer on {self.public_url} (ctrl+c stops)",
                    flush=True,
                ),
            )

    if not is_loopback(host):
        print(
            f"{PROG}: warning: listening on {host}, not only on this machine: anyone who can "
            "reach this port can use the explorer (no password, no encryption)",
            file=sys.stderr,
            flush=True,
        )
    # Every session started from here is a served one (see the module's docstring).
    os.environ[SERVED] = "1"
    server = _Server(
        shlex.join(app_command(args)),
        host=host,
        port=port,
        title=PROG,
        public_url=public_url,
    )
    try:
        server.serve()
    except OSError as error:  # the port is taken, the address is not this machine's ...
        errno = error.errno or 0
        why = os.strerror(errno) if errno > 0 else (error.strerror or str(error))
        raise ServeError(f"serve: cannot listen on {host} port {port}: {why}") from None
    return 0
