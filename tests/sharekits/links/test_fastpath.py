"""The WSGI fast path answers warm short links exactly like the Django view, without SQL."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from sharekits.clicks.drain import drain_clicks
from sharekits.clicks.selfclick import SELF_COOKIE, self_cookie_value
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


def test_self_click_cookie_is_read_by_the_fast_path(app, token, client, monkeypatch):
    from sharekits.links import redirect

    seen = []
    monkeypatch.setattr(redirect, "hand_over_click", lambda **kw: seen.append(kw["self_click"]))
    client.get(f"/s/{token}", HTTP_USER_AGENT=BROWSER)
    from sharekits.links.tokens import read_token

    ambassador_id = read_token(token)[0]
    cookie = f"{SELF_COOKIE}={self_cookie_value(ambassador_id)}"
    call(app, f"/s/{token}", HTTP_USER_AGENT=BROWSER, HTTP_COOKIE=cookie)
    call(app, f"/s/{token}", HTTP_USER_AGENT=BROWSER, HTTP_COOKIE=f"{SELF_COOKIE}=forged:abc")
    assert seen[-2:] == [True, False]


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


def test_the_production_entry_point_hides_its_startup_objects_from_the_collector():
    """A fresh worker must not stall requests walking Django's objects in a full collection."""
    import os
    import subprocess
    import sys

    code = (
        "import gc; before = gc.get_freeze_count(); import cms.wsgi; "
        "print(before, gc.get_freeze_count(), callable(cms.wsgi.application))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "0" and int(out[1]) > 20_000 and out[2] == "True"
