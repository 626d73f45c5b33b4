"""/healthz tells a load balancer whether the database, the broker and the cache answer.

Only the database is vital: without Redis the node still serves pages, so it says "degraded"
with a 200 (the load balancer keeps it) and names what is missing.
"""

import os
from urllib.parse import quote

from django.db import connection

from tests.child import json_from_child

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


def _healthz_in_a_child(tmp_path, **env_vars: str) -> dict:
    """/healthz in a fresh interpreter whose settings come from these variables."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "RELAIS_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if database_url := _database_url_of_this_test_run():
        env["DATABASE_URL"] = database_url
    env.update(env_vars)
    return json_from_child(HEALTHZ_IN_A_CHILD, env=env)


def test_healthz_says_degraded_with_a_200_when_redis_is_down_and_answers_quickly(db, tmp_path):
    result = _healthz_in_a_child(tmp_path, REDIS_URL="redis://127.0.0.1:1/0")  # nothing there

    assert result["status"] == 200
    body = result["body"]
    assert body["status"] == "degraded"
    assert body["failing"] == ["broker", "cache"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("error: ")
    assert body["checks"]["broker"].startswith("error: ")
    assert body["reason"].startswith("broker, cache unreachable: ")
    assert "without the shared cache" in body["reason"]
    assert result["seconds"] < 5


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    result = _healthz_in_a_child(
        tmp_path,
        DATABASE_URL="postgres://relais@127.0.0.1:1/relais",  # nothing there
    )

    assert result["status"] == 503
    assert result["body"]["status"] == "error"
    assert result["body"]["failing"] == ["database"]
    assert result["body"]["checks"]["database"].startswith("error: ")


def test_healthz_warns_when_the_click_stream_redis_does_not_persist(
    client, db, redis_server, click_stream_on
):
    click_stream_on(redis_server("--appendonly", "no"))

    body = client.get("/healthz").json()

    assert body["status"] == "ok"
    assert body["clicks"]["persistence"] == "no"
    assert len(body["warnings"]) == 1
    assert "appendonly yes" in body["warnings"][0]


def test_healthz_has_no_warning_when_the_click_stream_redis_appends_to_disk(
    client, db, redis_server, click_stream_on
):
    click_stream_on(redis_server("--appendonly", "yes", "--appendfsync", "everysec"))

    body = client.get("/healthz").json()

    assert body["clicks"]["persistence"] == "yes"
    assert "warnings" not in body


def test_healthz_says_persistence_unknown_when_config_is_disabled(
    client, db, redis_server, click_stream_on
):
    click_stream_on(redis_server("--rename-command", "CONFIG", ""))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["clicks"]["persistence"] == "unknown"
