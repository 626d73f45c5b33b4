"""Leaderboards: the portal page and the public block on the home page.

Names appear only for ambassadors who opted in; everyone else is "Ambassadeur anonyme" on the
portal and left out of the public block. Ties share a rank; each ambassador always sees their own.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.portal.auth import portal_user
from sharekits.clicks.drain import DrainReport
from sharekits.clicks.record import Click
from sharekits.clicks.tallies import apply_clicks
from sharekits.models import AmbassadorTally
from sharekits.periods import rollup_keys
from sharekits.scores.leaderboards import board_for
from sharekits.scores.shares import add_shares
from tests.factories import AmbassadorFactory, AmbassadorGroupFactory, CampaignFactory

URL = "/portal/leaderboard/"


def signed_in(ambassador) -> Client:
    """A browser where the ambassador is logged in to the portal (consent answered)."""
    user = portal_user(ambassador=ambassador)
    ambassador.consent_answered_at = ambassador.consent_at = timezone.now()
    ambassador.save(update_fields=["consent_answered_at", "consent_at"])
    client = Client()
    client.force_login(user)
    return client


def scored(
    name: str, *, clicks: int = 0, shares: int = 0, opt_in=True, campaign=None, day=None, **kw
):
    """An ambassador with rollups for `day` (today): week, month, campaign and all time."""
    ambassador = AmbassadorFactory(display_name=name, leaderboard_opt_in=opt_in, **kw)
    give(ambassador, clicks=clicks, shares=shares, campaign=campaign, day=day)
    return ambassador


def give(ambassador, *, clicks: int = 0, shares: int = 0, campaign=None, day=None) -> None:
    day = day or timezone.localdate()
    AmbassadorTally.objects.bulk_create(
        AmbassadorTally(
            ambassador=ambassador,
            scope=scope,
            key=key,
            human_clicks=clicks,
            shares=shares,
            score=clicks + shares,  # RELAIS_SHARE_WEIGHT is 1 in tests
        )
        for scope, key in rollup_keys(day, campaign.pk if campaign else None)
    )


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
    alice = scored("Alice Entrepreneuse", clicks=10)
    alice.groups.add(builders)
    scored("Bruno Étudiant", clicks=20)

    board = browser.get(URL, {"group": "entrepreneurs"}).context["board"]
    assert [e.name for e in board.entries] == ["Alice Entrepreneuse"]
    assert board.group == builders
    assert board.me is None  # the viewer is not in that group

    everyone = browser.get(URL, {"group": ""}).context["board"]
    assert [e.name for e in everyone.entries] == ["Bruno Étudiant", "Alice Entrepreneuse"]


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


def test_board_for_is_the_same_for_page_and_api(db, viewer):
    scored("Alice", clicks=3)
    board = board_for(ambassador=viewer, period="all")
    assert board.period == "all" and board.key == "all"
    assert [e.rank for e in board.entries] == [1]


# --- the public block -----------------------------------------------------------------


@pytest.fixture
def home_with_block(home_page):
    home_page.body = [("leaderboard", {"heading": "Nos ambassadeurs du mois"})]
    home_page.save_revision().publish()
    return home_page


def test_the_public_block_lists_only_ambassadors_who_opted_in(client, home_with_block):
    scored("Alice Affichée", clicks=12)
    scored("Bertrand Discret", clicks=30, opt_in=False)
    scored("Chloé Affichée", clicks=12)
    scored("Denis Affiché", clicks=2)

    html = client.get("/").content.decode()

    assert "Nos ambassadeurs du mois" in html
    assert "Bertrand Discret" not in html
    assert "anonyme" not in html.lower()
    # Ranked among those shown; ties share a rank.
    assert '<li value="1"><strong>Alice Affichée</strong>' in html
    assert '<li value="1"><strong>Chloé Affichée</strong>' in html
    assert '<li value="3"><strong>Denis Affiché</strong>' in html


def test_the_public_block_shows_this_months_top_10(client, home_with_block):
    for n in range(12):
        scored(f"Ambassadeur {n:02d}", clicks=20 + n)
    scored("Alice De L'an Dernier", clicks=500, day=timezone.localdate() - timedelta(days=400))

    html = client.get("/").content.decode()

    assert html.count("<li value=") == 10
    assert "Ambassadeur 11" in html and "Ambassadeur 01" not in html
    assert "An Dernier" not in html


def test_the_public_block_has_an_empty_state(client, home_with_block):
    html = client.get("/").content.decode()
    assert "Nos ambassadeurs du mois" in html
    assert "apparaîtront ici" in html


def test_communicators_can_add_the_block_to_the_home_page(home_page, communicator, client_for):
    editor = client_for(communicator)
    edit_url = reverse("wagtailadmin_pages:edit", args=[home_page.pk])
    assert "Ambassadeurs du mois" in editor.get(edit_url).content.decode()

    data = nested_form_data(
        {
            "title": home_page.title,
            "slug": home_page.slug,
            "intro": "",
            "body": streamfield([("leaderboard", {"heading": "Nos ambassadeurs du mois"})]),
        }
    )
    response = editor.post(edit_url, data)

    assert response.status_code == 302
    home_page.refresh_from_db()
    draft = home_page.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["leaderboard"]
