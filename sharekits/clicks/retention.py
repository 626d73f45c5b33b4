"""Retention limits on click data (GDPR/CNIL), enforced by Celery beat every 6 hours."""

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from sharekits.clicks.stream import REDIS_ERRORS, redis_client, stream_name
from sharekits.models import AmbassadorTally, ClickTally, SeenAddress, SeenVisitor
from sharekits.periods import Period, period_key

logger = logging.getLogger(__name__)


def purge_click_data(*, now=None) -> dict[str, int]:
    """Delete per-click detail after RELAIS_CLICK_DETAIL_DAYS and rollups after 25 months."""
    now = now or timezone.now()
    detail_days = settings.RELAIS_CLICK_DETAIL_DAYS
    rollup_months = settings.RELAIS_ROLLUP_MONTHS
    # Visitor hashes are only needed for the 24 h repeat window; their secret is gone after 48 h.
    # Address hashes only count today's people; their secret is gone after 48 h as well.
    seen, _ = SeenVisitor.objects.filter(seen_at__lt=now - timedelta(hours=48)).delete()
    addresses, _ = SeenAddress.objects.filter(seen_at__lt=now - timedelta(hours=48)).delete()
    client = redis_client()
    trimmed = 0
    if client is not None:
        cutoff_ms = int((now - timedelta(days=detail_days)).timestamp() * 1000)
        with contextlib.suppress(*REDIS_ERRORS):
            trimmed = client.xtrim(stream_name(), minid=f"{cutoff_ms}-0", approximate=False)
    oldest_day = (now - timedelta(days=rollup_months * 31)).date()
    links, _ = ClickTally.objects.filter(day__lt=oldest_day).delete()
    oldest_month = period_key(oldest_day, Period.MONTH)
    oldest_week = period_key(oldest_day, Period.WEEK)
    months, _ = AmbassadorTally.objects.filter(scope=Period.MONTH, key__lt=oldest_month).delete()
    weeks, _ = AmbassadorTally.objects.filter(scope=Period.WEEK, key__lt=oldest_week).delete()
    result = {
        "visitor_hashes": seen,
        "address_hashes": addresses,
        "stream_entries": trimmed,
        "link_days": links,
        "months": months,
        "weeks": weeks,
    }
    logger.info("click data purged: %s", result)
    return result
