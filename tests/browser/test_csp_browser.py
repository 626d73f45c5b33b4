"""Under the Content-Security-Policy, nothing a person uses is blocked: the public site, the
portal from sign-in to profile, the Wagtail admin (its own, looser policy) and the API docs.

Every violation is collected from the browser (`securitypolicyviolation` and Chromium's
console errors, see conftest.py).
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from cms.portal.auth import login_link
from tests.factories import AmbassadorFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips, or fails under CI=true, and says why
    expect = None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def signed_in_as_editor(context, live_site: str) -> None:
    """Give a browser context the session of a superuser (the admin and the userbar)."""
    editor = UserFactory(username="editrice", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_site}]
    )


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    assert "content-security-policy" in response.headers, path
    page.wait_for_load_state("load")


def test_public_pages_and_api_docs_raise_no_csp_violation(page, built_story, csp_violations):
    for path in ("/", built_story.get_parent().url, built_story.url, "/api/docs"):
        visit(page, path)
    expect(page.locator("#swagger-ui .info")).to_be_visible()

    assert csp_violations == []


def test_the_portal_raises_no_csp_violation_from_sign_in_to_profile(
    page, built_story, live_site, csp_violations
):
    lea = AmbassadorFactory(display_name="Léa Martin", email="lea.martin@exemple.fr")
    visit(page, "/portal/login/")
    link = login_link(ambassador=lea)
    visit(page, urlsplit(link).path + "?" + urlsplit(link).query)
    page.click("[data-test=link-confirm]")
    page.check("#consent-form input[name=attribution][value=yes]")
    page.click("#consent-form button[type=submit]")
    expect(page).to_have_url(f"{live_site}/portal/")
    page.wait_for_load_state("load")  # the deferred scripts have bound their buttons
    page.locator(".kit-actions button.copy-caption").first.click()
    expect(page.locator(".copy-feedback").first).to_be_visible()
    for path in ("/portal/stats/", "/portal/leaderboard/", "/portal/profile/"):
        visit(page, path)

    assert csp_violations == []


def test_the_admin_and_the_userbar_raise_no_csp_violation(
    phone, page, built_story, live_site, csp_violations
):
    signed_in_as_editor(phone, live_site)
    visit(page, built_story.url)
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    for path in (
        "/admin/",
        f"/admin/pages/{built_story.get_parent().pk}/",
        f"/admin/pages/{built_story.pk}/edit/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        f"/admin/sharekits/story/{built_story.pk}/",
        f"/admin/sharekits/variant/{built_story.share_kit.variants.first().pk}/",
    ):
        visit(page, path)
    page.goto(f"/admin/pages/{built_story.pk}/edit/")
    page.get_by_role("tab", name="Promotion").click()
    expect(page.locator("input[name=seo_title]")).to_be_visible()

    assert csp_violations == []
