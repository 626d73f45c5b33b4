"""Link-preview metadata (Open Graph / Twitter card) for a story."""

from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static

from .renditions import fill_rendition
from .text import absolute_url

OG_IMAGE_SIZE = (1200, 630)
DEFAULT_OG_IMAGE = ("img/og-default.jpg", *OG_IMAGE_SIZE)


@dataclass(frozen=True)
class PreviewImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class PreviewMeta:
    title: str
    description: str
    url: str
    image: PreviewImage
    locale: str
    site_name: str


def story_preview_image(story) -> PreviewImage:
    """The story's 1200×630 rendition (cropped on the focal point), or the branded default."""
    if story.hero_image_id:
        width, height = OG_IMAGE_SIZE
        rendition = fill_rendition(story.hero_image, width=width, height=height)
        alt = getattr(story.hero_image, "default_alt_text", "") or story.title
        return PreviewImage(absolute_url(rendition.url), rendition.width, rendition.height, alt)
    path, width, height = DEFAULT_OG_IMAGE
    return PreviewImage(absolute_url(static(path)), width, height, settings.WAGTAIL_SITE_NAME)


def story_preview_meta(story, *, url: str | None = None) -> PreviewMeta:
    """Everything a link-preview fetcher needs; `url` overrides og:url (e.g. a short link)."""
    return PreviewMeta(
        title=story.seo_title or story.title,
        description=story.search_description or story.summary,
        url=url or story.canonical_url(),
        image=story_preview_image(story),
        locale=settings.RELAIS_CONTENT_LOCALE,
        site_name=settings.WAGTAIL_SITE_NAME,
    )
