from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .health import health_report


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 "ok", 200 "degraded" naming what is missing (Redis), or 503 without the database."""
    payload, status = health_report()
    return JsonResponse(payload, status=status)
