"""Template tags of the coordinator's dashboard: what a table repeats, written in Python.

A city's dashboard shows hundreds of rows; one template per row costs more than the rest of
the page. These tags write the same HTML, with the same translated strings (the catalogue's
entries are shared with the templates), everything escaped by ``format_html``.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.figures import format_number, format_percent

from .portal_tags import number, percent

register = template.Library()

_TREND_ARROWS = {"improving": "↗", "worsening": "↘"}


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


def _bar(width: int) -> SafeString:
    """``includes/bar.html``: a bar the width of a share, hidden from screen readers (the
    number is written beside it)."""
    return format_html(
        '<svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false"><rect width="{}" height="1"/></svg>', int(width or 0),
    )


@register.simple_tag
def indicator_rows(rows, query: str = "") -> SafeString:
    """The rows of an initiative's table of indicators: the indicator (a link to its
    turn-the-curve chart, and to the activities behind a derived value), progress so far,
    the bar and share of the target, the status, and the trend with the latest values."""
    suffix = f"?{query}" if query else ""
    activities = reverse("workspace:activities")
    behind = _("Activities behind the latest value")
    out = []
    for row in rows:
        indicator, summary = row.indicator, row.summary
        name = format_html(
            '<a href="{}{}">{}</a>',
            reverse("coordination:dashboard_indicator", args=[indicator.pk]), suffix, indicator,
        )
        if indicator.source == "derived" and row.latest_period_id:
            name += format_html(
                '\n    <span class="help"><a href="{}?initiative={}&amp;period={}">{}</a></span>',
                activities, indicator.initiative_id, row.latest_period_id, behind,
            )
        if summary.progress is None:
            progress = "—"
        elif indicator.unit == "percent":
            progress = format_percent(summary.progress)
        else:
            progress = format_number(summary.progress)
        if row.percent_of_target is not None:
            target = _bar(row.bar_width) + format_html(" {}", _(
                "%(percent)s of the target (%(target)s)"
            ) % {"percent": format_percent(row.percent_of_target),
                 "target": number(indicator.target)})
        elif indicator.target is not None:
            target = format_html("{}", _("target %(target)s") % {
                "target": number(indicator.target)})
        else:
            target = format_html("{}", _("no target set"))
        status = format_html('<span class="tag status-{}">{}</span>', row.status,
                             row.status_label)
        if summary.not_reported or summary.withheld:
            status += format_html(' <span class="help">{}</span>', _(
                "not reported: %(nr)s, withheld: %(wh)s"
            ) % {"nr": summary.not_reported, "wh": summary.withheld})
        arrow = _TREND_ARROWS.get(row.trend)
        trend = format_html("{}", row.trend_label)
        if arrow:
            trend = format_html('<span aria-hidden="true">{}</span> {}', arrow, trend)
        if summary.recent:
            trend += format_html(' <span class="help">{}</span>', recent_values(row))
        out.append(format_html(
            '<tr>\n  <th scope="row">{}</th>\n  <td class="num">{}</td>\n  <td>{}</td>\n'
            '  <td>{}</td>\n  <td>{}</td>\n</tr>',
            name, progress, target, status, trend,
        ))
    return mark_safe("\n".join(out))


@register.simple_tag
def completeness_rows(rows, query: str = "") -> SafeString:
    """The rows of a completeness table: who or when, then the counts and the two rates
    (an organisation's name links to the dashboard filtered by it)."""
    prefix = f"?{query}&organisation=" if query else "?organisation="

    def label(row) -> SafeString:
        if row.organisation is not None:
            return format_html('<a href="{}{}">{}</a>', prefix, row.organisation.pk, row.label)
        return format_html("{}", row.label)

    return format_html_join(
        "\n",
        '<tr>\n      <th scope="row">{}</th>\n' + '      <td class="num">{}</td>\n' * 8
        + "    </tr>",
        (
            (
                label(row), format_number(row.expected), format_number(row.submitted),
                format_number(row.on_time), format_number(row.late),
                format_number(row.approved), format_number(row.missing),
                percent(row.reporting_rate), percent(row.on_time_rate),
            )
            for row in rows
        ),
    )


@register.simple_tag
def overdue_rows(items) -> SafeString:
    """The rows of the overdue updates: the initiative (a link to the update), the period,
    the days overdue, the update's state and who owes it, with their contacts."""
    states = {"draft": _("Draft"), "returned": _("Returned")}
    not_started = _("Not started")
    out = []
    for item in items:
        obligation = item.obligation
        initiative = obligation.initiative
        owes = format_html("{}", initiative.lead)
        if item.contacts:
            owes += format_html('<br><span class="meta">{}</span>', "; ".join(item.contacts))
        out.append(format_html(
            '<tr>\n        <th scope="row"><a href="{}">{}</a></th>\n        <td>{}</td>\n'
            '        <td class="num">{}</td>\n        <td>{}</td>\n        <td>{}</td>\n'
            "      </tr>",
            reverse("workspace:update", args=[initiative.pk, obligation.period.pk]),
            initiative, obligation.period.label, number(obligation.days_overdue),
            states.get(obligation.status, not_started), owes,
        ))
    return mark_safe("\n".join(out))
