"""Captions for share kits: built once per network, fitted to its limit, measured its way.

A caption is a template holding LINK_PLACEHOLDER where each ambassador's personal short link
goes, so it is fitted for the longest link (link_length) and rendered per ambassador.
Lengths follow shared/reference/networks.md §17.11; where a network's counting is uncertain
the stricter reading is used, so a fitted caption never needs editing by the ambassador.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import regex
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sharekits.kits.networks import LINK_PLACEHOLDER, CaptionStyle, Counting, HashtagStyle, Network

__all__ = [
    "ELLIPSIS",
    "LINK_PLACEHOLDER",
    "CaptionInput",
    "build_caption",
    "clean_text",
    "has_tag",
    "measure",
    "measure_bytes",
    "render_caption",
    "validate_caption",
]

ELLIPSIS = "…"


@dataclass(frozen=True)
class CaptionInput:
    """What a caption is made of: the story's words, its hashtags and the disclosure tag."""

    title: str
    summary: str
    job_fact: str  # "12 CDI à Laval", may be ""
    hashtags: list[str]  # story's then campaign's, e.g. ["#Laval", "#emploi"]
    disclosure_tag: str  # e.g. "#ambassadeur": always written, always last


class _Layout(NamedTuple):
    separator: str  # between blocks
    head_join: str  # between the job fact and the title
    hook_suffix: str  # after the job fact (decoration)
    link_prefix: str  # before the link (decoration)


# Language-neutral on purpose: only emoji and punctuation, so a caption is in the language of
# the story whatever language the Celery worker runs in.
_LAYOUTS: dict[CaptionStyle, _Layout] = {
    CaptionStyle.SPACED: _Layout("\n\n", "\n", " 🚀", "👉 "),
    CaptionStyle.COMPACT: _Layout("\n", "\n", " 🚀", "👉 "),
    CaptionStyle.INLINE: _Layout(" ", " – ", "", ""),
}

# --- Cleaning ------------------------------------------------------------------------------

_SPACES = regex.compile(r"[\s\x1c-\x1f]+")  # White_Space plus what str.split() also splits on
# Controls, lone surrogates, the BOM, and bidi embeddings/overrides/isolates: an unbalanced
# override in a title would reverse the link and the disclosure tag on screen. LRM/RLM stay.
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069\ufeff]")
# Marks left at the start of a word would fuse with the space before them into one grapheme,
# and a Prepend character would fuse with the space after it: both are debris, dropped.
_ORPHAN_EXTEND = regex.compile(
    r"(?:^|(?<= ))[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}]+"
)
_DANGLING_PREPEND = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}+(?= |$)")
# Same rule as campaigns.text.normalize_hashtags, so a tag accepted there is accepted here.
_HASHTAG = re.compile(r"#[^\W_]\w*")
# What a shortened word sheds before its ellipsis: sentence punctuation, dashes, openers.
_TRAILING = regex.compile(r"[.,;:!?…·'\"\p{Pd}\p{Ps}\p{Pi}\p{Grapheme_Cluster_Break=Prepend}]+$")


def clean_text(value: str) -> str:
    """One line of user text: no controls, NFC, single spaces, no stray {link} placeholder."""
    text = _SPACES.sub(" ", value or "")
    text = _INVISIBLE.sub("", text)
    while LINK_PLACEHOLDER in text:  # "{li{link}nk}" would leave one behind
        text = text.replace(LINK_PLACEHOLDER, "")
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    text = _DANGLING_PREPEND.sub("", _ORPHAN_EXTEND.sub("", text))
    return _SPACES.sub(" ", text).strip()


def _hashtags(network: Network, tags: list[str], disclosure: str) -> list[str]:
    """Valid, case-insensitively unique hashtags for the network, capped to its maximum."""
    if network.hashtag_style == HashtagStyle.NONE or network.max_hashtags == 0:
        return []
    seen = {disclosure.casefold()}
    kept: list[str] = []
    for raw in tags:
        tag = clean_text(raw)
        tag = tag if tag.startswith("#") else f"#{tag}"
        if _HASHTAG.fullmatch(tag) and tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return kept if network.max_hashtags is None else kept[: network.max_hashtags]


# --- Measuring -----------------------------------------------------------------------------

