"""Plain text keeps what people write and loses every piece of markup, however it is hidden."""

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.text import sanitize_text

LEGITIMATE = [
    "R&D",
    "5 < 6",
    "Salaire > SMIC & primes < 3 mois",
    "l'équipe d'Ormeau",
    "« Bonjour » ! Rendez-vous à 12 h 30 ; 25 % de hausse",
    "Prix\u202f: 12\u00a0€ — «\u202fouvert\u202f»",
    "On recrute 🎉👩‍🔧 #emploi",
    "Tom & Jerry <3",
    "Deux lignes\nde texte",
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_text_is_kept_as_written(text):
    assert sanitize_text(text) == text


@pytest.mark.parametrize(
    "hostile",
    [
        "<img/src=x onerror=alert(1)",
        "Bonjour <img/src=x onerror=alert(1)",
        "<svg onload=alert(1)",
        "Bonjour <a href=javascript:alert(1)",
    ],
)
def test_an_unclosed_tag_is_stripped(hostile):
    cleaned = sanitize_text(hostile)

    assert "<" not in cleaned
    assert "onerror" not in cleaned and "onload" not in cleaned and "href" not in cleaned


@pytest.mark.parametrize("times", [1, 2, 5, 8])
def test_an_encoded_script_never_comes_back_as_markup(times):
    payload = "<script>alert(1)</script>Bonjour"
    for _ in range(times):
        payload = html.escape(payload)

    cleaned = sanitize_text(payload)

    assert cleaned == "alert(1)Bonjour"


def test_text_encoded_deeper_than_anyone_types_loses_its_markup_characters():
    payload = "<script>alert(1)</script>"
    for _ in range(30):
        payload = html.escape(payload)

    cleaned = sanitize_text(payload)

    assert not set("<>&") & set(cleaned)
    assert sanitize_text(cleaned) == cleaned


MARKUP_PIECES = st.sampled_from(
    ["<", ">", "&", ";", "/", "!", "?", "=", '"', "'", " ", "\n", "\x00", "a", "img", "script"]
    + ["lt", "gt", "amp", "#60", "#x3c", "<!--", "-->", "<![CDATA[", "é", "R&D", "5 < 6"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKUP_PIECES, max_size=30).map("".join))
def test_sanitising_twice_changes_nothing_and_leaves_no_tag(text):
    cleaned = sanitize_text(text)

    assert sanitize_text(cleaned) == cleaned
    # What a browser would parse as the start of a tag: '<' then a letter, '/', '!' or '?'.
    assert re.search(r"<[A-Za-z/!?]", cleaned) is None
