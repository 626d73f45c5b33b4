"""Click tally pipeline: capture on the redirect, drain exactly once, people apart from bots.

With REDIS_URL/DATABASE_URL set these run against the real Redis stream, PostgreSQL and a real
Celery worker; without them, the same tests exercise the local spool and SQLite.
"""

import random
import re
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from sharekits.clicks import capture as clicks
from sharekits.clicks import drain as tally
from sharekits.clicks.capture import SELF_COOKIE, append_click, click_record, self_cookie_value
from sharekits.links.tokens import make_token
from sharekits.models import AmbassadorTally, ClickTally, DrainCursor, KitVariant, SeenVisitor
from sharekits.tasks import drain_clicks_task
from tests.factories import AmbassadorFactory

BROWSERS = [
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
]
PREVIEWS = [
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "WhatsApp/2.23.20.0 A",
    "curl/8.5.0",
]


@pytest.fixture
def links(built_story):
    ambassadors = [AmbassadorFactory() for _ in range(5)]
    variants = list(
        KitVariant.objects.filter(kit__story=built_story, network__in=["whatsapp", "x"])
    )
    return [
        (a, v, make_token(ambassador_id=a.pk, variant_id=v.pk))
        for a in ambassadors
        for v in variants
    ]


def _click(client, token, *, ip, ua, own=None):
    client.cookies.clear()
    if own is not None:
        client.cookies[SELF_COOKIE] = self_cookie_value(own)
    return client.get(f"/s/{token}", REMOTE_ADDR=ip, HTTP_USER_AGENT=ua)


def _mixed_clicks(client, links, total=1000, seed=7):
    """Send `total` clicks through the redirect; return what each kind should count."""
    rng = random.Random(seed)
    expected = {"human": 0, "repeat": 0, "self": 0, "bot": 0}
    visited: set = set()
    for i in range(total):
        ambassador, variant, token = rng.choice(links)
        roll = rng.random()
        if roll < 0.15:
            _click(client, token, ip=f"198.51.100.{i % 200}", ua=rng.choice(PREVIEWS))
            expected["bot"] += 1
        elif roll < 0.20:
            _click(client, token, ip="192.0.2.1", ua=BROWSERS[0], own=ambassador.pk)
            expected["self"] += 1
        else:
            visitor = (f"203.0.113.{rng.randrange(120)}", rng.choice(BROWSERS))
            response = _click(client, token, ip=visitor[0], ua=visitor[1])
            assert response.status_code == 302
            key = (*visitor, token)
            expected["repeat" if key in visited else "human"] += 1
            visited.add(key)
    return expected


def _totals():
    sums = ClickTally.objects.aggregate(
        human=Sum("human_clicks"),
        repeat=Sum("repeat_clicks"),
        own=Sum("self_clicks"),
        bot=Sum("bot_fetches"),
    )
    return {
        "human": sums["human"] or 0,
        "repeat": sums["repeat"] or 0,
        "self": sums["own"] or 0,
        "bot": sums["bot"] or 0,
    }


def _wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:  # SQLite's shared in-memory test DB: the worker is writing
            pass
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_thousand_mixed_clicks_are_counted_exactly_by_a_real_worker(
    client, links, celery_worker_thread
):
    expected = _mixed_clicks(client, links)
    drain_clicks_task.delay()
    assert _wait_for(lambda: sum(_totals().values()) >= 1000)
    time.sleep(0.5)
    assert _totals() == expected
    all_time = AmbassadorTally.objects.filter(scope="all").aggregate(h=Sum("human_clicks"))
    assert all_time["h"] == expected["human"]
    assert (
        AmbassadorTally.objects.filter(scope="week").aggregate(h=Sum("human_clicks"))["h"]
        == (expected["human"])
    )


def test_running_the_drain_twice_counts_nothing_twice(client, links):
    expected = _mixed_clicks(client, links, total=200)
    tally.drain_clicks()
    tally.drain_clicks()
    assert _totals() == expected


def test_a_crash_after_commit_before_acknowledgement_is_counted_once(client, links, monkeypatch):
    expected = _mixed_clicks(client, links, total=200)

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed before acknowledging")

    monkeypatch.setattr(tally, "acknowledge", crash)
    with pytest.raises(RuntimeError):
        tally.drain_clicks(batch_size=50)
    assert 0 < sum(_totals().values()) <= 50  # the first batch was committed
    monkeypatch.undo()
    tally.drain_clicks()
    assert _totals() == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_drains_at_once_count_exactly(client, links):
    expected = _mixed_clicks(client, links, total=400)
    errors = []

    def run():
        try:
            tally.drain_clicks(batch_size=37)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert _totals() == expected


