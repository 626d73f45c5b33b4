"""The read-only JSON API: leaderboard, my kits, my stats, with the portal's session."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from cms.portal.auth import portal_user
from tests.factories import AmbassadorFactory, AmbassadorGroupFactory, UserFactory
from tests.scores import give, scored

ENDPOINTS = ["/api/leaderboard", "/api/me/kits", "/api/me/stats"]


def signed_in(ambassador, *, consent: bool = True) -> Client:
    user = portal_user(ambassador=ambassador)
    if consent:
        ambassador.consent_answered_at = ambassador.consent_at = timezone.now()
        ambassador.save(update_fields=["consent_answered_at", "consent_at"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer(db):
    return AmbassadorFactory(display_name="Violette Regarde", leaderboard_opt_in=False)


@pytest.fixture
def api(viewer):
    return signed_in(viewer)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_requests_get_401(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_signed_in_person_who_is_not_an_ambassador_gets_401(client_for, db, url):
    staff = UserFactory(username="claire", is_staff=True)
    assert client_for(staff).get(url).status_code == 401


@pytest.mark.parametrize("url", ENDPOINTS)
def test_no_answer_may_be_stored_by_a_browser_or_a_proxy(client, api, url):
    answers = {"ambassador": api.get(url), "visitor": client.get(url)}

    assert {who: r.status_code for who, r in answers.items()} == {"ambassador": 200, "visitor": 401}
    for who, response in answers.items():
        assert "no-store" in response.get("Cache-Control", ""), who


def test_an_ambassador_who_has_not_answered_the_consent_question_gets_403(viewer):
    response = signed_in(viewer, consent=False).get("/api/leaderboard")
    assert response.status_code == 403


def test_the_leaderboard_never_names_ambassadors_who_opted_out(api, viewer):
    scored("Alice Affichée", clicks=12)
    scored("Bertrand Discret", clicks=9, opt_in=False)
    scored("Chloé Affichée", shares=9)
    give(viewer, clicks=1)

    response = api.get("/api/leaderboard")
    data = response.json()
    body = json.dumps(data, ensure_ascii=False)

    assert response.status_code == 200
    assert "Alice Affichée" in body and "Chloé Affichée" in body
    assert "Bertrand Discret" not in body
    assert "Violette Regarde" not in body  # the viewer opted out too
    assert data["period"] == "month"
    assert data["share_weight"] == 1
    assert [(e["rank"], e["name"], e["is_me"]) for e in data["entries"]] == [
        (1, "Alice Affichée", False),
        (2, None, False),
        (2, "Chloé Affichée", False),
        (4, None, True),
    ]
    assert data["me"]["rank"] == 4 and data["me"]["name"] is None
    assert "ambassador_id" not in body


def test_the_leaderboard_filters_like_the_page(api, viewer):
    group = AmbassadorGroupFactory(name="Étudiants", slug="etudiants")
    viewer.groups.add(group)
    scored("Alice Étudiante", clicks=3).groups.add(group)
    scored("Bruno", clicks=8)

    data = api.get("/api/leaderboard", {"period": "week", "group": "etudiants"}).json()

    assert data["period"] == "week"
    assert data["group"] == {"slug": "etudiants", "name": "Étudiants"}
    assert data["groups"] == [{"slug": "etudiants", "name": "Étudiants"}]
    assert [e["name"] for e in data["entries"]] == ["Alice Étudiante"]
    assert data["me"] is None


def test_the_leaderboard_of_a_group_the_ambassador_is_not_in_is_not_shown(api):
    group = AmbassadorGroupFactory(name="Entrepreneurs", slug="entrepreneurs")
    scored("Alice Entrepreneuse", clicks=3).groups.add(group)
    scored("Bruno", clicks=8)

    data = api.get("/api/leaderboard", {"group": "entrepreneurs"}).json()

    assert data["group"] is None  # everyone's board instead
    assert data["groups"] == []
    assert [e["name"] for e in data["entries"]] == ["Bruno", "Alice Entrepreneuse"]


@pytest.mark.parametrize(
    "query", [{"period": "forever"}, {"period": "campaign", "campaign": "x"}, {"group": "??"}]
)
def test_invalid_leaderboard_parameters_fall_back_to_defaults(api, query):
    response = api.get("/api/leaderboard", query)
    assert response.status_code == 200
    assert response.json()["group"] is None


def test_my_kits_carry_my_personal_links(api, viewer, built_story):
    response = api.get("/api/me/kits")

    assert response.status_code == 200
    kits = response.json()
    assert [k["story_title"] for k in kits] == [built_story.title]
    kit = kits[0]
    assert kit["story_url"].startswith("http")
    assert kit["campaign"] == built_story.campaign.name
    assert kit["images"] and all(i["url"].startswith("http") for i in kit["images"])
    assert {link["network"] for link in kit["links"]} >= {"whatsapp", "linkedin"}
    for link in kit["links"]:
        assert "/s/" in link["link"]
        assert link["link"] in link["caption"]


def test_every_url_of_my_kits_is_on_the_public_site(api, built_story, settings):
    """SITE_URL, not the host Wagtail's Site record happens to hold (localhost by default)."""
    settings.SITE_URL = "https://relais.example.fr"

    (kit,) = api.get("/api/me/kits").json()

    assert kit["story_url"] == f"https://relais.example.fr{built_story.url}"
    urls = [i["url"] for i in kit["images"]] + [link["link"] for link in kit["links"]]
    assert urls and all(url.startswith("https://relais.example.fr/") for url in urls)


def test_my_stats(api, viewer):
    give(viewer, clicks=4, shares=2)

    data = api.get("/api/me/stats").json()

    assert data["total_human_clicks"] == 4
    assert data["total_shares"] == 2
    assert data["rank_this_month"] == {"rank": 1, "score": 6, "human_clicks": 4, "shares": 2}
    assert len(data["weeks"]) == 12
    assert data["weeks"][-1]["human_clicks"] == 4


def test_the_openapi_docs_load(client, db):
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()

    schema = json.loads(client.get("/api/openapi.json").content)
    assert {"/api/leaderboard", "/api/me/kits", "/api/me/stats"} <= set(schema["paths"])
    assert "LeaderboardOut" in schema["components"]["schemas"]
