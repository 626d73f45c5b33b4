"""Who opened a short link: a verdict and a coarse user-agent family for each click.

A click record keeps these two values, never the user agent. Rules, first match wins:

1. Empty or blank user agent: BOT ("empty"). Every browser sends one.
2. Link-preview fetchers (PREVIEW_FETCHER_TOKENS in sharekits.clicks.agents, the list that
   also gives them the story's card on the redirect) and iMessage's card builder: PREVIEW.
3. In-app browsers of the apps people share in (agents.IN_APP_BROWSERS), in a "Mozilla/5.0"
   string that gives no contact URL: HUMAN. They come before the robot lists, which flag some
   of them (crawler-user-agents lists "MetaIAB Facebook" and "Sogou", crawlerdetect "yandex").
4. Search and Meta crawlers that get the card but are not previews (agents.CRAWLER_TOKENS):
   BOT.
   From here on, the names that phone and TV makers give their devices are taken out of the
   user agent ("Linux; Android 13; Spider 8", "HbbTV/1.5.1 (+DRM;BOTECH;…)"): they name no
   robot, and the lists below would take them for one.
5. The maintained robot lists, crawlerdetect, crawler-user-agents and Matomo's bots.yml
   (sharekits.clicks.robot_lists): BOT. Health checks, monitors, scanners, AI agents, feed
   fetchers, HTTP libraries, headless browsers.
6. Generic signals, for robots no list knows yet: BOT when the user agent
   - names what robots do or are built with (bot, crawl, spider, fetch, monitor, check,
     scan, preview, headless, automation frameworks, HTTP libraries: ROBOT_WORDS);
   - gives a URL or an e-mail address to contact its owner (browsers never do);
   - is not a browser string: no "Mozilla" and none of the browsers that do without it
     (agents.BROWSERS_WITHOUT_MOZILLA). That is an app's or a library's own HTTP client,
     such as a podcast app, a media player or iOS's CFNetwork, even when it is a browser's:
     "Safari/… CFNetwork/…" fetches icons, pages open with "Mozilla/5.0 …".
7. Everything else: HUMAN, with a "browser/OS" family.

SUSPECT is never given from the user agent alone: it belongs to the click pipeline. E-mail
scanners that send an ordinary browser user agent (Proofpoint, Mimecast, Safe Links) count
as people here; only timing and network can tell them apart.

Patterns run on the lower-cased user agent and start with a literal where they can, and the
robot lists run only the patterns whose literal is present: a new user agent costs about a
fifteenth of what crawlerdetect alone cost (bench/classifier_report.py). Results are kept in
an LRU cache keyed on the first 512 characters of the user agent, since the same few hundred
user agents make almost all clicks. `is_prefetch` reads the request headers of
a speculative load, which is never a click.
"""

import re
from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache

from sharekits.clicks.agents import (
    BROWSERS_WITHOUT_MOZILLA,
    CRAWLER_TOKENS,
    IMESSAGE_RE,
    IN_APP_BROWSERS,
    MAX_USER_AGENT,
    PREVIEW_FETCHER_TOKENS,
    is_preview_fetcher,
)
from sharekits.clicks.robot_lists import ROBOT_LISTS

__all__ = ["CLASSIFIER_VERSION", "Verdict", "classify_user_agent", "is_preview_fetcher"]

CLASSIFIER_VERSION = "2"
MAX_FAMILY = 32


class Verdict(StrEnum):
    HUMAN = "human"
    PREVIEW = "preview"
    BOT = "bot"
    SUSPECT = "suspect"


def _token_re(tokens: list[str]) -> re.Pattern[str]:
    """Tokens to find in a lower-cased user agent; longest first, to name the most specific."""
    alternatives = sorted((t.lower() for t in tokens), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in alternatives))


# Patterns meant for the lower-cased user agent start with a literal wherever they can: the
# regex engine then skips the places where no alternative can start, which makes them ten
# times faster than the same patterns with re.IGNORECASE (bench/classifier_report.py).
_PREVIEW_RE = _token_re(PREVIEW_FETCHER_TOKENS)
_PREVIEW_CANONICAL = {t.lower(): t for t in PREVIEW_FETCHER_TOKENS}
_PREVIEW_FAMILIES = {
    "WhatsApp/": "WhatsApp preview",
    "Cardyb": "Bluesky Cardyb",
    "bsky.app": "Bluesky Cardyb",
    "Bluesky": "Bluesky Cardyb",
    "line-poker": "LINE preview",
    "Pinterest/0.": "Pinterestbot",
    "Snap URL Preview": "Snapchat preview",
    "SnapURLPreview": "Snapchat preview",
    "Teams": "Teams preview",
    "developers.google.com/+/web/snippet": "Google snippet",
    "kakaotalk-scrap": "KakaoTalk preview",
    "Yahoo:LinkExpander": "Yahoo Link Preview",
    "ViberUrlDownloader": "Viber preview",
}
# LINE and KakaoTalk send "facebookexternalhit/1.1;line-poker/1.0": the specific name wins.
_PREVIEW_PREFERRED = ("line-poker", "kakaotalk-scrap", "TelegramBot")

