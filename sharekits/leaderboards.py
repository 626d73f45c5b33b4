"""Leaderboards, read from the per-ambassador rollups (never from raw clicks).

Score = human clicks + RELAIS_SHARE_WEIGHT × shares, stored in `AmbassadorTally.score`.
Ties share a rank (1, 2, 2, 4). Names only for ambassadors who opted in.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Ambassador, AmbassadorGroup, Campaign

from .models import AmbassadorTally

PERIODS = ("week", "month", "campaign", "all")
PERIOD_LABELS = {
    "week": _("This week"),
    "month": _("This month"),
    "campaign": _("Campaign"),
    "all": _("All time"),
}
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


def _rows(scope: str, key: str, group: AmbassadorGroup | None, named_only: bool = False):
    rows = AmbassadorTally.objects.filter(scope=scope, key=key, score__gt=0)
    rows = rows.filter(ambassador__is_active=True)
    if group is not None:
        rows = rows.filter(ambassador__groups=group)
    if named_only:
        rows = rows.filter(ambassador__leaderboard_opt_in=True)
    return rows


def leaderboard(
    *,
    period: str,
    key: str,
    group: AmbassadorGroup | None = None,
    limit: int = 50,
    named_only: bool = False,
) -> list[Entry]:
    """The top `limit` ambassadors for a period; one query.

    `named_only` leaves out everyone who did not opt in (public pages): ranks are then counted
    among the ambassadors shown.
    """
    rows = (
        _rows(period, key, group, named_only)
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


# --- what pages and the API show ------------------------------------------------------


@dataclass(frozen=True)
class Board:
    """A leaderboard as one ambassador asked for it: period, filters, top lines, their own line.

    Every name in it follows the opt-in, the viewer's own line included.
    """

    period: str
    key: str
    campaign: Campaign | None
    group: AmbassadorGroup | None
    campaigns: list[Campaign]
    groups: list[AmbassadorGroup]
    entries: list[Entry]
    me: Entry | None
    me_in_top: bool
    viewer_id: int
    share_weight: int

    @property
    def tabs(self) -> list[tuple[str, str]]:
        """(period, label) of every tab, in order."""
        return [(period, str(PERIOD_LABELS[period])) for period in PERIODS]

    @property
    def me_below(self) -> bool:
        """The viewer has a score but is outside the top lines: show their line under them."""
        return self.me is not None and not self.me_in_top


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def campaigns_of(*, group_ids: list[int]) -> list[Campaign]:
    """Campaigns reaching an ambassador in these groups (no target group = everyone), newest
    first."""
    return list(
        Campaign.objects.filter(Q(groups__isnull=True) | Q(groups__in=group_ids))
        .distinct()
        .order_by("-starts_on", "-pk")
    )


def board_for(
    *,
    ambassador: Ambassador,
    period: str | None = None,
    campaign: str | int | None = None,
    group: str | None = None,
    limit: int = 50,
    today: date | None = None,
) -> Board:
    """The leaderboard an ambassador asked for; unknown parameters fall back to the defaults
    (this month, the newest of their campaigns, everyone). A bounded number of queries."""
    period = period if period in PERIODS else "month"
    group_ids = list(ambassador.groups.values_list("pk", flat=True))
    campaigns = campaigns_of(group_ids=group_ids)
    groups = list(AmbassadorGroup.objects.all())
    chosen_group = next((g for g in groups if group and g.slug == group), None)
    chosen_campaign = None
    if period == "campaign":
        wanted = _as_int(campaign)
        chosen_campaign = next((c for c in campaigns if c.pk == wanted), None) or (
            campaigns[0] if campaigns else None
        )
    key = period_key(
        period, today=today, campaign_id=chosen_campaign.pk if chosen_campaign else None
    )
    no_campaign = period == "campaign" and chosen_campaign is None
    entries = (
        [] if no_campaign else leaderboard(period=period, key=key, group=chosen_group, limit=limit)
    )
    me = next((e for e in entries if e.ambassador_id == ambassador.pk), None)
    me_in_top = me is not None
    in_group = chosen_group is None or chosen_group.pk in group_ids
    if me is None and in_group and not no_campaign:
        me = rank_of(ambassador=ambassador, period=period, key=key, group=chosen_group)
        if me is not None and not me.is_named:
            me = replace(me, name=str(ANONYMOUS))
    return Board(
        period=period,
        key=key,
        campaign=chosen_campaign,
        group=chosen_group,
        campaigns=campaigns,
        groups=groups,
        entries=entries,
        me=me,
        me_in_top=me_in_top,
        viewer_id=ambassador.pk,
        share_weight=settings.RELAIS_SHARE_WEIGHT,
    )


def public_leaderboard(*, limit: int = 10, today: date | None = None) -> list[Entry]:
    """This month's top for public pages: only ambassadors who opted in, ranked among
    themselves (the others are left out, not shown as anonymous)."""
    key = period_key("month", today=today)
    return leaderboard(period="month", key=key, limit=limit, named_only=True)
