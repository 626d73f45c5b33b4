"""The Relais settings of sharekits, each with its default, in one place.

Each is read when called, not at import: tests and `override_settings` change them, and a
value Django has read once is a plain attribute lookup afterwards, cheap enough for the hot
path. `cms/settings/base.py` documents them; the defaults here only matter to a settings
module that leaves one out.
"""

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings


def redis_url() -> str:
    """Redis for the click stream and the drain lock; empty: local spool and file lock."""
    return getattr(settings, "REDIS_URL", "") or ""


def click_stream() -> str:
    """Name of the Redis stream that holds captured clicks."""
    return getattr(settings, "RELAIS_CLICK_STREAM", "relais:clicks")


def click_batch_seconds() -> float:
    """How long captured clicks wait to be sent to Redis together (0: one round trip each)."""
    return getattr(settings, "RELAIS_CLICK_BATCH_MS", 5) / 1000


def spool_dir() -> Path:
    """Where clicks are written when Redis is absent or down."""
    return Path(getattr(settings, "RELAIS_SPOOL_DIR", None) or settings.VAR_DIR / "spool")


def client_ip_header() -> str:
    """The WSGI environ key that holds the client's address (behind a load balancer)."""
    return getattr(settings, "RELAIS_CLIENT_IP_HEADER", "") or "REMOTE_ADDR"


def link_secret() -> str:
    """The key of personal-link tokens (SECRET_KEY unless set: keep it when rotating that)."""
    return getattr(settings, "RELAIS_LINK_SECRET", "") or settings.SECRET_KEY


def redirect_allowed_hosts() -> Sequence[str]:
    """Hosts other than the site's own that a short link may send people to."""
    return getattr(settings, "RELAIS_REDIRECT_ALLOWED_HOSTS", None) or ()


def people_per_address() -> int:
    """How many people one network address brings to one link in a day before suspects."""
    return getattr(settings, "RELAIS_PEOPLE_PER_ADDRESS", 3)
