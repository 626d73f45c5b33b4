"""A small territory shared by the reliability tests: two groups, two ambassadors, two campaigns.

Ambassador A is in group A, reached by campaign A; ambassador B likewise with B. Each campaign
has one live story with a ready kit. Ambassadors sign in the way the portal makes them: the
mailed magic link, its confirmation button, then the consent question.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from campaigns.models import Ambassador, AmbassadorGroup, Campaign, StoryPage
from cms.portal.auth import login_link
from sharekits.links.tokens import make_token
from sharekits.models import KitImage, KitVariant, ShareKit
from tests.factories import (
    AmbassadorFactory,
    AmbassadorGroupFactory,
    CampaignFactory,
    StoryPageFactory,
    UserFactory,
)

ROLES = ("anonymous", "ambassador_a", "ambassador_b", "communicator", "moderator", "superuser")


def portal_sign_in(client: Client, ambassador: Ambassador) -> Client:
    """Open the mailed link, press its button, answer the consent question (names shown)."""
    parts = urlsplit(login_link(ambassador=ambassador))
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200, page.status_code
    form = BeautifulSoup(page.content, "html.parser").select_one("form#link-confirm-form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    signed_in = client.post(form["action"], fields)
    assert signed_in.status_code == 302, signed_in.status_code
    if signed_in["Location"].endswith("/welcome/"):
        answered = client.post(
            "/portal/welcome/", {"attribution": "yes", "leaderboard_opt_in": "on"}
        )
        assert answered.status_code == 302, answered.status_code
    return client


def ready_kit(story: StoryPage, networks: tuple[str, ...] = ("whatsapp", "x")) -> ShareKit:
    """A ready kit as the builder leaves it (rows only: the permission tests need no pixels)."""
    kit = ShareKit.objects.create(
        story=story, status=ShareKit.Status.READY, og_title=story.title, og_description=""
    )
    for position, network in enumerate(networks):
        KitVariant.objects.create(
            kit=kit,
            network=network,
            caption=f"{story.title} {{link}} #ambassadeur",
            image_format="og",
            sort_order=position,
        )
    KitImage.objects.create(
        kit=kit,
        format="og",
        image=f"sharekits/{story.pk}/og.jpg",
        card_image=f"sharekits/{story.pk}/og-card.jpg",
        width=1200,
        height=630,
    )
    return kit


@dataclass
class Side:
    """One ambassador's corner of the territory: their group, campaign, story and link."""

    group: AmbassadorGroup
    ambassador: Ambassador
    campaign: Campaign
    story: StoryPage
    kit: ShareKit
    variant: KitVariant
    token: str


@dataclass
class World:
    a: Side
    b: Side
    draft: StoryPage  # written by another communicator, never published


def _side(letter: str, story_index) -> Side:
    group = AmbassadorGroupFactory(name=f"Groupe {letter}", slug=f"groupe-{letter.lower()}")
    ambassador = AmbassadorFactory(
        display_name=f"Ambassadeur {letter}", email=f"{letter.lower()}@exemple.fr"
    )
    ambassador.groups.add(group)
    campaign = CampaignFactory(name=f"Campagne {letter}", slug=f"campagne-{letter.lower()}")
    campaign.groups.add(group)
    story = StoryPageFactory(
        parent=story_index,
        campaign=campaign,
        title=f"Histoire {letter}",
        slug=f"histoire-{letter.lower()}",
    )
    kit = ready_kit(story)
    variant = kit.variants.first()
    token = make_token(ambassador_id=ambassador.pk, variant_id=variant.pk)
    return Side(group, ambassador, campaign, story, kit, variant, token)


@pytest.fixture
def world(story_index) -> World:
    a, b = _side("A", story_index), _side("B", story_index)
    colleague = UserFactory(username="camille", groups=["Communicators"])
    draft = StoryPageFactory(
        parent=story_index,
        title="Brouillon",
        slug="brouillon",
        live=False,
        campaign=a.campaign,
        owner=colleague,
    )
    return World(a=a, b=b, draft=draft)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def clients(world, communicator, moderator, superuser) -> dict[str, Client]:
    """A browser per role, each signed in as that role signs in."""
    staff = {"communicator": communicator, "moderator": moderator, "superuser": superuser}
    browsers = {role: Client() for role in ROLES}
    portal_sign_in(browsers["ambassador_a"], world.a.ambassador)
    portal_sign_in(browsers["ambassador_b"], world.b.ambassador)
    for role, user in staff.items():
        browsers[role].force_login(user)  # the admin's own login form is not under test here
    return browsers
