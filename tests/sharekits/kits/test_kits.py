"""Share kits: built on publish by Celery, one variant per enabled network, stable on rebuild."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from PIL import Image

from campaigns.models import StoryPage
from sharekits.kits.formats import FORMATS
from sharekits.kits.forms import VariantCaptionForm
from sharekits.kits.lengths import measure
from sharekits.kits.networks import NETWORKS
from sharekits.kits.overrides import validate_caption
from sharekits.kits.services import build_kit
from sharekits.links.short import short_link_length
from sharekits.models import KitImage, KitVariant, ShareKit
from tests.factories import CampaignFactory, ImageFactory, StoryPageFactory, UserFactory


def _kit_snapshot(story):
    kit = ShareKit.objects.get(story=story)
    return (
        kit.pk,
        sorted(kit.variants.values_list("pk", "network", "caption", "image_format")),
        sorted(kit.images.values_list("pk", "format", "image", "card_image")),
    )


def test_kit_has_one_variant_per_enabled_network_within_limits(built_story):
    kit = ShareKit.objects.get(story=built_story)
    assert kit.status == ShareKit.Status.READY
    keys = list(kit.variants.values_list("network", flat=True))
    assert keys == [k for k in NETWORKS if k in built_story.campaign.enabled_networks]
    for variant in kit.variants.all():
        network = NETWORKS[variant.network]
        assert "#ambassadeur" in variant.caption
        if network.text_limit:
            assert measure(variant.caption, network=network, link_length=short_link_length()) <= (
                network.text_limit
            )


def test_kit_images_have_the_exact_size_of_each_format(built_story):
    for image in KitImage.objects.filter(kit__story=built_story):
        fmt = FORMATS[image.format]
        for field in (image.image, image.card_image):
            with Image.open(field.path) as img:
                assert img.size == (fmt.width, fmt.height)
            assert field.size <= fmt.max_bytes


def test_only_the_campaign_networks_are_prepared(story_index):
    campaign = CampaignFactory(slug="deux-reseaux", enabled_networks=["linkedin", "x"])
    story = StoryPageFactory(parent=story_index, campaign=campaign)
    kit = build_kit(story=story)
    assert sorted(kit.variants.values_list("network", flat=True)) == ["linkedin", "x"]


def test_building_twice_gives_the_same_kit(built_story):
    before = _kit_snapshot(built_story)
    build_kit(story=built_story)
    assert _kit_snapshot(built_story) == before


def test_story_without_image_gets_the_branded_default_and_a_warning(story_index):
    story = StoryPageFactory(parent=story_index, hero_image=None)
    kit = build_kit(story=story)
    assert kit.warnings
    og = kit.images.get(format="og")
    with Image.open(og.image.path) as img:
        assert img.size == (1200, 630)


def test_locked_caption_survives_a_rebuild_and_unlocked_ones_follow_the_story(built_story):
    kit = ShareKit.objects.get(story=built_story)
    locked = kit.variants.get(network="linkedin")
    locked.caption_override = "Mon texte {link} #ambassadeur"
    locked.caption_locked = True
    locked.caption = "figé"
    locked.save()
    built_story.title = "Un tout nouveau titre pour la fonderie"
    built_story.save_revision().publish()
    build_kit(story=StoryPage.objects.get(pk=built_story.pk))
    locked.refresh_from_db()
    assert locked.caption == "figé"
    assert locked.effective_caption == "Mon texte {link} #ambassadeur"
    assert "Un tout nouveau titre" in kit.variants.get(network="whatsapp").caption


def test_caption_override_longer_than_the_network_allows_is_refused_with_a_clear_message(
    built_story,
):
    variant = KitVariant.objects.get(kit__story=built_story, network="x")
    form = VariantCaptionForm(
        data={"caption_override": "Emploi " * 80 + "{link} #ambassadeur"}, instance=variant
    )
    assert not form.is_valid()
    assert "280" in str(form.errors["caption_override"])


def test_caption_override_must_keep_the_link():
    with pytest.raises(ValidationError):
        validate_caption(
            network=NETWORKS["whatsapp"], text="Sans lien #ambassadeur", link_length=40
        )


def _published_story():
    from cms.models import HomePage
    from tests.factories import StoryIndexPageFactory

    index = StoryIndexPageFactory(parent=HomePage.objects.get())
    story = StoryPageFactory(parent=index, hero_image=ImageFactory(), live=False)
    story.save_revision().publish()
    return story


def _while_sqlite_is_locked(action, seconds=30):
    """Run action, again while SQLite's shared in-memory test DB is locked by the worker."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _wait_for_kit(story, *, built_after=None) -> ShareKit:
    """The story's kit once a worker has built it (after `built_after`, when given)."""
    deadline = time.monotonic() + 60
    kit = None
    while time.monotonic() < deadline:
        kit = _while_sqlite_is_locked(lambda: ShareKit.objects.filter(story=story).first())
        ready = kit is not None and kit.status == ShareKit.Status.READY
        if ready and (built_after is None or kit.built_at > built_after):
            return kit
        time.sleep(0.2)
    raise AssertionError(f"No kit built in 60 s: {kit and (kit.status, kit.error)}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_a_story_builds_its_kit_through_a_real_worker(celery_worker_thread):
    story = _published_story()
    kit = _wait_for_kit(story)
    assert kit.variants.count() == len(story.campaign.enabled_networks)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rebuild_button_builds_the_kit_again_through_a_real_worker(celery_worker_thread):
    client = Client()
    client.force_login(UserFactory(username="claire", groups=["Communicators"]))
    story = _published_story()
    first = _wait_for_kit(story)

    response = _while_sqlite_is_locked(
        lambda: client.post(reverse("sharekits_admin:rebuild", args=[story.pk]))
    )

    assert response["Location"] == reverse("sharekits_admin:kit", args=[story.pk])
    assert _wait_for_kit(story, built_after=first.built_at).pk == first.pk


def test_rebuild_button_asks_to_publish_an_unpublished_story_first(
    client_for, communicator, built_story
):
    built_story.unpublish()

    response = client_for(communicator).post(
        reverse("sharekits_admin:rebuild", args=[built_story.pk]), follow=True
    )

    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Publiez d'abord l'histoire" in text
    assert ShareKit.objects.get(story=built_story).status == ShareKit.Status.READY


def _sharekits_rows() -> dict[str, int]:
    from django.apps import apps

    return {m.__name__: m.objects.count() for m in apps.get_app_config("sharekits").get_models()}


def test_publishing_for_many_ambassadors_inserts_no_row_per_ambassador(story_index):
    from tests.factories import AmbassadorFactory

    few = build_kit(story=StoryPageFactory(parent=story_index, slug="peu"))
    rows_with_no_ambassador = _sharekits_rows()
    AmbassadorFactory.create_batch(300)
    build_kit(story=StoryPageFactory(parent=story_index, slug="beaucoup"))
    after = _sharekits_rows()
    # The second kit added exactly what the first one did, whatever the number of ambassadors.
    for model, count in rows_with_no_ambassador.items():
        assert after[model] == 2 * count, model
    assert few.variants.count() == len(NETWORKS)
