"""``serve --ssh --proxy-protocol``: behind a load balancer, the server sees the client's own
address (in its log, for ``from=`` and for the per-client limits), takes a PROXY header only
from the balancers it is given, and refuses one from anyone else.

The balancer here is the test: it connects, writes a header, and hands the socket to asyncssh's
client. HAProxy itself is in tests/test_haproxy.py.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")
pytest.importorskip("pyte")

from bijie_tui import ssh_server  # noqa: E402
from bijie_tui.proxy_listener import ProxyListener  # noqa: E402
from bijie_tui.proxy_protocol import TrustedProxies, v1_header, v2_header  # noqa: E402
from test_ssh_server import Keys, keys, open_session  # noqa: E402

__all__ = ["keys"]  # the fixture, used by name

DEADLINE = 10.0
LOOPBACK = TrustedProxies.parse("127.0.0.1")


@pytest.fixture
async def serving(keys: Keys) -> AsyncIterator[Callable[..., Any]]:
    servers: list[ssh_server.Server] = []

    async def start(**options: Any) -> ssh_server.Server:
        options.setdefault("authorized_keys", keys.authorized)
        lines: list[str] = []
        server = await ssh_server.start(
            ssh_server.Options(host="127.0.0.1", port=0, host_key=keys.host, **options),
            log=lines.append,
        )
        server.lines = lines  # type: ignore[attr-defined]
        servers.append(server)
        return server

    yield start
    for server in servers:
        await asyncio.wait_for(server.close(), 10)


async def until(test: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, f"never saw {what}"
        await asyncio.sleep(0.02)


async def balanced(port: int, header: bytes) -> socket.socket:
    """A connection to the server that begins with ``header``, as a balancer's does."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    await loop.sock_connect(sock, ("127.0.0.1", port))
    await loop.sock_sendall(sock, header)
    return sock


async def login(port: int, key: Any, header: bytes = b"") -> Any:
    """An asyncssh client logged in over a connection that begins with ``header``."""
    sock = await balanced(port, header)
    return await asyncssh.connect(
        sock=sock,
        username="reader",
        client_keys=[key],
        known_hosts=None,
        config=None,
        agent_path=None,
    )


async def refused(port: int, header: bytes) -> bytes:
    """Send ``header`` and what follows it, and return what the server sent until it closed."""
    sock = await balanced(port, header + b"SSH-2.0-test\r\n")
    loop = asyncio.get_running_loop()
    got = b""
    deadline = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < deadline:
            chunk = await asyncio.wait_for(loop.sock_recv(sock, 4096), DEADLINE)
            if not chunk:
                break
            got += chunk
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    return got


def log_of(server: ssh_server.Server) -> list[str]:
    lines: list[str] = server.lines  # type: ignore[attr-defined]
    return lines


@pytest.mark.parametrize("version", [1, 2])
async def test_a_trusted_balancer_s_header_names_the_client_in_the_log_and_environment(
    serving: Callable[..., Any], keys: Keys, version: int
) -> None:
    server = await serving(proxy_protocol=LOOPBACK)
    make = v1_header if version == 1 else v2_header
    conn = await login(server.port, keys.client, make(("192.0.2.7", 50124), ("198.51.100.1", 22)))
    async with conn:
        accepted = [line for line in log_of(server) if line.startswith("Accepted")]
        assert accepted == [
            f"Accepted publickey for reader from 192.0.2.7 port 50124 ssh2: "
            f"ED25519 {keys.client.get_fingerprint()}"
        ]
        _chan, screen = await open_session(conn)
        await until(lambda: any(s.pid for s in server.sessions), "a session")
        (session,) = server.sessions
        assert session.environment()["SSH_CONNECTION"] == "192.0.2.7 50124 198.51.100.1 22"
        await screen.wait_text("Headlines")


async def test_ipv6_clients_and_the_local_command(serving: Callable[..., Any], keys: Keys) -> None:
    server = await serving(proxy_protocol=LOOPBACK)
    header = v2_header(("2001:db8::7", 4242), ("2001:db8::1", 22))
    async with await login(server.port, keys.client, header):
        pass
    # LOCAL: the balancer's own connection (a health check): its own address stands.
    sock = await balanced(server.port, v2_header(None))
    own_port = sock.getsockname()[1]
    async with asyncssh.connect(
        sock=sock,
        username="reader",
        client_keys=[keys.client],
        known_hosts=None,
        config=None,
        agent_path=None,
    ):
        pass
    accepted = [line.split(" ssh2")[0] for line in log_of(server) if line.startswith("Accepted")]
    assert accepted == [
        "Accepted publickey for reader from 2001:db8::7 port 4242",
        f"Accepted publickey for reader from 127.0.0.1 port {own_port}",
    ]


