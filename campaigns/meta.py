"""Link-preview metadata (Open Graph / Twitter card) for a story."""

from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static

from .text import absolute_url

# No crop closeness ("-c100"): when the focal point is small, Wagtail then crops to exactly the
# target size without resizing and its rounding yields 1200×631. Plain fill still centres on it.
OG_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-82"
DEFAULT_OG_IMAGE = ("img/og-default.jpg", 1200, 630)


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
        rendition = story.hero_image.get_rendition(OG_IMAGE_SPEC)
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
