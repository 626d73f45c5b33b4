"""Who may see the portal: a logged-in, active ambassador who has answered the consent question."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from campaigns.models import Ambassador
from sharekits.clicks.selfclick import SELF_COOKIE, self_cookie_value


def current_ambassador(request) -> Ambassador | None:
    user = request.user
    if not user.is_authenticated:
        return None
    ambassador = Ambassador.objects.filter(user=user, is_active=True).first()
    return ambassador


def ambassador_required(view=None, *, consent_needed: bool = True):
    """Redirect to the login page (or to the consent question) unless the visitor may enter.

    The page is the ambassador's own: no browser or proxy may store it (`never_cache`).
    """

    def decorator(func):
        @never_cache
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            ambassador = current_ambassador(request)
            if ambassador is None:
                return redirect_to_login(request.get_full_path())
            if consent_needed and ambassador.consent_answered_at is None:
                return redirect("portal:welcome")
            request.ambassador = ambassador
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view else decorator


def remember_ambassador(response, ambassador: Ambassador) -> None:
    """Signed cookie that tells the click tally this browser is the ambassador's own, and the
    language cookie that makes the portal follow the ambassador's language.

    The value comes from `self_cookie_value`, the one signature the WSGI fast path checks:
    `set_signed_cookie` salts differently since Django 5.2.x, so the fast path would not
    recognise it and the ambassador's own clicks would count as people reached.
    """
    secure = settings.SITE_URL.startswith("https")
    response.set_cookie(
        SELF_COOKIE,
        self_cookie_value(ambassador.pk),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        ambassador.preferred_language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
    )