_GRAPHEME = regex.compile(r"\X")
_EMOJI_ELEMENT = (
    r"(?:\p{Emoji_Modifier_Base}\p{Emoji_Modifier}"
    r"|(?!\p{Regional_Indicator})\p{Emoji_Presentation}\ufe0f?"
    r"|\p{Extended_Pictographic}\ufe0f)"
)
# One emoji as twitter-text counts it: a flag, a keycap, a subdivision flag, or a ZWJ sequence
# of fully-qualified emoji (skin tones included). A cluster outside this grammar is weighed
# code point by code point, which is never less than what X counts for it.
_EMOJI = regex.compile(
    r"\p{Regional_Indicator}{2}"
    r"|[0-9#*]\ufe0f?\u20e3"
    r"|\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
    r"|\p{Extended_Pictographic}\ufe0f?"
    rf"|{_EMOJI_ELEMENT}(?:\u200d{_EMOJI_ELEMENT})*"
)
# A cluster that any network would call an emoji (Threads counts those in UTF-8 bytes).
_EMOJI_ISH = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Emoji_Modifier}\u20e3\U000e0020-\U000e007f]"
)
# twitter-text v3 (config/v3.json): these code points weigh 1, every other one 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
# http(s) URLs, and bare domains (X links "example.com" too). Trailing punctuation is trimmed
# after matching: "voir laval.fr." links "laval.fr".
_URL = regex.compile(
    r"(?P<scheme>https?://)\S+"
    r"|(?<![\w.@/-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,63}(?![\w-])"
    r"(?:[/?#:]\S*)?"
)
_URL_TRAILING = regex.compile(r"[.,;:!?'\"’»)\]}…]+$")


def _code_point_weight(char: str) -> int:
    point = ord(char)
    return 1 if any(start <= point <= end for start, end in _LIGHT_RANGES) else 2


def _twitter_plain(text: str) -> int:
    """Weighted length of text without URLs: an emoji weighs 2, other code points 1 or 2."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI.fullmatch(cluster):
            total += 2
        else:
            total += sum(_code_point_weight(c) for c in cluster)
    return total


def _urls(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, has_scheme) of each URL in text, trailing punctuation excluded."""
    found = []
    for match in _URL.finditer(text):
        url = _URL_TRAILING.sub("", match.group())
        has_scheme = match.group("scheme") is not None
        if has_scheme and len(url) <= len(match.group("scheme")):
            continue  # "https://" alone
        found.append((match.start(), match.start() + len(url), has_scheme))
    return found


def _url_weighted(text: str, *, url_weight: int, twitter: bool) -> int:
    """Length where each URL counts url_weight (X: a bare domain counts at least that)."""
    text = unicodedata.normalize("NFC", text) if twitter else text
    plain = _twitter_plain if twitter else len
    total, position = 0, 0
    for start, end, has_scheme in _urls(text):
        if not has_scheme and not twitter:
            continue  # Mastodon only links http(s) URLs
        total += plain(text[position:start])
        # A bare domain is a link only if its TLD is real: count the worse of both cases.
        total += url_weight if has_scheme else max(url_weight, plain(text[start:end]))
        position = end
    return total + plain(text[position:])


def _emoji_utf8(text: str) -> int:
    """Threads: emoji count as their UTF-8 bytes, other text as UTF-16 units."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI_ISH.search(cluster):
            total += len(cluster.encode("utf-8", "surrogatepass"))
        else:
            total += _utf16(cluster)
    return total


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _plain_length(text: str, network: Network) -> int:
    url_weight = network.url_weight if network.url_weight is not None else 23
    match network.counting:
        case Counting.TWITTER:
            return _url_weighted(text, url_weight=url_weight, twitter=True)
        case Counting.MASTODON:
            return _url_weighted(text, url_weight=url_weight, twitter=False)
        case Counting.GRAPHEMES:
            return len(_GRAPHEME.findall(text))
        case Counting.EMOJI_UTF8:
            return _emoji_utf8(text)
        case Counting.UTF16:
            return _utf16(text)
        case _:
            return len(text)


def measure(text: str, *, network: Network, link_length: int) -> int:
    """The network's own length of a caption, its {link} placeholder counted as the link."""
    pieces = text.split(LINK_PLACEHOLDER)
    # Personal links are ASCII: link_length characters, graphemes, units and bytes alike.
    link = network.url_weight if network.url_weight is not None else link_length
    return sum(_plain_length(piece, network) for piece in pieces) + link * (len(pieces) - 1)


def measure_bytes(text: str, *, link_length: int) -> int:
    """UTF-8 size of a caption, its {link} placeholder counted as link_length bytes."""
    pieces = text.split(LINK_PLACEHOLDER)
    return sum(len(p.encode("utf-8", "surrogatepass")) for p in pieces) + link_length * (
        len(pieces) - 1
    )


def _fits(text: str, network: Network, link_length: int) -> bool:
    if network.text_limit is not None and (
        measure(text, network=network, link_length=link_length) > network.text_limit
    ):
        return False
    return network.byte_limit is None or (
        measure_bytes(text, link_length=link_length) <= network.byte_limit
    )


# --- Building ------------------------------------------------------------------------------


# French words a shortened text should not end on ("techniciens de…" reads broken).
_DANGLING = frozenset(
    "à au aux avec dans de des du en et la le les ou par pour sur un une".split()  # noqa: SIM905
)


def _shorten(words: list[str], count: int) -> str:
    """The first count words, the last one ending in an ellipsis instead of its punctuation."""
    kept = words[:count]
    while kept:
        last = _TRAILING.sub("", kept[-1])
        # A word of punctuation only ("—") cannot carry the ellipsis, nor can "de" or "à".
        if last and last.casefold() not in _DANGLING:
            return " ".join([*kept[:-1], last + ELLIPSIS])
        kept.pop()
    return ""


