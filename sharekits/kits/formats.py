"""The image formats of a share kit: exact pixel sizes and a byte ceiling for each."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ImageFormat:
    """One output image: exact pixel size and a byte ceiling for the JPEG."""

    key: str
    label: str
    width: int
    height: int
    max_bytes: int

    @property
    def size(self) -> tuple[int, int]:
        """The (width, height) pair Pillow expects."""
        return (self.width, self.height)

    @property
    def full_screen(self) -> bool:
        """A 9:16 story: the app's own buttons cover its top and bottom ~250 px."""
        return self.key == "story"


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
