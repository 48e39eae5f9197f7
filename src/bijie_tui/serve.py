"""``bijie-tui serve``: the explorer in a web browser, with textual-serve (the ``serve`` extra),
or with ``--ssh`` over SSH (:mod:`.ssh_server`, the ``ssh`` extra).

Each browser that opens the page gets its own explorer, started as ``python -m bijie_tui`` with
Textual's web driver (see :func:`.display.in_browser`) and ``BIJIE_TUI_SERVED=1``: a served
session writes nothing on the server (no exports, no screenshots, no settings), and ``y`` still
copies, to the browser's clipboard.

The server listens on the loopback address unless told otherwise, and says so when it is not:
it has no password and no encryption. It answers only requests for its own address from pages
of its own, runs at most ``--max-sessions`` sessions at once, and keeps their screens and
messages small (:mod:`.web_guard`). textual-serve is imported only when the server starts.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .display import SERVED

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.app_service import AppService

PROG = "bijie-tui"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = "install 'bijie-tui[serve]'"
SSH_INSTALL_HINT = "install 'bijie-tui[ssh]'"
DEFAULT_MAX_SESSIONS = 16
"""Sessions at once, for both servers (:data:`.ssh_server.DEFAULT_MAX_SESSIONS`)."""

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)


class ServeError(Exception):
    """The server cannot start (exit status 2, one line)."""


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0 to 65535): {text!r}")
    return int(text)


def add_parser(sub: argparse._SubParsersAction[_Parser], parents: Sequence[_Parser]) -> _Parser:
    """Add ``serve`` to the commands; its ``--host`` and ``--port`` are in the group "where to
    listen", for any way of serving the explorer."""
    from .cli_help import epilog

    serve = sub.add_parser(
        "serve",
        parents=list(parents),
        epilog=epilog("serve"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="serve the explorer to web browsers, or with --ssh over SSH",
        description="Serve the explorer to web browsers (each one gets its own session) with "
        f"textual-serve ({INSTALL_HINT}), or with --ssh as an SSH server whose only program "
        "is the explorer: 'ssh -p 2222 HOST' opens it, one process per session "
        f"({SSH_INSTALL_HINT}). A served session writes nothing on the server: export is "
        "off, copying works. Listens on the loopback address unless --host says otherwise; "
        "the web server has no password and no encryption.",
    )
    serve.add_argument("--ssh", action="store_true", help="serve over SSH (asyncssh)")
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
        help=f"the port to listen on (default: {DEFAULT_PORT}; --ssh: 2222, 0: any free)",
    )
    serve.add_argument(
        "--low-bandwidth",
        action="store_true",
        default=argparse.SUPPRESS,
        help="every session in low-bandwidth mode",
    )
    serve.add_argument(
        "--ascii", action="store_true", default=argparse.SUPPRESS, help="every session in ASCII"
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help="the address browsers use to reach the server, when it is not http://HOST:PORT "
        "(behind a proxy, or when listening on 0.0.0.0); requests for any other address "
        "are refused",
    )
    serve.add_argument(
        "--max-sessions",
        metavar="N",
        type=int,
        default=None,
        help=f"sessions at once, in browsers or over SSH; more are refused (default: "
        f"{DEFAULT_MAX_SESSIONS})",
    )
    ssh = serve.add_argument_group("--ssh")
    ssh.add_argument(
        "--host-key",
        metavar="FILE",
        action="append",
        default=None,
        help="the server's private key, mode 0600 (default: one made on first start in the "
        "platform's data directory); given again, the next key, announced to clients during "
        "a rotation",
    )
    ssh.add_argument(
        "--authorized-keys",
        metavar="FILE",
        default=None,
        help="the public keys let in (default: ~/.ssh/authorized_keys)",
    )
    ssh.add_argument(
        "--open",
        action="store_true",
        help="let anyone in, without a key (a public read-only explorer)",
    )
    ssh.add_argument(
        "--idle-timeout",
        metavar="MINUTES",
        type=float,
        default=None,
        help="end a session, or a connection without one, after this long without a key "
        "(default: 30; 0: never)",
    )
    ssh.add_argument(
        "--max-sessions-per-client",
        metavar="N",
        type=int,
        default=None,
        help="sessions at once from one address; more are refused (default: 4, and at most "
        "--max-sessions)",
    )
    ssh.add_argument(
        "--no-fork-server",
        action="store_true",
        help="start each session as a new process, not forked from a warm one (slower)",
    )
    ssh.add_argument(
        "--proxy-protocol",
        metavar="ADDR[,ADDR...]",
        default=None,
        help="the load balancers (addresses or networks, e.g. 10.0.0.0/24) whose connections "
        "begin with a PROXY protocol header (v1 or v2) naming the client; without it, a "
        "PROXY header is refused",
    )
    return serve


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address of this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower().rstrip(".") in ("localhost", "ip6-localhost"):
        return True
    try:
        import ipaddress

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
    # -P: "python -m" would put the working directory first on sys.path, and a json.py left
    # in the directory the server was started from would run in every session, as the
    # server's user. -P adds no directory; -I would too, but it also leaves out the user's
    # site-packages and PYTHONPATH, where "pip install --user" and some installs put
    # bijie_tui itself.
    command = [sys.executable, "-P", "-m", "bijie_tui"]
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


