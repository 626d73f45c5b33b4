"""Share buttons for one ambassador: one per network, with the personal link in each."""

from dataclasses import dataclass

from campaigns.text import absolute_url
from sharekits.kits.captions import render_caption
from sharekits.kits.networks import NETWORKS, Network
from sharekits.links.short import short_link
from sharekits.models import KitImage, KitVariant, ShareKit


@dataclass(frozen=True)
class ShareButton:
    network: Network
    variant_id: int
    link: str
    caption: str
    href: str | None  # None: handled in the page (Mastodon instance, download + copy)
    copy_first: bool  # the network ignores prefilled text: copy the caption, then open
    image_url: str
    image_name: str


def share_buttons(
    *,
    kit: ShareKit,
    ambassador_id: int,
    variants: list[KitVariant] | None = None,
    images: list[KitImage] | None = None,
    subject: str = "",
) -> list[ShareButton]:
    """The buttons of a kit for one ambassador (pass prefetched variants/images to save queries)."""
    variants = variants if variants is not None else list(kit.variants.filter(enabled=True))
    images = images if images is not None else list(kit.images.all())
    by_format = {image.format: image for image in images}
    buttons = []
    for variant in variants:
        network = NETWORKS.get(variant.network)
        if network is None or not variant.enabled:
            continue
        link = short_link(ambassador_id=ambassador_id, variant_id=variant.pk)
        caption = render_caption(variant.effective_caption, link)
        href = None
        if network.intent and not network.needs_instance:
            href = network.share_url(caption=caption, link=link, subject=subject)
        image = by_format.get(variant.image_format) or by_format.get("og")
        chosen = (image.card_image or image.image) if image else None
        buttons.append(
            ShareButton(
                network=network,
                variant_id=variant.pk,
                link=link,
                caption=caption,
                href=href,
                copy_first=not network.prefills_text,
                image_url=absolute_url(chosen.url) if chosen else "",
                image_name=f"{kit.story.slug}-{variant.image_format}.jpg" if chosen else "",
            )
        )
    return buttons
