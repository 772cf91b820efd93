"""Emails about compiled reports, each in its recipient's language, sent after commit."""

from __future__ import annotations

from initiatives.notifications import coordinators, send_in_language
from portal.reports.models import ProgressReport


def report_finished(report: ProgressReport) -> None:
    """Tell the requester (or, for a scheduled report, the coordinators) it is ready or
    failed, with the link to its page; once per report."""
    if report.notified_at is not None:
        return
    claimed = ProgressReport.objects.filter(pk=report.pk, notified_at__isnull=True).update(
        notified_at=report.finished_at or report.updated_at
    )
    if not claimed:
        return
    recipients = [report.requested_by] if report.requested_by_id else list(coordinators())
    send_in_language(
        recipients=recipients,
        template="report_ready" if report.status == ProgressReport.Status.READY
        else "report_failed",
        context={"report": report, "subject": report.subject},
        url_name="reports:detail",
        url_kwargs={"pk": report.pk},
    )
