"""Script typed into any field never runs: stored as text, shown escaped wherever it appears.

For each payload, as typed and HTML-entity-encoded one to five times, a communicator and a
moderator type it into every field they fill in the admin's own forms: group, campaign,
ambassador, story (title, summary, job facts, hashtags, promote fields, body blocks) and a kit
caption. The story is published and its kit built. Every page that shows those values is then
rendered (public pages, the card a link unfurler gets, the portal, the admin kit page) and
parsed: no element or attribute may come from a payload; nor may the JSON and CSV answers
carry markup a page could one day insert.
"""

import csv
import html
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

import factory
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaigns.fields import HashtagsField, PlainTextAreaField, PlainTextField
from campaigns.models import Ambassador, AmbassadorGroup, Campaign, StoryPage
from sharekits.kits.services import build_kit
from sharekits.links.tokens import make_token
from sharekits.models import KitVariant
from tests.campaigns.story_forms import add_story_url, story_form
from tests.factories import AmbassadorGroupFactory, CampaignFactory, ImageFactory, StoryPageFactory

from .conftest import portal_sign_in, ready_kit
from .markup import live_in_data, live_markup, strings_in

pytestmark = pytest.mark.reliability

BASE = {
    "script": "<script>alert(1)</script>",
    "img": "<img/src=x onerror=alert(1)",  # never closed
    "svg": '"><svg onload=alert(1)>',
    "js-url": "javascript:alert(1)",
}
TIMES = range(6)  # 0: as typed, then HTML-entity-encoded up to 5 times


def _encoded(text: str, times: int) -> str:
    for _ in range(times):
        text = html.escape(text)
    return text


def payloads() -> list:
    """Every payload at every depth."""
    return [
        pytest.param(_encoded(text, times), id=f"{name}-{times}x")
        for name, text in BASE.items()
        for times in TIMES
    ]


# Networks whose kits use one image format (one render), with every kind of share button:
# an intent link, a copy-first network, one that needs the person's instance, mail and SMS.
NETWORKS = ["whatsapp", "linkedin", "x", "mastodon", "email", "sms"]
PREVIEW_FETCHER = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
PLAIN = "Des techniciens devant le nouveau four"


# --- typing the payload in, as people do -------------------------------------------------------


def _post(client: Client, url: str, data: dict) -> None:
    """Send an admin form; it must be accepted (a redirect), else show why."""
    response = client.post(url, data)
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    errors = [e.get_text(" ", strip=True) for e in soup.select(".error-message, .help-critical")]
    assert response.status_code == 302, (url, errors)


def _fits(payload: str, limit: int) -> str:
    """The payload, or plain words where it is longer than the field (the form refuses it)."""
    return payload if len(payload) <= limit else "Trop long"


def _named(payload: str, limit: int) -> str:
    """A required name holding the payload: words remain once the markup is stripped."""
    return _fits(f"Xss {payload}", limit)


@dataclass
class Typed:
    story: StoryPage
    ambassador: Ambassador
    ambassador_browser: Client
    variant: KitVariant


def _add_snippets(staff: Client, payload: str) -> Campaign:
    """A group, a campaign reaching it and an ambassador in it, through the admin's forms."""
    add = "wagtailsnippets_campaigns_{}:add".format
    _post(
        staff,
        reverse(add("ambassadorgroup")),
        {
            "name": _named(payload, 80),
            "slug": "xss",
            "description": payload,
        },
    )
    group = AmbassadorGroup.objects.get(slug="xss")
    _post(
        staff,
        reverse(add("campaign")),
        {
            "name": _named(payload, 120),
            "slug": "xss",
            "starts_on": "2026-01-05",
            "goal": payload,
            "hashtags": f"#emploi {payload}",
            "disclosure_tag": _fits(f"#ambassadeur {payload}", 40),
            "enabled_networks": NETWORKS,
            "groups": [group.pk],
        },
    )
    _post(
        staff,
        reverse(add("ambassador")),
        {
            "display_name": _named(payload, 120),
            "email": "xss@exemple.fr",
            "phone": _fits(payload, 30),
            "commune": _fits(payload, 120),
            "organisation": _fits(payload, 160),
            "groups": [group.pk],
            "preferred_language": "fr",
            "is_active": "on",
        },
    )
    return Campaign.objects.get(slug="xss")


