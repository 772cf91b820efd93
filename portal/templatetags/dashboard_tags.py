"""Template tags of the coordinator's dashboard: what a table repeats, written in Python.

A city's dashboard shows hundreds of rows; one template per row costs more than the rest of
the page. These tags write the HTML the templates wrote, with the same translated strings,
every value escaped as the templates escaped it. Words and number formats are looked up once
per template render (:func:`_words`), not once per cell.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.core.escaping import escape as _escape
from portal.core.figures import number_formatter, percent_formatter
from portal.core.i18n import current_language
from portal.dashboard import status as rule

from .portal_tags import long_date, marked_in, next_id

register = template.Library()

_TREND_ARROWS = {"improving": "↗", "worsening": "↘"}


class _Words:
    """What the tables write in the active language, looked up once per template render
    (:func:`_words`)."""

    def __init__(self) -> None:
        self.language = current_language()
        self.number = number_formatter()
        self.percent = percent_formatter()
        self.point = _("%(period)s: %(value)s")
        self.of_target = _("%(percent)s of the target (%(target)s)")
        self.target = _("target %(target)s")
        self.no_target = _escape(_("no target set"))
        self.missing = _("not reported: %(nr)s, withheld: %(wh)s")
        self.behind = _escape(_("Activities behind the latest value"))
        self.statuses = {key: _escape(label) for key, label in rule.STATUS_LABELS.items()}
        self.trends = {key: _escape(label) for key, label in rule.TREND_LABELS.items()}
        self.last_update = _("last approved update: %(period)s (approved %(date)s)")
        self.read_it = _escape(_("read it"))
        self.no_update = _escape(_("no approved update yet"))
        self.no_indicator = _escape(_("No indicator yet."))
        # The headings are translated outside the f-string: xgettext reads no call inside one.
        headings = (_("Indicator"), _("Progress so far"), _("Against the target"), _("Status"),
                    _("Trend over periods"))
        classes = ("", ' class="num"', "", "", "")
        cells = "".join(f'        <th scope="col"{css}>{_escape(heading)}</th>\n'
                        for css, heading in zip(classes, headings, strict=True))
        self.indicator_head = f"      <thead><tr>\n{cells}      </tr></thead>\n"
        self._paths: dict[tuple[str, int], str] = {}

    def marked(self, obj) -> str:
        """``obj|marked``, the language read once per render."""
        return marked_in(obj, language=self.language)

    def url(self, name: str, *ids: int) -> str:
        """``reverse(name, args=ids)``, escaped, for ids (integers): each name reversed once
        per render (in the active language) and its ids written in, instead of a resolver
        walk per link (a page has a hundred and fifty)."""
        if not all(type(pk) is int and pk >= 0 for pk in ids):
            return _escape(reverse(name, args=ids))
        key = (name, len(ids))
        pattern = self._paths.get(key)
        if pattern is None:
            pattern = self._paths[key] = _url_pattern(name, len(ids))
        return pattern.format(*ids) if pattern else _escape(reverse(name, args=ids))


# Ids that no real link has, reversed in place of the real ones to find where they go.
_MARKERS = (987654321, 987654322, 987654323)


def _url_pattern(name: str, count: int) -> str:
    """The escaped path of ``name`` with ``{0}``, ``{1}``… where its ``count`` integer
    arguments go ("" when that cannot be worked out: the caller reverses each link)."""
    markers = [str(m) for m in _MARKERS[:count]]
    if len(markers) < count:
        return ""
    path = _escape(reverse(name, args=_MARKERS[:count]))
    path = path.replace("{", "{{").replace("}", "}}")
    for index, marker in enumerate(markers):
        if path.count(marker) != 1:
            return ""
        path = path.replace(marker, f"{{{index}}}")
    return path


def _words(context) -> _Words:
    """The words of the template being rendered, kept in its render context (the
    dashboard has dozens of tables; an included template has a context of its own)."""
    words = context.render_context.get(_Words)
    if words is None:
        words = context.render_context[_Words] = _Words()
    return words


def _recent_values(row, words: _Words) -> str:
    """The latest approved values of an indicator row: "Q1 2022: 5 · Q2 2022: 7"."""
    show = words.percent if row.indicator.unit == "percent" else words.number
    pattern = words.point
    return " · ".join(
        pattern % {"period": point.label, "value": show(point.value)}
        for point in row.summary.recent
    )


def _bar(width: int) -> str:
    """``includes/bar.html``: a bar the width of a share, hidden from screen readers (the
    number is written beside it)."""
    return (
        '<svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" '
        f'focusable="false"><rect width="{int(width or 0)}" height="1"/></svg>'
    )


def _indicator_rows(context, rows, query: str = "") -> str:
    """The rows of an initiative's table of indicators: the indicator (a link to its
    turn-the-curve chart, and to the activities behind a derived value), progress so far,
    the bar and share of the target, the status, and the trend with the latest values."""
    words = _words(context)
    suffix = _escape(f"?{query}" if query else "")
    activities = words.url("workspace:activities")
    out = []
    for row in rows:
        indicator, summary = row.indicator, row.summary
        url = words.url("coordination:dashboard_indicator", indicator.pk)
        name = f'<a href="{url}{suffix}">{words.marked(indicator)}</a>'
        if indicator.source == "derived" and row.latest_period_id:
            name += (
                f'\n    <span class="help"><a href="{activities}?initiative='
                f'{_escape(indicator.initiative_id)}&amp;period={_escape(row.latest_period_id)}">'
                f"{words.behind}</a></span>"
            )
        if summary.progress is None:
            progress = "—"
        elif indicator.unit == "percent":
            progress = words.percent(summary.progress)
        else:
            progress = words.number(summary.progress)
        target_value = "" if indicator.target is None else words.number(indicator.target)
        if row.percent_of_target is not None:
            target = _bar(row.bar_width) + " " + _escape(words.of_target % {
                "percent": words.percent(row.percent_of_target), "target": target_value})
        elif indicator.target is not None:
            target = _escape(words.target % {"target": target_value})
        else:
            target = words.no_target
        status = (
            f'<span class="tag status-{_escape(row.status)}">{words.statuses[row.status]}</span>'
        )
        if summary.not_reported or summary.withheld:
            status += ' <span class="help">' + _escape(words.missing % {
                "nr": summary.not_reported, "wh": summary.withheld}) + "</span>"
        arrow = _TREND_ARROWS.get(row.trend)
        trend = words.trends[row.trend]
        if arrow:
            trend = f'<span aria-hidden="true">{arrow}</span> {trend}'
        if summary.recent:
            trend += f' <span class="help">{_escape(_recent_values(row, words))}</span>'
        out.append(
            f'<tr>\n  <th scope="row">{name}</th>\n  <td class="num">{_escape(progress)}</td>\n'
            f"  <td>{target}</td>\n  <td>{status}</td>\n  <td>{trend}</td>\n</tr>"
        )
    return "\n".join(out)


@register.simple_tag(takes_context=True)
def initiative_summary(context, summary, query: str = "") -> SafeString:
    """An initiative's article: its name, lead, zone and status, its last approved update,
    and a table of its indicators for each question they answer."""
    words = _words(context)
    initiative = summary.initiative
    pk = _escape(initiative.pk)
    last = summary.last_update
    if last is not None:
        url = words.url("coordination:review", last.pk)
        # As {% blocktranslate %} writes it: the values escaped, the sentence as translated.
        approved = words.last_update % {
            "period": _escape(last.period.label), "date": _escape(long_date(last.reviewed_at)),
        }
        last_text = f'{approved} <a href="{url}">{words.read_it}</a>'
    else:
        last_text = words.no_update
    out = [
        f'<article class="initiative-summary" aria-labelledby="initiative-{pk}">\n'
        f'    <h3 id="initiative-{pk}">{words.marked(initiative)}</h3>\n'
        f'    <p class="meta">{words.marked(initiative.lead)} · '
        f"{_escape(initiative.get_zone_display())} · "
        f"{_escape(initiative.get_status_display())}\n      · {last_text}</p>\n    "
    ]
    for question, rows in summary.groups:
        table_id = next_id(context, "table")
        out.append(
            f'\n    <div class="table-scroll" role="region" tabindex="0" '
            f'aria-labelledby="{table_id}"><table>\n'
            f'      <caption id="{table_id}">{_escape(question)}</caption>\n'
            f"{words.indicator_head}"
            f"      <tbody>\n      {_indicator_rows(context, rows, query)}\n      </tbody>\n"
            "    </table></div>\n    "
        )
    if not summary.groups:
        out.append(f"\n    <p>{words.no_indicator}</p>\n    ")
    out.append("\n  </article>")
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def completeness_rows(context, rows, query: str = "") -> SafeString:
    """The rows of a completeness table: who or when, then the counts and the two rates
    (an organisation's name links to the dashboard filtered by it)."""
    prefix = _escape(f"?{query}&organisation=" if query else "?organisation=")
    words = _words(context)
    number, percent = words.number, words.percent
    out = []
    for row in rows:
        if row.organisation is not None:
            name = words.marked(row.organisation)
            label = f'<a href="{prefix}{_escape(row.organisation.pk)}">{name}</a>'
        else:
            label = _escape(row.label)
        cells = [
            number(row.expected), number(row.submitted), number(row.on_time),
            number(row.late), number(row.approved), number(row.missing),
            "—" if row.reporting_rate is None else percent(row.reporting_rate),
            "—" if row.on_time_rate is None else percent(row.on_time_rate),
        ]
        out.append(
            f'<tr>\n      <th scope="row">{label}</th>\n'
            + "".join(f'      <td class="num">{_escape(cell)}</td>\n' for cell in cells)
            + "    </tr>"
        )
    return mark_safe("\n".join(out))


@register.simple_tag(takes_context=True)
def overdue_rows(context, items) -> SafeString:
    """The rows of the overdue updates: the initiative (a link to the update), the period,
    the days overdue, the update's state and who owes it, with their contacts."""
    words = _words(context)
    states = {"draft": _escape(_("Draft")), "returned": _escape(_("Returned"))}
    not_started = _escape(_("Not started"))
    number = words.number
    out = []
    for item in items:
        obligation = item.obligation
        initiative = obligation.initiative
        owes = words.marked(initiative.lead)
        if item.contacts:
            owes += f'<br><span class="meta">{_escape("; ".join(item.contacts))}</span>'
        url = words.url("workspace:update", initiative.pk, obligation.period.pk)
        days = "" if obligation.days_overdue is None else number(obligation.days_overdue)
        out.append(
            f'<tr>\n        <th scope="row"><a href="{url}">{words.marked(initiative)}</a></th>\n'
            f"        <td>{_escape(obligation.period.label)}</td>\n"
            f'        <td class="num">{_escape(days)}</td>\n'
            f"        <td>{states.get(obligation.status, not_started)}</td>\n"
            f"        <td>{owes}</td>\n      </tr>"
        )
    return mark_safe("\n".join(out))
