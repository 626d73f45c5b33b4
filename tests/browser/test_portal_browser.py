"""What an ambassador does on the portal, from a phone (360 px), in Debian's Chromium.

Each screen is kept as test-artifacts/screenshots/<test>-<step>.png.
"""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.utils import timezone, translation

from cms.portal.auth import login_link
from sharekits.links.short import short_link
from sharekits.models import KitVariant, Share
from sharekits.scores.leaderboards import ANONYMOUS
from sharekits.scores.shares import record_share
from tests.factories import AmbassadorFactory
from tests.mailbox import mails, settled_outbox

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips, or fails under CI=true, and says why
    expect = None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAGIC_LINK = re.compile(r"https?://\S+?(/portal/auth/\?\S+)")


@pytest.fixture
def lea(db):
    """An ambassador who has never signed in."""
    return AmbassadorFactory(display_name="Léa Martin", email="lea.martin@exemple.fr")


def magic_link_in(message, *, site: str) -> str:
    """The sign-in link of an e-mail, on the live server (same path and query)."""
    found = MAGIC_LINK.search(message.body)
    assert found, f"no sign-in link in the e-mail:\n{message.body}"
    return f"{site}{found.group(1)}"


def ask_for_link(page, email: str) -> str:
    """Type an address on the login page and send it; returns the message shown."""
    page.goto("/portal/login/")
    page.fill("#login-form input[name=email]", email)
    page.click("#login-form button[type=submit]")
    sent = page.locator("[data-test=login-sent]")
    expect(sent).to_be_visible()
    return sent.inner_text()


def open_link(page, link: str) -> None:
    """Open a mailed sign-in link and press its button (a GET alone signs nobody in)."""
    page.goto(link)
    page.click("[data-test=link-confirm]")


def whatsapp_link_of(*, ambassador, story) -> str:
    variant = KitVariant.objects.get(kit__story=story, network="whatsapp")
    return short_link(ambassador_id=ambassador.pk, variant_id=variant.pk)


def give_consent(page) -> None:
    page.check("#consent-form input[name=attribution][value=yes]")
    page.check("#consent-form input[name=leaderboard_opt_in]")
    page.click("#consent-form button[type=submit]")


