"""Every dashboard table as CSV and as a spreadsheet, built from the same selector results.

Numbers stay numbers and dates stay dates (in the spreadsheet, real numeric and date
cells). Text that a spreadsheet program would read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an apostrophe, as OWASP
recommends, and spreadsheet text cells are typed as text.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from initiatives.models import Indicator
from portal.core.spreadsheets import Cell, Table, as_csv, neutralise

from . import selectors
from . import status as rule
from .selectors import Completeness, CompletenessRow, IndicatorSeries, Overview

# --- The tables ----------------------------------------------------------------------------


def overview_table(overview: Overview) -> Table:
    return Table(
        "overview",
        _("Overview by priority area"),
        [
            _("Priority area"), _("Initiatives"), _("Active initiatives"), _("Indicators"),
            _("On track"), _("Behind"), _("Not enough data"), _("Latest approved period"),
        ],
        [
            [
                str(a.area), a.initiatives, a.active, a.indicators, a.on_track, a.behind,
                a.not_enough_data, a.latest_period.label if a.latest_period else None,
            ]
            for a in overview.areas
        ],
    )


def _indicators_headers() -> list[str]:
    return [
        _("Initiative"), _("Lead organisation"), _("Question answered"), _("Indicator"),
        _("Unit"), _("Latest approved value"), _("Progress so far"), _("Target"),
        _("Target date"), _("Share of target (%)"), _("Status"), _("Trend"),
        _("Approved values"), _("Not reported"), _("Withheld for safety"),
    ]


def _as_it_is(text: str) -> str:
    return text


def _neutralised(text: str | None) -> str | None:
    return None if text is None else neutralise(text)


def _indicators_rows(
    overview: Overview, text: Callable[[str], str] = _as_it_is
) -> Iterator[list]:
    """The indicators table's rows, one at a time, each text cell passed through ``text``
    once per distinct text (by default, left as it is)."""
    labels = {
        "how_much": _("How much did we do?"),
        "how_well": _("How well did we do it?"),
        "better_off": _("Is anyone better off?"),
    }
    # Every label in the language of the download, translated once, not once per row; each
    # initiative's title and lead once, not once per indicator.
    questions = {key: text(str(label)) for key, label in labels.items()}
    no_question = text("")
    units = {key: text(str(label)) for key, label in Indicator.Unit.choices}
    statuses = {key: text(str(label)) for key, label in rule.STATUS_LABELS.items()}
    trends = {key: text(str(label)) for key, label in rule.TREND_LABELS.items()}
    leads: dict[int, str] = {}
    for initiative in overview.initiatives:
        if initiative.lead_id not in leads:
            leads[initiative.lead_id] = text(str(initiative.lead))
    names = {i.pk: (text(str(i)), leads[i.lead_id]) for i in overview.initiatives}
    texts: dict[str, str] = {}
    cents = Decimal("0.01")
    # Rows, not model instances: the download reads each indicator's figures as rows
    # (selectors.table_lines), the status from the database on PostgreSQL.
    for (initiative_id, name, question, unit, latest, progress, target, target_date,
         percent_of_target, status, trend, points, not_reported, withheld,
         ) in selectors.table_lines(overview):
        title, lead = names[initiative_id]
        shown = texts.get(name)
        if shown is None:
            shown = texts[name] = text(name)
        unit_label = units.get(unit)
        if unit_label is None:
            unit_label = units[unit] = text(unit)
        yield [
            title, lead, questions.get(question, no_question), shown, unit_label, latest,
            None if progress is None else progress.quantize(cents), target, target_date,
            percent_of_target, statuses[status], trends[trend], points, not_reported,
            withheld,
        ]


def indicators_table(overview: Overview) -> Table:
    return Table("indicators", _("Indicators"), _indicators_headers(),
                 list(_indicators_rows(overview)))


def indicators_csv(overview: Overview, filename: str) -> HttpResponse:
    """The indicators table as CSV: the file :func:`indicators_table` gives through
    :func:`portal.core.spreadsheets.as_csv`, byte for byte, its rows written as they are
    read (each text neutralised once, the rest as the writer writes it)."""
    table = Table("indicators", _("Indicators"), _indicators_headers(),
                  _indicators_rows(overview, _neutralised),  # type: ignore[arg-type]
                  as_written=True)
    return as_csv(table, filename)


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _completeness_headers(first: str) -> list[str]:
    # Headings of columns of counts ("Soumises", plural), not the status of one update
    # ("Soumise"): their own msgids, with a context.
    return [
        first, pgettext("updates counted", "Expected"), pgettext("updates counted", "Submitted"),
        _("Submitted on time"), _("Submitted late"), pgettext("updates counted", "Approved"),
        _("Missing (overdue)"), _("Not yet due"), _("Reporting rate (%)"), _("On-time rate (%)"),
    ]


def _completeness_cells(row: CompletenessRow) -> list[Cell]:
    return [
        row.label, row.expected, row.submitted, row.on_time, row.late, row.approved,
        row.missing, row.pending, row.reporting_rate, row.on_time_rate,
    ]


def completeness_organisations_table(completeness: Completeness) -> Table:
    return Table(
        "completeness-organisations",
        _("Reporting by lead organisation"),
        _completeness_headers(_("Lead organisation")),
        [_completeness_cells(r) for r in completeness.by_organisation],
    )


def completeness_periods_table(completeness: Completeness) -> Table:
    return Table(
        "completeness-periods",
        _("Reporting by period"),
        _completeness_headers(_("Reporting period")),
        [_completeness_cells(r) for r in completeness.by_period],
    )


def overdue_table(completeness: Completeness) -> Table:
    statuses = {"draft": _("Draft"), "returned": _("Returned")}
    return Table(
        "overdue",
        _("Overdue updates"),
        [
            _("Initiative"), _("Lead organisation"), _("Reporting period"), _("Due date"),
            _("Days overdue"), _("Update"), _("Who owes it"),
        ],
        [
            [
                str(o.obligation.initiative), str(o.obligation.initiative.lead),
                o.obligation.period.label, o.obligation.period.due, o.obligation.days_overdue,
                statuses.get(o.obligation.status or "", _("Not started")),
                "; ".join(o.contacts),
            ]
            for o in completeness.overdue
        ],
    )


def series_table(series: IndicatorSeries) -> Table:
    states = {
        "reported": "", "not_reported": _("Not reported"), "withheld": _("Withheld for safety"),
    }
    indicator = series.indicator
    headers = [_("Period"), _("Start"), _("End"), _("Approved value")]
    if series.cumulative:
        headers.append(_("Cumulative"))
    headers.append(_("Note"))
    rows: list[list[Cell]] = []
    if indicator.baseline is not None:
        rows.append(
            [_("Baseline"), None, indicator.baseline_date, indicator.baseline]
            + ([None] if series.cumulative else []) + [""]
        )
    for point in series.points:
        rows.append(
            [point.period.label, point.period.start, point.period.end, point.value]
            + ([point.cumulative] if series.cumulative else [])
            + [str(states.get(point.state, ""))]
        )
    if indicator.target is not None:
        rows.append(
            [_("Target"), None, indicator.target_date, indicator.target]
            + ([None] if series.cumulative else []) + [""]
        )
    return Table(f"indicator-{indicator.pk}", str(indicator)[:31], headers, rows)


FILE_STEMS = {
    "overview": gettext_lazy("dashboard-overview"),
    "indicators": gettext_lazy("dashboard-indicators"),
    "completeness-organisations": gettext_lazy("reporting-by-organisation"),
    "completeness-periods": gettext_lazy("reporting-by-period"),
    "overdue": gettext_lazy("overdue-updates"),
}


def filename(table: str, today: datetime.date) -> str:
    stem = FILE_STEMS.get(table) or table
    return f"{slugify(str(stem))}-{today.isoformat()}"
