"""Reads of the reports' jobs that depend on the viewer."""

from __future__ import annotations

from django.db.models import QuerySet

from initiatives import permissions
from portal.reports.models import ProgressReport, Reminder

from . import permissions as report_permissions


def reminders_sent(*, viewer, limit: int = 20) -> QuerySet[Reminder]:
    """The reminders sent about the initiatives whose updates ``viewer`` writes."""
    if permissions.is_coordinator(viewer):
        return Reminder.objects.none()
    leads = permissions.organisation_ids(viewer)
    return (
        Reminder.objects.filter(initiative__lead__in=leads)
        .select_related("initiative", "period")
        .order_by("-sent_at")[:limit]
    )


def reports_listed(*, viewer, limit: int = 50) -> QuerySet[ProgressReport]:
    """The latest reports ``viewer`` may read, newest first, with their files."""
    return (
        report_permissions.reports_for(viewer)
        .select_related("requested_by", "plan", "priority_area", "initiative", "organisation")
        .prefetch_related("files")
        .order_by("-created_at")[:limit]
    )
