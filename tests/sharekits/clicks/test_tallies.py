"""What a click counts as, and where the counts show: people apart from repeats, self and bots."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sharekits.clicks.capture import append_click, click_record
from sharekits.clicks.drain import drain_clicks
from sharekits.clicks.visitors import digest_key
from sharekits.models import DrainCursor, SeenVisitor
from tests.sharekits.clicks.traffic import BROWSERS, click, mixed_clicks, totals


def test_one_source_hammering_a_link_counts_as_one_person(client, links):
    _a, _v, token = links[0]
    for _ in range(300):
        assert click(client, token, ip="203.0.113.9", ua=BROWSERS[1]).status_code == 302
    drain_clicks()
    assert totals() == {"human": 1, "repeat": 299, "self": 0, "bot": 0}


def test_a_return_visit_after_24_hours_is_a_new_person_and_midnight_does_not_split_one(links):
    ambassador, variant, _token = links[0]
    base = time.time() - 3 * 24 * 3600
    kwargs = {
        "ambassador_id": ambassador.pk,
        "variant_id": variant.pk,
        "ip": "203.0.113.5",
        "user_agent": BROWSERS[0],
    }
    append_click(click_record(now=base, **kwargs))
    append_click(click_record(now=base + 3600, **kwargs))  # repeat
    append_click(click_record(now=base + 25 * 3600, **kwargs))  # a day later: a person again
    drain_clicks()
    assert totals() == {"human": 2, "repeat": 1, "self": 0, "bot": 0}


def test_clicks_on_the_links_of_someone_who_refused_attribution_are_not_counted(links):
    ambassador, variant, _token = links[0]
    ambassador.consent_answered_at = timezone.now()
    ambassador.consent_at = None
    ambassador.save()
    other, other_variant, _ = links[2]
    for who, on in ((ambassador, variant), (other, other_variant)):
        append_click(
            click_record(
                ambassador_id=who.pk, variant_id=on.pk, ip="203.0.113.8", user_agent=BROWSERS[2]
            )
        )
    report = drain_clicks()
    assert totals() == {"human": 1, "repeat": 0, "self": 0, "bot": 0}
    assert report.dropped == 1


def test_communicators_see_clicks_per_network_and_in_the_export(client, links):
    from tests.factories import UserFactory

    expected = mixed_clicks(client, links, total=100)
    drain_clicks()
    story = links[0][1].kit.story
    user = UserFactory(username="claire", groups=["Communicators"])
    client.force_login(user)
    html = client.get(reverse("sharekits_admin:kit", args=[story.pk])).content.decode()
    shown = [int(n) for n in re.findall(r'data-human="(\d+)"', html)]
    assert len(shown) == story.share_kit.variants.count()
    assert sum(shown) == expected["human"]
    rows = (
        b"".join(
            client.get(reverse("sharekits_admin:links_csv", args=[story.pk])).streaming_content
        )
        .decode()
        .splitlines()
    )
    header = rows[0].split(",")
    assert header[-5:] == [
        "human_clicks",
        "repeat_clicks",
        "suspect_clicks",
        "bot_fetches",
        "preview_fetches",
    ]
    human = sum(int(r.split(",")[-5]) for r in rows[1:])
    assert human == expected["human"]
    assert DrainCursor.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_hashes_from_before_the_integer_keys_still_mark_repeats():
    """Upgrading rebuilds the visitor table without forgetting who was seen in the last 48 h."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("sharekits", "0005_tally_fillfactor")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("sharekits", "SeenVisitor")
        digest = "0123456789abcdef" * 2
        old.objects.create(digest=digest, seen_at=timezone.now() - timedelta(hours=1))
        old.objects.create(digest="not-a-hash", seen_at=timezone.now())
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    # The hash survived in its new form (the garbled row did not), so a click by the same
    # visitor still finds it: the drain looks hashes up by `digest_key`.
    assert list(SeenVisitor.objects.values_list("digest", flat=True)) == [digest_key(digest)]
