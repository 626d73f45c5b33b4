"""The drain: every captured click is applied exactly once, whatever fails on the way.

With REDIS_URL/DATABASE_URL set these run against the real Redis stream, PostgreSQL and a real
Celery worker; without them, the same tests exercise the local spool and SQLite. Tests about
Redis itself start a redis-server of their own (`own_redis`).
"""

import gc
import os
import re
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum

from sharekits.clicks import drain
from sharekits.clicks.capture import append_click, click_record, flush_clicks
from sharekits.clicks.drain import drain_clicks, drain_lock
from sharekits.models import AmbassadorTally
from sharekits.tasks import drain_clicks_task
from tests.sharekits.clicks.traffic import BROWSERS, add, mixed_clicks, totals, wait_for


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_thousand_mixed_clicks_are_counted_exactly_by_a_real_worker(
    client, links, celery_worker_thread
):
    expected = mixed_clicks(client, links)
    drain_clicks_task.delay()
    assert wait_for(lambda: sum(totals().values()) >= 1000)
    drain_clicks()  # waits for the worker's drain to let go of the lock, then finds nothing
    assert totals() == expected
    all_time = AmbassadorTally.objects.filter(scope="all").aggregate(h=Sum("human_clicks"))
    assert all_time["h"] == expected["human"]
    week = AmbassadorTally.objects.filter(scope="week").aggregate(h=Sum("human_clicks"))
    assert week["h"] == expected["human"]


def test_running_the_drain_twice_counts_nothing_twice(client, links):
    expected = mixed_clicks(client, links, total=200)
    drain_clicks()
    drain_clicks()
    assert totals() == expected


def test_a_crash_after_commit_before_acknowledgement_is_counted_once(client, links, monkeypatch):
    expected = mixed_clicks(client, links, total=200)

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed before acknowledging")

    monkeypatch.setattr(drain, "acknowledge", crash)
    with pytest.raises(RuntimeError):
        drain_clicks(batch_size=50)
    assert 0 < sum(totals().values()) <= 50  # the first batch was committed
    monkeypatch.undo()
    drain_clicks()
    assert totals() == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_drains_at_once_count_exactly(client, links):
    expected = mixed_clicks(client, links, total=400)
    errors = []

    def run():
        try:
            drain_clicks(batch_size=37)
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
    assert totals() == expected


def test_the_drain_applies_the_spool_while_redis_is_down_and_the_stream_once_it_is_back(
    client, links, own_redis
):
    before = mixed_clicks(client, links, total=100, seed=1)
    flush_clicks()  # all in the stream
    own_redis.stop()
    during = mixed_clicks(client, links, total=100, seed=2)  # into the spool
    report = drain_clicks()
    assert totals() == during
    assert "Redis" in report.problem()
    own_redis.start()  # with the stream as it was
    report = drain_clicks()
    assert report.problem() is None
    assert totals() == add(before, during)


def test_a_drain_that_crashed_holding_the_lock_delays_the_next_by_seconds(links, own_redis):
    ambassador, variant, _token = links[0]
    crash = (
        "import os, django; django.setup()\n"
        "from sharekits.clicks.drain import drain_lock\n"
        "with drain_lock() as held:\n"
        "    assert held is not None\n"
        "    os._exit(0)  # killed while holding the lock: nothing releases it\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "REDIS_URL": own_redis.url}
    subprocess.run([sys.executable, "-c", crash], env=env, check=True, timeout=60)
    append_click(
        click_record(
            ambassador_id=ambassador.pk, variant_id=variant.pk, ip="203.0.113.1", user_agent="x"
        )
    )
    started = time.monotonic()
    report = drain_clicks()
    assert time.monotonic() - started < 10
    assert report.problem() is None and report.applied == 1


def test_tally_clicks_command_prints_what_it_applied(client, links, capsys):
    expected = mixed_clicks(client, links, total=60)
    call_command("tally_clicks")
    out = capsys.readouterr().out
    assert f"human {expected['human']}" in out
    bots = re.search(r"bot (\d+), suspect 0, preview (\d+)", out)
    assert int(bots[1]) + int(bots[2]) == expected["bot"]  # mixed_clicks: bots and previews


def test_tally_clicks_command_fails_saying_why_while_another_drain_holds_the_lock(client, links):
    expected = mixed_clicks(client, links, total=20)
    with drain_lock() as held:
        assert held is not None
        with pytest.raises(CommandError, match="another drain"):
            call_command("tally_clicks", "--lock-wait", "0.2")
    assert sum(totals().values()) == 0
    call_command("tally_clicks")
    assert totals() == expected


def test_tally_clicks_command_fails_saying_why_while_redis_is_down(client, links, own_redis):
    mixed_clicks(client, links, total=20)
    own_redis.stop()
    with pytest.raises(CommandError, match="Redis is unreachable"):
        call_command("tally_clicks")


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
    drain_clicks()
    body = client.get("/healthz").json()
    assert body["clicks"]["waiting"] == 0 and "warning" not in body["clicks"]


def test_the_drain_hands_the_garbage_collector_back_as_it_found_it(client, links):
    mixed_clicks(client, links, total=20)
    drain_clicks()
    assert gc.isenabled()
    gc.disable()
    try:
        mixed_clicks(client, links, total=20, seed=8)
        drain_clicks()
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert sum(totals().values()) == 40
