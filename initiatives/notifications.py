"""Emails about progress updates, each in its recipient's preferred language.

Mail is queued in the outbox with the change (``portal.core.mail``) and goes out after the
transaction commits, so a rolled-back review never sends anything, and a mail server that
is down delays a message without failing the review.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partners.models import Membership, User
from portal.core.mail import queue_email, render_subject

from .models import ProgressUpdate


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_in_language(
    *, recipients: Iterable[User], template: str, context: dict, url_name: str, url_kwargs=None
) -> None:
    """Render ``emails/<template>_subject.txt`` and ``_body.txt`` for each recipient in their
    language (and with a link to ``url_name`` in that language), and queue them in the
    outbox (``portal.core.mail``): they go out after commit, and later if the mail server is
    down."""
    for recipient in {r.pk: r for r in recipients if r.email and r.is_active}.values():
        with translation.override(recipient.preferred_language):
            ctx = {
                **context,
                "recipient": recipient,
                "url": absolute_url(reverse(url_name, kwargs=url_kwargs)),
            }
            subject = render_subject(f"emails/{template}_subject.txt", ctx)
            body = render_to_string(f"emails/{template}_body.txt", ctx)
        queue_email(to=recipient.email, subject=subject, body=body)


def coordinators() -> Iterable[User]:
    return User.objects.filter(is_active=True, is_coordinator=True)


def partner_recipients(update: ProgressUpdate) -> list[User]:
    """The leads of the initiative's lead organisation, and whoever submitted."""
    people = list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=update.initiative.lead_id,
            memberships__role=Membership.Role.LEAD,
        )
    )
    if update.submitted_by_id:
        people.append(update.submitted_by)
    return people


def _context(update: ProgressUpdate) -> dict:
    return {"update": update, "initiative": update.initiative, "period": update.period}


def update_submitted(update: ProgressUpdate) -> None:
    send_in_language(
        recipients=coordinators(),
        template="update_submitted",
        context=_context(update),
        url_name="coordination:review",
        url_kwargs={"pk": update.pk},
    )


def update_returned(update: ProgressUpdate) -> None:
    send_in_language(
        recipients=partner_recipients(update),
        template="update_returned",
        context=_context(update),
        url_name="workspace:update",
        url_kwargs={"initiative_pk": update.initiative_id, "period_pk": update.period_id},
    )


def update_approved(update: ProgressUpdate) -> None:
    send_in_language(
        recipients=partner_recipients(update),
        template="update_approved",
        context=_context(update),
        url_name="workspace:update",
        url_kwargs={"initiative_pk": update.initiative_id, "period_pk": update.period_id},
    )