def _add_story(editor: Client, payload: str, *, campaign, story_index, image_text: str):
    """The moderator writes the story, every field and body block holding the payload."""
    hero = ImageFactory(
        title=_fits(image_text, 255),
        description=_fits(image_text, 255),
        file=factory.django.ImageField(width=480, height=300, color="navy"),
    )
    body = streamfield(
        [
            (
                "paragraph",
                rich_text(
                    f'<p>{html.escape(payload)} <a href="{html.escape(payload)}">lien</a> '
                    '<a href="javascript:alert(1)">ici</a></p>'
                ),
            ),
            ("quote", {"text": payload, "author": _fits(payload, 120)}),
            ("image", {"image": hero.pk, "decorative": False, "alt_text": payload}),
        ]
    )
    data = story_form(
        campaign,
        title=_named(payload, 255),
        slug="xss",
        summary=_named(payload, 300),
        employer=_named(payload, 120),
        sector=_fits(payload, 120),
        place=_fits(payload, 120),
        hashtags=f"#industrie {payload}",
        seo_title=payload,
        search_description=payload,
        hero_image=hero.pk,
    )
    data.update(nested_form_data({"body": body}))
    _post(editor, add_story_url(story_index), {**data, "action-publish": "publish"})
    story = StoryPage.objects.get(slug="xss")
    assert story.live
    return story


def type_everywhere(payload, *, story_index, communicator, moderator, image_text=PLAIN) -> Typed:
    """Every field people fill in holds the payload; the story is live, its kit built."""
    staff, editor = Client(), Client()
    staff.force_login(communicator)
    editor.force_login(moderator)
    campaign = _add_snippets(staff, payload)
    story = _add_story(
        editor, payload, campaign=campaign, story_index=story_index, image_text=image_text
    )
    build_kit(story=story)  # what the Celery task does once the publication commits
    # The caption of the network the portal's kit card shows, rewritten by the moderator (on
    # a live kit, only those who may publish the story change its captions).
    variant = KitVariant.objects.get(kit__story=story, network="whatsapp")
    _post(
        editor,
        reverse("sharekits_admin:variant_edit", args=[variant.pk]),
        {"caption_override": f"{payload} {{link}} {campaign.disclosure_tag}"},
    )
    ambassador = Ambassador.objects.get(email="xss@exemple.fr")
    browser = portal_sign_in(Client(), ambassador)
    browser.post("/portal/share/", {"variant": variant.pk, "method": "copy"})
    return Typed(story=story, ambassador=ambassador, ambassador_browser=browser, variant=variant)


# --- where it shows -------------------------------------------------------------------------