def test_clicks_arriving_while_redis_is_unreachable_are_all_counted(client, links, settings):
    first = _mixed_clicks(client, links, total=100, seed=1)
    if settings.REDIS_URL:
        import redis

        # A real client to a closed port: Redis is unreachable, the redirect must not care.
        clicks._redis_client = redis.Redis(port=1, socket_connect_timeout=0.2)
    second = _mixed_clicks(client, links, total=100, seed=2)
    clicks.flush_clicks()
    assert list(settings.RELAIS_SPOOL_DIR.glob("clicks-*.log"))
    clicks.reset_redis_client()  # Redis is back
    tally.drain_clicks()
    totals = _totals()
    assert sum(totals.values()) == 200
    assert totals["bot"] == first["bot"] + second["bot"]
    assert totals["self"] == first["self"] + second["self"]


def test_one_source_hammering_a_link_counts_as_one_person(client, links):
    _a, _v, token = links[0]
    for _ in range(300):
        assert _click(client, token, ip="203.0.113.9", ua=BROWSERS[1]).status_code == 302
    tally.drain_clicks()
    assert _totals() == {"human": 1, "repeat": 299, "self": 0, "bot": 0}


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
    tally.drain_clicks()
    assert _totals() == {"human": 2, "repeat": 1, "self": 0, "bot": 0}


def test_nothing_identifying_is_stored_in_the_database_or_redis(client, links):
    ip, marker = "203.0.113.213", "UniqueAgentMarker/9.9"
    ua = BROWSERS[0] + " " + marker
    _a, _v, token = links[0]
    _click(client, token, ip=ip, ua=ua)
    clicks.flush_clicks()
    spooled = b"".join(p.read_bytes() for p in settings.RELAIS_SPOOL_DIR.glob("clicks-*.log"))
    redis_client = clicks.redis_client()
    if redis_client is not None:
        for _id, fields in redis_client.xrange(clicks.stream_name()):
            spooled += b" ".join(fields.values())
    assert ip.encode() not in spooled and marker.encode() not in spooled
    tally.drain_clicks()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump = repr(cursor.fetchall())
            assert ip not in dump, table
            assert marker not in dump, table
    if redis_client is not None:
        for key in redis_client.scan_iter(count=1000):
            kind = redis_client.type(key)
            if kind == b"string":
                value = redis_client.get(key) or b""
            elif kind == b"stream":
                value = repr(redis_client.xrange(key)).encode()
            else:
                continue
            assert ip.encode() not in value and marker.encode() not in value


def test_prefetches_and_head_requests_are_not_clicks(client, links):
    _a, _v, token = links[0]
    client.get(f"/s/{token}", HTTP_USER_AGENT=BROWSERS[0], HTTP_SEC_PURPOSE="prefetch")
    client.head(f"/s/{token}", HTTP_USER_AGENT=BROWSERS[0])
    tally.drain_clicks()
    assert sum(_totals().values()) == 0


def test_tally_clicks_command_prints_what_it_applied(client, links, capsys):
    expected = _mixed_clicks(client, links, total=60)
    call_command("tally_clicks")
    out = capsys.readouterr().out
    assert f"human {expected['human']}" in out
    assert f"bot {expected['bot']}" in out


def test_healthz_reports_the_backlog_and_warns_past_five_minutes(client, links):
    ambassador, variant, _token = links[0]
    append_click(
        click_record(
            ambassador_id=ambassador.pk,
            variant_id=variant.pk,
            ip="203.0.113.1",
            user_agent=BROWSERS[0],
            now=time.time() - 600,
        )
    )
    body = client.get("/healthz").json()
    assert body["clicks"]["waiting"] == 1
    assert body["clicks"]["oldest_seconds"] >= 600
    assert "warning" in body["clicks"]
    tally.drain_clicks()
    body = client.get("/healthz").json()
    assert body["clicks"]["waiting"] == 0 and "warning" not in body["clicks"]


