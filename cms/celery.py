"""The Celery application: configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("relais")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The `tasks` module of every installed app (sharekits.tasks)...
app.autodiscover_tasks()
# ...and of the site's subpackages, which are not apps of their own (cms.portal.tasks).
app.autodiscover_tasks(["cms.portal"])
