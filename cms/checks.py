"""System checks for a production deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import CheckMessage, Info, Warning, register


def click_stream_persistence_check(app_configs, **kwargs) -> list[CheckMessage]:
    """Warn when the Redis that holds uncounted clicks would lose them on a restart."""
    from .health import click_stream_persistence

    value = click_stream_persistence()
    hint = (
        "Set appendonly yes and appendfsync everysec on the Redis of REDIS_URL (README, "
        "Running in production)."
    )
    if value == "no":
        return [
            Warning(
                "The click stream's Redis does not persist (appendonly no): clicks waiting "
                "in the stream are lost if Redis restarts.",
                hint=hint,
                id="relais.W001",
            )
        ]
    if value == "unknown":
        return [
            Info(
                "Could not read appendonly from the click stream's Redis (CONFIG refused "
                "or Redis unreachable): make sure it persists.",
                hint=hint,
                id="relais.I001",
            )
        ]
    return []


def register_checks() -> None:
    """Always with production settings; elsewhere with `check --deploy`."""
    production = getattr(settings, "RELAIS_PRODUCTION", False)
    register(click_stream_persistence_check, "relais", "caches", deploy=not production)
