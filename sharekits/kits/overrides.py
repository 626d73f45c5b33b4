"""A communicator's own caption: cleaned like generated ones, checked against the network."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sharekits.kits.captions import invisible_characters
from sharekits.kits.lengths import measure, measure_bytes
from sharekits.kits.networks import LINK_PLACEHOLDER, Network


def has_tag(text: str, tag: str) -> bool:
    """Whether tag appears whole in text (not as the start of a longer hashtag), any case."""
    tag = tag.strip()
    return bool(tag) and re.search(rf"(?<![\w#]){re.escape(tag)}(?!\w)", text, re.I) is not None


def clean_caption(text: str) -> str:
    """The caption as generated ones are written: NFC, "\\n" line breaks, spaces for tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return unicodedata.normalize("NFC", text)


def validate_caption(
    *, network: Network, text: str, link_length: int, disclosure_tag: str | None = None
) -> None:
    """Refuse a caption that hides characters, is too long, loses {link} or the disclosure tag."""
    errors = [
        *_invisible_errors(text),
        *_link_errors(text),
        *_disclosure_errors(text, disclosure_tag),
        *_length_errors(text, network=network, link_length=link_length),
    ]
    if errors:
        raise ValidationError(errors)


def _invisible_errors(text: str) -> list[ValidationError]:
    found = list(dict.fromkeys(invisible_characters(text)))
    if not found:
        return []
    return [
        ValidationError(
            _(
                "Remove the invisible control or text-direction characters (%(characters)s): "
                "they can hide or reverse parts of the caption."
            ),
            code="invisible_characters",
            params={"characters": ", ".join(f"U+{ord(char):04X}" for char in found)},
        )
    ]


def _link_errors(text: str) -> list[ValidationError]:
    links = text.count(LINK_PLACEHOLDER)
    if links == 0:
        message = _(
            "Keep %(placeholder)s in the caption: it becomes each ambassador's personal link."
        )
        return [
            ValidationError(message, code="missing_link", params={"placeholder": LINK_PLACEHOLDER})
        ]
    if links > 1:
        message = _("Keep %(placeholder)s only once: the link must appear a single time.")
        return [
            ValidationError(message, code="repeated_link", params={"placeholder": LINK_PLACEHOLDER})
        ]
    return []


def _disclosure_errors(text: str, disclosure_tag: str | None) -> list[ValidationError]:
    if not disclosure_tag or has_tag(text, disclosure_tag):
        return []
    return [
        ValidationError(
            _("Keep the disclosure tag %(tag)s: readers must know an ambassador shares it."),
            code="missing_disclosure",
            params={"tag": disclosure_tag.strip()},
        )
    ]


def _length_errors(text: str, *, network: Network, link_length: int) -> list[ValidationError]:
    errors = []
    if network.text_limit is not None:
        length = measure(text, network=network, link_length=link_length)
        if length > network.text_limit:
            errors.append(
                ValidationError(
                    _("This caption is %(length)s characters long; %(network)s allows %(limit)s."),
                    code="too_long",
                    params={
                        "length": length,
                        "network": network.label,
                        "limit": network.text_limit,
                    },
                )
            )
    if network.byte_limit is not None:
        size = measure_bytes(text, link_length=link_length)
        if size > network.byte_limit:
            errors.append(
                ValidationError(
                    _("This caption takes %(size)s bytes; %(network)s allows %(limit)s."),
                    code="too_large",
                    params={"size": size, "network": network.label, "limit": network.byte_limit},
                )
            )
    return errors
