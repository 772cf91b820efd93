"""Writes of the compiled progress reports: request, claim, compile, fail, sweep, schedule.

Services never import tasks at module level: the task that compiles a report is imported
inside :func:`report_enqueue`, which is called once the report's row is committed.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Initiative, ReportingPeriod
from partners.models import Organisation, User
from portal.core.heartbeat import beating, is_late
from portal.reports.models import ProgressReport, ReportFile
from priorities.models import Plan, PriorityArea

from . import notifications, render
from .snapshot import checksum, gather

logger = logging.getLogger(__name__)

# What a report is doing, for its progress bar (in the reader's language).
STEPS = {
    "queued": gettext_lazy("Waiting for a worker"),
    "gathering": gettext_lazy("Gathering the approved figures"),
    "pdf": gettext_lazy("Writing the PDF"),
    "xlsx": gettext_lazy("Writing the spreadsheet"),
    "saving": gettext_lazy("Saving the files"),
    "done": gettext_lazy("Ready"),
}

# Why a report failed, in the reader's language; the technical detail goes to the logs.
ERRORS = {
    "no_periods": gettext_lazy("No reporting period was chosen."),
    "no_data": gettext_lazy("There is nothing to report for this scope and these periods."),
    "timeout": gettext_lazy("Compiling took too long and was stopped. Try again; if it "
                            "fails again, choose fewer periods or a smaller scope."),
    "worker_lost": gettext_lazy("The worker compiling this report stopped twice before it "
                                "finished. Try again in a few minutes."),
    "render": gettext_lazy("The files could not be written. The technical team has the "
                           "details; try again later."),
    "unexpected": gettext_lazy("Something unexpected went wrong. The technical team has the "
                               "details; try again later."),
}


class ReportFailure(Exception):
    """A real error: the report fails with ``code`` (a key of ERRORS)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


class ReportQueueUnavailable(Exception):
    """The broker refused the job: nothing was saved, the person can try again."""


SUBJECT_FIELD = {
    ProgressReport.Scope.PLAN: "plan",
    ProgressReport.Scope.PRIORITY_AREA: "priority_area",
    ProgressReport.Scope.INITIATIVE: "initiative",
    ProgressReport.Scope.ORGANISATION: "organisation",
}


# How a report's job reaches a worker: the tasks module's ``enqueue_compile``, handed over
# by ``ReportsConfig.ready`` (the tasks import these services, never the reverse).
_queue: Callable[[ProgressReport], None] | None = None


def use_queue(enqueue: Callable[[ProgressReport], None]) -> None:
    global _queue
    _queue = enqueue


def report_enqueue(report: ProgressReport) -> None:
    """Send the compile job (``tasks.enqueue_compile``), once the report's row is committed."""
    if _queue is None:
        raise ImproperlyConfigured("portal.reports is not in INSTALLED_APPS")
    _queue(report)


def report_request(
    *,
    by: User | None,
    scope: str,
    subject: Plan | PriorityArea | Initiative | Organisation,
    periods: list[ReportingPeriod],
    language: str,
    formats: list[str],
    audience: str = ProgressReport.Audience.INTERNAL,
    enqueue: Callable[[ProgressReport], None] = report_enqueue,
    previous: ProgressReport | None = None,
    schedule_key: str | None = None,
) -> ProgressReport:
    """Create a report and queue its compilation.

    1. Validate, then write the row and its periods in one transaction.
    2. Once committed, hand the job to the broker. If the broker refuses (Redis down), the
       row is deleted again and :class:`ReportQueueUnavailable` is raised: nothing is left
       half-written, and the person is told to try again.
    Without a broker (``make run``), the job runs in-process right here.
    """
    if not periods:
        raise ValidationError({"periods": [_("Choose at least one reporting period.")]})
    if not formats:
        raise ValidationError({"formats": [_("Choose at least one format.")]})
    with transaction.atomic():
        report = ProgressReport(
            requested_by=by,
            scope=scope,
            language=language,
            audience=audience,
            want_pdf="pdf" in formats,
            want_spreadsheet="xlsx" in formats,
            version=(previous.version + 1) if previous else 1,
            previous=previous,
            schedule_key=schedule_key,
            step="queued",
            **{SUBJECT_FIELD[scope]: subject},
        )
        report.full_clean(exclude=["schedule_key"] if schedule_key is None else None)
        report.save()
        report.periods.set(periods)
    try:
        enqueue(report)
    except Exception as error:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise  # in-process: a real bug in the job itself, not an absent broker
        logger.warning("report %s: the broker refused the job (%s); not kept", report.pk, error)
        report.delete()
        raise ReportQueueUnavailable from error
    return report


