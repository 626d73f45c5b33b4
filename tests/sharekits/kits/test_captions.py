"""Captions: fitted to every network's limit, measured its way, never cutting a word or an emoji."""

import unicodedata

import pytest
import regex
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from sharekits.kits.captions import (
    ELLIPSIS,
    CaptionInput,
    build_caption,
    clean_text,
    render_caption,
)
from sharekits.kits.lengths import measure, measure_bytes
from sharekits.kits.networks import LINK_PLACEHOLDER, NETWORKS, HashtagStyle
from sharekits.kits.overrides import has_tag, validate_caption

GRAPHEME = regex.compile(r"\X")
DECORATION = {"🚀", "👉", "–", ELLIPSIS}
LINK = "https://relais.example/s/AbCdEfGhIjKl"

# --- Strategies: long, Unicode, emoji-heavy, right-to-left and combining-mark text ----------

EMOJI = [
    "🚀",
    "👍🏽",
    "👋🏿",
    "🧕🏾",
    "👨‍👩‍👧‍👦",  # ZWJ family
    "👩🏽‍💻",  # ZWJ with a skin tone
    "🧑‍🤝‍🧑",
    "🏳️‍🌈",
    "❤️‍🔥",
    "🇫🇷",  # flags
    "🇪🇺",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland
    "1️⃣",
    "©",
    "☺",
]
LETTERS = st.one_of(
    st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1),
    st.sampled_from(list("éèêàçôûœÉÀÇ")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),  # CJK
    st.characters(min_codepoint=0x0627, max_codepoint=0x064A),  # Arabic (RTL)
    st.characters(min_codepoint=0x05D0, max_codepoint=0x05EA),  # Hebrew (RTL)
    st.sampled_from(["क्ष", "नमस्ते", "ñ", "Å", "ǅ"]),
)
FIRST_ATOMS = st.one_of(
    LETTERS,
    st.sampled_from(EMOJI),
    # Any emoji code point but the skin tones, which only ever follow something (MARKS).
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF).filter(
        lambda c: not 0x1F3FB <= ord(c) <= 0x1F3FF
    ),
    st.sampled_from(list(".,;:!?…—«»()'\"%&=?#@/+")),
    st.sampled_from(["laval.fr", "https://example.com/offres?a=1&b=2", "\u200f"]),
)
# Combining marks, skin tones and joiners only ever follow something in a word.
MARKS = st.sampled_from(
    ["\u0301", "\u0308", "\u0327", "\u064e", "\u05b8", "🏽", "\u200d", "\ufe0f"]
)
WORDS = st.builds(
    lambda first, rest: first + "".join(rest),
    FIRST_ATOMS,
    st.lists(st.one_of(FIRST_ATOMS, MARKS), max_size=4),
)
# A communicator may paste the placeholder itself: it must never reach the caption.
PLACEHOLDER_WORDS = st.sampled_from([LINK_PLACEHOLDER, "{li{link}nk}"])
SPACES = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\r\n"])


