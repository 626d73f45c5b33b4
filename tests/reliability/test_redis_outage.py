"""A Redis crash under load: the site keeps answering, /healthz says so, and all comes back.

A redis-server of the test's own (never the shared one) holds the cache, the rate limits and
the click stream of a live server. The test loads the home page, a story, a short link, the
sign-in form and /healthz in a loop, kills Redis (SIGKILL, as a crash), starts it again a few
seconds later, and keeps loading until /healthz is back to "ok". Loopback only; bounded in
requests and in time.
"""

import re
import time
from collections import Counter

import pytest
import requests

from cms.settings.base import redis_caches
from sharekits.clicks import capture
from sharekits.links.short import short_link
from sharekits.models import KitVariant
from tests.factories import AmbassadorFactory

pytestmark = [
    pytest.mark.reliability,
    # The live server reads committed data; the pages that migrations create are restored after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OUTAGE_SECONDS = 4.0
RECOVERY_DEADLINE = 20.0
MAX_ROUNDS = 300
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    """One browser-like session against the live server, keeping every answer."""

    def __init__(self, base_url: str, paths: list[str]) -> None:
        self.base_url = base_url
        self.paths = paths
        self.session = requests.Session()
        self.answers: list[tuple[str, str, int]] = []  # (phase, path, status)
        self.health: list[tuple[str, str]] = []  # (phase, status in the JSON)
        self.rounds = 0

    def get(self, phase: str, path: str) -> requests.Response:
        response = self.session.get(self.base_url + path, timeout=10, allow_redirects=False)
        self.answers.append((phase, path, response.status_code))
        return response

    def sign_in(self, phase: str) -> None:
        form = self.get(phase, "/portal/login/")
        token = CSRF_FIELD.search(form.text)
        data = {
            "email": "personne@exemple.fr",
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
        response = self.session.post(
            self.base_url + "/portal/login/", data=data, timeout=10, allow_redirects=False
        )
        self.answers.append((phase, "POST /portal/login/", response.status_code))

    def round(self, phase: str) -> str:
        """Load every page once; returns /healthz's status."""
        assert self.rounds < MAX_ROUNDS, "the test ran past its bound"
        self.rounds += 1
        for path in self.paths:
            self.get(phase, path)
        self.sign_in(phase)
        health = self.get(phase, "/healthz")
        status = health.json()["status"] if health.status_code < 500 else "5xx"
        self.health.append((phase, status))
        return status


@pytest.fixture
def site_on_its_own_redis(settings, redis_server):
    """The cache, the rate limits and the click stream on a dedicated redis-server."""
    server = redis_server()
    settings.CACHES = redis_caches(server.url, prefix="relais-reliability")
    settings.REDIS_URL = server.url
    capture.reset_capture()
    return server


def test_a_redis_crash_under_load_costs_no_error_and_heals_by_itself(
    live_server, built_story, site_on_its_own_redis
):
    server = site_on_its_own_redis
    variant = KitVariant.objects.filter(kit__story=built_story).first()
    link = short_link(ambassador_id=AmbassadorFactory().pk, variant_id=variant.pk)
    paths = ["/", built_story.url, "/s/" + link.rsplit("/s/", 1)[1]]
    visitor = Visitor(live_server.url, paths)

    for _ in range(3):
        assert visitor.round("before") == "ok"

    server.kill()
    outage_ends = time.monotonic() + OUTAGE_SECONDS
    while time.monotonic() < outage_ends:
        visitor.round("outage")

    server.start()  # same port, empty: it did not persist
    deadline = time.monotonic() + RECOVERY_DEADLINE
    while visitor.round("after") != "ok":
        assert time.monotonic() < deadline, f"/healthz never came back: {visitor.health[-3:]}"
    for _ in range(3):
        assert visitor.round("after") == "ok"

    errors = [answer for answer in visitor.answers if answer[2] >= 500]
    assert errors == [], Counter(errors)
    assert {status for phase, status in visitor.health if phase == "outage"} == {"degraded"}
    served = Counter((phase, path) for phase, path, status in visitor.answers if status == 200)
    assert served["outage", "/"] == served["outage", built_story.url] > 0
    assert {status for _, path, status in visitor.answers if path == paths[2]} == {302}
