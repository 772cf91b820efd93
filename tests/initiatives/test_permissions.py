"""The permission module, and object-level checks: nothing of A is reachable by B."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives import permissions
from initiatives.models import Activity, ProgressUpdate
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def world(org_a, org_b):
    initiative = factories.InitiativeFactory(lead=org_a)
    joined = factories.InitiativeFactory(lead=factories.OrganisationFactory())
    joined.collaborators.add(org_a)
    elsewhere = factories.InitiativeFactory(lead=factories.OrganisationFactory())
    period = factories.ReportingPeriodFactory(
        start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31),
        due=datetime.date(2021, 4, 30),
    )
    factories.IndicatorFactory(initiative=initiative)
    activity = factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 2, 1))
    update = factories.ProgressUpdateFactory(
        initiative=initiative, period=period, status=ProgressUpdate.Status.SUBMITTED
    )
    return {"initiative": initiative, "joined": joined, "elsewhere": elsewhere,
            "period": period, "activity": activity, "update": update}


def test_scoped_querysets(world, staff_a, staff_b, coordinator, administrator):
    mine = {world["initiative"], world["joined"]}
    assert set(permissions.initiatives_for(staff_a)) == mine
    assert set(permissions.initiatives_for(staff_b)) == set()
    assert permissions.initiatives_for(coordinator).count() == 3
    assert permissions.initiatives_for(administrator).count() == 3
    assert list(permissions.activities_for(staff_a)) == [world["activity"]]
    assert not permissions.activities_for(staff_b).exists()
    assert list(permissions.updates_for(staff_a)) == [world["update"]]
    assert not permissions.updates_for(staff_b).exists()


def test_predicates_by_role(world, org_a, org_b, staff_a, lead_a, staff_b, coordinator,
                            administrator):
    initiative = world["initiative"]
    assert permissions.can_edit_update(staff_a, initiative)
    assert not permissions.can_submit_update(staff_a, initiative)
    assert permissions.can_submit_update(lead_a, initiative)
    assert not permissions.can_edit_update(staff_b, initiative)
    # A collaborator reads the initiative but does not write its updates.
    assert permissions.can_view_initiative(staff_a, world["joined"])
    assert not permissions.can_edit_update(staff_a, world["joined"])
    assert not permissions.can_submit_update(lead_a, world["joined"])
    for user in (staff_a, lead_a, staff_b):
        assert not permissions.can_review(user)
        assert not permissions.can_lock_period(user, world["period"])
    for user in (coordinator, administrator):
        assert permissions.can_review(user)
        assert permissions.can_submit_update(user, initiative)
        assert permissions.can_invite(user, org_b)
    assert permissions.can_invite(lead_a, org_a)
    assert not permissions.can_invite(lead_a, org_b)
    assert not permissions.can_invite(staff_a, org_a)
    assert permissions.can_edit_activity(staff_a, world["activity"])
    assert not permissions.can_edit_activity(staff_b, world["activity"])


def test_inactive_member_sees_nothing(world, staff_a):
    staff_a.is_active = False
    assert not permissions.initiatives_for(staff_a).exists()


def object_urls(world) -> list[tuple[str, str]]:
    """Every workspace and coordination URL naming an object of organisation A."""
    a, i, p = world["activity"], world["initiative"], world["period"]
    return [
        ("GET", url("workspace:activity", pk=a.pk)),
        ("GET", url("workspace:activity_edit", pk=a.pk)),
        ("POST", url("workspace:activity_edit", pk=a.pk)),
        ("GET", url("workspace:activity_delete", pk=a.pk)),
        ("POST", url("workspace:activity_delete", pk=a.pk)),
        ("GET", url("workspace:update", initiative_pk=i.pk, period_pk=p.pk)),
        ("POST", url("workspace:update", initiative_pk=i.pk, period_pk=p.pk)),
        ("POST", url("workspace:update_submit", initiative_pk=i.pk, period_pk=p.pk)),
    ]


def test_staff_of_other_org_gets_404_on_every_object(client, world, staff_b):
    client.force_login(staff_b)
    for method, address in object_urls(world):
        response = client.generic(method, address, "")
        assert response.status_code == 404, (method, address)
    assert Activity.objects.filter(pk=world["activity"].pk).exists()


def test_staff_of_other_org_cannot_filter_on_a_foreign_initiative(client, world, staff_b):
    client.force_login(staff_b)
    response = client.get(url("workspace:activities"), {"initiative": world["initiative"].pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_collaborator_staff_reads_but_cannot_edit_lead_orgs_activity(client, world, staff_a):
    foreign_activity = factories.ActivityFactory(
        initiative=world["joined"], date=datetime.date(2021, 2, 1)
    )
    client.force_login(staff_a)
    assert client.get(url("workspace:activity", pk=foreign_activity.pk)).status_code == 200
    assert client.get(url("workspace:activity_edit", pk=foreign_activity.pk)).status_code == 403
    assert client.post(url("workspace:activity_delete", pk=foreign_activity.pk)).status_code == 403


def test_staff_submitting_gets_403(client, world, staff_a):
    client.force_login(staff_a)
    i, p = world["initiative"], world["period"]
    response = client.post(url("workspace:update_submit", initiative_pk=i.pk, period_pk=p.pk))
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["staff_a", "lead_a", "staff_b"])
def test_partners_reviewing_or_locking_get_403(client, world, who, request):
    client.force_login(request.getfixturevalue(who))
    u, p = world["update"], world["period"]
    for address in (
        url("coordination:approve", pk=u.pk),
        url("coordination:return", pk=u.pk),
        url("coordination:period_lock", pk=p.pk),
        url("coordination:period_open", pk=p.pk),
    ):
        assert client.post(address, {"comment": "x"}).status_code == 403, address
    u.refresh_from_db()
    assert u.status == ProgressUpdate.Status.SUBMITTED
    p.refresh_from_db()
    assert not p.is_locked


def test_coordinator_reaches_every_organisation(client, world, coordinator):
    activate_totp(coordinator)
    client.force_login(coordinator)
    assert client.get(url("workspace:activity", pk=world["activity"].pk)).status_code == 200
    assert client.get(url("coordination:review", pk=world["update"].pk)).status_code == 200


def test_get_never_changes_state(client, world, coordinator, lead_a):
    activate_totp(coordinator)
    client.force_login(coordinator)
    u, p = world["update"], world["period"]
    for address in (
        url("coordination:approve", pk=u.pk),
        url("coordination:return", pk=u.pk),
        url("coordination:period_lock", pk=p.pk),
    ):
        assert client.get(address).status_code == 405
    client.force_login(lead_a)
    i = world["initiative"]
    assert client.get(
        url("workspace:update_submit", initiative_pk=i.pk, period_pk=p.pk)
    ).status_code == 405
    u.refresh_from_db()
    p.refresh_from_db()
    assert (u.status, p.is_locked) == (ProgressUpdate.Status.SUBMITTED, False)
