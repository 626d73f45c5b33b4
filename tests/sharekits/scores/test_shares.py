"""Shares: a press on a share button is stored; the first per variant and day scores.

The portal's endpoint that calls `record_share` is tested in tests/cms/portal/test_portal.py.
"""

import pytest
from django.utils import timezone

from sharekits.models import AmbassadorTally, KitVariant, Share
from sharekits.periods import rollup_keys
from sharekits.scores.shares import NotTargeted, add_shares, record_share
from tests.factories import AmbassadorFactory, AmbassadorGroupFactory
from tests.kits import days_ago, story_with_kit


@pytest.fixture
def karim(db):
    return AmbassadorFactory(display_name="Karim Haddad")


@pytest.fixture
def whatsapp(story_index, campaign) -> KitVariant:
    story = story_with_kit(
        parent=story_index, campaign=campaign, title="CDI", published=days_ago(1)
    )
    return story.share_kit.variants.get(network="whatsapp")


def scores(ambassador) -> dict[str, int]:
    """The ambassador's score in each rollup scope."""
    return dict(AmbassadorTally.objects.filter(ambassador=ambassador).values_list("scope", "score"))


def test_a_share_counts_in_every_rollup_of_the_day(karim, whatsapp, settings):
    settings.RELAIS_SHARE_WEIGHT = 3

    assert record_share(ambassador=karim, variant_id=whatsapp.pk, method="native")

    keys = rollup_keys(timezone.localdate(), whatsapp.kit.story.campaign_id)
    assert [scope for scope, _key in keys] == ["week", "month", "campaign", "all"]
    for scope, key in keys:
        tally = AmbassadorTally.objects.get(ambassador=karim, scope=scope, key=key)
        assert (tally.shares, tally.human_clicks, tally.score) == (1, 0, 3), scope


def test_pressing_the_same_button_again_the_same_day_is_kept_but_scores_nothing(karim, whatsapp):
    record_share(ambassador=karim, variant_id=whatsapp.pk, method="native")

    assert record_share(ambassador=karim, variant_id=whatsapp.pk, method="copy")

    assert [s.method for s in Share.objects.order_by("pk")] == ["native", "copy"]
    assert scores(karim)["all"] == 1


def test_another_network_of_the_same_story_is_another_share(karim, whatsapp):
    other = whatsapp.kit.variants.exclude(pk=whatsapp.pk).get()
    record_share(ambassador=karim, variant_id=whatsapp.pk, method="intent")

    record_share(ambassador=karim, variant_id=other.pk, method="intent")

    assert scores(karim)["all"] == 2


def test_another_ambassadors_share_is_theirs(karim, whatsapp):
    record_share(ambassador=karim, variant_id=whatsapp.pk, method="intent")
    other = AmbassadorFactory()

    record_share(ambassador=other, variant_id=whatsapp.pk, method="intent")

    assert scores(karim)["all"] == scores(other)["all"] == 1


@pytest.mark.parametrize("method", ["pigeon", ""])
def test_an_unknown_method_is_refused(karim, whatsapp, method):
    assert not record_share(ambassador=karim, variant_id=whatsapp.pk, method=method)
    assert not Share.objects.exists() and not AmbassadorTally.objects.exists()


def test_an_unknown_or_disabled_variant_is_refused(karim, whatsapp):
    KitVariant.objects.filter(pk=whatsapp.pk).update(enabled=False)

    assert not record_share(ambassador=karim, variant_id=whatsapp.pk, method="intent")
    assert not record_share(ambassador=karim, variant_id=999_999, method="intent")
    assert not Share.objects.exists() and not AmbassadorTally.objects.exists()


def test_a_variant_of_a_campaign_for_other_groups_is_refused(karim, whatsapp, campaign):
    campaign.groups.add(AmbassadorGroupFactory(slug="etudiants"))

    with pytest.raises(NotTargeted):
        record_share(ambassador=karim, variant_id=whatsapp.pk, method="intent")

    assert not Share.objects.exists() and not AmbassadorTally.objects.exists()


def test_a_campaign_for_one_of_the_ambassadors_groups_counts(karim, whatsapp, campaign):
    mine, other = AmbassadorGroupFactory(slug="expats"), AmbassadorGroupFactory(slug="salaries")
    karim.groups.add(mine)
    campaign.groups.add(other, mine)

    assert record_share(ambassador=karim, variant_id=whatsapp.pk, method="intent")
    assert scores(karim)["all"] == 1


def test_add_shares_adds_to_existing_rollups(karim, campaign):
    today = timezone.localdate()
    add_shares(ambassador_id=karim.pk, campaign_id=campaign.pk, day=today, count=2)
    add_shares(ambassador_id=karim.pk, campaign_id=campaign.pk, day=today)

    assert scores(karim) == {"week": 3, "month": 3, "campaign": 3, "all": 3}
    assert AmbassadorTally.objects.get(ambassador=karim, scope="campaign").key == str(campaign.pk)
