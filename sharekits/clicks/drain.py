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
import gc
import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Ambassador
from sharekits.clicks.capture import (
    FIELDS,
    flush_clicks,
    local_day,
    redis_client,
    spool_dir,
    spool_file_name,
    stream_name,
    unpack,
)
from sharekits.models import DrainCursor, KitVariant, SeenVisitor
from sharekits.periods import rollup_keys

REPEAT_WINDOW = timedelta(hours=24)
_REPEAT_WINDOW_MS = int(REPEAT_WINDOW.total_seconds() * 1000)
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


class Click(NamedTuple):
    """One captured click, as the drain reads it (a tuple: the drain makes millions)."""

    ambassador_id: int
    variant_id: int
    ms: int  # when, in milliseconds since the epoch
    verdict: str
    self_click: bool
    digest: str
    previous_digest: str

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.ms / 1000, tz=UTC)


# What the drain handles: a Click or a plain tuple of the same fields, in the same order.
ClickRow = tuple[int, int, int, str, bool, str, str]

_VERDICTS = {b"human": "human", b"bot": "bot", b"preview": "preview"}


def parse_packed(packed: bytes) -> Click | None:
    """A click from the packed record the stream holds (`clicks.pack`): one split, no dict."""
    parts = packed.split(b"\t")
    if len(parts) != len(FIELDS):
        return parse_click({"c": packed})
    a, v, t, b, _family, _referrer, s, h, p = parts
    try:
        verdict = _VERDICTS.get(b) or b.decode()
        return Click(int(a), int(v), int(t), verdict, s == b"1", h.decode(), p.decode())
    except (ValueError, UnicodeDecodeError):
        return None


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
            ms=int(data["t"]),
            verdict=data.get("b", "human"),
            self_click=data.get("s") == "1",
            digest=data.get("h", ""),
            previous_digest=data.get("p", ""),
        )
    except (KeyError, ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return None


# --- entry point ----------------------------------------------------------------------


def drain_clicks(*, batch_size: int = 10_000, max_seconds: float = 10.0) -> DrainReport:
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
    client = _raw_stream_client()
    name = stream_name()
    try:
        with _gc_paused(), transaction.atomic():
            cursor = _locked_cursor("stream")
            start = f"({cursor.position}" if cursor.position else "-"
            entries = client.execute_command("XRANGE", name, start, "+", "COUNT", batch_size)
            if not entries:
                return 0
            clicks = parse_entries(entries)
            apply_clicks([c for c in clicks if c], report=report)
            report.dropped += len(entries) - len(clicks)
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


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one batch.

    A batch makes tens of thousands of small tuples, each allocation burst triggering the
    collector, and each pass walks every object of the process, Django's included: a third of
    the drain's time. Reference counting still frees the batch; the pause lasts one batch.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_raw_clients: dict[int, object] = {}


def _raw_stream_client():
    """The click-stream client, sharing its connections, without redis-py's reply parsing.

    XRANGE replies stay as nested lists `[id, [field, value, …]]` (3 µs less per click than
    redis-py building a dict per entry); the fields are read by `_parse_entry`.
    """
    import redis

    client = redis_client()
    raw = _raw_clients.get(id(client))
    if raw is None:
        raw = redis.Redis(connection_pool=client.connection_pool)
        raw.set_response_callback("XRANGE", lambda response, **options: response)
        _raw_clients.clear()
        _raw_clients[id(client)] = raw
    return raw


_WIDTH = len(FIELDS)
_SELF_FLAGS = {b"0", b"1"}


def parse_entries(entries: list) -> list[ClickRow]:
    """The clicks of raw XRANGE entries, in order; entries that cannot be read are left out.

    The stream's records all have the packed form, so a page is parsed column by column: one
    join and one split for the whole page, then `int` mapped over each column, all in C. Any
    entry of another shape sends the page through the per-entry parser instead.
    """
    try:
        packed = [fields[1] for _id, fields in entries if fields[0] == b"c" and len(fields) == 2]
        if len(packed) == len(entries):
            parts = b"\t".join(packed).split(b"\t")
            if len(parts) == _WIDTH * len(packed):
                verdicts, flags = parts[3::_WIDTH], parts[6::_WIDTH]
                if set(verdicts) <= _VERDICTS.keys() and set(flags) <= _SELF_FLAGS:
                    # Plain tuples in Click's field order (a NamedTuple costs 0.4 µs more each).
                    return list(
                        zip(
                            map(int, parts[0::_WIDTH]),
                            map(int, parts[1::_WIDTH]),
                            map(int, parts[2::_WIDTH]),
                            map(_VERDICTS.__getitem__, verdicts),
                            map(b"1".__eq__, flags),
                            b"\t".join(parts[7::_WIDTH]).decode().split("\t"),
                            b"\t".join(parts[8::_WIDTH]).decode().split("\t"),
                            strict=True,
                        )
                    )
    except (ValueError, TypeError, IndexError, UnicodeDecodeError):
        pass
    clicks = (_parse_entry(fields) for _id, fields in entries)
    return [c for c in clicks if c is not None]


def _parse_entry(fields) -> Click | None:
    """A click from the field list of a raw XRANGE entry (the packed form is `[b"c", …]`)."""
    if isinstance(fields, dict):
        fields = [item for pair in fields.items() for item in pair]
    if len(fields) == 2 and fields[0] == b"c":
        return parse_packed(fields[1])
    return parse_click(dict(zip(fields[::2], fields[1::2], strict=False)))


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
        with _gc_paused(), transaction.atomic():
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


def apply_clicks(clicks: Sequence[ClickRow], *, report: DrainReport) -> None:
    """Classify clicks (human / repeat / self / bot) and add them to the tallies.

    Per click, only the classification and one count per (ambassador, variant, day, kind);
    the rollups are then derived from those counts, and each table gets one statement.
    """
    if not clicks:
        return
    # Clicks may be plain tuples in Click's field order (see parse_entries): indexes, not names.
    variants = _campaigns_of({c[1] for c in clicks}, report.variants)
    attributed = _attributed({c[0] for c in clicks}, report.attributed)
    known = [c for c in clicks if variants[c[1]] is not _UNKNOWN and attributed[c[0]]]
    report.dropped += len(clicks) - len(known)
    known.sort(key=itemgetter(2))  # by time: the first visit is the human one
    keys = _digest_keys({c[5] for c in known} | {c[6] for c in known})
    found = _seen_digests(set(keys.values()))  # key → first seen, in ms
    seen = {digest: found[key] for digest, key in keys.items() if key in found}
    new_seen: dict[int, int] = {}  # key → ms
    window = _REPEAT_WINDOW_MS
    counts: dict[tuple, int] = {}
    days: dict[int, date] = {}  # local day per minute: a batch spans few minutes
    for ambassador_id, variant_id, ms, verdict, self_click, digest, previous in known:
        if verdict != "human":
            kind = 3  # bot
        elif self_click:
            kind = 2
        else:
            first = seen.get(digest)
            if first is None or ms - first >= window:
                first = seen.get(previous)
            if first is not None and ms - first < window:
                kind = 1  # repeat
            else:
                kind = 0  # human
                if digest in keys:
                    seen[digest] = new_seen[keys[digest]] = ms
        minute = ms // 60_000
        day = days.get(minute)
        if day is None:
            day = days[minute] = local_day(minute)
        key = (ambassador_id, variant_id, day, kind)
        counts[key] = counts.get(key, 0) + 1
    links: dict[tuple, list[int]] = {}
    totals = [0, 0, 0, 0, 0]
    for (ambassador_id, variant_id, day, kind), n in counts.items():
        row = links.get((ambassador_id, variant_id, day))
        if row is None:
            row = links[(ambassador_id, variant_id, day)] = [0, 0, 0, 0, 0]
        row[kind] += n
        totals[kind] += n
    rollups: dict[tuple, list[int]] = {}
    scopes_of: dict[tuple, list] = {}
    for (ambassador_id, variant_id, day), row in links.items():
        campaign = variants[variant_id]
        scopes = scopes_of.get((day, campaign))
        if scopes is None:
            scopes = scopes_of[(day, campaign)] = rollup_keys(day, campaign)
        for scope, key in scopes:
            total = rollups.get((ambassador_id, scope, key))
            if total is None:
                rollups[(ambassador_id, scope, key)] = row.copy()
            else:
                for i in range(4):
                    total[i] += row[i]
    for kind, n in zip(KINDS, totals, strict=False):
        setattr(report, kind, getattr(report, kind) + n)
    _upsert("sharekits_clicktally", ["ambassador_id", "variant_id", "day"], links)
    _upsert("sharekits_ambassadortally", ["ambassador_id", "scope", "key"], rollups)
    if new_seen:
        _remember_digests(new_seen)


def _campaigns_of(variant_ids: set[int], cache: dict) -> dict:
    """variant id → campaign id (or _UNKNOWN), looked up once per drain run, not per batch."""
    missing = variant_ids - cache.keys()
    if missing:
        found = dict(
            KitVariant.objects.filter(pk__in=missing).values_list("pk", "kit__story__campaign_id")
        )
        cache.update({pk: found.get(pk, _UNKNOWN) for pk in missing})
    return cache


def _attributed(ambassador_ids: set[int], cache: dict) -> dict:
    """ambassador id → whether their clicks count: not for those who refused attribution."""
    missing = ambassador_ids - cache.keys()
    if missing:
        found = set(
            Ambassador.objects.filter(pk__in=missing)
            .exclude(consent_answered_at__isnull=False, consent_at__isnull=True)
            .values_list("pk", flat=True)
        )
        cache.update({pk: pk in found for pk in missing})
    return cache


_COUNTS = ["human_clicks", "repeat_clicks", "self_clicks", "bot_fetches"]


def _upsert(table: str, key_columns: list[str], rows: dict[tuple, list[int]]) -> None:
    """INSERT … ON CONFLICT DO UPDATE adding the counts (PostgreSQL and SQLite alike).

    `rows` maps a key to [human, repeat, self, bot, shares].
    """
    if not rows:
        return
    rollup = table == "sharekits_ambassadortally"
    value_columns = [*_COUNTS, "shares", "score", "updated_at"] if rollup else _COUNTS
    columns = [*key_columns, *value_columns]
    added = [*_COUNTS, "shares"] if rollup else _COUNTS
    updates = [f"{c} = {table}.{c} + excluded.{c}" for c in added]
    if rollup:
        updates.append(f"score = {table}.score + excluded.score")
        updates.append("updated_at = excluded.updated_at")
    conflict = f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {', '.join(updates)}"
    weight = settings.RELAIS_SHARE_WEIGHT
    now = timezone.now()
    if rollup:
        params = [(*key, *v, v[0] + weight * v[4], now) for key, v in rows.items()]
    else:
        params = [(*key, *v[:4]) for key, v in rows.items()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the whole batch: arrays in (as literals, cheap to send).
            types = _PG_TYPES[table]
            arrays = [_pg_array(column) for column in zip(*params, strict=True)]
            select = ", ".join(f"%s::{t}[]" for t in types)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"SELECT * FROM unnest({select}) {conflict}",
                arrays,
            )
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"VALUES ({placeholders}) {conflict}",
                params,
            )


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


