"""Leaderboards read from the rollups: ranks, the viewer's own line, the board asked for.

The portal page is tested in tests/cms/portal/test_leaderboard.py, the API in
tests/cms/api/test_endpoints.py and the public block in tests/cms/test_blocks.py.
"""

import pytest
from django.utils import timezone

from sharekits.periods import Period, period_key
from sharekits.scores.leaderboards import board_for, leaderboard, public_leaderboard, rank_of
from tests.factories import AmbassadorFactory, AmbassadorGroupFactory
from tests.scores import give, scored

MONTH = period_key(timezone.localdate(), Period.MONTH)


@pytest.fixture
def viewer(db):
    return AmbassadorFactory(display_name="Violette Regarde", leaderboard_opt_in=True)


def test_ties_share_a_rank_and_the_next_rank_skips(db):
    scored("Alice", clicks=10)
    scored("Bruno", clicks=7)
    scored("Chloé", shares=7)
    scored("Denis", clicks=1)

    entries = leaderboard(period="month", key=MONTH)

    assert [(e.name, e.rank, e.score) for e in entries] == [
        ("Alice", 1, 10),
        ("Bruno", 2, 7),
        ("Chloé", 2, 7),
        ("Denis", 4, 1),
    ]


def test_inactive_ambassadors_and_empty_scores_are_not_ranked(db):
    scored("Alice", clicks=3)
    scored("Parti", clicks=30, is_active=False)
    scored("Zéro")

    assert [e.name for e in leaderboard(period="month", key=MONTH)] == ["Alice"]


def test_rank_of_counts_those_ahead_in_the_group_only(viewer):
    group = AmbassadorGroupFactory(slug="expats")
    viewer.groups.add(group)
    give(viewer, clicks=5)
    scored("Alice", clicks=9)
    scored("Bruno", clicks=8).groups.add(group)

    everyone = rank_of(ambassador=viewer, period="month", key=MONTH)
    in_group = rank_of(ambassador=viewer, period="month", key=MONTH, group=group)

    assert (everyone.rank, in_group.rank) == (3, 2)
    assert rank_of(ambassador=AmbassadorFactory(), period="month", key=MONTH) is None


def test_board_for_all_time_reads_the_all_rollup(viewer):
    scored("Alice", clicks=3)

    board = board_for(ambassador=viewer, period="all")

    assert board.period == "all" and board.key == "all"
    assert [e.rank for e in board.entries] == [1]
    assert board.me is None


def test_the_viewers_own_line_follows_their_opt_in(db):
    shy = scored("Sylvain Timide", clicks=5, opt_in=False)

    board = board_for(ambassador=shy)

    assert board.me.name == "Ambassadeur anonyme" and not board.me.is_named
    assert board.entries == [board.me] and not board.me_below


def test_the_public_leaderboard_ranks_named_ambassadors_among_themselves(db):
    scored("Alice", clicks=12)
    scored("Bertrand Discret", clicks=30, opt_in=False)
    scored("Chloé", clicks=2)

    entries = public_leaderboard(limit=10)

    assert [(e.rank, e.name) for e in entries] == [(1, "Alice"), (2, "Chloé")]


def test_a_board_is_filtered_only_by_one_of_the_viewers_groups(viewer):
    mine, theirs = AmbassadorGroupFactory(slug="expats"), AmbassadorGroupFactory(slug="autres")
    viewer.groups.add(mine)
    scored("Alice", clicks=5).groups.add(mine)
    scored("Bruno", clicks=9).groups.add(theirs)

    own = board_for(ambassador=viewer, group="expats")
    other = board_for(ambassador=viewer, group="autres")

    assert (own.group, [e.name for e in own.entries]) == (mine, ["Alice"])
    assert (other.group, [e.name for e in other.entries]) == (None, ["Bruno", "Alice"])
    assert own.groups == other.groups == [mine]
