"""Leaderboard rollups written directly, as the drain and the share counter leave them.

Score = clicks + shares: RELAIS_SHARE_WEIGHT is 1 in tests.
"""

from datetime import date, timedelta

from django.utils import timezone

from sharekits.models import AmbassadorTally
from sharekits.periods import Period, period_key, rollup_keys
from tests.factories import AmbassadorFactory


def tally(ambassador, scope: str, key: str, *, clicks: int = 0, shares: int = 0) -> None:
    """One rollup row: `scope` "week", "month", "campaign" or "all" and its key."""
    AmbassadorTally.objects.create(
        ambassador=ambassador,
        scope=scope,
        key=key,
        human_clicks=clicks,
        shares=shares,
        score=clicks + shares,
    )


def monday(weeks_ago: int) -> date:
    """The Monday of the week `weeks_ago` weeks before this one (0: this week)."""
    today = timezone.localdate()
    return today - timedelta(days=today.weekday(), weeks=weeks_ago)


def week(ambassador, weeks_ago: int, *, clicks: int = 0, shares: int = 0) -> None:
    """The rollup row of one week, `weeks_ago` weeks before this one (0: this week)."""
    key = period_key(monday(weeks_ago), Period.WEEK)
    tally(ambassador, Period.WEEK.value, key, clicks=clicks, shares=shares)


def give(ambassador, *, clicks: int = 0, shares: int = 0, campaign=None, day=None) -> None:
    """Rollups of `day` (today) for every period: its week, month, campaign and all time."""
    day = day or timezone.localdate()
    AmbassadorTally.objects.bulk_create(
        AmbassadorTally(
            ambassador=ambassador,
            scope=scope,
            key=key,
            human_clicks=clicks,
            shares=shares,
            score=clicks + shares,
        )
        for scope, key in rollup_keys(day, campaign.pk if campaign else None)
    )


def scored(
    name: str, *, clicks: int = 0, shares: int = 0, opt_in=True, campaign=None, day=None, **kw
):
    """A new ambassador with rollups for `day` (today): week, month, campaign and all time."""
    ambassador = AmbassadorFactory(display_name=name, leaderboard_opt_in=opt_in, **kw)
    give(ambassador, clicks=clicks, shares=shares, campaign=campaign, day=day)
    return ambassador
