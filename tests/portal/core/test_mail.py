"""Email goes through the outbox: a mail server or broker that is down never fails the
change the email is about, the messages go out once the server is back, and none twice.

The mail server is a real local SMTP server (aiosmtpd) that the test starts on a port
where nothing listened while it was "down".
"""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
import time

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import translation

from initiatives.models import ProgressUpdate
from portal.core import mail
from portal.core.models import OutboundEmail
from portal.core.tasks import send_pending_emails
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

Q1 = dict(start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31),
          due=datetime.date(2021, 4, 30))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Received:
    """What the SMTP server accepted."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str, str]] = []  # (to, subject, body)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(("plain",)).get_content()
        self.messages.append((list(envelope.rcpt_tos), str(message["Subject"]).strip(), body))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """SMTP settings pointing at a port where nothing listens yet; ``start()`` brings a
    real server up there."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_USE_TLS = False
    controllers = []

    class Server:
        received = Received()

        @staticmethod
        def start() -> None:
            from aiosmtpd.controller import Controller

            controller = Controller(Server.received, hostname="127.0.0.1", port=port)
            controller.start()
            controllers.append(controller)

    yield Server
    for controller in controllers:
        controller.stop()


@pytest.fixture
def submitted(org_a, lead_a):
    return factories.ProgressUpdateFactory(
        initiative=factories.InitiativeFactory(lead=org_a, title_en="Youth drop-in"),
        period=factories.ReportingPeriodFactory(**Q1),
        status=ProgressUpdate.Status.SUBMITTED, submitted_by=lead_a,
    )


def test_mail_server_down_then_back(client, smtp, submitted, coordinator, lead_a,
                                    django_capture_on_commit_callbacks):
    coordinator.preferred_language = "fr"
    coordinator.save()
    lead_a.preferred_language = "en"
    lead_a.save()
    activate_totp(coordinator)
    draft = factories.ProgressUpdateFactory(
        initiative=factories.InitiativeFactory(lead=lead_a.memberships.get().organisation),
        period=submitted.period,
    )

    # The lead submits, the coordinator approves: both succeed with the server down.
    client.force_login(lead_a)
    started = time.monotonic()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        submit = client.post(
            reverse("workspace:update_submit",
                    kwargs={"initiative_pk": draft.initiative_id, "period_pk": draft.period_id}),
            {"done_fr": "Fait.", "done_en": "Done."},
        )
    assert submit.status_code == 302
    client.force_login(coordinator)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        approve = client.post(reverse("coordination:approve", kwargs={"pk": submitted.pk}))
    assert approve.status_code == 302
    assert time.monotonic() - started < 10
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert draft.status == ProgressUpdate.Status.SUBMITTED
    assert submitted.status == ProgressUpdate.Status.APPROVED

    waiting = OutboundEmail.objects.filter(sent_at__isnull=True)
    assert set(waiting.values_list("to", flat=True)) == {coordinator.email, lead_a.email}
    assert all(e.attempts == 1 and e.last_error for e in waiting)
    assert smtp.received.messages == []

    # The sweep finds the server still down: nothing lost, nothing sent.
    assert mail.send_pending(older_than=0) == 0
    assert waiting.count() == 2

    # The server is back: the beat task delivers each message once, in its language.
    smtp.start()
    assert send_pending_emails.delay().get(timeout=30) == 2
    assert send_pending_emails.delay().get(timeout=30) == 0
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()
    subjects = {rcpt[0]: subject for rcpt, subject, _body in smtp.received.messages}
    assert len(smtp.received.messages) == 2
    # Each in its recipient's language.
    assert subjects[coordinator.email].startswith("Mise à jour des progrès à examiner")
    assert subjects[lead_a.email].startswith("Progress update approved: Youth drop-in")


def test_a_message_is_claimed_by_one_sender_only(smtp, lead_a):
    smtp.start()
    email = OutboundEmail.objects.create(to=lead_a.email, subject="Hello", body="Body")
    assert mail.deliver(email.pk) is True
    assert mail.deliver(email.pk) is False  # already sent: a second delivery does nothing
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1
    assert len(smtp.received.messages) == 1


def test_without_a_broker_mail_goes_out_after_commit(lead_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.queue_email(to=lead_a.email, subject="Subject", body="Body")
        assert django_mail.outbox == []  # not before the commit
    assert [m.to for m in django_mail.outbox] == [[lead_a.email]]
    assert OutboundEmail.objects.get().sent_at is not None


def test_a_password_reset_while_the_mail_server_is_down(client, smtp, lead_a,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": lead_a.email})
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(to=lead_a.email, sent_at__isnull=True).count() == 1
    smtp.start()
    assert mail.send_pending(older_than=0) == 1
    assert len(smtp.received.messages) == 1


def test_subjects_are_plain_text(org_a, lead_a, coordinator, django_capture_on_commit_callbacks):
    from initiatives import notifications

    lead_a.preferred_language = "fr"
    lead_a.save()
    update = factories.ProgressUpdateFactory(
        initiative=factories.InitiativeFactory(
            lead=org_a, title_fr="Sensibilisation à l'hôtellerie & au tourisme"),
        period=factories.ReportingPeriodFactory(**Q1), submitted_by=lead_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notifications.update_approved(update)
    (message,) = django_mail.outbox
    assert "l'hôtellerie & au tourisme" in message.subject
    assert "&#x27;" not in message.subject and "&amp;" not in message.subject
