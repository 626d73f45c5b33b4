"""The image formats a kit is made in."""

from sharekits.kits.formats import FORMATS


def test_formats_have_the_sizes_and_byte_caps_networks_expect():
    sizes = {key: (f.width, f.height, f.max_bytes) for key, f in FORMATS.items()}
    assert sizes == {
        "og": (1200, 630, 300_000),
        "square": (1080, 1080, 1_000_000),
        "portrait": (1080, 1350, 1_000_000),
        "story": (1080, 1920, 1_000_000),
    }
    assert all(str(f.label) for f in FORMATS.values())
