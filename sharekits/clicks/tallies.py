"""Applying clicks to the tallies: each click gets a kind, each table one statement per batch.

A click is a **preview** (a link-preview fetcher) or a **bot** (crawlers, HTTP libraries) when
its verdict is not human, a **self**-click (the ambassador's own browser), a **repeat** (the
same visitor hash on the same link within 24 h), a **suspect** (a first visit from a network
address that already brought RELAIS_PEOPLE_PER_ADDRESS people to this link today: one machine
rotating user agents), or else a **human**, a person reached. The cap is per address *and*
link, so readers of other links behind the same carrier-grade NAT still count.

Counts go to `ClickTally` (ambassador × variant × local day) and to the leaderboard rollups
`AmbassadorTally` (`periods.rollup_keys`), each with one `INSERT … ON CONFLICT DO UPDATE` per
batch (`sql.py`). A row of counts per link holds one integer per `ClickKind`, in its order; a
rollup row holds human, repeat, self, bots and previews, then the shares (suspects never score
and are not rolled up).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum
from operator import itemgetter

from django.conf import settings
from django.utils import timezone

from campaigns.models import Ambassador
from sharekits import conf
from sharekits.clicks.record import ClickRow
from sharekits.clicks.sql import (
    add_people_to_addresses,
    hash_keys,
    people_of_addresses,
    remember_digests,
    seen_digests,
    upsert,
)
from sharekits.clicks.visitors import local_day
from sharekits.models import KitVariant
from sharekits.periods import rollup_keys


class ClickKind(IntEnum):
    """What a click counts as; the value is its place in a row of counts."""

    HUMAN = 0
    REPEAT = 1
    SELF = 2
    BOT = 3
    SUSPECT = 4
    PREVIEW = 5

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def column(self) -> str:
        """Its column in ClickTally."""
        return _COLUMNS[self]


_COLUMNS = {
    ClickKind.HUMAN: "human_clicks",
    ClickKind.REPEAT: "repeat_clicks",
    ClickKind.SELF: "self_clicks",
    ClickKind.BOT: "bot_fetches",
    ClickKind.SUSPECT: "suspect_clicks",
    ClickKind.PREVIEW: "preview_fetches",
}
ROW_WIDTH = len(ClickKind)
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
    suspect: int = 0
    preview: int = 0
    dropped: int = 0  # clicks that could not be read, or on an unknown link or person
    # Caches for one drain run: variant id → campaign id, ambassador id → attributed?
    variants: dict = field(default_factory=dict, repr=False)
    attributed: dict = field(default_factory=dict, repr=False)

    @property
    def applied(self) -> int:
        return sum(getattr(self, kind.label) for kind in ClickKind)

    def add(self, totals: Sequence[int]) -> None:
        """Add a row of counts per kind."""
        for kind in ClickKind:
            setattr(self, kind.label, getattr(self, kind.label) + totals[kind])


def apply_clicks(clicks: Sequence[ClickRow], *, report: ClickCounts) -> None:
    """Classify clicks (`ClickKind`) and add them to the tallies.

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
    sightings = _Sightings(known)
    counts = _count_by_kind(known, sightings)
    links, totals = _rows_per_link(counts)
    report.add(totals)
    _upsert_link_days(links)
    add_to_rollups(_rollups(links, variants))
    sightings.save()


class _Sightings:
    """The visitors and addresses of a batch already seen, and those the batch adds."""

    def __init__(self, known: Sequence[ClickRow]) -> None:
        self.keys = hash_keys({c[5] for c in known} | {c[6] for c in known})
        found = seen_digests(set(self.keys.values()))  # key → first seen, in ms
        self.seen = {digest: found[key] for digest, key in self.keys.items() if key in found}
        self.new_seen: dict[int, int] = {}  # key → ms
        self.addresses = hash_keys({c[7] for c in known})
        self.people = people_of_addresses(set(self.addresses.values()))  # key → people
        self.added: dict[int, tuple[int, int]] = {}  # key → (people, ms of the first)
        self.cap = conf.people_per_address()

    def first_visit(self, digest: str, address: str, ms: int) -> ClickKind:
        """Remember a first visit: a person, or a suspect past the cap of its address."""
        if digest in self.keys:
            self.seen[digest] = self.new_seen[self.keys[digest]] = ms
        key = self.addresses.get(address)
        if key is None:  # a record from before the address hash: no cap
            return ClickKind.HUMAN
        people = self.people.get(key, 0)
        if people >= self.cap:
            return ClickKind.SUSPECT
        self.people[key] = people + 1
        added, first = self.added.get(key, (0, ms))
        self.added[key] = (added + 1, first)
        return ClickKind.HUMAN

    def save(self) -> None:
        """Store what the batch saw (in the batch's transaction)."""
        if self.new_seen:
            remember_digests(self.new_seen)
        if self.added:
            add_people_to_addresses(self.added)


