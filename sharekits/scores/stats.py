"""An ambassador's own figures: clicks and shares by week, story and network; rank; streak."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from campaigns.models import Ambassador
from sharekits.kits.networks import NETWORKS
from sharekits.models import AmbassadorTally, ClickTally, Share
from sharekits.periods import ALL_KEY, Period, period_key
from sharekits.scores.leaderboards import Entry, rank_of


@dataclass(frozen=True)
class AmbassadorStats:
    weeks: list[dict]
    stories: list[dict]
    networks: list[dict]
    month_rank: Entry | None
    all_time_rank: Entry | None
    streak: int
    total_clicks: int
    total_shares: int


def ambassador_stats(*, ambassador: Ambassador, weeks: int = 12) -> AmbassadorStats:
    """The figures of the ambassador's stats page and of /api/me/stats: a bounded set of reads."""
    today = timezone.localdate()
    week_rows = _weeks(ambassador=ambassador, today=today, count=weeks)
    clicks = ClickTally.objects.filter(ambassador=ambassador)
    total = AmbassadorTally.objects.filter(ambassador=ambassador, scope=Period.ALL).first()
    return AmbassadorStats(
        weeks=list(reversed(week_rows)),
        stories=_stories(clicks=clicks),
        networks=_networks(ambassador=ambassador, clicks=clicks),
        month_rank=rank_of(
            ambassador=ambassador, period=Period.MONTH, key=period_key(today, Period.MONTH)
        ),
        all_time_rank=rank_of(ambassador=ambassador, period=Period.ALL, key=ALL_KEY),
        streak=active_weeks_streak(week_rows),
        total_clicks=total.human_clicks if total else 0,
        total_shares=total.shares if total else 0,
    )


def _weeks(*, ambassador: Ambassador, today: date, count: int) -> list[dict]:
    """People reached and shares of the last `count` weeks, this week first, empty ones too."""
    mondays = [today - timedelta(days=today.weekday(), weeks=n) for n in range(count)]
    keys = [period_key(d, Period.WEEK) for d in mondays]
    rows = {
        r.key: r
        for r in AmbassadorTally.objects.filter(
            ambassador=ambassador, scope=Period.WEEK, key__in=keys
        )
    }
    return [
        {
            "key": key,
            "monday": monday,
            "human_clicks": rows[key].human_clicks if key in rows else 0,
            "shares": rows[key].shares if key in rows else 0,
        }
        for key, monday in zip(keys, mondays, strict=True)
    ]


def active_weeks_streak(weeks: list[dict]) -> int:
    """Weeks in a row with a person reached or a share, counted back from this week (first).

    The current week is not over: an empty one does not break the streak.
    """
    streak = 0
    for index, row in enumerate(weeks):
        if row["human_clicks"] or row["shares"]:
            streak += 1
        elif index > 0:
            break
    return streak


def _stories(*, clicks: QuerySet) -> list[dict]:
    """People reached per story, most first (stories with only their own clicks left out)."""
    rows = (
        clicks.values("variant__kit__story_id", "variant__kit__story__title")
        .annotate(human=Sum("human_clicks"))
        .filter(human__gt=0)
        .order_by("-human", "variant__kit__story__title")[:20]
    )
    return [{"title": r["variant__kit__story__title"], "human_clicks": r["human"]} for r in rows]


def _networks(*, ambassador: Ambassador, clicks: QuerySet) -> list[dict]:
    """People reached and shares per network, most reached first."""
    shares = dict(
        Share.objects.filter(ambassador=ambassador)
        .values_list("variant__network")
        .annotate(n=Count("pk"))
        .values_list("variant__network", "n")
    )
    reached = dict(
        clicks.values("variant__network")
        .annotate(human=Sum("human_clicks"))
        .values_list("variant__network", "human")
    )
    order = sorted(
        set(reached) | set(shares),
        key=lambda k: (-reached.get(k, 0), -shares.get(k, 0), k),
    )
    return [
        {
            "key": key,
            "label": NETWORKS[key].label if key in NETWORKS else key,
            "human_clicks": reached.get(key, 0),
            "shares": shares.get(key, 0),
        }
        for key in order
    ]
