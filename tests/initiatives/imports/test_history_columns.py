"""The import's COPY (PostgreSQL) writes the columns the models define, not a hand-kept list
(initiatives/imports/services.py): the activity table's and its simple-history table's."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from initiatives.imports import services
from initiatives.models import Activity
from tests import factories


def _table_columns(model) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(
            cursor, model._meta.db_table)}


@pytest.mark.django_db
def test_the_import_writes_every_column_of_the_activity_table_and_of_its_history():
    activity = [f.column for f in services.activity_fields()]
    history = [f.column for f in services.history_fields()]
    assert len(set(activity)) == len(activity) and len(set(history)) == len(history)
    assert set(activity) == _table_columns(Activity), (
        "The activity table's columns are not the ones the import's COPY writes."
    )
    # All the history's columns but its own serial id, which the database draws.
    assert set(history) == _table_columns(Activity.history.model) - {"history_id"}, (
        "The activity history table's columns are not the ones the import's COPY writes."
    )
    assert set(activity) < set(history)


def _rows(initiative, organisation, count: int) -> list[dict]:
    return [
        {"date": datetime.date(2021, 5, 1 + i), "initiative": initiative, "kind": "training",
         "title": f"Walk {i}", "participants": i, "audience": "youth", "language": "fr",
         "neighbourhood": "Vanier" if i else "", "notes": "", "organisation_id": organisation.pk}
        for i in range(count)
    ]


@pytest.mark.django_db
def test_each_imported_activity_has_one_history_row_equal_to_it_column_by_column(
    staff_a, org_a
):
    initiative = factories.InitiativeFactory(lead=org_a)
    assert services.write_rows(_rows(initiative, org_a, 3), by=staff_a, file_name="walks.csv") == 3
    activities = list(Activity.objects.filter(initiative=initiative).order_by("date"))
    assert [a.title for a in activities] == ["Walk 0", "Walk 1", "Walk 2"]
    for activity in activities:
        entry = activity.history.get()
        for f in services.activity_fields():
            assert getattr(entry, f.attname) == getattr(activity, f.attname), f.name
        assert (entry.history_type, entry.history_user_id) == ("+", staff_a.pk)
        assert entry.history_change_reason.endswith("walks.csv")
        assert activity.logged_by_id == staff_a.pk and activity.organisation_id == org_a.pk


def test_a_column_the_import_has_no_value_for_is_named_rather_than_written_empty():
    initiative, organisation = Activity(), Activity()  # stand-ins with a pk
    initiative.pk = organisation.pk = 1
    sample = _rows(initiative, organisation, 1)[0]
    fixed = {"created_at": None, "updated_at": None, "logged_by_id": None}
    record = services._activity_record(sample, fixed)(sample, 42)
    by_column = dict(zip((f.attname for f in services.activity_fields()), record, strict=True))
    assert by_column["id"] == 42 and by_column["initiative_id"] == 1
    assert by_column["title"] == "Walk 0"
    del sample["title"]
    with pytest.raises(LookupError, match="Activity.title"):
        services._activity_record(sample, fixed)
    history = services._history_record({"history_date": None, "history_change_reason": "r",
                                         "history_type": "+", "history_user_id": 7})(record)
    assert len(history) == len(services.history_fields())
    with pytest.raises(LookupError, match="history_type"):
        services._history_record({"history_date": None, "history_change_reason": "r",
                                  "history_user_id": 7})