def _ok(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def pages(typed: Typed, staff: Client) -> Iterator[tuple[str, str]]:
    """(what, HTML) of every page that shows what was typed."""
    visitor, ambassador = Client(), typed.ambassador_browser
    token = make_token(ambassador_id=typed.ambassador.pk, variant_id=typed.variant.pk)
    yield "link preview", _ok(visitor.get(f"/s/{token}", HTTP_USER_AGENT=PREVIEW_FETCHER))
    yield "home page", _ok(visitor.get("/"))
    yield "story index", _ok(visitor.get(typed.story.get_parent().url))
    yield "story page", _ok(visitor.get(typed.story.url))
    for page in ("", "stats/", "leaderboard/", "profile/"):
        yield f"portal {page or 'kits'}", _ok(ambassador.get(f"/portal/{page}"))
    yield "admin kit page", _ok(staff.get(reverse("sharekits_admin:kit", args=[typed.story.pk])))


def data(typed: Typed, staff: Client) -> Iterator[tuple[str, list]]:
    """(what, [(key, text)]) of every JSON or CSV answer that carries what was typed."""
    for url in ("/api/me/kits", "/api/leaderboard", "/api/me/stats", "/portal/profile/export/"):
        response = typed.ambassador_browser.get(url)
        assert response["Content-Type"].startswith("application/json"), url
        yield url, list(strings_in(json.loads(_ok(response))))
    response = staff.get(reverse("sharekits_admin:links_csv", args=[typed.story.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    yield "links CSV", [cell for row in rows for cell in row.items()]


def live_on_pages(typed: Typed, staff: Client) -> list[str]:
    return [f"{what}: {found}" for what, page in pages(typed, staff) for found in live_markup(page)]


def live_in_answers(typed: Typed, staff: Client) -> list[str]:
    return [
        f"{what}: {found}" for what, texts in data(typed, staff) for found in live_in_data(texts)
    ]


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "times"), [pytest.param(n, t, id=f"{n}-{t}x") for n in BASE for t in TIMES]
)
def test_a_payload_typed_in_the_admin_is_never_live(
    name, times, story_index, communicator, moderator, client_for
):
    typed = type_everywhere(
        _encoded(BASE[name], times),
        story_index=story_index,
        communicator=communicator,
        moderator=moderator,
    )
    staff = client_for(communicator)

    on_pages, in_answers = live_on_pages(typed, staff), live_in_answers(typed, staff)

    assert not on_pages, "\n".join(on_pages)
    assert not in_answers, "\n".join(in_answers)


def test_an_images_title_and_description_are_never_live(
    story_index, communicator, moderator, client_for
):
    typed = type_everywhere(
        "Une histoire ordinaire",
        story_index=story_index,
        communicator=communicator,
        moderator=moderator,
        image_text=BASE["script"] + BASE["svg"],
    )

    staff = client_for(communicator)

    live = live_on_pages(typed, staff) + live_in_answers(typed, staff)

    assert not live, "\n".join(live)


@pytest.mark.parametrize("payload", payloads())
def test_a_model_saved_in_code_stores_no_markup(payload, story_index):
    """What a data import or the shell does: plain save(), no form in between."""
    group = AmbassadorGroupFactory(name=_fits(payload, 80), slug="xss", description=payload)
    campaign = CampaignFactory(
        name=_fits(payload, 120), slug="xss", goal=payload, hashtags=payload, disclosure_tag="#a"
    )
    ambassador = Ambassador.objects.create(
        display_name=payload,
        email="xss@exemple.fr",
        phone=payload,
        commune=payload,
        organisation=payload,
    )
    story = StoryPageFactory(
        parent=story_index,
        campaign=campaign,
        title=_named(payload, 255),
        summary=_named(payload, 300),
        employer=_named(payload, 120),
        sector=payload,
        place=payload,
        hashtags=payload,
        seo_title=payload,
        search_description=payload,
    )
    variant = ready_kit(story).variants.first()
    variant.caption_override = payload
    variant.save()

    stored = [
        (f"{type(obj).__name__}.{field.name}", value)
        for obj in (group, campaign, ambassador, story, variant)
        for field, value in _sanitised_fields(obj)
    ]

    assert len(stored) == 17  # every sanitised field of the five models
    assert not live_in_data(stored), stored


def _sanitised_fields(obj) -> list:
    """The fields a model promises to store without HTML, as stored."""
    obj.refresh_from_db()
    fields = [
        field
        for field in type(obj)._meta.concrete_fields
        if isinstance(field, PlainTextField | PlainTextAreaField | HashtagsField)
    ]
    if isinstance(obj, StoryPage):
        fields.append(StoryPage._meta.get_field("title"))  # sanitised by StoryPage.clean()
    return [(field, getattr(obj, field.attname)) for field in fields]


def test_the_promote_fields_store_no_markup(story_index, communicator, moderator):
    payload = BASE["script"]
    type_everywhere(
        payload, story_index=story_index, communicator=communicator, moderator=moderator
    )
    story = StoryPage.objects.get(slug="xss")

    stored = [("seo_title", story.seo_title), ("search_description", story.search_description)]
    stored += [("og_title", story.share_kit.og_title), ("og", story.share_kit.og_description)]

    assert not live_in_data(stored), stored
