"""Activities in the workspace: validation, filters, pagination, and organisation scoping."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from initiatives.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def initiative(org_a):
    return factories.InitiativeFactory(
        lead=org_a, start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31)
    )


def data(initiative, **overrides):
    values = {
        "date": "2021-05-04", "initiative": initiative.pk, "kind": "workshop",
        "title": "Safety workshop", "participants": "14", "audience": "youth",
        "language": "fr", "neighbourhood": "Vanier", "notes": "",
    }
    values.update(overrides)
    return values


def test_staff_logs_an_activity(client, staff_a, initiative, org_a):
    client.force_login(staff_a)
    form = client.get(url("workspace:activity_create")).content.decode()
    assert "No names or personal details" in form
    response = client.post(url("workspace:activity_create"), data(initiative))
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("workspace:activity", pk=activity.pk)
    assert (activity.organisation, activity.logged_by, activity.participants) == (
        org_a, staff_a, 14)


def test_collaborator_logs_for_a_joined_initiative(client, staff_b, initiative, org_b):
    initiative.collaborators.add(org_b)
    client.force_login(staff_b)
    assert client.post(url("workspace:activity_create"), data(initiative)).status_code == 302
    assert Activity.objects.get().organisation == org_b


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2020-12-31"}, "date", "within the initiative"),
        ({"date": "2022-01-01"}, "date", "within the initiative"),
        ({"participants": "-1"}, "participants", "whole number from 0"),
        ({"participants": "2.5"}, "participants", "whole number from 0"),
        ({"participants": "many"}, "participants", "whole number from 0"),
        ({"title": ""}, "title", "required"),
    ],
)
def test_invalid_activity_is_refused_with_a_clear_message(
    client, staff_a, initiative, overrides, field, message
):
    client.force_login(staff_a)
    response = client.post(url("workspace:activity_create"), data(initiative, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    content = response.content.decode()
    # The error is linked to its field for screen readers.
    assert f'id="id_{field}_error"' in content
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in content or (
        f'aria-describedby="id_{field}_error"' in content
    )
    assert not Activity.objects.exists()


def test_hidden_initiative_of_another_organisation_is_refused(client, staff_b, initiative):
    client.force_login(staff_b)
    response = client.post(url("workspace:activity_create"), data(initiative))
    assert response.status_code == 200
    assert "initiative" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_moving_an_activity_to_another_organisations_initiative_is_refused(
    client, staff_a, initiative, org_b
):
    other = factories.InitiativeFactory(lead=org_b)
    activity = factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 5, 1))
    client.force_login(staff_a)
    response = client.post(url("workspace:activity_edit", pk=activity.pk),
                           {**data(initiative), "initiative": other.pk})
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.initiative == initiative


def test_edit_and_delete(client, staff_a, initiative):
    activity = factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 5, 1))
    client.force_login(staff_a)
    response = client.post(url("workspace:activity_edit", pk=activity.pk),
                           data(initiative, participants="20"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.participants == 20
    assert client.get(url("workspace:activity_delete", pk=activity.pk)).status_code == 200
    assert Activity.objects.filter(pk=activity.pk).exists()  # GET never deletes
    assert client.post(url("workspace:activity_delete", pk=activity.pk)).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert activity.history.filter(history_type="-", history_user=staff_a).exists()


def test_list_filters_and_paginates(client, staff_a, initiative, org_a, org_b):
    other = factories.InitiativeFactory(lead=org_a)
    factories.ActivityFactory.create_batch(
        30, initiative=initiative, date=datetime.date(2021, 2, 1), kind="training",
        language="en",
    )
    factories.ActivityFactory(initiative=other, date=datetime.date(2021, 5, 1), title="Other one")
    factories.ActivityFactory(initiative=factories.InitiativeFactory(lead=org_b),
                              title="Secret of B")
    period = factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                              end=datetime.date(2021, 3, 31),
                                              due=datetime.date(2021, 4, 30))
    client.force_login(staff_a)
    response = client.get(url("workspace:activities"))
    assert response.context["page"].paginator.count == 31
    assert len(response.context["page"].object_list) == 25
    assert "Secret of B" not in response.content.decode()

    filters = [
        ({"initiative": other.pk}, 1),
        ({"period": period.pk}, 30),
        ({"kind": "training"}, 30),
        ({"language": "en"}, 30),
        ({"language": "fr"}, 1),
        ({"kind": "training", "page": 2}, 30),
    ]
    for params, expected in filters:
        response = client.get(url("workspace:activities"), params)
        assert response.context["page"].paginator.count == expected, params
    page2 = client.get(url("workspace:activities"), {"kind": "training", "page": 2})
    assert len(page2.context["page"].object_list) == 5
    assert "kind=training&amp;page=1" in page2.content.decode()


def test_list_query_count_does_not_grow(client, staff_a, initiative, django_assert_max_num_queries):
    factories.ActivityFactory.create_batch(5, initiative=initiative)
    client.force_login(staff_a)
    client.get(url("workspace:activities"))
    factories.ActivityFactory.create_batch(20, initiative=initiative)
    with django_assert_max_num_queries(12):
        client.get(url("workspace:activities"))


def test_state_changes_need_csrf(staff_a, initiative):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    response = client.post(url("workspace:activity_create"), data(initiative))
    assert response.status_code == 403
    assert not Activity.objects.exists()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_workspace_pages_in_both_languages(client, staff_a, initiative, lang):
    activity = factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 5, 1))
    period = factories.ReportingPeriodFactory()
    client.force_login(staff_a)
    for address in (
        url("workspace:home", lang),
        url("workspace:activities", lang),
        url("workspace:activity_create", lang),
        url("workspace:activity", lang, pk=activity.pk),
        url("workspace:update", lang, initiative_pk=initiative.pk, period_pk=period.pk),
    ):
        assert address.startswith(f"/{lang}/")
        response = client.get(address)
        assert response.status_code == 200, address
        assert f'<html lang="{lang}">' in response.content.decode()
    assert url("workspace:home", "fr") == "/fr/espace-partenaire/"


def test_preferred_language_is_changed_and_used(client, staff_a):
    client.force_login(staff_a)
    response = client.post(url("workspace:preferences", "fr"), {
        "first_name": "Sam", "last_name": "Lee", "preferred_language": "en",
    })
    assert response["Location"] == url("workspace:home", "en")
    staff_a.refresh_from_db()
    assert staff_a.preferred_language == "en"


@pytest.mark.parametrize("how", ["locked period", "submitted update"])
def test_a_frozen_activity_says_why_and_offers_no_dead_end(client, staff_a, initiative, how):
    from initiatives.models import ProgressUpdate
    from tests.factories_workspace import quarter

    period = quarter(2021, 2, is_locked=how == "locked period")
    if how == "submitted update":
        ProgressUpdate.objects.create(initiative=initiative, period=period,
                                      status=ProgressUpdate.Status.SUBMITTED)
    frozen = factories.ActivityFactory(initiative=initiative, organisation=initiative.lead,
                                       date=datetime.date(2021, 5, 4), title="Frozen one")
    free = factories.ActivityFactory(initiative=initiative, organisation=initiative.lead,
                                     date=datetime.date(2021, 8, 4), title="Free one")
    client.force_login(staff_a)
    page = client.get(url("workspace:activity", pk=frozen.pk)).content.decode()
    reason = "is locked" if how == "locked period" else "is submitted"
    assert 'class="tag tag-locked">Locked</strong>' in page and reason in page
    assert url("workspace:activity_edit", pk=frozen.pk) not in page
    assert url("workspace:activity_delete", pk=frozen.pk) not in page
    response = client.get(url("workspace:activity_edit", pk=frozen.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("workspace:activity", pk=frozen.pk)
    assert reason in response.content.decode()
    response = client.get(url("workspace:activity_delete", pk=frozen.pk))
    assert response.status_code == 302
    free_page = client.get(url("workspace:activity", pk=free.pk)).content.decode()
    assert "tag-locked" not in free_page
    assert url("workspace:activity_edit", pk=free.pk) in free_page
    listing = client.get(url("workspace:activities")).content.decode()
    row = {title: listing.split(title, 1)[1].split("</tr>", 1)[0]
           for title in ("Frozen one", "Free one")}
    assert "tag-locked" in row["Frozen one"] and "tag-locked" not in row["Free one"]


def test_an_english_activitys_page_title_says_so_on_a_french_page(client, initiative, staff_a):
    activity = factories.ActivityFactory(initiative=initiative, title="Evening workshop",
                                         language="en")
    client.force_login(staff_a)
    with translation.override("fr"):
        html = client.get(reverse("workspace:activity", args=[activity.pk])).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert "Evening workshop (en anglais seulement)" in title
