"""The drain: applies captured clicks to tallies, exactly once.

Sources are the Redis stream and the local spool files. Each batch is applied in one database
transaction that also moves the source's `DrainCursor`; the stream is trimmed (the
"acknowledgement") only after that commit. A crash between commit and trim, a duplicated task
or two drains at once therefore never count a click twice: what is at or before the cursor is
skipped. Two drains are also serialised by a lock (Redis, or a file lock without Redis) and by
`SELECT … FOR UPDATE` on the cursor row.
"""

import contextlib
import fcntl
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Ambassador

from .clicks import flush_clicks, redis_client, spool_dir, spool_file_name, stream_name, unpack
from .models import DrainCursor, KitVariant, SeenVisitor

REPEAT_WINDOW = timedelta(hours=24)
_UNKNOWN = object()
KINDS = ("human", "repeat", "self", "bot")


@dataclass
class DrainReport:
    human: int = 0
    repeat: int = 0
    self: int = 0
    bot: int = 0
    dropped: int = 0
    batches: int = 0
    sources: set = field(default_factory=set)
    # Caches for one drain run: variant id → campaign id, ambassador id → attributed?
    variants: dict = field(default_factory=dict, repr=False)
    attributed: dict = field(default_factory=dict, repr=False)

    @property
    def applied(self) -> int:
        return self.human + self.repeat + self.self + self.bot

    def __str__(self) -> str:
        return (
            f"human {self.human}, repeat {self.repeat}, self {self.self}, bot {self.bot}"
            f" (dropped {self.dropped}, batches {self.batches})"
        )


@dataclass(frozen=True)
class Click:
    ambassador_id: int
    variant_id: int
    at: datetime
    verdict: str
    self_click: bool
    digest: str
    previous_digest: str


