"""Which network addresses soravideo may send to or ask a provider to call back.

One rule, two uses: a webhook target (``callback_url``, checked without DNS
when a request is built) and a video download (checked on every redirect
target, after resolving the host). An address is *public* when the standard
library's :mod:`ipaddress` says it is globally reachable (``is_global``) and
it is none of multicast, reserved, unspecified, loopback, link-local or
private. IPv6 addresses that embed an IPv4 address (IPv4-mapped, 6to4,
Teredo) are judged by the embedded address too.

Hosts are normalized first, the way browsers and the WHATWG URL standard
read them (https://url.spec.whatwg.org/#concept-ipv4-parser): lower case, one
trailing dot dropped, and the numeric IPv4 forms ``2130706433``,
``0x7f000001``, ``0177.0.0.1`` and ``127.1`` read as the address they name.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import TypeAlias

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address

_LOCAL_NAMES = ("localhost",)
"""Host names every resolver maps to loopback (RFC 6761 section 6.3), and their subdomains."""
_NUMBER = re.compile(r"^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")


def _ipv4_number(part: str) -> int | None:
    """One dotted part of a WHATWG IPv4 address (decimal, ``0x`` hex, ``0`` octal), or None."""
    if not _NUMBER.match(part):
        return None
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part[1:], 8)
    return int(part)


def parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a host names in any numeric form (``127.1``, ``0x7f000001`` ...).

    None when ``host`` is not a numeric IPv4 host (a name, or out of range).
    """
    parts = host.split(".")
    if len(parts) > 4 or not all(parts):
        return None
    numbers = [_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    *head, last = values
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(values)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n * 256 ** (3 - i)
    return ipaddress.IPv4Address(value)


def normalize_host(host: str) -> str | IPAddress:
    """``host`` (from a URL, brackets removed) as an address, or as a lower-case name.

    Drops one trailing dot (``localhost.`` is ``localhost``).
    """
    text = host.strip().lower()
    if text.endswith("."):
        text = text[:-1]
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        pass
    v4 = parse_ipv4(text)
    return v4 if v4 is not None else text


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is a globally reachable unicast address (see module docs)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = [address.ipv4_mapped, address.sixtofour]
        if address.teredo is not None:
            embedded.extend(address.teredo)
        if any(e is not None and not is_public_address(e) for e in embedded):
            return False
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
    )


def host_problem(host: str) -> str | None:
    """Why ``host`` is not a public host, judged without DNS; None when it may be one.

    Refuses non-public addresses in any numeric form, ``localhost`` (and
    ``*.localhost``), and single-label names (``intranet``), which only a local
    resolver can answer.
    """
    normalized = normalize_host(host)
    if not isinstance(normalized, str):
        if is_public_address(normalized):
            return None
        return f"{normalized} is not a public address (private, loopback, reserved or multicast)"
    if not normalized:
        return "the URL has no host"
    if any(normalized == n or normalized.endswith("." + n) for n in _LOCAL_NAMES):
        return "loopback hosts are not allowed"
    if "." not in normalized:
        return f"{normalized!r} is a single-label name that only a local network can resolve"
    if _NUMBER.match(normalized.rsplit(".", 1)[-1]):
        # WHATWG: a host ending in a number must be an IPv4 address (1.2.3.4.5 is invalid)
        return f"{normalized!r} ends in a number but is not an IPv4 address"
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (blocking DNS lookup; literals are returned as is).

    Raises:
        OSError: the name does not resolve (``socket.gaierror``).
    """
    normalized = normalize_host(host)
    if not isinstance(normalized, str):
        return [normalized]
    infos = socket.getaddrinfo(normalized, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
