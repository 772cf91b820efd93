import smtplib

from celery import shared_task

from portal import mail
from portal.services import key_figures_refresh


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def refresh_key_figures() -> dict[str, int]:
    """Recompute the home page figures; safe to run any number of times."""
    return key_figures_refresh()


@shared_task(
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


@shared_task(soft_time_limit=240, time_limit=300)
def send_pending_emails() -> int:
    """Beat: deliver the emails still waiting (broker or mail server was down)."""
    return mail.send_pending()