def parse_click(fields: dict) -> Click | None:
    """A click from a stream or spool record; None for a record that cannot be read."""
    try:
        data = {
            (k.decode() if isinstance(k, bytes) else k): (
                v.decode() if isinstance(v, bytes) else str(v)
            )
            for k, v in fields.items()
        }
        if "c" in data:  # the packed form written to the Redis stream
            data = unpack(data["c"])
        return Click(
            ambassador_id=int(data["a"]),
            variant_id=int(data["v"]),
            at=datetime.fromtimestamp(int(data["t"]) / 1000, tz=UTC),
            verdict=data.get("b", "human"),
            self_click=data.get("s") == "1",
            digest=data.get("h", ""),
            previous_digest=data.get("p", ""),
        )
    except (KeyError, ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return None


# --- entry point ----------------------------------------------------------------------


def drain_clicks(*, batch_size: int = 2000, max_seconds: float = 10.0) -> DrainReport:
    """Apply every click captured so far (bounded in time). Safe to run anywhere, any time."""
    report = DrainReport()
    deadline = time.monotonic() + max_seconds
    flush_clicks()  # clicks this process captured but has not sent yet
    with drain_lock() as acquired:
        if not acquired:
            return report
        while time.monotonic() < deadline:
            applied = 0
            if redis_client() is not None:
                applied += _drain_stream_batch(batch_size=batch_size, report=report)
            applied += _drain_spool(batch_size=batch_size, report=report, deadline=deadline)
            if not applied:
                break
    return report


@contextlib.contextmanager
def drain_lock(timeout: float = 30.0) -> Iterator[bool]:
    """One drain at a time: a Redis lock when Redis is configured, else a file lock."""
    client = redis_client()
    if client is not None:
        try:
            lock = client.lock("relais:clicks:drain-lock", timeout=120, blocking_timeout=timeout)
            acquired = lock.acquire()
        except Exception:  # noqa: BLE001 - Redis down: fall back to the file lock
            client = None
        else:
            try:
                yield acquired
            finally:
                if acquired:
                    with contextlib.suppress(Exception):
                        lock.release()
            return
    directory = spool_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".drain.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- sources --------------------------------------------------------------------------


def _locked_cursor(source: str) -> DrainCursor:
    DrainCursor.objects.get_or_create(source=source)
    return DrainCursor.objects.select_for_update().get(source=source)


def _drain_stream_batch(*, batch_size: int, report: DrainReport) -> int:
    client = redis_client()
    name = stream_name()
    try:
        with transaction.atomic():
            cursor = _locked_cursor("stream")
            start = f"({cursor.position}" if cursor.position else "-"
            entries = client.xrange(name, min=start, max="+", count=batch_size)
            if not entries:
                return 0
            clicks = [parse_click(fields) for _id, fields in entries]
            apply_clicks([c for c in clicks if c], report=report)
            report.dropped += sum(1 for c in clicks if c is None)
            last = entries[-1][0]
            cursor.position = last.decode() if isinstance(last, bytes) else last
            cursor.save(update_fields=["position", "updated_at"])
            position = cursor.position
    except OSError:
        return 0
    acknowledge("stream", position)
    report.batches += 1
    report.sources.add("stream")
    return len(entries)


def acknowledge(source: str, position: str) -> None:
    """After the commit: trim from the stream what has been applied (up to `position`).

    Spool files need no acknowledgement per batch: they are deleted once fully applied.
    """
    if source != "stream":
        return
    ms, seq = position.split("-")
    with contextlib.suppress(Exception):
        redis_client().xtrim(stream_name(), minid=f"{ms}-{int(seq) + 1}", approximate=False)


def _drain_spool(*, batch_size: int, report: DrainReport, deadline: float) -> int:
    directory = spool_dir()
    if not directory.exists():
        return 0
    applied = 0
    # Files of the last two hours may still receive a late write: only older ones are deleted.
    cutoff = spool_file_name(time.time() - 3600)[: len("clicks-YYYYMMDDHH")]
    for path in sorted(directory.glob("clicks-*.log")):
        if time.monotonic() >= deadline:
            break
        source = f"spool:{path.name}"
        with transaction.atomic():
            cursor = _locked_cursor(source)
            offset = int(cursor.position or 0)
            with open(path, "rb") as handle:
                handle.seek(offset)
                chunk = handle.read(batch_size * 400)
            end = chunk.rfind(b"\n") + 1
            lines = chunk[:end].splitlines()[:batch_size]
            consumed = sum(len(line) + 1 for line in lines)
            if lines:
                clicks = [_parse_line(line) for line in lines]
                apply_clicks([c for c in clicks if c], report=report)
                report.dropped += sum(1 for c in clicks if c is None)
                cursor.position = str(offset + consumed)
                cursor.save(update_fields=["position", "updated_at"])
                report.batches += 1
                report.sources.add("spool")
                applied += len(lines)
            finished = offset + consumed >= path.stat().st_size
            old = path.name[: len(cutoff)] < cutoff
            if finished and old and not lines:
                # A past hour's file, fully applied: nobody writes to it any more.
                cursor.delete()
                path.unlink(missing_ok=True)
        if lines:
            acknowledge(source, str(offset + consumed))
    return applied


def _parse_line(line: bytes) -> Click | None:
    try:
        return parse_click(json.loads(line))
    except (ValueError, TypeError):
        return None


# --- applying -------------------------------------------------------------------------


def apply_clicks(clicks: list[Click], *, report: DrainReport) -> None:
    """Classify clicks (human / repeat / self / bot) and add them to the tallies."""
    if not clicks:
        return
    # Looked up once per drain run, not per batch (a run lasts seconds).
    variants = report.variants
    missing = {c.variant_id for c in clicks} - variants.keys()
    if missing:
        found = dict(
            KitVariant.objects.filter(pk__in=missing).values_list("pk", "kit__story__campaign_id")
        )
        variants.update({pk: found.get(pk, _UNKNOWN) for pk in missing})
    attributed = report.attributed
    missing = {c.ambassador_id for c in clicks} - attributed.keys()
    if missing:
        # Clicks are not attributed to ambassadors who refused attribution in the portal.
        found = set(
            Ambassador.objects.filter(pk__in=missing)
            .exclude(consent_answered_at__isnull=False, consent_at__isnull=True)
            .values_list("pk", flat=True)
        )
        attributed.update({pk: pk in found for pk in missing})
    clicks = sorted(clicks, key=lambda c: c.at)
    known = [
        c for c in clicks if variants[c.variant_id] is not _UNKNOWN and attributed[c.ambassador_id]
    ]
    report.dropped += len(clicks) - len(known)
    candidates = {c.digest for c in known} | {c.previous_digest for c in known}
    seen = dict(_seen_digests(candidates - {""}))
    links: Counter = Counter()
    rollups: Counter = Counter()
    new_seen: dict[str, datetime] = {}
    kinds: Counter = Counter()
    days: dict[int, date] = {}  # local day per minute: clicks of a batch share a few minutes
    keys: dict[tuple, list] = {}
    for click in known:
        kind = _kind(click, seen)
        if kind == "human":
            seen[click.digest] = click.at
            new_seen[click.digest] = click.at
        kinds[kind] += 1
        minute = int(click.at.timestamp()) // 60
        day = days.get(minute)
        if day is None:
            day = days[minute] = timezone.localdate(click.at)
        links[(click.ambassador_id, click.variant_id, day, kind)] += 1
        campaign = variants[click.variant_id]
        scopes = keys.get((day, campaign))
        if scopes is None:
            scopes = keys[(day, campaign)] = rollup_keys(day, campaign)
        for scope, key in scopes:
            rollups[(click.ambassador_id, scope, key, kind)] += 1
    for kind, n in kinds.items():
        setattr(report, kind, getattr(report, kind) + n)
    _upsert("sharekits_clicktally", ["ambassador_id", "variant_id", "day"], links)
    _upsert("sharekits_ambassadortally", ["ambassador_id", "scope", "key"], rollups)
    if new_seen:
        _remember_digests(new_seen)


def _kind(click: Click, seen: dict[str, datetime]) -> str:
    if click.verdict != "human":
        return "bot"
    if click.self_click:
        return "self"
    for digest in (click.digest, click.previous_digest):
        first = seen.get(digest)
        if first is not None and click.at - first < REPEAT_WINDOW:
            return "repeat"
    return "human"


_COLUMNS = {"human": 0, "repeat": 1, "self": 2, "bot": 3, "shares": 4}
_COUNTS = ["human_clicks", "repeat_clicks", "self_clicks", "bot_fetches"]


def _upsert(table: str, key_columns: list[str], counts: Counter) -> None:
    """INSERT … ON CONFLICT DO UPDATE adding the counts (PostgreSQL and SQLite alike)."""
    rows: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for (*key, kind), n in counts.items():
        rows[tuple(key)][_COLUMNS[kind]] += n
    if not rows:
        return
    rollup = table == "sharekits_ambassadortally"
    value_columns = [*_COUNTS, "shares", "score", "updated_at"] if rollup else _COUNTS
    columns = [*key_columns, *value_columns]
    placeholders = ", ".join(["%s"] * len(columns))
    added = [*_COUNTS, "shares"] if rollup else _COUNTS
    updates = [f"{c} = {table}.{c} + excluded.{c}" for c in added]
    if rollup:
        updates.append(f"score = {table}.score + excluded.score")
        updates.append("updated_at = excluded.updated_at")
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {', '.join(updates)}"
    )
    weight = settings.RELAIS_SHARE_WEIGHT
    now = timezone.now()
    params = []
    for key, values in rows.items():
        if rollup:
            score = values[0] + weight * values[4]
            params.append((*key, *values, score, now))
        else:
            params.append((*key, *values[:4]))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the whole batch: arrays in (as literals, cheap to send).
            types = _PG_TYPES[table]
            arrays = [_pg_array(column) for column in zip(*params, strict=True)]
            select = ", ".join(f"%s::{t}[]" for t in types)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"SELECT * FROM unnest({select}) "
                f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {', '.join(updates)}",
                arrays,
            )
        else:
            cursor.executemany(sql, params)


