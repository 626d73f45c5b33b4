"""Plain-text sanitising and small text helpers shared by every app."""

import html
import re

import bleach
from django.conf import settings

_WHITESPACE = re.compile(r"[ \t\r\f\v]+")
_HASHTAG = re.compile(r"[^\W_][\w]*", re.UNICODE)


def sanitize_text(value: str | None) -> str:
    """Strip every HTML tag from user text, keeping the words (and real '<', '&' characters).

    Entities are decoded after stripping, then stripped again until stable, so that
    ``&lt;script&gt;`` cannot come back as a live tag.
    """
    if not value:
        return value or ""
    text = str(value)
    for _round in range(5):
        cleaned = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True))
        if cleaned == text:
            break
        text = cleaned
    return text.replace("\x00", "").strip()


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
