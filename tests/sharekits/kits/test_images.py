"""Share-kit images: Wagtail's focal-point crop, exact sizes under byte caps, the job card.

Photos go through a Wagtail image, as in a kit: its `fill` rendition is the crop, and the kit
draws on it and encodes it (`open_rendition`, then `render`).
"""

import io
import random

import pytest
from django.core.files.images import ImageFile
from PIL import Image, ImageChops, ImageDraw
from wagtail.images import get_image_model
from wagtail.images.rect import Rect

from campaigns.renditions import fill_rendition
from sharekits.kits.formats import FORMATS, ImageFormat
from sharekits.kits.images import BRAND_BLUE, open_rendition, render, render_default

FORMAT_KEYS = list(FORMATS)
NARROW_KEYS = ["square", "portrait", "story"]
JOB_FACT = "12 CDI à Laval"

# The focal-point scene: a grey 3000×2000 photo with a red 200×200 square in its top-right corner.
SCENE_SIZE = (3000, 2000)
RED_SQUARE = (2650, 150, 2850, 350)
ON_RED_SQUARE = (2750, 250, 200, 200)  # Wagtail's focal point: centre x, y, width, height
BOTTOM_LEFT = (400, 1750, 300, 300)


def noise(size: tuple[int, int], *, seed: int = 0) -> Image.Image:
    """Uniform RGB noise: the worst case for JPEG size."""
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))


def wagtail_image(picture: Image.Image, *, focal_point=None, kind="PNG", **save_options):
    """A Wagtail image of the picture, as a communicator uploads it, with its focal point."""
    data = io.BytesIO()
    picture.save(data, kind, **save_options)
    image = get_image_model()(title="photo", file=ImageFile(data, name=f"photo.{kind.lower()}"))
    if focal_point is not None:
        x, y, width, height = focal_point
        image.set_focal_point(Rect.from_point(x, y, width, height))
    image.save()
    return image


def kit_image(image, fmt: ImageFormat, job_fact: str = "") -> bytes:
    """What a kit stores for a Wagtail image in one format."""
    return render(source=open_rendition(image=image, fmt=fmt), fmt=fmt, job_fact=job_fact)


