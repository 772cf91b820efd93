"""The dashboard counts obligations in the database, per lead and period
(``obligation_tallies``); the workspace makes an ``Obligation`` of each
from the submission time. Both must say the same thing, to the day, in the portal's time
zone: late by one minute after local midnight, on time one minute before."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.conf import settings

from initiatives.models import ProgressUpdate
from initiatives.selectors import (
    Obligation,
    late_obligations,
    obligation_tallies,
    outstanding_obligations,
    reporting_obligations,
)
from portal.dashboard.selectors import CompletenessRow, DashboardFilters, dashboard_completeness
from tests import factories

pytestmark = pytest.mark.django_db

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
TODAY = datetime.date(2021, 11, 15)


def local(day: str, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LOCAL)


@pytest.fixture
def owed(org_a, org_b):
    q1, q2, q3, q4 = (
        factories.ReportingPeriodFactory(start=datetime.date(2021, m, 1), end=end, due=due)
        for m, end, due in (
            (1, datetime.date(2021, 3, 31), datetime.date(2021, 4, 30)),
            (4, datetime.date(2021, 6, 30), datetime.date(2021, 7, 30)),
            (7, datetime.date(2021, 9, 30), datetime.date(2021, 11, 30)),  # over, not yet due
            (10, datetime.date(2021, 12, 31), datetime.date(2022, 1, 30)),  # not over
        )
    )
    cases = [
        # Around local midnight of the due date (UTC is 4 or 5 hours ahead).
        ("approved", local("2021-04-30", 23, 59)),
        ("approved", local("2021-05-01", 0, 1)),
        ("submitted", local("2021-04-30", 22, 30)),
        ("submitted", local("2021-05-01", 0, 30)),
        ("approved", None),  # recorded outside the portal: on time
        ("returned", local("2021-04-10", 12, 0)),
        ("draft", None),
        (None, None),  # no update at all
    ]
    initiatives = []
    for index, (status, submitted_at) in enumerate(cases):
        initiative = factories.InitiativeFactory(
            lead=org_a if index % 2 else org_b, start=datetime.date(2021, 1, 1),
            end=None if index % 3 else datetime.date(2021, 6, 30),
        )
        initiatives.append(initiative)
        for period in (q1, q2, q3, q4):
            if status is not None:
                factories.ProgressUpdateFactory(initiative=initiative, period=period,
                                                status=status, submitted_at=submitted_at)
    return initiatives, [q1, q2, q3, q4]


def test_the_database_and_python_readings_agree(owed):
    """The tallies counted by the database equal the obligations made one by one in Python,
    per lead and period; so do the overdue and late ones the database lists."""
    initiatives, periods = owed
    made = reporting_obligations(initiatives=initiatives, periods=periods, today=TODAY)
    for obligation in made:
        # The standing worked out from the submission time, without any shortcut.
        fresh = Obligation(obligation.initiative, obligation.period, obligation.status,
                           obligation.submitted_at, TODAY)
        assert obligation.standing == fresh.standing
    expected: dict[tuple[int, int], list[int]] = {}
    for o in made:
        row = expected.setdefault((o.initiative.lead_id, o.period.pk), [0] * 6)
        for index, flag in enumerate((True, o.is_submitted, o.is_on_time, o.is_approved,
                                      o.is_missing, o.is_pending)):
            row[index] += flag
    tallies = obligation_tallies(initiatives=initiatives, periods=periods, today=TODAY)
    assert {
        (t.lead_id, t.period.pk): [t.owed, t.submitted, t.on_time, t.approved, t.missing,
                                   t.pending]
        for t in tallies
    } == expected
    missing = outstanding_obligations(initiatives=initiatives, periods=periods, today=TODAY)
    assert sorted((o.initiative.pk, o.period.pk, o.status, o.submitted_at) for o in missing) == (
        sorted((o.initiative.pk, o.period.pk, o.status, o.submitted_at) for o in made
               if o.is_missing)
    )
    late = late_obligations(initiatives=initiatives, periods=periods, today=TODAY)
    assert sorted((o.initiative.pk, o.period.pk) for o in late) == sorted(
        (o.initiative.pk, o.period.pk) for o in made if o.is_late
    )
    on_time = {o.submitted_at for o in made if o.is_on_time and o.period == periods[0]}
    late_times = {o.submitted_at for o in made if o.is_late and o.period == periods[0]}
    assert local("2021-04-30", 23, 59) in on_time and local("2021-04-30", 22, 30) in on_time
    assert None in on_time
    assert late_times == {local("2021-05-01", 0, 1), local("2021-05-01", 0, 30)}
    assert any(o.is_pending for o in made) and any(o.is_missing for o in made)
    assert any(not o.is_expected for o in made)


def test_dashboard_counts_are_those_of_the_obligations(owed, coordinator):
    initiatives, periods = owed
    result = dashboard_completeness(viewer=coordinator, filters=DashboardFilters(plan=None),
                                    initiatives=initiatives, today=TODAY, with_late=True)
    expected_total = CompletenessRow("")
    by_org: dict[int, CompletenessRow] = {}
    ended = [p for p in periods if p.end < TODAY]
    made = reporting_obligations(initiatives=initiatives, periods=ended, today=TODAY)
    for obligation in made:
        # Counted one by one from each Obligation's own flags.
        flags = (obligation.is_expected, obligation.is_submitted, obligation.is_on_time,
                 obligation.is_late, obligation.is_approved, obligation.is_missing,
                 obligation.is_pending)
        if not obligation.is_expected:
            continue
        expected_total.add_figures(flags)
        by_org.setdefault(obligation.initiative.lead_id, CompletenessRow("")).add_figures(flags)

    def counts(row):
        return (row.expected, row.submitted, row.on_time, row.late, row.approved, row.missing,
                row.pending)

    assert counts(result.total) == counts(expected_total)
    assert {r.organisation.pk: counts(r) for r in result.by_organisation} == {
        pk: counts(r) for pk, r in by_org.items()
    }
    assert sorted((o.obligation.initiative.pk, o.obligation.period.pk, o.obligation.status,
                   o.obligation.submitted_at) for o in result.overdue) == sorted(
        (o.initiative.pk, o.period.pk, o.status, o.submitted_at) for o in made if o.is_missing
    )
    assert sorted((o.initiative.pk, o.period.pk, o.submitted_at) for o in result.late) == sorted(
        (o.initiative.pk, o.period.pk, o.submitted_at) for o in made if o.is_late
    )
    assert ProgressUpdate.objects.exists()
