"""Locking a period with updates still outstanding asks first, listing each one; only a
confirmed request locks. A period with nothing outstanding locks at once."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from initiatives import selectors
from initiatives.models import ProgressUpdate, ReportingPeriod
from tests import factories
from tests.factories_workspace import activate_totp, quarter

pytestmark = pytest.mark.django_db

Status = ProgressUpdate.Status


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def coord(client, coordinator):
    coordinator.preferred_language = "en"
    coordinator.save()
    activate_totp(coordinator)
    client.force_login(coordinator)
    return coordinator


@pytest.fixture
def period():
    return quarter(2021, 2)


@pytest.fixture
def world(org_a, org_b, period):
    def initiative(title, lead, status=None, **kwargs):
        item = factories.InitiativeFactory(title_en=title, lead=lead, **kwargs)
        if status:
            factories.ProgressUpdateFactory(initiative=item, period=period, status=status)
        return item

    return {
        "draft": initiative("Drafted", org_a, Status.DRAFT),
        "submitted": initiative("Waiting for review", org_b, Status.SUBMITTED),
        "returned": initiative("Sent back", org_a, Status.RETURNED),
        "missing": initiative("Not started", org_b),
        "approved": initiative("All done", org_a, Status.APPROVED),
        # Ended before the period: owes nothing for it.
        "ended": initiative("Ended", org_a, start=datetime.date(2020, 1, 1),
                            end=datetime.date(2021, 3, 31)),
    }


def lock(client, period, **data):
    return client.post(url("coordination:period_lock", pk=period.pk), data)


def test_outstanding_updates_are_listed_and_nothing_is_locked(client, world, period, coord):
    response = lock(client, period)
    assert response.status_code == 200
    period.refresh_from_db()
    assert not period.is_locked
    html = response.content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    listed = {row.split("</a>")[0].rsplit(">", 1)[1]: row for row in rows}
    assert set(listed) == {"Drafted", "Waiting for review", "Sent back", "Not started"}
    assert "Organisation A" in listed["Drafted"] and "Organisation B" in listed["Not started"]
    assert "Draft" in listed["Drafted"] and "Submitted" in listed["Waiting for review"]
    assert "Returned" in listed["Sent back"] and "Not started" in listed["Not started"]
    # The due date has long passed: an update not submitted is overdue, as the dashboard says.
    assert "overdue by" in listed["Not started"]
    assert "overdue by" not in listed["Waiting for review"]
    assert 'name="confirm" value="1"' in html
    assert "4 updates of Q2 2021 are not approved yet." in html


def test_the_list_is_every_obligation_not_approved(world, period, coord):
    obligations = selectors.reporting_obligations(
        initiatives=list(world.values()), periods=[period]
    )
    expected = {o.initiative.pk for o in obligations if not o.is_approved}
    listed = selectors.period_outstanding(period=period, viewer=coord)
    assert {o.initiative.pk for o in listed} == expected
    assert len(listed) == 4


def test_every_update_a_lead_still_owes_is_on_the_page(client, world, period, coord, lead_a):
    owed = [o for o in selectors.updates_due(viewer=lead_a)
            if o.period == period and not o.is_submitted]
    assert owed  # the lead's own due list
    html = lock(client, period).content.decode()
    for obligation in owed:
        assert str(obligation.initiative) in html


def test_a_confirmed_lock_locks_and_says_how_many_were_outstanding(client, world, period,
                                                                   coord):
    response = lock(client, period, confirm="1")
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.is_locked
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Q2 2021 is locked, with 4 updates still outstanding."]


def test_a_period_with_nothing_outstanding_locks_at_once(client, org_a, coord):
    period = quarter(2021, 3)
    done = factories.InitiativeFactory(lead=org_a)
    factories.ProgressUpdateFactory(initiative=done, period=period, status=Status.APPROVED)
    response = lock(client, period)
    assert response.status_code == 302
    assert ReportingPeriod.objects.get(pk=period.pk).is_locked


def test_a_period_no_initiative_runs_in_locks_at_once(client, coord):
    period = quarter(2030, 1)
    assert lock(client, period).status_code == 302
    assert ReportingPeriod.objects.get(pk=period.pk).is_locked


def test_partners_cannot_lock_even_with_confirm(client, world, period, lead_a):
    client.force_login(lead_a)
    assert lock(client, period, confirm="1").status_code == 403
    assert not ReportingPeriod.objects.get(pk=period.pk).is_locked


def test_the_confirmation_page_is_in_french(client, world, period, coord):
    html = client.post(url("coordination:period_lock", "fr", pk=period.pk)).content.decode()
    assert '<html lang="fr">' in html
    assert "4 mises à jour de T2 2021 ne sont pas encore approuvées." in html
