"""The click record: what capture writes is what the drain reads, in any of its shapes."""

import json

import pytest

from sharekits.clicks.capture import click_record
from sharekits.clicks.record import (
    Click,
    as_packed,
    pack,
    parse_page,
    parse_record,
    parse_spool_line,
    spool_line,
)
from tests.sharekits.clicks.traffic import BROWSERS, PREVIEWS


@pytest.fixture
def records(db):
    return [
        click_record(ambassador_id=i + 1, variant_id=40 + i, user_agent=ua, ip=f"203.0.113.{i}")
        for i, ua in enumerate(BROWSERS + PREVIEWS)
    ]


def _entries(fields_per_entry):
    """Raw XRANGE entries, as the drain reads them, holding `fields_per_entry`."""
    return [[f"{1000 + i}-0".encode(), fields] for i, fields in enumerate(fields_per_entry)]


def _stream_fields(record):
    return [b"c", pack(record).encode()]


def test_a_record_reads_back_as_the_click_it_was_made_from(records):
    record = click_record(
        ambassador_id=7,
        variant_id=9,
        user_agent=BROWSERS[0],
        ip="203.0.113.4",
        referrer="https://www.linkedin.com/feed/",
        self_click=True,
        now=1_700_000_000.25,
    )
    click = parse_record(pack(record).encode())
    assert click == Click(
        7, 9, 1_700_000_000_250, "human", True, record["h"], record["p"], record["n"]
    )
    assert click.at.timestamp() == 1_700_000_000.25
    assert "203.0.113.4" not in pack(record)
    assert "Pixel 8" not in pack(record)  # the user agent itself: only a coarse family is kept


def test_the_spool_holds_the_same_line_as_the_stream(records):
    for record in records:
        line = spool_line(record)
        assert line == pack(record).encode() + b"\n"
        assert parse_spool_line(line.rstrip(b"\n")) == parse_record(pack(record).encode())


def test_a_tab_or_a_newline_inside_a_field_cannot_break_a_record_or_a_spool_line(records):
    odd = records[0] | {"r": "evil\thost\nnext", "f": "fam\r\nily"}
    line = spool_line(odd)
    assert line.count(b"\n") == 1 and line.count(b"\t") == 9
    assert parse_spool_line(line[:-1]) == parse_record(pack(records[0]).encode())


def test_a_stream_page_is_read_whole_and_a_damaged_entry_loses_only_its_own_click(records):
    packed = [_stream_fields(record) for record in records]
    expected = [tuple(parse_record(pack(record).encode())) for record in records]
    assert parse_page(_entries(packed)) == expected
    assert [c[3] for c in expected].count("human") == len(BROWSERS)  # previews are not people

    # One entry of a foreign shape, one garbled: the others still come through, in order.
    unpacked = [item.encode() for pair in records[0].items() for item in pair]
    damaged = [*packed[:2], [b"c", b"not\ta\tclick"], unpacked, *packed[2:]]
    assert parse_page(_entries(damaged)) == [*expected[:2], expected[0], *expected[2:]]
    # A verdict the drain does not know makes the page go through the careful parser too.
    odd = records[1] | {"b": "unknown"}
    mixed = [*packed[:1], _stream_fields(odd)]
    assert [c[3] for c in parse_page(_entries(mixed))] == [expected[0][3], "unknown"]


def test_records_written_before_the_packed_form_are_still_read(records):
    """After an upgrade, old stream entries and old JSON spool lines are counted the same."""
    record = records[1]
    click = parse_record(pack(record).encode())
    old_stream_entry = [item.encode() for pair in record.items() for item in pair]
    old_spool_line = json.dumps(record, separators=(",", ":")).encode()
    assert parse_record(as_packed(old_stream_entry)) == click
    assert parse_spool_line(old_spool_line) == click
    assert parse_page(_entries([old_stream_entry])) == [click]
    # redis-py's own XRANGE replies (the backlog reads them) hold a mapping.
    assert parse_record(as_packed({b"c": pack(record).encode()})) == click
    assert parse_record(as_packed({k.encode(): v.encode() for k, v in record.items()})) == click
    # An old record without a verdict was a person's click, as before.
    assert parse_spool_line(json.dumps({"a": 1, "v": 2, "t": 3}).encode()).verdict == "human"


@pytest.mark.parametrize(
    "stored",
    [b"", b"\n", b"{not json", b"[1, 2]", b'{"v": "2", "t": "3"}', b"x\ty\tz", b"\xff\xfe"],
)
def test_a_record_that_cannot_be_read_is_none(stored):
    assert parse_spool_line(stored) is None
