"""Leaderboards, read from the per-ambassador rollups (never from raw clicks).

Score = human clicks + RELAIS_SHARE_WEIGHT × shares, stored in `AmbassadorTally.score`.
Ties share a rank (1, 2, 2, 4). Names only for ambassadors who opted in.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Ambassador, AmbassadorGroup

from .models import AmbassadorTally

PERIODS = ("week", "month", "campaign", "all")
ANONYMOUS = _("Anonymous ambassador")


@dataclass(frozen=True)
class Entry:
    rank: int
    ambassador_id: int
    name: str
    score: int
    human_clicks: int
    shares: int
    is_named: bool


def period_key(period: str, *, today: date | None = None, campaign_id: int | None = None) -> str:
    """The rollup key of the current week/month, a campaign, or all time."""
    today = today or timezone.localdate()
    if period == "week":
        iso = today.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if period == "month":
        return f"{today.year}-{today.month:02d}"
    if period == "campaign":
        return str(campaign_id or 0)
    return "all"


def _rows(scope: str, key: str, group: AmbassadorGroup | None):
    rows = AmbassadorTally.objects.filter(scope=scope, key=key, score__gt=0)
    rows = rows.filter(ambassador__is_active=True)
    if group is not None:
        rows = rows.filter(ambassador__groups=group)
    return rows


def leaderboard(
    *, period: str, key: str, group: AmbassadorGroup | None = None, limit: int = 50
) -> list[Entry]:
    """The top `limit` ambassadors for a period; one query."""
    rows = (
        _rows(period, key, group)
        .order_by("-score", "ambassador_id")
        .values(
            "ambassador_id",
            "score",
            "human_clicks",
            "shares",
            "ambassador__display_name",
            "ambassador__leaderboard_opt_in",
        )[:limit]
    )
    entries: list[Entry] = []
    rank = 0
    previous = None
    for position, row in enumerate(rows, start=1):
        if row["score"] != previous:
            rank, previous = position, row["score"]
        named = row["ambassador__leaderboard_opt_in"]
        entries.append(
            Entry(
                rank=rank,
                ambassador_id=row["ambassador_id"],
                name=row["ambassador__display_name"] if named else str(ANONYMOUS),
                score=row["score"],
                human_clicks=row["human_clicks"],
                shares=row["shares"],
                is_named=named,
            )
        )
    return entries


def rank_of(
    *, ambassador: Ambassador, period: str, key: str, group: AmbassadorGroup | None = None
) -> Entry | None:
    """The ambassador's own line (rank shared on ties), or None without any score."""
    mine = AmbassadorTally.objects.filter(ambassador=ambassador, scope=period, key=key).first()
    if mine is None or mine.score == 0:
        return None
    ahead = _rows(period, key, group).filter(score__gt=mine.score).count()
    return Entry(
        rank=ahead + 1,
        ambassador_id=ambassador.pk,
        name=ambassador.display_name,
        score=mine.score,
        human_clicks=mine.human_clicks,
        shares=mine.shares,
        is_named=ambassador.leaderboard_opt_in,
    )
