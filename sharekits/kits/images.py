"""Share-kit images: each format cut by Wagtail, the job card drawn on it, a size-capped JPEG.

The crop is Wagtail's focal-point-aware `fill` rendition (`campaigns.renditions`), the same one
the story's link preview uses. Here the rendition is scaled up to the exact size when the photo
was smaller (Wagtail never enlarges), the job card is drawn on it (`lettering`), and the result
is encoded as a progressive JPEG without metadata under the format's byte cap. Stories without
an image get a branded default instead. Nothing here touches models or storage.
"""

import io

from PIL import Image, ImageCms, ImageDraw
from wagtail.images.models import AbstractImage

from campaigns.renditions import fill_rendition
from sharekits.kits.formats import ImageFormat
from sharekits.kits.lettering import (
    WHITE,
    draw_job_card,
    fit_lines,
    fit_text,
    font,
    job_card_layout,
    line_height,
)

BRAND_BLUE = (0x0E, 0x4C, 0x92)
BRAND_BLUE_DARK = (0x06, 0x24, 0x4A)

# Quality ladder for the size cap: the highest quality that fits wins.
QUALITIES = (88, 84, 80, 76, 72, 68, 64, 60, 56, 52, 48, 44, 40)


def open_rendition(*, image: AbstractImage, fmt: ImageFormat) -> Image.Image:
    """The Wagtail image cut to the format around its focal point, upright, decoded."""
    rendition = fill_rendition(image, width=fmt.width, height=fmt.height, for_drawing=True)
    with rendition.file.open("rb") as handle:
        source = Image.open(io.BytesIO(handle.read()))
        source.load()
    return source


def render(*, source: Image.Image, fmt: ImageFormat, job_fact: str = "") -> bytes:
    """The format's image from its rendition: exact size, the job card if any, capped JPEG."""
    image = _to_rgb(source)
    if image.size != fmt.size:
        # Wagtail's fill never enlarges: a smaller photo (or a rounding pixel) is scaled here.
        image = image.resize(fmt.size, Image.Resampling.LANCZOS)
    if job_fact.strip():
        image = draw_job_card(image=image, card=job_card_layout(fmt=fmt, text=job_fact))
    return encode_jpeg(image=image, max_bytes=fmt.max_bytes)


def render_default(
    *,
    fmt: ImageFormat,
    title: str,
    job_fact: str = "",
    site_name: str = "Relais",
) -> bytes:
    """A branded image (blue gradient, site name, title) for stories without a hero image."""
    width, height = fmt.size
    image = _gradient(size=fmt.size, top=BRAND_BLUE, bottom=BRAND_BLUE_DARK)
    draw = ImageDraw.Draw(image)
    margin = round(width * 0.08)
    text_width = width - 2 * margin
    # Stories lose their top and bottom ~250 px under the app's UI: keep text in the middle.
    safe_top = round(height * (0.14 if fmt.full_screen else 0.08))

    site_font = font(bold=True, size=max(14, round(min(width, height) * 0.045)))
    y = safe_top
    for line in fit_lines(site_name, site_font, text_width, max_lines=1):
        draw.text((margin, y), line, font=site_font, fill=WHITE, anchor="la")
        y += line_height(site_font)
    # A short accent rule under the site name.
    rule_h = max(2, round(height * 0.006))
    y += rule_h * 2
    draw.rectangle((margin, y, margin + round(width * 0.12), y + rule_h), fill=WHITE)
    title_top = y + rule_h * 5

    # The title takes the room left above the job card band (or the bottom margin).
    card = job_card_layout(fmt=fmt, text=job_fact) if job_fact.strip() else None
    title_bottom = (card.top if card is not None else height - safe_top) - margin // 2
    title_font, lines = fit_text(
        text=title or "",
        bold=True,
        max_width=text_width,
        max_height=max(1, title_bottom - title_top),
        max_lines=6 if fmt.full_screen else 4,
        start_size=round(min(width, height) * 0.095),
        min_size=max(12, round(min(width, height) * 0.035)),
    )
    y = title_top
    for line in lines:
        draw.text((margin, y), line, font=title_font, fill=WHITE, anchor="la")
        y += line_height(title_font)

    if card is not None:
        image = draw_job_card(image=image, card=card)
    return encode_jpeg(image=image, max_bytes=fmt.max_bytes)


def encode_jpeg(*, image: Image.Image, max_bytes: int) -> bytes:
    """Progressive JPEG without metadata at the highest ladder quality that fits in max_bytes."""
    image = _to_rgb(image)

    def encode(quality: int) -> bytes:
        buffer = io.BytesIO()
        # No exif=, icc_profile= or dpi=: Pillow then writes pixels and the bare JFIF header only.
        image.save(buffer, "JPEG", quality=quality, progressive=True, optimize=True)
        return buffer.getvalue()

    best = encode(QUALITIES[0])
    if len(best) <= max_bytes:
        return best
    lowest = encode(QUALITIES[-1])
    if len(lowest) > max_bytes:
        raise ValueError(
            f"Cannot encode a {image.width}×{image.height} JPEG under {max_bytes} bytes: "
            f"{len(lowest)} bytes at the lowest quality ({QUALITIES[-1]})."
        )
    # Binary search on the ladder (size grows with quality): a handful of encodes, not thirteen.
    best, lo, hi = lowest, 1, len(QUALITIES) - 2  # indexes still to try, high quality first
    while lo <= hi:
        mid = (lo + hi) // 2
        data = encode(QUALITIES[mid])
        if len(data) <= max_bytes:
            best, hi = data, mid - 1
        else:
            lo = mid + 1
    return best


def _to_rgb(image: Image.Image) -> Image.Image:
    """An RGB copy: alpha flattened on white, CMYK through its ICC profile, 16-bit scaled down."""
    if "transparency" in image.info and image.mode in ("P", "L", "RGB"):
        image = image.convert("RGBA")  # palette or colour-key transparency becomes an alpha band
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, WHITE)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode == "CMYK" and image.info.get("icc_profile"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
            return ImageCms.profileToProfile(
                image, profile, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to Pillow's plain conversion below
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # 16-bit greys would clip to white in a plain convert: scale 0-65535 down to 0-255 first.
        if image.mode != "F":
            image = image.convert("I")
        high = image.getextrema()[1]
        if high > 255:
            scale = 255 / max(high, 65535)
            image = image.point(lambda v: v * scale)
        image = image.convert("L")
    return image.convert("RGB")


def _gradient(
    *, size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    """A vertical two-colour gradient of the given size."""
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)