def _longest_fitting(text: str, fits: Callable[[str], bool]) -> str:
    """The longest word-boundary shortening of text that fits, or "" if not even one word."""
    words = text.split(" ")
    low, high = 0, len(words) - 1  # shortening keeps fewer words than the whole text
    while low < high:  # longer prefixes measure longer: binary search the last that fits
        middle = (low + high + 1) // 2
        if fits(_shorten(words, middle)):
            low = middle
        else:
            high = middle - 1
    while low and not fits(_shorten(words, low)):  # never trust the search blindly
        low -= 1
    return _shorten(words, low)


def _assemble(
    layout: _Layout,
    *,
    hook: str,
    title: str,
    summary: str,
    hashtags: list[str],
    disclosure: str,
    decorated: bool,
) -> str:
    head = []
    if hook:
        head.append(hook + (layout.hook_suffix if decorated else ""))
    if title:
        head.append(title)
    blocks = [layout.head_join.join(head)] if head else []
    if summary:
        blocks.append(summary)
    blocks.append((layout.link_prefix if decorated else "") + LINK_PLACEHOLDER)
    blocks.append(" ".join([*hashtags, disclosure]))
    return layout.separator.join(blocks)


def build_caption(*, network: Network, data: CaptionInput, link_length: int) -> str:
    """The network's caption template (with {link}), fitted to its limit without cutting words."""
    disclosure = clean_text(data.disclosure_tag)
    if not disclosure:
        raise ValueError("A caption needs a disclosure tag.")
    layout = _LAYOUTS[network.caption_style]
    parts = {
        "hook": clean_text(data.job_fact),
        "title": clean_text(data.title),
        "summary": clean_text(data.summary),
        "hashtags": _hashtags(network, data.hashtags, disclosure),
        "decorated": bool(layout.hook_suffix or layout.link_prefix),
    }

    def compose(**changes: object) -> str:
        return _assemble(layout, disclosure=disclosure, **{**parts, **changes})

    def fits(**changes: object) -> bool:
        return _fits(compose(**changes), network, link_length)

    # Too long: drop hashtags from the last, shorten the summary at a word (or drop it), drop the
    # emoji decoration, shorten the title, drop the job fact. The link and the disclosure tag
    # always stay: if they alone do not fit, no caption can.
    while not fits() and parts["hashtags"]:
        parts["hashtags"] = parts["hashtags"][:-1]
    if not fits() and parts["summary"]:
        parts["summary"] = _longest_fitting(parts["summary"], lambda s: fits(summary=s))
    if not fits():
        parts["decorated"] = False
    if not fits() and parts["title"]:
        parts["title"] = _longest_fitting(parts["title"], lambda t: fits(title=t))
    if not fits():
        parts["hook"] = ""
    if not fits():
        raise ValueError(
            f"The link ({link_length} characters) and the disclosure tag {disclosure!r} "
            f"exceed the {network.key} limit."
        )
    return compose()


def render_caption(template: str, link: str, *, link_length: int | None = None) -> str:
    """The caption an ambassador shares: the template with their personal link in it."""
    if link_length is not None and len(link) > link_length:
        raise ValueError(f"The link is longer than the {link_length} characters it was fitted to.")
    return template.replace(LINK_PLACEHOLDER, link)


# --- Checking a communicator's own caption -------------------------------------------------


def has_tag(text: str, tag: str) -> bool:
    """Whether tag appears whole in text (not as the start of a longer hashtag), any case."""
    tag = tag.strip()
    return bool(tag) and re.search(rf"(?<![\w#]){re.escape(tag)}(?!\w)", text, re.I) is not None


def validate_caption(
    *, network: Network, text: str, link_length: int, disclosure_tag: str | None = None
) -> None:
    """Refuse a communicator's caption that is too long, loses {link} or the disclosure tag."""
    errors = []
    links = text.count(LINK_PLACEHOLDER)
    if links == 0:
        errors.append(
            ValidationError(
                _(
                    "Keep %(placeholder)s in the caption: it becomes each ambassador's "
                    "personal link."
                ),
                code="missing_link",
                params={"placeholder": LINK_PLACEHOLDER},
            )
        )
    elif links > 1:
        errors.append(
            ValidationError(
                _("Keep %(placeholder)s only once: the link must appear a single time."),
                code="repeated_link",
                params={"placeholder": LINK_PLACEHOLDER},
            )
        )
    if disclosure_tag and not has_tag(text, disclosure_tag):
        errors.append(
            ValidationError(
                _("Keep the disclosure tag %(tag)s: readers must know an ambassador shares it."),
                code="missing_disclosure",
                params={"tag": disclosure_tag.strip()},
            )
        )
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
    if errors:
        raise ValidationError(errors)
