"""The drain's statements: one upsert per table and batch, and what it remembers between batches.

Each table gets one statement per batch whatever the number of clicks: on PostgreSQL, arrays
unnested into an `INSERT … ON CONFLICT DO UPDATE`; on SQLite (tests, development), the same
statement through `executemany`. The drain remembers two kinds of keyed hashes for 48 h:
visitors (`SeenVisitor`: first seen when, for the repeat window) and network addresses
(`SeenAddress`: how many people they brought to a link today, for the cap).
"""

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from django.db import connection

from sharekits.clicks.visitors import digest_key
from sharekits.models import SeenAddress, SeenVisitor

_SQLITE_CHUNK = 5000  # SQLite caps the parameters of one statement


def upsert(
    *,
    table: str,
    keys: Sequence[str],
    added: Sequence[str],
    replaced: Sequence[str] = (),
    kept: Sequence[str] = (),
    params: list[tuple],
    types: Sequence[str],
) -> None:
    """INSERT … ON CONFLICT DO UPDATE adding the `added` columns (PostgreSQL and SQLite alike).

    `params` hold the keys, then `added`, `replaced` and `kept` (inserted, never updated).
    """
    if not params:
        return
    columns = ", ".join([*keys, *added, *replaced, *kept])
    updates = [f"{c} = {table}.{c} + excluded.{c}" for c in added]
    updates += [f"{c} = excluded.{c}" for c in replaced]
    conflict = f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the whole batch: arrays in (as literals, cheap to send).
            arrays = [pg_array(column) for column in zip(*params, strict=True)]
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


def pg_array(values: Iterable) -> str:
    """A PostgreSQL array literal of our own simple values (ids, dates, keys, hex digests)."""
    values = list(values)
    if values and isinstance(values[0], int):
        return "{" + ",".join(map(str, values)) + "}"
    items = [v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values]
    if not _ARRAY_ITEM.fullmatch("".join(items)):
        raise ValueError("unexpected character in an array value")
    return "{" + ",".join(items) + "}"


def hash_keys(digests: set[str]) -> dict[str, int]:
    """hex hash → its stored key (first 60 bits), leaving out what is not a hash ("" in old
    records)."""
    keys = {digest: digest_key(digest) for digest in digests}
    return {digest: key for digest, key in keys.items() if key is not None}


# --- seen visitors --------------------------------------------------------------------


def seen_digests(keys: set[int]) -> dict[int, int]:
    """The visitor hashes among `keys` already seen, with when (ms since the epoch)."""
    if not keys:
        return {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT digest, (extract(epoch FROM seen_at) * 1000)::bigint "
                "FROM sharekits_seenvisitor WHERE digest = ANY(%s::bigint[])",
                [pg_array(keys)],
            )
            return dict(cursor.fetchall())
    found = {}
    for chunk in _chunks(keys):
        rows = SeenVisitor.objects.filter(digest__in=chunk)
        found.update(
            (key, int(at.timestamp() * 1000)) for key, at in rows.values_list("digest", "seen_at")
        )
    return found


def remember_digests(seen: dict[int, int]) -> None:
    """Store the visitors first seen in a batch (key → ms), keeping an earlier sighting."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO sharekits_seenvisitor (digest, seen_at) "
                "SELECT digest, to_timestamp(ms / 1000.0) "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS seen (digest, ms) "
                "ON CONFLICT (digest) DO NOTHING",
                [pg_array(seen), pg_array(seen.values())],
            )
        return
    SeenVisitor.objects.bulk_create(
        [SeenVisitor(digest=key, seen_at=_at(ms)) for key, ms in seen.items()],
        ignore_conflicts=True,
        batch_size=_SQLITE_CHUNK,
    )


# --- seen addresses -------------------------------------------------------------------


def people_of_addresses(keys: set[int]) -> dict[int, int]:
    """The address hashes among `keys` already seen today, with how many people they brought."""
    if not keys:
        return {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT address, people FROM sharekits_seenaddress "
                "WHERE address = ANY(%s::bigint[])",
                [pg_array(keys)],
            )
            return dict(cursor.fetchall())
    found = {}
    for chunk in _chunks(keys):
        found.update(SeenAddress.objects.filter(address__in=chunk).values_list("address", "people"))
    return found


def add_people_to_addresses(added: dict[int, tuple[int, int]]) -> None:
    """Add people to address hashes: key → (people, ms of the first), one statement."""
    upsert(
        table="sharekits_seenaddress",
        keys=("address",),
        added=("people",),
        kept=("seen_at",),
        params=[(key, people, _at(ms)) for key, (people, ms) in added.items()],
        types=("bigint", "int", "timestamptz"),
    )


def _at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _chunks(keys: set[int]) -> Iterable[list[int]]:
    keys = list(keys)
    for start in range(0, len(keys), _SQLITE_CHUNK):
        yield keys[start : start + _SQLITE_CHUNK]
