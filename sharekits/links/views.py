"""The short-link redirect inside Django (the WSGI fast path answers warm links before it)."""

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)

from sharekits.clicks.selfclick import SELF_COOKIE, read_self_cookie
from sharekits.links.redirect import COMMON_HEADERS, resolve_short_link


def short_link_redirect(request: HttpRequest, token: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    answer = resolve_short_link(
        token=token,
        method=request.method,
        meta=request.META,
        cookie_ambassador=read_self_cookie(request.COOKIES.get(SELF_COOKIE)),
    )
    if answer is None:
        raise Http404
    if answer.status == 302:
        response = HttpResponseRedirect(answer.location)
    else:
        response = HttpResponse(answer.body)
    for name, value in COMMON_HEADERS:
        response[name] = value
    return response
