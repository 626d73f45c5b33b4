"""The home page's "Ambassadors of the month" block: public, so only names that opted in.

Those who did not opt in are left out entirely (not even as anonymous), and the ones shown are
ranked among themselves.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.scores import scored


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
    scored("Alice Ancienne", clicks=500, day=timezone.localdate() - timedelta(days=400))

    html = client.get("/").content.decode()

    assert html.count("<li value=") == 10
    assert "Ambassadeur 11" in html and "Ambassadeur 01" not in html
    assert "Alice Ancienne" not in html  # top of another month


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
