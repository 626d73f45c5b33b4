"""/healthz tells a load balancer whether the database, the broker and the cache answer."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

# Runs in a fresh interpreter: settings are read once, at start-up, from the environment.
HEALTHZ_IN_A_CHILD = """
import json, time
import django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client().get("/healthz")
elapsed = time.monotonic() - started
print(json.dumps({"status": response.status_code, "body": response.json(), "seconds": elapsed}))
"""


def test_healthz_is_ok_when_every_service_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}
    assert body["failing"] == []
    assert "no-cache" in response["Cache-Control"]


def _database_url_of_this_test_run() -> str | None:
    """The test database, so that the child checks a database that exists (None: SQLite)."""
    if connection.vendor == "sqlite":
        return None
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_healthz_names_cache_and_broker_when_redis_is_down_and_answers_quickly(db, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "RELAIS_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    if database_url := _database_url_of_this_test_run():
        env["DATABASE_URL"] = database_url

    child = subprocess.run(
        [sys.executable, "-c", HEALTHZ_IN_A_CHILD],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["status"] == 503
    assert result["body"]["status"] == "error"
    assert result["body"]["failing"] == ["broker", "cache"]
    assert result["body"]["checks"]["database"] == "ok"
    assert result["body"]["checks"]["cache"].startswith("error: ")
    assert result["body"]["checks"]["broker"].startswith("error: ")
    assert result["seconds"] < 5
