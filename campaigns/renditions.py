"""Cutting a story's image to a size: Wagtail's `fill` rendition, the one crop every picture uses.

`fill-WxH` is focal-point aware: it keeps the largest box of the target's shape that holds the
focal point a communicator set (the centre when there is none), and never enlarges a smaller
image. The link preview (og:image) is cut here, and so is every picture another app draws on
(`for_drawing`), so that they all show the same part of the photo.
"""

from wagtail.images.models import AbstractImage, AbstractRendition

# What browsers and link-preview fetchers download. No crop closeness ("-c100"): when the focal
# point is small, Wagtail then crops to exactly the target size without resizing and its
# rounding yields 1200×631. Plain fill still centres on it.
WEB_OUTPUT = "format-jpeg|jpegquality-82"
# What a caller draws on and encodes again: the source's own format at a high
# quality, so that a PNG stays lossless (transparency, 16-bit grey) and a photo loses next to
# nothing before its final encoding.
DRAWING_OUTPUT = "jpegquality-95|webpquality-95|avifquality-95"


def fill_spec(*, width: int, height: int, for_drawing: bool = False) -> str:
    """The rendition filter that cuts an image to width×height around its focal point."""
    return f"fill-{width}x{height}|{DRAWING_OUTPUT if for_drawing else WEB_OUTPUT}"


def fill_rendition(
    image: AbstractImage, *, width: int, height: int, for_drawing: bool = False
) -> AbstractRendition:
    """The image cut to width×height around its focal point (made once, then reused)."""
    return image.get_rendition(fill_spec(width=width, height=height, for_drawing=for_drawing))
