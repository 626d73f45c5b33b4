"""Who opened a short link: a verdict and a coarse user-agent family for each click.

The click tally keeps these two values, never the user agent itself (reference
../shared/reference/networks.md §17.7), plus CLASSIFIER_VERSION so that a tally can be audited
against the rules that produced it. Rules, first match wins:

1. Empty or blank user agent: BOT ("empty"). Every browser sends one.
2. Link-preview fetchers: PREVIEW. The allowlist is PREVIEW_FETCHER_TOKENS from
   sharekits/previews.py, the same list that gives them the card on the hot path (§15). iMessage
   sends "... facebookexternalhit/1.1 Facebot Twitterbot/1.0" from the sender's phone: a preview.
3. In-app browsers of the apps people share in (FBAN, FB_IAB, MetaIAB, Instagram, LinkedInApp,
   Twitter for iPhone, TwitterAndroid, Telegram-Android, WhatsApp's WA4A/WAiOS, Snapchat,
   TikTok, WeChat, the Google app, LINE, Pinterest, Viber, Threads, Reddit): HUMAN. They come
   before the generic bot rules because bot lists match some of them (crawler-user-agents flags
   "MetaIAB Facebook", crawlerdetect flags any "WhatsApp"). Only in a "Mozilla/5.0" browser
   string: "Viber/18 CFNetwork/..." is the app itself, not a page opened in it.
4. Search and Meta crawlers that are not previews (CRAWLER_TOKENS in previews.py): BOT.
5. E-mail security scanners that say who they are: BOT. Only Barracuda Sentinel does
   (JayBizzle/Crawler-Detect#552, Braze's bot-filtering page). Proofpoint, Mimecast, Microsoft
   Safe Links, Zscaler or Symantec send an ordinary Chrome-on-Windows user agent (§10.3, §15):
   no user-agent rule can catch them; only timing and network can (SUSPECT, §17.9).
6. HTTP libraries and headless browsers (curl, python-requests, Go-http-client, okhttp, http.rb,
   Wget, axios, node-fetch, Java/, libwww-perl, Scrapy, HeadlessChrome, PhantomJS): BOT. Checked
   before the library of rule 7 only to name the family; the verdict would be the same.
7. crawlerdetect (PyPI, MIT, a port of JayBizzle/Crawler-Detect, ~1,500 patterns): BOT. Alone
   it misses Bluesky's Cardyb (§16), Misskey's and Lemmy's fetchers, which rule 2 catches.
8. Everything else: HUMAN, with a "browser/OS" family.

SUSPECT is never given from the user agent alone: it belongs to the click pipeline (§17.9).
A full classification costs about a millisecond (crawlerdetect's regex), so results are kept in
an LRU cache keyed on the first 512 characters of the user agent: the same few hundred user
agents make almost all clicks. `is_prefetch` reads the request headers of a speculative load,
which is never a click.
"""

import re
from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache

from crawlerdetect import CrawlerDetect

from sharekits.links.previews import CRAWLER_TOKENS, PREVIEW_FETCHER_TOKENS

CLASSIFIER_VERSION = "1"
MAX_USER_AGENT = 512
MAX_FAMILY = 32


class Verdict(StrEnum):
    HUMAN = "human"
    PREVIEW = "preview"
    BOT = "bot"
    SUSPECT = "suspect"


def _token_re(tokens: list[str], flags: int = re.I) -> re.Pattern[str]:
    # Longest first, so that the family names the most specific token found at one place.
    alternatives = sorted(tokens, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in alternatives), flags)


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
}
# LINE sends "facebookexternalhit/1.1;line-poker/1.0": the specific name wins over the shared one.
_PREVIEW_PREFERRED = ("line-poker", "TelegramBot")
_IMESSAGE_RE = re.compile(r"facebookexternalhit/1\.1 Facebot Twitterbot/1\.0")

_IN_APP = [
    (re.compile(r"\bFB_IAB/(?:MESSENGER|Orca-Android)|\bFBAN/Messenger"), "Messenger app"),
    (re.compile(r"\bFBAN/|\bFBAV/|\bFB_IAB/|\bMetaIAB\b"), "Facebook app"),
    (re.compile(r"\bInstagram \d"), "Instagram app"),
    (re.compile(r"\bBarcelona \d"), "Threads app"),
    (re.compile(r"\[LinkedInApp\]"), "LinkedIn app"),
    (re.compile(r"Twitter for iP(?:hone|ad)|\bTwitterAndroid\b"), "X app"),
    (re.compile(r"\bTelegram-Android/"), "Telegram app"),
    (re.compile(r"\[WAiOS/|\[WA4A/"), "WhatsApp app"),
    (re.compile(r"\bSnapchat/\d"), "Snapchat app"),
    (re.compile(r"\bmusical_ly|\bBytedanceWebview/|\btrill_\d"), "TikTok app"),
    (re.compile(r"\bMicroMessenger/"), "WeChat app"),
    (re.compile(r"\bGSA/\d"), "Google app"),
    (re.compile(r"\bLine/\d"), "LINE app"),
    (re.compile(r"\bKAKAOTALK\b"), "KakaoTalk app"),
    (re.compile(r"\[Pinterest/(?:iOS|Android)\]"), "Pinterest app"),
    (re.compile(r"\bViber/\d"), "Viber app"),
    (re.compile(r"\bReddit/Version "), "Reddit app"),
]
_BROWSER_PREFIX = "Mozilla/5.0 "

