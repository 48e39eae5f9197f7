"""The PROXY protocol's parser (HAProxy's proxy-protocol.txt): both versions, strictly, and
bounded; and the trusted balancers' addresses."""

from __future__ import annotations

import struct

import pytest

from bijie_tui.proxy_protocol import (
    V1_MAX,
    V2_MAX_ADDRESSES,
    V2_SIGNATURE,
    ProxyHeader,
    ProxyHeaderError,
    TrustedProxies,
    could_be,
    parse,
    v1_header,
    v2_header,
)

SSH_BANNER = b"SSH-2.0-OpenSSH_9.6\r\n"


def test_version_1_tcp4_and_tcp6_give_the_client_and_the_length() -> None:
    header = b"PROXY TCP4 192.0.2.7 198.51.100.1 50124 2222\r\n"
    assert parse(header + SSH_BANNER) == ProxyHeader(
        1, len(header), ("192.0.2.7", 50124), ("198.51.100.1", 2222)
    )
    header = b"PROXY TCP6 2001:db8::7 2001:db8::1 65535 0\r\n"
    assert parse(header) == ProxyHeader(1, len(header), ("2001:db8::7", 65535), ("2001:db8::1", 0))


def test_version_1_unknown_names_no_client() -> None:
    assert parse(b"PROXY UNKNOWN\r\n") == ProxyHeader(1, 15)
    line = b"PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n"
    assert parse(line + SSH_BANNER) == ProxyHeader(1, len(line))


def test_the_longest_version_1_header_is_taken_and_one_byte_more_is_refused() -> None:
    longest = b"PROXY UNKNOWN " + b"x" * (V1_MAX - 16) + b"\r\n"
    assert len(longest) == V1_MAX
    assert parse(longest) == ProxyHeader(1, V1_MAX)
    with pytest.raises(ProxyHeaderError, match="without CRLF in 107 bytes"):
        parse(b"PROXY UNKNOWN " + b"x" * (V1_MAX - 15) + b"\r\n")
    with pytest.raises(ProxyHeaderError, match="without CRLF"):
        parse(b"PROXY TCP4 " + b"1" * 5000)


@pytest.mark.parametrize("cut", range(1, 46))
def test_a_truncated_header_asks_for_more(cut: int) -> None:
    v1 = b"PROXY TCP4 192.0.2.7 198.51.100.1 50124 2222\r\n"
    v2 = v2_header(("2001:db8::7", 50124), ("2001:db8::1", 2222))
    assert parse(v1[:cut]) is None
    assert parse(v2[: min(cut, len(v2) - 1)]) is None


@pytest.mark.parametrize(
    "line",
    [
        b"PROXY TCP4 192.0.2.7 198.51.100.1 50124\r\n",  # a field missing
        b"PROXY TCP4 192.0.2.7 198.51.100.1 50124 2222 x\r\n",  # one too many
        b"PROXY TCP4  192.0.2.7 198.51.100.1 50124 2222\r\n",  # two spaces
        b"PROXY TCP4 192.0.2.7 198.51.100.1 50124 65536\r\n",  # not a port
        b"PROXY TCP4 192.0.2.7 198.51.100.1 050124 2222\r\n",  # a leading zero
        b"PROXY TCP4 192.0.2.7 198.51.100.1 +5012 2222\r\n",
        b"PROXY TCP4 192.0.2.7 198.51.100.1 \xd9\xa1 2222\r\n",  # a non-ASCII digit
        b"PROXY TCP4 2001:db8::7 198.51.100.1 50124 2222\r\n",  # IPv6 as TCP4
        b"PROXY TCP6 192.0.2.7 2001:db8::1 50124 2222\r\n",  # IPv4 as TCP6
        b"PROXY TCP4 192.0.2.07 198.51.100.1 50124 2222\r\n",  # a leading zero in an octet
        b"PROXY TCP6 fe80::1%eth0 fe80::2 50124 2222\r\n",  # a scope
        b"PROXY UDP4 192.0.2.7 198.51.100.1 50124 2222\r\n",
        b"PROXY tcp4 192.0.2.7 198.51.100.1 50124 2222\r\n",
        b"PROXY TCP4 192.0.2.7 198.51.100.1 50124 2222\n",  # LF without CR
        b"PROXY TCP4 192.0.2.7\x00 198.51.100.1 50124 2222\r\n",
        b"PROXY\r\n",
        b"PROXYTCP4\r\n",
        b"proxy TCP4 192.0.2.7 198.51.100.1 50124 2222\r\n",
        b"SSH-2.0-OpenSSH_9.6\r\n",
        b"\x00",
    ],
)
def test_a_bad_version_1_header_is_refused(line: bytes) -> None:
    with pytest.raises(ProxyHeaderError):
        parse(line)


def test_version_2_ipv4_and_ipv6() -> None:
    header = v2_header(("192.0.2.7", 50124), ("198.51.100.1", 2222))
    assert len(header) == 16 + 12
    assert parse(header + SSH_BANNER) == ProxyHeader(
        2, 28, ("192.0.2.7", 50124), ("198.51.100.1", 2222)
    )
    header = v2_header(("2001:db8::7", 1), ("2001:db8::1", 2))
    assert len(header) == 16 + 36
    assert parse(header) == ProxyHeader(2, 52, ("2001:db8::7", 1), ("2001:db8::1", 2))


