"""Text on share-kit images: the bundled font, fitting text in a box, and the job card band.

The job card is the story's key fact ("12 CDI à Laval") in bold white on a dark band near the
bottom of the image, where every network's own interface leaves it readable.
"""

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sharekits.kits.formats import ImageFormat

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONTS_DIR / "DejaVuSans.ttf"

WHITE = (255, 255, 255)
BAND_COLOUR = (8, 16, 32, 176)  # dark navy at ~69 % opacity: white text stays legible on any photo


@lru_cache(maxsize=256)
def font(*, bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu font at a pixel size (cached: loading a TTF costs a few ms)."""
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size)


def line_height(face: ImageFont.FreeTypeFont) -> int:
    """Baseline-to-baseline distance: ascent + descent plus a little air."""
    ascent, descent = face.getmetrics()
    return round((ascent + descent) * 1.08)


def _wrap(text: str, face: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap; a word wider than max_width stays whole on its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and face.getlength(candidate) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _ellipsize(text: str, face: ImageFont.FreeTypeFont, max_width: int) -> str:
    """The longest prefix of text that fits max_width once an ellipsis is appended."""
    # Binary search on the prefix length: a pasted novel must not cost one measure per character.
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if face.getlength(text[:mid].rstrip() + "…") <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def fit_lines(
    text: str, face: ImageFont.FreeTypeFont, max_width: int, *, max_lines: int
) -> list[str]:
    """Wrap into at most max_lines that fit max_width, shortening with an ellipsis if needed."""
    lines = _wrap(text, face, max_width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    # Any line still too wide (an endless word, or the remainder) is cut visibly, never clipped.
    return [
        line if face.getlength(line) <= max_width else _ellipsize(line, face, max_width)
        for line in lines
    ]


def fit_text(
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
        face = font(bold=bold, size=size)
        lines = _wrap(text, face, max_width)
        fits_width = all(face.getlength(line) <= max_width for line in lines)
        fits_height = len(lines) * line_height(face) <= max_height
        if len(lines) <= max_lines and fits_width and fits_height:
            return face, lines
        if size <= min_size:
            # Still too long at the smallest legible size: shorten visibly rather than clip.
            room = max(1, min(max_lines, max_height // line_height(face)))
            return face, fit_lines(text, face, max_width, max_lines=room)
        size = max(min_size, math.floor(size * 0.92))


@dataclass(frozen=True)
class JobCard:
    """Where and how the job card band is drawn on an image of a given size."""

    font: ImageFont.FreeTypeFont
    lines: list[str]
    top: int
    height: int
    padding: int


def job_card_layout(*, fmt: ImageFormat, text: str) -> JobCard:
    """Lay out the job fact: the biggest bold size that fits two lines within the margins."""
    width, height = fmt.size
    short_side = min(width, height)
    margin = round(width * 0.07)  # horizontal room outside the text, each side
    padding = round(short_side * 0.035)  # vertical room inside the band, above and below
    face, lines = fit_text(
        text=text,
        bold=True,
        max_width=width - 2 * margin,
        max_height=round(height * 0.3),
        max_lines=2,
        start_size=round(short_side * 0.085),
        min_size=max(12, round(short_side * 0.035)),
    )
    band_h = len(lines) * line_height(face) + 2 * padding
    # Story: lower third, above the bottom ~250 px that Instagram/TikTok/WhatsApp cover with UI.
    # Others: near the bottom, with a gap that also survives X's centred 2:1 crop of the OG card.
    bottom = round(height * (0.80 if fmt.full_screen else 0.94))
    return JobCard(
        font=face, lines=lines, top=max(0, bottom - band_h), height=band_h, padding=padding
    )


def draw_job_card(*, image: Image.Image, card: JobCard) -> Image.Image:
    """Overlay the job fact in bold white, centred on a semi-transparent dark full-width band."""
    width = image.width
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((0, card.top, width, card.top + card.height - 1), fill=BAND_COLOUR)
    y = card.top + card.padding
    for line in card.lines:
        draw.text((width / 2, y), line, font=card.font, fill=(*WHITE, 255), anchor="ma")
        y += line_height(card.font)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
