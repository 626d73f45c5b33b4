from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .health import click_lag, run_checks


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, broker and cache all answer; 503 naming those that do not."""
    checks = run_checks()
    failing = sorted(name for name, result in checks.items() if result != "ok")
    payload = {"status": "error" if failing else "ok", "checks": checks, "failing": failing}
    if not failing:
        try:
            payload["clicks"] = click_lag()
        except Exception as exc:  # noqa: BLE001 - lag is information, never a failure
            payload["clicks"] = {"error": type(exc).__name__}
    return JsonResponse(payload, status=503 if failing else 200)
