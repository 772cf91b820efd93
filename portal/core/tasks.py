"""Delivering the outbox (``portal.core.mail``). The names are the ones these tasks had
before the ground floor took them, so messages queued across a release still find them."""

import smtplib

from celery import shared_task

from portal.core import mail


@shared_task(
    name=mail.SEND_EMAIL_TASK,
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=12,
    soft_time_limit=60,
    time_limit=90,
)
def send_email(pk: int) -> bool:
    """Deliver one queued email; retried with backoff while the mail server is down."""
    return mail.deliver(pk)


@shared_task(name="portal.tasks.send_pending_emails", soft_time_limit=240, time_limit=300)
def send_pending_emails() -> int:
    """Beat: deliver the emails still waiting (broker or mail server was down)."""
    return mail.send_pending()