_IN_APP_ANY = re.compile("|".join(pattern for pattern, _ in IN_APP_BROWSERS))
_IN_APP = [(re.compile(pattern), family) for pattern, family in IN_APP_BROWSERS]
_BROWSER_PREFIX = "Mozilla/5.0 "

_CRAWLER_RE = _token_re(CRAWLER_TOKENS)
_CRAWLER_CANONICAL = {t.lower(): t for t in CRAWLER_TOKENS}

ROBOT_WORDS = re.compile(  # for the lower-cased user agent
    r"bot\b|bot[/_-]|crawl|spider|scrap(?:e|er|ing)\b|fetch|monitor|check|scan|preview|probe"
    r"|uptime|headless|phantomjs|playwright|selenium|puppeteer|webdriver|lighthouse|curl\b"
    r"|wget\b|python|java/\d|jakarta|perl/|ruby\b|php\b|okhttp|axios|undici|node-fetch"
    r"|go-http|http-?client|libwww|urllib|aiohttp|httpx|reqwest"
)
_WORD_START = re.compile(r"[a-z0-9]")  # "curl\b" must not end "securl", nor "java/1" "hotjava/1"
_WORDS_ALONE = ("curl", "wget", "java/", "ruby", "php")
# A URL or an address to reach the robot's owner: "+http://…", "(https://…", "; mailto:…"
_CONTACT = re.compile(r"[+(;] ?(?:https?://|www\.)|mailto:|@[a-z0-9-]+\.[a-z]{2,}")
_CONTACT_FIRST = ("http://", "https://", "www.")
# "(Linux; Android 7.0; C Bot Tab 100)", "(Linux; U; Android 6.0; CUBOT_NOTE_S Build/MRA58K)"
_ANDROID_DEVICE = re.compile(
    r"(\((?:Linux; )?(?:U; )?(?:arm(?:_64)?; )?Andr[o0]id[ \d.]*;(?: ?[a-z]{2}[-_][a-z]{2};)?)"
    r"[^;)]*",
    re.I,
)
_TV_DEVICE = re.compile(r"(HbbTV|FVC)/[\d.]+ \([^)]*\)", re.I)  # (capabilities; maker; model…)
_MISREAD = re.compile(r"Cronet/")  # Chromium's network library, "cron" to crawlerdetect
_BROWSER_WITHOUT_MOZILLA = re.compile(BROWSERS_WITHOUT_MOZILLA)
_PRODUCT = re.compile(r"[A-Za-z][\w.+-]*(?: [A-Za-z][\w.+-]*)?")

