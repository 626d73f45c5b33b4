from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .health import run_checks


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, broker and cache all answer; 503 naming those that do not."""
    checks = run_checks()
    failing = sorted(name for name, result in checks.items() if result != "ok")
    payload = {"status": "error" if failing else "ok", "checks": checks, "failing": failing}
    return JsonResponse(payload, status=503 if failing else 200)
