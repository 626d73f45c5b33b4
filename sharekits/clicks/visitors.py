"""Visitor hashes: how the drain tells a first visit from a repeat without knowing anyone.

A visitor hash is an HMAC of IP + user agent + link keyed by a secret of the day. The secret
is shared by every web node through the cache and expires after 48 h, after which the hashes
of that day cannot be tied back to anyone. Each click carries the hash of today and of
yesterday, so that a visit just after midnight still finds one just before. The drain stores
a hash as its first 60 bits, an integer (`digest_key`).

An address hash is an HMAC of the network address (an IPv4 address, or the /64 of an IPv6
one: what one home or one phone holds) + link, keyed by the same secret of the day. It lets
the drain cap how many people one address brings to one link in a day (`tallies.py`) without
storing the address: it is only the first 60 bits, and changes every day.
"""

import hashlib
import hmac
import ipaddress
import logging
import secrets
from datetime import UTC, date, datetime
from functools import lru_cache

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

SECRET_TTL = 48 * 3600
DIGEST_HEX_DIGITS = 15  # 60 bits: a positive bigint, collisions negligible over 48 h

_secrets: dict[str, bytes] = {}


def visitor_hash(*, day: date, ip: str, user_agent: str, link: str) -> str:
    """HMAC of IP + user agent + link with the secret of `day` (deleted after 48 h)."""
    message = f"{ip}\x1f{user_agent}\x1f{link}".encode("utf-8", "replace")
    return hmac.new(daily_secret(day.isoformat()), message, hashlib.sha256).hexdigest()[:32]


def address_hash(*, day: date, ip: str, link: str) -> str:
    """The first 60 bits (hex) of an HMAC of the network address + link with `day`'s secret."""
    message = f"net\x1f{network_address(ip)}\x1f{link}".encode("utf-8", "replace")
    digest = hmac.new(daily_secret(day.isoformat()), message, hashlib.sha256)
    return digest.hexdigest()[:DIGEST_HEX_DIGITS]


def network_address(ip: str) -> str:
    """The address a cap applies to: an IPv4 address, an IPv6 /64, else the text as it is."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is 192.0.2.1
        return str(address.ipv4_mapped)
    return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))


def daily_secret(day: str) -> bytes:
    """The de-duplication secret of a day, shared by every web node through the cache."""
    value = _secrets.get(day)
    if value is not None:
        return value
    key = f"relais:clicks:secret:{day}"
    stored = None
    try:
        cache.add(key, secrets.token_hex(32), SECRET_TTL)
        stored = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache being down must not stop clicks
        logger.warning("click secret: cache unavailable, using a process-local secret")
    value = (stored or secrets.token_hex(32)).encode()
    if len(_secrets) > 4:
        _secrets.clear()
    _secrets[day] = value
    return value


@lru_cache(maxsize=64)
def local_day(minute: int) -> date:
    """The local date of a minute since the epoch (cached: clicks come minute after minute)."""
    return timezone.localdate(datetime.fromtimestamp(minute * 60, tz=UTC))


def digest_key(digest: str) -> int | None:
    """The stored form of a visitor hash: its first 60 bits as an integer (None if not hex)."""
    if len(digest) < DIGEST_HEX_DIGITS:
        return None
    try:
        return int(digest[:DIGEST_HEX_DIGITS], 16)
    except ValueError:
        return None
