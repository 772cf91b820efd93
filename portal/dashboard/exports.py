"""Every dashboard table as CSV and as a spreadsheet, built from the same selector results.

Numbers stay numbers and dates stay dates (in the spreadsheet, real numeric and date
cells). Text that a spreadsheet program would read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an apostrophe, as OWASP
recommends, and spreadsheet text cells are typed as text.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.text import printable

from .selectors import Completeness, CompletenessRow, IndicatorSeries, Overview

Cell = str | int | Decimal | datetime.date | None

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]


def neutralise(text: str) -> str:
    """Text that cannot run as a formula when a spreadsheet program opens the file, and
    holds no control character (which XLSX cannot carry, whatever older rows hold)."""
    text = printable(text)
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _text(cell: Cell) -> Cell:
    if cell is None or isinstance(cell, int | Decimal | datetime.date):
        return cell
    return neutralise(str(cell))


def as_csv(table: Table, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in table.headers])
    for row in table.rows:
        writer.writerow(
            [
                "" if c is None else c.isoformat() if isinstance(c, datetime.date) else _text(c)
                for c in row
            ]
        )
    # A byte-order mark so that spreadsheet programs read the file as UTF-8 (accents).
    response = HttpResponse(
        "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def write_sheet(sheet, headers: list[str], rows: list[list[Cell]]) -> None:
    """Fill a worksheet: bold frozen headers, numbers and dates typed, every text cell
    neutralised and typed as text (never a formula), columns as wide as their content.
    The dashboard's downloads and the compiled reports' spreadsheets both use it."""
    from openpyxl.styles import Font

    sheet.append([neutralise(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_text(c) for c in row])
    for line in sheet.iter_rows(min_row=1):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)


def as_xlsx(table: Table, filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31].replace("/", "-")
    write_sheet(sheet, table.headers, table.rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


FORMATS: dict[str, Callable[[Table, str], HttpResponse]] = {"csv": as_csv, "xlsx": as_xlsx}


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


def indicators_table(overview: Overview) -> Table:
    labels = {
        "how_much": _("How much did we do?"),
        "how_well": _("How well did we do it?"),
        "better_off": _("Is anyone better off?"),
    }
    initiatives = {i.pk: i for i in overview.initiatives}
    rows = []
    for row in overview.rows.values():
        indicator = row.indicator
        initiative = initiatives[indicator.initiative_id]
        latest = row.summary.latest
        rows.append(
            [
                str(initiative), str(initiative.lead), labels.get(indicator.question, ""),
                str(indicator), indicator.get_unit_display(),
                latest.value if latest else None,
                _round(row.summary.progress), indicator.target, indicator.target_date,
                row.percent_of_target, str(row.status_label), str(row.trend_label),
                row.summary.points, row.summary.not_reported, row.summary.withheld,
            ]
        )
    return Table(
        "indicators",
        _("Indicators"),
        [
            _("Initiative"), _("Lead organisation"), _("Question answered"), _("Indicator"),
            _("Unit"), _("Latest approved value"), _("Progress so far"), _("Target"),
            _("Target date"), _("Share of target (%)"), _("Status"), _("Trend"),
            _("Approved values"), _("Not reported"), _("Withheld for safety"),
        ],
        rows,
    )


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _completeness_headers(first: str) -> list[str]:
    return [
        first, _("Expected"), _("Submitted"), _("Submitted on time"), _("Submitted late"),
        _("Approved"), _("Missing (overdue)"), _("Not yet due"), _("Reporting rate (%)"),
        _("On-time rate (%)"),
    ]


def _completeness_cells(row: CompletenessRow) -> list[Cell]:
    return [
        row.label, row.expected, row.submitted, row.on_time, row.late, row.approved,
        row.missing, row.pending, row.reporting_rate, row.on_time_rate,
    ]


def completeness_organisations_table(completeness: Completeness) -> Table:
    return Table(
        "completeness-organisations",
        _("Reporting by organisation"),
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
