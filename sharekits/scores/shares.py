"""Shares: an ambassador pressed a share button in the portal, and what it adds to the score.

Score = human clicks + RELAIS_SHARE_WEIGHT × shares. Only the first share of a variant per day
scores, so pressing the same button again cannot pump a leaderboard; and only a variant of a
kit on the ambassador's own page counts (a campaign meant for other groups is refused).
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from campaigns.models import Ambassador, campaign_reaches
from sharekits.clicks.tallies import add_to_rollups, shares_row
from sharekits.models import KitVariant, Share
from sharekits.periods import rollup_keys


def add_shares(*, ambassador_id: int, campaign_id: int | None, day: date, count: int = 1) -> None:
    """Count shares in every leaderboard rollup of `day` (score = clicks + weight × shares)."""
    add_to_rollups(
        {
            (ambassador_id, scope, key): shares_row(count)
            for scope, key in rollup_keys(day, campaign_id)
        }
    )


class NotTargeted(Exception):
    """The variant's campaign targets groups the ambassador is not in: not theirs to share."""


def _is_for(*, ambassador: Ambassador, variant: KitVariant) -> bool:
    """The variant's campaign reaches the ambassador (the rule of their kits page)."""
    return (
        KitVariant.objects.filter(pk=variant.pk)
        .filter(campaign_reaches(ambassador.groups.all(), via="kit__story__campaign__"))
        .exists()
    )


def record_share(*, ambassador: Ambassador, variant_id: int, method: str) -> bool:
    """A press on a share button: stored; the first one per variant and day scores.

    Pressing the same button again the same day is kept (it is what happened) but does not
    add to the leaderboard, so a score cannot be inflated by repeated presses. False for an
    unknown method or variant; `NotTargeted` for a variant of a campaign not meant for them.
    """
    if method not in Share.Method.values:
        return False
    variant = (
        KitVariant.objects.select_related("kit__story").filter(pk=variant_id, enabled=True).first()
    )
    if variant is None:
        return False
    if not _is_for(ambassador=ambassador, variant=variant):
        raise NotTargeted(variant_id)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    with transaction.atomic():
        already = Share.objects.filter(
            ambassador=ambassador, variant=variant, created_at__gte=start
        ).exists()
        Share.objects.create(ambassador=ambassador, variant=variant, method=method)
        if already:
            return True
        add_shares(
            ambassador_id=ambassador.pk,
            campaign_id=variant.kit.story.campaign_id,
            day=today,
        )
    return True
