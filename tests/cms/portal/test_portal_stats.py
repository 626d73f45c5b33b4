"""An ambassador's own figures on /portal/stats/: by week, by story, by network, rank, streak.

The page reads the rollups the drain writes (AmbassadorTally per week/month/all time, ClickTally
per link and day) and the shares; here those rows are written directly for known weeks.
"""

from datetime import timedelta

import pytest
from django.utils import formats, timezone

from sharekits.models import ClickTally, Share
from sharekits.periods import Period, period_key
from tests.factories import AmbassadorFactory
from tests.kits import days_ago, story_with_kit
from tests.scores import monday, tally, week

from .test_portal import _portal_client, _soup


def _figures(page) -> dict[str, str]:
    """The headline figures, keyed by their label: {"personnes touchées": "20", …}."""
    return {
        " ".join(
            div.get_text(" ").replace(div.strong.get_text(), "", 1).split()
        ): div.strong.get_text(strip=True)
        for div in page.select(".figures > div")
    }


def _table(page, heading: str) -> list[list[str]]:
    title = next(h for h in page.select("h2") if h.get_text(strip=True) == heading)
    table = title.find_next_sibling()
    assert table.name == "table", f"no table under {heading!r}"
    return [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]


@pytest.fixture
def karim(db):
    return AmbassadorFactory(
        display_name="Karim Haddad",
        consent_at=timezone.now(),
        consent_answered_at=timezone.now(),
        leaderboard_opt_in=True,
    )


@pytest.fixture
def stories(story_index, campaign):
    """Two live stories with a WhatsApp and an X variant each."""
    return [
        story_with_kit(
            parent=story_index, campaign=campaign, title="25 CDI", published=days_ago(3)
        ),
        story_with_kit(
            parent=story_index, campaign=campaign, title="Apprentis", published=days_ago(9)
        ),
    ]


def test_stats_show_people_reached_by_week_and_the_streak(karim):
    week(karim, 0, clicks=5, shares=1)
    week(karim, 1, clicks=3)
    week(karim, 2, shares=2)
    # Three weeks ago: nothing. Four weeks ago: active, but the streak was broken since.
    week(karim, 4, clicks=9)
    tally(karim, "all", "all", clicks=17, shares=3)

    page = _soup(_portal_client(karim).get("/portal/stats/"))

    figures = _figures(page)
    assert figures["personnes touchées"] == "17"
    assert figures["partages"] == "3"
    assert figures["semaines actives d'affilée"] == "3"
    weeks = _table(page, "Par semaine")
    assert len(weeks) == 12  # the last twelve weeks, oldest first, empty weeks included
    assert weeks[-5:] == [
        [formats.date_format(monday(4), "j M"), "9", "0"],
        [formats.date_format(monday(3), "j M"), "0", "0"],
        [formats.date_format(monday(2), "j M"), "0", "2"],
        [formats.date_format(monday(1), "j M"), "3", "0"],
        [formats.date_format(monday(0), "j M"), "5", "1"],
    ]
    assert all(row[1:] == ["0", "0"] for row in weeks[:-5])


def test_the_current_week_does_not_break_a_streak_before_it_is_over(karim):
    week(karim, 1, clicks=2)
    week(karim, 2, clicks=1)

    page = _soup(_portal_client(karim).get("/portal/stats/"))
    assert _figures(page)["semaines actives d'affilée"] == "2"


def test_one_active_week_is_singular(karim):
    week(karim, 0, clicks=1)

    page = _soup(_portal_client(karim).get("/portal/stats/"))

    assert _figures(page)["semaine active d'affilée"] == "1"


def test_stats_show_people_reached_by_story_and_by_network(karim, stories):
    other = AmbassadorFactory()
    cdi, apprentis = (s.share_kit.variants.order_by("sort_order") for s in stories)
    cdi_whatsapp, cdi_x = cdi
    apprentis_whatsapp, apprentis_x = apprentis
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    ClickTally.objects.create(ambassador=karim, variant=cdi_whatsapp, day=today, human_clicks=4)
    ClickTally.objects.create(
        ambassador=karim, variant=cdi_whatsapp, day=yesterday, human_clicks=3, self_clicks=2
    )
    ClickTally.objects.create(ambassador=karim, variant=cdi_x, day=today, human_clicks=1)
    ClickTally.objects.create(ambassador=karim, variant=apprentis_x, day=today, human_clicks=2)
    # Only their own clicks on this one: nobody reached.
    ClickTally.objects.create(
        ambassador=karim, variant=apprentis_whatsapp, day=today, self_clicks=5, repeat_clicks=1
    )
    # Someone else's figures never show.
    ClickTally.objects.create(ambassador=other, variant=apprentis_x, day=today, human_clicks=50)
    Share.objects.create(ambassador=karim, variant=cdi_whatsapp, method="native")
    Share.objects.create(ambassador=karim, variant=apprentis_whatsapp, method="intent")
    Share.objects.create(ambassador=karim, variant=cdi_x, method="copy")
    Share.objects.create(ambassador=other, variant=cdi_x, method="copy")

    page = _soup(_portal_client(karim).get("/portal/stats/"))

    assert _table(page, "Par histoire") == [["25 CDI", "8"], ["Apprentis", "2"]]
    assert _table(page, "Par réseau") == [["WhatsApp", "7", "2"], ["X (Twitter)", "3", "1"]]


def test_stats_without_any_click_say_so(karim):
    page = _soup(_portal_client(karim).get("/portal/stats/"))

    empty = [p.get_text(strip=True) for p in page.select("p.empty")]
    assert len(empty) == 2
    assert _figures(page)["personnes touchées"] == "0"
    assert _figures(page)["rang ce mois-ci"] == "–"
    assert _figures(page)["rang, depuis le début"] == "–"


def test_stats_show_the_ranks_ties_shared(karim):
    """How ranks are counted (ties, inactive ambassadors) is tested with ambassador_stats in
    tests/sharekits/scores/test_stats.py; here, that the page shows them."""
    month = period_key(timezone.localdate(), Period.MONTH)
    ahead, level = AmbassadorFactory(), AmbassadorFactory()
    for ambassador, clicks in ((karim, 7), (ahead, 20), (level, 7)):
        tally(ambassador, "month", month, clicks=clicks)
    tally(karim, "all", "all", clicks=40)

    figures = _figures(_soup(_portal_client(karim).get("/portal/stats/")))

    assert figures["rang ce mois-ci"] == "2"
    assert figures["rang, depuis le début"] == "1"


def test_stats_are_for_signed_in_ambassadors(client, db):
    assert client.get("/portal/stats/")["Location"].startswith("/portal/login/")
