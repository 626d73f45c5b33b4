"""What a first version of the redirect would do: read, insert and update on every click."""

from uuid import uuid4

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from sharekits.links.tokens import read_token
from sharekits.models import ClickTally, KitVariant, SeenVisitor


def naive_redirect(request: HttpRequest, token: str) -> HttpResponse:
    ids = read_token(token)
    if ids is None:
        raise Http404
    ambassador_id, variant_id = ids
    variant = KitVariant.objects.get(pk=variant_id)
    SeenVisitor.objects.create(digest=uuid4().int >> 68, seen_at=timezone.now())
    ClickTally.objects.filter(
        ambassador_id=ambassador_id, variant_id=variant.pk, day=timezone.localdate()
    ).update(human_clicks=F("human_clicks") + 1)
    return HttpResponseRedirect(f"/?v={variant.pk}")
