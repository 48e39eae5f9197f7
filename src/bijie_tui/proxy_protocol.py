"""The PROXY protocol (HAProxy's, versions 1 and 2): the header a load balancer sends before a
client's bytes, naming the client's address.

Only the receiving side, and strictly: a header is read from at most :data:`V1_MAX` bytes
(version 1, text) or :data:`V2_MAX` bytes (version 2, binary); anything the specification does
not allow is refused (:class:`ProxyHeaderError`), nothing is guessed. Version 2's ``LOCAL``
command (a balancer's own connection, such as a health check) and version 1's ``UNKNOWN`` name
no client: the connection's own addresses stand. TLVs after version 2's addresses are skipped.

Which peers may send a header at all is :class:`TrustedProxies`: the specification forbids
taking one from anyone else, and a receiver must not guess whether a header is there.

Reference: https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt
"""

from __future__ import annotations

import ipaddress
import struct
from collections.abc import Iterable
from dataclasses import dataclass

V1_PREFIX = b"PROXY "
V1_MAX = 107
"""Version 1's longest header, CRLF included (the specification's limit)."""
V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"
V2_FIXED = 16
"""Version 2's signature, version and command, family, and length."""
V2_MAX_ADDRESSES = 1024
"""The most bytes of addresses and TLVs taken after version 2's fixed part (HAProxy sends 12
for IPv4 and 36 for IPv6 without TLVs; its TLVs are small)."""
V2_MAX = V2_FIXED + V2_MAX_ADDRESSES

_V2_LOCAL = 0x20
_V2_PROXY = 0x21
_AF_UNSPEC, _AF_INET, _AF_INET6, _AF_UNIX = 0x0, 0x1, 0x2, 0x3
_UNSPEC, _STREAM = 0x0, 0x1

Address = tuple[str, int]


class ProxyHeaderError(ValueError):
    """Not a valid PROXY header (the connection is to be closed)."""


@dataclass(frozen=True)
class ProxyHeader:
    """A header read: its length in bytes and the addresses it gives."""

    version: int
    length: int
    """Bytes of the header: what follows is the client's."""
    source: Address | None = None
    """The client's address and port; None: the connection's own (LOCAL, UNKNOWN, UNSPEC)."""
    destination: Address | None = None
    """The address and port the client connected to; None as for ``source``."""


def could_be(data: bytes) -> bool:
    """Whether ``data`` is, or may still become, the start of a PROXY header (of either
    version). Used to notice a header from a peer that may not send one."""
    head = data[: len(V2_SIGNATURE)]
    return V1_PREFIX.startswith(head[: len(V1_PREFIX)]) or V2_SIGNATURE.startswith(head)


def parse(data: bytes) -> ProxyHeader | None:
    """The header at the start of ``data``; None when more bytes are needed.

    Raises :class:`ProxyHeaderError` when ``data`` cannot begin a valid header, or when one is
    longer than the limits.
    """
    if not data:
        return None
    if data[0:1] == b"P":
        if not V1_PREFIX.startswith(data[: len(V1_PREFIX)]):
            raise ProxyHeaderError("not a PROXY header")
        return _parse_v1(data)
    if data[0:1] == b"\r":
        if not V2_SIGNATURE.startswith(data[: len(V2_SIGNATURE)]):
            raise ProxyHeaderError("not a PROXY header")
        return _parse_v2(data)
    raise ProxyHeaderError("not a PROXY header")


def _parse_v1(data: bytes) -> ProxyHeader | None:
    end = data.find(b"\r\n", 0, V1_MAX)
    if end < 0:
        if len(data) >= V1_MAX or b"\n" in data[:V1_MAX]:
            raise ProxyHeaderError(f"version 1 header without CRLF in {V1_MAX} bytes")
        return None
    line = data[:end]
    length = end + 2
    if any(b < 0x20 or b > 0x7E for b in line):
        raise ProxyHeaderError("version 1 header with a byte that is not printable ASCII")
    fields = line.decode("ascii").split(" ")
    if len(fields) >= 2 and fields[1] == "UNKNOWN":
        return ProxyHeader(1, length)  # the rest of the line is ignored, as specified
    if len(fields) != 6:
        raise ProxyHeaderError("version 1 header without its six fields")
    _, proto, src, dst, sport, dport = fields
    if proto == "TCP4":
        kind: type[ipaddress.IPv4Address | ipaddress.IPv6Address] = ipaddress.IPv4Address
    elif proto == "TCP6":
        kind = ipaddress.IPv6Address
    else:
        raise ProxyHeaderError("version 1 header with a protocol other than TCP4, TCP6, UNKNOWN")
    try:
        source, destination = kind(src), kind(dst)
    except ValueError:
        raise ProxyHeaderError(f"version 1 header with an address that is not {proto}") from None
    if "%" in src or "%" in dst:
        raise ProxyHeaderError("version 1 header with a scoped address")
    return ProxyHeader(1, length, (str(source), _port(sport)), (str(destination), _port(dport)))


