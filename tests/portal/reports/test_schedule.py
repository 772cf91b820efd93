"""Beat tasks: quarterly reports after a period is locked, reminders once per stage in the
recipient's language, and the sweep of reports whose worker died."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from initiatives import services as initiative_services
from initiatives.models import ProgressUpdate
from partners.models import Membership
from portal.reports import reminders, services, tasks
from portal.reports.models import ProgressReport, Reminder
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_a, lead_a, coordinator):
    plan = factories.PlanFactory(owner=org_a, is_featured=True)
    areas = [factories.PriorityAreaFactory(plan=plan) for _ in range(2)]
    q3 = factories.ReportingPeriodFactory(start=datetime.date(2022, 7, 1),
                                          end=datetime.date(2022, 9, 30),
                                          due=datetime.date(2022, 10, 30))
    initiative = factories.InitiativeFactory(lead=org_a, title_fr="Ateliers jeunesse",
                                             title_en="Youth workshops",
                                             start=datetime.date(2022, 1, 1))
    initiative.priority_areas.add(areas[0])
    update = factories.ProgressUpdateFactory(initiative=initiative, period=q3,
                                             status=ProgressUpdate.Status.APPROVED)
    factories.IndicatorValueFactory(update=update, value=40)
    return {"plan": plan, "areas": areas, "q3": q3, "initiative": initiative}


def test_locking_a_period_compiles_each_area_report_in_both_languages(
    world, coordinator, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.period_lock(period=world["q3"], by=coordinator)
    reports = ProgressReport.objects.order_by("priority_area__order")
    assert [r.priority_area for r in reports] == world["areas"]
    for report in reports:
        assert report.language == "both" and report.requested_by is None
        assert list(report.periods.all()) == [world["q3"]]
    # The area with an initiative is ready in both languages; the empty one says why.
    with_data, empty = reports
    assert with_data.status == "ready"
    assert {f.language for f in with_data.files.all()} == {"fr", "en"}
    assert (empty.status, empty.error_code) == ("failed", "no_data")
    # Coordinators are told, in their language.
    assert any(coordinator.email in m.to for m in mail.outbox)
    # Locking again (after reopening) does not compile the same quarterly reports twice.
    initiative_services.period_open(period=world["q3"], by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.period_lock(period=world["q3"], by=coordinator)
    assert ProgressReport.objects.count() == 2


def test_schedule_task_ignores_an_open_period(world):
    assert tasks.schedule_period_reports.apply(args=(world["q3"].pk,)).get() == []
    assert not ProgressReport.objects.exists()


# --- Reminders -----------------------------------------------------------------------------


@pytest.fixture
def due_world(org_a, lead_a, org_b):
    lead_a.preferred_language = "en"
    lead_a.save()
    french_lead = factories.MembershipFactory(
        organisation=org_a, role=Membership.Role.LEAD,
        user=factories.UserFactory(preferred_language="fr"),
    ).user
    period = factories.ReportingPeriodFactory(start=datetime.date(2022, 7, 1),
                                              end=datetime.date(2022, 9, 30),
                                              due=datetime.date(2022, 10, 30))
    owing = factories.InitiativeFactory(lead=org_a, title_en="Youth workshops",
                                        title_fr="Ateliers jeunesse")
    done = factories.InitiativeFactory(lead=org_a, title_en="Done already")
    factories.ProgressUpdateFactory(initiative=done, period=period,
                                    status=ProgressUpdate.Status.SUBMITTED)
    return {"period": period, "owing": owing, "done": done, "french_lead": french_lead}


def run(day: str, django_capture_on_commit_callbacks) -> dict:
    with django_capture_on_commit_callbacks(execute=True):
        return reminders.reminders_send(today=datetime.date.fromisoformat(day))


def test_reminders_once_per_stage_in_each_recipients_language(
    due_world, lead_a, django_capture_on_commit_callbacks,
):
    # Too early: more than 7 days before the due date.
    assert run("2022-10-01", django_capture_on_commit_callbacks) == {"due_soon": 0,
                                                                    "overdue": 0}
    assert not mail.outbox
    # Within 7 days of the due date: one "due soon" reminder, to both leads.
    assert run("2022-10-25", django_capture_on_commit_callbacks)["due_soon"] == 1
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[lead_a.email] == "Progress update due soon: Youth workshops, Q3 2022"
    assert subjects[due_world["french_lead"].email] == (
        "Mise à jour des progrès bientôt due : Ateliers jeunesse, T3 2022")
    assert "/en/workspace/" in next(m.body for m in mail.outbox if m.to == [lead_a.email])
    # The next day: nothing new for that stage.
    mail.outbox.clear()
    assert run("2022-10-26", django_capture_on_commit_callbacks)["due_soon"] == 0
    assert not mail.outbox
    # Overdue: once more, and only once.
    assert run("2022-11-02", django_capture_on_commit_callbacks)["overdue"] == 1
    assert run("2022-11-09", django_capture_on_commit_callbacks)["overdue"] == 0
    assert {r.stage for r in Reminder.objects.all()} == {"due_soon", "overdue"}
    # The submitted update's initiative is never reminded.
    assert not Reminder.objects.filter(initiative=due_world["done"]).exists()
    recorded = Reminder.objects.get(stage="overdue")
    assert set(recorded.recipients.all()) == {lead_a, due_world["french_lead"]}


def test_a_partner_sees_what_was_sent(client, due_world, staff_a,
                                      django_capture_on_commit_callbacks):
    run("2022-10-25", django_capture_on_commit_callbacks)
    client.force_login(staff_a)
    with translation.override("en"):
        html = client.get(reverse("workspace:home")).content.decode()
    section = html.split("Reminders sent to your organisation")[1].split("</section>")[0]
    assert "Youth workshops" in section and "Due within 7 days" in section


def test_no_reminder_for_a_locked_period(due_world, django_capture_on_commit_callbacks):
    due_world["period"].is_locked = True
    due_world["period"].save()
    assert run("2022-11-02", django_capture_on_commit_callbacks) == {"due_soon": 0,
                                                                    "overdue": 0}


# --- The sweep -----------------------------------------------------------------------------


def stale_report(world, *, attempts: int, minutes: int = 30) -> ProgressReport:
    old = timezone.now() - datetime.timedelta(minutes=minutes)
    report = ProgressReport.objects.create(
        scope="priority_area", priority_area=world["areas"][0], language="en",
        want_pdf=False, status=ProgressReport.Status.RUNNING, attempts=attempts,
        heartbeat_at=old, started_at=old,
    )
    report.periods.set([world["q3"]])
    return report


def test_sweep_requeues_a_dead_workers_report_once_then_fails_it(world):
    sent = []
    report = stale_report(world, attempts=1)
    assert services.reports_sweep(enqueue=sent.append) == {"requeued": [report.pk],
                                                           "failed": []}
    report.refresh_from_db()
    assert report.status == "queued" and sent == [report]
    # Its second worker dies too: the next sweep fails it, visibly.
    ProgressReport.objects.filter(pk=report.pk).update(
        status="running", attempts=2,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=30))
    assert services.reports_sweep(enqueue=sent.append)["failed"] == [report.pk]
    report.refresh_from_db()
    assert (report.status, report.error_code) == ("failed", "worker_lost")


def test_sweep_leaves_a_living_report_alone(world):
    report = stale_report(world, attempts=1, minutes=1)
    assert services.reports_sweep(enqueue=lambda r: None) == {"requeued": [], "failed": []}
    report.refresh_from_db()
    assert report.status == "running"


def test_a_second_delivery_does_nothing(world, coordinator):
    report = services.report_request(
        by=coordinator, scope="priority_area", subject=world["areas"][0],
        periods=[world["q3"]], language="en", formats=["xlsx"],
    )
    report.refresh_from_db()
    assert report.status == "ready"
    before = (report.snapshot_sha256, report.updated_at, list(report.files.values("sha256")))
    assert tasks.compile_report.apply(args=(report.pk,)).get() == "skipped"
    report.refresh_from_db()
    assert (report.snapshot_sha256, report.updated_at,
            list(report.files.values("sha256"))) == before


def test_reports_page_in_the_workspace_menu_of_coordinators_and_leads(client, coordinator,
                                                                      lead_a, staff_a):
    activate_totp(coordinator)
    with translation.override("en"):
        url = reverse("workspace:home")
        link = f'href="{reverse("reports:list")}"'
    for user, shown in ((coordinator, True), (lead_a, True), (staff_a, False)):
        client.force_login(user)
        assert (link in client.get(url).content.decode()) is shown, user
