"""Two ``serve --ssh`` behind HAProxy, as the README shows it: one host to the clients, and each
server sees the client's own address through the PROXY protocol (version 2).

HAProxy connects to the servers from 127.0.0.2 (its ``source``), the only address given to
``--proxy-protocol``; the clients connect to HAProxy from 127.0.0.1. A log line naming 127.0.0.2
would be the balancer's address where the client's belongs. Skipped where HAProxy (Debian's
``haproxy``) or OpenSSH's ``ssh`` is not installed; ``.ci/run`` installs HAProxy.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")
pytest.importorskip("pyte")

from test_ssh_auth import SSH, private_key_file  # noqa: E402
from test_ssh_server import Keys, keys, open_session  # noqa: E402

__all__ = ["keys"]  # the fixture, used by name

HAPROXY = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
pytestmark = [
    pytest.mark.skipif(
        HAPROXY is None, reason="HAProxy is not installed (Debian: apt-get install haproxy)"
    ),
    pytest.mark.skipif(SSH is None, reason="OpenSSH's ssh is not installed"),
]

BALANCER = "127.0.0.2"
"""Where HAProxy connects to the servers from."""
DEADLINE = 30.0
CONFIG = """\
global
    maxconn 200

defaults
    mode tcp
    timeout connect 5s
    timeout client 30m
    timeout server 30m

frontend ssh
    bind 127.0.0.1:{front}
    default_backend explorers

backend explorers
    balance roundrobin
    server one 127.0.0.1:{one} send-proxy-v2 check inter 1s source {balancer}
    server two 127.0.0.1:{two} send-proxy-v2 check inter 1s source {balancer}
"""
"""The README's configuration, with the test's ports."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop(proc: subprocess.Popen[Any]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def explorer_server(keys: Keys, log: Path) -> Iterator[int]:
    """``bijie-tui serve --ssh --proxy-protocol 127.0.0.2``; its log (stderr) in ``log``."""
    with log.open("w") as err:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "bijie_tui", "serve", "--ssh", "--port", "0"),
                *("--host-key", str(keys.host), "--authorized-keys", str(keys.authorized)),
                *("--proxy-protocol", BALANCER),
            ],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            found = re.search(r":(\d+)$", first.strip())
            assert found, first + log.read_text()
            yield int(found[1])
        finally:
            stop(proc)


@contextmanager
def haproxy(config: Path, front: int) -> Iterator[None]:
    assert HAPROXY is not None
    proc = subprocess.Popen(
        [HAPROXY, "-db", "-f", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + DEADLINE
        while True:
            assert proc.poll() is None, proc.communicate()[0].decode(errors="replace")
            try:
                socket.create_connection(("127.0.0.1", front), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "HAProxy never listened"
                time.sleep(0.05)
        yield
    finally:
        stop(proc)


async def asyncssh_login(front: int, key: Any) -> tuple[str, int]:
    """A session through HAProxy, until the explorer's first screen and its ``q``; the host key
    seen and the client's own port."""
    async with asyncssh.connect(
        "127.0.0.1",
        front,
        local_addr=("127.0.0.1", 0),
        username="reader",
        client_keys=[key],
        known_hosts=None,
        config=None,
        agent_path=None,
    ) as conn:
        port: int = conn.get_extra_info("sockname")[1]
        chan, screen = await open_session(conn)
        await screen.wait_text("Headlines")
        chan.write(b"q")
        await asyncio.wait_for(screen.closed.wait(), DEADLINE)
        assert chan.get_exit_status() == 0
        return conn.get_server_host_key().get_fingerprint(), port


async def openssh_login(front: int, client: Path, known_hosts: Path) -> str:
    """OpenSSH's ssh through HAProxy, with the host key checked strictly (``-T``: the explorer
    says it needs a terminal, status 1, once logged in); its output."""
    assert SSH is not None
    argv = [SSH, "-F", "/dev/null", "-T", "-p", str(front), "-l", "reader", "-i", str(client)]
    for option in (
        "BatchMode=yes",
        "StrictHostKeyChecking=yes",
        f"UserKnownHostsFile={known_hosts}",
        "HostKeyAlias=explorer.example",
        "IdentitiesOnly=yes",
        "IdentityAgent=none",
        "ConnectTimeout=10",
    ):
        argv += ["-o", option]
    proc = await asyncio.create_subprocess_exec(
        *argv,
        "127.0.0.1",
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), DEADLINE)
    assert proc.returncode == 1, err
    return out.decode()


async def test_two_servers_behind_haproxy_are_one_host_and_see_each_client(
    keys: Keys, tmp_path: Path
) -> None:
    client = private_key_file(tmp_path / "client", keys.client)
    shared = asyncssh.read_private_key(keys.host)
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_bytes(b"explorer.example " + shared.export_public_key())
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    with ExitStack() as stack:
        one, two = (stack.enter_context(explorer_server(keys, log)) for log in logs)
        front = free_port()
        config = tmp_path / "haproxy.cfg"
        config.write_text(CONFIG.format(front=front, one=one, two=two, balancer=BALANCER))
        stack.enter_context(haproxy(config, front))

        seen: list[str] = []
        ports: list[int] = []
        for i in range(10):  # by twos, so that each server gets both kinds of client
            if i % 4 < 2:
                fingerprint, port = await asyncssh_login(front, keys.client)
                seen.append(fingerprint)
                ports.append(port)
            else:
                out = await openssh_login(front, client, known_hosts)
                assert "the explorer needs a terminal" in out
                seen.append(shared.get_fingerprint())  # ssh checked it: StrictHostKeyChecking
        text = [log.read_text() for log in logs]

    assert seen == [shared.get_fingerprint()] * 10
    login = re.compile(r"Accepted publickey for reader from (\S+) port (\d+) ssh2")
    accepted = [login.findall(t) for t in text]
    assert all(accepted), text  # both servers let clients in
    assert sum(len(a) for a in accepted) == 10
    assert {host for a in accepted for host, _ in a} == {"127.0.0.1"}  # never the balancer
    logged_ports = {int(port) for a in accepted for _, port in a}
    assert set(ports) <= logged_ports  # the client's own port, as the client saw it
    for t in text:
        assert "session started" in t  # both served a session of the explorer
        # What came after the lines of the start: nothing of the balancer's address, and
        # nothing of the health checks (connections closed before a byte).
        lines = [line for line in t.splitlines() if line.startswith("bijie-tui: ")]
        assert lines[:2] == [
            f"bijie-tui: letting in the keys of {keys.authorized}",
            f"bijie-tui: --proxy-protocol: connections from {BALANCER} must begin with a "
            "PROXY header naming the client",
        ]
        assert not [line for line in lines[2:] if BALANCER in line or "PROXY" in line]
        assert "Traceback" not in t
