"""`manage.py seed_demo` builds a demo territory, can be run again, and never touches production."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.images import get_image_model

from campaigns.models import Ambassador, AmbassadorGroup, Campaign, StoryPage
from cms.portal.forms import LoginForm


def demo_counts() -> dict[str, int]:
    return {
        "campaigns": Campaign.objects.count(),
        "live stories": StoryPage.objects.live().count(),
        "ambassadors": Ambassador.objects.count(),
        "ambassador groups": AmbassadorGroup.objects.count(),
        "images": get_image_model().objects.count(),
        "staff groups": Group.objects.count(),
    }


def test_seed_demo_twice_leaves_the_same_demo(db, capsys):
    call_command("seed_demo")
    first = demo_counts()
    call_command("seed_demo")

    assert demo_counts() == first
    assert first["campaigns"] == 3
    assert first["live stories"] == 12
    assert first["ambassadors"] == 50
    assert first["ambassador groups"] == 4
    assert first["images"] == 12
    assert "Demo ready: 3 campaigns, 12 stories, 50 ambassadors in 4 groups." in (
        capsys.readouterr().out
    )


def test_seeded_demo_logins_and_stories_work(db):
    call_command("seed_demo")

    communicator = Client()
    assert communicator.login(username="communicant", password="relais-demo-2026")
    assert communicator.get("/admin/").status_code == 200
    story = StoryPage.objects.live().first()
    assert Client().get(story.url).status_code == 200


def test_every_demo_ambassador_can_ask_for_a_sign_in_link(db):
    call_command("seed_demo")

    emails = list(Ambassador.objects.values_list("email", flat=True))
    refused = [email for email in emails if not LoginForm(data={"email": email}).is_valid()]

    assert len(emails) == 50
    assert refused == []


def test_seed_demo_gives_plain_addresses_to_ambassadors_seeded_with_accents(db):
    call_command("seed_demo")
    Ambassador.objects.filter(email="lea.durand.1@exemple.fr").update(
        email="léa.durand.1@exemple.fr"
    )

    call_command("seed_demo")

    assert Ambassador.objects.count() == 50
    assert Ambassador.objects.filter(email="lea.durand.1@exemple.fr").exists()


def test_seed_demo_refuses_to_run_with_production_settings(db, settings):
    settings.RELAIS_PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")

    assert not Campaign.objects.exists()
    assert not Ambassador.objects.exists()
