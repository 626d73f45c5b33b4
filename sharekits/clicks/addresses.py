"""The client's network address, read one way for the click tally and for the rate limits.

Behind a reverse proxy, `RELAIS_CLIENT_IP_HEADER` names the header it sets (for example
`HTTP_X_FORWARDED_FOR`). Only its last entry is trusted: that is the one our own proxy added;
earlier entries are whatever the client chose to send, so reading them would let one machine
rotate addresses at will. The address is never stored: the tally only hashes it.
"""

import ipaddress
from collections.abc import Mapping

from sharekits import conf

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a bucket for requests with no usable address


def client_address(meta: Mapping[str, str]) -> str:
    """The last address of the configured header, else REMOTE_ADDR ("" when there is none)."""
    raw = meta.get(conf.client_ip_header()) or meta.get("REMOTE_ADDR") or ""
    return raw.rsplit(",", 1)[-1].strip()


def rate_limit_address(request) -> str:
    """django-ratelimit's `ip` key: a valid address, or one shared bucket for none (never a 500)."""
    address = client_address(request.META)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return UNKNOWN_ADDRESS
