"""What "live markup" means for the XSS tests: what an HTML parser would make of a payload."""

import json
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

# Attributes a browser or a link unfurler follows.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "xlink:href"}
SCRIPT_SCHEMES = {"javascript", "vbscript", "data"}


def live_markup(markup: str) -> list[str]:
    """Elements and attributes a payload could have produced, as an HTML parser sees them."""
    if "<" not in markup:
        return []
    found = []
    for element in BeautifulSoup(markup, "html.parser").find_all(True):
        found += _live_script(element)
        if element.name == "img" and element.get("src") == "x":
            found.append("<img src=x>")
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on"):
                found.append(f"<{element.name} {name}=…>")
            if _is_url(element, name) and runs_script(text):
                found.append(f'<{element.name} {name}="{text[:40]}">')
    return found


def live_in_data(texts: Iterable[tuple[str, str]]) -> list[str]:
    """Markup in (key, text) data that a page may one day insert as HTML, and links that run
    script. Inserted text is followed by more markup, so an unclosed tag closes there."""
    found = []
    for key, text in texts:
        found += live_markup(f"{text}>")
        if key.endswith(("url", "link")) and runs_script(text):
            found.append(f"{key}={text[:40]}")
    return found


def strings_in(value, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (key, string) inside a JSON document."""
    if isinstance(value, dict):
        for inner_key, item in value.items():
            yield from strings_in(item, inner_key)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item, key)
    elif isinstance(value, str):
        yield key, value


def runs_script(url: str) -> bool:
    return urlsplit(url.strip().lower()).scheme in SCRIPT_SCHEMES


def _is_url(element, attribute: str) -> bool:
    """Links and sources, and the meta tags that carry a URL (og:url, og:image…)."""
    if attribute in URL_ATTRIBUTES:
        return True
    kind = element.get("property") or element.get("name") or ""
    return element.name == "meta" and attribute == "content" and kind.endswith(("url", "image"))


def _live_script(element) -> list[str]:
    """An inline script that would run; a JSON-LD block must still be one JSON value."""
    if element.name != "script" or element.get("src"):
        return []
    text = element.get_text()
    if element.get("type") == "application/ld+json":
        try:
            json.loads(text)
        except ValueError:
            return [f"<script type=ld+json> broken: {text[:40]}"]
        return []
    return [f"<script>{text[:40]}"] if "alert(" in text else []
