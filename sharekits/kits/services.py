"""Building share kits from stories, and reading them for ambassadors and communicators."""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Ambassador, StoryPage
from sharekits.kits import images
from sharekits.kits.captions import CaptionInput, build_caption
from sharekits.kits.formats import FORMATS
from sharekits.kits.networks import NETWORKS, Network, enabled_networks
from sharekits.links.routes import warm_routes
from sharekits.links.short import short_link, short_link_length
from sharekits.models import KitImage, KitVariant, ShareKit


def request_kit(*, story: StoryPage, enqueue_build: Callable[[int], object]) -> ShareKit:
    """Mark the story's kit as pending; `enqueue_build(story_id)` queues the build (the task)."""
    kit, _created = ShareKit.objects.get_or_create(story=story)
    ShareKit.objects.filter(pk=kit.pk).update(
        status=ShareKit.Status.PENDING, requested_at=timezone.now(), error=""
    )
    enqueue_build(story.pk)
    kit.refresh_from_db()
    return kit


def caption_input(*, story: StoryPage) -> CaptionInput:
    campaign = story.campaign
    hashtags: list[str] = []
    seen: set[str] = set()
    for tag in f"{story.hashtags} {campaign.hashtags if campaign else ''}".split():
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            hashtags.append(tag)
    return CaptionInput(
        title=story.title,
        summary=story.summary,
        job_fact=story.job_fact_line(),
        hashtags=hashtags,
        disclosure_tag=(campaign.disclosure_tag if campaign else "") or "#ambassadeur",
    )


def build_kit(*, story: StoryPage) -> ShareKit:
    """Create or refresh one variant per enabled network, and the images. Safe to call twice."""
    campaign = story.campaign
    networks = enabled_networks(campaign.enabled_networks if campaign else [])
    data = caption_input(story=story)
    link_length = short_link_length()
    with transaction.atomic():
        kit, _created = ShareKit.objects.select_for_update().get_or_create(story=story)
        warnings = []
        if not story.hero_image_id:
            warnings.append(_("This story has no image: a branded default image is used."))
        formats = sorted({n.image_format for n in networks if n.image_format} | {"og"})
        for fmt_key in formats:
            _render_kit_image(kit=kit, story=story, fmt_key=fmt_key, job_fact=data.job_fact)
        kept = set()
        for position, network in enumerate(networks):
            variant, _created = KitVariant.objects.get_or_create(kit=kit, network=network.key)
            if not variant.caption_locked:
                variant.caption = build_caption(network=network, data=data, link_length=link_length)
            variant.image_format = network.image_format or "og"
            variant.sort_order = position
            variant.enabled = True
            variant.save()
            kept.add(variant.pk)
        kit.variants.exclude(pk__in=kept).update(enabled=False)
        kit.status = ShareKit.Status.READY
        kit.error = ""
        kit.warnings = warnings
        kit.og_title = story.seo_title or story.title
        kit.og_description = story.search_description or story.summary
        kit.built_at = timezone.now()
        kit.save()
        variant_ids = list(kit.variants.values_list("pk", flat=True))
        transaction.on_commit(lambda: warm_routes(variant_ids=variant_ids))
    return kit


def mark_kit_failed(*, story_id: int, reason: str) -> None:
    ShareKit.objects.filter(story_id=story_id).update(
        status=ShareKit.Status.FAILED, error=reason[:2000]
    )


def refresh_routes(*, story: StoryPage) -> None:
    """Re-warm the story's short-link routes (after publish, unpublish or an edit)."""
    ids = list(KitVariant.objects.filter(kit__story=story).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: warm_routes(variant_ids=ids))


def _source_key(story: StoryPage, fmt_key: str, job_fact: str) -> str:
    image = story.hero_image
    parts = [
        fmt_key,
        job_fact,
        story.title,
        str(image.pk) if image else "default",
        image.file.name if image else "",
        repr(image.get_focal_point()) if image else "",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _render_kit_image(*, kit: ShareKit, story: StoryPage, fmt_key: str, job_fact: str) -> None:
    fmt = FORMATS[fmt_key]
    key = _source_key(story, fmt_key, job_fact)
    existing = KitImage.objects.filter(kit=kit, format=fmt_key).first()
    if existing and existing.source_key == key and existing.image:
        return
    alt = story.hero_image.default_alt_text if story.hero_image_id else ""
    alt = alt or story.title
    if story.hero_image_id:
        source = images.open_rendition(image=story.hero_image, fmt=fmt)
        plain = images.render(source=source, fmt=fmt)
        card = images.render(source=source, fmt=fmt, job_fact=job_fact)
    else:
        site = settings.WAGTAIL_SITE_NAME
        plain = images.render_default(fmt=fmt, title=story.title, site_name=site)
        card = images.render_default(fmt=fmt, title=story.title, job_fact=job_fact, site_name=site)
    record = existing or KitImage(kit=kit, format=fmt_key)
    for field in ("image", "card_image"):
        old = getattr(record, field)
        if old:
            old.delete(save=False)
    record.image.save(f"{fmt_key}-{key}.jpg", ContentFile(plain), save=False)
    record.card_image.save(f"{fmt_key}-card-{key}.jpg", ContentFile(card), save=False)
    record.width, record.height = fmt.width, fmt.height
    record.alt = alt[:255]
    record.source_key = key
    record.save()


@dataclass(frozen=True)
class PersonalLink:
    ambassador: Ambassador
    network: Network
    variant_id: int
    url: str


def iter_personal_links(
    *, story: StoryPage, ambassador: Ambassador | None = None
) -> Iterator[PersonalLink]:
    """Every (ambassador, network) personal link of a story, computed, never stored."""
    kit = ShareKit.objects.filter(story=story).first()
    if kit is None:
        return
    variants = list(kit.variants.filter(enabled=True))
    if ambassador is not None:
        ambassadors = [ambassador]
    else:
        people = (
            Ambassador.objects.for_campaign(story.campaign)
            if story.campaign_id
            else Ambassador.objects.active()
        )
        ambassadors = people.order_by("display_name", "pk").iterator(chunk_size=2000)
    for person in ambassadors:
        for variant in variants:
            network = NETWORKS.get(variant.network)
            if network is None:
                continue
            yield PersonalLink(
                ambassador=person,
                network=network,
                variant_id=variant.pk,
                url=short_link(ambassador_id=person.pk, variant_id=variant.pk),
            )
