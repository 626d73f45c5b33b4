"""Test settings: real PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set, else SQLite."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import REDIS_URL, env, redis_caches

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="relais-test-media-")
RELAIS_SPOOL_DIR = Path(tempfile.mkdtemp(prefix="relais-test-spool-"))
RELAIS_CLICK_STREAM = f"relais-test:clicks:{os.getpid()}"

if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, prefix="relais-test", socket_timeout=2)
else:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "ratelimit")
    }
    # In-process broker: the celery.contrib.testing worker runs in a thread of the test process.
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", "memory://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
