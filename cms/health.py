"""Checks behind /healthz: can we reach the database, the broker and the cache?"""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .celery import app as celery_app


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def check_cache() -> None:
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
