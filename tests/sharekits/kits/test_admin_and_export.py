"""What communicators see of a kit in the admin, and the personal-link exports."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from sharekits.kits.networks import NETWORKS
from sharekits.kits.sharing import share_buttons
from sharekits.links.tokens import read_token
from sharekits.models import KitVariant
from tests.factories import AmbassadorFactory, AmbassadorGroupFactory, UserFactory


@pytest.fixture
def communicator(db):
    return UserFactory(username="claire", groups=["Communicators"])


def _csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_kit_page_shows_status_captions_images_and_card_preview(client, communicator, built_story):
    client.force_login(communicator)
    response = client.get(reverse("sharekits_admin:kit", args=[built_story.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    kit = built_story.share_kit
    for variant in kit.variants.all():
        assert str(NETWORKS[variant.network].label) in html
    assert kit.images.get(format="og").card_image.url in html
    assert built_story.title in html


def test_people_who_cannot_edit_the_story_cannot_see_its_kit(client, built_story):
    outsider = UserFactory(username="outsider")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    for name in ("kit", "links_csv"):
        response = client.get(reverse(f"sharekits_admin:{name}", args=[built_story.pk]))
        assert response.status_code in (302, 403)
    client.logout()
    response = client.get(reverse("sharekits_admin:links_csv", args=[built_story.pk]))
    assert response.status_code == 302  # to the login page


def test_csv_export_lists_every_ambassadors_personal_link(client, communicator, built_story):
    AmbassadorFactory(display_name='=HYPERLINK("http://evil")', email="a@exemple.fr")
    AmbassadorFactory(display_name="Bruno", email="b@exemple.fr")
    AmbassadorFactory(display_name="Parti", email="c@exemple.fr", is_active=False)
    client.force_login(communicator)
    response = client.get(reverse("sharekits_admin:links_csv", args=[built_story.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(b"".join(response.streaming_content).decode())
    networks = built_story.share_kit.variants.count()
    assert len(rows) == 2 * networks
    assert {r["email"] for r in rows} == {"a@exemple.fr", "b@exemple.fr"}
    assert all(not r["ambassador"].startswith("=") for r in rows)
    for row in rows:
        token = urlsplit(row["short_link"]).path.removeprefix("/s/")
        ambassador_id, variant_id = read_token(token)
        assert KitVariant.objects.get(pk=variant_id).network == row["network"]


FORMULA_EMAIL = "=cmd|'/Ccalc'!A0@exemple.fr"


def _formula_ambassador():
    """An ambassador whose valid e-mail address is also a spreadsheet formula."""
    ambassador = AmbassadorFactory.build(display_name="+Zoé", email=FORMULA_EMAIL)
    ambassador.full_clean()
    ambassador.save()
    return ambassador


def _assert_no_cell_starts_a_formula(rows):
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    stored = "'" + FORMULA_EMAIL.lower()  # addresses are stored lower-cased
    assert {(r["ambassador"], r["email"]) for r in rows} == {("'+Zoé", stored)}


def test_downloaded_csv_neutralises_a_formula_in_any_cell(client, communicator, built_story):
    _formula_ambassador()
    client.force_login(communicator)
    response = client.get(reverse("sharekits_admin:links_csv", args=[built_story.pk]))
    rows = _csv(b"".join(response.streaming_content).decode())
    assert len(rows) == built_story.share_kit.variants.count()
    _assert_no_cell_starts_a_formula(rows)


def test_export_links_command_neutralises_a_formula_in_any_cell(built_story):
    _formula_ambassador()
    out = io.StringIO()
    call_command("export_links", built_story.slug, "--ambassador", FORMULA_EMAIL, stdout=out)
    rows = _csv(out.getvalue())
    assert len(rows) == built_story.share_kit.variants.count()
    _assert_no_cell_starts_a_formula(rows)


def test_export_only_reaches_the_campaigns_groups(built_story):
    group = AmbassadorGroupFactory(slug="expatries", name="Expatriés")
    built_story.campaign.groups.set([group])
    inside = AmbassadorFactory(email="in@exemple.fr")
    inside.groups.add(group)
    AmbassadorFactory(email="out@exemple.fr")
    out = io.StringIO()
    call_command("export_links", built_story.slug, stdout=out)
    assert {r["email"] for r in _csv(out.getvalue())} == {"in@exemple.fr"}


def test_export_links_command_for_one_ambassador(built_story):
    AmbassadorFactory(email="zoe@exemple.fr")
    AmbassadorFactory(email="other@exemple.fr")
    out = io.StringIO()
    call_command("export_links", built_story.slug, "--ambassador", "ZOE@exemple.fr", stdout=out)
    rows = _csv(out.getvalue())
    assert {r["email"] for r in rows} == {"zoe@exemple.fr"}
    assert len(rows) == built_story.share_kit.variants.count()


def test_export_links_command_explains_bad_input(built_story):
    with pytest.raises(CommandError, match="slug"):
        call_command("export_links", "nope")
    with pytest.raises(CommandError, match="email"):
        call_command("export_links", built_story.slug, "--ambassador", "x@y.fr")


def test_share_buttons_carry_the_caption_and_the_personal_link(built_story):
    ambassador = AmbassadorFactory()
    buttons = {
        b.network.key: b
        for b in share_buttons(kit=built_story.share_kit, ambassador_id=ambassador.pk)
    }
    whatsapp = buttons["whatsapp"]
    text = parse_qs(urlsplit(whatsapp.href).query)["text"][0]
    assert text == whatsapp.caption
    assert whatsapp.link in text
    assert read_token(whatsapp.link.rsplit("/", 1)[1])[0] == ambassador.pk
    linkedin = buttons["linkedin"]
    assert parse_qs(urlsplit(linkedin.href).query)["url"] == [linkedin.link]
    assert linkedin.copy_first
    assert buttons["mastodon"].href is None
    assert buttons["email"].href.startswith("mailto:")
    assert buttons["sms"].href.startswith("sms:")
    assert buttons["instagram"].href is None and buttons["instagram"].image_url


# Caption edits: a live kit's captions go out as they are, so changing them is a moderator's job.


def _variant(story, network="linkedin") -> KitVariant:
    return KitVariant.objects.get(kit__story=story, network=network)


def _edit_url(variant) -> str:
    return reverse("sharekits_admin:variant_edit", args=[variant.pk])


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


CAPTION = "Douze postes à la fonderie 🚀\r\n{link}\r\n#ambassadeur"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Cette histoire est en ligne : seul un modérateur peut modifier les légendes"),
        ("en", "This story is live: only a moderator can change the captions of its kit."),
    ],
)
def test_communicator_cannot_change_a_live_kits_caption(
    client_for, communicator, built_story, language, message
):
    variant = _variant(built_story)
    client = client_for(communicator)

    shown = client.get(_edit_url(variant), HTTP_ACCEPT_LANGUAGE=language)
    posted = client.post(
        _edit_url(variant), {"caption_override": CAPTION}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert shown.status_code == posted.status_code == 403
    assert message in _text(posted)
    variant.refresh_from_db()
    assert variant.caption_override == ""


def test_moderator_changes_a_live_kits_caption_written_as_generated_ones_are(
    client_for, moderator, built_story
):
    variant = _variant(built_story)

    response = client_for(moderator).post(_edit_url(variant), {"caption_override": CAPTION})

    assert response["Location"] == reverse("sharekits_admin:kit", args=[built_story.pk])
    variant.refresh_from_db()
    assert variant.effective_caption == "Douze postes à la fonderie 🚀\n{link}\n#ambassadeur"


def test_communicator_changes_the_caption_once_the_story_is_unpublished(
    client_for, communicator, built_story
):
    built_story.unpublish()
    variant = _variant(built_story)

    response = client_for(communicator).post(_edit_url(variant), {"caption_override": CAPTION})

    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.caption_override.startswith("Douze postes")


def test_kit_page_offers_caption_edits_to_moderators_only_once_live(
    client_for, communicator, moderator, built_story
):
    kit_url = reverse("sharekits_admin:kit", args=[built_story.pk])
    edit_url = _edit_url(_variant(built_story))

    as_communicator = client_for(communicator).get(kit_url)
    as_moderator = client_for(moderator).get(kit_url)

    assert edit_url not in as_communicator.content.decode()
    assert "Histoire en ligne : un modérateur modifie ses légendes." in _text(as_communicator)
    assert edit_url in as_moderator.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Retirez les caractères invisibles de contrôle ou de sens d'écriture (U+202E)"),
        ("en", "Remove the invisible control or text-direction characters (U+202E)"),
    ],
)
def test_caption_with_a_right_to_left_override_is_refused_with_a_clear_error(
    client_for, moderator, built_story, language, message
):
    variant = _variant(built_story)

    response = client_for(moderator).post(
        _edit_url(variant),
        {"caption_override": "Offre \u202e{link} #ambassadeur"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 200
    assert message in _text(response)
    variant.refresh_from_db()
    assert variant.caption_override == ""


def test_exports_show_people_repeats_suspects_bots_and_previews_apart(
    client, communicator, built_story
):
    from django.utils import timezone

    from sharekits.models import ClickTally

    ambassador = AmbassadorFactory(email="zoe@exemple.fr")
    variant = built_story.share_kit.variants.get(network="whatsapp")
    ClickTally.objects.create(
        ambassador=ambassador,
        variant=variant,
        day=timezone.localdate(),
        human_clicks=5,
        repeat_clicks=4,
        suspect_clicks=3,
        bot_fetches=2,
        preview_fetches=1,
        self_clicks=9,
    )
    out = io.StringIO()
    call_command("export_links", built_story.slug, stdout=out)
    client.force_login(communicator)
    response = client.get(reverse("sharekits_admin:links_csv", args=[built_story.pk]))
    downloaded = b"".join(response.streaming_content).decode()
    columns = ["human_clicks", "repeat_clicks", "suspect_clicks", "bot_fetches", "preview_fetches"]
    for text in (out.getvalue(), downloaded):
        [row] = [r for r in _csv(text) if r["network"] == "whatsapp"]
        assert [row[c] for c in columns] == ["5", "4", "3", "2", "1"]
