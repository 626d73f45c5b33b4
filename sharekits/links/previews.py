"""The page a link-preview fetcher gets instead of the redirect: the story's Open Graph card.

Who is a preview fetcher is decided in sharekits.clicks.agents (PREVIEW_FETCHER_TOKENS and
CRAWLER_TOKENS), the same list that makes the click tally count them as previews or bots.
The card's og:url is the short link itself, so that the card keeps routing clicks through
the personal link.
"""

from sharekits.clicks.agents import is_preview_fetcher

__all__ = ["is_preview_fetcher", "preview_page"]

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
