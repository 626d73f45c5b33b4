"""Production settings refuse to start half-configured and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

IMPORT_PRODUCTION_SETTINGS = "import cms.settings.production"


def run(args: list[str], *, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run Python in a fresh interpreter with only the given production variables set.

    Not the test run's REDIS_URL: its Redis does not persist, which production's checks
    report (tests/cms/test_checks.py); these tests are about the settings themselves.
    """
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    child_env = {key: value for key, value in os.environ.items() if key not in unset}
    child_env.update(RELAIS_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=Path(settings.BASE_DIR),
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_refuse_to_load_without_a_secret_key(tmp_path):
    child = run(["-c", IMPORT_PRODUCTION_SETTINGS], tmp_path=tmp_path)

    assert child.returncode != 0
    assert "ImproperlyConfigured" in child.stderr
    assert "SECRET_KEY" in child.stderr


def test_configured_production_passes_the_deployment_checks(tmp_path):
    child = run(
        [
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=cms.settings.production",
        ],
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="relais.example.org",
        SITE_URL="https://relais.example.org",
    )

    assert child.returncode == 0, child.stderr
    assert "System check identified no issues" in child.stdout


def test_deployment_checks_catch_a_weak_secret_key(tmp_path):
    child = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path=tmp_path,
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="changeme",
        SITE_URL="https://relais.example.org",
    )

    assert child.returncode != 0
    assert "security.W009" in child.stderr + child.stdout