_CRAWLER_RE = _token_re(CRAWLER_TOKENS)
_CRAWLER_CANONICAL = {t.lower(): t for t in CRAWLER_TOKENS}

_SCANNERS = [(re.compile(r"Barracuda Sentinel", re.I), "Barracuda Sentinel")]

_HTTP_LIBRARIES = [
    (re.compile(r"\bcurl/|^curl$", re.I), "curl"),
    (re.compile(r"\bWget/", re.I), "Wget"),
    (re.compile(r"python-requests", re.I), "python-requests"),
    (re.compile(r"Python-urllib", re.I), "Python-urllib"),
    (re.compile(r"python-httpx", re.I), "python-httpx"),
    (re.compile(r"\baiohttp/", re.I), "aiohttp"),
    (re.compile(r"Go-http-client", re.I), "Go-http-client"),
    (re.compile(r"\bokhttp/", re.I), "okhttp"),
    (re.compile(r"\bhttp\.rb/", re.I), "http.rb"),
    (re.compile(r"\baxios/", re.I), "axios"),
    (re.compile(r"node-fetch", re.I), "node-fetch"),
    (re.compile(r"\bundici\b", re.I), "undici"),
    (re.compile(r"^Java/|Apache-HttpClient", re.I), "Java"),
    (re.compile(r"libwww-perl", re.I), "libwww-perl"),
    (re.compile(r"\bScrapy/", re.I), "Scrapy"),
    (re.compile(r"HeadlessChrome", re.I), "HeadlessChrome"),
    (re.compile(r"PhantomJS", re.I), "PhantomJS"),
]

_BROWSERS = [  # first match wins: brands that also say "Chrome" or "Safari" come first
    (re.compile(r"\bEdg(?:e|A|iOS)?/"), "Edge"),
    (re.compile(r"\bOPR/|\bOPT/|\bOpera\b"), "Opera"),
    (re.compile(r"\bSamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"\bYaBrowser/"), "Yandex"),
    (re.compile(r"\bFirefox/|\bFxiOS/"), "Firefox"),
    (re.compile(r"; wv\)"), "WebView"),
    (re.compile(r"\bCriOS/|\bChrome/"), "Chrome"),
    (re.compile(r"\bVersion/[\d.]+ (?:Mobile/\w+ )?Safari/"), "Safari"),
    (re.compile(r"\bAppleWebKit/"), "WebView"),
    (re.compile(r"\bMSIE |\bTrident/"), "Internet Explorer"),
]
_SYSTEMS = [  # iOS before macOS ("like Mac OS X"), Android before Linux
    (re.compile(r"\biPhone|\biPad|\biPod|\bCPU OS \d"), "iOS"),
    (re.compile(r"\bAndroid\b"), "Android"),
    (re.compile(r"\bWindows\b"), "Windows"),
    (re.compile(r"\bCrOS\b"), "ChromeOS"),
    (re.compile(r"\bMacintosh\b|\bMac OS X\b"), "macOS"),
    (re.compile(r"\bLinux\b|\bX11\b"), "Linux"),
]
_VERSION_RE = re.compile(r"[/ ]?v?\d+(?:[._]\d+)+")


def classify_user_agent(user_agent: str) -> tuple[Verdict, str]:
    """The verdict and the coarse family (≤ 32 characters, no version) of one user agent."""
    return _classify(user_agent[:MAX_USER_AGENT] if user_agent else "")


@lru_cache(maxsize=8192)
def _classify(user_agent: str) -> tuple[Verdict, str]:
    if not user_agent.strip():
        return Verdict.BOT, "empty"
    if preview := _preview_family(user_agent):
        return Verdict.PREVIEW, preview
    if user_agent.startswith(_BROWSER_PREFIX):
        for pattern, app in _IN_APP:
            if pattern.search(user_agent):
                return Verdict.HUMAN, app
    if match := _CRAWLER_RE.search(user_agent):
        return Verdict.BOT, _CRAWLER_CANONICAL[match.group(0).lower()]
    for pattern, family in _SCANNERS + _HTTP_LIBRARIES:
        if pattern.search(user_agent):
            return Verdict.BOT, family
    detector = CrawlerDetect(user_agent=user_agent)  # one per call: it keeps its last match
    if detector.is_crawler():
        return Verdict.BOT, _short(detector.get_matches() or "bot")
    return Verdict.HUMAN, _browser_family(user_agent)


classify_user_agent.cache_info = _classify.cache_info  # type: ignore[attr-defined]
classify_user_agent.cache_clear = _classify.cache_clear  # type: ignore[attr-defined]


def _preview_family(user_agent: str) -> str | None:
    if _IMESSAGE_RE.search(user_agent):
        return "iMessage preview"
    found = [_PREVIEW_CANONICAL[m.group(0).lower()] for m in _PREVIEW_RE.finditer(user_agent)]
    if not found:
        return None
    token = next((t for t in _PREVIEW_PREFERRED if t in found), found[0])
    return _PREVIEW_FAMILIES.get(token) or token.strip(" /.")


def _browser_family(user_agent: str) -> str:
    browser = next((name for pattern, name in _BROWSERS if pattern.search(user_agent)), None)
    if browser is None:
        return "other"
    system = next((name for pattern, name in _SYSTEMS if pattern.search(user_agent)), None)
    return f"{browser}/{system}" if system else browser


def _short(name: str) -> str:
    """A library's match as a family: no version, no path, at most MAX_FAMILY characters."""
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
