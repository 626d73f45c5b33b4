"""The story editor's "Share kit" tab: added by the share kits, after the story's own tabs."""

from bs4 import BeautifulSoup
from django.urls import reverse

from tests.campaigns.story_forms import add_story_url


def tabs(response) -> dict[str, str]:
    """Tab label → the text of its panel, in the order the editor shows them."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        " ".join(tab.find(string=True, recursive=False).split()): " ".join(
            soup.select_one(tab["href"]).get_text(" ").split()
        )
        for tab in soup.select("a[role=tab]")
    }


def test_story_editor_ends_with_a_share_kit_tab_that_opens_the_kit(
    client_for, communicator, built_story
):
    response = client_for(communicator).get(
        reverse("wagtailadmin_pages:edit", args=[built_story.pk])
    )

    assert response.status_code == 200
    shown = tabs(response)
    assert list(shown)[-1] == "Kit de partage"
    assert "Kit prêt" in shown["Kit de partage"]
    kit_url = reverse("sharekits_admin:kit", args=[built_story.pk])
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"#tab-kit_de_partage a[href='{kit_url}']") is not None


def test_new_story_editor_says_the_kit_comes_with_publication(
    client_for, communicator, story_index
):
    response = client_for(communicator).get(add_story_url(story_index))

    assert response.status_code == 200
    assert tabs(response)["Kit de partage"] == (
        "Le kit de partage est préparé quand l'histoire est publiée."
    )
