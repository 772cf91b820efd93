"""A locked period closes its obligations: what was not submitted is "not reported (period
closed)", no longer overdue, on the dashboard, in reports, in the workspace and in
reminders; it still counts against the reporting rate; reopening the period makes it
overdue again."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives import services as initiative_services
from initiatives.models import ProgressUpdate
from initiatives.selectors import obligation_tallies, outstanding_obligations
from portal.reports import reminders, render
from portal.reports import services as report_services
from portal.reports.models import Reminder
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 11, 15)


@pytest.fixture
def world(org_a, org_b, lead_a, coordinator):
    activate_totp(coordinator)
    plan = factories.PlanFactory(owner=org_a, is_featured=True)
    area = factories.PriorityAreaFactory(plan=plan, title_en="Youth", title_fr="Jeunes")
    q2 = factories.ReportingPeriodFactory(start=datetime.date(2025, 4, 1),
                                          end=datetime.date(2025, 6, 30),
                                          due=datetime.date(2025, 7, 30))
    reported = factories.InitiativeFactory(lead=org_a, title_en="Reported on time",
                                           start=datetime.date(2025, 1, 1), end=None)
    silent = factories.InitiativeFactory(lead=org_b, title_en="Never reported",
                                         title_fr="Jamais déclaré",
                                         start=datetime.date(2025, 1, 1), end=None)
    for initiative in (reported, silent):
        initiative.priority_areas.add(area)
    factories.ProgressUpdateFactory(initiative=reported, period=q2,
                                    status=ProgressUpdate.Status.APPROVED)
    return {"area": area, "q2": q2, "reported": reported, "silent": silent}


def lock(world, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.period_lock(period=world["q2"], by=coordinator)
    world["q2"].refresh_from_db()


def test_selectors_count_a_locked_periods_gap_as_closed_not_overdue(
    world, coordinator, django_capture_on_commit_callbacks,
):
    initiatives = [world["reported"], world["silent"]]
    periods = [world["q2"]]
    assert len(outstanding_obligations(initiatives=initiatives, periods=periods,
                                       today=TODAY)) == 1
    lock(world, coordinator, django_capture_on_commit_callbacks)
    periods = [world["q2"]]
    assert outstanding_obligations(initiatives=initiatives, periods=periods, today=TODAY) == []
    figures = {t.lead_id: t.figures() for t in obligation_tallies(
        initiatives=initiatives, periods=periods, today=TODAY)}
    # (expected, submitted, on time, late, approved, missing, pending, closed)
    assert figures[world["silent"].lead_id] == (1, 0, 0, 0, 0, 0, 0, 1)
    # Reopened, it is overdue again.
    initiative_services.period_open(period=world["q2"], by=coordinator)
    world["q2"].refresh_from_db()
    assert len(outstanding_obligations(initiatives=initiatives, periods=[world["q2"]],
                                       today=TODAY)) == 1


def dashboard_html(client, lang="en") -> str:
    with translation.override(lang):
        response = client.get(reverse("coordination:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_lists_no_overdue_update_of_a_locked_period(
    client, world, coordinator, django_capture_on_commit_callbacks,
):
    client.force_login(coordinator)
    html = dashboard_html(client)
    assert "Never reported" in html and "No update is overdue." not in html
    lock(world, coordinator, django_capture_on_commit_callbacks)
    html = dashboard_html(client)
    assert "No update is overdue." in html
    assert "1 update was not reported before its period was closed" in html
    # Still counted against the reporting rate: 1 of 2 submitted.
    assert "Of 2 updates expected, 1 were submitted (reporting rate 50" in html
    french = dashboard_html(client, "fr")
    assert "Aucune mise à jour n’est en souffrance." in french
    assert "n’a pas été déclarée avant la clôture de sa période" in french
    initiative_services.period_open(period=world["q2"], by=coordinator)
    html = dashboard_html(client)
    assert "No update is overdue." not in html and "not reported before" not in html


def test_report_says_not_reported_not_overdue(
    world, coordinator, django_capture_on_commit_callbacks,
):
    lock(world, coordinator, django_capture_on_commit_callbacks)
    report = report_services.report_request(
        by=coordinator, scope="priority_area", subject=world["area"], periods=[world["q2"]],
        language="en", formats=["xlsx"], audience="internal",
    )
    report.refresh_from_db()
    total = report.snapshot["completeness"]["total"]
    assert (total["expected"], total["submitted"], total["missing"], total["closed"]) == (
        2, 1, 0, 1)
    assert [o for o in report.snapshot["outstanding"] if o["state"] == "missing"] == []
    with translation.override("en"):
        html = render.render_html(report.snapshot, "en")
    assert "No update is overdue." in html
    assert "1 update was not reported before its period was closed." in html
    assert "1 not reported (period closed)" in html


def test_no_reminder_for_a_locked_period(world, coordinator,
                                          django_capture_on_commit_callbacks):
    lock(world, coordinator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send(today=TODAY) == {"due_soon": 0, "overdue": 0}
    assert not Reminder.objects.exists()
    initiative_services.period_open(period=world["q2"], by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send(today=TODAY)["overdue"] == 1


def test_workspace_shows_not_reported_for_a_locked_period(
    client, world, staff_b, coordinator, django_capture_on_commit_callbacks,
):
    client.force_login(staff_b)
    url_args = [world["silent"].pk, world["q2"].pk]
    with translation.override("en"):
        home = client.get(reverse("workspace:home")).content.decode()
        assert "Never reported" in home and "Overdue" in home
    lock(world, coordinator, django_capture_on_commit_callbacks)
    with translation.override("en"):
        home = client.get(reverse("workspace:home")).content.decode()
        page = client.get(reverse("workspace:update", args=url_args)).content.decode()
    assert 'status-overdue' not in home
    assert "Not reported (period closed)" in page
    with translation.override("fr"):
        page = client.get(reverse("workspace:update", args=url_args)).content.decode()
    assert "Non déclarée (période close)" in page
