"""What a browser or a proxy may keep of the portal: nothing. Every page is someone's own.

`Cache-Control: no-store` on every portal answer, signed in or not: a shared computer's back
button or a proxy's cache must not show an ambassador's kits, links, figures or sign-in link.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.portal.auth import portal_user
from cms.portal.urls import urlpatterns
from tests.factories import AmbassadorFactory


@pytest.fixture
def karim(db):
    return AmbassadorFactory(consent_at=timezone.now(), consent_answered_at=timezone.now())


def answer(browser: Client, url: str):
    """GET the page; POST-only pages are posted to (without the data they expect)."""
    response = browser.get(url)
    return browser.post(url) if response.status_code == 405 else response


@pytest.mark.parametrize("name", [pattern.name for pattern in urlpatterns])
def test_no_portal_page_may_be_stored_by_a_browser_or_a_proxy(karim, name):
    url = reverse(f"portal:{name}")
    signed_in = Client()
    signed_in.force_login(portal_user(ambassador=karim))

    for who, browser in (("visitor", Client()), ("ambassador", signed_in)):
        response = answer(browser, url)
        assert "no-store" in response.get("Cache-Control", ""), (who, response.status_code)