_BROWSERS = [  # first match wins: brands that also say "Chrome" or "Safari" come first
    (re.compile(r"Edg(?:e|A|iOS)?/"), "Edge"),
    (re.compile(r"OPR/|OPT/|Opera\b"), "Opera"),
    (re.compile(r"SamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"YaBrowser/"), "Yandex"),
    (re.compile(r"Firefox/|FxiOS/"), "Firefox"),
    (re.compile(r"; wv\)"), "WebView"),
    (re.compile(r"CriOS/|Chrome/"), "Chrome"),
    (re.compile(r"Version/[\d.]+ (?:Mobile/\w+ )?Safari/"), "Safari"),
    (re.compile(r"AppleWebKit/"), "WebView"),
    (re.compile(r"MSIE |Trident/"), "Internet Explorer"),
]
_SYSTEMS = [  # iOS before macOS ("like Mac OS X"), Android before Linux
    (re.compile(r"iPhone|iPad|iPod|CPU OS \d"), "iOS"),
    (re.compile(r"Android\b"), "Android"),
    (re.compile(r"Windows\b"), "Windows"),
    (re.compile(r"CrOS\b"), "ChromeOS"),
    (re.compile(r"Macintosh\b|Mac OS X\b"), "macOS"),
    (re.compile(r"Linux\b|X11\b"), "Linux"),
]
_VERSION_RE = re.compile(r"[/ ]?v?\d+(?:[._]\d+)+")


def classify_user_agent(user_agent: str) -> tuple[Verdict, str]:
    """The verdict and the coarse family (≤ 32 characters, no version) of one user agent."""
    return _classify(user_agent[:MAX_USER_AGENT] if user_agent else "")


@lru_cache(maxsize=8192)
def _classify(user_agent: str) -> tuple[Verdict, str]:
    if not user_agent.strip():
        return Verdict.BOT, "empty"
    lowered = user_agent.lower()
    if preview := _preview_family(user_agent, lowered):
        return Verdict.PREVIEW, preview
    if app := _in_app_browser(user_agent, lowered):
        return Verdict.HUMAN, app
    if match := _CRAWLER_RE.search(lowered):
        return Verdict.BOT, _CRAWLER_CANONICAL[match.group(0)]
    unnamed = _unnamed(user_agent, lowered)
    if listed := ROBOT_LISTS.match(unnamed):
        return Verdict.BOT, _short(listed[1])
    if robot := _generic_robot(unnamed, unnamed.lower()):
        return Verdict.BOT, robot
    return Verdict.HUMAN, _browser_family(user_agent)


classify_user_agent.cache_info = _classify.cache_info  # type: ignore[attr-defined]
classify_user_agent.cache_clear = _classify.cache_clear  # type: ignore[attr-defined]


def _preview_family(user_agent: str, lowered: str) -> str | None:
    if IMESSAGE_RE.search(user_agent):
        return "iMessage preview"
    found = [_PREVIEW_CANONICAL[m.group(0)] for m in _PREVIEW_RE.finditer(lowered)]
    if not found:
        return None
    token = next((t for t in _PREVIEW_PREFERRED if t in found), found[0])
    return _PREVIEW_FAMILIES.get(token) or token.strip(" /.")


def _in_app_browser(user_agent: str, lowered: str) -> str | None:
    if not user_agent.startswith(_BROWSER_PREFIX) or _contact(lowered):
        return None  # "… Twitter for iPhone BrandVerity/1.0 (http://…)" is a robot
    if not _IN_APP_ANY.search(user_agent):  # one pass; which app only when there is one
        return None
    return next(family for pattern, family in _IN_APP if pattern.search(user_agent))


def _unnamed(user_agent: str, lowered: str) -> str:
    """The user agent without the device names that makers choose ("Spider 8", "XBot")."""
    if "ndroid" in lowered or "ndr0id" in lowered:
        user_agent = _ANDROID_DEVICE.sub(r"\1 K", user_agent, count=1)
    if "hbbtv/" in lowered or "fvc/" in lowered:
        user_agent = _TV_DEVICE.sub(r"\1 ()", user_agent)
    return _MISREAD.sub("", user_agent) if "Cronet/" in user_agent else user_agent


def _generic_robot(user_agent: str, lowered: str) -> str | None:
    """The family of a robot that no list names, told by what its user agent says."""
    if word := _robot_word(lowered):
        return _short(_token_around(user_agent, word.start(), word.end()))
    if _contact(lowered):
        return _product(user_agent)
    if "cfnetwork/" in lowered and "mozilla" not in lowered:
        return _product(user_agent)  # an Apple app's own client; pages load as Mozilla/5.0
    if not _BROWSER_WITHOUT_MOZILLA.search(lowered):
        return _product(user_agent)
    return None


def _robot_word(lowered: str) -> re.Match[str] | None:
    for found in ROBOT_WORDS.finditer(lowered):
        alone = found.group(0).startswith(_WORDS_ALONE)
        if not (alone and found.start() and _WORD_START.match(lowered, found.start() - 1)):
            return found
    return None


def _contact(lowered: str) -> bool:
    return lowered.startswith(_CONTACT_FIRST) or _CONTACT.search(lowered) is not None


def _token_around(user_agent: str, start: int, end: int) -> str:
    """The word of the user agent that holds characters start to end: "Datadog-Monitor"."""
    while start > 0 and (user_agent[start - 1].isalnum() or user_agent[start - 1] in "-_."):
        start -= 1
    while end < len(user_agent) and (user_agent[end].isalnum() or user_agent[end] in "-_"):
        end += 1
    return user_agent[start:end]


def _product(user_agent: str) -> str:
    found = _PRODUCT.search(user_agent)
    return _short(found.group(0)) if found else "bot"


def _browser_family(user_agent: str) -> str:
    browser = next((name for pattern, name in _BROWSERS if pattern.search(user_agent)), None)
    if browser is None:
        return "other"
    system = next((name for pattern, name in _SYSTEMS if pattern.search(user_agent)), None)
    return f"{browser}/{system}" if system else browser


def _short(name: str) -> str:
    """A robot's name as a family: no version, no path, at most MAX_FAMILY characters."""
    name = _VERSION_RE.sub("", name).split("/")[0].strip(" ;,()+")
    return name[:MAX_FAMILY] or "bot"


def is_prefetch(meta: Mapping[str, str]) -> bool:
    """True when the request is a browser's prefetch or prerender, which is never a click."""
    sec_purpose = meta.get("HTTP_SEC_PURPOSE", "").lower()
    return (
        "prefetch" in sec_purpose
        or "prerender" in sec_purpose
        or meta.get("HTTP_PURPOSE", "").strip().lower() == "prefetch"
        or meta.get("HTTP_X_MOZ", "").strip().lower() == "prefetch"
        or meta.get("HTTP_X_PURPOSE", "").strip().lower() == "preview"
    )