def _count_by_kind(known: Sequence[ClickRow], sightings: _Sightings) -> dict[tuple, int]:
    """(ambassador, variant, day, kind) → clicks; first visits go to `sightings`."""
    seen = sightings.seen
    counts: dict[tuple, int] = {}
    days: dict[int, date] = {}  # local day per minute: a batch spans few minutes
    window = _REPEAT_WINDOW_MS
    repeat, own, bot, preview = ClickKind.REPEAT, ClickKind.SELF, ClickKind.BOT, ClickKind.PREVIEW
    for ambassador_id, variant_id, ms, verdict, self_click, digest, previous, address in known:
        if verdict != "human":
            kind = preview if verdict == "preview" else bot
        elif self_click:
            kind = own
        else:
            first = seen.get(digest)
            if first is None or ms - first >= window:
                first = seen.get(previous)
            if first is not None and ms - first < window:
                kind = repeat
            else:
                kind = sightings.first_visit(digest, address, ms)
        minute = ms // 60_000
        day = days.get(minute)
        if day is None:
            day = days[minute] = local_day(minute)
        key = (ambassador_id, variant_id, day, kind)
        counts[key] = counts.get(key, 0) + 1
    return counts


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
    human, repeat, own, bot, _suspect, preview = ClickKind
    for (ambassador_id, variant_id, day), row in links.items():
        campaign = variants[variant_id]
        scopes = scopes_of.get((day, campaign))
        if scopes is None:
            scopes = scopes_of[(day, campaign)] = rollup_keys(day, campaign)
        rolled = (row[human], row[repeat], row[own], row[bot] + row[preview])
        for scope, key in scopes:
            total = rollups.get((ambassador_id, scope, key))
            if total is None:
                rollups[(ambassador_id, scope, key)] = [*rolled, 0]  # no shares from clicks
            else:
                for i, n in enumerate(rolled):
                    total[i] += n
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

# The columns of ClickTally, in ClickKind's order; of AmbassadorTally, in a rollup row's.
_COUNT_COLUMNS = tuple(kind.column for kind in ClickKind)
_ROLLUP_COLUMNS = ("human_clicks", "repeat_clicks", "self_clicks", "bot_fetches")


def _upsert_link_days(rows: dict[LinkDay, list[int]]) -> None:
    """Add rows of counts to `ClickTally`: (ambassador id, variant id, day) → counts."""
    upsert(
        table="sharekits_clicktally",
        keys=("ambassador_id", "variant_id", "day"),
        added=_COUNT_COLUMNS,
        params=[(*key, *row) for key, row in rows.items()],
        types=("bigint", "bigint", "date", *["int"] * len(_COUNT_COLUMNS)),
    )


def shares_row(count: int) -> list[int]:
    """A rollup row that adds `count` shares and no click (see `add_to_rollups`)."""
    return [0] * len(_ROLLUP_COLUMNS) + [count]


def add_to_rollups(rows: dict[Rollup, list[int]]) -> None:
    """Add counts to the leaderboard rollups: (ambassador id, scope, key) → [human, repeat,
    self, bots and previews, shares]. Used by the drain and by the share counter
    (sharekits.scores.shares)."""
    weight = settings.RELAIS_SHARE_WEIGHT
    now = timezone.now()
    human = ClickKind.HUMAN
    upsert(
        table="sharekits_ambassadortally",
        keys=("ambassador_id", "scope", "key"),
        added=(*_ROLLUP_COLUMNS, "shares", "score"),
        replaced=("updated_at",),
        params=[(*key, *row, row[human] + weight * row[-1], now) for key, row in rows.items()],
        types=("bigint", "text", "text", "int", "int", "int", "int", "int", "int", "timestamptz"),
    )
