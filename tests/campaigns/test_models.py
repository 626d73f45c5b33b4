"""What the database keeps: plain text only, tidy hashtags, one ambassador per email."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from campaigns.models import Ambassador, Campaign, StoryPage
from tests.factories import AmbassadorFactory, CampaignFactory, StoryPageFactory

SCRIPT = "<script>alert(1)</script>Bonjour"
ENCODED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;Bonjour"


@pytest.mark.parametrize("text", [SCRIPT, ENCODED_SCRIPT])
def test_ambassador_text_is_stored_without_html(db, text):
    ambassador = AmbassadorFactory(display_name=text, commune=text, organisation=text)

    ambassador.refresh_from_db()
    assert ambassador.display_name == "alert(1)Bonjour"
    assert ambassador.commune == "alert(1)Bonjour"
    assert ambassador.organisation == "alert(1)Bonjour"


@pytest.mark.parametrize("text", [SCRIPT, ENCODED_SCRIPT])
def test_campaign_text_is_stored_without_html(db, text):
    campaign = CampaignFactory(name=text, goal=text)

    campaign.refresh_from_db()
    assert campaign.name == "alert(1)Bonjour"
    assert campaign.goal == "alert(1)Bonjour"


@pytest.mark.parametrize("text", [SCRIPT, ENCODED_SCRIPT])
def test_story_text_is_stored_without_html(story_index, text):
    story = StoryPageFactory(parent=story_index, title=text, summary=text, employer=text)

    story = StoryPage.objects.get(pk=story.pk)
    assert story.title == "alert(1)Bonjour"
    assert story.summary == "alert(1)Bonjour"
    assert story.employer == "alert(1)Bonjour"


def test_plain_text_keeps_real_ampersands_and_angle_brackets(db):
    campaign = CampaignFactory(name="Salaire > SMIC & primes < 3 mois")

    campaign.refresh_from_db()
    assert campaign.name == "Salaire > SMIC & primes < 3 mois"


def test_hashtags_are_normalised_and_deduplicated(story_index):
    campaign = CampaignFactory(hashtags="emploi, #Laval #emploi")
    story = StoryPageFactory(parent=story_index, hashtags="#CDI;industrie  #cdi")

    campaign.refresh_from_db()
    story = StoryPage.objects.get(pk=story.pk)
    assert campaign.hashtags == "#emploi #Laval"
    assert story.hashtags == "#CDI #industrie"


def test_hashtags_drop_html(db):
    campaign = CampaignFactory(hashtags="<b>#Laval</b> <i>emploi</i>")

    campaign.refresh_from_db()
    assert campaign.hashtags == "#Laval #emploi"


def test_ambassador_email_is_unique_whatever_its_case_in_the_database(db):
    AmbassadorFactory(email="a@x.fr")

    # bulk_create skips save(), which lower-cases: the database constraint alone must refuse.
    with pytest.raises(IntegrityError), transaction.atomic():
        Ambassador.objects.bulk_create([Ambassador(display_name="Homonyme", email="A@x.fr")])


def test_ambassador_email_is_stored_in_lower_case_and_duplicates_are_explained(db):
    ambassador = AmbassadorFactory(email="  Lea.Martin@Exemple.FR ")
    ambassador.refresh_from_db()
    assert ambassador.email == "lea.martin@exemple.fr"

    duplicate = Ambassador(display_name="Léa M.", email="LEA.MARTIN@exemple.fr")
    with pytest.raises(ValidationError) as refused, translation.override("fr"):
        duplicate.full_clean()
    assert "Un ambassadeur avec cette adresse e-mail existe déjà." in str(refused.value)


def test_new_ambassador_is_not_shown_on_leaderboards_until_they_opt_in(db):
    ambassador = Ambassador.objects.create(display_name="Léa Martin", email="lea@exemple.fr")

    ambassador.refresh_from_db()
    assert ambassador.leaderboard_opt_in is False
    assert ambassador.is_active is True
    assert ambassador.consent_at is None


def test_campaign_cannot_end_before_it_starts_in_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.create(
            name="À l'envers",
            slug="a-l-envers",
            starts_on=datetime.date(2027, 3, 1),
            ends_on=datetime.date(2027, 2, 1),
        )


def test_story_offer_cannot_expire_before_the_jobs_start_in_the_database(story):
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryPage.objects.filter(pk=story.pk).update(
            job_starts_on=datetime.date(2027, 3, 1), job_expires_on=datetime.date(2027, 2, 1)
        )


def test_story_job_fact_line_leads_captions(story):
    assert story.job_fact_line() == "12 CDI à Laval"
    story.contract_type, story.job_count = "", 1
    assert story.job_fact_line() == "1 poste à Laval"
