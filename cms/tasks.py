from smtplib import SMTPException

from celery import shared_task

from .portal.auth import send_login_link


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=15,
    retry_backoff_max=300,
    max_retries=5,
    ignore_result=True,
)
def send_login_link_task(email: str) -> None:
    """Mail a sign-in link if `email` is an active ambassador's (a fresh link on each try)."""
    send_login_link(email=email)
