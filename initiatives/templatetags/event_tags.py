"""An event's day and times, in Ottawa and in the page's language, with ``<time>``."""

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from initiatives.events import format_day, format_time, local_zone

register = template.Library()


def _time(moment) -> str:
    return format_html('<time datetime="{}">{}</time>',
                       timezone.localtime(moment, local_zone()).isoformat(), format_time(moment))


@register.simple_tag
def event_when(event):
    """"jeudi 14 janvier 2027, de 18 h 30 à 20 h 30" / "Thursday, January 14, 2027, 18:30
    to 20:30"; an event over several days names both days. The same wording as
    ``events.when_text``, with ``<time>`` around each moment."""
    zone = local_zone()
    start, end = event.start, event.end
    if timezone.localtime(start, zone).date() == timezone.localtime(end, zone).date():
        text = _("%(day)s, %(start)s to %(end)s") % {
            "day": conditional_escape(format_day(start)), "start": _time(start),
            "end": _time(end),
        }
    else:
        text = _("%(start_day)s, %(start)s to %(end_day)s, %(end)s") % {
            "start_day": conditional_escape(format_day(start)), "start": _time(start),
            "end_day": conditional_escape(format_day(end)), "end": _time(end),
        }
    return mark_safe(text)  # noqa: S308 - the parts are escaped, the wording is ours
