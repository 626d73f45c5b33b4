"""One machine rotating user agents is not a crowd: a cap of people per network address.

Every click goes through the real redirect, capture and drain (stream or spool).
"""

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from sharekits.clicks.capture import click_record
from sharekits.clicks.drain import drain_clicks
from sharekits.clicks.record import pack
from sharekits.clicks.retention import purge_click_data
from sharekits.clicks.spool import spool_dir, spool_file_name
from sharekits.models import AmbassadorTally, ClickTally, SeenAddress
from tests.sharekits.clicks.traffic import BROWSERS, PREVIEWS, click


def _browser(n: int) -> str:
    """A different, plausible browser user agent for every n."""
    return (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{100 + n // 10}.0.{n}.{n % 7} Safari/537.36"
    )


def _counts(**filters) -> dict:
    sums = ClickTally.objects.filter(**filters).aggregate(
        human=Sum("human_clicks"), suspect=Sum("suspect_clicks"), repeat=Sum("repeat_clicks")
    )
    return {kind: n or 0 for kind, n in sums.items()}


def _score(ambassador) -> int:
    row = AmbassadorTally.objects.filter(ambassador=ambassador, scope="all").first()
    return row.score if row else 0


def test_one_address_with_300_user_agents_counts_three_people_and_the_rest_as_suspects(
    client, links
):
    ambassador, _variant, token = links[0]
    click(client, token, ip="198.51.100.1", ua=BROWSERS[0])  # one real reader first
    drain_clicks()
    before = _score(ambassador)
    for n in range(300):
        assert click(client, token, ip="203.0.113.66", ua=_browser(n)).status_code == 302
    drain_clicks()
    assert _counts() == {"human": 1 + 3, "suspect": 297, "repeat": 0}
    assert _score(ambassador) - before <= 3


def test_300_people_from_300_addresses_all_count(client, links):
    _ambassador, _variant, token = links[0]
    for n in range(300):
        click(client, token, ip=f"203.0.{113 + n // 250}.{n % 250}", ua=_browser(n))
    drain_clicks()
    assert _counts() == {"human": 300, "suspect": 0, "repeat": 0}


def test_a_shared_address_still_brings_readers_to_other_links(client, links):
    """Behind carrier-grade NAT the cap is per link: other links of the address still count."""
    (first, _v, token), (other, _w, other_token) = links[0], links[2]
    for n in range(10):
        click(client, token, ip="100.64.0.1", ua=_browser(n))
    for n in range(3):
        click(client, other_token, ip="100.64.0.1", ua=_browser(n))
    drain_clicks()
    assert _counts(ambassador=first) == {"human": 3, "suspect": 7, "repeat": 0}
    assert _counts(ambassador=other) == {"human": 3, "suspect": 0, "repeat": 0}


def test_ipv6_addresses_in_one_64_share_a_cap(client, links):
    _ambassador, _variant, token = links[0]
    for n in range(6):
        click(client, token, ip=f"2001:db8:1:2::{n + 1:x}", ua=_browser(n))
    click(client, token, ip="2001:db8:1:3::1", ua=_browser(99))  # the next /64: its own cap
    drain_clicks()
    assert _counts() == {"human": 3 + 1, "suspect": 3, "repeat": 0}


def test_the_cap_spans_drain_batches_and_leaves_repeats_self_clicks_and_bots_alone(
    client, links, settings
):
    settings.RELAIS_PEOPLE_PER_ADDRESS = 2
    ambassador, _variant, token = links[0]
    for n in range(2):
        click(client, token, ip="203.0.113.7", ua=_browser(n))
    drain_clicks()
    click(client, token, ip="203.0.113.7", ua=_browser(0))  # a repeat of a person
    click(client, token, ip="203.0.113.7", ua=_browser(5))  # a third person: suspect
    click(client, token, ip="203.0.113.7", ua=BROWSERS[1], own=ambassador.pk)
    click(client, token, ip="203.0.113.7", ua=PREVIEWS[0])
    drain_clicks()
    row = ClickTally.objects.get()
    assert (row.human_clicks, row.repeat_clicks, row.suspect_clicks) == (2, 1, 1)
    assert (row.self_clicks, row.preview_fetches, row.bot_fetches) == (1, 1, 0)


def test_records_written_before_the_address_hash_still_drain_without_a_cap(links):
    ambassador, variant, _token = links[0]
    lines = []
    for n in range(5):
        record = click_record(
            ambassador_id=ambassador.pk,
            variant_id=variant.pk,
            user_agent=_browser(n),
            ip="203.0.113.9",
        )
        old = pack(record).encode().rsplit(b"\t", 1)[0]  # the nine fields of before
        assert old.count(b"\t") == 8
        lines.append(old + b"\n")
    spool_dir().mkdir(parents=True, exist_ok=True)
    with open(spool_dir() / spool_file_name(), "ab") as spool:
        spool.write(b"".join(lines))
    report = drain_clicks()
    assert report.dropped == 0
    assert _counts() == {"human": 5, "suspect": 0, "repeat": 0}


def test_previews_are_counted_apart_from_bots_and_neither_scores(client, links):
    ambassador, _variant, token = links[0]
    click(client, token, ip="198.51.100.3", ua=PREVIEWS[0])  # facebookexternalhit
    click(client, token, ip="198.51.100.3", ua=PREVIEWS[3])  # curl
    drain_clicks()
    row = ClickTally.objects.get()
    assert (row.preview_fetches, row.bot_fetches, row.human_clicks) == (1, 1, 0)
    assert _score(ambassador) == 0


def test_retention_purges_address_counts_after_48_hours(links):
    now = timezone.now()
    SeenAddress.objects.create(address=1, people=3, seen_at=now - timedelta(hours=49))
    SeenAddress.objects.create(address=2, people=1, seen_at=now - timedelta(hours=2))
    result = purge_click_data(now=now)
    assert list(SeenAddress.objects.values_list("address", flat=True)) == [2]
    assert result["address_hashes"] == 1
