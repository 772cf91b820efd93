"""The progress update workflow: draft, submit, return with comment, resubmit, approve."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from initiatives import selectors, services
from initiatives.models import Activity, Indicator, ProgressUpdate
from tests import factories
from tests.factories_workspace import DerivedIndicatorFactory, activate_totp

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def coord(coordinator):
    coordinator.preferred_language = "en"
    coordinator.save()
    activate_totp(coordinator)
    return coordinator


@pytest.fixture
def setup(org_a, lead_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    period = factories.ReportingPeriodFactory(
        name="Q1 2021",
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 3, 31),
        due=datetime.date(2021, 4, 30),
    )
    entered = factories.IndicatorFactory(initiative=initiative, name_en="Partners engaged")
    youth = DerivedIndicatorFactory(initiative=initiative, name_en="Youth reached")
    share = DerivedIndicatorFactory(
        initiative=initiative,
        name_en="Sessions in French",
        unit=Indicator.Unit.PERCENT,
        derivation=Indicator.Derivation.SHARE_FRENCH,
    )
    factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 2, 1),
                              participants=12, audience="youth", language="fr")
    factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 3, 1),
                              participants=8, audience="youth", language="en")
    # Outside the period: not counted.
    factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 4, 2),
                              participants=50, audience="youth")
    return {"initiative": initiative, "period": period, "entered": entered, "youth": youth,
            "share": share}


def draft_data(setup, value="7"):
    return {
        "done_fr": "Ateliers tenus.",
        "done_en": "Workshops held.",
        "next_steps_fr": "",
        "next_steps_en": "",
        "challenges_fr": "",
        "challenges_en": "",
        f"value_{setup['entered'].pk}": value,
    }


def public_value(initiative, indicator):
    rows = {row.indicator.pk: row for row in selectors.approved_progress(initiative)}
    return rows[indicator.pk].figure.value


def test_full_workflow(client, setup, staff_a, lead_a, coord,
                       django_capture_on_commit_callbacks):
    initiative, period = setup["initiative"], setup["period"]
    edit = url("workspace:update", initiative_pk=initiative.pk, period_pk=period.pk)
    submit = url("workspace:update_submit", initiative_pk=initiative.pk, period_pk=period.pk)

    # Staff saves a draft.
    client.force_login(staff_a)
    response = client.post(edit, draft_data(setup))
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(initiative=initiative, period=period)
    assert update.status == ProgressUpdate.Status.DRAFT
    assert update.values.get().value == Decimal("7")
    page = client.get(edit)
    assert "Youth reached" in page.content.decode()  # derived values shown beside

    # Staff may not submit.
    assert client.post(submit, draft_data(setup)).status_code == 403
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.DRAFT

    # The lead submits: the coordinator is told, in English.
    client.force_login(lead_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit, draft_data(setup, value="9"))
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.SUBMITTED
    assert update.submitted_by == lead_a
    assert [m.to for m in mail.outbox] == [[coord.email]]
    assert url("coordination:review", "en", pk=update.pk) in mail.outbox[0].body
    assert public_value(initiative, setup["youth"]) is None  # nothing public yet

    # Once submitted, the partner can no longer change it.
    assert client.post(edit, draft_data(setup)).status_code == 400

    # The coordinator returns it without a comment: refused.
    client.force_login(coord)
    response = client.post(url("coordination:return", pk=update.pk), {"comment": " "})
    assert response.status_code == 400
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.SUBMITTED

    # ... then with a comment: the lead is told, in French, with the comment.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("coordination:return", pk=update.pk),
                               {"comment": "Précisez les partenaires."})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.RETURNED
    assert update.review_comment == "Précisez les partenaires."
    assert [m.to for m in mail.outbox] == [[lead_a.email]]
    assert "Précisez les partenaires." in mail.outbox[0].body
    assert url("workspace:update", "fr", initiative_pk=initiative.pk,
               period_pk=period.pk) in mail.outbox[0].body
    assert public_value(initiative, setup["youth"]) is None

    # The partner sees the comment on their home and on the update, and resubmits.
    client.force_login(lead_a)
    assert "Précisez les partenaires." in client.get(url("workspace:home")).content.decode()
    assert "Précisez les partenaires." in client.get(edit).content.decode()
    assert client.post(submit, draft_data(setup, value="10")).status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.SUBMITTED

    # The coordinator approves: derived values are snapshotted and public at once.
    client.force_login(coord)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("coordination:approve", pk=update.pk))
    assert response.status_code == 302
    # The email goes out after commit; public pages need no refresh task (the page cache
    # and the key figures are kept per public version, bumped by the approval).
    assert callbacks
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.APPROVED
    assert update.reviewed_by == coord
    values = {v.indicator_id: v for v in update.values.all()}
    assert values[setup["youth"].pk].value == Decimal(20)
    share = values[setup["share"].pk]
    assert (share.numerator, share.denominator, share.value) == (1, 2, Decimal("50.00"))
    assert public_value(initiative, setup["youth"]) == Decimal(20)
    assert public_value(initiative, setup["entered"]) == Decimal(10)
    assert [m.to for m in mail.outbox] == [[lead_a.email]]

    # A second approval is refused.
    client.post(url("coordination:approve", pk=update.pk))
    assert update.values.count() == 3

    # History: every step, with who did it.
    users = list(update.history.order_by("history_date").values_list("history_user", "status"))
    assert users == [
        (staff_a.pk, "draft"),
        (lead_a.pk, "draft"),
        (lead_a.pk, "submitted"),
        (coord.pk, "returned"),
        (lead_a.pk, "returned"),
        (lead_a.pk, "submitted"),
        (coord.pk, "approved"),
    ]
    page = client.get(url("coordination:review", pk=update.pk)).content.decode()
    assert 'id="history-heading"' in page
    assert "Précisez les partenaires." in page


def test_public_figures_change_only_on_approval(setup, lead_a, coord):
    initiative, period = setup["initiative"], setup["period"]
    update = services.update_save_draft(
        initiative=initiative, period=period, by=lead_a,
        narrative={"done_en": "Done."}, values={setup["entered"].pk: Decimal(5)},
    )
    assert public_value(initiative, setup["entered"]) is None
    services.update_submit(update=update, by=lead_a)
    assert public_value(initiative, setup["entered"]) is None
    services.update_approve(update=update, by=coord)
    assert public_value(initiative, setup["entered"]) == Decimal(5)
    # Activities logged after approval do not change the approved figure.
    factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 2, 3),
                              participants=30, audience="youth")
    assert public_value(initiative, setup["youth"]) == Decimal(20)


def test_submit_requires_every_entered_value(setup, lead_a):
    update = services.update_save_draft(
        initiative=setup["initiative"], period=setup["period"], by=lead_a,
        narrative={"done_en": "Done."}, values={},
    )
    with pytest.raises(services.ValidationError, match="every indicator"):
        services.update_submit(update=update, by=lead_a)


def test_locked_period_refuses_updates_and_activities(client, setup, lead_a, coord):
    initiative, period = setup["initiative"], setup["period"]
    client.force_login(coord)
    # The initiative's update is not started: locking asks first, then locks when confirmed.
    assert client.post(url("coordination:period_lock", pk=period.pk)).status_code == 200
    period.refresh_from_db()
    assert not period.is_locked
    response = client.post(url("coordination:period_lock", pk=period.pk), {"confirm": "1"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.is_locked

    client.force_login(lead_a)
    edit = url("workspace:update", initiative_pk=initiative.pk, period_pk=period.pk)
    response = client.post(edit, draft_data(setup))
    assert response.status_code == 400
    assert "is locked" in response.content.decode()
    assert not ProgressUpdate.objects.exists()

    count = Activity.objects.count()
    response = client.post(url("workspace:activity_create"), {
        "date": "2021-02-10", "initiative": initiative.pk, "kind": "workshop",
        "title": "Late", "participants": "3", "audience": "youth", "language": "fr",
    })
    assert response.status_code == 200
    assert "is locked" in response.content.decode()
    assert Activity.objects.count() == count

    activity = Activity.objects.filter(date=datetime.date(2021, 2, 1)).get()
    response = client.post(url("workspace:activity_delete", pk=activity.pk))
    assert response.status_code == 400
    assert Activity.objects.filter(pk=activity.pk).exists()

    # Reopened: changes are accepted again.
    client.force_login(coord)
    client.post(url("coordination:period_open", pk=period.pk))
    client.force_login(lead_a)
    assert client.post(edit, draft_data(setup)).status_code == 302


def test_history_shows_changed_fields_to_allowed_users_only(client, setup, staff_a, staff_b):
    activity = Activity.objects.filter(date=datetime.date(2021, 2, 1)).get()
    client.force_login(staff_a)
    page = url("workspace:activity", pk=activity.pk)
    response = client.post(url("workspace:activity_edit", pk=activity.pk), {
        "date": "2021-02-01", "initiative": activity.initiative_id, "kind": "workshop",
        "title": "Renamed workshop", "participants": "13", "audience": "youth",
        "language": "fr",
    })
    assert response.status_code == 302
    record = activity.history.latest()
    assert record.history_user == staff_a
    delta = record.diff_against(record.prev_record)
    assert set(delta.changed_fields) >= {"title", "participants"}
    content = client.get(page).content.decode()
    assert "Renamed workshop" in content and 'id="history-heading"' in content
    client.force_login(staff_b)
    assert client.get(page).status_code == 404


def test_submit_points_at_the_missing_value(client, setup, lead_a):
    initiative, period = setup["initiative"], setup["period"]
    submit = url("workspace:update_submit", initiative_pk=initiative.pk, period_pk=period.pk)
    client.force_login(lead_a)
    response = client.post(submit, draft_data(setup, value=""))
    assert response.status_code == 400
    field = f"value_{setup['entered'].pk}"
    assert response.context["form"].errors[field]
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    # The draft button still saves a draft, whatever page the form came back on.
    edit = url("workspace:update", initiative_pk=initiative.pk, period_pk=period.pk)
    assert f'action="{edit}"' in content
    assert not ProgressUpdate.objects.exists()


def test_saved_value_is_shown_as_typed(client, setup, lead_a):
    client.force_login(lead_a)
    address = url("workspace:update", initiative_pk=setup["initiative"].pk,
                  period_pk=setup["period"].pk)
    client.post(address, draft_data(setup, value="5"))
    html = client.get(address).content.decode()
    assert f'name="value_{setup["entered"].pk}" value="5"' in html
