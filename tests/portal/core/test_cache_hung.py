"""Redis that hangs (stopped with SIGSTOP: it accepts connections, answers nothing), not
down: a request pays at most one short time-out, then the portal behaves as when Redis is
down until Redis answers again."""

from __future__ import annotations

import datetime
import os
import signal
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from initiatives.models import ProgressUpdate
from portal.core.models import OutboundEmail
from portal.mailing import consent
from portal.reports.models import ProgressReport
from tests import factories
from tests.factories_workspace import activate_totp
from tests.portal.core.test_cache_outage import redis_server  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

# The bound: each of these answered in 5.3 to 6.1 s.
BOUND = 1.5


@pytest.fixture
def hung(redis_server):  # noqa: F811
    """Redis, then stopped as a hung process is: SIGSTOP, and SIGCONT afterwards."""
    def stop() -> None:
        os.kill(redis_server.process.pid, signal.SIGSTOP)

    yield stop
    os.kill(redis_server.process.pid, signal.SIGCONT)


def timed(call, capture):
    """``call``'s answer and how long it took, the work done on commit included (the
    request waits for it, as in production)."""
    started = time.monotonic()
    with translation.override("en"), capture(execute=True):
        result = call()
    return result, time.monotonic() - started


def test_approval_sign_up_and_report_request_stay_quick_when_redis_hangs(
    hung, coordinator, lead_a, org_a, mailoutbox, django_capture_on_commit_callbacks
):
    area = factories.PriorityAreaFactory(slug_en="youth", title_en="Youth")
    periods = [factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                                end=datetime.date(2021, 3, 31))]
    initiative = factories.InitiativeFactory(lead=org_a, start=datetime.date(2021, 1, 1))
    initiative.priority_areas.add(area)
    update = factories.ProgressUpdateFactory(
        initiative=initiative, period=periods[0], status=ProgressUpdate.Status.SUBMITTED,
        submitted_by=lead_a,
    )
    activate_totp(coordinator)
    staff = Client()
    staff.force_login(coordinator)
    hung()

    capture = django_capture_on_commit_callbacks
    response, seconds = timed(lambda: staff.post(
        reverse("coordination:approve", kwargs={"pk": update.pk})), capture)
    assert response.status_code == 302 and seconds < BOUND, seconds
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.APPROVED

    response, seconds = timed(lambda: Client().post(reverse("mailing:signup"), {
        "email": "ana@example.org", "language": "en", "all_topics": "on",
        "consent_version": consent.VERSION}, REMOTE_ADDR="203.0.113.9"), capture)
    assert response.status_code == 302 and seconds < BOUND, seconds

    response, seconds = timed(lambda: staff.post(reverse("reports:list"), {
        "scope": "priority_area", "priority_area": area.pk,
        "period_from": periods[0].pk, "period_to": periods[0].pk,
        "language": "en", "formats": ["xlsx"], "audience": "internal",
    }), capture)
    assert seconds < BOUND, seconds
    # As when the broker is down: said at once, nothing saved.
    assert "The report service is not available just now" in response.content.decode()
    # Nothing is lost: the emails went out in the request, the report is queued or said.
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()
    assert len(mailoutbox) == 2
    assert not ProgressReport.objects.exists()
