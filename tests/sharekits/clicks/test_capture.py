"""Capture: the redirect hands every click over without waiting, and nothing identifies anyone.

With REDIS_URL set, clicks go through the real Redis stream; without it, through the local
spool. Tests about Redis itself start a redis-server of their own (`own_redis`).
"""

from django.conf import settings
from django.db import connection

from sharekits.clicks.capture import flush_clicks, reset_capture
from sharekits.clicks.drain import drain_clicks
from sharekits.clicks.stream import redis_client, stream_name
from tests.sharekits.clicks.traffic import BROWSERS, click, mixed_clicks, totals


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_clicks_arriving_while_redis_is_unreachable_are_all_counted(client, links, settings):
    first = mixed_clicks(client, links, total=100, seed=1)
    working = settings.REDIS_URL
    # A real client to a closed port: Redis is unreachable, the redirect must not care.
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    reset_capture()
    second = mixed_clicks(client, links, total=100, seed=2)
    flush_clicks()
    assert list(settings.RELAIS_SPOOL_DIR.glob("clicks-*.log"))
    settings.REDIS_URL = working  # Redis is back
    reset_capture()
    drain_clicks()
    counted = totals()
    assert sum(counted.values()) == 200
    assert counted["bot"] == first["bot"] + second["bot"]
    assert counted["self"] == first["self"] + second["self"]


def test_the_redirect_does_not_wait_for_redis_and_nothing_queued_is_lost(
    client, links, settings, own_redis
):
    _a, _v, token = links[0]
    settings.RELAIS_CLICK_BATCH_MS = 60_000  # the sender thread will not wake up by itself
    for _ in range(20):
        assert click(client, token, ip="203.0.113.50", ua=BROWSERS[0]).status_code == 302
    assert own_redis.client().xlen(stream_name()) < 20  # answered before being sent
    drain_clicks()  # the drain sends this process's queue first
    assert sum(totals().values()) == 20


def test_a_shut_down_process_sends_what_it_had_queued(client, links, settings, own_redis):
    _a, _v, token = links[0]
    settings.RELAIS_CLICK_BATCH_MS = 60_000
    for _ in range(5):
        click(client, token, ip="203.0.113.51", ua=BROWSERS[1])
    reset_capture()  # what a normal shutdown of the process does (atexit)
    assert own_redis.client().xlen(stream_name()) == 5


def test_nothing_identifying_is_stored_in_the_database_or_redis(client, links):
    ip, marker = "203.0.113.213", "UniqueAgentMarker/9.9"
    ua = BROWSERS[0] + " " + marker
    _a, _v, token = links[0]
    click(client, token, ip=ip, ua=ua)
    flush_clicks()
    spooled = b"".join(p.read_bytes() for p in settings.RELAIS_SPOOL_DIR.glob("clicks-*.log"))
    stream = redis_client()
    if stream is not None:
        for _id, fields in stream.xrange(stream_name()):
            spooled += b" ".join(fields.values())
    assert spooled  # the click was captured somewhere
    assert ip.encode() not in spooled and marker.encode() not in spooled
    drain_clicks()
    assert sum(totals().values()) == 1
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump = repr(cursor.fetchall())
            assert ip not in dump, table
            assert marker not in dump, table
    if stream is not None:
        for key in stream.scan_iter(count=1000):
            kind = stream.type(key)
            if kind == b"string":
                value = stream.get(key) or b""
            elif kind == b"stream":
                value = repr(stream.xrange(key)).encode()
            else:
                continue
            assert ip.encode() not in value and marker.encode() not in value


def test_prefetches_and_head_requests_are_not_clicks(client, links):
    _a, _v, token = links[0]
    client.get(f"/s/{token}", HTTP_USER_AGENT=BROWSERS[0], HTTP_SEC_PURPOSE="prefetch")
    client.head(f"/s/{token}", HTTP_USER_AGENT=BROWSERS[0])
    click(client, token, ip="203.0.113.7", ua=BROWSERS[0])
    drain_clicks()
    assert totals() == {"human": 1, "repeat": 0, "self": 0, "bot": 0}
