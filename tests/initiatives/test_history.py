"""The review history tells the truth: people by name (never a user id), each language of
a translated field on its own, and only the fields that really changed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives import history
from initiatives.models import ProgressUpdate
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(org_a, lead_a):
    lead_a.first_name, lead_a.last_name = "Anne", "Roy"
    lead_a.save()
    period = factories.ReportingPeriodFactory(start=datetime.date(2026, 7, 1),
                                              end=datetime.date(2026, 9, 30),
                                              due=datetime.date(2026, 10, 30))
    initiative = factories.InitiativeFactory(lead=org_a, start=datetime.date(2026, 1, 1),
                                             end=None)
    with translation.override("fr"):
        update = ProgressUpdate(initiative=initiative, period=period,
                                done_fr="Douze ateliers.", done_en="Twelve workshops.")
        update._history_user = lead_a
        update.save()
    return update


def test_a_change_of_one_language_is_shown_as_that_language_only(update, lead_a):
    # Saved again with English active, changing the English text only.
    with translation.override("en"):
        update.done_en = "Fourteen workshops."
        update._history_user = lead_a
        update.save()
    with translation.override("en"):
        latest = history.update_history(update)[0]
        changes = [(str(c.field), c.old, c.new) for c in latest.changes]
    assert changes == [("what was done (English)", "Twelve workshops.", "Fourteen workshops.")]
    assert str(latest.who) == "Anne Roy"


def test_submitted_by_is_a_name_and_the_page_shows_it(client, update, lead_a):
    with translation.override("fr"):
        update.status = ProgressUpdate.Status.SUBMITTED
        update.submitted_by = lead_a
        update._history_user = lead_a
        update.save()
    client.force_login(lead_a)
    with translation.override("en"):
        html = client.get(reverse("workspace:update", args=[update.initiative_id,
                                                            update.period_id])).content.decode()
    section = html[html.index('id="history-heading"'):]
    assert "Anne Roy" in section
    assert f"→ “{lead_a.pk}”" not in section
    assert "submitted by: “—” → “Anne Roy”" in section
    # Unchanged texts are not listed as changes.
    assert "what was done" not in section


def test_who_without_a_person(update):
    record = update.history.latest()
    record.history_user = None
    for reason, shown in ((history.DEMO_REASON, "demo data"),
                          (history.import_reason("agenda.xlsx"), "import"),
                          (history.API_REASON, "API")):
        record.history_change_reason = reason
        with translation.override("en"):
            assert str(history._author_of(record)) == shown
