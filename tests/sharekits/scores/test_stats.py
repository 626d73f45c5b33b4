"""`ambassador_stats`: an ambassador's own figures, read from rollups, click tallies and shares.

The page that shows them is tested in tests/cms/portal/test_portal_stats.py.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from sharekits.models import ClickTally, Share
from sharekits.periods import ALL_KEY, Period, period_key
from sharekits.scores.stats import active_weeks_streak, ambassador_stats
from tests.factories import AmbassadorFactory
from tests.kits import days_ago, story_with_kit
from tests.scores import monday, tally, week


@pytest.fixture
def karim(db):
    return AmbassadorFactory(display_name="Karim Haddad", leaderboard_opt_in=True)


def test_the_last_twelve_weeks_come_oldest_first_with_the_empty_ones(karim):
    week(karim, 0, clicks=5, shares=1)
    week(karim, 3, clicks=2)
    week(karim, 12, clicks=99)  # thirteen weeks ago: out of the window

    weeks = ambassador_stats(ambassador=karim).weeks

    assert [w["monday"] for w in weeks] == [monday(n) for n in range(11, -1, -1)]
    assert [(w["human_clicks"], w["shares"]) for w in weeks[-4:]] == [
        (2, 0),
        (0, 0),
        (0, 0),
        (5, 1),
    ]
    assert sum(w["human_clicks"] for w in weeks) == 7
    assert weeks[-1]["key"] == period_key(timezone.localdate(), Period.WEEK)


def test_the_current_week_does_not_break_a_streak_before_it_is_over(karim):
    week(karim, 1, clicks=2)
    week(karim, 2, shares=1)  # a share is activity too

    assert ambassador_stats(ambassador=karim).streak == 2


@pytest.mark.parametrize(
    ("active", "streak"),
    [
        ([], 0),
        ([0], 1),
        ([0, 1, 2], 3),
        ([1, 2], 2),  # this week empty so far: the streak still stands
        ([0, 2, 3], 1),  # last week empty: broken
        ([2, 3], 0),
    ],
)
def test_active_weeks_streak(active, streak):
    weeks = [{"human_clicks": int(n in active), "shares": 0} for n in range(12)]
    assert active_weeks_streak(weeks) == streak


def test_ranks_are_shared_on_ties_and_leave_out_inactive_ambassadors(karim):
    month = period_key(timezone.localdate(), Period.MONTH)
    ahead, level = AmbassadorFactory(), AmbassadorFactory()
    gone = AmbassadorFactory(is_active=False)
    tally(karim, "month", month, clicks=6, shares=1)
    tally(ahead, "month", month, clicks=20)
    tally(level, "month", month, clicks=7)  # same score as Karim: same rank
    tally(gone, "month", month, clicks=90)  # no longer active: not ranked
    tally(ahead, "month", "2020-01", clicks=999)  # another month
    tally(karim, "all", ALL_KEY, clicks=40, shares=3)
    tally(ahead, "all", ALL_KEY, clicks=50)

    stats = ambassador_stats(ambassador=karim)

    assert (stats.month_rank.rank, stats.month_rank.score) == (2, 7)
    assert (stats.all_time_rank.rank, stats.all_time_rank.score) == (2, 43)
    assert (stats.total_clicks, stats.total_shares) == (40, 3)


def test_without_any_score_there_is_no_rank_and_totals_are_zero(karim):
    stats = ambassador_stats(ambassador=karim)

    assert stats.month_rank is None and stats.all_time_rank is None
    assert (stats.total_clicks, stats.total_shares, stats.streak) == (0, 0, 0)
    assert stats.stories == [] and stats.networks == []


def test_stories_and_networks_count_people_reached_and_shares(karim, story_index, campaign):
    cdi = story_with_kit(parent=story_index, campaign=campaign, title="CDI", published=days_ago(2))
    stage = story_with_kit(
        parent=story_index, campaign=campaign, title="Stage", published=days_ago(5)
    )
    cdi_whatsapp, cdi_x = cdi.share_kit.variants.order_by("sort_order")
    stage_whatsapp, _stage_x = stage.share_kit.variants.order_by("sort_order")
    today = timezone.localdate()
    ClickTally.objects.create(ambassador=karim, variant=cdi_x, day=today, human_clicks=3)
    ClickTally.objects.create(
        ambassador=karim, variant=cdi_x, day=today - timedelta(days=1), human_clicks=2
    )
    ClickTally.objects.create(ambassador=karim, variant=cdi_whatsapp, day=today, human_clicks=1)
    # Only their own clicks: nobody reached with this story.
    ClickTally.objects.create(ambassador=karim, variant=stage_whatsapp, day=today, self_clicks=4)
    ClickTally.objects.create(
        ambassador=AmbassadorFactory(), variant=cdi_x, day=today, human_clicks=50
    )
    Share.objects.create(ambassador=karim, variant=stage_whatsapp, method="native")
    Share.objects.create(ambassador=karim, variant=cdi_whatsapp, method="copy")

    stats = ambassador_stats(ambassador=karim)

    assert stats.stories == [{"title": "CDI", "human_clicks": 6}]
    assert [
        (n["key"], str(n["label"]), n["human_clicks"], n["shares"]) for n in stats.networks
    ] == [
        ("x", "X (Twitter)", 5, 0),
        ("whatsapp", "WhatsApp", 1, 2),
    ]
