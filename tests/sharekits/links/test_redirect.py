"""The short link /s/<token>: people are redirected, preview fetchers get the card."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from PIL import Image

from sharekits.links import routes as routing
from sharekits.links.short import short_link
from sharekits.links.tokens import make_token
from sharekits.models import KitVariant
from tests.factories import AmbassadorFactory

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


@pytest.fixture
def link(built_story):
    ambassador = AmbassadorFactory(display_name="Zoé Martin", email="zoe@exemple.fr")
    variant = KitVariant.objects.get(kit__story=built_story, network="whatsapp")
    token = make_token(ambassador_id=ambassador.pk, variant_id=variant.pk)
    routing.forget_local_routes()
    return {"story": built_story, "ambassador": ambassador, "variant": variant, "token": token}


def test_a_person_is_sent_to_the_story_with_utm_and_nothing_personal(client, link):
    response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == link["story"].url
    assert parse_qs(target.query) == {
        "utm_source": ["whatsapp"],
        "utm_medium": ["ambassador"],
        "utm_campaign": [link["story"].campaign.slug],
    }
    # The exact query above leaves no room for an id; nor does anything else name the person.
    for personal in ("zoe", "Martin", link["token"]):
        assert personal not in response["Location"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert not response.cookies


def test_head_from_a_browser_is_redirected(client, link):
    response = client.head(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302


def test_platform_parameters_are_tolerated(client, link):
    response = client.get(
        f"/s/{link['token']}?fbclid=IwAR0xyz&utm_source=facebook", HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 302
    assert "fbclid" not in response["Location"]


@pytest.mark.parametrize(
    "user_agent",
    [
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Twitterbot/1.0",
        "WhatsApp/2.23.20.0 A",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
        "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) "
        "Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
    ],
)
def test_preview_fetchers_get_the_card_with_the_short_link_as_og_url(client, link, user_agent):
    response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=user_agent)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:title"] == link["story"].title
    assert og["og:description"] == link["story"].summary
    assert og["og:url"] == short_link(
        ambassador_id=link["ambassador"].pk, variant_id=link["variant"].pk
    )
    assert og["og:image"].startswith("http")
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert og["og:image:alt"]
    path = urlsplit(og["og:image"]).path
    from django.conf import settings

    with Image.open(settings.MEDIA_ROOT + path.removeprefix(settings.MEDIA_URL.rstrip("/"))) as img:
        assert img.size == (1200, 630)


def test_warm_redirect_makes_no_sql_query(client, link, django_assert_num_queries):
    client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)  # warm
    with django_assert_num_queries(0):
        response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302


def test_redirect_survives_the_loss_of_every_cache(client, link):
    routing.forget_local_routes()
    cache.clear()
    response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/s/" + "A" * 5000,
        "/s/AAAAAAAAAAAA",
        "/s/%C3%A9t%C3%A9%F0%9F%98%80xyzab",
        "/s/%00%00%00%00%00%00%00%00%00%00%00%00",
        "/s/../../etc/passwd",
        "/s/..%2F..%2Fetc",
        "/s/",
        "/s/abc",
    ],
)
def test_malformed_tokens_get_the_sites_404_page(client, link, path):
    response = client.get(path, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example",
        "/\\evil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "https://evil.example",
    ],
)
def test_open_redirect_attempts_never_leave_the_site(client, link, path):
    response = client.get(f"/s/{link['token']}{path}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "evil.example" not in response["Location"]
    response = client.get(f"/s/{link['token']}?next={path}", HTTP_USER_AGENT=BROWSER)
    assert "evil.example" not in response.get("Location", "")


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_a_route_edited_to_an_outside_host_is_not_followed(client, link, target):
    route = routing.get_route(link["variant"].pk)
    cache.set(routing.route_cache_key(link["variant"].pk), {**route, "dest": target}, 60)
    routing.forget_local_routes()
    response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript")


def test_allowlisted_hosts_are_allowed(client, link, settings):
    settings.RELAIS_REDIRECT_ALLOWED_HOSTS = ["emploi.example.org"]
    route = routing.get_route(link["variant"].pk)
    cache.set(
        routing.route_cache_key(link["variant"].pk),
        {**route, "dest": "https://emploi.example.org/x"},
        60,
    )
    routing.forget_local_routes()
    response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response["Location"] == "https://emploi.example.org/x"


def test_expired_story_sends_people_to_the_story_index(client, link):
    story = link["story"]
    story.job_starts_on = None
    story.job_expires_on = datetime.date.today() - datetime.timedelta(days=1)
    story.save_revision().publish()
    routing.forget_local_routes()
    response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == story.get_parent().url


def test_unpublished_story_sends_people_to_the_story_index(client, link):
    story = link["story"]
    story.unpublish()
    routing.forget_local_routes()
    response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == story.get_parent().url


def test_robots_txt_does_not_block_short_links(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /s" not in body


def test_links_this_process_knows_keep_their_destination_while_the_cache_is_down(
    client, link, request, monkeypatch
):
    monkeypatch.setattr(routing, "LOCAL_TTL", 0.0)  # what it knows is old at once
    warm = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    request.getfixturevalue("cache_down")
    for _ in range(2):
        response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 302
        assert response["Location"] == warm["Location"]


def test_a_link_this_process_does_not_know_still_answers_while_the_cache_is_down(
    client, link, cache_down
):
    from sharekits.clicks.drain import drain_clicks
    from sharekits.models import ClickTally

    response = client.get(f"/s/{link['token']}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).netloc in ("", "testserver")  # on this site
    preview = client.get(f"/s/{link['token']}", HTTP_USER_AGENT="LinkedInBot/1.0")
    assert preview.status_code in (200, 302)
    drain_clicks()
    assert ClickTally.objects.get(variant=link["variant"]).human_clicks == 1
