"""Click data is kept no longer than promised (GDPR/CNIL), and beat keeps that promise."""

from datetime import timedelta

from django.utils import timezone

from sharekits.clicks.retention import purge_click_data
from sharekits.models import AmbassadorTally, ClickTally, SeenVisitor


def test_retention_purges_old_visitor_hashes_and_old_rollups(links):
    ambassador, variant, _token = links[0]
    now = timezone.now()
    SeenVisitor.objects.create(digest=1, seen_at=now - timedelta(hours=49))
    SeenVisitor.objects.create(digest=2, seen_at=now - timedelta(hours=2))
    ClickTally.objects.create(
        ambassador=ambassador,
        variant=variant,
        day=(now - timedelta(days=800)).date(),
        human_clicks=3,
    )
    ClickTally.objects.create(
        ambassador=ambassador, variant=variant, day=now.date(), human_clicks=1
    )
    AmbassadorTally.objects.create(
        ambassador=ambassador, scope="month", key="2020-01", human_clicks=4
    )
    purge_click_data(now=now)
    assert list(SeenVisitor.objects.values_list("digest", flat=True)) == [2]
    assert ClickTally.objects.count() == 1
    assert not AmbassadorTally.objects.filter(key="2020-01").exists()


def test_beat_counts_clicks_within_seconds_and_purges_old_data_at_least_daily(settings):
    every = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    # Leaderboards are fresh within a drain interval: seconds, not minutes.
    assert every["sharekits.tasks.drain_clicks_task"] <= 15
    # Visitor hashes must go after 48 h: a purge a day at least keeps them under 72 h.
    assert every["sharekits.tasks.purge_click_data_task"] <= 24 * 3600
