"""A WSGI layer that answers warm short links before Django's middleware stack.

A short link (SHORT_PATH + token) is the one URL that must be fast: an ambassador's post can
bring thousands of clicks in minutes. For a GET or HEAD to an allowed host whose route is
already cached, this answers exactly as the Django view would (`redirect.resolve_short_link`)
without building a request or running middleware. Anything else — another path or method,
a host outside ALLOWED_HOSTS, plain http under SECURE_SSL_REDIRECT, an unknown token, a route
in no cache — goes to Django, which answers it as it answers every other request.
"""

from functools import lru_cache

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from sharekits.clicks.selfclick import cookie_header_ambassador
from sharekits.links.redirect import COMMON_HEADERS, resolve_short_link
from sharekits.links.short import SHORT_PATH

_STATUS = {200: "200 OK", 302: "302 Found"}
_PREFIX = len(SHORT_PATH)
_DEBUG_HOSTS = (".localhost", "127.0.0.1", "[::1]")  # Django's own, with DEBUG and no list


def _cookie_ambassador(environ: dict) -> int | None:
    return cookie_header_ambassador(environ.get("HTTP_COOKIE", ""))


def _host_allowed(environ: dict) -> bool:
    """Django's `request.get_host()` check; a request without a Host header goes to Django."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        host = environ["HTTP_X_FORWARDED_HOST"]
    else:
        host = environ.get("HTTP_HOST")
        if host is None:
            return False
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = _DEBUG_HOSTS
    return _is_allowed_host(host, tuple(allowed))


@lru_cache(maxsize=256)
def _is_allowed_host(host: str, allowed: tuple[str, ...]) -> bool:
    # Few distinct hosts are genuine; the cache's bound keeps made-up ones from filling memory.
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)


class ShortLinkFastPath:
    def __init__(self, django_app):
        self.django_app = django_app
        self.hsts = (
            f"max-age={settings.SECURE_HSTS_SECONDS}"
            + ("; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else "")
            + ("; preload" if settings.SECURE_HSTS_PRELOAD else "")
            if settings.SECURE_HSTS_SECONDS
            else ""
        )

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "")
        if (
            path.startswith(SHORT_PATH)
            and method in ("GET", "HEAD")
            and self._secure_enough(environ)
            and _host_allowed(environ)
        ):
            answer = resolve_short_link(
                token=path[_PREFIX:],
                method=method,
                meta=environ,
                cookie_ambassador=_cookie_ambassador(environ),
                allow_db=False,
            )
            if answer is not None:
                return self._respond(answer, environ, method, start_response)
        return self.django_app(environ, start_response)

    def _respond(self, answer, environ, method: str, start_response) -> list[bytes]:
        headers = list(COMMON_HEADERS)
        if self.hsts and self._is_https(environ):
            headers.append(("Strict-Transport-Security", self.hsts))
        if answer.status == 302:
            headers.append(("Location", answer.location))
            headers.append(("Content-Length", "0"))
            start_response(_STATUS[302], headers)
            return [b""]
        body = answer.body.encode()
        headers.append(("Content-Type", "text/html; charset=utf-8"))
        headers.append(("Content-Length", str(len(body))))
        start_response(_STATUS[200], headers)
        return [b"" if method == "HEAD" else body]

    @staticmethod
    def _is_https(environ) -> bool:
        return (
            environ.get("wsgi.url_scheme") == "https"
            or environ.get("HTTP_X_FORWARDED_PROTO") == "https"
        )

    def _secure_enough(self, environ) -> bool:
        """With SECURE_SSL_REDIRECT, plain-http requests go to Django, which redirects them."""
        return not settings.SECURE_SSL_REDIRECT or self._is_https(environ)
