"""Click capture on the hot path: one non-blocking hand-over per click, never an SQL write.

Each click becomes a record (`record.py`) that a per-process sender thread appends to the Redis
stream in pipelined batches. If Redis is not configured or does not answer, the record goes to
the local spool file instead (`spool.py`); the drain (`drain.py`) reads both. Neither the IP
address nor the full user agent is ever written anywhere: they only enter the keyed hashes.
"""

import atexit
import collections
import logging
import os
import threading
import time
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlsplit

from sharekits import conf
from sharekits.clicks.addresses import client_address
from sharekits.clicks.classify import classify_user_agent, is_prefetch
from sharekits.clicks.record import STREAM_FIELD, pack
from sharekits.clicks.spool import close_spool, spool_append
from sharekits.clicks.stream import forget_redis_clients, redis_client, stream_name
from sharekits.clicks.visitors import address_hash, local_day, visitor_hash

logger = logging.getLogger(__name__)

REDIS_RETRY_AFTER = 5.0  # seconds without trying Redis after it failed: clicks go to the spool
WAKE_AT = 500  # queued records that wake the sender before its next batch is due
MAX_BATCH = 1000

_redis_down_until = 0.0


def hand_over_click(
    *, meta: Mapping[str, str], ambassador_id: int, variant_id: int, self_click: bool = False
) -> None:
    """Record a click on a personal link (called by the redirect, after routing)."""
    if is_prefetch(meta):
        return
    record = click_record(
        ambassador_id=ambassador_id,
        variant_id=variant_id,
        user_agent=meta.get("HTTP_USER_AGENT", ""),
        ip=client_address(meta),
        referrer=meta.get("HTTP_REFERER", ""),
        self_click=self_click,
    )
    append_click(record)


def click_record(
    *,
    ambassador_id: int,
    variant_id: int,
    user_agent: str,
    ip: str,
    referrer: str = "",
    self_click: bool = False,
    now: float | None = None,
) -> dict[str, str]:
    """The record of one click (`record.FIELDS`): nothing in it identifies who clicked."""
    now = time.time() if now is None else now
    verdict, family = classify_user_agent(user_agent)
    today = local_day(int(now) // 60)
    link = f"{ambassador_id}:{variant_id}"
    return {
        "a": str(ambassador_id),
        "v": str(variant_id),
        "t": str(int(now * 1000)),
        "b": str(verdict),
        "f": family,
        "r": _host(referrer),
        "s": "1" if self_click else "0",
        "h": visitor_hash(day=today, ip=ip, user_agent=user_agent, link=link),
        "p": visitor_hash(day=today - timedelta(days=1), ip=ip, user_agent=user_agent, link=link),
        "n": address_hash(day=today, ip=ip, link=link),
    }


def _host(referrer: str) -> str:
    if not referrer:
        return ""
    try:
        return (urlsplit(referrer).hostname or "")[:100]
    except ValueError:
        return ""


def append_click(record: Mapping[str, str]) -> str:
    """Hand a click to the stream sender (or straight to the spool without Redis).

    The redirect never waits for Redis: records are queued in memory and a background thread
    of this process sends them in pipelined batches every few milliseconds (one Redis round
    trip costs more than the whole rest of the redirect). If Redis fails, the batch goes to
    the local spool instead. What a hard kill of the process can lose is the last few
    milliseconds of clicks; a normal shutdown flushes the queue.
    """
    if redis_client() is None:
        spool_append(record)
        return "spool"
    if conf.click_batch_seconds() <= 0:
        _send([record])
        return "stream"
    _sender().submit(record)
    return "queued"


def _send(records: list[Mapping[str, str]]) -> None:
    """XADD a batch in one pipeline, or spool it if Redis is down (never raises)."""
    global _redis_down_until
    client = redis_client()
    if client is not None and time.monotonic() >= _redis_down_until:
        try:
            pipe = client.pipeline(transaction=False)
            name = stream_name()
            for record in records:
                pipe.xadd(name, {STREAM_FIELD: pack(record)})
            pipe.execute()
            return
        except Exception:  # noqa: BLE001 - any Redis failure: fall back, never lose the clicks
            _redis_down_until = time.monotonic() + REDIS_RETRY_AFTER
            logger.warning("click stream unavailable: spooling clicks locally")
    for record in records:
        spool_append(record)


class _Sender:
    """Per-process queue of click records and the thread that sends them."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.queue: collections.deque = collections.deque()
        self.wake = threading.Event()
        self.stopping = False
        self.idle = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="relais-click-shipper", daemon=True)
        self.thread.start()

    def submit(self, record: Mapping[str, str]) -> None:
        self.queue.append(record)
        if len(self.queue) >= WAKE_AT:
            self.wake.set()

    def _run(self) -> None:
        while not self.stopping:
            self.wake.wait(conf.click_batch_seconds())
            self.wake.clear()
            self._ship()

    def _ship(self) -> None:
        with self.idle:
            batch = []
            while self.queue and len(batch) < MAX_BATCH:
                batch.append(self.queue.popleft())
            if batch:
                _send(batch)
            if self.queue:
                self.wake.set()

    def flush(self) -> None:
        while self.queue:
            self._ship()
        with self.idle:  # wait for a batch the thread may be sending right now
            pass

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        self.thread.join(timeout=5)
        self.flush()


_sender_instance: _Sender | None = None
_sender_lock = threading.Lock()


def _sender() -> _Sender:
    global _sender_instance
    sender = _sender_instance
    if sender is None or sender.pid != os.getpid():  # none yet, or we are a forked child
        with _sender_lock:
            if _sender_instance is None or _sender_instance.pid != os.getpid():
                _sender_instance = _Sender()
            sender = _sender_instance
    return sender


def flush_clicks() -> None:
    """Send every click queued in this process now (the drain calls it first)."""
    sender = _sender_instance
    if sender is not None and sender.pid == os.getpid():
        sender.flush()


def reset_capture() -> None:
    """Send what is queued, stop the sender, close the spool and forget the Redis clients.

    The next click starts afresh with the settings of the moment (tests, a reconfiguration).
    """
    global _sender_instance, _redis_down_until
    with _sender_lock:
        sender, _sender_instance = _sender_instance, None
    if sender is not None and sender.pid == os.getpid():
        sender.stop()
    close_spool()
    forget_redis_clients()
    _redis_down_until = 0.0


atexit.register(flush_clicks)
