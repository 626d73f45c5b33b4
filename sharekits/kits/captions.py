"""Captions for share kits: built once per network, fitted to its limit, measured its way.

A caption is a template holding LINK_PLACEHOLDER where each ambassador's personal short link
goes, so it is fitted for the longest link (link_length) and rendered per ambassador. Lengths
are measured the way each network counts them (`lengths`).
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import regex

from sharekits.kits.lengths import within_limits
from sharekits.kits.networks import LINK_PLACEHOLDER, CaptionStyle, HashtagStyle, Network

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


def invisible_characters(text: str) -> list[str]:
    """The characters `clean_text` drops as invisible (controls, bidi overrides…), line breaks
    aside: generated captions never contain them."""
    return [char for char in _INVISIBLE.findall(text) if char != "\n"]


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
        return within_limits(compose(**changes), network=network, link_length=link_length)

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


def render_caption(template: str, link: str) -> str:
    """The caption an ambassador shares: the template with their personal link in it."""
    return template.replace(LINK_PLACEHOLDER, link)