def open_output(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def assert_valid_output(data: bytes, fmt: ImageFormat) -> Image.Image:
    """The contract every kit image meets: exact size, byte cap, progressive RGB JPEG, no EXIF."""
    assert len(data) <= fmt.max_bytes
    image = open_output(data)
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert image.size == (fmt.width, fmt.height)
    assert image.info.get("progressive") or image.info.get("progression")
    assert "exif" not in image.info
    assert not image.getexif()
    assert "icc_profile" not in image.info
    return image


def count_pixels(image: Image.Image, *, red: bool = False, white: bool = False) -> int:
    """How many pixels are clearly red, or clearly white (thresholds survive JPEG)."""
    r, g, b = image.split()
    if red:
        masks = [r.point(lambda v: 255 * (v > 180)), g.point(lambda v: 255 * (v < 80))]
        masks.append(b.point(lambda v: 255 * (v < 80)))
    else:
        assert white
        masks = [c.point(lambda v: 255 * (v > 200)) for c in (r, g, b)]
    mask = masks[0]
    for other in masks[1:]:
        mask = ImageChops.multiply(mask, other)
    return mask.histogram()[255]


def red_bbox(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of the clearly red pixels."""
    r, g, _b = image.convert("RGB").split()
    red = ImageChops.multiply(r.point(lambda v: 255 * (v > 180)), g.point(lambda v: 255 * (v < 80)))
    return red.getbbox()


def white_bbox(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of the clearly white pixels (the job card text on a dark image)."""
    bright = image.convert("L").point(lambda v: 255 * (v > 200))
    return bright.getbbox()


@pytest.fixture(scope="module")
def noisy_photo() -> Image.Image:
    # Large enough for Wagtail to scale every format down from it (the story needs 1,920 rows).
    return noise((3000, 2200))


@pytest.fixture(scope="module")
def scene() -> Image.Image:
    image = Image.new("RGB", SCENE_SIZE, (128, 128, 128))
    ImageDraw.Draw(image).rectangle(RED_SQUARE, fill=(220, 0, 0))
    return image


# Formats, sizes and byte caps


@pytest.mark.parametrize("key", FORMAT_KEYS)
def test_large_noisy_photo_renders_exact_size_under_the_byte_cap(db, noisy_photo, key):
    fmt = FORMATS[key]
    photo = wagtail_image(noisy_photo, kind="JPEG", quality=90)
    assert_valid_output(kit_image(photo, fmt, JOB_FACT), fmt)


@pytest.mark.parametrize("key", FORMAT_KEYS)
def test_noise_at_the_output_size_still_fits_the_byte_cap(key):
    fmt = FORMATS[key]
    # No downscaling to average the noise away: the hardest input for the quality ladder.
    assert_valid_output(render(source=noise((fmt.width, fmt.height), seed=1), fmt=fmt), fmt)


@pytest.mark.parametrize("key", FORMAT_KEYS)
def test_tiny_photo_is_enlarged_to_the_exact_size(db, key):
    fmt = FORMATS[key]
    assert_valid_output(kit_image(wagtail_image(noise((300, 200), seed=2)), fmt), fmt)


def test_impossible_byte_cap_raises_a_clear_value_error():
    fmt = ImageFormat("tiny", "Tiny", 1200, 630, 2_000)
    with pytest.raises(ValueError, match="Cannot encode a 1200×630 JPEG under 2000 bytes"):
        render(source=noise(fmt.size), fmt=fmt)


# Focal point: Wagtail's crop


@pytest.mark.parametrize("key", FORMAT_KEYS)
def test_focal_point_crop_keeps_the_whole_red_square(db, scene, key):
    fmt = FORMATS[key]
    output = open_output(kit_image(wagtail_image(scene, focal_point=ON_RED_SQUARE), fmt))
    # The crop covers the output, so the square is scaled by the larger of the two ratios.
    scale = max(fmt.width / SCENE_SIZE[0], fmt.height / SCENE_SIZE[1])
    expected_area = (200 * scale) ** 2
    assert count_pixels(output, red=True) >= 0.9 * expected_area


@pytest.mark.parametrize("key", NARROW_KEYS)
def test_focal_point_elsewhere_crops_the_red_square_out(db, scene, key):
    output = open_output(kit_image(wagtail_image(scene, focal_point=BOTTOM_LEFT), FORMATS[key]))
    assert count_pixels(output, red=True) == 0


@pytest.mark.parametrize("key", NARROW_KEYS)
def test_without_focal_point_the_crop_is_centred(db, scene, key):
    output = open_output(kit_image(wagtail_image(scene), FORMATS[key]))
    assert count_pixels(output, red=True) == 0  # the corner is outside a centred crop


def test_kit_image_and_link_preview_show_the_same_part_of_the_photo(db, scene):
    photo = wagtail_image(scene, focal_point=ON_RED_SQUARE)
    fmt = FORMATS["og"]
    kit = open_output(kit_image(photo, fmt))
    with fill_rendition(photo, width=fmt.width, height=fmt.height).file.open("rb") as handle:
        preview = open_output(handle.read())
    assert preview.size == kit.size
    kit_box, preview_box = red_bbox(kit), red_bbox(preview)
    assert kit_box is not None
    assert all(abs(a - b) <= 2 for a, b in zip(kit_box, preview_box, strict=True))


# Job card


@pytest.mark.parametrize("key", FORMAT_KEYS)
def test_job_card_draws_the_job_fact_on_a_band_near_the_bottom(key):
    fmt = FORMATS[key]
    source = Image.new("RGB", fmt.size, (128, 128, 128))
    plain = open_output(render(source=source, fmt=fmt))
    carded = open_output(render(source=source, fmt=fmt, job_fact=JOB_FACT))

    changed = ImageChops.difference(plain, carded).convert("L").point(lambda v: 255 * (v > 24))
    bbox = changed.getbbox()
    assert bbox is not None
    band_top, band_bottom = bbox[1], bbox[3]
    # Stories: the lower third. Others: the bottom half.
    lowest_top = fmt.height * 2 / 3 if key == "story" else fmt.height / 2
    assert lowest_top <= band_top < band_bottom <= fmt.height
    assert count_pixels(plain, white=True) == 0
    assert count_pixels(carded.crop((0, band_top, fmt.width, band_bottom)), white=True) > 500


@pytest.mark.parametrize("key", FORMAT_KEYS)
@pytest.mark.parametrize(
    "job_fact",
    [
        JOB_FACT,
        "Électromécanicien·ne-automaticien·ne-frigoriste-chaudronnier·ère-soudeur·euse",
        "Électromécanicien·ne de maintenance industrielle en CDI, horaires en 2x8, à "
        "Château-Gontier-sur-Mayenne, formation payée, mutuelle, prime d'équipe et 13e mois",
    ],
    ids=["short", "one-long-word", "long-sentence"],
)
def test_job_card_text_stays_inside_the_margins(key, job_fact):
    fmt = FORMATS[key]
    output = open_output(render(source=Image.new("RGB", fmt.size), fmt=fmt, job_fact=job_fact))
    left, top, right, bottom = white_bbox(output)
    assert left >= 0.05 * fmt.width and right <= 0.95 * fmt.width
    assert 0 < top < bottom < fmt.height


@pytest.mark.parametrize("key", FORMAT_KEYS)
def test_very_long_job_fact_still_renders(key):
    fmt = FORMATS[key]
    job_fact = " ".join(["Soudeur·euse TIG en CDI à Laval"] * 80) + "x" * 300
    source = noise(fmt.size, seed=3)
    assert_valid_output(render(source=source, fmt=fmt, job_fact=job_fact), fmt)


# Branded default


@pytest.mark.parametrize("key", FORMAT_KEYS)
@pytest.mark.parametrize("job_fact", ["", JOB_FACT])
def test_default_image_is_brand_blue_at_the_exact_size(key, job_fact):
    fmt = FORMATS[key]
    data = render_default(
        fmt=fmt,
        title="Quand l'usine de Laval recrute douze soudeurs : récit d'une reconversion réussie",
        job_fact=job_fact,
    )
    output = assert_valid_output(data, fmt)
    top_right = output.getpixel((fmt.width - 5, 5))
    assert all(abs(a - b) <= 12 for a, b in zip(top_right, BRAND_BLUE, strict=True))
    assert count_pixels(output, white=True) > 1000  # the site name and title are drawn


@pytest.mark.parametrize("key", FORMAT_KEYS)
def test_default_image_survives_an_empty_or_endless_title(key):
    fmt = FORMATS[key]
    assert_valid_output(render_default(fmt=fmt, title=""), fmt)
    endless = "Reconversion " * 200 + "y" * 400
    assert_valid_output(
        render_default(fmt=fmt, title=endless, job_fact=endless, site_name=endless), fmt
    )


# Source modes and metadata


def transparent_with_red_square(mode: str) -> Image.Image:
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((200, 200, 400, 400), fill=(220, 0, 0, 255))
    return image.convert(mode) if mode != "RGBA" else image


def palette_with_transparent_black() -> Image.Image:
    image = Image.new("P", (600, 600), 0)
    image.putpalette([0, 0, 0, 220, 0, 0])
    ImageDraw.Draw(image).rectangle((200, 200, 400, 400), fill=1)
    image.info["transparency"] = 0
    return image


@pytest.mark.parametrize(
    "source",
    [transparent_with_red_square("RGBA"), palette_with_transparent_black()],
    ids=["RGBA", "P-transparency"],
)
def test_transparent_pngs_are_flattened_on_white(db, source):
    fmt = FORMATS["square"]
    output = assert_valid_output(kit_image(wagtail_image(source), fmt), fmt)
    assert min(output.getpixel((10, 10))) >= 245  # transparent, so white (not black)
    assert count_pixels(output, red=True) > 0.9 * (200 * fmt.width / 600) ** 2


@pytest.mark.parametrize(
    "source",
    [
        transparent_with_red_square("LA"),
        transparent_with_red_square("PA"),
        transparent_with_red_square("RGBA").convert("P"),
        Image.new("CMYK", (400, 300), (0, 255, 255, 0)),
        Image.new("L", (400, 300), 128),
        Image.new("1", (400, 300), 1),
        Image.new("I;16", (400, 300), 32768),
        Image.new("I", (400, 300), 32768),
    ],
    ids=["LA", "PA", "P", "CMYK", "L", "1", "I;16", "I"],
)
def test_other_rendition_modes_render_as_rgb(source):
    fmt = FORMATS["og"]
    assert_valid_output(render(source=source, fmt=fmt, job_fact=JOB_FACT), fmt)


def test_sixteen_bit_grey_png_is_scaled_not_clipped_to_white(db):
    photo = wagtail_image(Image.new("I;16", (2400, 1260), 32768))
    output = open_output(kit_image(photo, FORMATS["og"]))
    assert all(120 <= c <= 136 for c in output.getpixel((600, 300)))


def jpeg_with_exif(image: Image.Image, *, orientation: int) -> Image.Image:
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8298] = "Photographer"  # Copyright
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return Image.open(io.BytesIO(buffer.getvalue()))


def test_output_has_no_exif_even_when_the_photo_has_some(db):
    source = jpeg_with_exif(Image.new("RGB", (800, 600), (90, 120, 60)), orientation=1)
    photo = wagtail_image(source, kind="JPEG", exif=source.getexif(), quality=95)
    for fmt in FORMATS.values():
        assert open_rendition(image=photo, fmt=fmt).getexif()  # Wagtail keeps it
        output = assert_valid_output(kit_image(photo, fmt, JOB_FACT), fmt)
        assert b"Camera maker" not in output.tobytes()


def test_exif_orientation_is_applied_before_cropping(db):
    # Stored sideways: red left half, blue right half; orientation 6 means "rotate 90° clockwise",
    # so upright the red half is on top.
    stored = Image.new("RGB", (800, 400), (0, 0, 220))
    ImageDraw.Draw(stored).rectangle((0, 0, 399, 399), fill=(220, 0, 0))
    source = jpeg_with_exif(stored, orientation=6)
    photo = wagtail_image(source, kind="JPEG", exif=source.getexif(), quality=95)
    output = open_output(kit_image(photo, FORMATS["square"]))
    top, bottom = output.getpixel((540, 100)), output.getpixel((540, 980))
    assert top[0] > 180 and top[2] < 80
    assert bottom[2] > 180 and bottom[0] < 80
