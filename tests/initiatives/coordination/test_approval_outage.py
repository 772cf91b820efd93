"""An approval made while the broker is down is kept, and its email still goes out."""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import ProgressUpdate
from tests import factories

Q1 = dict(start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31),
          due=datetime.date(2021, 4, 30))



def _drop_broker_connections(app) -> None:
    """Forget the connections and producers pooled for the previous broker URL."""
    app.close()
    app._pool = None  # noqa: SLF001
    app.amqp._producer_pool = None  # noqa: SLF001


@pytest.mark.django_db
def test_approval_survives_a_broker_outage_and_still_emails(
    client, coordinator, lead_a, org_a, django_capture_on_commit_callbacks, mailoutbox, settings
):
    from config.celery import app
    from tests.factories_workspace import activate_totp

    activate_totp(coordinator)
    update = factories.ProgressUpdateFactory(
        initiative=factories.InitiativeFactory(lead=org_a),
        period=factories.ReportingPeriodFactory(**Q1),
        status=ProgressUpdate.Status.SUBMITTED, submitted_by=lead_a,
    )
    client.force_login(coordinator)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    # Drop connections pooled for the previous broker, so the outage is real.
    _drop_broker_connections(app)
    try:
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            started = time.monotonic()
            response = client.post(reverse("coordination:approve", kwargs={"pk": update.pk}))
            elapsed = time.monotonic() - started
    finally:
        app.conf.broker_url = previous
        app.conf.task_always_eager = True
        _drop_broker_connections(app)
    assert elapsed < 1.5  # the broker is not retried inside the request
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.APPROVED
    assert [m.to for m in mailoutbox] == [[lead_a.email]]
