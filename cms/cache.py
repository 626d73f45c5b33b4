"""Cache backends that keep the site up while Redis is down.

Django's RedisCache raises on a connection error, and Wagtail (site root paths), the rate limits
and the short-link routes all read the cache on the public path: a Redis outage turned those
pages into 500s. Here a failed Redis call behaves as a miss (`FailOpenRedisCache`) or is served
from this process's memory (`LocalFallbackRedisCache`, for the rate limits, so that a limit
still applies per process rather than none at all).

After a failure, a process leaves Redis alone for `RETRY_AFTER` seconds, so a dead or
unreachable Redis costs one short timeout per interval, not one per request; the next call
after that reconnects by itself (redis-py's pool opens a new connection). Failures are logged
when Redis goes away, once a minute while it stays away, and when it comes back.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# What "Redis is unreachable" looks like (BusyLoadingError, while it reloads, is a ConnectionError).
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 2.0
LOG_EVERY = 60.0
# Unless OPTIONS say otherwise: fail fast. A connection error is retried once, at once, so that
# a pooled connection that died with a restarted Redis is replaced without the caller seeing
# an error; a timeout is not retried (it would double the wait on a Redis that hangs).
FAIL_FAST_OPTIONS = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.5,
    "health_check_interval": 30,
    "retry": Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
}


class RedisOutage:
    """One process's memory of a Redis server being down: when to try again, what was logged."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        self.retry_at = 0.0
        self.since: float | None = None
        self.logged_at = 0.0
        self.misses = 0

    def skip_redis(self) -> bool:
        return time.monotonic() < self.retry_at

    def failed(self, exc: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self.retry_at = now + RETRY_AFTER
            self.misses += 1
            started = self.since is None
            if started:
                self.since = now
            if not started and now - self.logged_at < LOG_EVERY:
                return
            self.logged_at = now
            down_for = now - self.since
            misses, self.misses = self.misses, 0
        logger.warning(
            "cache: Redis %s unreachable for %.0f s (%s: %s); %d calls served without it",
            self.name,
            down_for,
            type(exc).__name__,
            exc,
            misses,
        )

    def answered(self) -> None:
        if self.since is None:
            return
        with self._lock:
            if self.since is None:
                return
            down_for = time.monotonic() - self.since
            self.since, self.retry_at, self.misses = None, 0.0, 0
        logger.warning("cache: Redis %s is back after %.0f s", self.name, down_for)


_outages: dict[str, RedisOutage] = {}
_outages_lock = threading.Lock()


def outage_of(location: str) -> RedisOutage:
    """The outage record of a Redis location, shared by every thread of the process."""
    with _outages_lock:
        return _outages.setdefault(location, RedisOutage(location))


def forget_outages() -> None:
    """Forget every remembered outage (tests start from a process that saw none)."""
    with _outages_lock:
        for outage in _outages.values():
            outage.forget()


def _guarded(name: str) -> Callable[..., Any]:
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        outage = self._outage
        if outage.skip_redis():
            return self._without_redis(name, args, kwargs)
        try:
            result = redis_method(self, *args, **kwargs)
        except REDIS_DOWN as exc:
            outage.failed(exc)
            return self._without_redis(name, args, kwargs)
        outage.answered()
        return result

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"RedisCache.{name}, or its fallback while Redis is unreachable."
    return method


def _missing_key(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found.")


# What an empty cache answers: the fallback of FailOpenRedisCache.
_MISSES: dict[str, Callable[..., Any]] = {
    "add": lambda *args, **kwargs: False,
    "get": lambda key, default=None, version=None: default,
    "set": lambda *args, **kwargs: None,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "incr": _missing_key,
    "set_many": lambda data, *args, **kwargs: list(data),
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda: False,
}


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache that answers like an empty cache while Redis is unreachable."""

    def __init__(self, server, params):
        options = {**FAIL_FAST_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage = outage_of(",".join(self._servers))

    def _without_redis(self, name: str, args: tuple, kwargs: dict) -> Any:
        return _MISSES[name](*args, **kwargs)

    def ping(self) -> None:
        """Ask Redis now, whatever the last failure: raises if it does not answer."""
        try:
            self._cache.get_client(write=True).ping()
        except REDIS_DOWN as exc:
            self._outage.failed(exc)
            raise
        self._outage.answered()

    add = _guarded("add")
    get = _guarded("get")
    set = _guarded("set")
    touch = _guarded("touch")
    delete = _guarded("delete")
    get_many = _guarded("get_many")
    has_key = _guarded("has_key")
    incr = _guarded("incr")
    set_many = _guarded("set_many")
    delete_many = _guarded("delete_many")
    clear = _guarded("clear")


class LocalFallbackRedisCache(FailOpenRedisCache):
    """A shared Redis cache that falls back to this process's memory while Redis is down.

    For counters that must keep counting, such as rate limits: during an outage each process
    counts on its own (a limit per process instead of per site), never "no limit".
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        local_params = {
            key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params
        }
        local_params["OPTIONS"] = {"MAX_ENTRIES": 10_000}
        name = f"relais-fallback:{self._outage.name}:{self.key_prefix}"
        self._local = LocMemCache(name, local_params)

    def _without_redis(self, name: str, args: tuple, kwargs: dict) -> Any:
        return getattr(self._local, name)(*args, **kwargs)

    def clear(self):
        self._local.clear()
        return super().clear()
