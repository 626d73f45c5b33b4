"""An ambassador's own figures: clicks and shares by week, story and network; rank; streak."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Sum
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
    today = timezone.localdate()
    mondays = [today - timedelta(days=today.weekday(), weeks=n) for n in range(weeks)]
    keys = [period_key(d, Period.WEEK) for d in mondays]
    rows = {
        r.key: r
        for r in AmbassadorTally.objects.filter(
            ambassador=ambassador, scope=Period.WEEK, key__in=keys
        )
    }
    week_rows = [
        {
            "key": key,
            "monday": monday,
            "human_clicks": rows[key].human_clicks if key in rows else 0,
            "shares": rows[key].shares if key in rows else 0,
        }
        for key, monday in zip(keys, mondays, strict=True)
    ]
    streak = 0
    for index, row in enumerate(week_rows):
        if row["human_clicks"] or row["shares"]:
            streak += 1
        elif index == 0:
            continue  # the current week is not over: it does not break a streak
        else:
            break
    clicks = ClickTally.objects.filter(ambassador=ambassador)
    stories = list(
        clicks.values("variant__kit__story_id", "variant__kit__story__title")
        .annotate(human=Sum("human_clicks"))
        .filter(human__gt=0)  # only their own or repeated clicks: nobody reached yet
        .order_by("-human", "variant__kit__story__title")[:20]
    )
    share_counts = dict(
        Share.objects.filter(ambassador=ambassador)
        .values_list("variant__network")
        .annotate(n=Count("pk"))
        .values_list("variant__network", "n")
    )
    by_network = dict(
        clicks.values("variant__network")
        .annotate(human=Sum("human_clicks"))
        .values_list("variant__network", "human")
    )
    networks = [
        {
            "key": key,
            "label": NETWORKS[key].label if key in NETWORKS else key,
            "human_clicks": by_network.get(key, 0),
            "shares": share_counts.get(key, 0),
        }
        for key in sorted(
            set(by_network) | set(share_counts),
            key=lambda k: (-by_network.get(k, 0), -share_counts.get(k, 0), k),
        )
    ]
    total = AmbassadorTally.objects.filter(ambassador=ambassador, scope=Period.ALL).first()
    return AmbassadorStats(
        weeks=list(reversed(week_rows)),
        stories=[
            {"title": s["variant__kit__story__title"], "human_clicks": s["human"]} for s in stories
        ],
        networks=networks,
        month_rank=rank_of(
            ambassador=ambassador, period=Period.MONTH, key=period_key(today, Period.MONTH)
        ),
        all_time_rank=rank_of(ambassador=ambassador, period=Period.ALL, key=ALL_KEY),
        streak=streak,
        total_clicks=total.human_clicks if total else 0,
        total_shares=total.shares if total else 0,
    )
