"""Stories with a ready share kit, written directly (no image rendering): fast fixtures."""

from datetime import datetime, timedelta

from django.utils import timezone

from sharekits.models import KitImage, KitVariant, ShareKit
from tests.factories import StoryPageFactory


def story_with_kit(*, parent, campaign, title, published, networks=("whatsapp", "x"), **fields):
    """A live story with a ready kit (variants and images as the builder leaves them)."""
    status = fields.pop("kit_status", ShareKit.Status.READY)
    story = StoryPageFactory(
        parent=parent, campaign=campaign, title=title, first_published_at=published, **fields
    )
    kit = ShareKit.objects.create(story=story, status=status)
    for position, network in enumerate(networks):
        KitVariant.objects.create(
            kit=kit,
            network=network,
            caption=f"{title} : on recrute ! {{link}} #ambassadeur",
            image_format="og",
            sort_order=position,
        )
    for fmt, width, height in (("og", 1200, 630), ("square", 1080, 1080)):
        KitImage.objects.create(
            kit=kit,
            format=fmt,
            image=f"sharekits/{story.pk}/{fmt}.jpg",
            card_image=f"sharekits/{story.pk}/{fmt}-card.jpg",
            width=width,
            height=height,
            alt=title,
        )
    return story


def days_ago(days: int) -> datetime:
    """A moment `days` days ago (a story's first publication, say)."""
    return timezone.now() - timedelta(days=days)
