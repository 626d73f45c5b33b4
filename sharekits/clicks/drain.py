"""The drain: applies captured clicks to the tallies, exactly once.

Sources are the Redis stream and the local spool files. Each batch is applied in one database
transaction that also moves the source's `DrainCursor`; the stream is trimmed (the
"acknowledgement") only after that commit. A crash between commit and trim, a duplicated task
or two drains at once therefore never count a click twice: what is at or before the cursor is
skipped. Two drains are also serialised by a lock (Redis, or a file lock without Redis) and by
`SELECT … FOR UPDATE` on the cursor row. The Redis lock lives LOCK_SECONDS and is renewed
after every batch, so a drain that crashed holds up the next one for a few seconds at most.
While Redis is down, the drain keeps applying the spool and reports the stream unreachable.
"""

import contextlib
import fcntl
import gc
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from redis.exceptions import LockError

from sharekits.clicks.capture import flush_clicks
from sharekits.clicks.record import as_packed, parse_page, parse_record, parse_spool_line
from sharekits.clicks.spool import is_past, read_lines, rest_of, spool_dir, spool_files
from sharekits.clicks.stream import REDIS_ERRORS, raw_stream_client, redis_client, stream_name
from sharekits.clicks.tallies import ClickCounts, apply_clicks
from sharekits.models import DrainCursor

logger = logging.getLogger(__name__)

LOCK_NAME = "relais:clicks:drain-lock"
LOCK_SECONDS = 5.0  # a batch takes well under a second: renewed after each one
LOCK_WAIT = 30.0  # how long a drain waits for another one to finish


@dataclass
class DrainReport(ClickCounts):
    """What one drain run applied, and why it stopped short if it did."""

    batches: int = 0
    sources: set = field(default_factory=set)
    lock_busy: bool = False  # another drain held the lock for the whole wait
    unreachable: set = field(default_factory=set)  # sources that could not be read
    unfinished: bool = False  # the time limit came before the sources were empty

    def __str__(self) -> str:
        return (
            f"human {self.human}, repeat {self.repeat}, self {self.self}, bot {self.bot},"
            f" suspect {self.suspect}, preview {self.preview}"
            f" (dropped {self.dropped}, batches {self.batches})"
        )

    def problem(self) -> str | None:
        """Why clicks may still be waiting after this run, or None if none are."""
        if self.lock_busy:
            return "another drain holds the lock: nothing was applied"
        if "stream" in self.unreachable:
            return "Redis is unreachable: the clicks in the stream could not be applied"
        if self.unfinished:
            return "the time limit was reached before every click was applied"
        return None


# --- entry point ----------------------------------------------------------------------


def drain_clicks(
    *, batch_size: int = 10_000, max_seconds: float = 10.0, lock_wait: float = LOCK_WAIT
) -> DrainReport:
    """Apply every click captured so far (bounded in time). Safe to run anywhere, any time."""
    report = DrainReport()
    deadline = time.monotonic() + max_seconds
    flush_clicks()  # clicks this process captured but has not sent yet
    with drain_lock(wait=lock_wait) as renew:
        if renew is None:
            report.lock_busy = True
            return report
        stream = redis_client() is not None
        while True:
            if time.monotonic() >= deadline:
                report.unfinished = True
                break
            applied = 0
            if stream:
                try:
                    applied += _drain_stream_batch(batch_size=batch_size, report=report)
                except REDIS_ERRORS as exc:
                    logger.warning("click drain: stream unreachable (%s), spool only", exc)
                    report.unreachable.add("stream")
                    stream = False
            applied += _drain_spool(batch_size=batch_size, report=report, deadline=deadline)
            if not applied or not renew():
                break
    return report


@contextlib.contextmanager
def drain_lock(*, wait: float = LOCK_WAIT) -> Iterator[Callable[[], bool] | None]:
    """One drain at a time: a Redis lock when Redis answers, else a file lock.

    Yields None when another drain kept the lock for `wait` seconds, else a function that
    renews the lock and says whether it is still ours (call it after each batch).
    """
    client = redis_client()
    if client is not None:
        lock = client.lock(LOCK_NAME, timeout=LOCK_SECONDS, blocking_timeout=wait)
        try:
            acquired = lock.acquire()
        except REDIS_ERRORS:
            pass  # Redis down: the file lock below
        else:
            try:
                yield _renewer(lock) if acquired else None
            finally:
                if acquired:
                    with contextlib.suppress(Exception):
                        lock.release()
            return
    with _file_lock(spool_dir() / ".drain.lock", wait=wait) as acquired:
        yield (lambda: True) if acquired else None


def _renewer(lock) -> Callable[[], bool]:
    def renew() -> bool:
        try:
            lock.reacquire()  # another LOCK_SECONDS from now
        except LockError:  # it expired, and another drain may hold it now
            logger.warning("click drain: lock lost to another drain, stopping")
            return False
        except REDIS_ERRORS:
            return True  # Redis went away: the spool goes on, as with the file lock
        return True

    return renew


@contextlib.contextmanager
def _file_lock(path: Path, *, wait: float) -> Iterator[bool]:
    """An exclusive flock, waited for up to `wait` seconds (the kernel frees it on a crash)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    with open(path, "w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
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
    with _gc_paused(), transaction.atomic():
        cursor = _locked_cursor("stream")
        start = f"({cursor.position}" if cursor.position else "-"
        entries = client.execute_command("XRANGE", stream_name(), start, "+", "COUNT", batch_size)
        if not entries:
            return 0
        clicks = parse_page(entries)
        apply_clicks(clicks, report=report)
        report.dropped += len(entries) - len(clicks)
        last = entries[-1][0]
        cursor.position = last.decode() if isinstance(last, bytes) else last
        cursor.save(update_fields=["position", "updated_at"])
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
