"""Events and the community policing forum: the reads and writes, in one place.

Reads (selectors) take the filters and, in the workspace, the viewer; writes (services) are
keyword-only and atomic, validate before they save and raise ``ValidationError`` with
messages people can act on. Who may do what is ``initiatives.permissions``.

**Upcoming or past** is decided by the day, in Ottawa: an event is upcoming until the end
of the day it ends on. Public pages are cached per day (``portal.core.pagecache``), so a page
rendered in the morning stays right all day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import dateformat, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partners.models import Organisation, User
from portal.core.i18n import current_language
from priorities.models import PriorityArea

from . import permissions, services
from .models import Activity, Event, Forum, Initiative

UPCOMING = "upcoming"
PAST = "past"

EVENT_FIELDS = {
    "title_fr", "title_en", "summary_fr", "summary_en", "body_fr", "body_en", "kind",
    "start", "end", "place", "is_online", "online_url", "language", "forum", "is_public",
}

# The kind of activity an event's attendance is logged as.
ACTIVITY_KIND = {
    Event.Kind.ENGAGEMENT: Activity.Kind.WORKSHOP,
    Event.Kind.FORUM_MEETING: Activity.Kind.INFO_SESSION,
    Event.Kind.TRAINING: Activity.Kind.TRAINING,
    Event.Kind.OUTREACH: Activity.Kind.OUTREACH,
}


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def start_of_today(now: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight today in Ottawa (aware): events ending from then on are upcoming."""
    now = now or timezone.now()
    today = timezone.localtime(now, local_zone()).date()
    return datetime.datetime.combine(today, datetime.time(), tzinfo=local_zone())


# --- Selectors: the public site -------------------------------------------------------------


@dataclass(frozen=True)
class EventFilters:
    """What the visitor asked for in the query string (already checked)."""

    when: str = UPCOMING
    area: PriorityArea | None = None
    kind: str = ""
    language: str = ""

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        if self.area is not None:
            events = events.filter(priority_areas=self.area)
        if self.kind:
            events = events.filter(kind=self.kind)
        if self.language:
            # A bilingual event is held in both languages: it answers either.
            events = events.filter(language__in=[self.language, Event.Language.BILINGUAL])
        return events


