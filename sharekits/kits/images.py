"""Share-kit images: focal-point crops, the job card band and size-capped JPEG encoding.

Plain functions on Pillow images: no models, no storage, no Celery. The caller opens the source
(a Wagtail original), passes its focal point, and stores the bytes under a new file name.
"""

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONTS_DIR / "DejaVuSans.ttf"

BRAND_BLUE = (0x0E, 0x4C, 0x92)
BRAND_BLUE_DARK = (0x06, 0x24, 0x4A)
WHITE = (255, 255, 255)
BAND_COLOUR = (8, 16, 32, 176)  # dark navy at ~69 % opacity: white text stays legible on any photo

# Quality ladder for the size cap: the highest quality that fits wins.
QUALITIES = (88, 84, 80, 76, 72, 68, 64, 60, 56, 52, 48, 44, 40)


@dataclass(frozen=True)
class ImageFormat:
    """One output rendition: exact pixel size and a byte ceiling for the JPEG."""

    key: str
    label: str
    width: int
    height: int
    max_bytes: int

    @property
    def size(self) -> tuple[int, int]:
        """The (width, height) pair Pillow expects."""
        return (self.width, self.height)


# Byte limits are decimal (300 KB = 300,000 bytes): the stricter reading of every network's rule.
FORMATS: dict[str, ImageFormat] = {
    f.key: f
    for f in [
        ImageFormat("og", _("Link preview"), 1200, 630, 300_000),
        ImageFormat("square", _("Square post"), 1080, 1080, 1_000_000),
        ImageFormat("portrait", _("Portrait post"), 1080, 1350, 1_000_000),
        ImageFormat("story", _("Story"), 1080, 1920, 1_000_000),
    ]
}


@dataclass(frozen=True)
class FocalPoint:
    """Wagtail's focal point: centre (x, y) and box size, in source pixels."""

    x: int
    y: int
    width: int
    height: int

    @classmethod
    def from_image(cls, image: object) -> "FocalPoint | None":
        """The focal point of a Wagtail image (or anything with focal_point_* fields), if set."""
        values = [getattr(image, f"focal_point_{k}", None) for k in ("x", "y", "width", "height")]
        return None if any(v is None for v in values) else cls(*values)

    def box(self) -> tuple[float, float, float, float]:
        """The (left, top, right, bottom) box, as Wagtail's Rect.from_point computes it."""
        return (
            self.x - self.width / 2,
            self.y - self.height / 2,
            self.x + self.width / 2,
            self.y + self.height / 2,
        )


def crop_box(
    *,
    source_size: tuple[int, int],
    target_size: tuple[int, int],
    focal_point: FocalPoint | None,
) -> tuple[int, int, int, int]:
    """Largest target-ratio box in the source, centred on the focal point and kept inside."""
    src_w, src_h = source_size
    tgt_w, tgt_h = target_size
    if min(src_w, src_h, tgt_w, tgt_h) < 1:
        raise ValueError(f"Sizes must be positive: source {source_size}, target {target_size}")

    # One side spans the whole source; the other follows the target ratio (integer compare).
    if src_w * tgt_h >= src_h * tgt_w:
        box_h = src_h
        box_w = min(src_w, max(1, round(src_h * tgt_w / tgt_h)))
    else:
        box_w = src_w
        box_h = min(src_h, max(1, round(src_w * tgt_h / tgt_w)))

    if focal_point is None:
        left = (src_w - box_w) // 2
        top = (src_h - box_h) // 2
        return (left, top, left + box_w, top + box_h)

    f_left, f_top, f_right, f_bottom = focal_point.box()
    left = _place(
        size=src_w, extent=box_w, centre=focal_point.x, span_start=f_left, span_end=f_right
    )
    top = _place(
        size=src_h, extent=box_h, centre=focal_point.y, span_start=f_top, span_end=f_bottom
    )
    return (left, top, left + box_w, top + box_h)


def _place(*, size: int, extent: int, centre: float, span_start: float, span_end: float) -> int:
    """Start of an `extent` window in [0, size] centred on `centre`, covering the span if it can."""
    centre = min(max(centre, 0), size)
    # The focal span in whole pixels, clipped to the source (a stale focal point may overhang).
    lo = math.floor(min(max(span_start, 0), size))
    hi = math.ceil(min(max(span_end, 0), size))
    start = round(centre - extent / 2)
    if hi - lo <= extent:
        # Any start in [hi - extent, lo] covers the span; that range always meets [0, size-extent].
        start = min(max(start, hi - extent), lo)
    return min(max(start, 0), size - extent)


