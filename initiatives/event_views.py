"""Events: the public pages and calendars, and the workspace pages that manage them.

Public pages are ``@public_page`` (cached until any event changes, see
``portal.core.pagecache``); non-public events are a 404. Workspace views: signed in, then
``permissions`` decides; events come from ``permissions.events_for`` (another
organisation's event is a 404); writes are POST only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.core.i18n import current_language, get_by_translated_slug, set_alternate
from portal.core.pagecache import public_page

from . import events, ical, permissions
from .event_forms import EventFilterForm, EventForm
from .forms import ActivityForm, add_errors
from .models import Event

PAGE_SIZE = 20
WORKSPACE_PAGE_SIZE = 25


# --- Public pages ---------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[EventFilterForm, events.EventFilters, str]:
    """The filter form, the filters it holds, and the query string to keep in links."""
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    query = request.GET.copy()
    for name in ("page", "when"):
        query.pop(name, None)
    return form, filters, query.urlencode()


@public_page
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form, filters, query = _filters(request)
    page = Paginator(events.public_events(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "events/event_list.html", {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "events": page.object_list,
        "query": query,
        "page_query": "&".join(
            part for part in (query, "when=past" if filters.when == events.PAST else "") if part
        ),
        "forums": list(events.public_forums()),
    })


@public_page
@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event, redirect_to = get_by_translated_slug(events.event_public_detail_queryset(), slug)
    if redirect_to:
        return redirect_to
    set_alternate(request, event)
    return render(request, "events/event_detail.html", {
        "event": event, "is_past": events.is_past(event),
    })


@public_page
@require_GET
def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event, redirect_to = get_by_translated_slug(events.event_public_detail_queryset(), slug)
    if redirect_to:
        return redirect_to
    content = ical.calendar([event], request=request, name=event.title)
    return ical.calendar_response(content, filename=f"{event.slug}.ics")


@public_page
@require_GET
def event_feed(request: HttpRequest) -> HttpResponse:
    """The upcoming public events, with the list's filters (priority area, kind, language)."""
    _form, filters, _query = _filters(request)
    upcoming = events.EventFilters(area=filters.area, kind=filters.kind,
                                   language=filters.language)
    content = ical.calendar(
        events.public_events(filters=upcoming), request=request,
        name=_("Community Safety Partnership: events"),
    )
    filename = "evenements.ics" if current_language() == "fr" else "events.ics"
    return ical.calendar_response(content, filename=filename)


@public_page
@require_GET
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum, redirect_to = get_by_translated_slug(events.public_forums(), slug)
    if redirect_to:
        return redirect_to
    set_alternate(request, forum)
    return render(request, "events/forum_detail.html", {
        "forum": forum,
        "upcoming": list(events.forum_meetings(forum, when=events.UPCOMING)),
        "past": list(events.forum_meetings(forum, when=events.PAST)[:PAGE_SIZE]),
    })


# --- Workspace ------------------------------------------------------------------------------

workspace_view = permissions.view_requires(permissions.can_use_workspace)


def _event(request: HttpRequest, pk: int) -> Event:
    event = get_object_or_404(
        permissions.events_for(request.user).select_related("activity"), pk=pk
    )
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    return event


@require_GET
@workspace_view
def workspace_event_list(request: HttpRequest) -> HttpResponse:
    listing = (
        permissions.events_for(request.user)
        .select_related("activity")
        .prefetch_related("organisers")
        .order_by("-start", "-pk")
    )
    page = Paginator(listing, WORKSPACE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workspace/event_list.html", {
        "page_obj": page, "events": page.object_list, "boundary": events.start_of_today(),
    })


@require_http_methods(["GET", "POST"])
@workspace_view
def workspace_event_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_event(request.user):
        raise PermissionDenied
    initial = {"is_public": True}
    own = permissions.organisation_ids(request.user)
    if len(own) == 1:
        initial["organisers"] = list(own)
    form = EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = events.event_create(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Event saved: %(title)s.") % {"title": event})
            return redirect("workspace:events")
    return render(request, "workspace/event_form.html", {"form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@workspace_view
def workspace_event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = EventForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            events.event_update(event=event, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Event saved: %(title)s.") % {"title": event})
            return redirect("workspace:events")
    return render(request, "workspace/event_form.html", {
        "form": form, "event": event, "is_past": events.is_past(event),
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@workspace_view
def workspace_event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not permissions.can_delete_event(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        title = str(event)
        events.event_delete(event=event, by=request.user)
        messages.success(request, _("Event deleted: %(title)s.") % {"title": title})
        return redirect("workspace:events")
    return render(request, "workspace/event_confirm_delete.html", {"event": event})


@require_http_methods(["GET", "POST"])
@workspace_view
def workspace_event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Log the event's attendance as an activity, the activity form filled in from the
    event; saved, the activity records the event."""
    event = _event(request, pk)
    if event.activity_id:
        messages.info(request, _("This event's attendance is already recorded."))
        return redirect("workspace:activity", pk=event.activity_id)
    form = ActivityForm(
        request.POST or None, user=request.user,
        initial=events.attendance_initial(event, by=request.user),
    )
    if request.method == "POST" and form.is_valid():
        initiative = form.cleaned_data["initiative"]
        if not permissions.can_log_activity(request.user, initiative):
            raise PermissionDenied
        try:
            activity = events.event_log_attendance(
                event=event, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Attendance saved as an activity."))
            return redirect("workspace:activity", pk=activity.pk)
    return render(request, "workspace/event_attendance.html", {
        "form": form, "event": event,
    }, status=400 if form.errors else 200)
