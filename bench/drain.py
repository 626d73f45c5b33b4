"""Drain throughput: queued clicks applied to the PostgreSQL tallies, in clicks per second.

Run from the project root: .venv/bin/python bench/drain.py [--clicks 1000000] [--trial 100000]

Click records for a few thousand distinct (ambassador, variant, IP, user agent) combinations
are made with clicks.capture.click_record over the demo's real ambassadors and variants, then
XADDed to the Redis stream in pipelines of 10,000. `drain_clicks` is timed until the stream is
empty, for each batch size on a trial count, then on the full count with the fastest one
(shortened to what fits in 4 minutes when the drain is too slow for the full count).
That mix is mostly repeats and previews (a few thousand people clicking again and again); a last
run drains FIRST_VISITS clicks of as many distinct people, each a new visitor hash to look up
and remember, and a new per-link row more often.
Baseline, same run: a plain COPY of as many 7-column rows into a temporary table.
"""

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from bench.common import Skip, fmt, table  # noqa: E402

COMBOS = 3000
FIRST_VISITS = 200_000
PIPELINE = 10_000
BATCH_SIZES = (1000, 2000, 5000, 10_000)
TARGET = 30_000
BUDGET_SECONDS = 240
USER_AGENTS = [
    common.BROWSER_UA,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/489.0.0.40.106;FBBV/657318291;FBDV/iPhone14,5]",
    "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.6723.107 Mobile Safari/537.36 [LinkedInApp]",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "WhatsApp/2.24.24.76 A",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
]


def make_records(combos: int = COMBOS, *, people_only: bool = False) -> list[dict[str, str]]:
    """Stream entries for `combos` distinct (ambassador, variant, IP, user agent) combinations,
    in the form append_click writes them (one packed field since the hot path was trimmed)."""
    from sharekits.clicks.capture import click_record
    from sharekits.clicks.record import STREAM_FIELD, pack

    def as_written(record: dict[str, str]) -> dict[str, str]:
        return {STREAM_FIELD: pack(record)}

    pairs = common.real_pairs()
    if not pairs:
        raise Skip("no live story with a kit and ambassadors in the bench database")
    rng = random.Random(11)
    now = time.time()
    records = []
    people = [ua for ua in USER_AGENTS if ua.startswith("Mozilla/5.0 (")]  # in-app views too
    for n in range(combos):
        if people_only:
            ua = rng.choice(people)
        else:
            ua = USER_AGENTS[0] if n % 3 else rng.choice(USER_AGENTS)
        ambassador_id, variant_id = rng.choice(pairs)
        records.append(
            as_written(
                click_record(
                    ambassador_id=ambassador_id,
                    variant_id=variant_id,
                    user_agent=ua,
                    ip=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
                    referrer="https://www.linkedin.com/" if n % 4 == 0 else "",
                    now=now - rng.random() * 3600,
                )
            )
        )
    return records


def queue(records: list[dict[str, str]], count: int) -> float:
    """XADD `count` records in pipelines of PIPELINE; returns the seconds it took."""
    from sharekits.clicks.stream import stream_name

    client, name = common.redis_client(), stream_name()
    started = time.perf_counter()
    for start in range(0, count, PIPELINE):
        pipe = client.pipeline(transaction=False)
        for i in range(start, min(start + PIPELINE, count)):
            pipe.xadd(name, records[i % len(records)])
        pipe.execute()
    return time.perf_counter() - started


def drain_run(records, count: int, batch_size: int) -> dict:
    common.reset_clicks()
    queued = queue(records, count)
    started = time.perf_counter()
    report = common.drain_all(batch_size=batch_size)
    elapsed = time.perf_counter() - started
    counted = common.counted_clicks()
    return {
        "count": count,
        "batch": batch_size,
        "queue_s": queued,
        "drain_s": elapsed,
        "rate": counted / elapsed if elapsed else 0.0,
        "counted": counted,
        "dropped": report.dropped,
        "batches": report.batches,
        "report": str(report),
    }


def copy_baseline(count: int) -> float:
    """Rows per second of a plain COPY of `count` 7-column rows into a temporary table."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_copy (ambassador_id int, variant_id int,"
            " day date, human int, repeat int, self int, bot int)"
        )
        cursor.execute("TRUNCATE bench_copy")
        today = time.strftime("%Y-%m-%d")
        started = time.perf_counter()
        with cursor.copy("COPY bench_copy FROM STDIN") as copy:
            for i in range(count):
                copy.write_row((i % 50 + 1, i % 144 + 1, today, 1, 0, 0, 0))
        raw.commit()
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    raw.commit()
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clicks", type=int, default=1_000_000)
    parser.add_argument("--trial", type=int, default=100_000)
    args = parser.parse_args()

    say = common.Report("drain", "Click drain: bench/drain.py")
    say(f"drain bench: {common.machine_line()}")
    say(
        f"{COMBOS} distinct (ambassador, variant, IP, UA) records from click_record, XADD in "
        f"pipelines of {PIPELINE:,}; drain_clicks(batch_size=…) until the stream is empty"
    )
    try:
        common.check_services()
        common.ensure_database()
        common.redis_client().flushdb()
        common.setup_django()
        common.build_live_kits()
        records = make_records()
    except Skip as exc:
        say(f"skipped: {exc}")
        return
    say(common.wait_quiet())
    runs = []
    for batch_size in BATCH_SIZES:
        runs.append(drain_run(records, args.trial, batch_size))
    best = max(runs, key=lambda r: r["rate"])
    # Bounded: the full count only if it fits in the budget, else as many 100,000s as fit.
    fits = int(best["rate"] * BUDGET_SECONDS) // 100_000 * 100_000
    count = min(args.clicks, max(fits, args.trial))
    if count < args.clicks:
        say(
            f"full run shortened to {fmt(count)} clicks: {fmt(args.clicks)} would take "
            f"~{args.clicks / best['rate']:.0f} s at {fmt(best['rate'])} clicks/s"
        )
    runs.append(drain_run(records, count, best["batch"]))
    full = runs[-1]
    first = drain_run(make_records(FIRST_VISITS, people_only=True), FIRST_VISITS, best["batch"])
    first["label"] = "first visits"
    runs.append(first)
    baseline = copy_baseline(full["count"])
    rows = [
        [
            fmt(r["count"]),
            fmt(r["batch"]),
            f"{r['queue_s']:.1f}",
            f"{r['drain_s']:.1f}",
            fmt(r["rate"]),
            "yes" if r["counted"] == r["count"] - r["dropped"] else "NO",
            fmt(r["batches"]),
            r.get("label", "mix"),
        ]
        for r in runs
    ]
    say()
    say(table(
        ["clicks", "batch", "XADD s", "drain s", "clicks/s", "all counted", "batches", "clicks"],
        rows,
    ))  # fmt: skip
    say()
    say(f"full run: {full['report']}")
    say(f"first visits: {first['report']}")
    ok = "ok" if full["rate"] >= TARGET else "MISSED"
    say(table(
        ["figure", "value", "target", ""],
        [
            ["drain, best batch size", f"{fmt(full['rate'])} clicks/s", f">= {fmt(TARGET)}", ok],
            ["drain, first visits only", f"{fmt(first['rate'])} clicks/s", "", ""],
            ["baseline: COPY into a temp table", f"{fmt(baseline)} rows/s", "", ""],
            ["drain / COPY", f"{full['rate'] / baseline:.3f}", "", ""],
        ],
    ))  # fmt: skip
    say(f"load average after: {common.load()}")
    common.reset_clicks()
    say.save()


if __name__ == "__main__":
    main()
