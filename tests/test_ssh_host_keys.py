"""``serve --ssh --host-key``: several servers share one host key, which is kept secret (mode
0600, owned by the server's user or root) and rotated as sshd's are: the next key is announced
(``--host-key`` given again) and OpenSSH's UpdateHostKeys learns it before it is used."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")

from bijie_tui import ssh_server  # noqa: E402
from test_ssh_auth import SSH, needs_openssh, private_key_file  # noqa: E402
from test_ssh_server import Keys, keys  # noqa: E402

__all__ = ["keys"]  # the fixture, used by name


@pytest.fixture
async def serving(keys: Keys) -> AsyncIterator[Callable[..., Any]]:
    servers: list[ssh_server.Server] = []

    async def start(**options: Any) -> ssh_server.Server:
        options.setdefault("authorized_keys", keys.authorized)
        options.setdefault("host_key", keys.host)
        server = await ssh_server.start(ssh_server.Options(host="127.0.0.1", port=0, **options))
        servers.append(server)
        return server

    yield start
    for server in servers:
        await asyncio.wait_for(server.close(), 10)


async def host_key_seen(server: ssh_server.Server, key: Any) -> str:
    async with asyncssh.connect(
        "127.0.0.1",
        server.port,
        username="reader",
        client_keys=[key],
        known_hosts=None,
        config=None,
        agent_path=None,
    ) as conn:
        fingerprint: str = conn.get_server_host_key().get_fingerprint()
        return fingerprint


async def test_servers_given_one_host_key_are_one_host_to_clients(
    serving: Callable[..., Any], keys: Keys
) -> None:
    first, second = await serving(), await serving()
    expected = asyncssh.read_private_key(keys.host).get_fingerprint()
    assert first.fingerprint == second.fingerprint == expected
    assert await host_key_seen(first, keys.client) == expected
    assert await host_key_seen(second, keys.client) == expected


def test_a_host_key_owned_by_another_user_is_refused(
    keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.getuid() == 0:
        os.chown(keys.host, 4243, -1)
    else:
        monkeypatch.setattr(os, "getuid", lambda: keys.host.stat().st_uid + 1)
    with pytest.raises(ssh_server.ServeError) as caught:
        ssh_server.load_host_key(keys.host)
    owner = keys.host.stat().st_uid
    assert str(caught.value) == (
        f"{keys.host}: the host key is owned by another user (uid {owner}); it must be owned "
        "by the server's user or root"
    )


def new_host_key(path: Path) -> Path:
    return private_key_file(path, asyncssh.generate_private_key("ssh-ed25519"))


async def openssh_login(
    server: ssh_server.Server, client: Path, known_hosts: Path
) -> tuple[int, str]:
    """Log in with OpenSSH's ssh, checking the host key strictly against ``known_hosts``
    (under one name for every server), with UpdateHostKeys; its status and errors."""
    assert SSH is not None
    argv = [SSH, "-F", "/dev/null", "-T", "-p", str(server.port), "-l", "reader"]
    for option in (
        "BatchMode=yes",
        "StrictHostKeyChecking=yes",
        f"UserKnownHostsFile={known_hosts}",
        "HostKeyAlias=explorer.example",
        "UpdateHostKeys=yes",
        "HostKeyAlgorithms=ssh-ed25519",
        "IdentitiesOnly=yes",
        "IdentityAgent=none",
        "ConnectTimeout=10",
    ):
        argv += ["-o", option]
    proc = await asyncio.create_subprocess_exec(
        *argv,
        "-i",
        str(client),
        "127.0.0.1",
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return proc.returncode, err.decode(errors="replace")


def known(known_hosts: Path) -> set[str]:
    """The keys ``known_hosts`` holds, as ``TYPE BASE64``."""
    lines = known_hosts.read_text().splitlines()
    return {" ".join(line.split()[1:3]) for line in lines if line.strip()}


def public(path: Path) -> str:
    key = asyncssh.read_private_key(path)
    return str(key.export_public_key("openssh").decode().strip())


@needs_openssh
async def test_a_rotated_host_key_is_learned_by_openssh_before_it_is_used(
    serving: Callable[..., Any], keys: Keys, tmp_path: Path
) -> None:
    client = private_key_file(tmp_path / "client", keys.client)
    old, new = keys.host, new_host_key(tmp_path / "next_host_key")
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"explorer.example {public(old)}\n")

    # Without a rotation: a client that knows only the old key refuses the new one.
    switched = await serving(host_key=new)
    status, err = await openssh_login(switched, client, known_hosts)
    assert status == 255 and "Host key verification failed" in err, err

    # During: the old key is used, the new one announced; ssh adds it to its known hosts.
    during = await serving(host_key=old, more_host_keys=(new,))
    status, err = await openssh_login(during, client, known_hosts)
    assert status == 1, err  # logged in (no terminal: the explorer says so, status 1)
    assert known(known_hosts) == {public(old), public(new)}

    # After: the new key alone; the client that connected during the rotation trusts it, and
    # drops the old one, which is no longer announced.
    after = await serving(host_key=new)
    status, err = await openssh_login(after, client, known_hosts)
    assert status == 1, err
    assert known(known_hosts) == {public(new)}


def test_host_key_may_be_given_again_for_the_next_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bijie_tui.cli import run

    given: list[ssh_server.Options] = []
    monkeypatch.setattr(ssh_server, "serve", lambda options: given.append(options) or 0)
    assert run(["serve", "--ssh", "--open", "--host-key", "a", "--host-key", "b"]) == 0
    assert run(["serve", "--ssh", "--open", "--host-key", "a"]) == 0
    assert run(["serve", "--ssh", "--open"]) == 0
    assert [(o.host_key, o.more_host_keys) for o in given] == [
        (Path("a"), (Path("b"),)),
        (Path("a"), ()),
        (None, ()),
    ]
