"""The click record: its fields, how capture packs it and how the drain reads it back.

A record is ten short text fields, always in this order, joined by tabs into one line (the
"packed" form). That line is the value of the single field `c` of a Redis stream entry and,
followed by a newline, a line of a spool file. Nothing in it identifies the person who
clicked: the IP address and the user agent only enter the keyed hashes.

    a  ambassador id            b  verdict (human / preview / bot)    h  visitor hash, today
    v  kit variant id           f  coarse user-agent family           p  visitor hash, yesterday
    t  time, ms since epoch     r  referrer host                      s  self-click ("1" / "0")
    n  network address hash, today (60 bits in hex; absent from records written before it)

Reading back, `parse_record` is the one parser of a record. `parse_page` reads a whole page of
stream entries column by column when every entry is a well-formed packed record (most of the
drain's speed comes from it) and otherwise sends each entry through `parse_record`. Records
written before the packed form (a stream entry with one field per letter, a spool line of
JSON) still sit on disk or in Redis after an upgrade: `as_packed` turns them into the packed
form first.
"""

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import NamedTuple

FIELDS = ("a", "v", "t", "b", "f", "r", "s", "h", "p", "n")
WIDTH = len(FIELDS)
STREAM_FIELD = "c"  # the one field of a stream entry: the packed record
_STREAM_FIELD = STREAM_FIELD.encode()
_UNSAFE = str.maketrans("\t\r\n", "   ")  # the separators of fields and of spool lines


class Click(NamedTuple):
    """One captured click, as the drain reads it (a tuple: the drain makes millions)."""

    ambassador_id: int
    variant_id: int
    ms: int  # when, in milliseconds since the epoch
    verdict: str
    self_click: bool
    digest: str
    previous_digest: str
    address: str = ""  # the network address hash ("" in records written before it)

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.ms / 1000, tz=UTC)


# What the drain handles: a Click or a plain tuple of the same fields, in the same order.
ClickRow = tuple[int, int, int, str, bool, str, str, str]


# --- capture side ---------------------------------------------------------------------


def pack(record: Mapping[str, str]) -> str:
    """The packed form of a record: one string to send to Redis or to write to the spool."""
    values = [record.get(name, "") for name in FIELDS]
    packed = "\t".join(values)
    if packed.count("\t") != WIDTH - 1 or "\n" in packed or "\r" in packed:
        packed = "\t".join(value.translate(_UNSAFE) for value in values)  # rare: clean it
    return packed


def spool_line(record: Mapping[str, str]) -> bytes:
    """The line a spool file holds for a record: the packed form and a newline."""
    return (pack(record) + "\n").encode()


# --- drain side -----------------------------------------------------------------------

_VERDICTS = {b"human": "human", b"bot": "bot", b"preview": "preview"}
_SELF_FLAGS = {b"0", b"1"}


def parse_record(packed: bytes) -> Click | None:
    """The click of a packed record; None for a record that cannot be read.

    Trailing fields a newer writer may add are ignored, missing ones are empty (a record
    written before the address hash has none: the drain does not cap it); a record without a
    verdict is human.
    """
    parts = packed.split(b"\t")
    if len(parts) != WIDTH:
        parts = (parts + [b""] * WIDTH)[:WIDTH]
    a, v, t, b, _family, _referrer, s, h, p, n = parts
    try:
        verdict = _VERDICTS.get(b) or b.decode() or "human"
        return Click(int(a), int(v), int(t), verdict, s == b"1", h.decode(), p.decode(), n.decode())
    except (ValueError, UnicodeDecodeError):
        return None


def parse_page(entries: list) -> list[ClickRow]:
    """The clicks of raw XRANGE entries `[id, [field, value, …]]`, in order; entries that
    cannot be read are left out.

    When every entry holds one well-formed packed record, the page is parsed column by column:
    one join and one split for the whole page, then `int` mapped over each column, all in C.
    Any entry of another shape sends the page through `parse_record`, entry by entry.
    """
    try:
        rows = _parse_columns(entries)
    except (ValueError, TypeError, IndexError, UnicodeDecodeError):
        rows = None
    if rows is not None:
        return rows
    clicks = (parse_record(as_packed(fields)) for _id, fields in entries)
    return [c for c in clicks if c is not None]


def _parse_columns(entries: list) -> list[ClickRow] | None:
    """The fast path of `parse_page`; None when the page is not all well-formed records."""
    packed = [f[1] for _id, f in entries if len(f) == 2 and f[0] == _STREAM_FIELD]
    if len(packed) != len(entries):
        return None
    parts = b"\t".join(packed).split(b"\t")
    if len(parts) != WIDTH * len(packed):
        return None
    verdicts, flags = parts[3::WIDTH], parts[6::WIDTH]
    if not (set(verdicts) <= _VERDICTS.keys() and set(flags) <= _SELF_FLAGS):
        return None
    # Plain tuples in Click's field order (a NamedTuple costs 0.4 µs more each).
    return list(
        zip(
            map(int, parts[0::WIDTH]),
            map(int, parts[1::WIDTH]),
            map(int, parts[2::WIDTH]),
            map(_VERDICTS.__getitem__, verdicts),
            map(b"1".__eq__, flags),
            b"\t".join(parts[7::WIDTH]).decode().split("\t"),
            b"\t".join(parts[8::WIDTH]).decode().split("\t"),
            b"\t".join(parts[9::WIDTH]).decode().split("\t"),
            strict=True,
        )
    )


def parse_spool_line(line: bytes) -> Click | None:
    """The click of a line of a spool file (packed, or JSON as written before)."""
    return parse_record(as_packed(line))


def as_packed(stored: bytes | list | Mapping) -> bytes:
    """The packed form of a record however it was stored; b"" when it cannot be read.

    `stored` is a packed record or a spool line; the fields of a stream entry, as a flat list
    `[name, value, …]` (raw XRANGE) or a mapping (redis-py); or a record of the older
    one-field-per-letter shape: a stream entry, or a spool line of JSON.
    """
    try:
        if isinstance(stored, bytes):
            if not stored.startswith(b"{"):
                return stored.rstrip(b"\r\n")
            stored = json.loads(stored)
        if isinstance(stored, list):
            stored = dict(zip(stored[::2], stored[1::2], strict=False))
        fields = {_text(name): value for name, value in stored.items()}
        if STREAM_FIELD in fields:
            value = fields[STREAM_FIELD]
            return value if isinstance(value, bytes) else _text(value).encode()
        return pack({name: _text(value) for name, value in fields.items()}).encode()
    except (ValueError, TypeError, AttributeError):  # UnicodeDecodeError is a ValueError
        return b""


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
