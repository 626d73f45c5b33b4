"""Click capture on the hot path: one non-blocking append per click, never an SQL write.

Each click becomes a small record — link (ambassador, variant), time, bot verdict, coarse
user-agent family, referrer host, self-click flag and two keyed hashes for de-duplication —
appended to a Redis stream. If Redis is not configured or does not answer, the record goes to
a local append-only spool file instead; the drain (sharekits.tally) reads both. Neither the IP
address nor the full user agent is ever written anywhere: they only enter the keyed hashes.
"""

import atexit
import collections
import hashlib
import hmac
import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from sharekits.clicks.classify import classify_user_agent, is_prefetch

logger = logging.getLogger(__name__)

SELF_COOKIE = "relais_amb"
SELF_COOKIE_SALT = "relais.self-click"
SECRET_TTL = 48 * 3600
REDIS_RETRY_AFTER = 5.0

_secrets: dict[str, bytes] = {}
_redis_client = None
_redis_down_until = 0.0
_spool_lock = threading.Lock()
_spool: dict[str, object] = {"name": None, "fd": None, "synced": 0.0}


# --- the hand-over --------------------------------------------------------------------


def hand_over_click(
    *, meta: Mapping[str, str], ambassador_id: int, variant_id: int, self_click: bool = False
) -> None:
    """Record a click on a personal link (called by the redirect, after routing)."""
    if is_prefetch(meta):
        return
    ip_header = getattr(settings, "RELAIS_CLIENT_IP_HEADER", "") or "REMOTE_ADDR"
    record = click_record(
        ambassador_id=ambassador_id,
        variant_id=variant_id,
        user_agent=meta.get("HTTP_USER_AGENT", ""),
        # The last address is the one our own proxy added; earlier ones are client-supplied.
        ip=(meta.get(ip_header) or meta.get("REMOTE_ADDR", "")).split(",")[-1].strip(),
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
    """The record of one click: nothing in it identifies the person who clicked."""
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
    }


@lru_cache(maxsize=64)
def local_day(minute: int):
    """The local date of a minute since the epoch (cached: clicks come minute after minute)."""
    return timezone.localdate(datetime.fromtimestamp(minute * 60, tz=UTC))


FIELDS = ("a", "v", "t", "b", "f", "r", "s", "h", "p")


def pack(record: dict[str, str]) -> str:
    """One tab-separated string per click: one field to send to Redis instead of nine."""
    return "\t".join(record.get(name, "").replace("\t", " ") for name in FIELDS)


def unpack(packed: str) -> dict[str, str]:
    return dict(zip(FIELDS, packed.split("\t"), strict=False))


def visitor_hash(*, day, ip: str, user_agent: str, link: str) -> str:
    """HMAC of IP + user agent + link with the secret of `day` (deleted after 48 h)."""
    message = f"{ip}\x1f{user_agent}\x1f{link}".encode("utf-8", "replace")
    return hmac.new(daily_secret(day.isoformat()), message, hashlib.sha256).hexdigest()[:32]


def daily_secret(day: str) -> bytes:
    """The de-duplication secret of a day, shared by every web node through the cache."""
    value = _secrets.get(day)
    if value is not None:
        return value
    key = f"relais:clicks:secret:{day}"
    stored = None
    try:
        cache.add(key, secrets.token_hex(32), SECRET_TTL)
        stored = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache being down must not stop clicks
        logger.warning("click secret: cache unavailable, using a process-local secret")
    value = (stored or secrets.token_hex(32)).encode()
    if len(_secrets) > 4:
        _secrets.clear()
    _secrets[day] = value
    return value


def _host(referrer: str) -> str:
    if not referrer:
        return ""
    try:
        return (urlsplit(referrer).hostname or "")[:100]
    except ValueError:
        return ""


# --- where records go ---------------------------------------------------------------


def stream_name() -> str:
    return getattr(settings, "RELAIS_CLICK_STREAM", "relais:clicks")


def redis_client():
    """A Redis client for the click stream, or None when REDIS_URL is not set."""
    global _redis_client
    if _redis_client is None and settings.REDIS_URL:
        import redis

        _redis_client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=0.25,
            socket_timeout=0.25,
            health_check_interval=30,
        )
    return _redis_client


def reset_redis_client() -> None:
    global _redis_client, _redis_down_until
    flush_clicks()
    _redis_client = None
    _redis_down_until = 0.0


