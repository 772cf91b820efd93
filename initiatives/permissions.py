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

from partners.models import Organisation, User
from partners.roles import (  # noqa: F401 - the facts, asked through this module too
    can_invite,
    can_invite_anyone,
    is_coordinator,
    is_partner,
    lead_organisation_ids,
    organisation_ids,
    organisations_to_invite_for,
    view_requires,
)

from .models import Activity, Event, Initiative, ProgressUpdate, ReportingPeriod


def can_use_workspace(user: User) -> bool:
    return is_coordinator(user) or is_partner(user)


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


def can_view_history(user: User, obj: Activity | ProgressUpdate) -> bool:
    """Those who may see the object see its history."""
    return can_view_initiative(user, obj.initiative)


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
