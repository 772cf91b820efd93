"""Defects found in review: each test fails without its fix."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.models import Activity, ProgressUpdate

from . import factories
from .conftest import skip_or_fail

Q1 = dict(start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31),
          due=datetime.date(2021, 4, 30))


@pytest.mark.django_db
def test_a_lead_organisation_not_listed_publicly_is_never_named(client):
    hidden = factories.OrganisationFactory(name_en="Confidential shelter",
                                           name_fr="Refuge confidentiel", is_public=False)
    area = factories.PriorityAreaFactory(slug_en="youth")
    initiative = factories.InitiativeFactory(lead=hidden, slug_en="shared-work")
    initiative.priority_areas.add(area)
    for path in ("/en/initiatives/", "/en/initiatives/shared-work/", "/en/priorities/youth/"):
        html = client.get(path).content.decode()
        assert "Confidential shelter" not in html, path
        assert "a partner organisation not listed publicly" in html, path


@pytest.fixture
def reported_quarter(org_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    period = factories.ReportingPeriodFactory(name="2021-Q1", **Q1)
    activity = factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 2, 1))
    update = factories.ProgressUpdateFactory(initiative=initiative, period=period,
                                             status=ProgressUpdate.Status.SUBMITTED)
    return {"initiative": initiative, "activity": activity, "update": update}


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ProgressUpdate.Status.SUBMITTED,
                                    ProgressUpdate.Status.APPROVED])
def test_activities_of_a_reported_quarter_are_frozen(reported_quarter, staff_a, status):
    update = reported_quarter["update"]
    update.status = status
    update.save()
    initiative, activity = reported_quarter["initiative"], reported_quarter["activity"]
    with pytest.raises(ValidationError, match="can no longer change"):
        services.activity_create(
            by=staff_a, initiative=initiative, organisation_id=initiative.lead_id,
            date=datetime.date(2021, 3, 1), kind="workshop", title="Late", participants=988,
            audience="youth", language="fr",
        )
    with pytest.raises(ValidationError, match="can no longer change"):
        services.activity_update(activity=activity, by=staff_a, participants=500)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.activity_delete(activity=activity, by=staff_a)
    # Moving it out of the reported quarter is a change to that quarter too.
    with pytest.raises(ValidationError):
        services.activity_update(activity=activity, by=staff_a, date=datetime.date(2021, 5, 1))
    activity.refresh_from_db()
    assert activity.participants == 12 and activity.date == datetime.date(2021, 2, 1)


@pytest.mark.django_db
def test_returned_quarter_accepts_activities_again(reported_quarter, staff_a):
    update = reported_quarter["update"]
    update.status = ProgressUpdate.Status.RETURNED
    update.save()
    services.activity_update(activity=reported_quarter["activity"], by=staff_a, participants=14)
    assert Activity.objects.get().participants == 14


@pytest.mark.django_db
def test_moving_an_activity_keeps_its_organisation_part_of_the_initiative(org_a, org_b,
                                                                         coordinator):
    activity = factories.ActivityFactory(initiative=factories.InitiativeFactory(lead=org_a))
    elsewhere = factories.InitiativeFactory(lead=org_b)
    with pytest.raises(ValidationError, match="does not take part"):
        services.activity_update(activity=activity, by=coordinator, initiative=elsewhere)
    elsewhere.collaborators.add(org_a)
    services.activity_update(activity=activity, by=coordinator, initiative=elsewhere)
    assert Activity.objects.get().initiative == elsewhere


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

    from .factories_workspace import activate_totp

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


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_of_a_draft_at_once_both_succeed(org_a, lead_a, staff_a):
    if connection.vendor != "postgresql":
        skip_or_fail("the race needs PostgreSQL's row locks (DATABASE_URL=postgres://...)")
    initiative = factories.InitiativeFactory(lead=org_a)
    period = factories.ReportingPeriodFactory(**Q1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    original = services._locked_update
    local = threading.local()

    def slow_locked_update(*args):
        found = original(*args)
        if not getattr(local, "waited", False):
            local.waited = True
            barrier.wait(timeout=10)  # both requests have seen "no update yet"
        return found

    def save(user, text):
        try:
            services.update_save_draft(initiative=initiative, period=period, by=user,
                                       narrative={"done_en": text}, values={})
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    services._locked_update = slow_locked_update
    try:
        threads = [threading.Thread(target=save, args=(user, text))
                   for user, text in ((lead_a, "first"), (staff_a, "second"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        services._locked_update = original
    assert outcomes == ["ok", "ok"]
    assert ProgressUpdate.objects.filter(initiative=initiative, period=period).count() == 1


@pytest.mark.django_db
def test_no_update_for_a_period_the_initiative_does_not_run_in(org_a, lead_a):
    initiative = factories.InitiativeFactory(lead=org_a, start=datetime.date(2022, 1, 1))
    before = factories.ReportingPeriodFactory(**Q1)
    with pytest.raises(ValidationError, match="does not run during"):
        services.update_save_draft(initiative=initiative, period=before, by=lead_a,
                                   narrative={"done_en": "Nothing"}, values={})
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_two_priority_areas_without_an_english_slug_can_be_saved_in_the_admin(
    client, administrator
):
    from .factories_workspace import activate_totp

    activate_totp(administrator)
    client.force_login(administrator)
    plan = factories.PlanFactory()
    with translation.override("en"):
        add = reverse("admin:priorities_priorityarea_add")
    for n in (1, 2):
        response = client.post(add, {
            # Both titles and summaries (publishing needs both languages), no English slug.
            "plan": plan.pk, "title_fr": f"Priorité {n}", "title_en": f"Priority {n}",
            "slug_fr": f"p-{n}", "slug_en": "", "summary_fr": "Résumé.", "summary_en": "Summary.",
            "body_fr": "", "body_en": "",
            "order": n, "colour": "#1f4e79",
            "strategies-TOTAL_FORMS": "0", "strategies-INITIAL_FORMS": "0",
            "strategies-MIN_NUM_FORMS": "0", "strategies-MAX_NUM_FORMS": "1000",
        })
        assert response.status_code == 302, response.content.decode()[:2000]
    from priorities.models import PriorityArea

    assert list(PriorityArea.objects.values_list("slug_en", flat=True)) == [None, None]
