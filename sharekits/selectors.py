"""Reads of share kits for admin pages and the portal."""

from dataclasses import dataclass

from campaigns.models import StoryPage

from .captions import measure, render_caption
from .links import short_link_length
from .models import KitImage, KitVariant, ShareKit
from .networks import NETWORKS, Network

SAMPLE_TOKEN = "AbCdEfGhIjKl"  # noqa: S105 - a placeholder shown in the admin, not a secret


@dataclass(frozen=True)
class VariantView:
    variant: KitVariant
    network: Network
    caption: str
    length: int
    limit: int | None
    image: KitImage | None


def kit_for_story(story: StoryPage) -> ShareKit | None:
    return ShareKit.objects.filter(story=story).first()


def variant_views(*, kit: ShareKit, sample_link: str) -> list[VariantView]:
    """The kit's enabled variants with a sample caption and its measured length."""
    images = {image.format: image for image in kit.images.all()}
    views = []
    for variant in kit.variants.filter(enabled=True):
        network = NETWORKS.get(variant.network)
        if network is None:
            continue
        text = variant.effective_caption
        views.append(
            VariantView(
                variant=variant,
                network=network,
                caption=render_caption(text, sample_link),
                length=measure(text, network=network, link_length=short_link_length()),
                limit=network.text_limit,
                image=images.get(variant.image_format),
            )
        )
    return views