def _public_listing(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.prefetch_related(
        Prefetch("organisers", queryset=Organisation.objects.public().order_by("name")),
        "priority_areas",
    ).select_related("forum")


def public_events(
    *, filters: EventFilters = EventFilters(), now: datetime.datetime | None = None
) -> QuerySet[Event]:
    """Public events, upcoming (soonest first) or past (latest first), filtered."""
    boundary = start_of_today(now)
    events = filters.apply(Event.objects.public())
    if filters.when == PAST:
        events = events.filter(end__lt=boundary).order_by("-start", "-pk")
    else:
        events = events.filter(end__gte=boundary).order_by("start", "pk")
    return _public_listing(events)


def public_filter_areas() -> QuerySet[PriorityArea]:
    """The priority areas that public events relate to (the filter's choices)."""
    return PriorityArea.objects.filter(
        pk__in=Event.objects.public().values("priority_areas")
    ).select_related("plan").order_by("plan__start", "plan", "order")


def event_public_detail_queryset() -> QuerySet[Event]:
    return Event.objects.public().select_related("forum").prefetch_related(
        Prefetch("organisers", queryset=Organisation.objects.public().order_by("name")),
        "priority_areas",
        Prefetch("initiatives", queryset=Initiative.objects.public().order_by("title")),
    )


def public_forums() -> QuerySet[Forum]:
    return Forum.objects.filter(is_public=True).select_related("host")


def forum_meetings(
    forum: Forum, *, when: str, now: datetime.datetime | None = None
) -> QuerySet[Event]:
    """The forum's public meetings, upcoming or past."""
    events = public_events(filters=EventFilters(when=when), now=now)
    return events.filter(forum=forum, kind=Event.Kind.FORUM_MEETING)


def is_past(event: Event, now: datetime.datetime | None = None) -> bool:
    return event.end < start_of_today(now)


# --- How an event's time reads -------------------------------------------------------------

DAY_FORMATS = {"fr": "l j F Y", "en": "l, F j, Y"}
TIME_FORMATS = {"fr": "G \\h i", "en": "H:i"}


def format_day(moment: datetime.datetime) -> str:
    """"jeudi 14 janvier 2027" / "Thursday, January 14, 2027", in Ottawa."""
    lang = current_language()
    local = timezone.localtime(moment, local_zone())
    text = dateformat.format(local, DAY_FORMATS.get(lang, DAY_FORMATS["en"]))
    if lang == "fr" and local.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return text


def format_time(moment: datetime.datetime) -> str:
    """"18 h 30" / "18:30", in Ottawa; a whole hour reads "18 h" in French ("de 18 h à
    20 h", never "18 h 00")."""
    local = timezone.localtime(moment, local_zone())
    lang = current_language()
    if lang == "fr" and local.minute == 0:
        return dateformat.format(local, "G \\h")
    return dateformat.format(local, TIME_FORMATS.get(lang, TIME_FORMATS["en"]))


def when_text(event: Event) -> str:
    """The event's day and times in the active language, as plain text (calendars)."""
    start, end = event.start, event.end
    zone = local_zone()
    if timezone.localtime(start, zone).date() == timezone.localtime(end, zone).date():
        return _("%(day)s, %(start)s to %(end)s") % {
            "day": format_day(start), "start": format_time(start), "end": format_time(end),
        }
    return _("%(start_day)s, %(start)s to %(end_day)s, %(end)s") % {
        "start_day": format_day(start), "start": format_time(start),
        "end_day": format_day(end), "end": format_time(end),
    }


# --- Services -------------------------------------------------------------------------------


# Addresses beside the events' own in ``event_urls`` ("calendar.ics" in both languages).
RESERVED_SLUGS = {"calendar", "calendrier"}


def _unique_slug(title: str, lang: str, exclude_pk: int | None) -> str | None:
    base = slugify(title)[:90].strip("-")
    if not base:
        return None
    taken = set(
        Event.objects.exclude(pk=exclude_pk)
        .filter(**{f"slug_{lang}__startswith": base})
        .values_list(f"slug_{lang}", flat=True)
    )
    slug, number = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EVENT_FIELDS - {"slug_fr", "slug_en"}
    if unknown:
        raise TypeError(f"unexpected event fields: {sorted(unknown)}")


def _check(event: Event, *, by: User, organisers: list[Organisation]) -> None:
    errors: dict[str, list[str]] = {}
    if not (event.title_fr or "").strip() and not (event.title_en or "").strip():
        errors["title_fr"] = [_("Give the event a title, in French, in English or both.")]
    if not organisers:
        errors["organisers"] = [_("Choose at least one organising organisation.")]
    elif not permissions.event_organisers_allowed(by, {org.pk for org in organisers}):
        errors["organisers"] = [
            _("Keep your organisation among the organisers: you could no longer edit the "
              "event otherwise.")
        ]
    try:
        event.full_clean(exclude=["slug_fr", "slug_en", "slug", "title"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _fill_slugs(event: Event) -> None:
    for lang in ("fr", "en"):
        title = getattr(event, f"title_{lang}") or ""
        if not getattr(event, f"slug_{lang}") and title.strip():
            setattr(event, f"slug_{lang}", _unique_slug(title, lang, event.pk))
    if not event.slug_fr and not event.slug_en:
        raise ValidationError({"title_fr": [_("The title must contain letters or digits.")]})


def _check_activity(event: Event, activity: Activity | None, by: User) -> None:
    if activity is None:
        return
    if not permissions.event_activities_for(by, event).filter(pk=activity.pk).exists():
        raise ValidationError({"activity": [
            _("Choose an activity of the event's organisers or initiatives that does not "
              "already record another event.")
        ]})


def _as_user(event: Event, by: User | None) -> Event:
    """Record ``by`` as the author of the history entry this save or delete makes."""
    if by is not None:
        event._history_user = by
    return event


def _save(event: Event, *, by: User, organisers, priority_areas, initiatives,
          activity: Activity | None | bool) -> Event:
    organisers = list(organisers)
    _check(event, by=by, organisers=organisers)
    _fill_slugs(event)
    if activity is not False:  # False: leave the link as it is
        event.activity = activity
    event.full_clean()
    _as_user(event, by).save()
    event.organisers.set(organisers)
    event.priority_areas.set(list(priority_areas))
    event.initiatives.set(list(initiatives))
    if activity:
        # Checked once the organisers and initiatives are set (it depends on them); an
        # error rolls the whole save back.
        _check_activity(event, activity, by)
    return event


@transaction.atomic
def event_create(
    *,
    by: User,
    organisers: Iterable[Organisation],
    priority_areas: Iterable[PriorityArea] = (),
    initiatives: Iterable[Initiative] = (),
    activity: Activity | None = None,
    **fields: Any,
) -> Event:
    """Create an event; its slugs come from its titles (made unique)."""
    _check_fields(fields)
    event = Event(**fields)
    return _save(event, by=by, organisers=organisers, priority_areas=priority_areas,
                 initiatives=initiatives, activity=activity)


@transaction.atomic
def event_update(
    *,
    event: Event,
    by: User,
    organisers: Iterable[Organisation],
    priority_areas: Iterable[PriorityArea] = (),
    initiatives: Iterable[Initiative] = (),
    activity: Activity | None | bool = False,
    **fields: Any,
) -> Event:
    """Change an event. Its addresses (slugs) stay as they were, so links keep working."""
    _check_fields(fields)
    for name, value in fields.items():
        setattr(event, name, value)
    return _save(event, by=by, organisers=organisers, priority_areas=priority_areas,
                 initiatives=initiatives, activity=activity)


@transaction.atomic
def event_delete(*, event: Event, by: User) -> None:
    """Delete an event; the activity that recorded its attendance stays."""
    _as_user(event, by).delete()


def attendance_initial(event: Event, *, by: User) -> dict[str, Any]:
    """What the activity form starts from when an event's attendance is logged."""
    start = timezone.localtime(event.start, local_zone())
    lang = event.language if event.language in ("fr", "en") else current_language()
    title = getattr(event, f"title_{lang}") or event.title_fr or event.title_en
    initiative = (
        permissions.initiatives_for(by)
        .filter(pk__in=event.initiatives.values("pk"))
        .order_by("title")
        .first()
    )
    language = {
        Event.Language.FRENCH: Activity.Language.FRENCH,
        Event.Language.ENGLISH: Activity.Language.ENGLISH,
    }.get(event.language, Activity.Language.BILINGUAL)
    return {
        "date": start.date(),
        "initiative": initiative.pk if initiative else None,
        "kind": ACTIVITY_KIND[event.kind],
        "title": title[:200],
        "audience": Activity.Audience.GENERAL,
        "language": language,
        "neighbourhood": "",
        "participants": 0,
    }


@transaction.atomic
def event_log_attendance(*, event: Event, by: User, **activity_fields: Any) -> Activity:
    """Log an event's attendance as an activity (counts only) and link it to the event.

    The activity is credited to the user's organisation in the initiative, by the same
    rules as any activity (``services.activity_create``)."""
    if event.activity_id:
        raise ValidationError(_("This event's attendance is already recorded."))
    initiative = activity_fields["initiative"]
    activity = services.activity_create(
        by=by,
        organisation_id=permissions.delivering_organisation(by, initiative).pk,
        **activity_fields,
    )
    event.activity = activity
    _as_user(event, by).save(update_fields=["activity", "updated_at"])
    return activity
