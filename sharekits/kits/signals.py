"""Bridge from Wagtail's publish events to share-kit services."""

from collections.abc import Callable

from wagtail.signals import page_published, page_unpublished

from campaigns.models import StoryPage
from sharekits.kits.services import refresh_routes, request_kit


def connect(*, enqueue_build: Callable[[int], object]) -> None:
    """Request a story's kit when it is published; refresh its routes on (un)publishing.

    `enqueue_build(story_id)` queues the build: the app passes its Celery task in, so that
    kits never import the tasks that import them.
    """

    def on_publish(sender, instance, **kwargs) -> None:
        request_kit(story=instance, enqueue_build=enqueue_build)
        refresh_routes(story=instance)

    def on_unpublish(sender, instance, **kwargs) -> None:
        refresh_routes(story=instance)

    page_published.connect(
        on_publish, sender=StoryPage, weak=False, dispatch_uid="sharekits-publish"
    )
    page_unpublished.connect(
        on_unpublish, sender=StoryPage, weak=False, dispatch_uid="sharekits-unpublish"
    )
