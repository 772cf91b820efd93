"""The embedded set-up (`make run`, no broker) runs beat's periodic jobs at beat's times:
the daily reminders at 7:00 in Ottawa, and the workspace lists what was sent."""

from __future__ import annotations

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from portal.embedded_schedule import Scheduler
from portal.reports.models import Reminder
from tests import factories

pytestmark = pytest.mark.django_db

OTTAWA = ZoneInfo("America/Toronto")


def at(hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 2, hour, minute, second, tzinfo=OTTAWA)


@pytest.fixture
def owing(org_a, lead_a):
    period = factories.ReportingPeriodFactory(start=datetime.date(2026, 7, 1),
                                              end=datetime.date(2026, 9, 30),
                                              due=datetime.date(2026, 10, 30))
    return factories.InitiativeFactory(lead=org_a, title_en="Youth workshops",
                                       start=datetime.date(2026, 1, 1), end=None), period


def test_the_schedule_is_beats(owing):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the embedded set-up: no broker, no beat
    names = {entry.name: entry.task for entry in Scheduler(now=at(6, 0)).entries}
    assert names == {name: spec["task"] for name, spec in settings.CELERY_BEAT_SCHEDULE.items()}


def test_reminders_run_at_seven_and_the_workspace_lists_them(
    owing, client, staff_a, django_capture_on_commit_callbacks,
):
    with time_machine.travel(at(6, 58), tick=False):
        scheduler = Scheduler()
    with time_machine.travel(at(6, 59, 30), tick=False):
        ran, _ = scheduler.tick()
    assert "send-update-reminders" not in ran
    assert not Reminder.objects.exists()
    with time_machine.travel(at(7, 0, 30), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        ran, wait = scheduler.tick()
    assert "send-update-reminders" in ran
    assert "send-pending-emails" in ran  # the outbox sweep, every minute
    assert wait <= 60
    reminder = Reminder.objects.get()
    assert reminder.stage == Reminder.Stage.OVERDUE
    # Once a day: not again at the next tick.
    with time_machine.travel(at(7, 5), tick=False):
        ran, _ = scheduler.tick()
    assert "send-update-reminders" not in ran
    client.force_login(staff_a)
    with translation.override("en"):
        html = client.get(reverse("workspace:home")).content.decode()
    assert "Reminders sent to your organisation" in html and "Youth workshops" in html


def test_a_job_can_be_run_now_for_a_demo(owing, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_schedule", now="send-update-reminders", stdout=out)
    assert "send-update-reminders" in out.getvalue()
    assert Reminder.objects.filter(initiative=owing[0]).exists()
