"""Relais's production settings with the naive redirect's URL conf: only the view differs."""

from cms.settings.production import *  # noqa: F403
from cms.settings.production import DATABASES

DEBUG = False
ROOT_URLCONF = "bench.naive.urls"
DATABASES["default"]["CONN_MAX_AGE"] = 600
