"""The periodic jobs of Celery beat, run in the embedded set-up (``make run``).

Without a broker there is no beat: ``manage.py run_schedule`` (which ``make run`` starts
beside the dev server and stops with it) runs the same entries of
``CELERY_BEAT_SCHEDULE``, at the same times, with Celery's own schedule objects (an
interval, or a crontab in ``CELERY_TIMEZONE``). Each job runs in this process, as the
embedded set-up runs every task (``CELERY_TASK_ALWAYS_EAGER``).

Like beat, a job is first due one interval after the scheduler starts (a crontab at its
next time); ``manage.py run_schedule --now NAME`` runs one at once (a demo's reminders).
"""

from __future__ import annotations

import datetime
import importlib
import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections

logger = logging.getLogger("portal.schedule")


def _app():
    """The project's Celery app (``config.celery``, made current when Django starts)."""
    from celery import current_app

    return current_app


def run_task(task_name: str) -> Any:
    """Run the task named ``task_name`` ("portal.reports.tasks.send_update_reminders") here
    and now, as a worker would; its result, or None when it failed (logged)."""
    task = _task(task_name)
    _tidy_connections()
    try:
        result = task.apply()
        if result.failed():
            logger.error("Scheduled job %s failed: %s", task_name, result.result)
            return None
        logger.info("Scheduled job %s ran: %s", task_name, result.result)
        return result.result
    finally:
        _tidy_connections()


def _tidy_connections() -> None:
    """What Django does around a request: drop a connection that is broken or past its
    age, so a long-running scheduler does not hold one for ever (never one inside a
    transaction, as a caller's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _task(task_name: str):
    """The task registered under ``task_name`` (its name may outlive a move of its module),
    else the function at that dotted path."""
    app = _app()
    app.loader.import_default_modules()  # autodiscovery: every app's tasks module
    if task_name in app.tasks:
        return app.tasks[task_name]
    module_name, _, attribute = task_name.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


@dataclass
class Entry:
    name: str
    task: str
    schedule: Any  # a celery.schedules.schedule or crontab
    last_run_at: datetime.datetime


class Scheduler:
    """The beat schedule's entries and when each last ran; :meth:`tick` runs those due."""

    def __init__(self, schedule: dict | None = None, now: datetime.datetime | None = None):
        from celery.schedules import maybe_schedule

        app = _app()
        start = now or app.now()
        beat = settings.CELERY_BEAT_SCHEDULE if schedule is None else schedule
        self.entries = [
            Entry(name, spec["task"], maybe_schedule(spec["schedule"], app=app), start)
            for name, spec in beat.items()
        ]

    def tick(self, now: datetime.datetime | None = None) -> tuple[list[str], float]:
        """Run every entry that is due; the names run, and the seconds until the next."""
        ran = []
        wait = 60.0
        for entry in self.entries:
            due, next_in = entry.schedule.is_due(entry.last_run_at)
            if due:
                entry.last_run_at = now or _app().now()
                run_task(entry.task)
                ran.append(entry.name)
                due, next_in = entry.schedule.is_due(entry.last_run_at)
            wait = min(wait, max(float(next_in), 1.0))
        return ran, wait

    def run(self, stop: threading.Event) -> None:
        """Tick until ``stop`` is set."""
        names = ", ".join(entry.name for entry in self.entries)
        logger.info("Embedded schedule started: %s", names)
        while not stop.is_set():
            try:
                _, wait = self.tick()
            except Exception:  # noqa: BLE001 - one bad job must not stop the others
                logger.exception("Embedded schedule: a tick failed")
                wait = 60.0
            stop.wait(wait)
