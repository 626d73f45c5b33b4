"""Waiting for the login mails a real Celery worker sends (see the `mailer` fixture)."""

import time

from django.core import mail

MARKER = "repere@exemple.fr"


def mails(count: int, seconds: float = 30) -> list:
    """The outbox once the worker has sent `count` mails (and no more came just after)."""
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert len(mail.outbox) == count, [m.to for m in mail.outbox]
    return list(mail.outbox)


def settled_outbox(seconds: float = 30) -> list:
    """The outbox once the worker has handled every mail task queued so far.

    The worker takes tasks in order, so a marker mail queued now arrives after all of them;
    it is then taken out of the outbox.
    """
    from campaigns.models import Ambassador
    from cms.portal.tasks import send_login_link_task
    from tests.factories import AmbassadorFactory

    if not Ambassador.objects.filter(email=MARKER).exists():
        AmbassadorFactory(email=MARKER)
    send_login_link_task.delay(MARKER)
    deadline = time.monotonic() + seconds
    while not any(m.to == [MARKER] for m in mail.outbox):
        assert time.monotonic() < deadline, "the worker did not send the marker mail"
        time.sleep(0.05)
    mail.outbox[:] = [m for m in mail.outbox if m.to != [MARKER]]
    return list(mail.outbox)
