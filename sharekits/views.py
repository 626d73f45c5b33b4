"""The short-link redirect `/s/<token>`: the hot path. No ORM, no session, no template."""

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)

from .clicks import hand_over_click
from .links import is_allowed_destination
from .previews import is_preview_fetcher, preview_page
from .routing import get_route, target_for
from .tokens import read_token


def _is_safe_local(path: str) -> bool:
    return path.startswith("/") and not path.startswith(("//", "/\\")) and "\\" not in path


def short_link_redirect(request: HttpRequest, token: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    token = token.rstrip("/")
    ids = read_token(token)
    route = get_route(ids[1]) if ids else None
    if route is None:
        raise Http404
    if request.method == "GET":
        # Every GET is handed over, previews included: the tally tells people from fetchers.
        # A HEAD (link checkers, `curl -I`) is answered like a GET but is never recorded.
        hand_over_click(request=request, ambassador_id=ids[0], variant_id=ids[1], route=route)
    if is_preview_fetcher(request.META.get("HTTP_USER_AGENT", "")):
        short_url = f"{settings.SITE_URL}/s/{token}"
        response = HttpResponse(preview_page(og=route["og"], short_url=short_url))
    else:
        target = target_for(route)
        if not (_is_safe_local(target) or is_allowed_destination(target)):
            target = "/"
        response = HttpResponseRedirect(target)
    response["Vary"] = "User-Agent"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response
