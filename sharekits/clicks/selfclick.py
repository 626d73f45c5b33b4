"""The self-click cookie: how a click by the ambassador who owns the link is recognised.

Signing in to the portal sets a signed cookie holding the ambassador's id, and signing out or
erasing one's data deletes it. Both readers of `/s/<token>` (the WSGI fast path and Django's
view) check it with the same signer, without any database read. A click whose cookie names the
link's own ambassador is tallied as a self-click, not as a person reached.
"""

from django.core.signing import BadSignature, Signer, get_cookie_signer
from django.http import parse_cookie

SELF_COOKIE = "relais_amb"
SELF_COOKIE_SALT = "relais.self-click"

_signer: Signer | None = None


def _self_signer() -> Signer:
    global _signer
    if _signer is None:
        # The salt Django's `get_signed_cookie(SELF_COOKIE, salt=SELF_COOKIE_SALT)` uses.
        _signer = get_cookie_signer(salt=SELF_COOKIE + SELF_COOKIE_SALT)
    return _signer


def self_cookie_value(ambassador_id: int) -> str:
    """The signed value of the self-click cookie (set by the portal for a logged-in ambassador)."""
    return _self_signer().sign(str(ambassador_id))


def read_self_cookie(raw: str | None) -> int | None:
    """The ambassador id in a self-click cookie value, or None if absent or forged."""
    if not raw:
        return None
    try:
        value = _self_signer().unsign(raw)
    except BadSignature:
        return None
    return int(value) if value.isdigit() else None


def cookie_header_ambassador(cookie_header: str) -> int | None:
    """The ambassador id of the self-click cookie in a raw `Cookie:` header, if genuine."""
    if SELF_COOKIE not in cookie_header:  # most clicks: no need to parse the header
        return None
    return read_self_cookie(parse_cookie(cookie_header).get(SELF_COOKIE))
