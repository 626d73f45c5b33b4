"""Communicators see a warning on the kit page when a link bursts or gathers suspects."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sharekits.kits.bursts import BURST_MIN_CLICKS, SUSPECTS_TODAY, burst_warnings
from sharekits.models import ClickTally
from tests.factories import AmbassadorFactory


@pytest.fixture
def link(built_story):
    ambassador = AmbassadorFactory(display_name="Zoé")
    variant = built_story.share_kit.variants.get(network="whatsapp")
    return ambassador, variant


def _tally(link, *, days_ago=0, **counts):
    ambassador, variant = link
    day = timezone.localdate() - timedelta(days=days_ago)
    ClickTally.objects.create(ambassador=ambassador, variant=variant, day=day, **counts)


def _warnings(built_story):
    return burst_warnings(kit=built_story.share_kit)


def test_a_link_with_many_suspects_today_is_flagged(built_story, link, client, communicator):
    _tally(link, human_clicks=3, suspect_clicks=SUSPECTS_TODAY + 1)
    [warning] = _warnings(built_story)
    assert (warning.ambassador, warning.people, warning.suspects) == ("Zoé", 3, SUSPECTS_TODAY + 1)
    client.force_login(communicator)
    html = client.get(reverse("sharekits_admin:kit", args=[built_story.pk])).content.decode()
    assert "Pic suspect" in html or "Suspicious burst" in html
    assert "Zoé" in html


def test_a_link_far_above_its_usual_rate_is_flagged_and_a_steady_one_is_not(built_story, link):
    _tally(link, human_clicks=BURST_MIN_CLICKS)
    assert len(_warnings(built_story)) == 1  # nothing before: far above its usual rate
    for days_ago in range(1, 29):
        _tally(link, days_ago=days_ago, human_clicks=BURST_MIN_CLICKS)
    assert _warnings(built_story) == []  # as many every day: its usual rate


def test_a_quiet_link_and_yesterdays_suspects_are_not_flagged(built_story, link, client):
    _tally(link, human_clicks=BURST_MIN_CLICKS - 1, suspect_clicks=SUSPECTS_TODAY)
    _tally(link, days_ago=1, suspect_clicks=500)
    assert _warnings(built_story) == []
