"""Who may do what: THE one module every workspace and coordination view asks.

Two kinds of answer:

* scoped querysets (``initiatives_for``, ``activities_for``, ``updates_for``): what a user may
  see at all. Views look objects up through them, so another organisation's object is a 404
  and never a 403 that would confirm it exists;
* ``can_*`` predicates: whether a user may do a given thing to an object they can see. A
  read-only role on a write is a 403.

Roles (DESIGN.md, "Roles"): partner staff and partner lead through ``Membership.role``; a
coordinator (``user.is_coordinator``) may do everything a lead may, for every organisation,
plus review and lock periods; an administrator (``is_superuser``) may do everything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from partners.models import Membership, Organisation, User

from .models import Activity, Event, Initiative, ProgressUpdate, ReportingPeriod

_CACHE_ATTR = "_permissions_memberships"


def _memberships(user: User) -> dict[int, str]:
    """``{organisation_id: role}`` for the user, read once per request (cached on the user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user).values_list("organisation_id", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def is_coordinator(user: User) -> bool:
    """Coordinators and administrators: every organisation, every review."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_coordinator or user.is_superuser)
    )


def is_partner(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and _memberships(user))


def can_use_workspace(user: User) -> bool:
    return is_coordinator(user) or is_partner(user)


def organisation_ids(user: User) -> set[int]:
    return set(_memberships(user))


def lead_organisation_ids(user: User) -> set[int]:
    return {org for org, role in _memberships(user).items() if role == Membership.Role.LEAD}


# --- Scoped querysets ----------------------------------------------------------------------


def initiatives_for(user: User) -> QuerySet[Initiative]:
    """Initiatives the user may see in the workspace: all for a coordinator; otherwise those
    their organisations lead or collaborate on."""
    if is_coordinator(user):
        return Initiative.objects.all()
    orgs = organisation_ids(user) if user.is_authenticated and user.is_active else set()
    if not orgs:
        return Initiative.objects.none()
    joined = Initiative.objects.filter(
        Q(lead_id__in=orgs) | Q(collaborators__in=orgs)
    ).values("pk")
    return Initiative.objects.filter(pk__in=joined)


def activities_for(user: User) -> QuerySet[Activity]:
    return Activity.objects.filter(initiative__in=initiatives_for(user).values("pk"))


def updates_for(user: User) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(initiative__in=initiatives_for(user).values("pk"))


def organisations_to_invite_for(user: User) -> QuerySet[Organisation]:
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=lead_organisation_ids(user))


def delivering_organisation(user: User, initiative: Initiative) -> Organisation:
    """The organisation an activity the user logs for ``initiative`` is credited to."""
    orgs = organisation_ids(user)
    if initiative.lead_id in orgs:
        return initiative.lead
    joined = initiative.collaborators.filter(pk__in=orgs).first()
    return joined or initiative.lead


# --- Predicates ----------------------------------------------------------------------------


def can_view_initiative(user: User, initiative: Initiative) -> bool:
    return initiatives_for(user).filter(pk=initiative.pk).exists()


def can_log_activity(user: User, initiative: Initiative) -> bool:
    """Staff, leads and coordinators log activities for initiatives they lead or join."""
    return can_view_initiative(user, initiative)


def can_view_activity(user: User, activity: Activity) -> bool:
    return can_view_initiative(user, activity.initiative)


def can_edit_activity(user: User, activity: Activity) -> bool:
    """A partner edits the activities their own organisation delivered."""
    if is_coordinator(user):
        return True
    return activity.organisation_id in organisation_ids(user) and can_view_activity(
        user, activity
    )


def can_delete_activity(user: User, activity: Activity) -> bool:
    return can_edit_activity(user, activity)


def can_view_update(user: User, update: ProgressUpdate) -> bool:
    return can_view_initiative(user, update.initiative)


def can_edit_update(user: User, initiative: Initiative) -> bool:
    """Staff and leads of the initiative's lead organisation write its progress updates."""
    if is_coordinator(user):
        return True
    return initiative.lead_id in organisation_ids(user)


def can_submit_update(user: User, initiative: Initiative) -> bool:
    """Only a lead of the initiative's lead organisation (or a coordinator) submits."""
    if is_coordinator(user):
        return True
    return initiative.lead_id in lead_organisation_ids(user)


def can_view_withheld_reason(user: User, initiative: Initiative) -> bool:
    """Why a value is withheld for safety is internal: the organisation that writes the
    update (it wrote the reason) and coordinators see it; collaborators and the public
    never do."""
    return can_edit_update(user, initiative)


def can_review(user: User) -> bool:
    """Approve or return submitted updates, across all organisations."""
    return is_coordinator(user)


def can_lock_period(user: User, period: ReportingPeriod | None = None) -> bool:
    return is_coordinator(user)


def can_invite(user: User, organisation: Organisation) -> bool:
    if is_coordinator(user):
        return True
    return organisation.pk in lead_organisation_ids(user)


def can_invite_anyone(user: User) -> bool:
    return is_coordinator(user) or bool(lead_organisation_ids(user))


def can_view_history(user: User, obj: Activity | ProgressUpdate) -> bool:
    """Those who may see the object see its history."""
    return can_view_initiative(user, obj.initiative)


def can_view_dashboard(user: User) -> bool:
    """The dashboard across all partners (and its downloads) is the coordinators'."""
    return is_coordinator(user)


# --- Mailing list ----------------------------------------------------------------------------


def can_view_mailing_list(user: User) -> bool:
    """The counts of the mailing list (per topic, language and status; never addresses)."""
    return is_coordinator(user)


def can_export_mailing_list(user: User) -> bool:
    """The confirmed addresses, for the coordinators' mailing tool."""
    return is_coordinator(user)


# --- Compiled reports ----------------------------------------------------------------------


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
    from portal.reports.models import ProgressReport

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


def events_for(user: User) -> QuerySet[Event]:
    """Events the user may see and manage in the workspace: all for a coordinator; for
    partner staff and leads, those their organisation organises (or co-organises)."""
    if is_coordinator(user):
        return Event.objects.all()
    orgs = organisation_ids(user) if user.is_authenticated and user.is_active else set()
    if not orgs:
        return Event.objects.none()
    return Event.objects.filter(pk__in=Event.objects.filter(organisers__in=orgs).values("pk"))


def can_create_event(user: User) -> bool:
    """Anyone with a role in the workspace organises events for their organisation."""
    return can_use_workspace(user)


def can_edit_event(user: User, event: Event) -> bool:
    """Staff and leads of an organising organisation, and coordinators, edit an event."""
    if is_coordinator(user):
        return True
    return event.organisers.filter(pk__in=organisation_ids(user)).exists()


def can_delete_event(user: User, event: Event) -> bool:
    return can_edit_event(user, event)


def event_organisers_allowed(user: User, organisation_ids_: set[int]) -> bool:
    """A partner keeps one of their own organisations among an event's organisers (else
    they would hand it to others); a coordinator organises for anyone."""
    return is_coordinator(user) or bool(organisation_ids_ & organisation_ids(user))


def event_activities_for(user: User, event: Event | None) -> QuerySet[Activity]:
    """The activities that may record an event's attendance: those the user may see,
    delivered by one of the event's organisers or logged for one of its initiatives, and
    not already recording another event."""
    activities = activities_for(user)
    if event is None or not event.pk:
        return activities.none()
    related = Q(organisation__in=event.organisers.values("pk")) | Q(
        initiative__in=event.initiatives.values("pk")
    )
    free = Q(event__isnull=True) | Q(event=event)
    return activities.filter(related, free)


# --- Views ---------------------------------------------------------------------------------


def view_requires(predicate):
    """A view decorator: signed in (else to the login page), and ``predicate(user)`` true
    (else 403). Each area of the site names its rule once: ``view_requires(can_review)``."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
