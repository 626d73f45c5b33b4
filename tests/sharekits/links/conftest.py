import pytest


@pytest.fixture
def cache_down(settings):
    """From now on the shared cache is a Redis that does not answer (a closed port)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
