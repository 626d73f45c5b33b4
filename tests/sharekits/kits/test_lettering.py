"""Text on kit images: the bundled font, and a job card that shrinks before it shortens."""

from pathlib import Path

import pytest

import sharekits
from sharekits.kits.formats import FORMATS
from sharekits.kits.lettering import FONT_BOLD, FONT_REGULAR, job_card_layout

JOB_FACT = "12 CDI à Laval"


@pytest.mark.parametrize("key", list(FORMATS))
def test_job_card_shrinks_the_font_before_shortening_the_text(key):
    fmt = FORMATS[key]
    short = job_card_layout(fmt=fmt, text=JOB_FACT)
    sentence = "Électromécanicien·ne de maintenance industrielle en CDI à Château-Gontier"
    longer = job_card_layout(fmt=fmt, text=sentence)
    assert short.lines == [JOB_FACT]
    assert " ".join(longer.lines) == sentence and len(longer.lines) <= 2
    assert longer.font.size < short.font.size
    endless = job_card_layout(fmt=fmt, text="Soudeur·euse TIG " * 100)
    assert len(endless.lines) == 2 and endless.lines[-1].endswith("…")


def test_fonts_and_licence_are_bundled_with_the_app():
    fonts_dir = Path(sharekits.__file__).resolve().parent / "kits" / "fonts"
    bundled = [FONT_BOLD, FONT_REGULAR]
    assert bundled == [fonts_dir / "DejaVuSans-Bold.ttf", fonts_dir / "DejaVuSans.ttf"]
    assert FONT_BOLD.is_file() and FONT_REGULAR.is_file()
    licence = (fonts_dir / "LICENSE-DejaVu.txt").read_text()
    assert "Bitstream Vera Fonts Copyright" in licence
    assert "DejaVu changes are in public domain" in licence
