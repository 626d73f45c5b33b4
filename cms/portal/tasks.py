"""The portal's Celery task: the sign-in mail, sent after the request.

The task is registered by `cms.celery` (`cms.portal` is not an installed app, so the default
autodiscovery would not find this module). Its name is the one it had in `cms/tasks.py`, so a
mail queued before a deploy is still delivered by the new workers.
"""

from smtplib import SMTPException

from celery import shared_task

from .auth import send_login_link


@shared_task(
    name="cms.tasks.send_login_link_task",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=15,
    retry_backoff_max=300,
    max_retries=5,
    ignore_result=True,
)
def send_login_link_task(email: str) -> None:
    """Mail a sign-in link if `email` is an active ambassador's (a fresh link on each try)."""
    send_login_link(email=email)
