"""Progress updates: the first save of a draft, and the periods an initiative runs in."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from initiatives import services
from initiatives.models import ProgressUpdate
from tests import factories
from tests.conftest import skip_or_fail

Q1 = dict(start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31),
          due=datetime.date(2021, 4, 30))



@pytest.mark.django_db(transaction=True)
def test_two_first_saves_of_a_draft_at_once_both_succeed(org_a, lead_a, staff_a):
    if connection.vendor != "postgresql":
        skip_or_fail("the race needs PostgreSQL's row locks (DATABASE_URL=postgres://...)")
    initiative = factories.InitiativeFactory(lead=org_a)
    period = factories.ReportingPeriodFactory(**Q1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    original = services._locked_update
    local = threading.local()

    def slow_locked_update(*args):
        found = original(*args)
        if not getattr(local, "waited", False):
            local.waited = True
            barrier.wait(timeout=10)  # both requests have seen "no update yet"
        return found

    def save(user, text):
        try:
            services.update_save_draft(initiative=initiative, period=period, by=user,
                                       narrative={"done_en": text}, values={})
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    services._locked_update = slow_locked_update
    try:
        threads = [threading.Thread(target=save, args=(user, text))
                   for user, text in ((lead_a, "first"), (staff_a, "second"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        services._locked_update = original
    assert outcomes == ["ok", "ok"]
    assert ProgressUpdate.objects.filter(initiative=initiative, period=period).count() == 1


@pytest.mark.django_db
def test_no_update_for_a_period_the_initiative_does_not_run_in(org_a, lead_a):
    initiative = factories.InitiativeFactory(lead=org_a, start=datetime.date(2022, 1, 1))
    before = factories.ReportingPeriodFactory(**Q1)
    # The message in English (it ran after tests that left English active, in the file it
    # came from).
    with translation.override("en"), pytest.raises(ValidationError, match="does not run during"):
        services.update_save_draft(initiative=initiative, period=before, by=lead_a,
                                   narrative={"done_en": "Nothing"}, values={})
    assert not ProgressUpdate.objects.exists()
