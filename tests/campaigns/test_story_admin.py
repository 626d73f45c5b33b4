"""A communicator writes a story in the Wagtail admin; the form explains what is wrong, in her
language."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.users.models import UserProfile

from campaigns.models import StoryPage

from .story_forms import add_story_url, story_form


def page_text(response) -> str:
    """The admin page as the user reads it (entities decoded, tags dropped)."""
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def test_communicator_creates_a_draft_story_through_the_admin(
    client_for, communicator, story_index, campaign
):
    response = client_for(communicator).post(add_story_url(story_index), story_form(campaign))

    story = StoryPage.objects.get(slug="fonderie-laval-recrute")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(story.pk,))
    assert story.get_parent().specific == story_index
    assert not story.live
    assert story.owner == communicator
    assert story.campaign == campaign
    assert story.job_count == 12
    assert story.hashtags == "#industrie #CDI"
    assert [block.block_type for block in story.body] == ["paragraph"]
    assert "Candidatures ouvertes" in str(story.body[0].value)


def test_story_editor_opens_on_the_content_tab_then_promote(client_for, communicator, story_index):
    response = client_for(communicator).get(add_story_url(story_index))

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    labels = [" ".join(tab.find(string=True).split()) for tab in soup.select("a[role=tab]")]
    assert labels[:2] == ["Contenu", "Promotion"]
    assert soup.select_one("#tab-contenu [name=job_count]") is not None


def test_offer_expiring_before_the_jobs_start_is_refused_in_french_by_default(
    client_for, communicator, story_index, campaign
):
    response = client_for(communicator).post(
        add_story_url(story_index),
        story_form(campaign, job_starts_on="2027-03-01", job_expires_on="2027-02-01"),
    )

    assert response.status_code == 200
    assert "L'offre ne peut pas expirer avant la prise de poste." in page_text(response)
    assert not StoryPage.objects.exists()


def test_job_count_without_employer_is_refused_in_english_for_an_english_speaking_user(
    client_for, communicator, story_index, campaign
):
    profile = UserProfile.get_for_user(communicator)
    profile.preferred_language = "en"
    profile.save()

    response = client_for(communicator).post(
        add_story_url(story_index), story_form(campaign, employer="")
    )

    assert response.status_code == 200
    assert "Name the employer when you give a number of jobs." in page_text(response)
    assert not StoryPage.objects.exists()


@pytest.mark.parametrize(
    ("accept_language", "message"),
    [
        ("fr", "Laissez vide plutôt que 0 si le nombre est inconnu."),
        ("en", "Leave empty rather than 0 when the number is unknown."),
    ],
)
def test_admin_follows_the_browser_language_when_the_user_chose_none(
    client_for, communicator, story_index, campaign, accept_language, message
):
    response = client_for(communicator).post(
        add_story_url(story_index),
        story_form(campaign, job_count="0"),
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )

    assert response.status_code == 200
    assert message in page_text(response)
