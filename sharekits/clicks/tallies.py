"""Applying clicks to the tallies: each click gets a kind, each table one statement per batch.

A click is a **bot** (its verdict is not human: preview fetchers, crawlers, HTTP libraries), a
**self**-click (the ambassador's own browser), a **repeat** (the same visitor hash on the same
link within 24 h), or else a **human**, a person reached. Counts go to `ClickTally` (ambassador
× variant × local day) and to the leaderboard rollups `AmbassadorTally` (`periods.rollup_keys`),
each with one `INSERT … ON CONFLICT DO UPDATE` per batch. A row of counts is a list of
ROW_WIDTH integers: one per `ClickKind`, in its order, then the shares.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from operator import itemgetter

from django.conf import settings
from django.db import connection
from django.utils import timezone

from campaigns.models import Ambassador
from sharekits.clicks.record import ClickRow
from sharekits.clicks.visitors import digest_key, local_day
from sharekits.models import KitVariant, SeenVisitor
from sharekits.periods import rollup_keys


class ClickKind(IntEnum):
    """What a click counts as; the value is its place in a row of counts."""

    HUMAN = 0
    REPEAT = 1
    SELF = 2
    BOT = 3

    @property
    def label(self) -> str:
        return self.name.lower()


SHARES = len(ClickKind)  # the place of the shares in a row of counts, after the kinds
ROW_WIDTH = SHARES + 1
REPEAT_WINDOW = timedelta(hours=24)
_REPEAT_WINDOW_MS = int(REPEAT_WINDOW.total_seconds() * 1000)
_UNKNOWN = object()

LinkDay = tuple[int, int, date]  # ambassador id, variant id, local day
Rollup = tuple[int, str, str]  # ambassador id, scope, key


@dataclass
class ClickCounts:
    """What applying clicks counted, and the lookups kept for the next batches of a run."""

    human: int = 0
    repeat: int = 0
    self: int = 0
    bot: int = 0
    dropped: int = 0  # clicks that could not be read, or on an unknown link or person
    # Caches for one drain run: variant id → campaign id, ambassador id → attributed?
    variants: dict = field(default_factory=dict, repr=False)
    attributed: dict = field(default_factory=dict, repr=False)

    @property
    def applied(self) -> int:
        return self.human + self.repeat + self.self + self.bot

    def add(self, totals: Sequence[int]) -> None:
        """Add a row of counts per kind."""
        for kind in ClickKind:
            setattr(self, kind.label, getattr(self, kind.label) + totals[kind])


def apply_clicks(clicks: Sequence[ClickRow], *, report: ClickCounts) -> None:
    """Classify clicks (human / repeat / self / bot) and add them to the tallies.

    Per click, only the classification and one count per (ambassador, variant, day, kind);
    the rollups are then derived from those counts, and each table gets one statement.
    """
    if not clicks:
        return
    # Clicks may be plain tuples in Click's field order (see record.parse_page): indexes.
    variants = _campaigns_of({c[1] for c in clicks}, report.variants)
    attributed = _attributed({c[0] for c in clicks}, report.attributed)
    known = [c for c in clicks if variants[c[1]] is not _UNKNOWN and attributed[c[0]]]
    report.dropped += len(clicks) - len(known)
    known.sort(key=itemgetter(2))  # by time: the first visit is the human one
    counts, new_seen = _count_by_kind(known)
    links, totals = _rows_per_link(counts)
    report.add(totals)
    _upsert_link_days(links)
    add_to_rollups(_rollups(links, variants))
    if new_seen:
        _remember_digests(new_seen)


def _count_by_kind(known: Sequence[ClickRow]) -> tuple[dict[tuple, int], dict[int, int]]:
    """(ambassador, variant, day, kind) → clicks, and the visitors first seen (key → ms)."""
    keys = _digest_keys({c[5] for c in known} | {c[6] for c in known})
    found = _seen_digests(set(keys.values()))  # key → first seen, in ms
    seen = {digest: found[key] for digest, key in keys.items() if key in found}
    new_seen: dict[int, int] = {}  # key → ms
    counts: dict[tuple, int] = {}
    days: dict[int, date] = {}  # local day per minute: a batch spans few minutes
    window = _REPEAT_WINDOW_MS
    human, repeat, own, bot = ClickKind  # locals: the loop runs once per click
    for ambassador_id, variant_id, ms, verdict, self_click, digest, previous in known:
        if verdict != "human":
            kind = bot
        elif self_click:
            kind = own
        else:
            first = seen.get(digest)
            if first is None or ms - first >= window:
                first = seen.get(previous)
            if first is not None and ms - first < window:
                kind = repeat
            else:
                kind = human
                if digest in keys:
                    seen[digest] = new_seen[keys[digest]] = ms
        minute = ms // 60_000
        day = days.get(minute)
        if day is None:
            day = days[minute] = local_day(minute)
        key = (ambassador_id, variant_id, day, kind)
        counts[key] = counts.get(key, 0) + 1
    return counts, new_seen


def _rows_per_link(counts: dict[tuple, int]) -> tuple[dict[LinkDay, list[int]], list[int]]:
    """(ambassador, variant, day) → a row of counts; and the row of the batch's totals."""
    links: dict[LinkDay, list[int]] = {}
    totals = [0] * ROW_WIDTH
    for (ambassador_id, variant_id, day, kind), n in counts.items():
        row = links.get((ambassador_id, variant_id, day))
        if row is None:
            row = links[(ambassador_id, variant_id, day)] = [0] * ROW_WIDTH
        row[kind] += n
        totals[kind] += n
    return links, totals