_PG_TYPES = {
    "sharekits_clicktally": ["bigint", "bigint", "date", "int", "int", "int", "int"],
    "sharekits_ambassadortally": [
        "bigint",
        "text",
        "text",
        "int",
        "int",
        "int",
        "int",
        "int",
        "int",
        "timestamptz",
    ],
}


_ARRAY_ITEM = re.compile(r"[\w:+.-]*")


def _pg_array(values) -> str:
    """A PostgreSQL array literal of our own simple values (ids, dates, keys, hex digests)."""
    values = list(values)
    if values and isinstance(values[0], int):
        return "{" + ",".join(map(str, values)) + "}"
    items = [v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values]
    if not _ARRAY_ITEM.fullmatch("".join(items)):
        raise ValueError("unexpected character in an array value")
    return "{" + ",".join(items) + "}"


def _seen_digests(digests: set[str]) -> list[tuple[str, datetime]]:
    if not digests:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT digest, seen_at FROM sharekits_seenvisitor "
                "WHERE digest = ANY(%s::varchar[])",
                [_pg_array(digests)],
            )
            return cursor.fetchall()
    return list(SeenVisitor.objects.filter(digest__in=digests).values_list("digest", "seen_at"))


def _remember_digests(seen: dict[str, datetime]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO sharekits_seenvisitor (digest, seen_at) "
                "SELECT * FROM unnest(%s::varchar[], %s::timestamptz[]) "
                "ON CONFLICT (digest) DO NOTHING",
                [_pg_array(seen), _pg_array(seen.values())],
            )
        return
    SeenVisitor.objects.bulk_create(
        [SeenVisitor(digest=d, seen_at=at) for d, at in seen.items()], ignore_conflicts=True
    )


