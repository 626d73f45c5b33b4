"""A WSGI layer that answers warm short links before Django's middleware stack.

`/s/<token>` is the one URL that must be fast: an ambassador's post can bring thousands of
clicks in minutes. For a GET or HEAD whose route is already cached, this answers exactly as the
Django view would (sharekits.redirect) without building a request or running middleware.
Anything else — another path, an unknown token, a route in no cache — goes to Django.
"""

from django.conf import settings
from django.http import parse_cookie

from sharekits.clicks.selfclick import SELF_COOKIE, read_self_cookie
from sharekits.links.redirect import COMMON_HEADERS, resolve_short_link

_STATUS = {200: "200 OK", 302: "302 Found"}


def _cookie_ambassador(environ: dict) -> int | None:
    header = environ.get("HTTP_COOKIE", "")
    if SELF_COOKIE not in header:
        return None
    return read_self_cookie(parse_cookie(header).get(SELF_COOKIE))


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
        if path.startswith("/s/") and method in ("GET", "HEAD") and self._secure_enough(environ):
            answer = resolve_short_link(
                token=path[3:],
                method=method,
                meta=environ,
                cookie_ambassador=_cookie_ambassador(environ),
                allow_db=False,
            )
            if answer is not None:
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
        return self.django_app(environ, start_response)

    @staticmethod
    def _is_https(environ) -> bool:
        return (
            environ.get("wsgi.url_scheme") == "https"
            or environ.get("HTTP_X_FORWARDED_PROTO") == "https"
        )

    def _secure_enough(self, environ) -> bool:
        """With SECURE_SSL_REDIRECT, plain-http requests go to Django, which redirects them."""
        return not settings.SECURE_SSL_REDIRECT or self._is_https(environ)
