"""Bridge from Wagtail's publish events to share-kit services."""

from wagtail.signals import page_published, page_unpublished

from campaigns.models import StoryPage
from sharekits.kits.services import refresh_routes, request_kit


def _on_publish(sender, instance, **kwargs) -> None:
    request_kit(story=instance)
    refresh_routes(story=instance)


def _on_unpublish(sender, instance, **kwargs) -> None:
    refresh_routes(story=instance)


def connect() -> None:
    page_published.connect(_on_publish, sender=StoryPage, dispatch_uid="sharekits-publish")
    page_unpublished.connect(_on_unpublish, sender=StoryPage, dispatch_uid="sharekits-unpublish")