DIGEST_HEX_DIGITS = 15  # 60 bits: a positive bigint, collisions negligible over 48 h


def digest_key(digest: str) -> int | None:
    """The stored form of a visitor hash: its first 60 bits as an integer (None if not hex)."""
    if len(digest) < DIGEST_HEX_DIGITS:
        return None
    try:
        return int(digest[:DIGEST_HEX_DIGITS], 16)
    except ValueError:
        return None


def _digest_keys(digests: set[str]) -> dict[str, int]:
    keys = {digest: digest_key(digest) for digest in digests}
    return {digest: key for digest, key in keys.items() if key is not None}


def _seen_digests(keys: set[int]) -> dict[int, int]:
    """The visitor hashes among `keys` already seen, with when (ms since the epoch)."""
    if not keys:
        return {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT digest, (extract(epoch FROM seen_at) * 1000)::bigint "
                "FROM sharekits_seenvisitor WHERE digest = ANY(%s::bigint[])",
                [_pg_array(keys)],
            )
            return dict(cursor.fetchall())
    found = {}
    keys = list(keys)
    for start in range(0, len(keys), 5000):  # SQLite caps the parameters of one statement
        rows = SeenVisitor.objects.filter(digest__in=keys[start : start + 5000])
        found.update(
            (key, int(at.timestamp() * 1000)) for key, at in rows.values_list("digest", "seen_at")
        )
    return found


def _remember_digests(seen: dict[int, int]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO sharekits_seenvisitor (digest, seen_at) "
                "SELECT digest, to_timestamp(ms / 1000.0) "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS seen (digest, ms) "
                "ON CONFLICT (digest) DO NOTHING",
                [_pg_array(seen), _pg_array(seen.values())],
            )
        return
    SeenVisitor.objects.bulk_create(
        [
            SeenVisitor(digest=key, seen_at=datetime.fromtimestamp(ms / 1000, tz=UTC))
            for key, ms in seen.items()
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )


def add_to_rollups(rows: dict[tuple, list[int]]) -> None:
    """Add counts to the leaderboard rollups: (ambassador id, scope, key) → [human, repeat,
    self, bot, shares]. Used by the drain and by the share counter (sharekits.scores.shares)."""
    _upsert("sharekits_ambassadortally", ["ambassador_id", "scope", "key"], rows)


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
                oldest_ms = click.ms
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
                    oldest_ms = click.ms if oldest_ms is None else min(oldest_ms, click.ms)
    age = None if oldest_ms is None else max(0.0, time.time() - oldest_ms / 1000)
    return waiting, age
