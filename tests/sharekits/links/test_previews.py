"""Preview fetchers get the story's card through the production WSGI stack, and no person."""

import pytest
from django.db.models import Sum
from django.test import RequestFactory

from sharekits.clicks.drain import drain_clicks
from sharekits.links import routes as routing
from sharekits.links.tokens import make_token
from sharekits.models import ClickTally, KitVariant
from tests.factories import AmbassadorFactory

FETCHERS = {  # the card builders of the places people share in, as they introduce themselves
    "Viber": "ViberUrlDownloader",
    "KakaoTalk": "facebookexternalhit/1.1; kakaotalk-scrap/1.0; +https://devtalk.kakao.com/",
    "Yahoo": "Mozilla/5.0 (compatible; Yahoo Link Preview; "
    "https://help.yahoo.com/kb/mail/yahoo-link-preview-SLN23615.html)",
    "LINE": "facebookexternalhit/1.1;line-poker/1.0",
    "Snapchat": "Snap URL Preview Service; bot; snapchat; https://developers.snap.com/robots",
    "Signal": "WhatsApp/2",
    "Discord": "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Teams": "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 "
    "skype-url-preview@microsoft.com",
    "Google Chat": "Mozilla/5.0 (Windows NT 6.1; rv:6.0) Gecko/20110814 Firefox/6.0 Google "
    "(+https://developers.google.com/+/web/snippet/)",
    "iMessage": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, "
    "like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
    "Mastodon": "Mastodon/4.4.0 (http.rb/5.2.0; +https://mastodon.example/)",
    "Bluesky": "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
}
PERSON = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
PERSON += "like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"


@pytest.fixture
def app(db):
    """cms.wsgi.application, the production entry point; it keeps the test's DB connection."""
    from django.core import signals
    from django.db import close_old_connections

    from cms.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(built_story):
    variant = KitVariant.objects.get(kit__story=built_story, network="linkedin")
    routing.forget_local_routes()
    return make_token(ambassador_id=AmbassadorFactory().pk, variant_id=variant.pk)


def call(app, path, method, user_agent):
    environ = RequestFactory().generic(method, path, HTTP_USER_AGENT=user_agent).environ
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    answer["body"] = b"".join(app(environ, start_response))
    return answer


def _tally():
    """People ("h") and fetches that are not people ("b": robots and previews, counted apart)."""
    got = ClickTally.objects.aggregate(
        h=Sum("human_clicks"), b=Sum("bot_fetches"), p=Sum("preview_fetches")
    )
    return {"h": got["h"], "b": None if got["b"] is None else got["b"] + got["p"]}


def test_each_fetcher_gets_the_card_and_is_not_counted_as_a_person(app, token, settings):
    og_url = f'property="og:url" content="{settings.SITE_URL}/s/{token}"'.encode()
    for count, (name, user_agent) in enumerate(FETCHERS.items(), start=1):
        got = call(app, f"/s/{token}", "GET", user_agent)
        assert got["status"] == "200 OK", name
        assert got["headers"]["Content-Type"].startswith("text/html"), name
        assert og_url in got["body"], name
        drain_clicks()
        assert _tally() == {"h": 0, "b": count}, name


def test_a_head_from_a_fetcher_gets_the_cards_headers_not_a_redirect(app, token):
    for name, user_agent in FETCHERS.items():
        got = call(app, f"/s/{token}", "HEAD", user_agent)
        assert got["status"] == "200 OK", name
        assert got["headers"]["Content-Type"].startswith("text/html"), name
        assert "Location" not in got["headers"], name
    drain_clicks()
    assert _tally() == {"h": None, "b": None}  # a HEAD is never recorded


def test_a_person_is_still_redirected_and_counted(app, token):
    got = call(app, f"/s/{token}", "GET", PERSON)
    assert got["status"].startswith("302")
    drain_clicks()
    assert _tally() == {"h": 1, "b": 0}
