"""Template tags of the coordinator's dashboard: what a row repeats, written in Python."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from portal.figures import format_number, format_percent

register = template.Library()


@register.simple_tag
def recent_values(row) -> str:
    """The latest approved values of an indicator row: "Q1 2022: 5 · Q2 2022: 7" (one
    translation lookup and no template per value; the dashboard shows hundreds)."""
    show = format_percent if row.indicator.unit == "percent" else format_number
    pattern = _("%(period)s: %(value)s")
    return " · ".join(
        pattern % {"period": point.label, "value": show(point.value)}
        for point in row.summary.recent
    )