def test_retention_purges_old_visitor_hashes_and_old_rollups(links):
    from sharekits.clicks.retention import purge_click_data

    ambassador, variant, _token = links[0]
    now = timezone.now()
    SeenVisitor.objects.create(digest=1, seen_at=now - timedelta(hours=49))
    SeenVisitor.objects.create(digest=2, seen_at=now - timedelta(hours=2))
    ClickTally.objects.create(
        ambassador=ambassador,
        variant=variant,
        day=(now - timedelta(days=800)).date(),
        human_clicks=3,
    )
    ClickTally.objects.create(
        ambassador=ambassador, variant=variant, day=now.date(), human_clicks=1
    )
    AmbassadorTally.objects.create(
        ambassador=ambassador, scope="month", key="2020-01", human_clicks=4
    )
    purge_click_data(now=now)
    assert list(SeenVisitor.objects.values_list("digest", flat=True)) == [2]
    assert ClickTally.objects.count() == 1
    assert not AmbassadorTally.objects.filter(key="2020-01").exists()


def test_retention_runs_on_a_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "sharekits.tasks.purge_click_data_task" in tasks
    assert "sharekits.tasks.drain_clicks_task" in tasks
    drain = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if "drain" in e["task"])
    assert drain["schedule"] <= 15


def test_communicators_see_clicks_per_network_and_in_the_export(client, links):
    from tests.factories import UserFactory

    expected = _mixed_clicks(client, links, total=100)
    tally.drain_clicks()
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
    assert header[-3:] == ["human_clicks", "repeat_clicks", "bot_fetches"]
    human = sum(int(r.split(",")[-3]) for r in rows[1:])
    assert human == expected["human"]
    assert DrainCursor.objects.exists()


def test_the_redirect_does_not_wait_for_redis_and_nothing_queued_is_lost(client, links, settings):
    if clicks.redis_client() is None:
        pytest.skip("the stream sender only exists with REDIS_URL")
    _a, _v, token = links[0]
    redis_client = clicks.redis_client()
    settings.RELAIS_CLICK_BATCH_MS = 60_000  # the sender thread will not wake up by itself
    shipper = clicks._shipper()
    try:
        for _ in range(20):
            _click(client, token, ip="203.0.113.50", ua=BROWSERS[0])
        assert redis_client.xlen(clicks.stream_name()) < 20  # answered before being sent
        tally.drain_clicks()  # the drain sends this process's queue first
        assert sum(_totals().values()) == 20
    finally:
        settings.RELAIS_CLICK_BATCH_MS = 5
        shipper.wake.set()


def _entries(records):
    """Raw XRANGE entries, as the drain reads them, holding `records`."""
    return [[f"{1000 + i}-0".encode(), fields] for i, fields in enumerate(records)]


def test_a_stream_page_is_read_whole_and_a_damaged_entry_loses_only_its_own_click(links):
    made = [
        click_record(ambassador_id=a.pk, variant_id=v.pk, user_agent=ua, ip=f"203.0.113.{i}")
        for i, ((a, v, _token), ua) in enumerate(zip(links, BROWSERS + PREVIEWS, strict=False))
    ]
    packed = [[b"c", clicks.pack(record).encode()] for record in made]
    expected = [tuple(tally.parse_click({"c": clicks.pack(record)})) for record in made]
    assert tally.parse_entries(_entries(packed)) == expected
    assert [c[3] for c in expected].count("human") == len(BROWSERS)  # previews are not people

    # One entry of a foreign shape, one garbled: the others still come through, in order.
    unpacked = [item.encode() for pair in made[0].items() for item in pair]
    damaged = [*packed[:2], [b"c", b"not\ta\tclick"], unpacked, *packed[2:]]
    assert tally.parse_entries(_entries(damaged)) == [*expected[:2], expected[0], *expected[2:]]
    # A verdict the drain does not know makes the page go through the careful parser too.
    odd = made[1] | {"b": "unknown"}
    mixed = [*packed[:1], [b"c", clicks.pack(odd).encode()]]
    assert [c[3] for c in tally.parse_entries(_entries(mixed))] == [expected[0][3], "unknown"]


def test_the_drain_hands_the_garbage_collector_back_as_it_found_it(client, links):
    import gc

    _mixed_clicks(client, links, total=20)
    tally.drain_clicks()
    assert gc.isenabled()
    gc.disable()
    try:
        _mixed_clicks(client, links, total=20, seed=8)
        tally.drain_clicks()
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert sum(_totals().values()) == 40


@pytest.mark.django_db
def test_tally_tables_leave_room_for_in_place_updates_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("fillfactor is a PostgreSQL storage parameter")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN "
            "('sharekits_clicktally', 'sharekits_ambassadortally') ORDER BY relname"
        )
        options = dict(cursor.fetchall())
    assert options == {
        "sharekits_ambassadortally": ["fillfactor=70"],
        "sharekits_clicktally": ["fillfactor=70"],
    }


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
    assert list(SeenVisitor.objects.values_list("digest", flat=True)) == [tally.digest_key(digest)]
