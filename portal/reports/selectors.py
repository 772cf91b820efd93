"""Reads of the reports' jobs that depend on the viewer."""

from __future__ import annotations

from django.db.models import QuerySet

from initiatives import permissions
from portal.reports.models import Reminder


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
