"""The activity form is a plain form: the services decide and save (initiatives/forms.py)."""

from __future__ import annotations

import datetime

import pytest

from initiatives.forms import ActivityForm
from tests import factories


@pytest.mark.django_db
def test_checking_an_edited_activity_changes_nothing_until_the_service_saves(staff_a, org_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    activity = factories.ActivityFactory(
        initiative=initiative, organisation=org_a, date=datetime.date(2021, 5, 1),
        title="Walk", participants=4,
    )
    form = ActivityForm(data={
        "date": "2021-05-02", "initiative": initiative.pk, "kind": "training",
        "title": "Run", "participants": "7", "audience": "youth", "language": "fr",
    }, instance=activity, user=staff_a)
    assert form["title"].initial == "Walk" and form["participants"].initial == 4
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Run" and form.cleaned_data["participants"] == 7
    # Neither the object in hand nor the stored row took the new values.
    assert (activity.title, activity.participants) == ("Walk", 4)
    activity.refresh_from_db()
    assert (activity.title, activity.participants) == ("Walk", 4)


@pytest.mark.django_db
def test_a_new_activitys_form_starts_from_the_models_defaults_and_the_given_initial(
    staff_a, org_a
):
    initiative = factories.InitiativeFactory(lead=org_a)
    form = ActivityForm(user=staff_a, initial={"initiative": initiative.pk})
    assert form["participants"].initial == 0
    assert form["initiative"].initial == initiative.pk
    assert form.instance is None
