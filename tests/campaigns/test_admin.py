"""Communicators manage campaigns and ambassadors from the admin; strangers cannot see them."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from sharekits.kits.networks import NETWORKS
from tests.factories import AmbassadorFactory

CAMPAIGNS = "wagtailsnippets_campaigns_campaign"
AMBASSADORS = "wagtailsnippets_campaigns_ambassador"


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def test_communicator_sees_the_campaign_list(client_for, communicator, campaign):
    response = client_for(communicator).get(reverse(f"{CAMPAIGNS}:list"))

    assert response.status_code == 200
    assert "Industrie 2026" in page_text(response)


def test_communicator_sees_the_ambassador_list(client_for, communicator):
    AmbassadorFactory(display_name="Léa Martin", email="lea.martin@exemple.fr")

    response = client_for(communicator).get(reverse(f"{AMBASSADORS}:list"))

    assert response.status_code == 200
    assert "Léa Martin" in page_text(response)


@pytest.mark.parametrize("listing", [CAMPAIGNS, AMBASSADORS])
def test_anonymous_visitor_is_sent_to_the_login_page(db, listing):
    url = reverse(f"{listing}:list")

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={url}"


def test_communicator_cannot_delete_a_campaign_but_a_moderator_can_reach_the_delete_page(
    client_for, communicator, moderator, campaign
):
    url = reverse(f"{CAMPAIGNS}:delete", args=(campaign.pk,))

    assert client_for(communicator).get(url)["Location"] == reverse("wagtailadmin_home")
    assert client_for(moderator).get(url).status_code == 200


def campaign_edit_form(client, campaign):
    """The edit page and the data its form would post, as the browser would send it."""
    url = reverse(f"{CAMPAIGNS}:edit", args=(campaign.pk,))
    response = client.get(url)
    assert response.status_code == 200
    form = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    return url, response, dict(form.lists())


def test_campaign_form_offers_one_checkbox_per_network(client_for, communicator, campaign):
    _url, response, _data = campaign_edit_form(client_for(communicator), campaign)

    soup = BeautifulSoup(response.content, "html.parser")
    boxes = soup.select("input[type=checkbox][name=enabled_networks]")
    assert [box["value"] for box in boxes] == list(NETWORKS)
    assert all(box.has_attr("checked") for box in boxes)


def test_campaign_keeps_the_networks_the_communicator_ticks(client_for, communicator, campaign):
    client = client_for(communicator)
    url, _response, data = campaign_edit_form(client, campaign)
    data["enabled_networks"] = ["linkedin", "whatsapp"]

    response = client.post(url, data)

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.enabled_networks == ["linkedin", "whatsapp"]


def test_campaign_without_any_network_is_refused_with_a_clear_message(
    client_for, communicator, campaign
):
    client = client_for(communicator)
    url, _response, data = campaign_edit_form(client, campaign)
    data.pop("enabled_networks")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Choisissez au moins un réseau." in page_text(response)
    campaign.refresh_from_db()
    assert campaign.enabled_networks == list(NETWORKS)
