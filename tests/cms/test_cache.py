"""Without Redis the site degrades but never fails: pages, sign-in and rate limits still work.

The cache behaves as empty while Redis is unreachable (cms/cache.py), the rate limits count in
the process's memory, and everything comes back by itself when Redis does.
"""

import logging
import socket
import time
import types

import pytest
from django.core.cache import caches

from cms.cache import forget_outages
from cms.settings.base import redis_caches
from sharekits.links.short import short_link
from sharekits.models import KitVariant
from tests.factories import AmbassadorFactory

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


def use_redis_at(settings, url: str) -> None:
    """Point the cache and the rate limits at `url`, starting with no outage and no counts."""
    settings.CACHES = redis_caches(url, prefix="relais-test-cache")
    for cache in caches.all():
        cache.clear()
    forget_outages()


@pytest.fixture
def redis_is_down(settings):
    """The cache and the rate limits point at a port where no Redis listens."""
    use_redis_at(settings, NOTHING_LISTENS)


@pytest.fixture
def frozen_ratelimit_clock(monkeypatch):
    """django-ratelimit counts in fixed windows: keep every request of a test in one window."""
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


def test_pages_sign_in_and_short_links_answer_while_redis_is_unreachable(
    client, built_story, redis_is_down
):
    ambassador = AmbassadorFactory()
    variant = KitVariant.objects.filter(kit__story=built_story).first()
    link = short_link(ambassador_id=ambassador.pk, variant_id=variant.pk)

    assert client.get("/").status_code == 200
    assert client.get(built_story.url).status_code == 200
    assert client.get("/portal/login/").status_code == 200
    sent = client.post("/portal/login/", {"email": "personne@exemple.fr"})
    assert sent.status_code == 200
    assert "portal/login_sent.html" in [t.name for t in sent.templates]
    assert client.get("/api/me/kits").status_code < 500
    assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 302


def test_healthz_says_degraded_and_why_while_redis_is_unreachable(client, db, redis_is_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert "cache" in body["failing"]
    assert body["checks"]["cache"] == "error: ConnectionError"
    assert "cache" in body["reason"]


def test_rate_limits_count_in_the_process_while_redis_is_unreachable(
    client, db, redis_is_down, frozen_ratelimit_clock
):
    answers = [
        client.post("/portal/login/", {"email": "personne@exemple.fr"}, REMOTE_ADDR=f"10.0.0.{n}")
        for n in range(6)
    ]

    # Neither a 500, nor "no limit", nor every request refused: the sixth is.
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 200, 429]


def test_a_redis_outage_is_logged_once_not_per_call(db, redis_is_down, caplog):
    cache = caches["default"]
    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        for n in range(50):
            assert cache.get(f"key-{n}", "default") == "default"
            cache.set(f"key-{n}", n)

    assert len(caplog.records) == 1
    assert "unreachable" in caplog.records[0].getMessage()


def test_a_redis_that_does_not_answer_costs_one_timeout_per_interval_not_per_call(settings):
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        port = silent.getsockname()[1]
        use_redis_at(settings, f"redis://127.0.0.1:{port}/0")
        cache = caches["default"]

        started = time.monotonic()
        answers = [cache.get(f"key-{n}") for n in range(20)]
        elapsed = time.monotonic() - started

    assert answers == [None] * 20
    assert elapsed < 1.5  # one socket timeout (0.5 s), then Redis is left alone for a while


def test_the_cache_comes_back_by_itself_when_redis_restarts(settings, redis_server, caplog):
    caplog.set_level(logging.WARNING, logger="cms.cache")  # whatever a worker test set before
    server = redis_server()
    use_redis_at(settings, server.url)
    cache = caches["default"]
    cache.set("greeting", "bonjour")
    assert cache.get("greeting") == "bonjour"

    server.kill()
    assert cache.get("greeting") is None
    cache.set("greeting", "pendant la panne")  # no error

    server.start()  # same port, empty (it did not persist)
    deadline = time.monotonic() + 10
    while cache.get("greeting") != "de retour":
        assert time.monotonic() < deadline, "the cache did not reconnect to Redis"
        cache.set("greeting", "de retour")
        time.sleep(0.1)
    assert server.client().keys("*greeting*")
    assert any("is back" in record.getMessage() for record in caplog.records)
