"""Events as iCalendar (RFC 5545), written with the ``icalendar`` library.

Times carry ``TZID=America/Toronto`` with the zone's ``VTIMEZONE`` in the file, so calendar
programs place an event at the right moment wherever the reader is. Each event's ``UID``
comes from its id and the site's host (stable across edits and languages, so a
subscribed calendar updates the event instead of duplicating it); ``DTSTAMP`` and
``LAST-MODIFIED`` are its last change, so the same data gives the same file. Text is in
the language of the page the file is linked from.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.i18n import translated
from portal.core.text import one_line, printable

from .events import local_zone
from .models import Event

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"event-{event.pk}@{host}"


def _text(event: Event, field: str) -> str:
    return translated(event, field)[0]


def _location(event: Event) -> str:
    parts = [event.place] if event.place else []
    if event.is_online:
        parts.append(_("Online") + (f": {event.online_url}" if event.online_url else ""))
    return " · ".join(parts)


def _description(event: Event, url: str) -> str:
    lines = [text for text in (_text(event, "summary"), _text(event, "body")) if text]
    lines.append(_("Language of the event: %(language)s") % {
        "language": event.get_language_display()
    })
    organisers = [org.name for org in event.organisers.all()]
    if organisers:
        lines.append(_("Organised by: %(organisers)s") % {"organisers": ", ".join(organisers)})
    lines.append(url)
    return "\n\n".join(lines)


def _vevent(event: Event, request: HttpRequest) -> icalendar.Event:
    zone = local_zone()
    url = request.build_absolute_uri(event.get_absolute_url())
    item = icalendar.Event()
    item.add("uid", _uid(event))
    item.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    item.add("created", event.created_at.astimezone(datetime.UTC))
    item.add("dtstart", timezone.localtime(event.start, zone))
    item.add("dtend", timezone.localtime(event.end, zone))
    # Stored text may hold what a calendar line cannot (portal.core.text): a title and a place
    # on one line, no control character anywhere.
    item.add("summary", one_line(_text(event, "title")))
    item.add("description", printable(_description(event, url)))
    if location := _location(event):
        item.add("location", one_line(location))
    item.add("url", url)
    item.add("categories", [event.get_kind_display()])
    item.add("status", "CONFIRMED")
    item.add("class", "PUBLIC")
    return item


def calendar(events: Iterable[Event], *, request: HttpRequest, name: str) -> bytes:
    """A calendar of ``events`` (their organisers prefetched), in the active language."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Community Safety Partnership//Events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    days = []
    for event in events:
        cal.add_component(_vevent(event, request))
        days += [event.start.date(), event.end.date()]
    if days:
        # The zone's rules over the span of the events (a year either side), not 1970-2038.
        cal.add_missing_timezones(
            first_date=min(days).replace(month=1, day=1) - datetime.timedelta(days=366),
            last_date=max(days).replace(month=12, day=31) + datetime.timedelta(days=366),
        )
    return cal.to_ical()


def calendar_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
