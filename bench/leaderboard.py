"""Leaderboard reads at scale: 100,000 ambassadors, rollups of 10,000,000 clicks.

Run from the project root: .venv/bin/python bench/leaderboard.py [--calls 200] [--rebuild]

Data (own PostgreSQL database `relais_bench_lb`, created and migrated if missing): 100,000
ambassadors in 4 groups (60 % opted in, 2 % inactive) and the `AmbassadorTally` rollups the
drain would have written for 10,000,000 human clicks spread over them with a skewed
(Zipf-like) distribution: all time, this month, this week, three campaigns, and a few past
weeks and months so the table is not only today's. Written with COPY in well under a minute,
then reused by later runs (until the week changes, or with --rebuild).

Timed in this process, through the ORM, as the portal calls them (median and p99 of --calls):
`leaderboard(period="month", key=…, limit=50)` (the target: ≤ 2 ms), the same for all time and
with a group filter, `rank_of(…)` for random ambassadors, and `board_for(…)` (everything the
portal page reads). Baselines of the same run: a `SELECT 1` round trip, and the top 50 of the
month computed the naive way, GROUP BY over 1,000,000 ClickTally-like raw rows.

Freshness: the drain writes these rollups in the transaction that applies a batch, and reads
have no cache, so a click is on the leaderboard once the next drain has run (beat interval
printed below); the script checks that a score written by `add_shares` is in the next read.
"""

import argparse
import contextlib
import io
import itertools
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from bench.common import Skip, fmt, table  # noqa: E402

DB_NAME = "relais_bench_lb"
AMBASSADORS = 100_000
CLICKS = 10_000_000
RAW_ROWS = 1_000_000
NAIVE_CALLS = 10
TARGET_MS = 2.0
SEED = 48
PROBE_EMAIL = "bench-probe@relais.example"


def bench_env() -> dict[str, str]:
    """Production settings on the leaderboard's own database; no Redis needed."""
    env = common.bench_env()
    env["DATABASE_URL"] = f"{common.PG_SERVER}/{DB_NAME}"
    env.pop("REDIS_URL", None)
    return env