def report_recompile(*, report: ProgressReport, by: User | None, **kwargs) -> ProgressReport:
    """A new version of ``report`` on today's data; the old one is kept as it was."""
    return report_request(
        by=by,
        scope=report.scope,
        subject=report.subject,
        periods=list(report.periods.order_by("start")),
        language=report.language,
        formats=report.formats,
        audience=report.audience,
        previous=report,
        **kwargs,
    )


def report_claim(*, report_id: int) -> ProgressReport | None:
    """Take a queued report for this worker, or None when another has it (or it is done).

    A conditional UPDATE: of two deliveries of the same job, only one changes the row. The
    claim and the read of the row are one transaction: a connection lost between them
    leaves the report queued, not running with nobody at work on it.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = ProgressReport.objects.filter(
            pk=report_id, status=ProgressReport.Status.QUEUED
        ).update(
            status=ProgressReport.Status.RUNNING, started_at=now, heartbeat_at=now,
            progress=5, step="gathering", attempts=F("attempts") + 1, error="", error_code="",
        )
        if not claimed:
            return None
        return ProgressReport.objects.get(pk=report_id)


def _progress(report: ProgressReport, step: str, percent: int) -> None:
    """Record the step and a heartbeat; a report whose heartbeat stops is swept."""
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk, status=ProgressReport.Status.RUNNING).update(
        step=step, progress=percent, heartbeat_at=now
    )
    report.step, report.progress, report.heartbeat_at = step, percent, now


def file_stem(report: ProgressReport, snapshot: dict, lang: str) -> str:
    """A readable file name: rapport-jeunes-2022-T3, report-youth-2022-Q1-2022-Q3."""
    with translation.override(lang):
        title = render.pick(snapshot["scope_title"], lang).text
        labels = []
        for period in (snapshot["periods"][0], snapshot["periods"][-1]):
            label = period["label"][lang]
            parts = label.split()
            labels.append(f"{parts[1]}-{parts[0]}" if len(parts) == 2 else slugify(label))
        span = labels[0] if labels[0] == labels[1] else f"{labels[0]}-{labels[1]}"
        stem = f"{_('report')}-{slugify(title)[:50].strip('-')}-{span}"
        if report.version > 1:
            stem += f"-v{report.version}"
        return stem


def report_compile(*, report: ProgressReport) -> ProgressReport:
    """Compile a claimed report: snapshot, files, ready (see ``snapshot`` and ``render``).

    1. Gather every figure once and freeze it with its checksum.
    2. Render each language and format from the snapshot alone, recording each step.
    3. Save the files and mark the report ready, in one transaction; then tell the requester.
    """
    if not report.periods.exists():
        raise ReportFailure("no_periods")
    now = timezone.now()
    snapshot = gather(report, now=now)
    if not snapshot["initiatives"]:
        raise ReportFailure("no_data")
    _progress(report, "gathering", 20)
    files: list[tuple[str, str, bytes, str]] = []
    languages, kinds = report.languages, report.formats
    steps = len(languages) * len(kinds)
    done = 0
    for lang in languages:
        stem = file_stem(report, snapshot, lang)
        for kind in kinds:
            _progress(report, kind, 20 + int(70 * done / steps))
            try:
                # A PDF of a few hundred initiatives is one call of half a minute: the
                # heartbeat goes on beside it (portal.core.heartbeat).
                with beating(lambda: _beat(report)):
                    content = (render.render_pdf if kind == "pdf" else render.render_xlsx)(
                        snapshot, lang
                    )
            except Exception as error:  # a rendering bug: visible, with the detail logged
                raise ReportFailure("render", repr(error)) from error
            files.append((lang, kind, content, f"{stem}.{kind}"))
            done += 1
    _progress(report, "saving", 95)
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ProgressReport.Status.RUNNING:
            return locked  # swept and failed meanwhile: leave it as it is
        for lang, kind, content, name in files:
            record = ReportFile(
                report=locked, language=lang, kind=kind, name=name,
                sha256=hashlib.sha256(content).hexdigest(), size=len(content),
            )
            record.file.save(name, ContentFile(content), save=False)
            record.save()
        locked.snapshot = snapshot
        locked.snapshot_sha256 = checksum(snapshot)
        locked.data_as_of = now
        locked.status = ProgressReport.Status.READY
        locked.progress = 100
        locked.step = "done"
        locked.finished_at = timezone.now()
        locked.heartbeat_at = locked.finished_at
        locked.save()
    # robust: the report is ready; failing to tell the requester (mail server down) is
    # logged, never raised into the task, which would take it for a compile failure.
    transaction.on_commit(lambda: notifications.report_finished(locked), robust=True)
    return locked


def report_fail(*, report: ProgressReport, code: str, detail: str = "") -> ProgressReport:
    """Mark a report failed with a reason people can read (and the detail for the logs)."""
    if code not in ERRORS:
        code = "unexpected"
    now = timezone.now()
    updated = ProgressReport.objects.filter(
        pk=report.pk, status__in=(ProgressReport.Status.QUEUED, ProgressReport.Status.RUNNING)
    ).update(status=ProgressReport.Status.FAILED, error_code=code, error=detail[:2000],
             finished_at=now, heartbeat_at=now)
    report.refresh_from_db()
    if updated:
        logger.error("report %s failed: %s %s", report.pk, code, detail)
        # robust: a mail failure must not stop the sweep before the next stale report.
        transaction.on_commit(lambda: notifications.report_finished(report), robust=True)
    return report


def stalled(report: ProgressReport) -> dict:
    """For the report's page: whether its worker stopped answering (its heartbeat is late),
    and by when the sweep sends it again."""
    if report.status != ProgressReport.Status.RUNNING or not is_late(report.heartbeat_at):
        return {"stalled": False}
    retry = report.heartbeat_at + datetime.timedelta(
        seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS + 60)
    return {"stalled": True, "last_sign": report.heartbeat_at, "retry_at": retry,
            "last_attempt": report.attempts >= settings.REPORT_MAX_ATTEMPTS}


def _beat(report: ProgressReport) -> None:
    ProgressReport.objects.filter(pk=report.pk, status=ProgressReport.Status.RUNNING).update(
        heartbeat_at=timezone.now()
    )


def report_release(*, report_id: int) -> None:
    """Put a running report back in the queue (a transient failure: the task retries)."""
    ProgressReport.objects.filter(pk=report_id, status=ProgressReport.Status.RUNNING).update(
        status=ProgressReport.Status.QUEUED, step="queued"
    )


def reports_sweep(
    *, now: datetime.datetime | None = None, enqueue: Callable[[ProgressReport], None] = None,
) -> dict[str, list[int]]:
    """Find reports whose worker died (stale heartbeat): requeue once, then fail visibly.

    1. A running report whose heartbeat is older than ``REPORT_HEARTBEAT_STALE_SECONDS``,
       or a queued one older than ``REPORT_QUEUED_STALE_SECONDS`` (its job was lost), is
       stale.
    2. A stale report compiled fewer than ``REPORT_MAX_ATTEMPTS`` times goes back to the
       queue (conditional update, so two sweeps do not both requeue it) and its job is
       sent again; one that has used its attempts fails with "worker_lost".
    """
    now = now or timezone.now()
    enqueue = enqueue or report_enqueue
    running_stale = now - datetime.timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS)
    queued_stale = now - datetime.timedelta(seconds=settings.REPORT_QUEUED_STALE_SECONDS)
    stale = ProgressReport.objects.filter(
        Q(status=ProgressReport.Status.RUNNING, heartbeat_at__lt=running_stale)
        | Q(status=ProgressReport.Status.QUEUED, created_at__lt=queued_stale,
            heartbeat_at__isnull=True)
        | Q(status=ProgressReport.Status.QUEUED, heartbeat_at__lt=queued_stale)
    )
    result: dict[str, list[int]] = {"requeued": [], "failed": []}
    for report in stale:
        if report.attempts < settings.REPORT_MAX_ATTEMPTS:
            moved = ProgressReport.objects.filter(
                pk=report.pk, status=report.status, heartbeat_at=report.heartbeat_at
            ).update(status=ProgressReport.Status.QUEUED, step="queued", heartbeat_at=now)
            if moved:
                result["requeued"].append(report.pk)
                try:
                    enqueue(report)
                except Exception:  # the broker is down: the next sweep tries again
                    logger.warning("report %s: could not requeue; next sweep", report.pk)
        else:
            report_fail(report=report, code="worker_lost",
                        detail=f"heartbeat stale since {report.heartbeat_at}")
            result["failed"].append(report.pk)
    return result


def reports_schedule_for_period(
    *, period: ReportingPeriod, enqueue: Callable[[ProgressReport], None] = report_enqueue,
) -> list[ProgressReport]:
    """The quarterly report of each priority area of the featured plan, for a locked period,
    in both languages (once per area and period, however often the period is locked)."""
    plan = Plan.objects.featured()
    if plan is None:
        return []
    created = []
    for area in plan.priority_areas.order_by("order"):
        key = f"quarterly:{area.pk}:{period.pk}"
        if ProgressReport.objects.filter(schedule_key=key).exists():
            continue
        try:
            created.append(report_request(
                by=None, scope=ProgressReport.Scope.PRIORITY_AREA, subject=area,
                periods=[period], language=ProgressReport.Languages.BOTH,
                formats=["pdf", "xlsx"], enqueue=enqueue, schedule_key=key,
            ))
        except ReportQueueUnavailable:
            logger.warning("scheduled report %s not queued: broker down", key)
    return created
