"""The leaderboard page of the portal: /portal/leaderboard/.

Names appear only for ambassadors who opted in; everyone else is "Ambassadeur anonyme". Ties
share a rank; each ambassador always sees their own line. The reads behind the page are tested
in tests/sharekits/scores/test_leaderboards.py, the public block in tests/cms/test_blocks.py.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from campaigns.models import AmbassadorGroup
from cms.portal.auth import portal_user
from sharekits.clicks.drain import DrainReport
from sharekits.clicks.record import Click
from sharekits.clicks.tallies import apply_clicks
from sharekits.periods import rollup_keys
from sharekits.scores.shares import add_shares
from tests.factories import AmbassadorFactory, AmbassadorGroupFactory, CampaignFactory
from tests.scores import give, scored

URL = "/portal/leaderboard/"


def signed_in(ambassador) -> Client:
    """A browser where the ambassador is logged in to the portal (consent answered)."""
    user = portal_user(ambassador=ambassador)
    ambassador.consent_answered_at = ambassador.consent_at = timezone.now()
    ambassador.save(update_fields=["consent_answered_at", "consent_at"])
    client = Client()
    client.force_login(user)
    return client


def _options(response, select_id: str) -> list:
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return page.select(f"select#{select_id} option")


@pytest.fixture
def viewer(db):
    return AmbassadorFactory(display_name="Violette Regarde", leaderboard_opt_in=True)


@pytest.fixture
def browser(viewer):
    return signed_in(viewer)


def test_visitors_who_are_not_signed_in_are_sent_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/login/")


def test_opted_out_ambassadors_appear_anonymously_and_never_by_name(browser, viewer):
    scored("Alice Affichée", clicks=12)
    scored("Bertrand Discret", clicks=9, opt_in=False)
    give(viewer, clicks=3)

    html = browser.get(URL).content.decode()

    assert "Alice Affichée" in html
    assert "Bertrand Discret" not in html
    assert "Ambassadeur anonyme" in html
    assert "Violette Regarde" in html


def test_an_ambassador_who_opted_out_sees_their_line_marked_but_not_named(db):
    shy = scored("Sylvain Timide", clicks=5, opt_in=False)
    scored("Alice Affichée", clicks=12)

    html = signed_in(shy).get(URL).content.decode()

    assert "Sylvain Timide" not in html
    assert html.count('class="is-me"') == 1
    assert "(vous)" in html


def test_ties_share_a_rank(browser, viewer):
    scored("Alice", clicks=10)
    scored("Bruno", clicks=7)
    scored("Chloé", shares=7)
    give(viewer, clicks=3)

    board = browser.get(URL).context["board"]

    assert [(e.name, e.rank) for e in board.entries] == [
        ("Alice", 1),
        ("Bruno", 2),
        ("Chloé", 2),
        ("Violette Regarde", 4),
    ]


def test_the_viewer_in_the_top_is_highlighted_in_place(browser, viewer):
    scored("Alice", clicks=10)
    give(viewer, clicks=30)

    response = browser.get(URL)
    html = response.content.decode()

    assert response.context["board"].me.rank == 1
    assert not response.context["board"].me_below
    assert '<tr class="is-me">' in html
    assert 'data-test="my-line"' not in html


def test_the_viewer_outside_the_top_50_sees_their_own_line_below_the_table(browser, viewer):
    for n in range(52):
        scored(f"Ambassadeur {n}", clicks=100 + n)
    scored("Égalité", clicks=2)
    give(viewer, clicks=2)

    response = browser.get(URL)
    board = response.context["board"]

    assert len(board.entries) == 50
    assert board.me_below
    assert board.me.rank == 53  # shares 53rd place with "Égalité"
    assert 'data-test="my-line"' in response.content.decode()


def test_the_group_filter_shows_only_that_group(browser, viewer):
    builders = AmbassadorGroupFactory(name="Entrepreneurs", slug="entrepreneurs")
    viewer.groups.add(builders)
    give(viewer, clicks=4)
    alice = scored("Alice Entrepreneuse", clicks=10)
    alice.groups.add(builders)
    scored("Bruno Étudiant", clicks=20)

    board = browser.get(URL, {"group": "entrepreneurs"}).context["board"]
    assert [e.name for e in board.entries] == ["Alice Entrepreneuse", "Violette Regarde"]
    assert board.group == builders
    assert board.me.rank == 2

    everyone = browser.get(URL, {"group": ""}).context["board"]
    assert [e.name for e in everyone.entries] == [
        "Bruno Étudiant",
        "Alice Entrepreneuse",
        "Violette Regarde",
    ]


def test_the_group_filter_offers_and_shows_only_the_viewers_groups(browser, viewer):
    mine = AmbassadorGroupFactory(name="Expatriés", slug="expats")
    viewer.groups.add(mine)
    AmbassadorGroupFactory(name="Entrepreneurs", slug="entrepreneurs")
    scored("Alice Entrepreneuse", clicks=10).groups.add(
        AmbassadorGroup.objects.get(slug="entrepreneurs")
    )
    scored("Bruno", clicks=20)

    response = browser.get(URL, {"group": "entrepreneurs"})

    board = response.context["board"]
    assert board.groups == [mine]
    assert board.group is None  # another group's board: everyone's instead
    assert [e.name for e in board.entries] == ["Bruno", "Alice Entrepreneuse"]
    options = [o["value"] for o in _options(response, "leaderboard-group")]
    assert options == ["", "expats"]


def test_period_tabs_choose_the_rollup(browser, viewer):
    today = timezone.localdate()
    last_year = today - timedelta(days=400)
    scored("Alice Ancienne", clicks=50, day=last_year)
    scored("Bruno Récent", clicks=5)

    month = browser.get(URL)  # this month by default
    html = month.content.decode()
    assert month.context["board"].period == "month"
    assert '<a href="?period=month" data-period="month" aria-current="page">' in html
    assert 'data-period="week"' in html and 'data-period="all"' in html
    assert "Alice Ancienne" not in html

    week = browser.get(URL, {"period": "week"}).context["board"]
    assert [e.name for e in week.entries] == ["Bruno Récent"]
    assert week.key == rollup_keys(today, None)[0][1]

    ever = browser.get(URL, {"period": "all"}).context["board"]
    assert [e.name for e in ever.entries] == ["Alice Ancienne", "Bruno Récent"]


def test_the_campaign_tab_offers_the_viewers_campaigns_newest_first(browser, viewer):
    today = timezone.localdate()
    mine = AmbassadorGroupFactory(slug="expats")
    viewer.groups.add(mine)
    older = CampaignFactory(name="Industrie", starts_on=today - timedelta(days=90))
    newer = CampaignFactory(name="Tourisme", starts_on=today - timedelta(days=10))
    newer.groups.add(mine)
    other = CampaignFactory(name="Réservée aux autres", starts_on=today)
    other.groups.add(AmbassadorGroupFactory(slug="autres"))
    scored("Alice Industrie", clicks=4, campaign=older)
    scored("Bruno Tourisme", clicks=6, campaign=newer)

    response = browser.get(URL, {"period": "campaign"})
    board = response.context["board"]
    assert board.campaigns == [newer, older]
    assert board.campaign == newer
    assert [e.name for e in board.entries] == ["Bruno Tourisme"]
    assert "Réservée aux autres" not in response.content.decode()

    board = browser.get(URL, {"period": "campaign", "campaign": older.pk}).context["board"]
    assert [e.name for e in board.entries] == ["Alice Industrie"]

    # A campaign the viewer is not part of falls back to their newest one.
    board = browser.get(URL, {"period": "campaign", "campaign": other.pk}).context["board"]
    assert board.campaign == newer


@pytest.mark.parametrize(
    "query",
    [
        {"period": "decade"},
        {"period": "campaign", "campaign": "abc"},
        {"period": "campaign", "campaign": "999999"},
        {"group": "no-such-group"},
        {"period": ["week", "month"], "group": "<script>"},
    ],
)
def test_invalid_parameters_fall_back_to_defaults(browser, viewer, query):
    scored("Alice", clicks=3)
    response = browser.get(URL, query)
    assert response.status_code == 200
    assert response.context["board"].group is None


def test_the_share_weight_is_shown(browser, settings):
    settings.RELAIS_SHARE_WEIGHT = 3
    html = browser.get(URL).content.decode()
    assert "Score = clics humains + 3 × partages" in html


def test_an_empty_period_says_so(browser):
    response = browser.get(URL, {"period": "week"})
    html = response.content.decode()
    assert 'data-test="no-scores"' in html
    assert '<table class="leaderboard">' not in html


def test_the_page_is_in_english_for_english_speakers(viewer):
    viewer.preferred_language = "en"
    viewer.save()
    scored("Bertrand Discret", clicks=9, opt_in=False)
    browser = signed_in(viewer)
    browser.cookies["django_language"] = "en"
    html = browser.get(URL).content.decode()
    assert "Anonymous ambassador" in html
    assert "Score = human clicks + 1 × shares" in html


def test_shares_and_drained_clicks_count_at_once(browser, viewer, built_story):
    """Leaderboards read the rollups the drain writes: no cache, fresh as soon as it commits."""
    variant = built_story.share_kit.variants.first()
    add_shares(
        ambassador_id=viewer.pk, campaign_id=built_story.campaign_id, day=timezone.localdate()
    )
    click = Click(
        ambassador_id=viewer.pk,
        variant_id=variant.pk,
        ms=int(timezone.now().timestamp() * 1000),
        verdict="human",
        self_click=False,
        digest="d" * 32,
        previous_digest="",
    )
    apply_clicks([click], report=DrainReport())

    me = browser.get(URL).context["board"].me
    assert (me.rank, me.score, me.human_clicks, me.shares) == (1, 2, 1, 1)


def test_the_page_makes_a_bounded_number_of_queries(viewer, django_assert_max_num_queries):
    group = AmbassadorGroupFactory(slug="tous")
    viewer.groups.add(group)
    browser = signed_in(viewer)

    def fill(count: int) -> None:
        for n in range(count):
            scored(f"Ambassadeur {n}-{count}", clicks=n + 5, opt_in=n % 2 == 0).groups.add(group)

    give(viewer, clicks=1)
    fill(55)  # the viewer is outside the top 50: their own line is looked up too
    with django_assert_max_num_queries(12) as few:
        response = browser.get(URL, {"group": "tous"})
    assert response.context["board"].me_below
    fill(150)
    with django_assert_max_num_queries(len(few.captured_queries)):
        browser.get(URL, {"group": "tous"})