def ensure_database() -> None:
    import psycopg

    try:
        conn = psycopg.connect(f"{common.PG_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        raise Skip(f"PostgreSQL not reachable at {common.PG_SERVER}: {exc}") from exc
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    done = subprocess.run(
        [common.PYTHON, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=bench_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise Skip(f"manage.py migrate failed:\n{done.stdout}{done.stderr}")


def setup_django() -> None:
    os.environ.update(bench_env())
    os.environ.pop("REDIS_URL", None)
    common.VAR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


# --- data -----------------------------------------------------------------------------


def _keys() -> dict[str, list[str]]:
    """Rollup keys: this week and month first, then the past ones."""
    from django.utils import timezone

    from sharekits.periods import Period, period_key

    today = timezone.localdate()
    weeks = [period_key(today - timedelta(weeks=n), Period.WEEK) for n in range(5)]
    months, day = [], today
    for _ in range(4):
        months.append(period_key(day, Period.MONTH))
        day = day.replace(day=1) - timedelta(days=1)
    return {"week": weeks, "month": months}


def data_is_there(keys: dict[str, list[str]]) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_lb_meta') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT week_key, ambassadors, clicks FROM bench_lb_meta")
        row = cursor.fetchone()
    return row == (keys["week"][0], AMBASSADORS, CLICKS)


def _copy(cursor, sql: str, lines) -> None:
    """COPY … FROM STDIN with tab-separated lines, in chunks."""
    buffer = io.StringIO()
    with cursor.copy(sql) as copy:
        for n, line in enumerate(lines, start=1):
            buffer.write(line)
            if n % 50_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


def skewed_clicks(rng: random.Random, count: int, total: int) -> list[int]:
    """`total` clicks over `count` ambassadors: Zipf-like (s = 0.9) with noise, a third at 0."""
    weights = [
        0.0 if rng.random() < 0.3 else rng.lognormvariate(0, 0.5) / (rank + 1) ** 0.9
        for rank in range(count)
    ]
    rng.shuffle(weights)
    scale = total / sum(weights)
    clicks = [int(w * scale) for w in weights]
    clicks[max(range(count), key=clicks.__getitem__)] += total - sum(clicks)
    return clicks


def generate(keys: dict[str, list[str]], say) -> None:
    """Ambassadors, groups, campaigns and their rollups; replaces what a previous run left."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from campaigns.models import AmbassadorGroup, Campaign

    rng = random.Random(SEED)
    weight = settings.RELAIS_SHARE_WEIGHT
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE campaigns_ambassador, sharekits_ambassadortally RESTART IDENTITY CASCADE"
        )
        cursor.execute("DROP TABLE IF EXISTS bench_lb_meta, bench_lb_raw_clicks")
        Campaign.objects.filter(slug__startswith="bench-lb-").delete()
        groups = [
            AmbassadorGroup.objects.get_or_create(
                slug=f"bench-lb-{slug}", defaults={"name": f"Bench {slug}"}
            )[0].pk
            for slug in ("entrepreneurs", "etudiants", "expatries", "habitants")
        ]
        today = timezone.localdate()
        campaigns = [
            Campaign.objects.create(
                name=f"Bench {n}", slug=f"bench-lb-{n}", starts_on=today - timedelta(days=30 * n)
            ).pk
            for n in range(3)
        ]
        now = timezone.now().isoformat()
        _copy(
            cursor,
            "COPY campaigns_ambassador (display_name, email, phone, commune, organisation,"
            " preferred_language, consent_at, leaderboard_opt_in, is_active, joined_at,"
            " consent_answered_at) FROM STDIN",
            (
                f"Ambassadeur {n}\tbench-{n}@relais.example\t\tLaval\t\tfr\t{now}\t"
                f"{'t' if rng.random() < 0.6 else 'f'}\t{'f' if rng.random() < 0.02 else 't'}\t"
                f"{now}\t{now}\n"
                for n in range(AMBASSADORS)
            ),
        )
        cursor.execute("SELECT id FROM campaigns_ambassador ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        memberships = []
        for pk in ids:
            first = rng.choice(groups)
            memberships.append(f"{pk}\t{first}\n")
            if rng.random() < 0.1:
                second = rng.choice([g for g in groups if g != first])
                memberships.append(f"{pk}\t{second}\n")
        _copy(
            cursor,
            "COPY campaigns_ambassador_groups (ambassador_id, ambassadorgroup_id) FROM STDIN",
            memberships,
        )

        clicks = skewed_clicks(rng, len(ids), CLICKS)

        def rows():
            for pk, total in zip(ids, clicks, strict=True):
                if not total:
                    continue
                rollups = [("all", "all", total)]
                split = [rng.random() for _ in campaigns]
                rollups += [
                    ("campaign", str(c), int(total * s / sum(split)))
                    for c, s in zip(campaigns, split, strict=True)
                ]
                for n, key in enumerate(keys["month"]):
                    if rng.random() < (0.5 if n == 0 else 0.4):
                        rollups.append(("month", key, int(total * rng.uniform(0.02, 0.3))))
                for key in keys["week"]:
                    if rng.random() < 0.25:
                        rollups.append(("week", key, int(total * rng.uniform(0.005, 0.08))))
                for scope, key, human in rollups:
                    shares = int(human / rng.uniform(5, 40))
                    score = human + weight * shares
                    yield f"{pk}\t{scope}\t{key}\t{human}\t0\t0\t0\t{shares}\t{score}\t{now}\n"

        _copy(
            cursor,
            "COPY sharekits_ambassadortally (ambassador_id, scope, key, human_clicks,"
            " repeat_clicks, self_clicks, bot_fetches, shares, score, updated_at) FROM STDIN",
            rows(),
        )
        # The naive baseline: ClickTally-like raw rows (ambassador × day), summed on demand.
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_lb_raw_clicks"
            " (ambassador_id integer NOT NULL, day date NOT NULL, human_clicks integer NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_lb_raw_clicks"
            " SELECT %s + floor(power(random(), 3) * %s)::int,"
            " current_date - (random() * 27)::int, 1 + (random() * 18)::int"
            " FROM generate_series(1, %s)",
            [ids[0], len(ids), RAW_ROWS],
        )
        cursor.execute("CREATE INDEX bench_lb_raw_clicks_day ON bench_lb_raw_clicks (day)")
        cursor.execute(
            "CREATE TABLE bench_lb_meta (week_key text, ambassadors integer, clicks bigint)"
        )
        cursor.execute(
            "INSERT INTO bench_lb_meta VALUES (%s, %s, %s)", [keys["week"][0], len(ids), CLICKS]
        )
    with connection.cursor() as cursor:
        for name in (
            "sharekits_ambassadortally",
            "campaigns_ambassador",
            "campaigns_ambassador_groups",
            "bench_lb_raw_clicks",
        ):
            cursor.execute(f"VACUUM ANALYZE {name}")
    say(f"generated in {time.perf_counter() - started:.1f} s")


def describe(keys: dict[str, list[str]], say) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE leaderboard_opt_in),"
            " count(*) FILTER (WHERE NOT is_active) FROM campaigns_ambassador"
        )
        ambassadors, named, inactive = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), sum(human_clicks) FILTER (WHERE scope = 'all'),"
            " count(*) FILTER (WHERE scope = 'month' AND key = %s),"
            " max(human_clicks) FILTER (WHERE scope = 'all'),"
            " percentile_cont(0.5) WITHIN GROUP (ORDER BY human_clicks)"
            " FILTER (WHERE scope = 'all') FROM sharekits_ambassadortally",
            [keys["month"][0]],
        )
        rows, total, month_rows, top, median = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM bench_lb_raw_clicks")
        raw = cursor.fetchone()[0]
    say(
        f"{fmt(ambassadors)} ambassadors ({fmt(named)} named, {fmt(inactive)} inactive); "
        f"{fmt(rows)} rollup rows, {fmt(month_rows)} for this month ({keys['month'][0]})"
    )
    say(
        f"{fmt(total)} human clicks all time: top ambassador {fmt(top)}, median of those "
        f"with clicks {fmt(median)}; naive baseline table: {fmt(raw)} raw rows"
    )


# --- timing ---------------------------------------------------------------------------


def timed(call, n: int) -> tuple[float, float]:
    """(median, p99) in ms of n calls, after a few warm-up calls."""
    for _ in range(min(5, n)):
        call()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def naive_top(month_start) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.ambassador_id, a.display_name, a.leaderboard_opt_in, sum(r.human_clicks) s"
            " FROM bench_lb_raw_clicks r JOIN campaigns_ambassador a ON a.id = r.ambassador_id"
            " WHERE r.day >= %s AND a.is_active"
            " GROUP BY r.ambassador_id, a.display_name, a.leaderboard_opt_in"
            " ORDER BY s DESC, r.ambassador_id LIMIT 50",
            [month_start],
        )
        return cursor.fetchall()


def select_one() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


PROPOSED_INDEXES = {
    "bench_lb_tally_cover": "sharekits_ambassadortally (scope, key, score DESC)"
    " INCLUDE (ambassador_id)",
    "bench_lb_inactive": "campaigns_ambassador (id) WHERE NOT is_active",
}


@contextlib.contextmanager
def proposed_indexes():
    """A covering score index (counts stay index-only) and a partial index of the inactive
    ambassadors (the anti-join reads a few rows), for the what-if rows; dropped afterwards."""
    from django.db import connection

    with connection.cursor() as cursor:
        for name, definition in PROPOSED_INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        cursor.execute("VACUUM ANALYZE sharekits_ambassadortally")
        cursor.execute("VACUUM ANALYZE campaigns_ambassador")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in PROPOSED_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")


def measure(keys: dict[str, list[str]], calls: int, say) -> None:
    from django.utils import timezone

    from campaigns.models import Ambassador, AmbassadorGroup
    from sharekits.models import AmbassadorTally
    from sharekits.scores.leaderboards import board_for, leaderboard, rank_of

    month = keys["month"][0]
    rng = random.Random(SEED + 1)
    group = AmbassadorGroup.objects.filter(slug__startswith="bench-lb-").first()
    scored = list(
        AmbassadorTally.objects.filter(scope="month", key=month).values_list(
            "ambassador_id", flat=True
        )
    )
    people = Ambassador.objects.in_bulk(rng.sample(scored, min(calls, len(scored))))
    sample = list(people.values())
    top = leaderboard(period="month", key=month, limit=50)
    assert len(top) == 50, "the month has fewer than 50 scores"

    def each(fn):
        queue = itertools.cycle(sample)
        return lambda: fn(next(queue))

    base_median, base_p99 = timed(select_one, calls)
    results = [("SELECT 1 round trip (baseline)", base_median, base_p99, "")]
    cases = [
        (
            "leaderboard(month, limit=50)",
            lambda: leaderboard(period="month", key=month, limit=50),
            f"≤ {TARGET_MS:g} ms",
        ),
        ("leaderboard(all, limit=50)", lambda: leaderboard(period="all", key="all", limit=50), ""),
        (
            f"leaderboard(month, group={group.slug})",
            lambda: leaderboard(period="month", key=month, group=group, limit=50),
            "",
        ),
        (
            "rank_of(month), random ambassador",
            each(lambda a: rank_of(ambassador=a, period="month", key=month)),
            "",
        ),
        (
            "rank_of(month, group), random ambassador",
            each(lambda a: rank_of(ambassador=a, period="month", key=month, group=group)),
            "",
        ),
        (
            "board_for(): everything the page reads",
            each(lambda a: board_for(ambassador=a, period="month")),
            "",
        ),
    ]
    for label, call, target in cases:
        median, p99 = timed(call, calls)
        results.append((label, median, p99, target))
    # What two indexes no migration has yet would change (created here, dropped after).
    with proposed_indexes():
        for label, call, target in cases[0:1] + cases[3:]:
            median, p99 = timed(call, calls)
            results.append((f"{label} + proposed indexes", median, p99, target))
    month_start = timezone.localdate().replace(day=1)
    naive_median, naive_p99 = timed(lambda: naive_top(month_start), NAIVE_CALLS)
    results.append(
        (f"naive: GROUP BY {fmt(RAW_ROWS)} raw rows (n={NAIVE_CALLS})", naive_median, naive_p99, "")
    )
    lb_median = results[1][1]
    say()
    say(
        table(
            ["call", "median ms", "p99 ms", "× SELECT 1", "× top-50", "target"],
            [
                [
                    label,
                    f"{median:.3f}",
                    f"{p99:.3f}",
                    f"{median / base_median:.1f}",
                    f"{median / lb_median:.2f}",
                    target,
                ]
                for label, median, p99, target in results
            ],
        )
    )
    say()
    verdict = "met" if lb_median <= TARGET_MS else "MISSED"
    say(
        f"top-50 of the month: median {lb_median:.3f} ms, p99 {results[1][2]:.3f} ms → target "
        f"≤ {TARGET_MS:g} ms {verdict}; {naive_median / lb_median:,.0f}× faster than the naive "
        f"GROUP BY"
    )


def freshness(keys: dict[str, list[str]], say) -> None:
    """A score written the way the drain writes it is in the very next read."""
    from django.conf import settings
    from django.utils import timezone

    from campaigns.models import Ambassador
    from sharekits.scores.leaderboards import leaderboard
    from sharekits.scores.shares import add_shares

    month = keys["month"][0]
    beat = settings.CELERY_BEAT_SCHEDULE["drain-clicks"]["schedule"]
    top = leaderboard(period="month", key=month, limit=1)[0].score
    Ambassador.objects.filter(email=PROBE_EMAIL).delete()  # left by an interrupted run
    probe = Ambassador.objects.create(
        display_name="Sonde fraîcheur", email=PROBE_EMAIL, leaderboard_opt_in=True
    )
    probe_id = probe.pk
    try:
        needed = top // settings.RELAIS_SHARE_WEIGHT + 1
        add_shares(ambassador_id=probe_id, campaign_id=None, day=timezone.localdate(), count=needed)
        committed = time.perf_counter()
        first = leaderboard(period="month", key=month, limit=1)[0]
        seen_ms = (time.perf_counter() - committed) * 1000
    finally:
        probe.delete()
    say()
    say(
        f"freshness: the drain runs every {beat:g} s (CELERY_BEAT_SCHEDULE['drain-clicks']) and "
        f"writes these rollups in the batch's own transaction; reads are not cached."
    )
    ok = "yes" if first.ambassador_id == probe_id else "NO"
    say(
        f"  a score committed by add_shares() was rank {first.rank} in the next read "
        f"({seen_ms:.2f} ms later): {ok}. Worst case from click to leaderboard ≈ {beat:g} s "
        f"+ one drain batch, within the 30 s target."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data")
    args = parser.parse_args()

    say = common.Report("leaderboard", "Leaderboard reads: bench/leaderboard.py")
    say(f"leaderboard bench: {common.machine_line()}")
    say(f"database {DB_NAME}; {args.calls} calls per row, in-process through the ORM")
    try:
        ensure_database()
        setup_django()
        keys = _keys()
        if args.rebuild or not data_is_there(keys):
            say(f"generating {fmt(AMBASSADORS)} ambassadors and rollups of {fmt(CLICKS)} clicks…")
            generate(keys, say)
        else:
            say("reusing the data of a previous run (--rebuild to regenerate)")
        describe(keys, say)
    except Skip as exc:
        say(f"skipped: {exc}")
        return
    measure(keys, args.calls, say)
    freshness(keys, say)
    say.save()


if __name__ == "__main__":
    main()
