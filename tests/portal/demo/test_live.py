"""The demo lives in the present: loaded on a day, the current plan has periods through that
day's quarter, a plausible mix of on-time, late, returned and overdue updates, events in
the weeks around it; loaded again a year later, the live part moves forward without
duplicates. The clock is frozen at two dates a year apart; the demo is loaded once for the
module (about 15 s per load) and what each day shows is read under that day's clock."""

from __future__ import annotations

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from initiatives.models import Activity, Event, Initiative, ProgressUpdate, ReportingPeriod
from initiatives.selectors import approved_progress
from partners.models import User
from portal.dashboard.selectors import DashboardFilters, dashboard_completeness
from portal.demo import data as content
from portal.demo.loader import demo_load, live_calendar, quarter_name, quarter_shift
from priorities.models import Plan

# (Marked so that pytest-django sets the test database up; the module's fixture loads it.)
pytestmark = pytest.mark.django_db

OTTAWA = ZoneInfo("America/Toronto")
DAYS = [datetime.date(2026, 11, 20), datetime.date(2027, 11, 22)]


def what_the_day_shows(today: datetime.date) -> dict:
    calendar = live_calendar(today)
    coordinator = User.objects.get(email=content.COORDINATOR)
    completeness = dashboard_completeness(viewer=coordinator, filters=DashboardFilters(plan=None),
                                          today=today, with_late=True)
    live = Initiative.objects.filter(slug_en__in=[s["slug_en"] for s in content.LIVE_INITIATIVES])
    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=OTTAWA)
    plans = {}
    for plan in Plan.objects.all():
        initiatives = Initiative.objects.filter(priority_areas__plan=plan).distinct()
        with_figures = set()
        for initiative in initiatives:
            if initiative.start.year < 2023:
                continue  # the 2021-2022 plan's own
            if any(row.figure.is_shown and row.figure.value for row in
                   approved_progress(initiative)):
                with_figures.add(initiative.slug_en)
        plans[plan.slug_en] = with_figures
    current_start = ReportingPeriod.objects.order_by("-start").first()
    return {
        "calendar": calendar,
        "last_period": (current_start.start, current_start.end),
        "open_periods": sorted(
            ReportingPeriod.objects.filter(is_locked=False).values_list("name", flat=True)),
        "overdue": sorted((o.obligation.initiative.slug_en, o.obligation.period.name)
                          for o in completeness.overdue),
        "late": sorted((o.initiative.slug_en, o.period.name) for o in completeness.late),
        "closed": completeness.total.closed,
        "reviewed_statuses": Counter(ProgressUpdate.objects.filter(
            initiative__in=live, period__name=calendar.reviewed).values_list("status", flat=True)),
        "approved_live": ProgressUpdate.objects.filter(
            initiative__in=live, status=ProgressUpdate.Status.APPROVED).count(),
        "live_updates": list(ProgressUpdate.objects.filter(initiative__in=live).values_list(
            "initiative__slug_en", "period__name", "period__start", "initiative__start")),
        "activities_this_quarter": Activity.objects.filter(
            initiative__in=live, date__gte=current_start.start, date__lt=today).count(),
        "activities_before_start": sum(
            Activity.objects.filter(initiative=i, date__lt=i.start).count() for i in live),
        "upcoming_events": Event.objects.filter(
            start__gt=now, start__lt=now + datetime.timedelta(days=35)).count(),
        "recent_events": Event.objects.filter(
            start__lt=now, start__gt=now - datetime.timedelta(days=35)).count(),
        "initiatives": Initiative.objects.count(),
        "plans": plans,
    }


@pytest.fixture(scope="module")
def days(django_db_setup, django_db_blocker):
    """The demo loaded on the first day, then again on the second (a year later), each
    read under its own clock."""
    shown = {}
    with django_db_blocker.unblock():
        try:
            for day in DAYS:
                moment = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=OTTAWA)
                with time_machine.travel(moment, tick=False):
                    demo_load()
                    shown[day] = what_the_day_shows(day)
            yield shown
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize("day", DAYS)
def test_periods_reach_the_current_quarter(days, day):
    shown = days[day]
    calendar = shown["calendar"]
    assert calendar.current == quarter_name(day)
    start, end = shown["last_period"]
    assert start <= day <= end
    # Only the last due quarter and today's are open; the 2021-2022 plan's are all closed.
    assert shown["open_periods"] == sorted({calendar.reviewed, *calendar.between,
                                            calendar.current})
    # Activities are being logged this quarter; none before an initiative began.
    assert shown["activities_this_quarter"] > 0
    assert shown["activities_before_start"] == 0


@pytest.mark.parametrize("day", DAYS)
def test_the_overdue_list_holds_only_the_planned_cases(days, day):
    shown = days[day]
    reviewed = shown["calendar"].reviewed
    # Not started, a draft, and the returned one (not sent again): nothing of the history.
    assert shown["overdue"] == sorted([
        (content.LIVE_OVERDUE_NOT_STARTED, reviewed),
        (content.LIVE_OVERDUE_DRAFT, reviewed),
        (content.LIVE_RETURNED, reviewed),
    ])
    # One approved late, in the quarter before.
    assert shown["late"] == [(content.LIVE_LATE, quarter_shift(reviewed, -1))]
    statuses = shown["reviewed_statuses"]
    assert statuses[ProgressUpdate.Status.SUBMITTED] == 1
    assert statuses[ProgressUpdate.Status.RETURNED] == 1
    assert statuses[ProgressUpdate.Status.DRAFT] == 1
    assert statuses[ProgressUpdate.Status.APPROVED] == len(content.LIVE_INITIATIVES) - 4
    # What the 2021-2022 plan left unreported is closed, not overdue.
    assert shown["closed"] > 0


@pytest.mark.parametrize("day", DAYS)
def test_events_around_today(days, day):
    assert days[day]["upcoming_events"] >= 3
    assert days[day]["recent_events"] >= 1


@pytest.mark.parametrize("day", DAYS)
def test_both_plans_have_current_initiatives_with_approved_figures(days, day):
    plans = days[day]["plans"]
    assert len(plans["strategic-direction-2027"]) == len(content.LIVE_INITIATIVES)
    # Today's initiatives that also serve a priority area of the 2021-2022 plan count there.
    assert len(plans["strategic-plan-2021-2022"]) >= 3


def test_a_later_load_moves_the_live_part_forward_without_duplicates(days):
    first, second = (days[day] for day in DAYS)
    assert first["initiatives"] == second["initiatives"]
    assert second["calendar"].reviewed > first["calendar"].reviewed
    for shown in (first, second):
        keys = [(slug, period) for slug, period, *_ in shown["live_updates"]]
        assert len(keys) == len(set(keys))
        # Every update is of a period the initiative runs in, and before today's quarter.
        for _slug, period, period_start, initiative_start in shown["live_updates"]:
            assert period_start >= initiative_start
            assert period < shown["calendar"].current
        # One update per past quarter, less the one not started.
        expected = sum(spec["quarters"] for spec in content.LIVE_INITIATIVES) - 1
        assert len(keys) == expected
    assert second["approved_live"] == first["approved_live"]


@pytest.mark.parametrize("today, reviewed, between", [
    (datetime.date(2026, 10, 15), "2026-Q2", ["2026-Q3"]),  # Q3 over, due 30 October
    (datetime.date(2026, 10, 31), "2026-Q3", []),
    (datetime.date(2027, 1, 5), "2026-Q3", ["2026-Q4"]),
])
def test_the_live_calendar(today, reviewed, between):
    calendar = live_calendar(today)
    assert (calendar.reviewed, calendar.between) == (reviewed, between)