def _port(text: str) -> int:
    if not text.isdigit() or not text.isascii() or len(text) > 5 or text != str(int(text)):
        raise ProxyHeaderError("version 1 header with a port that is not 0 to 65535")
    port = int(text)
    if port > 65535:
        raise ProxyHeaderError("version 1 header with a port that is not 0 to 65535")
    return port


def _parse_v2(data: bytes) -> ProxyHeader | None:
    if len(data) < V2_FIXED:
        return None
    command, family = data[12], data[13]
    (size,) = struct.unpack_from("!H", data, 14)
    if command >> 4 != 2:
        raise ProxyHeaderError(f"version 2 header of version {command >> 4}")
    if command not in (_V2_LOCAL, _V2_PROXY):
        raise ProxyHeaderError(f"version 2 header with an unknown command {command & 0xF}")
    if size > V2_MAX_ADDRESSES:
        raise ProxyHeaderError(f"version 2 header of {size} bytes (at most {V2_MAX_ADDRESSES})")
    length = V2_FIXED + size
    if len(data) < length:
        return None
    block = data[V2_FIXED:length]
    if command == _V2_LOCAL:
        return ProxyHeader(2, length)  # the balancer's own connection: its addresses stand
    af, transport = family >> 4, family & 0xF
    if af == _AF_UNSPEC:
        return ProxyHeader(2, length)
    if transport != _STREAM:
        raise ProxyHeaderError("version 2 header of a transport other than a stream (TCP)")
    if af == _AF_INET:
        if size < 12:
            raise ProxyHeaderError("version 2 header too short for IPv4 addresses")
        src4, dst4, sport, dport = struct.unpack_from("!4s4sHH", block)
        return ProxyHeader(
            2,
            length,
            (str(ipaddress.IPv4Address(src4)), sport),
            (str(ipaddress.IPv4Address(dst4)), dport),
        )
    if af == _AF_INET6:
        if size < 36:
            raise ProxyHeaderError("version 2 header too short for IPv6 addresses")
        src6, dst6, sport, dport = struct.unpack_from("!16s16sHH", block)
        return ProxyHeader(
            2,
            length,
            (str(ipaddress.IPv6Address(src6)), sport),
            (str(ipaddress.IPv6Address(dst6)), dport),
        )
    if af == _AF_UNIX:
        raise ProxyHeaderError("version 2 header of a Unix socket, not a TCP client")
    raise ProxyHeaderError(f"version 2 header of an unknown address family {af}")


def v1_header(source: Address, destination: Address) -> bytes:
    """A version 1 header (for tests and benchmarks)."""
    ip = ipaddress.ip_address(source[0])
    proto = "TCP4" if ip.version == 4 else "TCP6"
    return f"PROXY {proto} {source[0]} {destination[0]} {source[1]} {destination[1]}\r\n".encode()


def v2_header(source: Address | None, destination: Address | None = None) -> bytes:
    """A version 2 header; ``source`` None: the LOCAL command (for tests and benchmarks)."""
    if source is None:
        return V2_SIGNATURE + bytes([_V2_LOCAL, 0]) + struct.pack("!H", 0)
    destination = destination or (source[0], 0)
    src, dst = ipaddress.ip_address(source[0]), ipaddress.ip_address(destination[0])
    af = _AF_INET if src.version == 4 else _AF_INET6
    block = src.packed + dst.packed + struct.pack("!HH", source[1], destination[1])
    fixed = bytes([_V2_PROXY, af << 4 | _STREAM]) + struct.pack("!H", len(block))
    return V2_SIGNATURE + fixed + block


class TrustedProxies:
    """The balancers' addresses (``--proxy-protocol ADDR[,ADDR...]``): addresses or networks,
    IPv4 or IPv6."""

    def __init__(self, networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> None:
        self.networks = tuple(networks)

    @classmethod
    def parse(cls, text: str) -> TrustedProxies:
        """From ``10.0.0.5,10.1.0.0/16,fd00::/8``; ValueError naming the bad item."""
        networks = []
        for item in text.split(","):
            item = item.strip()
            if not item:
                raise ValueError("an empty address")
            try:
                networks.append(ipaddress.ip_network(item, strict=True))
            except ValueError:
                raise ValueError(f"{item!r}: not an address or a network") from None
        return cls(networks)

    def __contains__(self, host: object) -> bool:
        try:
            ip = ipaddress.ip_address(str(host).split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip.version == net.version and ip in net for net in self.networks)

    def __str__(self) -> str:
        return ",".join(
            str(net.network_address if net.prefixlen == net.max_prefixlen else net)
            for net in self.networks
        )