def share_on_whatsapp(page, phone, card):
    """Press the card's WhatsApp button: (the intent URL opened, the share POST's status)."""
    opened = []

    def whatsapp(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>WhatsApp</title>")

    phone.route("https://wa.me/**", whatsapp)
    button = card.locator("ul.share-buttons li.share-button[data-network=whatsapp] a.share-link")
    with phone.expect_page() as new_tab, page.expect_response("**/portal/share/") as share:
        button.click()
    new_tab.value.wait_for_load_state()
    assert len(opened) == 1
    new_tab.value.close()
    return urlsplit(opened[0]), share.value.status


def test_ambassador_signs_in_by_email_gives_consent_and_shares_a_kit_from_a_phone(
    page, phone, shoot, lea, built_story, live_site, mailer
):
    page.goto("/portal/login/")
    shoot(page, "1-login")
    ask_for_link(page, "Lea.Martin@exemple.fr")
    shoot(page, "2-link-sent")
    assert [m.to for m in mails(1)] == [[lea.email]]

    page.goto(magic_link_in(mail.outbox[0], site=live_site))
    shoot(page, "3-link-opened")
    page.click("[data-test=link-confirm]")
    expect(page).to_have_url(f"{live_site}/portal/welcome/")
    shoot(page, "4-welcome")
    give_consent(page)

    expect(page).to_have_url(f"{live_site}/portal/")
    card = page.locator(f"article.kit-card[data-story='{built_story.slug}']")
    expect(card.locator("h2")).to_have_text(built_story.title)
    expect(card.locator("img").first).to_have_js_property("complete", True)
    shoot(page, "5-kits")
    # No Web Share API in this Chromium: the network buttons are the way to share.
    expect(card.locator("button.native-share")).to_be_hidden()
    personal_link = whatsapp_link_of(ambassador=lea, story=built_story)
    caption = card.locator(".kit-actions button.copy-caption").get_attribute("data-copy")
    assert personal_link in caption
    expect(card.locator(".kit-caption")).to_contain_text(personal_link)

    intent, share_status = share_on_whatsapp(page, phone, card)
    assert intent.netloc == "wa.me"
    text = parse_qs(intent.query)["text"][0]
    assert text == caption
    assert personal_link in text
    assert share_status == 201
    assert Share.objects.filter(ambassador=lea, method="intent").count() == 1

    page.bring_to_front()
    card.locator(".kit-actions button.copy-caption").click()
    expect(page.locator(".copy-feedback")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == caption
    shoot(page, "6-caption-copied")

    page.click("nav.portal-nav a[href='/portal/stats/']")
    expect(page.locator("section#stats")).to_be_visible()
    shoot(page, "7-stats")
    page.click("nav.portal-nav a[href='/portal/profile/']")
    expect(page.locator("#profile-form")).to_be_visible()
    shoot(page, "8-profile")


def test_ambassador_switches_leaderboard_tabs_and_always_sees_their_own_line(
    page, shoot, built_story, live_site
):
    now = timezone.now()
    answered = {"consent_at": now, "consent_answered_at": now}
    me = AmbassadorFactory(display_name="Léa Martin", leaderboard_opt_in=True, **answered)
    bruno = AmbassadorFactory(display_name="Bruno Caron", leaderboard_opt_in=True, **answered)
    shy = AmbassadorFactory(display_name="Zoé Discrète", leaderboard_opt_in=False, **answered)
    # One share scores per network and day: 3, 2 and 1 networks.
    variants = list(KitVariant.objects.filter(kit__story=built_story).order_by("pk")[:3])
    for ambassador, shares in ((shy, 3), (bruno, 2), (me, 1)):
        for variant in variants[:shares]:
            assert record_share(ambassador=ambassador, variant_id=variant.pk, method="intent")

    with translation.override("fr"):
        anonymous = str(ANONYMOUS)

    open_link(page, login_link(ambassador=me))
    expect(page).to_have_url(f"{live_site}/portal/")
    page.click("nav.portal-nav a[href='/portal/leaderboard/']")
    for step, period in enumerate(("month", "week", "campaign", "all"), start=1):
        if step > 1:
            page.click(f"nav.tabs a[data-period={period}]")
        expect(page.locator(f"nav.tabs a[data-period={period}]")).to_have_attribute(
            "aria-current", "page"
        )
        rows = page.locator("table.leaderboard tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.nth(0).locator("td").nth(1)).to_have_text(anonymous)
        expect(rows.nth(1)).to_contain_text("Bruno Caron")
        mine = page.locator("table.leaderboard tr.is-me")
        expect(mine).to_have_count(1)
        expect(mine).to_contain_text("Léa Martin")
        expect(mine.locator("td").first).to_have_text("3")
        expect(page.locator("main")).not_to_contain_text("Zoé")
        shoot(page, f"{step}-{period}")


def test_a_used_sign_in_link_is_refused_with_a_clear_page(
    page, new_phone, shoot, lea, live_site, mailer
):
    ask_for_link(page, lea.email)
    link = magic_link_in(mails(1)[-1], site=live_site)
    open_link(page, link)
    expect(page).to_have_url(f"{live_site}/portal/welcome/")

    # The same link again, e.g. forwarded to another phone.
    other = new_phone().new_page()
    response = other.goto(link)
    assert response.status == 403
    expect(other.locator("[data-test=link-invalid]")).to_be_visible()
    expect(other.locator("#login-form input[name=email]")).to_be_visible()
    expect(other.locator("nav.portal-nav")).to_have_count(0)
    shoot(other, "1-link-used")


def test_an_expired_sign_in_link_is_refused_with_a_clear_page(
    page, shoot, lea, live_site, settings, mailer
):
    settings.SESAME_MAX_AGE = 1  # links live one second here: wait past it
    ask_for_link(page, lea.email)
    link = magic_link_in(mails(1)[-1], site=live_site)
    time.sleep(1.1)

    response = page.goto(link)
    assert response.status == 403
    expect(page.locator("[data-test=link-invalid]")).to_be_visible()
    shoot(page, "1-link-expired")
    page.goto("/portal/")
    expect(page).to_have_url(re.compile(r"/portal/login/"))


def test_an_unknown_address_gets_the_same_answer_as_a_known_one(page, shoot, lea, mailer):
    known = ask_for_link(page, lea.email)
    shoot(page, "1-known-address")
    unknown = ask_for_link(page, "personne@exemple.fr")
    shoot(page, "2-unknown-address")

    assert unknown.replace("personne@exemple.fr", "X") == known.replace(lea.email, "X")
    assert [m.to for m in settled_outbox()] == [[lea.email]]
