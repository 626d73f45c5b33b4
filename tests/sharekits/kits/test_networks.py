"""The network catalogue and its share intents: each URL opens the composer with the right text."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from sharekits.kits.captions import build_caption, render_caption
from sharekits.kits.formats import FORMATS
from sharekits.kits.networks import (
    LINK_PLACEHOLDER,
    NETWORKS,
    Counting,
    enabled_networks,
    network_choices,
    validate_instance,
)
from sharekits.links.tokens import TOKEN_LENGTH

from .test_captions import CAPTION_INPUTS

KEYS = [
    "linkedin",
    "facebook",
    "x",
    "whatsapp",
    "telegram",
    "bluesky",
    "mastodon",
    "threads",
    "email",
    "sms",
    "instagram",
    "tiktok",
]
# Personal links as sharekits.links makes them: site URL, /s/, an opaque token.
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
LINKS = st.builds(
    lambda site, token: f"{site}/s/{token}",
    st.sampled_from(["https://relais.example", "https://ambassadeurs.laval-agglo.fr"]),
    st.text(TOKEN_ALPHABET, min_size=TOKEN_LENGTH, max_size=TOKEN_LENGTH),
)


def query(url: str) -> dict[str, list[str]]:
    """The decoded query of an intent URL (blank values kept)."""
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


# --- The catalogue -------------------------------------------------------------------------


def test_catalogue_keeps_its_keys_in_order():
    assert list(NETWORKS) == KEYS
    assert [key for key, _label in network_choices()] == KEYS


def test_every_network_has_a_known_image_format_and_a_coherent_intent():
    for network in NETWORKS.values():
        assert network.image_format in FORMATS, network.key
        assert network.intent == bool(network.intent_url), network.key
        if network.url_weight is not None:
            assert network.counting in (Counting.TWITTER, Counting.MASTODON), network.key
    assert NETWORKS["instagram"].image_format == "portrait"
    assert NETWORKS["tiktok"].image_format == "story"


def test_only_prefilling_intents_are_opened_without_copying_the_caption_first():
    copy_first = {n.key for n in NETWORKS.values() if not n.prefills_text}
    assert copy_first == {"linkedin", "facebook", "instagram", "tiktok"}
    assert [n.key for n in NETWORKS.values() if n.needs_instance] == ["mastodon"]


def test_each_network_has_its_own_text_limit():
    limits = {n.key: n.text_limit for n in NETWORKS.values()}
    assert limits == {
        "linkedin": 3000,
        "facebook": 63206,
        "x": 280,
        "whatsapp": None,
        "telegram": 4096,
        "bluesky": 300,
        "mastodon": 500,
        "threads": 500,
        "email": None,
        "sms": 134,
        "instagram": 2200,
        "tiktok": 2200,
    }
    assert NETWORKS["bluesky"].byte_limit == 3000
    assert NETWORKS["x"].url_weight == NETWORKS["mastodon"].url_weight == 23


def test_enabled_networks_follow_catalogue_order_and_ignore_unknown_keys():
    chosen = enabled_networks(["sms", "nope", "x", "linkedin", "x"])
    assert [n.key for n in chosen] == ["linkedin", "x", "sms"]
    assert enabled_networks([]) == []


def test_brand_names_stay_and_email_is_translated():
    with translation.override("fr"):
        assert str(NETWORKS["email"].label) == "E-mail"
        assert str(NETWORKS["linkedin"].label) == "LinkedIn"
    with translation.override("en"):
        assert str(NETWORKS["email"].label) == "Email"


# --- Intent URLs decode back to the caption and the personal link --------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=CAPTION_INPUTS, link=LINKS, subject=st.text(max_size=80))
def test_every_intent_carries_the_rendered_caption_and_the_personal_link(data, link, subject):
    for network in NETWORKS.values():
        note(f"network: {network.key}")
        caption = render_caption(
            build_caption(network=network, data=data, link_length=len(link)), link
        )
        url = network.share_url(
            caption=caption, link=link, subject=subject, instance="mastodon.social"
        )
        note(f"url: {url}")
        if not network.intent:
            assert url is None
            continue
        assert " " not in url and "+" not in url  # spaces as %20, never +
        params = query(url)
        match network.key:
            case "linkedin":
                assert url.startswith("https://www.linkedin.com/sharing/share-offsite/?")
                assert params == {"url": [link]}
            case "facebook":
                assert url.startswith("https://www.facebook.com/sharer/sharer.php?")
                assert params == {"u": [link]}
            case "telegram":
                assert url.startswith("https://t.me/share/url?")
                assert params["url"] == [link]
                text = params.get("text", [""])[0]
                assert link not in text  # Telegram adds the url itself: never twice
                for line in caption.split("\n"):
                    if link not in line:
                        assert line in text
            case "email":
                assert url.startswith("mailto:?subject=")
                assert params["subject"] == [" ".join(subject.split())]
                assert params["body"] == [caption.replace("\n", "\r\n")]
                assert link in params["body"][0]
            case "sms":
                assert url.startswith("sms:?&body=")
                assert params == {"body": [caption]}
            case _:
                prefix = {
                    "x": "https://x.com/intent/tweet?",
                    "whatsapp": "https://wa.me/?",
                    "bluesky": "https://bsky.app/intent/compose?",
                    "mastodon": "https://mastodon.social/share?",
                    "threads": "https://www.threads.com/intent/post?",
                }[network.key]
                assert url.startswith(prefix)
                assert params == {"text": [caption]}  # no url= beside it: the link once
                assert caption.count(link) == 1


def test_caption_characters_cannot_inject_intent_parameters():
    caption = "Voir https://relais.example/s/abc &url=https://evil.example #x ?a=1 100% & co"
    url = NETWORKS["x"].share_url(caption=caption, link="https://relais.example/s/abc")
    assert query(url) == {"text": [caption]}


def test_a_caption_template_is_rendered_and_a_missing_link_is_added():
    link = "https://relais.example/s/abc"
    rendered = query(NETWORKS["whatsapp"].share_url(caption=f"Voir {LINK_PLACEHOLDER}", link=link))
    assert rendered == {"text": [f"Voir {link}"]}
    added = query(NETWORKS["bluesky"].share_url(caption="Sans lien", link=link))
    assert added == {"text": [f"Sans lien\n{link}"]}


def test_mailto_follows_rfc_6068():
    url = NETWORKS["email"].share_url(
        caption="Bonjour à tous\nVoir https://r.example/s/a", link="https://r.example/s/a"
    )
    assert url == (
        "mailto:?subject=&body=Bonjour%20%C3%A0%20tous%0D%0AVoir%20https%3A%2F%2Fr.example%2Fs%2Fa"
    )


def test_apps_without_intent_have_no_share_url():
    for key in ("instagram", "tiktok"):
        assert NETWORKS[key].share_url(caption="x {link}", link="https://r.example/s/a") is None


# --- Mastodon: the ambassador's own server, validated strictly -----------------------------


@pytest.mark.parametrize(
    "instance",
    [
        "evil.com/path",
        "javascript:alert(1)",
        "http://x.y",
        "a b.c",
        "mastodon.social:443",
        "user@mastodon.social",
        "mastodon",
        "mastodon.social.",
        ".mastodon.social",
        "masto..social",
        "-masto.social",
        "masto-.social",
        "127.0.0.1",
        "mastödon.social",
        "ma\u212astodon.social",  # a Kelvin sign lower-cases to "k"
        "mastodon.social/%2e%2e",
        "a" * 64 + ".social",
    ],
)
def test_mastodon_instance_must_be_a_bare_hostname(instance):
    with pytest.raises(ValueError):
        validate_instance(instance)
    with pytest.raises(ValueError):
        NETWORKS["mastodon"].share_url(
            caption="{link}", link="https://r.example/s/a", instance=instance
        )


@pytest.mark.parametrize(
    "instance,host",
    [
        ("mastodon.social", "mastodon.social"),
        ("Piaille.FR", "piaille.fr"),
        ("  framapiaf.org\n", "framapiaf.org"),  # surrounding blanks of a typed value go
        ("xn--mstdon-fxa.example", "xn--mstdon-fxa.example"),
        ("social.coop", "social.coop"),
    ],
)
def test_mastodon_instance_accepts_hostnames(instance, host):
    assert validate_instance(instance) == host
    url = NETWORKS["mastodon"].share_url(
        caption="Voir {link}", link="https://r.example/s/a", instance=instance
    )
    assert urlsplit(url).hostname == host and urlsplit(url).path == "/share"


def test_mastodon_without_instance_has_no_url_yet():
    assert validate_instance("") == ""
    assert NETWORKS["mastodon"].share_url(caption="{link}", link="https://r.example/s/a") is None
    assert (
        NETWORKS["mastodon"].share_url(caption="{link}", link="https://r.example/s/a", instance=" ")
        is None
    )