def test_version_2_local_names_no_client_whatever_its_addresses() -> None:
    assert parse(v2_header(None) + SSH_BANNER) == ProxyHeader(2, 16)
    # LOCAL with an address block (HAProxy's health checks may send one): skipped.
    block = bytes(12)
    local = V2_SIGNATURE + bytes([0x20, 0x11]) + struct.pack("!H", 12) + block
    assert parse(local) == ProxyHeader(2, 28)


def test_version_2_tlvs_are_skipped_and_unspec_names_no_client() -> None:
    tlv = bytes([0x05]) + struct.pack("!H", 4) + b"abcd"  # PP2_TYPE_UNIQUE_ID
    block = bytes([192, 0, 2, 7, 198, 51, 100, 1]) + struct.pack("!HH", 7, 2222) + tlv
    header = V2_SIGNATURE + bytes([0x21, 0x11]) + struct.pack("!H", len(block)) + block
    assert parse(header + SSH_BANNER) == ProxyHeader(
        2, len(header), ("192.0.2.7", 7), ("198.51.100.1", 2222)
    )
    unspec = V2_SIGNATURE + bytes([0x21, 0x00]) + struct.pack("!H", 0)
    assert parse(unspec) == ProxyHeader(2, 16)


def fixed(command: int, family: int, length: int) -> bytes:
    return V2_SIGNATURE + bytes([command, family]) + struct.pack("!H", length)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (fixed(0x11, 0x11, 12) + bytes(12), "of version 1"),
        (fixed(0x31, 0x11, 12) + bytes(12), "of version 3"),
        (fixed(0x22, 0x11, 12) + bytes(12), "unknown command"),
        (fixed(0x21, 0x11, 11) + bytes(11), "too short for IPv4"),
        (fixed(0x21, 0x21, 35) + bytes(35), "too short for IPv6"),
        (fixed(0x21, 0x12, 12) + bytes(12), "other than a stream"),
        (fixed(0x21, 0x10, 12) + bytes(12), "other than a stream"),
        (fixed(0x21, 0x31, 216) + bytes(216), "Unix socket"),
        (fixed(0x21, 0x41, 12) + bytes(12), "unknown address family"),
        (fixed(0x21, 0x11, V2_MAX_ADDRESSES + 1), "1025 bytes"),
        (fixed(0x21, 0x11, 0xFFFF), "65535 bytes"),
        (b"\r\n\r\n\x00\r\nQUIT\r", "not a PROXY header"),
        (b"\r\n\r\n\x01", "not a PROXY header"),
    ],
)
def test_a_bad_version_2_header_is_refused(data: bytes, why: str) -> None:
    with pytest.raises(ProxyHeaderError, match=why):
        parse(data)


def test_an_oversized_version_2_header_is_refused_from_its_fixed_part() -> None:
    # Refused from the 16 bytes that announce it: nothing of it is waited for or held.
    with pytest.raises(ProxyHeaderError, match="65535 bytes"):
        parse(fixed(0x21, 0x11, 0xFFFF))


def test_the_longest_version_2_header_is_taken() -> None:
    block = bytes([192, 0, 2, 7, 198, 51, 100, 1]) + struct.pack("!HH", 7, 22)
    block += bytes(V2_MAX_ADDRESSES - len(block))
    header = fixed(0x21, 0x11, len(block)) + block
    assert parse(header) == ProxyHeader(
        2, 16 + V2_MAX_ADDRESSES, ("192.0.2.7", 7), ("198.51.100.1", 22)
    )
    assert parse(header[:-1]) is None


def test_could_be_tells_a_header_from_an_ssh_banner_at_its_first_differing_byte() -> None:
    assert could_be(b"") and could_be(b"P") and could_be(b"PROXY") and could_be(b"\r\n\r")
    assert could_be(b"PROXY TCP4 1") and could_be(V2_SIGNATURE + b"!")
    assert not could_be(b"S") and not could_be(SSH_BANNER) and not could_be(b"PROXI")
    assert not could_be(b"\r\n\r\n\x01")


def test_the_headers_made_for_tests_are_what_the_parser_reads() -> None:
    assert parse(v1_header(("2001:db8::7", 1), ("2001:db8::1", 2))) == ProxyHeader(
        1, 40, ("2001:db8::7", 1), ("2001:db8::1", 2)
    )


def test_trusted_balancers_are_addresses_and_networks_of_either_family() -> None:
    trusted = TrustedProxies.parse("127.0.0.1, 10.1.0.0/16,fd00::/8")
    assert str(trusted) == "127.0.0.1,10.1.0.0/16,fd00::/8"
    assert "127.0.0.1" in trusted and "10.1.200.3" in trusted and "fd00::5" in trusted
    assert "::ffff:10.1.0.9" in trusted  # as a dual-stack socket gives an IPv4 peer
    assert "127.0.0.2" not in trusted and "10.2.0.1" not in trusted and "::1" not in trusted
    assert "fe80::1%eth0" not in trusted and "not an address" not in trusted
    for bad, why in [
        ("", "an empty address"),
        ("127.0.0.1,", "an empty address"),
        ("localhost", "'localhost': not an address or a network"),
        ("10.1.0.1/16", "'10.1.0.1/16': not an address or a network"),  # host bits set
    ]:
        with pytest.raises(ValueError, match=why):
            TrustedProxies.parse(bad)
