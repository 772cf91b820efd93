"""Activities of a quarter under review or approved are frozen; a returned quarter takes
them again; a moved activity stays with an organisation of its initiative."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from initiatives import services
from initiatives.models import Activity, ProgressUpdate
from tests import factories

Q1 = dict(start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31),
          due=datetime.date(2021, 4, 30))



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
