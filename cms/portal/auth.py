"""Ambassador sign-in by magic link (django-sesame): no password, no staff account."""

import logging
from collections.abc import Callable
from functools import partial

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from sesame.utils import get_query_string

from campaigns.models import Ambassador
from campaigns.text import absolute_url

SCOPE = "portal"

logger = logging.getLogger(__name__)


def portal_user(*, ambassador: Ambassador):
    """The ambassador's portal account, created on first use (never staff, no password)."""
    if ambassador.user_id:
        return ambassador.user
    User = get_user_model()
    with transaction.atomic():
        user, _created = User.objects.get_or_create(
            username=f"ambassador-{ambassador.pk}",
            defaults={"email": ambassador.email, "is_staff": False},
        )
        if _created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        ambassador.user = user
        ambassador.save(update_fields=["user"])
    return user


def login_link(*, ambassador: Ambassador) -> str:
    """An absolute one-time login link, valid SESAME_MAX_AGE seconds."""
    user = portal_user(ambassador=ambassador)
    return absolute_url(f"/portal/auth/{get_query_string(user, scope=SCOPE)}")


def send_login_link(*, email: str) -> bool:
    """E-mail a login link if the address belongs to an active ambassador. Same outcome either way
    for the person asking (the caller shows one message), True when a mail was sent."""
    ambassador = Ambassador.objects.active().filter(email__iexact=email.strip()).first()
    if ambassador is None:
        return False
    link = login_link(ambassador=ambassador)
    with translation.override(ambassador.preferred_language):
        subject = _("Your Relais login link")
        body = render_to_string(
            "portal/email/login_link.txt", {"ambassador": ambassador, "link": link}
        )
    send_mail(subject, body, None, [ambassador.email])
    return True


def request_login_link(*, email: str, queue: Callable[[str], object]) -> None:
    """Have the login mail sent by a Celery task, once the request's transaction commits.

    `queue` puts the mail task on the broker (the caller passes `send_login_link_task.delay`:
    the task calls this module, never the reverse). The request then does the same work
    whether or not the address is known, so its timing tells nothing; and a mail server that
    is slow or down never reaches the person asking (the task retries). If the broker itself
    cannot be reached, the mail is sent right away.
    """
    transaction.on_commit(partial(_queue_login_mail, email.strip(), queue))


def _queue_login_mail(email: str, queue: Callable[[str], object]) -> None:
    try:
        queue(email)
    except Exception:  # noqa: BLE001 - broker down: do not lose the mail
        logger.warning("login mail: broker unreachable, sending in the request")
        try:
            send_login_link(email=email)
        except Exception:  # noqa: BLE001 - the page says the same thing either way
            logger.exception("login mail: could not be sent")
