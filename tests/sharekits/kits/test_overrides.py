"""A communicator's own caption: refused with a clear message when a network would cut it, when
it loses the link or the disclosure tag, or when it hides characters."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sharekits.kits.networks import NETWORKS
from sharekits.kits.overrides import clean_caption, has_tag, validate_caption


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def test_too_long_override_is_refused_with_its_length_and_the_limit():
    with pytest.raises(ValidationError) as caught:
        validate_caption(
            network=NETWORKS["x"],
            text="Emploi " * 80 + "{link} #ambassadeur",
            link_length=40,
            disclosure_tag="#ambassadeur",
        )
    with translation.override("en"):
        assert _messages(caught.value) == [
            "This caption is 596 characters long; X (Twitter) allows 280."
        ]
    with translation.override("fr"):
        assert "596" in _messages(caught.value)[0] and "280" in _messages(caught.value)[0]


def test_override_must_keep_the_link_once_and_the_disclosure_tag():
    whatsapp = NETWORKS["whatsapp"]
    with pytest.raises(ValidationError) as caught:
        validate_caption(
            network=whatsapp, text="Sans lien", link_length=40, disclosure_tag="#ambassadeur"
        )
    codes = [e.code for e in caught.value.error_list]
    assert codes == ["missing_link", "missing_disclosure"]
    assert "{link}" in _messages(caught.value)[0]
    assert "#ambassadeur" in _messages(caught.value)[1]
    with pytest.raises(ValidationError) as caught:
        validate_caption(
            network=whatsapp,
            text="{link} {link} #ambassadeur",
            link_length=40,
            disclosure_tag="#ambassadeur",
        )
    assert [e.code for e in caught.value.error_list] == ["repeated_link"]


def test_disclosure_tag_must_be_whole_not_the_start_of_another_tag():
    assert has_tag("Voir {link} #Ambassadeur", "#ambassadeur")
    assert not has_tag("Voir {link} #ambassadeurs", "#ambassadeur")
    assert not has_tag("Voir {link} ##ambassadeur2", "#ambassadeur")
    with pytest.raises(ValidationError):
        validate_caption(
            network=NETWORKS["linkedin"],
            text="{link} #ambassadeurs",
            link_length=40,
            disclosure_tag="#ambassadeur",
        )


def test_bluesky_override_over_3000_bytes_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_caption(
            network=NETWORKS["bluesky"], text="👨‍👩‍👧‍👦" * 150 + "{link}", link_length=40
        )
    assert [e.code for e in caught.value.error_list] == ["too_large"]


def test_a_valid_override_passes():
    validate_caption(
        network=NETWORKS["x"],
        text="Mon texte 🚀 {link} #ambassadeur",
        link_length=40,
        disclosure_tag="#ambassadeur",
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "Remove the invisible control or text-direction characters (U+202E, U+0007): they "
            "can hide or reverse parts of the caption.",
        ),
        (
            "fr",
            "Retirez les caractères invisibles de contrôle ou de sens d'écriture (U+202E, "
            "U+0007) : ils peuvent masquer ou inverser une partie de la légende.",
        ),
    ],
)
def test_bidi_overrides_and_control_characters_are_refused_by_name(language, message):
    text = "Offre \u202e{link} #ambassadeur\u202e\x07"
    with pytest.raises(ValidationError) as caught:
        validate_caption(
            network=NETWORKS["whatsapp"], text=text, link_length=40, disclosure_tag="#ambassadeur"
        )
    assert [e.code for e in caught.value.error_list] == ["invisible_characters"]
    with translation.override(language):
        assert _messages(caught.value) == [message]


def test_line_breaks_and_marks_that_generated_captions_use_are_accepted():
    validate_caption(
        network=NETWORKS["linkedin"],
        text="Ligne\n\n\u200fمرحبا\u200e 👨‍👩‍👧‍👦\n{link}\n#ambassadeur",
        link_length=40,
        disclosure_tag="#ambassadeur",
    )


def test_a_pasted_caption_is_written_as_generated_ones_are():
    pasted = "Cafe\u0301 à Laval\r\n\tvoir\r{link} #ambassadeur"
    assert clean_caption(pasted) == "Café à Laval\n voir\n{link} #ambassadeur"