def rollup_keys(day, campaign_id: int | None) -> list[tuple[str, str]]:
    """The (scope, key) rollups a click or share of `day` in a campaign adds to."""
    iso = day.isocalendar()
    return [
        ("week", f"{iso.year}-W{iso.week:02d}"),
        ("month", f"{day.year}-{day.month:02d}"),
        ("campaign", str(campaign_id or 0)),
        ("all", "all"),
    ]


def add_shares(*, ambassador_id: int, campaign_id: int | None, day, count: int = 1) -> None:
    """Count shares in the leaderboard rollups (score = clicks + weight × shares)."""
    counts: Counter = Counter()
    for scope, key in rollup_keys(day, campaign_id):
        counts[(ambassador_id, scope, key, "shares")] += count
    _upsert("sharekits_ambassadortally", ["ambassador_id", "scope", "key"], counts)


# --- lag ------------------------------------------------------------------------------


def backlog() -> tuple[int, float | None]:
    """(clicks waiting, age in seconds of the oldest one) across the stream and the spool."""
    flush_clicks()
    waiting = 0
    oldest_ms: int | None = None
    client = redis_client()
    if client is not None:
        position = (
            DrainCursor.objects.filter(source="stream").values_list("position", flat=True).first()
        )
        start = f"({position}" if position else "-"
        first = client.xrange(stream_name(), min=start, max="+", count=1)
        if first:
            waiting += client.xlen(stream_name())
            click = parse_click(first[0][1])
            if click is not None:
                oldest_ms = int(click.at.timestamp() * 1000)
    directory = spool_dir()
    if directory.exists():
        offsets = dict(
            DrainCursor.objects.filter(source__startswith="spool:").values_list(
                "source", "position"
            )
        )
        for path in sorted(directory.glob("clicks-*.log")):
            offset = int(offsets.get(f"spool:{path.name}") or 0)
            with open(path, "rb") as handle:
                handle.seek(offset)
                rest = handle.read()
            lines = rest.count(b"\n")
            if lines:
                waiting += lines
                click = _parse_line(rest.split(b"\n", 1)[0])
                if click is not None:
                    ms = int(click.at.timestamp() * 1000)
                    oldest_ms = ms if oldest_ms is None else min(oldest_ms, ms)
    age = None if oldest_ms is None else max(0.0, time.time() - oldest_ms / 1000)
    return waiting, age