def texts(max_words: int) -> st.SearchStrategy[str]:
    """Words (sometimes the placeholder) joined by assorted whitespace; often long."""
    word = st.one_of(WORDS, WORDS, WORDS, PLACEHOLDER_WORDS)
    pairs = st.one_of(
        st.lists(st.tuples(word, SPACES), max_size=max_words),
        st.lists(st.tuples(word, SPACES), min_size=max_words // 2, max_size=max_words),
    )
    return pairs.map(lambda items: "".join(w + s for w, s in items))


# Heavy emoji: 300 graphemes of families and flags weigh far more than Bluesky's 3,000 bytes.
HEAVY_EMOJI = [EMOJI[4], EMOJI[5], EMOJI[6], EMOJI[11]]  # families, ZWJ, a subdivision flag
EMOJI_FLOODS = st.lists(
    st.lists(st.sampled_from(HEAVY_EMOJI), min_size=3, max_size=8).map("".join),
    min_size=60,
    max_size=200,
).map(" ".join)


TAG_WORD = st.text(
    st.characters(categories=["Lu", "Ll", "Lo", "Nd"]), min_size=1, max_size=12
).filter(lambda w: unicodedata.normalize("NFC", w) == w)
HASHTAGS = st.lists(
    st.one_of(
        TAG_WORD.map(lambda w: f"#{w}"),
        TAG_WORD,  # without its "#"
        TAG_WORD.map(lambda w: f"#{w.upper()}"),  # a case-insensitive duplicate, sometimes
        st.sampled_from(["#Laval", "#laval", "#emploi", "#", "", "#a b", "#a-b", "#ambassadeur"]),
    ),
    max_size=8,
)
DISCLOSURES = st.one_of(st.just("#ambassadeur"), TAG_WORD.map(lambda w: f"#{w}"))
CAPTION_INPUTS = st.builds(
    CaptionInput,
    title=texts(25),
    summary=st.one_of(texts(120), EMOJI_FLOODS),
    job_fact=texts(6),
    hashtags=HASHTAGS,
    disclosure_tag=DISCLOSURES,
)
LINK_LENGTHS = st.integers(min_value=20, max_value=60)

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- What the input offers: its graphemes, words and hashtags -------------------------------


def _source(text: str) -> str:
    """User text as the caption may use it: no pasted placeholder, NFC."""
    while LINK_PLACEHOLDER in text:
        text = text.replace(LINK_PLACEHOLDER, "")
    return unicodedata.normalize("NFC", text)


def _input_texts(data: CaptionInput) -> list[str]:
    return [_source(t) for t in (data.title, data.summary, data.job_fact, data.disclosure_tag)]


def _input_tags(data: CaptionInput) -> set[str]:
    tags = {_source(t).strip() for t in data.hashtags}
    return tags | {f"#{t}" for t in tags}


def _output_words(caption: str) -> list[str]:
    return caption.replace(LINK_PLACEHOLDER, " ").split()


def assert_words_whole(caption: str, data: CaptionInput) -> None:
    words = {w for text in _input_texts(data) for w in text.split()} | _input_tags(data)
    for word in _output_words(caption):
        if word in words or word in DECORATION:
            continue
        assert word.endswith(ELLIPSIS), f"{word!r} is not a word of the input"
        stem = word[: -len(ELLIPSIS)]
        # Only punctuation may go before the ellipsis: never a letter of the word.
        assert any(
            w.startswith(stem) and not any(ch.isalnum() for ch in w[len(stem) :]) for w in words
        ), f"{word!r} cuts a word"


def assert_graphemes_whole(caption: str, data: CaptionInput) -> None:
    available = set(DECORATION)
    for text in [*_input_texts(data), *_input_tags(data)]:
        available.update(GRAPHEME.findall(text))
    available.add("#")
    for grapheme in GRAPHEME.findall(caption.replace(LINK_PLACEHOLDER, " ")):
        if not grapheme.isspace():
            assert grapheme in available, f"{grapheme!r} is not a grapheme of the input"


def assert_tags_whole(caption: str, data: CaptionInput, network) -> None:
    tail = caption.split(LINK_PLACEHOLDER)[1].split()
    disclosure = clean_text(data.disclosure_tag)
    assert tail[-1] == disclosure, "the disclosure tag comes last, whole"
    tags = tail[:-1]
    assert set(tags) <= _input_tags(data)
    assert len({t.casefold() for t in tags} | {disclosure.casefold()}) == len(tags) + 1
    if network.max_hashtags is not None:
        assert len(tags) <= network.max_hashtags
    if network.hashtag_style == HashtagStyle.NONE:
        assert tags == []


# --- Properties, for every network ---------------------------------------------------------


# One input is checked on every network: generating long Unicode text is the slow part.
@PROPERTY_SETTINGS
@given(data=CAPTION_INPUTS, link_length=LINK_LENGTHS)
def test_every_caption_fits_and_keeps_link_tags_words_and_graphemes_whole(data, link_length):
    for network in NETWORKS.values():
        note(f"network: {network.key}")
        caption = build_caption(network=network, data=data, link_length=link_length)
        note(f"caption: {caption!r}")

        if network.text_limit is not None:
            assert measure(caption, network=network, link_length=link_length) <= (
                network.text_limit
            )
        if network.byte_limit is not None:
            assert measure_bytes(caption, link_length=link_length) <= network.byte_limit
        assert caption.count(LINK_PLACEHOLDER) == 1
        assert has_tag(caption, data.disclosure_tag)
        assert_tags_whole(caption, data, network)
        assert_words_whole(caption, data)
        assert_graphemes_whole(caption, data)
        validate_caption(
            network=network,
            text=caption,
            link_length=link_length,
            disclosure_tag=data.disclosure_tag,
        )

        link = "https://" + "x" * (link_length - 8)
        rendered = render_caption(caption, link)
        assert rendered.count(link) == 1 and LINK_PLACEHOLDER not in rendered
        if network.text_limit is not None:
            assert measure(rendered, network=network, link_length=0) <= network.text_limit


# --- Fitting, by example -------------------------------------------------------------------

STORY = CaptionInput(
    title="Chez Lactalis, on recrute des techniciens de maintenance à Laval",
    summary=(
        "Rejoignez une équipe de 40 personnes sur un site moderne : formation, primes, et un "
        "vrai plan de carrière. Les candidatures sont ouvertes jusqu'au 30 juin."
    ),
    job_fact="12 CDI à Laval",
    hashtags=["#Laval", "#emploi", "#industrie"],
    disclosure_tag="#ambassadeur",
)


def test_linkedin_caption_leads_with_the_job_fact_and_ends_with_the_disclosure_tag():
    caption = build_caption(network=NETWORKS["linkedin"], data=STORY, link_length=40)
    assert caption == (
        "12 CDI à Laval 🚀\n"
        "Chez Lactalis, on recrute des techniciens de maintenance à Laval\n\n"
        f"{STORY.summary}\n\n"
        "👉 {link}\n\n"
        "#Laval #emploi #industrie #ambassadeur"
    )


def test_hashtags_are_dropped_from_the_last_before_the_summary_is_touched():
    bluesky = NETWORKS["bluesky"]
    caption = build_caption(network=bluesky, data=STORY, link_length=40)
    assert STORY.summary in caption
    assert caption.endswith("\n#Laval #ambassadeur")
    assert measure(caption, network=bluesky, link_length=40) <= 300


def test_long_summary_is_shortened_at_a_word_with_an_ellipsis():
    story = CaptionInput(**{**STORY.__dict__, "summary": STORY.summary * 3})
    caption = build_caption(network=NETWORKS["x"], data=story, link_length=40)
    summary_line = caption.split("\n")[2]
    assert summary_line.endswith(ELLIPSIS)
    assert story.summary.startswith(summary_line[: -len(ELLIPSIS)].rstrip(",.;: "))
    assert "#Laval" not in caption and caption.endswith("\n#ambassadeur")
    assert measure(caption, network=NETWORKS["x"], link_length=40) <= 280


def test_shortened_text_never_ends_on_a_dangling_french_word():
    caption = build_caption(network=NETWORKS["sms"], data=STORY, link_length=40)
    assert caption == (
        "12 CDI à Laval – Chez Lactalis, on recrute des techniciens de maintenance… "
        "{link} #ambassadeur"
    )


def test_sms_caption_stays_within_two_segments_whatever_the_encoding():
    caption = build_caption(network=NETWORKS["sms"], data=STORY, link_length=40)
    rendered = render_caption(caption, "https://relais.example/s/" + "x" * 15)
    assert len(rendered.encode("utf-16-le")) // 2 <= 2 * 67


def test_when_only_the_link_and_the_disclosure_tag_fit_everything_else_goes():
    caption = build_caption(network=NETWORKS["sms"], data=STORY, link_length=120)
    assert caption == "{link} #ambassadeur"


def test_link_and_disclosure_tag_that_cannot_fit_raise_value_error():
    with pytest.raises(ValueError, match="sms"):
        build_caption(network=NETWORKS["sms"], data=STORY, link_length=130)


def test_a_caption_without_disclosure_tag_is_refused():
    with pytest.raises(ValueError, match="disclosure"):
        build_caption(
            network=NETWORKS["x"],
            data=CaptionInput(**{**STORY.__dict__, "disclosure_tag": " \n"}),
            link_length=40,
        )


def test_hashtags_are_deduplicated_case_insensitively_normalised_and_capped():
    story = CaptionInput(
        **{
            **STORY.__dict__,
            "hashtags": ["#Laval", "laval", "emploi", "#a b", "#", "#AMBASSADEUR", "#CDI", "#x"],
        }
    )
    caption = build_caption(network=NETWORKS["linkedin"], data=story, link_length=40)
    assert caption.endswith("\n#Laval #emploi #CDI #ambassadeur")
    threads = build_caption(network=NETWORKS["threads"], data=story, link_length=40)
    assert threads.endswith("\n#Laval #ambassadeur")  # one topic tag on Threads


def test_chat_networks_write_only_the_disclosure_tag():
    for key in ("whatsapp", "email", "sms"):
        caption = build_caption(network=NETWORKS[key], data=STORY, link_length=40)
        assert "#Laval" not in caption and caption.endswith("#ambassadeur")


def test_bluesky_counts_bytes_too_so_emoji_floods_still_fit():
    flood = CaptionInput(**{**STORY.__dict__, "summary": " ".join(["👨‍👩‍👧‍👦"] * 290)})
    caption = build_caption(network=NETWORKS["bluesky"], data=flood, link_length=40)
    assert measure_bytes(caption, link_length=40) <= 3000
    assert measure(caption, network=NETWORKS["bluesky"], link_length=40) <= 300


# --- Cleaning ------------------------------------------------------------------------------


def test_user_text_loses_controls_bidi_overrides_and_extra_whitespace():
    assert clean_text("  Bonjour\x00\x07 \t\n le\u202e monde\ufeff  ") == "Bonjour le monde"
    assert clean_text("שלום\u200f עולם") == "שלום\u200f עולם"  # a right-to-left mark is kept


def test_user_text_is_nfc_and_loses_orphan_marks_and_pasted_placeholders():
    assert clean_text("e\u0301te\u0301 \u0301\u0308mot \u200dfin") == "été mot fin"
    assert clean_text("voir {link} ici {li{link}nk}") == "voir ici"


def test_a_pasted_placeholder_never_doubles_the_link():
    story = CaptionInput(**{**STORY.__dict__, "title": "Titre {link}", "summary": "{li{link}nk}"})
    caption = build_caption(network=NETWORKS["x"], data=story, link_length=40)
    assert caption.count(LINK_PLACEHOLDER) == 1


# --- Rendering ----------------------------------------------------------------------------


def test_render_caption_puts_the_personal_link_in_place():
    assert render_caption("Voir 👉 {link} #ambassadeur", LINK) == f"Voir 👉 {LINK} #ambassadeur"