async def test_from_options_match_the_client_named_by_the_balancer(
    serving: Callable[..., Any], keys: Keys
) -> None:
    line = keys.authorized.read_text()
    keys.authorized.write_text(f'from="192.0.2.0/24" {line}')
    server = await serving(proxy_protocol=LOOPBACK)
    async with await login(server.port, keys.client, v2_header(("192.0.2.7", 1000))):
        pass
    with pytest.raises(asyncssh.PermissionDenied):
        await login(server.port, keys.client, v2_header(("198.51.100.7", 1001)))
    assert any(
        entry.startswith("Failed publickey for reader from 198.51.100.7 port 1001 ssh2")
        for entry in log_of(server)
    )


async def test_the_per_client_limit_counts_the_client_named_by_the_balancer(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving(proxy_protocol=LOOPBACK, max_sessions_per_client=1)
    first = await login(server.port, keys.client, v2_header(("192.0.2.7", 1000)))
    same = await login(server.port, keys.client, v2_header(("192.0.2.7", 1001)))
    other = await login(server.port, keys.client, v2_header(("192.0.2.8", 1002)))
    async with first, same, other:
        await open_session(first)
        with pytest.raises(asyncssh.ChannelOpenError, match=r"too many sessions from 192\.0\.2\.7"):
            await open_session(same)
        await open_session(other)  # another client behind the same balancer


@pytest.mark.parametrize(
    "header",
    [v1_header(("192.0.2.7", 1), ("192.0.2.1", 2)), v2_header(("192.0.2.7", 1))],
    ids=["v1", "v2"],
)
async def test_without_the_flag_a_proxy_header_is_refused_and_logged(
    serving: Callable[..., Any], keys: Keys, header: bytes
) -> None:
    server = await serving()
    got = await refused(server.port, header)
    assert got.startswith(b"SSH-2.0-")  # the server spoke first, as SSH servers do
    await until(lambda: any("PROXY" in line for line in log_of(server)), "the refusal")
    (line,) = log_of(server)
    assert line.startswith("127.0.0.1 port ")
    assert line.endswith(
        ": refused a PROXY header: taken only with --proxy-protocol: connection closed"
    )
    assert not any(line.startswith("Accepted") for line in log_of(server))
    async with await login(server.port, keys.client):  # a plain client still gets in
        pass


async def test_a_header_from_an_address_not_trusted_is_refused(
    serving: Callable[..., Any], keys: Keys
) -> None:
    server = await serving(proxy_protocol=TrustedProxies.parse("10.0.0.0/8"))
    await refused(server.port, v2_header(("192.0.2.7", 1)))
    await until(lambda: any("PROXY" in line for line in log_of(server)), "the refusal")
    assert log_of(server)[0].endswith(
        ": refused a PROXY header: not from a trusted balancer (--proxy-protocol): "
        "connection closed"
    )
    async with await login(server.port, keys.client) as conn:  # a direct client gets in
        port = conn.get_extra_info("sockname")[1]
    assert f"Accepted publickey for reader from 127.0.0.1 port {port} ssh2" in " ".join(
        log_of(server)
    )


@pytest.mark.parametrize(
    ("sent", "why"),
    [
        (b"SSH-2.0-OpenSSH_9.6\r\n", "not a PROXY header"),
        (
            b"PROXY TCP4 192.0.2.7 192.0.2.1 1 99999\r\n",
            "version 1 header with a port that is not 0 to 65535",
        ),
        (b"PROXY " + b"x" * 200, "version 1 header without CRLF in 107 bytes"),
        (v2_header(None)[:14] + b"\xff\xff", "version 2 header of 65535 bytes (at most 1024)"),
    ],
    ids=["ssh", "bad-port", "long-v1", "huge-v2"],
)
async def test_a_trusted_balancer_must_send_a_valid_header(
    serving: Callable[..., Any], sent: bytes, why: str
) -> None:
    server = await serving(proxy_protocol=LOOPBACK)
    got = await refused(server.port, sent)
    assert got == b""  # nothing of SSH before the header
    await until(lambda: bool(log_of(server)), "the refusal")
    (line,) = log_of(server)
    assert line.startswith("127.0.0.1 port ")
    assert line.endswith(f": a bad PROXY header from a trusted balancer: {why}: connection closed")


# -- the listener alone, with a stand-in for the server's protocol ------------------------------


class Echo(asyncio.Protocol):
    def __init__(self, made: list[Any]) -> None:
        self.made = made

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        self.made.append(transport.get_extra_info("peername"))
        transport.write(b"hello\n")

    def data_received(self, data: bytes) -> None:
        self.transport.write(data)


async def listening(timeout: float = 10.0) -> tuple[Any, list[str], list[Any]]:
    lines: list[str] = []
    made: list[Any] = []
    listener = ProxyListener(LOOPBACK, lines.append, timeout=timeout)
    server = await listener.create_server(lambda host, port: Echo(made), "127.0.0.1", 0)
    return server, lines, made


async def test_the_header_is_waited_for_at_most_the_timeout() -> None:
    server, lines, made = await listening(timeout=0.2)
    async with server:
        port = server.sockets[0].getsockname()[1]
        started = time.monotonic()
        sock = await balanced(port, b"PROXY TCP4 ")
        loop = asyncio.get_running_loop()
        got = await asyncio.wait_for(loop.sock_recv(sock, 10), DEADLINE)
        waited = time.monotonic() - started
        sock.close()
    assert made == []
    assert got == b""
    assert 0.2 <= waited < DEADLINE
    assert lines[-1].endswith(": no PROXY header within 0.2 s: connection closed")


async def test_a_health_check_is_not_logged_and_a_header_cut_short_is() -> None:
    server, lines, made = await listening()
    async with server:
        port = server.sockets[0].getsockname()[1]
        (await balanced(port, b"")).close()
        (await balanced(port, b"PROXY TCP4 192.")).close()
        await until(lambda: bool(lines), "a line")
        sock = await balanced(port, v1_header(("192.0.2.7", 9), ("192.0.2.1", 22)) + b"ping")
        loop = asyncio.get_running_loop()
        got = b""
        while len(got) < 10:
            got += await asyncio.wait_for(loop.sock_recv(sock, 100), DEADLINE)
        sock.close()
    assert [line.split(": ", 1)[1] for line in lines] == ["closed in the middle of a PROXY header"]
    assert made == [("192.0.2.7", 9)]
    assert got == b"hello\nping"  # what followed the header reached the server, and only that


def test_proxy_protocol_is_an_option_of_serve_ssh(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bijie_tui.cli import run

    given: list[ssh_server.Options] = []

    def serve(options: ssh_server.Options) -> int:
        given.append(options)
        return 0

    monkeypatch.setattr(ssh_server, "serve", serve)
    assert run(["serve", "--ssh", "--open"]) == 0
    assert run(["serve", "--ssh", "--open", "--proxy-protocol", "10.0.0.5,fd00::/8"]) == 0
    assert given[0].proxy_protocol is None
    assert str(given[1].proxy_protocol) == "10.0.0.5,fd00::/8"
    capsys.readouterr()
    assert run(["serve", "--ssh", "--open", "--proxy-protocol", "balancer.example"]) == 2
    assert run(["serve", "--proxy-protocol", "10.0.0.5"]) == 2
    assert capsys.readouterr().err == (
        "bijie-tui: error: serve: --proxy-protocol: 'balancer.example': not an address or "
        "a network\n"
        "bijie-tui: error: serve: --proxy-protocol is for the SSH server: add --ssh\n"
    )


async def test_refusals_from_one_address_are_counted_not_logged_one_by_one() -> None:
    """A flood of refused connections costs the log a line for the first from each address
    and one line a minute counting the rest."""
    lines: list[str] = []
    made: list[Any] = []
    listener = ProxyListener(LOOPBACK, lines.append)
    server = await listener.create_server(lambda host, port: Echo(made), "127.0.0.1", 0)
    async with server:
        port = server.sockets[0].getsockname()[1]
        loop = asyncio.get_running_loop()
        for _ in range(5):
            sock = await balanced(port, b"SSH-2.0-OpenSSH_9.6\r\n")  # no header: refused
            assert await asyncio.wait_for(loop.sock_recv(sock, 10), DEADLINE) == b""
            sock.close()
        assert len(lines) == 1, lines
        assert lines[0].startswith("127.0.0.1 port ") and "not a PROXY header" in lines[0]
        listener.report()  # what the minute's timer does
        assert lines[1] == (
            "refused 4 more connections: 4 a bad PROXY header from a trusted balancer"
        )
        listener.report()  # a quiet minute: nothing
        assert len(lines) == 2
    assert made == []
