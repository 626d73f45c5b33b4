"""Rollup periods: the one place that says how a day maps to a leaderboard row's key.

`AmbassadorTally` keeps one row per ambassador and (scope, key): the ISO week "2026-W48", the
month "2026-11", the campaign id "12" (0 for stories outside any campaign) or "all". The drain
and the share counter write those rows, the leaderboards, stats and retention read them: all go
through `period_key`, so a week is never spelt two ways. This module sits beside the models,
below the four parts of the app, because both the drain (clicks) and the scores use it.
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    WEEK = "week", _("This week")
    MONTH = "month", _("This month")
    CAMPAIGN = "campaign", _("Campaign")
    ALL = "all", _("All time")


ALL_KEY = "all"


def period_key(day: date, period: Period | str, *, campaign_id: int | None = None) -> str:
    """The rollup key of `day` for a period: "2026-W48", "2026-11", "12" or "all"."""
    if period == Period.WEEK:
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if period == Period.MONTH:
        return f"{day.year}-{day.month:02d}"
    if period == Period.CAMPAIGN:
        return str(campaign_id or 0)
    if period == Period.ALL:
        return ALL_KEY
    raise ValueError(f"unknown period: {period!r}")


def rollup_keys(day: date, campaign_id: int | None) -> list[tuple[str, str]]:
    """Every (scope, key) row that a click or share of `day` in a campaign adds to."""
    return [(period.value, period_key(day, period, campaign_id=campaign_id)) for period in Period]