def _max_sessions(args: argparse.Namespace) -> int:
    most: int = DEFAULT_MAX_SESSIONS if args.max_sessions is None else args.max_sessions
    if most < 1:
        raise ServeError(f"serve: --max-sessions {most}: at least 1")
    return most


def serve_ssh(args: argparse.Namespace) -> int:
    """Run the SSH server (:mod:`.ssh_server`) until ctrl+c or SIGTERM."""
    try:
        from . import ssh_server
    except ImportError as exc:  # the optional extra is not installed
        if exc.name not in ("asyncssh", "platformdirs", "cryptography"):
            raise
        raise ServeError(
            f"serve --ssh: the SSH server is an optional extra: {SSH_INSTALL_HINT}"
        ) from None
    if args.public_url is not None:
        raise ServeError("serve --ssh: --public-url is for the web server")
    if args.open and args.authorized_keys is not None:
        raise ServeError("serve: --open lets anyone in; it takes no --authorized-keys")
    port = ssh_server.DEFAULT_PORT if args.port is None else args.port
    idle = ssh_server.DEFAULT_IDLE_MINUTES if args.idle_timeout is None else args.idle_timeout
    if not idle >= 0 or idle == float("inf"):
        raise ServeError(f"serve: --idle-timeout {idle}: not a number of minutes (0: never)")
    most = _max_sessions(args)
    per_client: int | None = args.max_sessions_per_client
    if per_client is None:
        per_client = min(most, ssh_server.DEFAULT_MAX_SESSIONS_PER_CLIENT)
    elif per_client < 1:
        raise ServeError(f"serve: --max-sessions-per-client {per_client}: at least 1")
    trusted = None
    if args.proxy_protocol is not None:
        from .proxy_protocol import TrustedProxies

        try:
            trusted = TrustedProxies.parse(args.proxy_protocol)
        except ValueError as exc:
            raise ServeError(f"serve: --proxy-protocol: {exc}") from None
    if args.data is not None:
        from .model.loader import load

        load(args.data)  # checked once here: a bad file is one line, before listening
    options = ssh_server.Options(
        host=args.host or DEFAULT_HOST,
        port=port,
        host_key=None if not args.host_key else Path(args.host_key[0]),
        more_host_keys=tuple(Path(path) for path in (args.host_key or [])[1:]),
        authorized_keys=None if args.authorized_keys is None else Path(args.authorized_keys),
        open=args.open,
        idle_minutes=idle,
        max_sessions=most,
        max_sessions_per_client=min(per_client, most),
        app_args=ssh_server.app_args(
            lang=args.lang,
            low_bandwidth=getattr(args, "low_bandwidth", False),
            ascii=getattr(args, "ascii", False),
            data=args.data,
        ),
        proxy_protocol=trusted,
        fork_server=not args.no_fork_server,
    )
    try:
        return ssh_server.serve(options)
    except ssh_server.ServeError as exc:
        raise ServeError(str(exc)) from None


def serve(args: argparse.Namespace) -> int:
    """Run the server until ctrl+c or SIGTERM; exit status 0, or 2 when it cannot start."""
    if args.ssh:
        return serve_ssh(args)
    ssh_only = [
        option
        for option, given in (
            ("--host-key", args.host_key is not None),
            ("--authorized-keys", args.authorized_keys is not None),
            ("--open", args.open),
            ("--idle-timeout", args.idle_timeout is not None),
            ("--max-sessions-per-client", args.max_sessions_per_client is not None),
            ("--proxy-protocol", args.proxy_protocol is not None),
            ("--no-fork-server", args.no_fork_server),
        )
        if given
    ]
    if ssh_only:
        raise ServeError(f"serve: {ssh_only[0]} is for the SSH server: add --ssh")
    if args.port == 0:
        raise ServeError("serve: --port 0 (any free port) is for the SSH server: add --ssh")
    most = _max_sessions(args)
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
    from . import web_guard

    try:
        allowed = web_guard.addresses(host, port, public_url, loopback=is_loopback(host))
    except ValueError as error:
        raise ServeError(f"serve: {public_url}: {error}") from None
    guard = web_guard.Guard(allowed, most)

    class _Server(Server):
        """textual-serve's server, saying where it serves once it listens (not before), with
        the guards of :mod:`.web_guard` on every request and every message."""

        async def on_startup(self, app: object) -> None:
            pass  # textual-serve's banner, printed before it listens

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(guard.middleware())
            return app

        async def _process_messages(
            self, websocket: web.WebSocketResponse, app_service: AppService
        ) -> None:
            # textual-serve's own (a private method, checked by the tests against the version
            # installed) ends the session with a traceback on a message that is not JSON and
            # passes any size on; this one reads the same messages, checked.
            await web_guard.process_messages(websocket, app_service)

        def serve(self, debug: bool = False) -> None:
            from aiohttp import web

            self.debug = debug
            self.initialize_logging()
            import asyncio
            import signal

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
    import shlex

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
