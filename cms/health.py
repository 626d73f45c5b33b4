"""Checks behind /healthz: can we reach the database, the broker and the cache?

Only the database is vital. Without Redis (cache and broker) the site still serves every page:
the cache behaves as empty (cms/cache.py), clicks go to the local spool and login mails are
sent in the request. /healthz then says "degraded" with HTTP 200, so that a load balancer keeps
the node, and names what is missing.
"""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .celery import app as celery_app

VITAL = {"database"}
# What a node does without each service that is not vital.
DEGRADED = {
    "cache": "pages are served without the shared cache (rate limits count per node)",
    "broker": "background tasks wait for the broker (login mails are sent in the request)",
}
PERSISTENCE_WARNINGS = {
    "no": "the click stream's Redis does not persist (appendonly no): clicks waiting in the "
    "stream are lost if Redis restarts; set appendonly yes and appendfsync everysec",
    "unknown": "could not read appendonly from the click stream's Redis (CONFIG refused or "
    "Redis unreachable): make sure it persists (appendonly yes, appendfsync everysec)",
}


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def check_cache() -> None:
    ping = getattr(cache, "ping", None)  # the Redis cache: ask the server, past its fallback
    if ping is not None:
        ping()
    nonce = uuid.uuid4().hex
    cache.set("relais:healthz", nonce, 10)
    if cache.get("relais:healthz") != nonce:
        raise RuntimeError("cache did not return the value just written")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "broker": check_broker,
    "cache": check_cache,
}


def click_lag() -> dict:
    """The drain backlog; a warning when the oldest uncounted click is too old."""
    from sharekits.clicks.drain import backlog

    waiting, age = backlog()
    report = {"waiting": waiting, "oldest_seconds": None if age is None else round(age, 1)}
    if age is not None and age > settings.RELAIS_CLICK_LAG_WARNING:
        report["warning"] = f"clicks uncounted for {int(age)} s"
    return report


def click_stream_persistence() -> str:
    """Does the click stream's Redis keep its data across a restart: "yes", "no", "unknown"
    (CONFIG refused by the provider, or Redis unreachable), or "no redis" (local spool)?"""
    import redis

    from sharekits.clicks.stream import redis_client

    client = redis_client()
    if client is None:
        return "no redis"
    try:
        config = client.config_get("appendonly")
    except redis.RedisError:
        return "unknown"
    value = {_text(k): _text(v) for k, v in config.items()}.get("appendonly")
    if value is None:
        return "unknown"
    return "yes" if value == "yes" else "no"


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def run_checks() -> dict[str, str]:
    """Run every check; map each name to 'ok' or a short error description."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down", reported by name
            results[name] = f"error: {type(exc).__name__}"
        else:
            results[name] = "ok"
    return results


def health_report() -> tuple[dict, int]:
    """The /healthz answer and its HTTP status: 503 only when the database is unreachable."""
    checks = run_checks()
    failing = sorted(name for name, result in checks.items() if result != "ok")
    status = "error" if VITAL.intersection(failing) else "degraded" if failing else "ok"
    payload: dict = {"status": status, "checks": checks, "failing": failing}
    if status == "degraded":
        payload["reason"] = f"{', '.join(failing)} unreachable: " + "; ".join(
            DEGRADED.get(name, "serving without it") for name in failing
        )
    if status == "error":
        return payload, 503
    try:
        payload["clicks"] = click_lag()
    except Exception as exc:  # noqa: BLE001 - lag is information, never a failure
        payload["clicks"] = {"error": type(exc).__name__}
    persistence = click_stream_persistence()
    payload["clicks"]["persistence"] = persistence
    if persistence in PERSISTENCE_WARNINGS:
        payload["warnings"] = [PERSISTENCE_WARNINGS[persistence]]
    return payload, 200
