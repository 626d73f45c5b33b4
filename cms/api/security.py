"""Who may call the API: the portal's signed-in ambassadors."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
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
