"""Plain-text sanitising and small text helpers shared by every app."""

import html
import re

import bleach
from django.conf import settings

_WHITESPACE = re.compile(r"[ \t\r\f\v]+")
_HASHTAG = re.compile(r"[^\W_][\w]*", re.UNICODE)
# What an HTML parser would take for the start of a tag, a comment or a declaration, up to its
# end or to the end of the text (an unclosed `<img/src=x onerror=...` included). A '<' before
# a space or a digit ("5 < 6", "<3") is text.
_TAG_OPENING = re.compile(r"<[/!?]?[A-Za-z!?/][^>]*(?:>|$)")
# Rounds of strip-and-decode before giving up: each round removes one level of entity
# encoding, so this is deeper than any typing or copy-paste would go.
MAX_ROUNDS = 12


def _strip_once(text: str) -> str:
    """One round: strip the markup, decode the entities, drop what still looks like a tag."""
    cleaned = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True))
    return _TAG_OPENING.sub("", cleaned.replace("\x00", "")).strip()


def sanitize_text(value: str | None) -> str:
    """Strip every HTML tag from user text, keeping the words (and real '<', '&' characters).

    Runs to a fixed point: markup is stripped and entities decoded until the text no longer
    changes, so that ``&amp;lt;script&amp;gt;`` cannot come back as a live tag and cleaning
    the result again changes nothing. Text still changing after MAX_ROUNDS (entities nested
    deeper than anyone types) loses every '<', '>' and '&'.
    """
    if not value:
        return value or ""
    text = str(value)
    for _round in range(MAX_ROUNDS):
        cleaned = _strip_once(text)
        if cleaned == text:
            return text
        text = cleaned
    return re.sub(r"[<>&]", "", text).strip()


def normalize_hashtags(value: str | None) -> str:
    """Turn 'emploi, #Laval  #emploi' into '#emploi #Laval' (deduplicated, order kept)."""
    seen: set[str] = set()
    tags: list[str] = []
    for raw in re.split(r"[\s,;]+", sanitize_text(value)):
        word = raw.lstrip("#")
        match = _HASHTAG.match(word)
        if not match or match.group(0) != word:
            continue
        if word.casefold() not in seen:
            seen.add(word.casefold())
            tags.append(f"#{word}")
    return " ".join(tags)


def absolute_url(path: str) -> str:
    """Absolute URL on the public site for a path (or pass an absolute URL through)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path if path.startswith('/') else '/' + path}"
