from celery import shared_task
from django.db import OperationalError

from campaigns.models import StoryPage
from sharekits.kits.services import build_kit, mark_kit_failed


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


@shared_task(ignore_result=True)
def drain_clicks_task() -> None:
    """Apply captured clicks to the tallies (every few seconds, from beat)."""
    from sharekits.clicks.drain import drain_clicks

    drain_clicks()


@shared_task(ignore_result=True)
def purge_click_data_task() -> None:
    """Enforce the retention limits on click data."""
    from sharekits.clicks.retention import purge_click_data

    purge_click_data()
