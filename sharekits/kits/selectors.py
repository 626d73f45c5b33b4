"""Reads of share kits for admin pages and the portal."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone

from campaigns.models import StoryPage, campaign_reaches
from sharekits.kits.captions import render_caption
from sharekits.kits.lengths import measure
from sharekits.kits.networks import NETWORKS, Network
from sharekits.kits.sharing import share_buttons
from sharekits.links.short import short_link_length
from sharekits.models import ClickTally, KitImage, KitVariant, ShareKit

SAMPLE_TOKEN = "AbCdEfGhIjKl"  # noqa: S105 - a placeholder shown in the admin, not a secret


@dataclass(frozen=True)
class VariantView:
    variant: KitVariant
    network: Network
    caption: str
    length: int
    limit: int | None
    image: KitImage | None
    human_clicks: int = 0
    repeat_clicks: int = 0
    suspect_clicks: int = 0
    bot_fetches: int = 0
    preview_fetches: int = 0


class LinkCounts(NamedTuple):
    """A link's clicks by kind, as communicators see them (self-clicks left out)."""

    human: int = 0
    repeat: int = 0
    suspect: int = 0
    bot: int = 0
    preview: int = 0


_SUMS = {
    "human": Sum("human_clicks"),
    "repeat": Sum("repeat_clicks"),
    "suspect": Sum("suspect_clicks"),
    "bot": Sum("bot_fetches"),
    "preview": Sum("preview_fetches"),
}


def kit_for_story(story: StoryPage) -> ShareKit | None:
    return ShareKit.objects.filter(story=story).first()


def can_change_captions(*, story: StoryPage, user) -> bool:
    """Whoever may edit the story, until it is live: then only who may publish it (moderators).

    A live kit's captions go out to ambassadors as they are: changing them is publishing.
    """
    permissions = story.permissions_for_user(user)
    return permissions.can_publish() if story.live else permissions.can_edit()


def variant_views(*, kit: ShareKit, sample_link: str) -> list[VariantView]:
    """The kit's enabled variants with a sample caption and its measured length."""
    images = {image.format: image for image in kit.images.all()}
    rows = ClickTally.objects.filter(variant__kit=kit).values("variant_id").annotate(**_SUMS)
    counts = {row.pop("variant_id"): LinkCounts(**row) for row in rows}
    views = []
    for variant in kit.variants.filter(enabled=True):
        network = NETWORKS.get(variant.network)
        if network is None:
            continue
        text = variant.effective_caption
        count = counts.get(variant.pk, LinkCounts())
        views.append(
            VariantView(
                variant=variant,
                network=network,
                caption=render_caption(text, sample_link),
                length=measure(text, network=network, link_length=short_link_length()),
                limit=network.text_limit,
                image=images.get(variant.image_format),
                human_clicks=count.human,
                repeat_clicks=count.repeat,
                suspect_clicks=count.suspect,
                bot_fetches=count.bot,
                preview_fetches=count.preview,
            )
        )
    return views


def clicks_per_link(*, story: StoryPage, ambassador=None) -> dict[tuple[int, int], LinkCounts]:
    """(ambassador id, variant id) → its clicks by kind over all days, for a story."""
    rows = ClickTally.objects.filter(variant__kit__story=story)
    if ambassador is not None:
        rows = rows.filter(ambassador=ambassador)
    return {
        (r.pop("ambassador_id"), r.pop("variant_id")): LinkCounts(**r)
        for r in rows.values("ambassador_id", "variant_id").annotate(**_SUMS)
    }


@dataclass(frozen=True)
class KitCard:
    kit: ShareKit
    story: StoryPage
    buttons: list
    caption: str
    images: list[KitImage]
    share_text: str
    share_url: str
    share_variant_id: int | None = None  # the variant the phone's share sheet is recorded as


def kits_for_ambassador(*, ambassador, limit: int = 30) -> list[KitCard]:
    """Ready kits of the live stories of the ambassador's campaigns, newest first.

    A bounded number of queries whatever the number of kits (variants and images prefetched).
    """
    today = timezone.localdate()
    group_ids = list(ambassador.groups.values_list("pk", flat=True))
    kits = (
        ShareKit.objects.filter(status=ShareKit.Status.READY, story__live=True)
        .filter(campaign_reaches(group_ids, via="story__campaign__"))
        .filter(Q(story__campaign__ends_on__isnull=True) | Q(story__campaign__ends_on__gte=today))
        .filter(Q(story__job_expires_on__isnull=True) | Q(story__job_expires_on__gte=today))
        .select_related("story", "story__campaign")
        .prefetch_related(
            Prefetch("variants", queryset=KitVariant.objects.filter(enabled=True)), "images"
        )
        .distinct()
        .order_by("-story__first_published_at")[:limit]
    )
    cards = []
    for kit in kits:
        variants = list(kit.variants.all())
        images = sorted(kit.images.all(), key=lambda i: (i.width * i.height, i.format))
        buttons = share_buttons(
            kit=kit,
            ambassador_id=ambassador.pk,
            variants=variants,
            images=images,
            subject=kit.story.title,
        )
        native = next((b for b in buttons if b.network.key == "whatsapp"), None) or (
            buttons[0] if buttons else None
        )
        cards.append(
            KitCard(
                kit=kit,
                story=kit.story,
                buttons=buttons,
                caption=native.caption if native else kit.story.summary,
                images=images,
                share_text=native.caption if native else "",
                share_url=native.link if native else "",
                share_variant_id=native.variant_id if native else None,
            )
        )
    return cards
