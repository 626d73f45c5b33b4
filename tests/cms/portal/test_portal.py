"""The ambassador portal, server side: magic links, consent, kits, shares, profile, language.

Browser behaviour (share sheet, clipboard) is covered by the Playwright tests; the leaderboard
page and API by their own tests.
"""

import json
import re
import time
import types
from datetime import timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Ambassador, StoryPage
from cms.portal.auth import login_link, portal_user, send_login_link
from sharekits.clicks.capture import append_click, click_record
from sharekits.clicks.drain import drain_clicks
from sharekits.clicks.selfclick import SELF_COOKIE, SELF_COOKIE_SALT
from sharekits.links import fastpath
from sharekits.links.tokens import read_token
from sharekits.models import AmbassadorTally, ClickTally, KitImage, KitVariant, Share, ShareKit
from tests.factories import (
    AmbassadorFactory,
    AmbassadorGroupFactory,
    CampaignFactory,
)
from tests.kits import days_ago, story_with_kit
from tests.mailbox import mails, settled_outbox

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
LINK_RE = re.compile(r"https?://[^\s]+/portal/auth/\?cle=[^\s]+")


# --- helpers --------------------------------------------------------------------------


def _path(url: str) -> str:
    """The path and query of an absolute link, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _mailed_link(message) -> str:
    found = LINK_RE.findall(message.body)
    assert len(found) == 1, message.body
    return found[0]


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _templates(response) -> set[str]:
    return {t.name for t in response.templates}


def _text(response) -> str:
    return " ".join(_soup(response).get_text(" ").split())


def _request_link(client, email, *, ip="198.51.100.7"):
    return client.post("/portal/login/", {"email": email}, REMOTE_ADDR=ip)


def _open_link(client, link: str):
    """Open a mailed sign-in link as a person does: the page, then its button."""
    page = client.get(_path(link))
    assert page.status_code == 200, page.status_code
    form = _soup(page).select_one("form#link-confirm-form")
    fields = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    return client.post(form["action"], fields)


def _portal_client(ambassador: Ambassador, **kwargs) -> Client:
    """A browser already signed in to the portal as `ambassador`."""
    browser = Client(**kwargs)
    browser.force_login(portal_user(ambassador=ambassador))
    return browser


@pytest.fixture
def frozen_ratelimit_clock(monkeypatch):
    """django-ratelimit counts in fixed windows: keep every request of a test in one window."""
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


@pytest.fixture
def lea(db) -> Ambassador:
    """Léa, an active ambassador who has never signed in."""
    return AmbassadorFactory(display_name="Léa Martin", email="lea.martin@exemple.fr")


@pytest.fixture
def welcomed(db) -> Ambassador:
    """Karim, who answered the consent question: clicks attributed, name on leaderboards."""
    return AmbassadorFactory(
        display_name="Karim Haddad",
        email="karim@exemple.fr",
        consent_at=timezone.now(),
        consent_answered_at=timezone.now(),
        leaderboard_opt_in=True,
    )


# --- magic link -----------------------------------------------------------------------


def test_known_ambassador_gets_one_mail_whose_link_signs_them_in(client, lea, mailer):
    response = _request_link(client, "Lea.Martin@exemple.fr ")

    assert response.status_code == 200
    assert "portal/login_sent.html" in _templates(response)
    (message,) = mails(1)
    assert message.to == ["lea.martin@exemple.fr"]
    link = _mailed_link(message)
    assert link.startswith(f"{settings.SITE_URL}/portal/auth/?{settings.SESAME_TOKEN_NAME}=")

    signed_in = _open_link(client, link)

    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/portal/welcome/"  # first login: the consent question
    lea.refresh_from_db()
    assert lea.user is not None and not lea.user.is_staff
    assert not lea.user.has_usable_password()
    assert client.session["_auth_user_id"] == str(lea.user.pk)
    own = signed_in.cookies[SELF_COOKIE]
    assert own["httponly"] and own["samesite"] == "Lax"
    # Signed, the ambassador id only, and read the same by both readers of /s/<token>: the
    # WSGI fast path (warm links) and Django's view.
    assert own.value.split(":")[0] == str(lea.pk)
    assert fastpath._cookie_ambassador({"HTTP_COOKIE": f"{SELF_COOKIE}={own.value}"}) == lea.pk
    request = RequestFactory().get("/", HTTP_COOKIE=f"{SELF_COOKIE}={own.value}")
    assert request.get_signed_cookie(SELF_COOKIE, salt=SELF_COOKIE_SALT) == str(lea.pk)
    forged = f"{lea.pk + 1}:{own.value.split(':', 1)[1]}"
    assert fastpath._cookie_ambassador({"HTTP_COOKIE": f"{SELF_COOKIE}={forged}"}) is None
    assert signed_in.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_returning_ambassador_lands_on_the_kits(client, welcomed):
    signed_in = _open_link(client, login_link(ambassador=welcomed))

    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/portal/"


def test_unknown_and_inactive_addresses_get_exactly_the_same_answer_and_no_mail(
    client, lea, mailer
):
    AmbassadorFactory(email="parti@exemple.fr", is_active=False)
    known = _request_link(client, "lea.martin@exemple.fr")
    mails(1)
    mail.outbox.clear()

    unknown = _request_link(client, "personne@exemple.fr")
    inactive = _request_link(client, "parti@exemple.fr")

    assert settled_outbox() == []
    assert unknown.status_code == inactive.status_code == known.status_code == 200

    def normalised(response, email):
        return response.content.decode().replace(email, "EMAIL")

    # Same page, byte for byte once the address typed is set aside (the CSRF token is per page).
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    pages = {
        csrf.sub("", normalised(r, e))
        for r, e in [
            (known, "lea.martin@exemple.fr"),
            (unknown, "personne@exemple.fr"),
            (inactive, "parti@exemple.fr"),
        ]
    }
    assert len(pages) == 1
    assert _soup(unknown).select_one("[data-test=login-sent]") is not None


def test_an_invalid_address_is_asked_again_without_mail(client, lea, mailer):
    response = _request_link(client, "pas-une-adresse")

    assert response.status_code == 200
    assert "prenom@exemple.fr" in _text(response)
    assert settled_outbox() == []


def test_a_link_works_once(client, lea):
    link = _path(login_link(ambassador=lea))
    assert _open_link(client, link).status_code == 302

    again = Client().get(link)

    assert again.status_code == 403
    page = _soup(again)
    assert page.select_one("[data-test=link-invalid]") is not None
    assert page.select_one("form#login-form input[name=email]") is not None  # ask for a new one


def test_an_expired_link_is_refused(client, lea, monkeypatch):
    import sesame.tokens_v2

    # A link requested SESAME_MAX_AGE + 1 seconds ago.
    past = time.time() - settings.SESAME_MAX_AGE - 1
    with monkeypatch.context() as clock:
        clock.setattr(sesame.tokens_v2, "time", types.SimpleNamespace(time=lambda: past))
        link = _path(login_link(ambassador=lea))

    response = client.get(link)

    assert response.status_code == 403
    assert _soup(response).select_one("[data-test=link-invalid]") is not None
    assert "_auth_user_id" not in client.session


def test_a_link_is_valid_for_fifteen_minutes(client, lea, monkeypatch):
    import sesame.tokens_v2

    assert settings.SESAME_MAX_AGE == 900
    recent = time.time() - 14 * 60
    with monkeypatch.context() as clock:
        clock.setattr(sesame.tokens_v2, "time", types.SimpleNamespace(time=lambda: recent))
        link = _path(login_link(ambassador=lea))

    assert _open_link(client, link).status_code == 302


def test_a_mail_scanner_opening_the_link_first_does_not_use_it_up(client, lea):
    """Safe Links and other scanners fetch every link of a mail before the person does."""
    link = _path(login_link(ambassador=lea))
    scanner = Client()
    for _ in range(3):
        assert scanner.get(link).status_code == 200
    assert "_auth_user_id" not in scanner.session  # looking signs nobody in

    page = client.get(link)
    assert page["Referrer-Policy"] == "same-origin"
    assert "Bonjour Léa Martin" in _text(page)  # French by default
    assert _soup(page).select_one("[data-test=link-confirm]").get_text(strip=True) == (
        "Se connecter"
    )
    signed_in = _open_link(client, link)
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(lea.user.pk)

    # Once pressed, the link is spent: neither the page nor the button work again.
    assert Client().get(link).status_code == 403
    token = parse_qs(urlsplit(link).query)[settings.SESAME_TOKEN_NAME][0]
    again = Client().post("/portal/auth/", {settings.SESAME_TOKEN_NAME: token})
    assert again.status_code == 403
    assert _soup(again).select_one("[data-test=link-invalid]") is not None
    assert Client().post("/portal/auth/", {}).status_code == 403


def test_a_tampered_link_is_refused(client, lea):
    link = login_link(ambassador=lea)
    token = parse_qs(urlsplit(link).query)[settings.SESAME_TOKEN_NAME][0]
    middle = len(token) // 2
    forged = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]

    for bad in (forged, token[:-3], "", "n'importe-quoi"):
        response = client.get("/portal/auth/", {settings.SESAME_TOKEN_NAME: bad})
        assert response.status_code == 403, bad
        assert _soup(response).select_one("[data-test=link-invalid]") is not None
    assert client.get("/portal/auth/").status_code == 403


def test_a_link_made_for_another_purpose_is_refused(client, lea):
    from sesame.utils import get_query_string

    user = portal_user(ambassador=lea)
    response = client.get(f"/portal/auth/{get_query_string(user, scope='other')}")

    assert response.status_code == 403


def test_a_link_of_an_ambassador_deactivated_since_is_refused(client, lea):
    link = _path(login_link(ambassador=lea))
    Ambassador.objects.filter(pk=lea.pk).update(is_active=False)

    assert client.get(link).status_code == 403


def test_the_sixth_request_for_one_address_within_an_hour_is_refused(
    client, lea, frozen_ratelimit_clock, mailer
):
    for n in range(5):
        assert (
            _request_link(client, "lea.martin@exemple.fr", ip=f"198.51.100.{n}").status_code == 200
        )
    mails(5)

    # The same address written differently is the same address.
    sixth = _request_link(client, " LEA.Martin@Exemple.fr", ip="198.51.100.99")

    assert sixth.status_code == 429
    assert "portal/rate_limited.html" in _templates(sixth)
    assert len(settled_outbox()) == 5


def test_the_eleventh_request_from_one_address_within_a_minute_is_refused(
    client, lea, frozen_ratelimit_clock, mailer
):
    for n in range(10):
        assert _request_link(client, f"inconnu{n}@exemple.fr").status_code == 200

    eleventh = _request_link(client, "lea.martin@exemple.fr")

    assert eleventh.status_code == 429
    assert "Trop de demandes" in _text(eleventh)
    assert settled_outbox() == []
    # Another network is not affected.
    assert _request_link(client, "lea.martin@exemple.fr", ip="203.0.113.5").status_code == 200
    assert [m.to for m in mails(1)] == [["lea.martin@exemple.fr"]]


def test_a_mail_server_that_fails_does_not_reach_the_person_asking(client, lea, mailer, settings):
    """The page answers at once either way; the task, not the request, talks to the server."""
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    response = _request_link(client, "lea.martin@exemple.fr")

    assert response.status_code == 200
    assert _soup(response).select_one("[data-test=login-sent]") is not None


def test_login_link_command_prints_a_working_link(lea):
    out = StringIO()

    call_command("login_link", "LEA.MARTIN@exemple.fr", stdout=out)

    link = out.getvalue().strip()
    assert LINK_RE.fullmatch(link)
    assert _open_link(Client(), link)["Location"] == "/portal/welcome/"


def test_login_link_command_explains_an_unknown_address(db):
    AmbassadorFactory(email="parti@exemple.fr", is_active=False)

    for email in ("personne@exemple.fr", "parti@exemple.fr"):
        with pytest.raises(CommandError, match="No active ambassador"):
            call_command("login_link", email, stdout=StringIO())


def test_the_mail_is_in_french_by_default(client, lea):
    assert send_login_link(email=lea.email)  # what the task runs

    message = mail.outbox[0]
    assert message.subject == "Votre lien de connexion à Relais"
    assert message.body.startswith("Bonjour Léa Martin,")
    assert "15 minutes" in message.body


def test_the_mail_is_in_english_for_an_english_speaking_ambassador(client, db):
    AmbassadorFactory(display_name="Sam Taylor", email="sam@example.org", preferred_language="en")

    assert send_login_link(email="sam@example.org")

    message = mail.outbox[0]
    assert message.subject == "Your Relais login link"
    assert message.body.startswith("Hello Sam Taylor,")
    # The page itself stays in the visitor's language: it must not tell who the address is.
    assert _text(client.get("/portal/login/")).count("Portail des ambassadeurs") >= 1


def test_the_mail_is_plain_text_names_are_not_html_escaped(client, db):
    AmbassadorFactory(display_name="Zoé O'Neil & fils", email="zoe@exemple.fr")

    assert send_login_link(email="zoe@exemple.fr")

    assert mail.outbox[0].body.startswith("Bonjour Zoé O'Neil & fils,")


# --- consent --------------------------------------------------------------------------


def _sign_in(client, ambassador):
    response = _open_link(client, login_link(ambassador=ambassador))
    assert response.status_code == 302
    return response


def test_first_login_lands_on_the_consent_question(client, lea):
    response = client.get(_sign_in(client, lea)["Location"])

    assert response.status_code == 200
    assert "portal/welcome.html" in _templates(response)
    page = _soup(response)
    assert {i["value"] for i in page.select("input[name=attribution]")} == {"yes", "no"}
    assert page.select_one("input[name=leaderboard_opt_in]") is not None


def test_consent_must_be_answered(client, lea):
    _sign_in(client, lea)

    response = client.post("/portal/welcome/", {"leaderboard_opt_in": "on"})

    assert response.status_code == 200
    assert "Merci de choisir une réponse." in _text(response)
    lea.refresh_from_db()
    assert lea.consent_answered_at is None and lea.consent_at is None


def test_yes_and_opt_in_are_recorded(client, lea):
    _sign_in(client, lea)

    response = client.post("/portal/welcome/", {"attribution": "yes", "leaderboard_opt_in": "on"})

    assert response.status_code == 302 and response["Location"] == "/portal/"
    lea.refresh_from_db()
    assert lea.consent_at is not None
    assert lea.consent_answered_at is not None
    assert lea.leaderboard_opt_in is True


def test_no_leaves_consent_empty(client, lea):
    _sign_in(client, lea)

    client.post("/portal/welcome/", {"attribution": "no"})

    lea.refresh_from_db()
    assert lea.consent_at is None
    assert lea.consent_answered_at is not None
    assert lea.leaderboard_opt_in is False
    assert client.get("/portal/").status_code == 200  # answered: the portal opens


def test_portal_pages_wait_for_the_answer(client, lea):
    _sign_in(client, lea)

    for path in ("/portal/", "/portal/stats/", "/portal/profile/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/portal/welcome/"


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    for path in ("/portal/", "/portal/welcome/", "/portal/stats/", "/portal/profile/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/portal/login/?next=")


def test_staff_without_an_ambassador_cannot_enter(client, communicator):
    client.force_login(communicator)

    assert client.get("/portal/")["Location"].startswith("/portal/login/")


def test_profile_changes_both_answers(welcomed):
    browser = _portal_client(welcomed)
    form = {
        "display_name": "Karim H.",
        "commune": "Laval",
        "preferred_language": "fr",
    }

    response = browser.post("/portal/profile/", form)  # both boxes unticked

    assert response.status_code == 302
    welcomed.refresh_from_db()
    assert welcomed.consent_at is None
    assert welcomed.leaderboard_opt_in is False
    assert welcomed.display_name == "Karim H."
    assert "Vos choix sont enregistrés." in _text(browser.get("/portal/profile/"))

    browser.post("/portal/profile/", {**form, "attribution": "on", "leaderboard_opt_in": "on"})

    welcomed.refresh_from_db()
    assert welcomed.consent_at is not None
    assert welcomed.leaderboard_opt_in is True
    page = _soup(browser.get("/portal/profile/"))
    assert page.select_one("input[name=attribution]").has_attr("checked")
    assert page.select_one("input[name=leaderboard_opt_in]").has_attr("checked")


def test_profile_shows_the_current_answers(db):
    refused = AmbassadorFactory(consent_answered_at=timezone.now(), consent_at=None)

    page = _soup(_portal_client(refused).get("/portal/profile/"))

    assert not page.select_one("input[name=attribution]").has_attr("checked")


def _clicks_of(ambassador, variant, *, n, start_ip=10):
    for i in range(n):
        append_click(
            click_record(
                ambassador_id=ambassador.pk,
                variant_id=variant.pk,
                user_agent=BROWSER,
                ip=f"192.0.2.{start_ip + i}",
            )
        )


def test_clicks_of_an_ambassador_who_refused_attribution_are_not_counted(
    story_index, campaign, welcomed
):
    refused = AmbassadorFactory(consent_answered_at=timezone.now(), consent_at=None)
    story = story_with_kit(
        parent=story_index, campaign=campaign, title="CDI", published=days_ago(1)
    )
    variant = story.share_kit.variants.get(network="whatsapp")
    _clicks_of(refused, variant, n=3)
    _clicks_of(welcomed, variant, n=2, start_ip=50)

    drain_clicks()

    assert not ClickTally.objects.filter(ambassador=refused).exists()
    assert not AmbassadorTally.objects.filter(ambassador=refused).exists()
    assert ClickTally.objects.get(ambassador=welcomed).human_clicks == 2
    assert AmbassadorTally.objects.get(ambassador=welcomed, scope="all").human_clicks == 2


# --- home: the kits -------------------------------------------------------------------


def _cards(response):
    return _soup(response).select("article.kit-card")


def test_home_shows_the_kits_of_the_ambassadors_campaigns_newest_first(
    story_index, welcomed, django_assert_max_num_queries
):
    members = AmbassadorGroupFactory(name="Entrepreneurs", slug="entrepreneurs")
    students = AmbassadorGroupFactory(name="Étudiants", slug="etudiants")
    welcomed.groups.add(members)
    everyone = CampaignFactory(slug="tout-le-monde")
    for_members = CampaignFactory(slug="entrepreneurs-2026")
    for_members.groups.add(members, students)
    for_students = CampaignFactory(slug="etudiants-2026")
    for_students.groups.add(students)
    today = timezone.localdate()
    ended = CampaignFactory(
        slug="finie", starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=1)
    )

    story_with_kit(parent=story_index, campaign=everyone, title="Ancienne", published=days_ago(9))
    story_with_kit(parent=story_index, campaign=for_members, title="Récente", published=days_ago(1))
    story_with_kit(parent=story_index, campaign=everyone, title="Moyenne", published=days_ago(4))
    story_with_kit(parent=story_index, campaign=for_students, title="Autre", published=days_ago(2))
    story_with_kit(parent=story_index, campaign=ended, title="Finie", published=days_ago(2))
    story_with_kit(
        parent=story_index, campaign=everyone, title="Brouillon", published=days_ago(1), live=False
    )
    story_with_kit(
        parent=story_index,
        campaign=everyone,
        title="En cours",
        published=days_ago(1),
        kit_status=ShareKit.Status.PENDING,
    )
    story_with_kit(
        parent=story_index,
        campaign=everyone,
        title="Échue",
        published=days_ago(1),
        job_starts_on=today - timedelta(days=30),
        job_expires_on=today - timedelta(days=1),
    )
    story_with_kit(
        parent=story_index,
        campaign=everyone,
        title="Jusqu'à ce soir",
        published=days_ago(20),
        job_starts_on=today - timedelta(days=30),
        job_expires_on=today,
    )

    response = _portal_client(welcomed).get("/portal/")

    assert response.status_code == 200
    titles = [card.h2.get_text(strip=True) for card in _cards(response)]
    assert titles == ["Récente", "Moyenne", "Ancienne", "Jusqu'à ce soir"]
    assert _soup(response).select_one("[data-test=no-kits]") is None


def test_each_card_has_a_whatsapp_button_with_the_caption_and_this_ambassadors_link(
    story_index, campaign, welcomed
):
    other = AmbassadorFactory()
    story = story_with_kit(
        parent=story_index, campaign=campaign, title="25 CDI", published=days_ago(1)
    )
    whatsapp = story.share_kit.variants.get(network="whatsapp")

    response = _portal_client(welcomed).get("/portal/")

    (card,) = _cards(response)
    button = card.select_one(".share-whatsapp a.share-link")
    href = urlsplit(button["href"])
    assert (href.scheme, href.netloc) == ("https", "wa.me")
    text = parse_qs(href.query)["text"][0]
    assert text.startswith("25 CDI : on recrute ! ")
    assert text.endswith(" #ambassadeur")
    (token,) = re.findall(rf"{re.escape(settings.SITE_URL)}/s/([A-Za-z0-9_-]{{12}})", text)
    assert read_token(token) == (welcomed.pk, whatsapp.pk)
    assert read_token(token)[0] != other.pk
    assert card.select_one(".share-whatsapp")["data-variant"] == str(whatsapp.pk)
    # The caption shown and the one the phone's share sheet gets carry the same personal link.
    assert card.select_one(".native-share")["data-share-text"] == text
    assert card.select_one(".kit-caption").get_text() == text


def test_without_whatsapp_the_share_sheet_records_the_first_network(
    story_index, campaign, welcomed
):
    story = story_with_kit(
        parent=story_index,
        campaign=campaign,
        title="Sans WhatsApp",
        published=days_ago(1),
        networks=("linkedin", "x"),
    )
    linkedin = story.share_kit.variants.get(network="linkedin")

    (card,) = _cards(_portal_client(welcomed).get("/portal/"))

    native = card.select_one(".native-share")
    assert native["data-variant"] == str(linkedin.pk)
    assert native["data-share-text"].startswith("Sans WhatsApp : on recrute ! ")


def test_a_kit_image_without_its_job_card_version_still_shows(story_index, campaign, welcomed):
    story = story_with_kit(
        parent=story_index, campaign=campaign, title="CDI", published=days_ago(1)
    )
    KitImage.objects.filter(kit__story=story).update(card_image="")

    response = _portal_client(welcomed).get("/portal/")

    assert response.status_code == 200
    (card,) = _cards(response)
    assert card.select_one("img")["src"].endswith(f"sharekits/{story.pk}/og.jpg")
    assert [a["href"].rsplit("/", 1)[1] for a in card.select("a.download-image")] == [
        "og.jpg",
        "square.jpg",
    ]


def test_a_real_built_kit_renders_on_the_home_page(built_story, welcomed):
    response = _portal_client(welcomed).get("/portal/")

    (card,) = _cards(response)
    assert card.h2.get_text(strip=True) == built_story.title
    assert card.select_one("img")["src"].endswith(".jpg")
    assert len(card.select(".share-buttons li")) == built_story.share_kit.variants.count()


def test_home_says_so_when_there_is_nothing_to_share(welcomed):
    response = _portal_client(welcomed).get("/portal/")

    assert response.status_code == 200
    assert _cards(response) == []
    assert _soup(response).select_one("[data-test=no-kits]") is not None


def test_home_queries_do_not_grow_with_kits(story_index, welcomed):
    group = AmbassadorGroupFactory()
    welcomed.groups.add(group)
    targeted = CampaignFactory()
    targeted.groups.add(group, AmbassadorGroupFactory())
    campaigns = [CampaignFactory(), targeted]
    browser = _portal_client(welcomed)
    counts = []
    for total in (2, 8):
        while ShareKit.objects.count() < total:
            n = ShareKit.objects.count()
            story_with_kit(
                parent=story_index,
                campaign=campaigns[n % 2],
                title=f"Histoire {n}",
                published=days_ago(n + 1),
                networks=("whatsapp", "x", "linkedin", "facebook"),
            )
        browser.get("/portal/")
        with CaptureQueriesContext(connection) as queries:
            response = browser.get("/portal/")
        assert len(_cards(response)) == total
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, [q["sql"] for q in queries]


# --- shares ---------------------------------------------------------------------------


@pytest.fixture
def whatsapp(story_index, campaign) -> KitVariant:
    story = story_with_kit(
        parent=story_index, campaign=campaign, title="CDI", published=days_ago(1)
    )
    return story.share_kit.variants.get(network="whatsapp")


def test_a_share_is_recorded_and_scores(welcomed, whatsapp, settings):
    settings.RELAIS_SHARE_WEIGHT = 3
    browser = _portal_client(welcomed)

    response = browser.post("/portal/share/", {"variant": whatsapp.pk, "method": "native"})

    assert response.status_code == 201
    assert response.json() == {"recorded": True}
    share = Share.objects.get()
    assert (share.ambassador, share.variant, share.method) == (welcomed, whatsapp, "native")
    assert AmbassadorTally.objects.get(ambassador=welcomed, scope="all").score == 3
    # What scores and what does not (a second press the same day): tests/sharekits/scores.


@pytest.mark.parametrize(
    "data",
    [
        {"variant": "abc", "method": "intent"},
        {"method": "intent"},
        {"variant": 999999, "method": "intent"},
        {"variant": "WHATSAPP", "method": "pigeon"},
        {"variant": "WHATSAPP", "method": ""},
    ],
)
def test_a_bad_share_is_refused(welcomed, whatsapp, data):
    data = {k: (whatsapp.pk if v == "WHATSAPP" else v) for k, v in data.items()}

    response = _portal_client(welcomed).post("/portal/share/", data)

    assert response.status_code == 400
    assert not Share.objects.exists()
    assert not AmbassadorTally.objects.exists()


def test_a_share_of_a_disabled_variant_is_refused(welcomed, whatsapp):
    KitVariant.objects.filter(pk=whatsapp.pk).update(enabled=False)

    response = _portal_client(welcomed).post("/portal/share/", {"variant": whatsapp.pk})

    assert response.status_code == 400


def test_a_share_of_a_kit_meant_for_other_groups_is_refused(welcomed, whatsapp, campaign):
    """Only the kits on the ambassador's own page can be shared: the campaign targets a group
    they are not in, so the kit is not on their page and its share is refused."""
    campaign.groups.add(AmbassadorGroupFactory(slug="etudiants"))
    browser = _portal_client(welcomed)
    assert not _cards(browser.get("/portal/"))

    response = browser.post("/portal/share/", {"variant": whatsapp.pk, "method": "intent"})

    assert response.status_code == 403
    assert response.json() == {"recorded": False}
    assert not Share.objects.exists()
    assert not AmbassadorTally.objects.exists()


def test_every_kit_on_the_ambassadors_page_can_be_shared(welcomed, story_index):
    """The kits page and the share counter apply the same rule: no target group (everyone),
    one of the ambassador's groups, or a story outside any campaign."""
    mine = AmbassadorGroupFactory(slug="expats")
    welcomed.groups.add(mine)
    for_everyone, for_my_group, for_others = (
        CampaignFactory(slug="pour-tous"),
        CampaignFactory(slug="pour-les-expats"),
        CampaignFactory(slug="pour-les-autres"),
    )
    for_my_group.groups.add(mine, AmbassadorGroupFactory(slug="salaries"))
    for_others.groups.add(AmbassadorGroupFactory(slug="etudiants"))
    stories = {
        name: story_with_kit(
            parent=story_index, campaign=campaign, title=f"Histoire {n}", published=days_ago(n)
        )
        for n, (name, campaign) in enumerate(
            [
                ("pour-tous", for_everyone),
                ("pour-les-expats", for_my_group),
                ("pour-les-autres", for_others),
                ("hors campagne", for_everyone),
            ],
            1,
        )
    }
    # Older data: a story outside any campaign (the editor now asks for one).
    StoryPage.objects.filter(pk=stories["hors campagne"].pk).update(campaign=None)
    browser = _portal_client(welcomed)
    on_page = {card.story.pk for card in browser.get("/portal/").context["cards"]}

    shared = {}
    for name, story in stories.items():
        variant = story.share_kit.variants.get(network="whatsapp")
        response = browser.post("/portal/share/", {"variant": variant.pk, "method": "intent"})
        shared[name] = (story.pk in on_page, response.status_code)

    assert shared == {
        "pour-tous": (True, 201),
        "pour-les-expats": (True, 201),
        "pour-les-autres": (False, 403),
        "hors campagne": (True, 201),
    }


