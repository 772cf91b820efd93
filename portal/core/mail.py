"""Outgoing email through an outbox: queued with the change, delivered after it.

``queue_email`` writes an :class:`~portal.core.models.OutboundEmail` row in the caller's
transaction and, once it commits, hands its id to the ``send_email`` Celery task (retries
with backoff while the mail server is down). Without a broker (``make run``) the message is
delivered in-process after the commit. If the broker is down the hand-over fails at once
(no retry loop in the request) and the row waits. ``send_pending`` (the beat task
``send_pending_emails``, every minute) delivers whatever is still waiting: after a broker
or mail outage, or a worker that died.

Each delivery first claims the row with a conditional ``UPDATE`` (only one sender at a
time), and marks it sent after the mail server accepted it, so a message is not sent twice
by two senders; a failed attempt releases the claim and records the error.
"""

from __future__ import annotations

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.core.models import OutboundEmail
from portal.core.queue import publish
from portal.core.text import one_line, printable

SEND_EMAIL_TASK = "portal.tasks.send_email"

logger = logging.getLogger("portal.core.mail")

CLAIM_SECONDS = 120
# A message never tried and newer than this is left to its own task; the sweep takes the
# rest.
SWEEP_AFTER_SECONDS = 60


def render_subject(template_name: str, context: dict) -> str:
    """A subject line is plain text on one line: rendered without HTML escaping (an
    apostrophe stays an apostrophe, never ``&#x27;``), whitespace collapsed."""
    from django.template import Context
    from django.template.loader import get_template

    template = get_template(template_name).template  # the Django template itself
    return " ".join(template.render(Context(context, autoescape=False)).split())


def queue_email(*, to: str, subject: str, body: str, html: str = "",
                headers: dict[str, str] | None = None) -> OutboundEmail:
    """Write the message in the caller's transaction; it is delivered after the commit.
    ``headers`` adds headers to the message (``List-Unsubscribe`` for the mailing list)."""
    # Stored text may hold what an email cannot (portal.core.text): a subject on one line (a
    # line break in it is refused by Django as a header injection), no control character.
    email = OutboundEmail.objects.create(to=to, subject=one_line(subject)[:300],
                                         body=printable(body), html=printable(html),
                                         headers=dict(headers or {}))
    transaction.on_commit(lambda: _hand_over(email.pk), robust=True)
    return email


def _hand_over(pk: int) -> None:
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            # By name: the task module imports this one (tasks call services, not the reverse).
            publish(current_app.signature(SEND_EMAIL_TASK), (pk,))
            return
        except Exception as error:  # noqa: BLE001 - broker down: deliver here instead
            logger.warning("Broker unavailable (%s): delivering email %s in-process.",
                           error, pk)
    # No broker (make run), or it is down: deliver here; a failure leaves the row for the
    # sweep.
    try:
        deliver(pk)
    except Exception as error:  # noqa: BLE001 - any mail failure: keep it for later
        logger.warning("Email %s not delivered yet (%s); the sweep will retry it.", pk, error)


def deliver(pk: int) -> bool:
    """Send one waiting email. False when it was already sent or another sender holds it;
    raises what the mail server raised (the claim is released)."""
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS),
                attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=pk)
    message = EmailMultiAlternatives(one_line(email.subject), email.body, None, [email.to],
                                     headers=email.headers or None)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except Exception as error:
        OutboundEmail.objects.filter(pk=pk).update(
            claimed_until=None, last_error=f"{type(error).__name__}: {error}"[:500]
        )
        raise
    OutboundEmail.objects.filter(pk=pk).update(
        sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return True


def pending(*, older_than: int = SWEEP_AFTER_SECONDS) -> list[int]:
    """Unsent emails that failed once, or that no task took within ``older_than``."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
    return list(
        OutboundEmail.objects.filter(sent_at__isnull=True)
        .filter(Q(attempts__gt=0) | Q(created_at__lte=cutoff))
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )


def send_pending(*, older_than: int = SWEEP_AFTER_SECONDS) -> int:
    """Deliver the emails still waiting; stops at the first mail-server failure (the next
    sweep tries again). Returns how many were sent."""
    sent = 0
    for pk in pending(older_than=older_than):
        try:
            sent += deliver(pk)
        except Exception as error:  # noqa: BLE001 - the server is still down: later
            logger.warning("Mail server unavailable (%s); %s emails wait.", error,
                           len(pending(older_than=older_than)))
            break
    return sent
