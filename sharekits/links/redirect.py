"""What a short link answers: shared by the Django view and the WSGI fast path.

One token decode, one route lookup (memory, then the shared cache), one precompiled regex and
one hand-over to click capture. No ORM unless the route is in no cache (`allow_db`).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from sharekits.clicks.capture import hand_over_click
from sharekits.links.previews import is_preview_fetcher, preview_page
from sharekits.links.routes import get_route, target_for
from sharekits.links.short import is_allowed_destination, short_url
from sharekits.links.tokens import read_token

COMMON_HEADERS = (
    ("Cache-Control", "private, no-store"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Vary", "User-Agent"),
    ("X-Content-Type-Options", "nosniff"),
)


@dataclass(frozen=True)
class Answer:
    status: int
    location: str = ""
    body: str = ""


def _is_safe_local(path: str) -> bool:
    return path.startswith("/") and not path.startswith(("//", "/\\")) and "\\" not in path


def resolve_short_link(
    *,
    token: str,
    method: str,
    meta: Mapping[str, str],
    cookie_ambassador: int | None,
    allow_db: bool = True,
) -> Answer | None:
    """The answer to a GET or HEAD of a short link; None when the link is unknown (404)."""
    token = token.rstrip("/")
    ids = read_token(token)
    if ids is None:
        return None
    route = get_route(ids[1], allow_db=allow_db)
    if route is None:
        return None
    if method == "GET":
        # Every GET is handed over, previews included: the tally tells people from fetchers.
        # A HEAD (link checkers, `curl -I`) is answered like a GET but is never recorded.
        hand_over_click(
            meta=meta,
            ambassador_id=ids[0],
            variant_id=ids[1],
            self_click=cookie_ambassador == ids[0],
        )
    if route["og"] and is_preview_fetcher(meta.get("HTTP_USER_AGENT", "")):
        return Answer(200, body=preview_page(og=route["og"], short_url=short_url(token)))
    target = target_for(route)
    if not (_is_safe_local(target) or is_allowed_destination(target)):
        target = "/"
    return Answer(302, location=target)
