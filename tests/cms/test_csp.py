"""Every page says, in a Content-Security-Policy, that only this site's own files may run."""

import re

import pytest
from django.utils import timezone

from cms.portal.auth import portal_user
from tests.factories import AmbassadorFactory

STRICT = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]
# A <script> with code in the page, or an on…= handler or style attribute: all would be blocked.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
    r"|\son[a-z]+\s*=|\sstyle\s*="
)


def directives(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.fixture
def signed_in_ambassador(client, db):
    now = timezone.now()
    ambassador = AmbassadorFactory(consent_at=now, consent_answered_at=now)
    client.force_login(portal_user(ambassador=ambassador))
    return ambassador


def test_the_site_and_the_portal_allow_only_their_own_scripts_and_no_inline_code(
    client, built_story, signed_in_ambassador
):
    paths = ["/", built_story.get_parent().url, built_story.url, "/portal/", "/portal/stats/"]
    paths += ["/portal/leaderboard/", "/portal/profile/", "/api/docs"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert set(STRICT) <= directives(response), path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path
        assert INLINE_CODE.search(response.content.decode()) is None, path


def test_the_sign_in_pages_allow_only_their_own_scripts(client, db):
    response = client.get("/portal/login/")

    assert set(STRICT) <= directives(response)


def test_the_admin_gets_the_looser_policy_wagtail_needs(client_for, communicator):
    response = client_for(communicator).get("/admin/")

    assert response.status_code == 200
    policy = directives(response)
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'self'" in policy