def render(
    *,
    source: Image.Image,
    fmt: ImageFormat,
    focal_point: FocalPoint | None = None,
    job_fact: str = "",
) -> bytes:
    """Crop on the focal point, resize to the exact format, add the job card, cap the JPEG size."""
    image = _to_rgb(ImageOps.exif_transpose(source))
    box = crop_box(source_size=image.size, target_size=fmt.size, focal_point=focal_point)
    image = image.resize(fmt.size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    if job_fact.strip():
        image = _draw_job_card(image=image, card=_job_card_layout(fmt=fmt, text=job_fact))
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
    safe_top = round(height * 0.14) if fmt.key == "story" else round(height * 0.08)

    site_font = _font(bold=True, size=max(14, round(min(width, height) * 0.045)))
    site_lines = _fit_lines(site_name, site_font, text_width, max_lines=1)
    y = safe_top
    for line in site_lines:
        draw.text((margin, y), line, font=site_font, fill=WHITE, anchor="la")
        y += _line_height(site_font)
    # A short accent rule under the site name.
    rule_h = max(2, round(height * 0.006))
    y += rule_h * 2
    draw.rectangle((margin, y, margin + round(width * 0.12), y + rule_h), fill=WHITE)
    title_top = y + rule_h * 5

    # The title takes the room left above the job card band (or the bottom margin).
    card = _job_card_layout(fmt=fmt, text=job_fact) if job_fact.strip() else None
    title_bottom = (card.top if card is not None else height - safe_top) - margin // 2
    max_lines = 6 if fmt.key == "story" else 4
    font, lines = _fit_text(
        text=title or "",
        bold=True,
        max_width=text_width,
        max_height=max(1, title_bottom - title_top),
        max_lines=max_lines,
        start_size=round(min(width, height) * 0.095),
        min_size=max(12, round(min(width, height) * 0.035)),
    )
    y = title_top
    for line in lines:
        draw.text((margin, y), line, font=font, fill=WHITE, anchor="la")
        y += _line_height(font)

    if card is not None:
        image = _draw_job_card(image=image, card=card)
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


@lru_cache(maxsize=256)
def _font(*, bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu font at a pixel size (cached: loading a TTF costs a few ms)."""
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    """Baseline-to-baseline distance: ascent + descent plus a little air."""
    ascent, descent = font.getmetrics()
    return round((ascent + descent) * 1.08)


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap; a word wider than max_width stays whole on its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> str:
    """The longest prefix of text that fits max_width once an ellipsis is appended."""
    # Binary search on the prefix length: a pasted novel must not cost one measure per character.
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.getlength(text[:mid].rstrip() + "…") <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def _fit_lines(
    text: str, font: ImageFont.FreeTypeFont, max_width: int, *, max_lines: int
) -> list[str]:
    """Wrap into at most max_lines that fit max_width, shortening with an ellipsis if needed."""
    lines = _wrap(text, font, max_width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    # Any line still too wide (an endless word, or the remainder) is cut visibly, never clipped.
    return [
        line if font.getlength(line) <= max_width else _ellipsize(line, font, max_width)
        for line in lines
    ]


def _fit_text(
    *,
    text: str,
    bold: bool,
    max_width: int,
    max_height: int,
    max_lines: int,
    start_size: int,
    min_size: int,
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font (down to min_size) whose wrapped lines fit the box; else ellipsize."""
    text = " ".join(text.split())
    size = max(start_size, min_size)
    while True:
        font = _font(bold=bold, size=size)
        lines = _wrap(text, font, max_width)
        fits_width = all(font.getlength(line) <= max_width for line in lines)
        fits_height = len(lines) * _line_height(font) <= max_height
        if len(lines) <= max_lines and fits_width and fits_height:
            return font, lines
        if size <= min_size:
            # Still too long at the smallest legible size: shorten visibly rather than clip.
            room = max(1, min(max_lines, max_height // _line_height(font)))
            return font, _fit_lines(text, font, max_width, max_lines=room)
        size = max(min_size, math.floor(size * 0.92))


@dataclass(frozen=True)
class _JobCard:
    """Where and how the job card band is drawn on an image of a given size."""

    font: ImageFont.FreeTypeFont
    lines: list[str]
    top: int
    height: int
    padding: int


def _job_card_layout(*, fmt: ImageFormat, text: str) -> _JobCard:
    """Lay out the job fact: the biggest bold size that fits two lines within the margins."""
    width, height = fmt.size
    short_side = min(width, height)
    margin = round(width * 0.07)  # horizontal room outside the text, each side
    padding = round(short_side * 0.035)  # vertical room inside the band, above and below
    font, lines = _fit_text(
        text=text,
        bold=True,
        max_width=width - 2 * margin,
        max_height=round(height * 0.3),
        max_lines=2,
        start_size=round(short_side * 0.085),
        min_size=max(12, round(short_side * 0.035)),
    )
    band_h = len(lines) * _line_height(font) + 2 * padding
    # Story: lower third, above the bottom ~250 px that Instagram/TikTok/WhatsApp cover with UI.
    # Others: near the bottom, with a gap that also survives X's centred 2:1 crop of the OG card.
    bottom = round(height * (0.80 if fmt.key == "story" else 0.94))
    return _JobCard(
        font=font,
        lines=lines,
        top=max(0, bottom - band_h),
        height=band_h,
        padding=padding,
    )


def _draw_job_card(*, image: Image.Image, card: _JobCard) -> Image.Image:
    """Overlay the job fact in bold white, centred on a semi-transparent dark full-width band."""
    width = image.width
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((0, card.top, width, card.top + card.height - 1), fill=BAND_COLOUR)
    y = card.top + card.padding
    for line in card.lines:
        draw.text((width / 2, y), line, font=card.font, fill=(*WHITE, 255), anchor="ma")
        y += _line_height(card.font)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
