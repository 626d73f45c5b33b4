"""A story with clicks or shares is archived, never deleted with the ambassadors' history."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from campaigns.models import StoryPage
from sharekits.models import ClickTally, KitVariant, Share
from tests.factories import AmbassadorFactory, StoryPageFactory, UserFactory


@pytest.fixture
def admin_user(db):
    return UserFactory(username="adele", is_staff=True, is_superuser=True)


@pytest.fixture
def story_with_history(built_story):
    variant = KitVariant.objects.filter(kit__story=built_story).first()
    ambassador = AmbassadorFactory()
    ClickTally.objects.create(
        ambassador=ambassador,
        variant=variant,
        day=timezone.localdate(),
        human_clicks=7,
        repeat_clicks=2,
        bot_fetches=3,
    )
    Share.objects.create(ambassador=ambassador, variant=variant, method=Share.Method.INTENT)
    return built_story


def _delete_url(page) -> str:
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def test_deleting_a_story_with_history_names_what_would_be_lost(
    client_for, admin_user, story_with_history
):
    page = client_for(admin_user).get(_delete_url(story_with_history))

    assert page.status_code == 200
    text = page.content.decode()
    assert "7" in text and "12" in text  # people reached, recorded clicks in all
    assert reverse("wagtailadmin_explore", args=[story_with_history.get_parent().pk]) in text


def test_confirming_archives_the_story_and_keeps_tallies_and_shares(
    client_for, admin_user, story_with_history
):
    response = client_for(admin_user).post(_delete_url(story_with_history))

    assert response.status_code == 302
    story = StoryPage.objects.get(pk=story_with_history.pk)
    assert not story.live
    assert ClickTally.objects.filter(variant__kit__story=story).get().human_clicks == 7
    assert Share.objects.filter(variant__kit__story=story).count() == 1


def test_a_moderator_cannot_delete_a_live_story_with_history(
    client_for, moderator, story_with_history
):
    client_for(moderator).post(_delete_url(story_with_history))

    assert StoryPage.objects.filter(pk=story_with_history.pk).exists()
    assert ClickTally.objects.filter(variant__kit__story=story_with_history).exists()


def test_a_story_without_history_is_deleted_as_usual(client_for, admin_user, story_index):
    draft = StoryPageFactory(parent=story_index)

    response = client_for(admin_user).post(_delete_url(draft))

    assert response.status_code == 302
    assert not StoryPage.objects.filter(pk=draft.pk).exists()


def test_deleting_the_index_above_a_story_with_history_archives_instead(
    client_for, admin_user, story_with_history
):
    index = story_with_history.get_parent()

    client_for(admin_user).post(_delete_url(index))

    assert StoryPage.objects.filter(pk=story_with_history.pk, live=False).exists()


def test_the_database_refuses_to_cascade_a_deletion_into_the_tallies(story_with_history):
    with pytest.raises(ProtectedError):
        StoryPage.objects.get(pk=story_with_history.pk).delete()


def test_bulk_deletion_of_stories_with_history_is_refused(
    client_for, admin_user, story_with_history
):
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={story_with_history.pk}"
    )

    client_for(admin_user).post(url, {})

    assert StoryPage.objects.filter(pk=story_with_history.pk).exists()
