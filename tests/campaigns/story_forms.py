"""Form data the Wagtail admin posts for a story, shared by the admin and workflow tests."""

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


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