def append_click(record: dict[str, str]) -> str:
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
    if _batch_seconds() <= 0:
        _send([record])
        return "stream"
    _shipper().submit(record)
    return "queued"


def _batch_seconds() -> float:
    return getattr(settings, "RELAIS_CLICK_BATCH_MS", 5) / 1000


def _send(records: list[dict[str, str]]) -> None:
    """XADD a batch in one pipeline, or spool it if Redis is down (never raises)."""
    global _redis_down_until
    client = redis_client()
    if client is not None and time.monotonic() >= _redis_down_until:
        try:
            pipe = client.pipeline(transaction=False)
            name = stream_name()
            for record in records:
                pipe.xadd(name, {"c": pack(record)})
            pipe.execute()
            return
        except Exception:  # noqa: BLE001 - any Redis failure: fall back, never lose the clicks
            _redis_down_until = time.monotonic() + REDIS_RETRY_AFTER
            logger.warning("click stream unavailable: spooling clicks locally")
    for record in records:
        spool_append(record)


class _Shipper:
    """Per-process queue of click records and the thread that sends them."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.queue: collections.deque = collections.deque()
        self.wake = threading.Event()
        self.idle = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="relais-click-shipper", daemon=True)
        self.thread.start()

    def submit(self, record: dict[str, str]) -> None:
        self.queue.append(record)
        if len(self.queue) >= 500:
            self.wake.set()

    def _run(self) -> None:
        while True:
            self.wake.wait(_batch_seconds())
            self.wake.clear()
            self._ship()

    def _ship(self) -> None:
        with self.idle:
            batch = []
            while self.queue and len(batch) < 1000:
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


_shipper_instance: _Shipper | None = None
_shipper_lock = threading.Lock()


def _shipper() -> _Shipper:
    global _shipper_instance
    shipper = _shipper_instance
    if shipper is None or shipper.pid != os.getpid():  # none yet, or we are a forked child
        with _shipper_lock:
            if _shipper_instance is None or _shipper_instance.pid != os.getpid():
                _shipper_instance = _Shipper()
            shipper = _shipper_instance
    return shipper


def flush_clicks() -> None:
    """Send every click queued in this process now (the drain calls it first)."""
    if _shipper_instance is not None and _shipper_instance.pid == os.getpid():
        _shipper_instance.flush()


atexit.register(flush_clicks)


def spool_dir() -> Path:
    return Path(getattr(settings, "RELAIS_SPOOL_DIR", settings.VAR_DIR / "spool"))


def spool_file_name(now: float | None = None) -> str:
    """One file per process and hour: writers never share a file, the drain deletes old ones."""
    stamp = time.strftime("%Y%m%d%H", time.gmtime(now or time.time()))
    return f"clicks-{stamp}-{socket.gethostname()}-{os.getpid()}.log"


def spool_append(record: dict[str, str]) -> None:
    """One write(2) per click (survives a crash of the process); fsync at most once a second."""
    line = (json.dumps(record, separators=(",", ":")) + "\n").encode()
    name = spool_file_name()
    with _spool_lock:
        if _spool["name"] != name:
            if _spool["fd"] is not None:
                os.fsync(_spool["fd"])
                os.close(_spool["fd"])
            directory = spool_dir()
            directory.mkdir(parents=True, exist_ok=True)
            _spool["fd"] = os.open(directory / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            _spool["name"] = name
        os.write(_spool["fd"], line)
        now = time.monotonic()
        if now - _spool["synced"] >= 1.0:
            os.fsync(_spool["fd"])
            _spool["synced"] = now


def close_spool() -> None:
    with _spool_lock:
        if _spool["fd"] is not None:
            os.fsync(_spool["fd"])
            os.close(_spool["fd"])
        _spool.update(name=None, fd=None, synced=0.0)


_signer = None


def _self_signer():
    global _signer
    if _signer is None:
        from django.core.signing import get_cookie_signer

        _signer = get_cookie_signer(salt=SELF_COOKIE + SELF_COOKIE_SALT)
    return _signer


def self_cookie_value(ambassador_id: int) -> str:
    """The signed value of the self-click cookie (set by the portal for a logged-in ambassador)."""
    return _self_signer().sign(str(ambassador_id))


def read_self_cookie(raw: str | None) -> int | None:
    """The ambassador id in a self-click cookie value, or None if absent or forged."""
    if not raw:
        return None
    from django.core.signing import BadSignature

    try:
        value = _self_signer().unsign(raw)
    except BadSignature:
        return None
    return int(value) if value.isdigit() else None
