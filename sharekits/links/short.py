"""Personal short links and the destinations they lead to.

Every personal link is SITE_URL + SHORT_PATH + a token (`tokens.py`): the one place the `/s/`
prefix is named.
"""

from functools import lru_cache
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

from campaigns.text import absolute_url
from sharekits import conf
from sharekits.links.tokens import TOKEN_LENGTH, make_token

SHORT_PATH = "/s/"  # what the site serves under it is ours: sharekits.urls, the fast path


def short_link(*, ambassador_id: int, variant_id: int) -> str:
    """The absolute personal link of an ambassador for a kit variant."""
    return short_url(make_token(ambassador_id=ambassador_id, variant_id=variant_id))


def short_link_length() -> int:
    """Length of every personal link (they all have the same length)."""
    return len(settings.SITE_URL) + len(SHORT_PATH) + TOKEN_LENGTH


def short_url(token: str) -> str:
    """The absolute URL of a short link."""
    return f"{settings.SITE_URL}{SHORT_PATH}{token}"


def allowed_redirect_hosts() -> set[str]:
    site_host = urlsplit(settings.SITE_URL).netloc
    return {site_host, *conf.redirect_allowed_hosts()}


def is_allowed_destination(url: str) -> bool:
    """Only this site's pages or hosts in RELAIS_REDIRECT_ALLOWED_HOSTS (no open redirect)."""
    return _is_allowed(url, frozenset(allowed_redirect_hosts()))


@lru_cache(maxsize=4096)
def _is_allowed(url: str, hosts: frozenset[str]) -> bool:
    # Few distinct destinations exist: each is checked once per process and allowlist.
    if not url or "\\" in url or not url.isprintable():
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=set(hosts), require_https=False)


def destination_url(*, page_url: str, network: str, campaign_slug: str) -> str:
    """The story URL with UTM tags. Never carries anything that identifies the ambassador."""
    parts = urlsplit(absolute_url(page_url))
    query = urlencode(
        {"utm_source": network, "utm_medium": "ambassador", "utm_campaign": campaign_slug}
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