def test_shares_need_a_signed_in_ambassador(client, whatsapp):
    response = client.post("/portal/share/", {"variant": whatsapp.pk, "method": "intent"})

    assert response.status_code == 302
    assert response["Location"].startswith("/portal/login/")
    assert not Share.objects.exists()


def test_shares_are_posts_only(welcomed, whatsapp):
    assert _portal_client(welcomed).get("/portal/share/").status_code == 405


def test_shares_need_the_csrf_token(welcomed, whatsapp):
    browser = _portal_client(welcomed, enforce_csrf_checks=True)

    refused = browser.post("/portal/share/", {"variant": whatsapp.pk, "method": "intent"})

    assert refused.status_code == 403
    assert not Share.objects.exists()

    home = browser.get("/portal/")
    token = _soup(home).select_one("#share-record input[name=csrfmiddlewaretoken]")["value"]
    accepted = browser.post(
        "/portal/share/",
        {"variant": whatsapp.pk, "method": "intent"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201


def test_the_home_page_tells_the_script_where_to_record_shares(welcomed, whatsapp):
    page = _soup(_portal_client(welcomed).get("/portal/"))

    assert page.select_one("script[data-share-url]")["data-share-url"] == "/portal/share/"


# --- profile: export and erasure ------------------------------------------------------


def test_export_holds_the_ambassadors_data_and_nobody_elses(welcomed, whatsapp):
    other = AmbassadorFactory(display_name="Autre Personne", email="autre@exemple.fr")
    group = AmbassadorGroupFactory(name="Entrepreneurs")
    welcomed.groups.add(group)
    day = timezone.localdate()
    ClickTally.objects.create(ambassador=welcomed, variant=whatsapp, day=day, human_clicks=4)
    ClickTally.objects.create(ambassador=other, variant=whatsapp, day=day, human_clicks=77)
    AmbassadorTally.objects.create(ambassador=welcomed, scope="all", key="all", human_clicks=4)
    AmbassadorTally.objects.create(ambassador=other, scope="all", key="all", human_clicks=77)
    Share.objects.create(ambassador=welcomed, variant=whatsapp, method="copy")
    Share.objects.create(ambassador=other, variant=whatsapp, method="native")

    response = _portal_client(welcomed).get("/portal/profile/export/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "karim@exemple.fr"
    assert data["profile"]["display_name"] == "Karim Haddad"
    assert data["profile"]["groups"] == ["Entrepreneurs"]
    assert data["profile"]["leaderboard_opt_in"] is True
    assert [r["human_clicks"] for r in data["clicks_per_link_and_day"]] == [4]
    assert data["clicks_per_link_and_day"][0]["variant__network"] == "whatsapp"
    assert [r["human_clicks"] for r in data["rollups"]] == [4]
    assert [s["method"] for s in data["shares"]] == ["copy"]
    body = response.content.decode()
    assert "autre@exemple.fr" not in body
    assert "Autre Personne" not in body


def test_erasure_deletes_everything_and_signs_out(welcomed, whatsapp):
    browser = _portal_client(welcomed)
    user_id = welcomed.user_id
    other = AmbassadorFactory()
    day = timezone.localdate()
    ClickTally.objects.create(ambassador=welcomed, variant=whatsapp, day=day, human_clicks=4)
    ClickTally.objects.create(ambassador=other, variant=whatsapp, day=day, human_clicks=1)
    AmbassadorTally.objects.create(ambassador=welcomed, scope="all", key="all", human_clicks=4)
    Share.objects.create(ambassador=welcomed, variant=whatsapp, method="copy")

    response = browser.post("/portal/profile/erase/", {"confirm": "yes"})

    assert response.status_code == 200
    assert "portal/erased.html" in _templates(response)
    assert "Vos données ont été effacées" in _text(response)
    assert response.cookies[SELF_COOKIE].value == ""  # the self-click cookie is deleted
    assert not Ambassador.objects.filter(pk=welcomed.pk).exists()
    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert not ClickTally.objects.filter(ambassador_id=welcomed.pk).exists()
    assert not AmbassadorTally.objects.filter(ambassador_id=welcomed.pk).exists()
    assert not Share.objects.filter(ambassador_id=welcomed.pk).exists()
    assert ClickTally.objects.filter(ambassador=other).exists()
    assert "_auth_user_id" not in browser.session
    assert browser.get("/portal/")["Location"].startswith("/portal/login/")


def test_erasure_needs_the_confirmation_box(welcomed, whatsapp):
    browser = _portal_client(welcomed)
    Share.objects.create(ambassador=welcomed, variant=whatsapp, method="copy")

    response = browser.post("/portal/profile/erase/", follow=True)

    assert response.redirect_chain == [("/portal/profile/", 302)]
    assert "Cochez la case pour confirmer" in _text(response)
    assert Ambassador.objects.filter(pk=welcomed.pk).exists()
    assert Share.objects.filter(ambassador=welcomed).exists()
    assert get_user_model().objects.filter(pk=welcomed.user_id).exists()


def test_erasure_is_a_post(welcomed):
    assert _portal_client(welcomed).get("/portal/profile/erase/").status_code == 405
    assert Ambassador.objects.filter(pk=welcomed.pk).exists()


def test_signing_out_forgets_the_ambassador(client, welcomed):
    _sign_in(client, welcomed)

    response = client.post("/portal/logout/")

    assert response["Location"] == "/portal/login/"
    assert response.cookies[SELF_COOKIE].value == ""
    assert client.get("/portal/")["Location"].startswith("/portal/login/")


# --- language -------------------------------------------------------------------------


def test_the_portal_follows_the_ambassadors_language(client, db):
    sam = AmbassadorFactory(
        display_name="Sam Taylor",
        email="sam@example.org",
        preferred_language="en",
        consent_at=timezone.now(),
        consent_answered_at=timezone.now(),
    )

    signed_in = _sign_in(client, sam)

    assert signed_in.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/portal/")
    assert page["Content-Language"] == "en"
    assert "Hello Sam Taylor" in _text(page)
    assert "My stats" in _text(page)


def test_a_french_speaking_ambassador_sees_french(client, welcomed):
    _sign_in(client, welcomed)

    page = client.get("/portal/")

    assert page["Content-Language"] == "fr"
    assert "Bonjour Karim Haddad" in _text(page)


def test_changing_the_language_on_the_profile_switches_the_portal(client, welcomed):
    _sign_in(client, welcomed)

    response = client.post(
        "/portal/profile/",
        {"display_name": "Karim", "preferred_language": "en", "attribution": "on"},
    )

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/portal/profile/")["Content-Language"] == "en"


# --- the self-click cookie ------------------------------------------------------------


def test_the_ambassadors_own_click_counts_as_self(client, welcomed, whatsapp):
    _sign_in(client, welcomed)
    href = _soup(client.get("/portal/")).select_one(".share-whatsapp a.share-link")["href"]
    token = re.search(r"/s/([A-Za-z0-9_-]{12})", unquote(href)).group(1)
    stranger = Client()

    own = client.get(f"/s/{token}", HTTP_USER_AGENT=BROWSER)
    theirs = stranger.get(f"/s/{token}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.200")
    drain_clicks()

    # Both land on the story, whoever clicks; only the count differs.
    story = whatsapp.kit.story.canonical_url()
    assert (own.status_code, theirs.status_code) == (302, 302)
    assert own["Location"].startswith(f"{story}?utm_source=whatsapp&")
    assert theirs["Location"] == own["Location"]

    tally = ClickTally.objects.get(ambassador=welcomed, variant=whatsapp)
    assert (tally.self_clicks, tally.human_clicks) == (1, 1)


def test_the_kits_page_loads_under_100_kb_of_javascript_and_css(welcomed, whatsapp):
    """Phone first: everything the page links to (no CDN) weighs under 100 KB."""
    from django.contrib.staticfiles import finders

    html = _portal_client(welcomed).get("/portal/").content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    assert not re.search(r'(?:src|href)="https?://[^"]+\.(?:js|css)', html)
    total = sum(Path(finders.find(a.removeprefix("/static/"))).stat().st_size for a in assets)
    assert total <= 100_000
