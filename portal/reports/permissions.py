"""Who may request, read and download compiled reports."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from initiatives.models import Initiative
from partners.models import Organisation, User
from partners.roles import is_coordinator, lead_organisation_ids, view_requires  # noqa: F401

from .models import ProgressReport


def can_request_reports(user: User) -> bool:
    """Coordinators, for anything; partner leads, for their own organisation's initiatives."""
    return is_coordinator(user) or bool(
        user.is_authenticated and user.is_active and lead_organisation_ids(user)
    )


def can_request_public_reports(user: User) -> bool:
    """A report meant for the public is the coordinators' to publish."""
    return is_coordinator(user)


def report_initiatives_for(user: User) -> QuerySet[Initiative]:
    """The initiatives a user may compile a report on: all, or those their organisation leads."""
    if is_coordinator(user):
        return Initiative.objects.all()
    return Initiative.objects.filter(lead_id__in=lead_organisation_ids(user))


def report_organisations_for(user: User) -> QuerySet[Organisation]:
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=lead_organisation_ids(user))


def reports_for(user: User):
    """The compiled reports a user may read and download: all for a coordinator; for a
    partner lead, the internal reports about their own organisation or its initiatives."""
    if is_coordinator(user):
        return ProgressReport.objects.all()
    leads = lead_organisation_ids(user) if user.is_authenticated and user.is_active else set()
    if not leads:
        return ProgressReport.objects.none()
    return ProgressReport.objects.filter(
        Q(scope="organisation", organisation__in=leads)
        | Q(scope="initiative", initiative__lead__in=leads)
    )


# --- Events --------------------------------------------------------------------------------
