"""The drain: applies captured clicks to the tallies, exactly once.

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
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction

from sharekits.clicks.capture import flush_clicks
from sharekits.clicks.record import as_packed, parse_page, parse_record, parse_spool_line
from sharekits.clicks.spool import is_past, read_lines, rest_of, spool_dir, spool_files
from sharekits.clicks.stream import REDIS_ERRORS, raw_stream_client, redis_client, stream_name
from sharekits.clicks.tallies import ClickCounts, apply_clicks
from sharekits.models import DrainCursor

logger = logging.getLogger(__name__)

LOCK_NAME = "relais:clicks:drain-lock"


@dataclass
class DrainReport(ClickCounts):
    """What one drain run applied."""

    batches: int = 0
    sources: set = field(default_factory=set)

    def __str__(self) -> str:
        return (
            f"human {self.human}, repeat {self.repeat}, self {self.self}, bot {self.bot}"
            f" (dropped {self.dropped}, batches {self.batches})"
        )


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
            lock = client.lock(LOCK_NAME, timeout=120, blocking_timeout=timeout)
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
    """Apply the next page of the stream; the number of entries read (0: none left)."""
    client = raw_stream_client()
    try:
        with _gc_paused(), transaction.atomic():
            cursor = _locked_cursor("stream")
            start = f"({cursor.position}" if cursor.position else "-"
            entries = client.execute_command(
                "XRANGE", stream_name(), start, "+", "COUNT", batch_size
            )
            if not entries:
                return 0
            clicks = parse_page(entries)
            apply_clicks(clicks, report=report)
            report.dropped += len(entries) - len(clicks)
            last = entries[-1][0]
            cursor.position = last.decode() if isinstance(last, bytes) else last
            cursor.save(update_fields=["position", "updated_at"])
    except OSError:
        return 0
    acknowledge("stream", cursor.position)
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


def acknowledge(source: str, position: str) -> None:
    """After the commit: trim from the stream what has been applied (up to `position`).

    Spool files need no acknowledgement per batch: they are deleted once fully applied.
    """
    if source != "stream":
        return
    ms, seq = position.split("-")
    with contextlib.suppress(*REDIS_ERRORS):
        redis_client().xtrim(stream_name(), minid=f"{ms}-{int(seq) + 1}", approximate=False)


def _drain_spool(*, batch_size: int, report: DrainReport, deadline: float) -> int:
    """Apply the next lines of every spool file; the number of lines read."""
    applied = 0
    for path in spool_files():
        if time.monotonic() >= deadline:
            break
        source = f"spool:{path.name}"
        with _gc_paused(), transaction.atomic():
            cursor = _locked_cursor(source)
            offset = int(cursor.position or 0)
            lines = read_lines(path, offset=offset, max_lines=batch_size)
            end = offset + sum(len(line) + 1 for line in lines)
            if lines:
                clicks = [c for c in map(parse_spool_line, lines) if c is not None]
                apply_clicks(clicks, report=report)
                report.dropped += len(lines) - len(clicks)
                cursor.position = str(end)
                cursor.save(update_fields=["position", "updated_at"])
                report.batches += 1
                report.sources.add("spool")
                applied += len(lines)
            elif end >= path.stat().st_size and is_past(path):
                # A past hour's file, fully applied: nobody writes to it any more.
                cursor.delete()
                path.unlink(missing_ok=True)
        if lines:
            acknowledge(source, str(end))
    return applied


# --- lag ------------------------------------------------------------------------------


def backlog() -> tuple[int, float | None]:
    """(clicks waiting, age in seconds of the oldest one) across the stream and the spool."""
    flush_clicks()
    waiting, oldest_ms = _stream_backlog()
    offsets = dict(
        DrainCursor.objects.filter(source__startswith="spool:").values_list("source", "position")
    )
    for path in spool_files():
        rest = rest_of(path, offset=int(offsets.get(f"spool:{path.name}") or 0))
        lines = rest.count(b"\n")
        if lines:
            waiting += lines
            click = parse_spool_line(rest.split(b"\n", 1)[0])
            if click is not None:
                oldest_ms = click.ms if oldest_ms is None else min(oldest_ms, click.ms)
    age = None if oldest_ms is None else max(0.0, time.time() - oldest_ms / 1000)
    return waiting, age


def _stream_backlog() -> tuple[int, int | None]:
    """(entries in the stream, time in ms of the oldest one not applied yet)."""
    client = redis_client()
    if client is None:
        return 0, None
    position = (
        DrainCursor.objects.filter(source="stream").values_list("position", flat=True).first()
    )
    start = f"({position}" if position else "-"
    first = client.xrange(stream_name(), min=start, max="+", count=1)
    if not first:
        return 0, None
    click = parse_record(as_packed(first[0][1]))
    return client.xlen(stream_name()), None if click is None else click.ms
