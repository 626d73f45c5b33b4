"""Sign-in behind a proxy: a malformed header never breaks the page, rotation never beats it."""

import importlib

import pytest

from tests.cms.portal.test_portal import frozen_ratelimit_clock  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("frozen_ratelimit_clock")


@pytest.fixture
def behind_proxy(settings, monkeypatch):
    """Settings as a deployment gets them with RELAIS_CLIENT_IP_HEADER in its environment."""
    import cms.settings.base as base

    monkeypatch.setenv("RELAIS_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
    fresh = importlib.reload(base)
    settings.RELAIS_CLIENT_IP_HEADER = fresh.RELAIS_CLIENT_IP_HEADER
    settings.RATELIMIT_IP_META_KEY = fresh.RATELIMIT_IP_META_KEY
    yield
    monkeypatch.delenv("RELAIS_CLIENT_IP_HEADER")
    importlib.reload(base)


def _ask(client, email: str, forwarded: str | None):
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client.post("/portal/login/", {"email": email}, REMOTE_ADDR="10.0.0.2", **extra)


@pytest.mark.parametrize("forwarded", ["198.51.100.1, 203.0.113.5", "", None, "garbage"])
def test_the_sign_in_page_answers_whatever_the_proxy_header_holds(
    client,
    db,
    behind_proxy,
    forwarded,
):
    assert _ask(client, "lea.martin@exemple.fr", forwarded).status_code == 200


def test_rotating_the_client_supplied_addresses_does_not_beat_the_limit(
    client,
    db,
    behind_proxy,
):
    answers = [
        _ask(client, f"inconnu{n}@exemple.fr", f"192.0.2.{n}, 203.0.113.5").status_code
        for n in range(11)
    ]

    assert answers == [200] * 10 + [429]
