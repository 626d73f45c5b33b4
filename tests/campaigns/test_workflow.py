"""Stories go live only after a moderator approves them."""

from django.test import Client
from django.urls import reverse

from campaigns.models import StoryPage

from .story_forms import add_story_url, story_form


def submit_story(client, story_index, campaign) -> StoryPage:
    response = client.post(
        add_story_url(story_index), {**story_form(campaign), "action-submit": "Submit"}
    )
    assert response.status_code == 302
    return StoryPage.objects.get(slug="fonderie-laval-recrute")


def test_submitted_story_waits_for_a_moderator_and_is_not_public(
    client_for, communicator, story_index, campaign
):
    story = submit_story(client_for(communicator), story_index, campaign)

    assert story.workflow_in_progress
    assert story.current_workflow_task.name == "Moderators approval"
    assert not story.live
    assert Client().get(story.url).status_code == 404


def test_moderator_approval_publishes_the_story(
    client_for, communicator, moderator, story_index, campaign
):
    story = submit_story(client_for(communicator), story_index, campaign)
    task_state = story.current_workflow_task_state

    response = client_for(moderator).post(
        reverse("wagtailadmin_pages:workflow_action", args=(story.pk, "approve", task_state.pk)),
        {"comment": "Parfait, on publie."},
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live
    assert not story.workflow_in_progress
    public = Client().get(story.url)
    assert public.status_code == 200
    assert "La Fonderie de Laval recrute 12 techniciens" in public.content.decode()


def test_communicator_cannot_approve_her_own_story(client_for, communicator, story_index, campaign):
    client = client_for(communicator)
    story = submit_story(client, story_index, campaign)
    task_state = story.current_workflow_task_state

    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(story.pk, "approve", task_state.pk)),
        {"comment": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")  # "permission denied"
    story.refresh_from_db()
    assert not story.live
    assert story.workflow_in_progress


def test_communicator_publish_button_does_not_make_the_story_live(
    client_for, communicator, story_index, campaign
):
    client_for(communicator).post(
        add_story_url(story_index), {**story_form(campaign), "action-publish": "Publish"}
    )

    story = StoryPage.objects.get(slug="fonderie-laval-recrute")
    assert not story.live
    assert story.first_published_at is None
    assert Client().get(story.url).status_code == 404
