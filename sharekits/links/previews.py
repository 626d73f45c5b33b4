"""Link-preview fetchers (unfurlers) and the page they get instead of the redirect.

The list comes from ../shared/reference/networks.md §15: the fetchers that build link cards
in posts and chats. They must see the story's Open Graph tags, with og:url set to the short
link itself so that the card keeps routing clicks through the personal link.
"""

import re
from functools import lru_cache

PREVIEW_FETCHER_TOKENS = [
    "LinkedInBot",
    "facebookexternalhit",
    "facebookcatalog",
    "Twitterbot",
    "WhatsApp/",
    "TelegramBot",
    "Cardyb",
    "bsky.app",
    "Bluesky",
    "Mastodon/",
    "Pleroma",
    "Akkoma",
    "Misskey",
    "SummalyBot",
    "Lemmy/",
    "PeerTube/",
    "redditbot",
    "Embedly",
    "Slackbot",
    "Slack-ImgProxy",
    "Discordbot",
    "SkypeUriPreview",
    "MicrosoftPreview",
    "Microsoft Outlook",
    "Teams",
    "Pinterestbot",
    "Pinterest/0.",
    "GoogleMessages",
    "Google-PageRenderer",
    "line-poker",
    "ViberUrlDownloader",
    "ViberBot",
    "Snap URL Preview",
    "SnapURLPreview",
    "Iframely",
    "vkShare",
]
# Never a bare in-app browser name ("Snapchat", "Viber", "Pinterest/", "Line/"): the in-app
# browsers of those apps carry it too ("Snapchat/12.72", "Viber/14.7", "[Pinterest/iOS]"), and
# a person would get the card instead of the story.

# Crawlers that are not link previews (§14, §15: search engines, Meta's ads and indexing
# fetchers). They also get the card, whose canonical link keeps them on the story page, but a
# click tally records them as bots, not previews.
CRAWLER_TOKENS = [
    "Facebot",
    "meta-externalagent",
    "meta-externalfetcher",
    "meta-externalads",
    "Applebot",
    "Googlebot",
    "Google-InspectionTool",
    "bingbot",
    "DuckDuckBot",
    "YandexBot",
    "Qwantbot",
]
PREVIEW_FETCHER_RE = re.compile(
    "|".join(re.escape(t) for t in PREVIEW_FETCHER_TOKENS + CRAWLER_TOKENS), re.I
)


def is_preview_fetcher(user_agent: str) -> bool:
    """True for the user agents of link-preview fetchers and search crawlers."""
    return bool(user_agent) and _matches_preview(user_agent[:512])


@lru_cache(maxsize=8192)
def _matches_preview(user_agent: str) -> bool:
    # User agents repeat a lot: the regex runs once per distinct one in this process.
    return PREVIEW_FETCHER_RE.search(user_agent) is not None


PREVIEW_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{site_name}">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:url" content="{short_url}">
<meta property="og:locale" content="{locale}">
<meta property="og:image" content="{image}">
<meta property="og:image:secure_url" content="{image}">
<meta property="og:image:type" content="image/jpeg">
<meta property="og:image:width" content="{width}">
<meta property="og:image:height" content="{height}">
<meta property="og:image:alt" content="{alt}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="{title}">
<meta name="twitter:description" content="{description}">
<meta name="twitter:image" content="{image}">
<meta name="twitter:image:alt" content="{alt}">
<link rel="canonical" href="{canonical}">
</head><body><h1>{title}</h1><p>{description}</p><p><a href="{canonical}">{canonical}</a></p>
</body></html>
"""


def preview_page(*, og: dict, short_url: str) -> str:
    """The HTML a preview fetcher gets; every value in `og` is already HTML-escaped."""
    return PREVIEW_PAGE.format(short_url=short_url, **og)