def _rollups(links: dict[LinkDay, list[int]], variants: dict) -> dict[Rollup, list[int]]:
    """The leaderboard rows the per-link rows add up to, in every period and scope."""
    rollups: dict[Rollup, list[int]] = {}
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
                for i in range(SHARES):
                    total[i] += row[i]
    return rollups


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


# --- the upserts ----------------------------------------------------------------------

_COUNT_COLUMNS = ("human_clicks", "repeat_clicks", "self_clicks", "bot_fetches")  # ClickKind


def _upsert_link_days(rows: dict[LinkDay, list[int]]) -> None:
    """Add rows of counts to `ClickTally`: (ambassador id, variant id, day) → counts."""
    _upsert(
        table="sharekits_clicktally",
        keys=("ambassador_id", "variant_id", "day"),
        added=_COUNT_COLUMNS,
        params=[(*key, *row[:SHARES]) for key, row in rows.items()],
        types=("bigint", "bigint", "date", "int", "int", "int", "int"),
    )


def add_to_rollups(rows: dict[Rollup, list[int]]) -> None:
    """Add counts to the leaderboard rollups: (ambassador id, scope, key) → [human, repeat,
    self, bot, shares]. Used by the drain and by the share counter (sharekits.scores.shares)."""
    weight = settings.RELAIS_SHARE_WEIGHT
    now = timezone.now()
    human = ClickKind.HUMAN
    _upsert(
        table="sharekits_ambassadortally",
        keys=("ambassador_id", "scope", "key"),
        added=(*_COUNT_COLUMNS, "shares", "score"),
        replaced=("updated_at",),
        params=[(*key, *row, row[human] + weight * row[SHARES], now) for key, row in rows.items()],
        types=("bigint", "text", "text", "int", "int", "int", "int", "int", "int", "timestamptz"),
    )


def _upsert(
    *,
    table: str,
    keys: Sequence[str],
    added: Sequence[str],
    replaced: Sequence[str] = (),
    params: list[tuple],
    types: Sequence[str],
) -> None:
    """INSERT … ON CONFLICT DO UPDATE adding the `added` columns (PostgreSQL and SQLite alike)."""
    if not params:
        return
    columns = ", ".join([*keys, *added, *replaced])
    updates = [f"{c} = {table}.{c} + excluded.{c}" for c in added]
    updates += [f"{c} = excluded.{c}" for c in replaced]
    conflict = f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the whole batch: arrays in (as literals, cheap to send).
            arrays = [_pg_array(column) for column in zip(*params, strict=True)]
            select = ", ".join(f"%s::{t}[]" for t in types)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({select}) {conflict}",  # noqa: S608
                arrays,
            )
        else:
            placeholders = ", ".join(["%s"] * len(types))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {conflict}",  # noqa: S608
                params,
            )


_ARRAY_ITEM = re.compile(r"[\w:+.-]*")


def _pg_array(values: Iterable) -> str:
    """A PostgreSQL array literal of our own simple values (ids, dates, keys, hex digests)."""
    values = list(values)
    if values and isinstance(values[0], int):
        return "{" + ",".join(map(str, values)) + "}"
    items = [v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values]
    if not _ARRAY_ITEM.fullmatch("".join(items)):
        raise ValueError("unexpected character in an array value")
    return "{" + ",".join(items) + "}"


# --- seen visitors --------------------------------------------------------------------


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
    """Store the visitors first seen in a batch (key → ms), keeping an earlier sighting."""
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
