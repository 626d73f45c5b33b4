"""A deployment whose Redis would lose the clicks waiting in the stream is told so.

Each test runs its own redis-server (tests/redis_server.py), configured as the case needs.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.checks import run_checks


def relais_deploy_messages() -> list[str]:
    return [message.id for message in run_checks(tags=["relais"], include_deployment_checks=True)]


def test_deploy_check_warns_when_the_click_stream_redis_does_not_persist(
    redis_server, click_stream_on
):
    click_stream_on(redis_server("--appendonly", "no"))

    assert relais_deploy_messages() == ["relais.W001"]
    # Outside production, only `check --deploy` runs it.
    assert [m.id for m in run_checks(tags=["relais"])] == []


def test_deploy_check_is_quiet_when_the_click_stream_redis_appends_to_disk(
    redis_server, click_stream_on
):
    click_stream_on(redis_server("--appendonly", "yes", "--appendfsync", "everysec"))

    assert relais_deploy_messages() == []


def test_deploy_check_says_unknown_when_the_provider_disables_config(redis_server, click_stream_on):
    click_stream_on(redis_server("--rename-command", "CONFIG", ""))

    messages = run_checks(tags=["relais"], include_deployment_checks=True)
    assert [m.id for m in messages] == ["relais.I001"]
    assert not messages[0].is_serious()


def test_production_settings_always_run_the_persistence_check(redis_server, tmp_path):
    server = redis_server("--appendonly", "no")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        RELAIS_VAR_DIR=str(tmp_path),
        REDIS_URL=server.url,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="relais.example.org",
        SITE_URL="https://relais.example.org",
    )
    child = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=cms.settings.production"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert child.returncode == 0, child.stderr  # a warning, not an error: the site still runs
    assert "relais.W001" in child.stdout + child.stderr
