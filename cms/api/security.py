"""Who may call the API, and its class: every answer is personal, so none may be stored."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import SessionAuth

from campaigns.models import Ambassador
from cms.portal.access import current_ambassador


class AmbassadorSession(SessionAuth):
    """The portal's session: an active ambassador who answered the consent question."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Ambassador | None:
        ambassador = current_ambassador(request)
        if ambassador is None:
            return None
        if ambassador.consent_answered_at is None:
            raise HttpError(403, _("Answer the consent question in the portal first."))
        request.ambassador = ambassador
        return ambassador


class PrivateAPI(NinjaAPI):
    """A NinjaAPI whose every answer, errors included, says `Cache-Control: no-store`."""

    def create_response(self, request: HttpRequest, data, **kwargs) -> HttpResponse:
        response = super().create_response(request, data, **kwargs)
        add_never_cache_headers(response)
        return response
