"""A communicator writes a story in the Wagtail admin; the form explains what is wrong, in her
language."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from campaigns.models import StoryPage


def add_story_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("campaigns", "storypage", parent.pk))


def story_form(campaign, **overrides) -> dict:
    """What the admin's add form posts for a story (StreamField and all)."""
    data = {
        "title": "La Fonderie de Laval recrute 12 techniciens",
        "slug": "fonderie-laval-recrute",
        "campaign": campaign.pk,
        "summary": "Un nouveau four électrique, douze postes, une formation sur place.",
        "hero_image": "",
        "body": streamfield(
            [("paragraph", rich_text("<p>Candidatures ouvertes dès maintenant.</p>"))]
        ),
        "employer": "Fonderie de Laval",
        "sector": "Métallurgie",
        "place": "Laval",
        "contract_type": "cdi",
        "job_count": "12",
        "apply_url": "https://emploi.example.org/offre/42",
        "job_starts_on": "2027-01-04",
        "job_expires_on": "2027-03-31",
        "hashtags": "industrie, #CDI",
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


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
