"""Settings shared by every environment. Everything that varies comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"
VAR_DIR = Path(os.environ.get("RELAIS_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# Absolute base URL of the public site, used for canonical links, og:url and personal short links.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "cms",
    "sharekits",
    "campaigns",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "sesame",
    "ninja",  # serves its bundled Swagger UI at /api/docs (no CDN)
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.content_security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Content-Security-Policy (django-csp): this site's own files only, no inline script (a nonce
# where a template needs one: request.csp_nonce), never framed, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin (cms/content_security.py) needs more: inline scripts (its date pickers, page
# listings and inline panels have them, without a nonce), inline style attributes (admin
# templates), its
# new-release check, blob: images (upload previews) and frames of its own (page previews).
RELAIS_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Admin avatars from Gravatar would be a third-party request (and blocked by the policy).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, else a local SQLite file (for `make run`).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share the file: wait for locks, write-ahead log.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
    # The leaderboard index INCLUDEs a column on PostgreSQL; SQLite just ignores that part.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set; otherwise services that need no server (a file cache shared by
# the web server and the workers, and kombu's filesystem transport as the Celery broker).
REDIS_URL = env("REDIS_URL")


def redis_caches(url: str, *, prefix: str, socket_timeout: float = 0.5) -> dict:
    """The shared cache and the rate-limit counters on Redis; both survive a Redis outage.

    The cache then behaves as empty, the rate limits count in each process's memory
    (cms/cache.py). Short timeouts: an unreachable Redis must not hold requests up.
    """
    options = {"socket_connect_timeout": 0.25, "socket_timeout": socket_timeout}
    return {
        "default": {
            "BACKEND": "cms.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": options,
        },
        "ratelimit": {
            "BACKEND": "cms.cache.LocalFallbackRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"{prefix}:rl",
            "OPTIONS": options,
        },
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, prefix="relais")
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "visibility_timeout": 3600}
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": prefix,
        }
        for alias, prefix in (("default", ""), ("ratelimit", "rl"))
    }
    CELERY_BROKER_URL = "filesystem://"
    for _folder in ("broker", "broker-control", "cache"):
        (VAR_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE = {
    "drain-clicks": {"task": "sharekits.tasks.drain_clicks_task", "schedule": 10.0},
    "purge-click-data": {"task": "sharekits.tasks.purge_click_data_task", "schedule": 3600.0 * 6},
}

# Clicks: where they wait before the drain, and how long their traces are kept.
RELAIS_CLICK_STREAM = env("RELAIS_CLICK_STREAM", "relais:clicks")
# Clicks are sent to Redis in batches every few milliseconds (0: one round trip per click).
RELAIS_CLICK_BATCH_MS = int(env("RELAIS_CLICK_BATCH_MS", "5"))
RELAIS_SPOOL_DIR = Path(env("RELAIS_SPOOL_DIR", str(VAR_DIR / "spool")))
RELAIS_CLICK_DETAIL_DAYS = int(env("RELAIS_CLICK_DETAIL_DAYS", "30"))
RELAIS_ROLLUP_MONTHS = int(env("RELAIS_ROLLUP_MONTHS", "25"))
RELAIS_CLICK_LAG_WARNING = int(env("RELAIS_CLICK_LAG_WARNING", "300"))
# Leaderboard score = human clicks + RELAIS_SHARE_WEIGHT × shares (shown on the page).
RELAIS_SHARE_WEIGHT = int(env("RELAIS_SHARE_WEIGHT", "1"))
# People one network address (an IPv4 address, an IPv6 /64) brings to one link in a day; first
# visits past it count as suspects, never in scores (one machine rotating user agents).
RELAIS_PEOPLE_PER_ADDRESS = int(env("RELAIS_PEOPLE_PER_ADDRESS", "3"))
# Key of personal-link tokens (defaults to SECRET_KEY): keep it when rotating SECRET_KEY.
RELAIS_LINK_SECRET = env("RELAIS_LINK_SECRET")
# Behind a load balancer: the WSGI header holding the client address (e.g. HTTP_X_REAL_IP).
RELAIS_CLIENT_IP_HEADER = env("RELAIS_CLIENT_IP_HEADER")
# The same address as the click tally: the last entry of the proxy header, checked.
RATELIMIT_IP_META_KEY = "sharekits.clicks.addresses.rate_limit_address"
# Extra hosts a short link may redirect to (besides SITE_URL's).
RELAIS_REDIRECT_ALLOWED_HOSTS = env_list("RELAIS_REDIRECT_ALLOWED_HOSTS")

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "sesame.backends.ModelBackend",
]
# Magic links for ambassadors: valid 15 minutes, usable once.
SESAME_MAX_AGE = int(env("SESAME_MAX_AGE", "900"))
SESAME_ONE_TIME = True
SESAME_TOKEN_NAME = "cle"  # noqa: S105 - the query parameter name, not a secret
LOGIN_URL = "/portal/login/"
RATELIMIT_VIEW = "cms.portal.views.rate_limited"
# Rate-limit counters have their own cache: on Redis, it counts in memory during an outage.
RATELIMIT_USE_CACHE = "ratelimit"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("fr", _("French"))]
# og:locale for the site's content.
RELAIS_CONTENT_LOCALE = "fr_FR"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Relais <relais@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = env("RELAIS_SITE_NAME", "Relais")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django_tasks": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}},
}
