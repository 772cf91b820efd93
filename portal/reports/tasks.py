"""Celery tasks of the reports: each takes ids, claims its rows and calls a service."""

from __future__ import annotations

import logging
import threading

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, connections
from kombu.exceptions import OperationalError as BrokerError

from initiatives.models import ReportingPeriod
from portal.core.queue import publish

from . import reminders, services
from .models import ProgressReport

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)


# ignore_result: the row is the job's state and nobody reads a result; with a result
# store, sending the job would first subscribe to it, which retries for about 20 s when
# Redis is down, so the request page would hang instead of failing fast.
@shared_task(bind=True, acks_late=True, soft_time_limit=240, time_limit=300, max_retries=3,
             reject_on_worker_lost=True, ignore_result=True)
def compile_report(self, report_id: int) -> str:
    """Compile one report. Safe to deliver twice: only the delivery that claims the row
    works; the others return at once."""
    try:
        report = services.report_claim(report_id=report_id)
    except TRANSIENT as error:
        # Nothing was claimed (the claim is one transaction): the job tries again.
        _drop_broken_connection()
        logger.warning("report %s: could not claim it, retrying: %r", report_id, error)
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    if report is None:
        return "skipped"
    try:
        services.report_compile(report=report)
    except services.ReportFailure as failure:
        services.report_fail(report=report, code=failure.code, detail=failure.detail)
        return "failed"
    except SoftTimeLimitExceeded:
        services.report_fail(report=report, code="timeout", detail="soft time limit")
        return "failed"
    except TRANSIENT as error:
        # A database or broker hiccup: back in the queue, and try again with backoff.
        _drop_broken_connection()
        services.report_release(report_id=report_id)
        if self.request.retries >= self.max_retries:
            services.report_fail(report=report, code="unexpected", detail=repr(error))
            return "failed"
        logger.warning("report %s: transient failure, retrying: %r", report_id, error)
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    except Exception as error:
        logger.exception("report %s failed", report_id)
        services.report_fail(report=report, code="unexpected", detail=repr(error))
        return "failed"
    return "ready"


def _drop_broken_connection() -> None:
    """After a database error the connection may be dead (the server restarted, or closed
    it): drop it, so that the next query opens a new one instead of failing at once."""
    if connection.connection is not None and not connection.is_usable():
        connection.close()


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_stale_reports() -> dict[str, list[int]]:
    """Beat: requeue (once) or fail the reports whose worker died."""
    return services.reports_sweep()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5, soft_time_limit=60,
             time_limit=90)
def schedule_period_reports(period_id: int) -> list[int]:
    """After a period is locked: the quarterly report of each priority area."""
    period = ReportingPeriod.objects.filter(pk=period_id, is_locked=True).first()
    if period is None:
        return []
    return [r.pk for r in services.reports_schedule_for_period(period=period)]


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5, soft_time_limit=120,
             time_limit=180)
def send_update_reminders() -> dict[str, int]:
    """Beat, daily: remind leads of updates due within 7 days, and of overdue ones."""
    return reminders.reminders_send()


def enqueue_compile(report: ProgressReport) -> None:
    """Send the compile job to the broker now, failing fast (no retry loop in a request).

    Without a broker (``make run``: tasks run in-process), the job runs in a background
    thread of this process instead, so the page that asked for it answers at once and its
    progress can be followed (``REPORTS_IN_BACKGROUND``).
    """
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.REPORTS_IN_BACKGROUND:
        def run() -> None:
            try:
                compile_report.apply((report.pk,))
            finally:
                connections.close_all()

        threading.Thread(target=run, name=f"report-{report.pk}", daemon=True).start()
        return
    publish(compile_report, (report.pk,))
