"""The WSGI fast path answers warm short links exactly like the Django view, without SQL."""

import os
import subprocess
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.test import RequestFactory

from campaigns.models import Ambassador
from cms.portal.access import remember_ambassador
from sharekits.clicks.drain import drain_clicks
from sharekits.clicks.selfclick import SELF_COOKIE
from sharekits.links import routes as routing
from sharekits.links.fastpath import ShortLinkFastPath
from sharekits.links.routes import get_route
from sharekits.links.tokens import make_token, read_token
from sharekits.models import ClickTally, KitVariant
from tests.factories import AmbassadorFactory

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Mobile Safari/604.1"


@pytest.fixture
def app():
    """The production WSGI stack; like Django's test client, keep the test's DB connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield ShortLinkFastPath(WSGIHandler())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(built_story):
    ambassador = AmbassadorFactory()
    variant = KitVariant.objects.get(kit__story=built_story, network="linkedin")
    routing.forget_local_routes()
    return make_token(ambassador_id=ambassador.pk, variant_id=variant.pk)


def call(app, path, method="GET", **extra):
    environ = RequestFactory().generic(method, path, **extra).environ
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


def test_warm_link_is_answered_without_sql_and_like_the_view(
    app, token, client, django_assert_num_queries
):
    view = client.get(f"/s/{token}", HTTP_USER_AGENT=BROWSER)  # warms the route
    with django_assert_num_queries(0):
        status, headers, _body = call(app, f"/s/{token}", HTTP_USER_AGENT=BROWSER)
    assert status == "302 Found"
    assert headers["Location"] == view["Location"]
    for name in ("Cache-Control", "Referrer-Policy"):
        assert headers[name] == view[name]
    assert "Set-Cookie" not in headers


def test_preview_fetchers_get_the_card_from_the_fast_path(app, token, client):
    client.get(f"/s/{token}", HTTP_USER_AGENT=BROWSER)
    status, headers, body = call(app, f"/s/{token}", HTTP_USER_AGENT="LinkedInBot/1.0")
    assert status == "200 OK"
    assert headers["Content-Type"].startswith("text/html")
    assert f"/s/{token}".encode() in body and b'property="og:image:width" content="1200"' in body


def test_cold_links_and_bad_tokens_fall_through_to_django(app, token):
    routing.forget_local_routes()
    from django.core.cache import cache

    cache.clear()
    status, _headers, _body = call(app, f"/s/{token}", HTTP_USER_AGENT=BROWSER)
    assert status.startswith("302")  # Django's view loaded the route from the database
    status, _headers, body = call(app, "/s/not-a-token", HTTP_USER_AGENT=BROWSER)
    assert status.startswith("404")
    assert b"<html" in body.lower()  # the site's own 404 page


def test_an_ambassadors_own_click_through_the_fast_path_counts_as_a_self_click(
    app, token, django_assert_num_queries
):
    ambassador_id, variant_id = read_token(token)
    signed_in = HttpResponse()
    remember_ambassador(signed_in, Ambassador.objects.get(pk=ambassador_id))  # as the portal does
    cookie = signed_in.cookies[SELF_COOKIE]
    get_route(variant_id)  # warm, without a click
    with django_assert_num_queries(0):  # answered by the fast path, not by Django
        status, _headers, _body = call(
            app, f"/s/{token}", HTTP_USER_AGENT=BROWSER, HTTP_COOKIE=f"{cookie.key}={cookie.value}"
        )
    assert status == "302 Found"
    call(app, f"/s/{token}", HTTP_USER_AGENT=BROWSER, HTTP_COOKIE=f"{SELF_COOKIE}=7:forged")
    drain_clicks()
    tally = ClickTally.objects.get(ambassador_id=ambassador_id, variant_id=variant_id)
    assert (tally.self_clicks, tally.human_clicks) == (1, 1)  # a forged cookie is a person


def test_a_cold_link_goes_to_django_which_still_answers_while_the_cache_is_down(
    app, token, cache_down
):
    status, _headers, _body = call(app, f"/s/{token}", HTTP_USER_AGENT=BROWSER)
    assert status == "302 Found"


def test_a_host_outside_allowed_hosts_gets_djangos_400_and_records_no_click(app, token, client):
    ambassador_id, variant_id = read_token(token)
    get_route(variant_id)  # warm: the fast path would answer an allowed host itself
    status, _headers, _body = call(
        app, f"/s/{token}", HTTP_USER_AGENT=BROWSER, HTTP_HOST="evil.example"
    )
    assert status.startswith("400")
    assert client.get(f"/s/{token}", HTTP_HOST="evil.example").status_code == 400  # as Django
    drain_clicks()
    assert not ClickTally.objects.filter(ambassador_id=ambassador_id).exists()
    status, _headers, _body = call(
        app, f"/s/{token}", HTTP_USER_AGENT=BROWSER, HTTP_HOST="localhost:8000"
    )
    assert status == "302 Found"


def _objects_to_walk(code: str) -> int:
    """How many objects a full collection walks in a fresh process that ran `code`."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    script = f"import gc\n{code}\nprint(len(gc.get_objects()))"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1])


def test_a_fresh_workers_first_requests_are_not_slowed_by_a_full_collection():
    """Django and Wagtail load ~170,000 objects that live as long as the worker: a full
    collection walking them all stalls the requests in flight by 80-200 ms. The production
    entry point keeps them out of the collector's way."""
    walked = _objects_to_walk("import cms.wsgi; assert callable(cms.wsgi.application)")
    loaded = _objects_to_walk(
        "from django.core.wsgi import get_wsgi_application; get_wsgi_application()"
    )
    assert walked < loaded / 20
