from celery import shared_task
from django.db import OperationalError

from campaigns.models import StoryPage

from .services import build_kit, mark_kit_failed


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def build_kit_task(self, story_id: int) -> None:
    """Build (or refresh) the share kit of a live story."""
    story = StoryPage.objects.live().filter(pk=story_id).select_related("campaign").first()
    if story is None:
        return
    try:
        build_kit(story=story)
    except OperationalError:
        raise
    except Exception as exc:
        mark_kit_failed(story_id=story_id, reason=f"{type(exc).__name__}: {exc}")
        raise
