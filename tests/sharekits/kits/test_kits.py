"""Share kits: built on publish by Celery, one variant per enabled network, stable on rebuild."""

import time

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from campaigns.models import StoryPage
from sharekits.kits.captions import measure, validate_caption
from sharekits.kits.forms import VariantCaptionForm
from sharekits.kits.images import FORMATS
from sharekits.kits.networks import NETWORKS
from sharekits.kits.services import build_kit
from sharekits.links.short import short_link_length
from sharekits.models import KitImage, KitVariant, ShareKit
from tests.factories import CampaignFactory, ImageFactory, StoryPageFactory


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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_a_story_builds_its_kit_through_a_real_worker(celery_worker_thread):
    from cms.models import HomePage
    from tests.factories import StoryIndexPageFactory

    index = StoryIndexPageFactory(parent=HomePage.objects.get())
    story = StoryPageFactory(parent=index, hero_image=ImageFactory(), live=False)
    story.save_revision().publish()
    deadline = time.monotonic() + 60
    kit = None
    while time.monotonic() < deadline:
        kit = ShareKit.objects.filter(story=story).first()
        if kit and kit.status == ShareKit.Status.READY:
            break
        time.sleep(0.2)
    assert kit is not None and kit.status == ShareKit.Status.READY, kit and kit.error
    assert kit.variants.count() == len(story.campaign.enabled_networks)


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
