"""The Celery app finds every task a worker must run, in a process that imported nothing else."""

import os
from pathlib import Path

from django.conf import settings

from tests.child import json_from_child

# What a worker does when it starts: load the default modules (autodiscovery included).
TASKS_OF_A_FRESH_WORKER = """
import json
from cms.celery import app
app.loader.import_default_modules()
print(json.dumps(sorted(name for name in app.tasks if not name.startswith("celery."))))
"""


def registered_in_a_fresh_process(tmp_path: Path) -> set[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "RELAIS_VAR_DIR": str(tmp_path),
        # A worker runs Django's system checks at start-up, and the URL checks import every
        # view, and so any task a view imports: skip them, so that a task counts as
        # registered only if the app itself finds it (as when checks are skipped in production).
        "CELERY_SKIP_CHECKS": "1",
    }
    return set(json_from_child(TASKS_OF_A_FRESH_WORKER, env=env))


def test_a_worker_registers_the_sign_in_mail_and_every_periodic_task(tmp_path):
    registered = registered_in_a_fresh_process(tmp_path)

    # The mail task keeps the name it had in cms/tasks.py: mails queued before a deploy that
    # moved it are still delivered.
    assert "cms.tasks.send_login_link_task" in registered
    assert "sharekits.tasks.build_kit_task" in registered
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= registered
