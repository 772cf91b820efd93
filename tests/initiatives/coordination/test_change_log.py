"""Locking or reopening a period and changing someone's role are recorded (who, when,
what) and shown to coordinators on the change log."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partners.models import Membership
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


def test_locks_and_role_changes_are_on_the_change_log(coordinator, administrator, lead_a,
                                                      staff_a, org_a):
    coordinator.first_name, coordinator.last_name = "Céline", "Coordonnatrice"
    coordinator.save()
    activate_totp(coordinator)
    period = factories.ReportingPeriodFactory(
        start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31),
        due=datetime.date(2021, 4, 30))
    client = Client()
    client.force_login(coordinator)
    with translation.override("en"):
        assert client.post(reverse("coordination:period_lock", args=[period.pk]),
                           {"confirm": "1"}).status_code == 302
        assert client.post(reverse("coordination:period_open", args=[period.pk])).status_code == 302

    # An administrator makes staff_a a lead, and makes lead_a a coordinator.
    membership = Membership.objects.get(user=staff_a, organisation=org_a)
    membership.role = Membership.Role.LEAD
    membership._history_user = administrator
    membership.save()
    lead_a.is_coordinator = True
    lead_a._history_user = administrator
    lead_a.save()
    # A change of name only is not a role change.
    staff_a.first_name = "Renamed"
    staff_a.save()

    with translation.override("en"):
        html = client.get(reverse("coordination:change_log")).content.decode()
    rows = [row for row in html.split("<tr>")[2:]]
    period_rows = [r for r in rows if "Q1 2021" in r]
    assert len(period_rows) >= 2
    assert any("Céline Coordonnatrice" in r and "“No” → “Yes”" in r for r in period_rows)
    assert any("Céline Coordonnatrice" in r and "“Yes” → “No”" in r for r in period_rows)
    assert any(str(staff_a.email) in r or "Renamed" in r for r in rows
               if "“Partner staff” → “Partner lead”" in r)
    assert any(lead_a.email in r and "“No” → “Yes”" in r and str(administrator) in r
               for r in rows)
    assert not any("“Alex” → “Renamed”" in r or "Renamed”" in r for r in rows)


def test_only_coordinators_read_the_change_log(lead_a):
    client = Client()
    client.force_login(lead_a)
    with translation.override("fr"):
        assert client.get(reverse("coordination:change_log")).status_code == 403


@pytest.mark.django_db
def test_what_the_demo_loader_wrote_is_by_the_demo_data_not_unknown():
    from django.core.management import call_command
    from django.utils import translation

    from initiatives import history
    from initiatives.models import ProgressUpdate

    call_command("load_demo", allow_without_debug=True, verbosity=0)
    update = ProgressUpdate.objects.filter(status="approved").first()
    entries = history.update_history(update)
    assert entries and all(entry.who is not None for entry in entries)
    with translation.override("fr"):
        authors = {str(entry.who) for entry in entries}
    assert "données de démonstration" in authors
    assert all(entry.reason == "" for entry in entries)
