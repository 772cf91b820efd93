"""The approved activity totals the home page adds up (``initiatives.totals``): after every
kind of write that changes what is approved, the kept rows equal a recount from the
activities, and the home page shows the recount's figures."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import services, totals
from initiatives.imports.services import write_rows
from initiatives.models import Activity, ApprovedActivityTotal, ProgressUpdate
from initiatives.selectors import approved_activities, key_figures
from tests import factories

pytestmark = pytest.mark.django_db

APPROVED = ProgressUpdate.Status.APPROVED


def assert_kept_equals_recount() -> None:
    recounted = totals.recount()
    assert totals.kept() == recounted
    # ...and the home page's figures equal the count over the activities themselves.
    figures = key_figures()
    direct = approved_activities()
    assert figures["activities"] == direct.count()
    assert figures["participants"] == sum(direct.values_list("participants", flat=True))


@pytest.fixture
def world():
    initiative = factories.InitiativeFactory()
    other = factories.InitiativeFactory(lead=initiative.lead)
    q1 = factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                          end=datetime.date(2021, 3, 31))
    q2 = factories.ReportingPeriodFactory(start=datetime.date(2021, 4, 1),
                                          end=datetime.date(2021, 6, 30))
    factories.ActivityFactory.create_batch(3, initiative=initiative, participants=20,
                                           date=datetime.date(2021, 2, 1))
    factories.ActivityFactory(initiative=initiative, participants=7,
                              date=datetime.date(2021, 5, 1))
    factories.ActivityFactory(initiative=other, participants=11, date=datetime.date(2021, 2, 3))
    submitted = factories.ProgressUpdateFactory(initiative=initiative, period=q1,
                                                status=ProgressUpdate.Status.SUBMITTED)
    approved = factories.ProgressUpdateFactory(initiative=other, period=q1, status=APPROVED)
    return {"initiative": initiative, "other": other, "q1": q1, "q2": q2,
            "submitted": submitted, "approved": approved}


def test_an_approval_adds_its_quarter(world, coordinator):
    assert totals.kept() == {(world["other"].pk, world["q1"].pk): (1, 11)}
    services.update_approve(update=world["submitted"], by=coordinator)
    assert totals.kept()[world["initiative"].pk, world["q1"].pk] == (3, 60)
    assert_kept_equals_recount()


def test_a_return_keeps_a_submitted_update_out(world, coordinator):
    services.update_return(update=world["submitted"], by=coordinator, comment="More detail.")
    assert (world["initiative"].pk, world["q1"].pk) not in totals.kept()
    assert_kept_equals_recount()


def test_reopening_an_approved_update_takes_its_quarter_out(world):
    update = world["approved"]
    update.status = ProgressUpdate.Status.DRAFT  # as the admin can
    update.save()
    assert totals.kept() == {}
    assert_kept_equals_recount()


def test_moving_an_approved_update_to_another_initiative_or_period(world):
    update = world["approved"]
    update.period = world["q2"]
    update.save()
    assert totals.kept() == {(world["other"].pk, world["q2"].pk): (0, 0)}
    update.initiative = world["initiative"]
    update.save()
    assert totals.kept() == {(world["initiative"].pk, world["q2"].pk): (1, 7)}
    assert_kept_equals_recount()


def test_deleting_an_approved_update(world):
    world["approved"].delete()
    assert totals.kept() == {}
    assert_kept_equals_recount()


def test_an_activity_created_edited_moved_and_deleted_in_an_approved_quarter(world):
    other, q1 = world["other"], world["q1"]
    # As the admin can (the services refuse it): the totals follow anyway.
    activity = factories.ActivityFactory(initiative=other, participants=4,
                                         date=datetime.date(2021, 3, 1))
    assert totals.kept()[other.pk, q1.pk] == (2, 15)
    activity.participants = 40
    activity.save()
    assert totals.kept()[other.pk, q1.pk] == (2, 51)
    activity.date = datetime.date(2021, 4, 2)  # out of the approved quarter
    activity.save()
    assert totals.kept()[other.pk, q1.pk] == (1, 11)
    activity.date = datetime.date(2021, 1, 2)
    activity.initiative = world["initiative"]  # to another initiative: its quarter is not
    activity.save()                            # approved
    assert totals.kept()[other.pk, q1.pk] == (1, 11)
    activity.initiative = other
    activity.save()
    assert totals.kept()[other.pk, q1.pk] == (2, 51)
    activity.delete()
    assert totals.kept()[other.pk, q1.pk] == (1, 11)
    Activity.objects.filter(initiative=other).delete()  # a queryset's deletion too
    assert totals.kept()[other.pk, q1.pk] == (0, 0)
    assert_kept_equals_recount()


def test_activities_through_the_services_in_an_open_quarter(world, staff_a, org_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    activity = services.activity_create(
        by=staff_a, initiative=initiative, organisation_id=org_a.pk,
        date=datetime.date(2021, 5, 2), kind="workshop", title="Open day", participants=9,
        audience="youth", language="fr")
    services.activity_update(activity=activity, by=staff_a, participants=10)
    assert_kept_equals_recount()
    services.activity_delete(activity=activity, by=staff_a)
    assert_kept_equals_recount()


def test_an_import_written_in_bulk_keeps_the_totals(world, staff_a):
    other = world["other"]
    rows = [
        {"initiative": other, "organisation_id": other.lead_id, "date": datetime.date(2021, 3, d),
         "kind": "workshop", "title": f"Imported {d}", "participants": d, "audience": "youth",
         "language": "fr", "neighbourhood": "", "notes": ""}
        for d in (1, 2, 3)
    ]
    assert write_rows(rows, by=staff_a, file_name="activities.csv") == 3
    assert totals.kept()[other.pk, world["q1"].pk] == (4, 17)
    assert_kept_equals_recount()


def test_a_period_given_other_dates(world):
    q1 = world["q1"]
    q1.end = datetime.date(2021, 2, 2)
    q1.save()
    assert totals.kept() == {(world["other"].pk, q1.pk): (0, 0)}
    assert_kept_equals_recount()


def test_deleting_an_initiative_takes_its_totals(world):
    world["other"].delete()
    assert totals.kept() == {}
    assert_kept_equals_recount()


def test_an_unpublished_initiative_leaves_the_home_page_figures(world):
    assert key_figures()["participants"] == 11
    world["other"].is_public = False
    world["other"].save()
    assert key_figures()["participants"] == 0
    assert_kept_equals_recount()


def test_the_rebuild_command_rewrites_and_checks(world):
    ApprovedActivityTotal.objects.update(participants=999)
    with pytest.raises(CommandError, match="1 approved updates have wrong totals"):
        call_command("rebuild_activity_totals", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rebuild_activity_totals", stdout=out)
    assert "1 approved activity totals rewritten" in out.getvalue()
    call_command("rebuild_activity_totals", "--check", stdout=out)
    assert "1 approved activity totals match a recount" in out.getvalue()
    assert_kept_equals_recount()


def test_the_key_figures_take_the_same_queries_whatever_the_activities(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            key_figures()
        return len(captured)

    before = queries()
    factories.ActivityFactory.create_batch(20, initiative=world["other"],
                                           date=datetime.date(2021, 3, 5))
    assert queries() == before == 3


def test_saving_an_activity_outside_approved_quarters_costs_one_query(world):
    activity = Activity.objects.get(initiative=world["initiative"], participants=7)
    with CaptureQueriesContext(connection) as captured:
        totals.refresh_activities([(activity.initiative_id, activity.date)])
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1
