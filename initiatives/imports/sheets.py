"""Spreadsheets the workspace hands out: the import template and the activity export,
both in the reader's language, every text cell protected against formula injection
(``portal.core.spreadsheets.neutralise``)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.core.spreadsheets import XLSX_TYPE, neutralise, write_sheet

from ..models import Activity, Initiative
from .columns import CHOICES, COLUMNS

CSV_TYPE = "text/csv; charset=utf-8"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The template --------------------------------------------------------------------------


def template_headers() -> list[str]:
    return [c.label for c in COLUMNS]


def template_csv() -> HttpResponse:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(template_headers())
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type=CSV_TYPE)
    return _attachment(response, _("activities-template") + ".csv")


def template_xlsx(initiatives: Iterable[Initiative]) -> HttpResponse:
    """The columns on the first sheet, with drop-down lists of the initiatives the person
    may log for and of each choice, listed on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = capfirst(_("activities"))[:31]
    write_sheet(sheet, template_headers(), [])
    lists = workbook.create_sheet(_("Lists")[:31])
    listed = {
        "initiative": [i.title for i in initiatives],
        **{key: [str(label) for label in choice.labels] for key, choice in CHOICES.items()},
    }
    keys = [c.key for c in COLUMNS]
    for list_index, (key, values) in enumerate(listed.items(), start=1):
        letter = lists.cell(row=1, column=list_index).column_letter
        lists.cell(row=1, column=list_index, value=next(c.label for c in COLUMNS
                                                         if c.key == key))
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_index, value=neutralise(value)).data_type = "s"
        lists.column_dimensions[letter].width = min(max(len(v) for v in [key, *values]) + 2,
                                                    60)
        if not values:
            continue
        target = sheet.cell(row=2, column=keys.index(key) + 1).column_letter
        validation = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=False,
        )
        sheet.add_data_validation(validation)
        validation.add(f"{target}2:{target}5000")
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 22 if column.key != "notes" else 40
        if column.key == "date":
            for row in range(2, 200):
                sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE),
                       _("activities-template") + ".xlsx")


# --- The export ----------------------------------------------------------------------------


def export_headers() -> list[str]:
    headers = template_headers()
    headers.insert(2, str(capfirst(Activity._meta.get_field("organisation").verbose_name)))
    return headers


def export_rows(activities: QuerySet[Activity]) -> Iterator[list]:
    """One row per activity, labels in the active language; the same columns as the
    template plus the delivering organisation, so an export can be imported again."""
    labels = {key: dict(choice.choices) for key, choice in CHOICES.items()}
    queryset = activities.select_related("initiative", "organisation").order_by("-date", "-pk")
    for a in queryset.iterator(chunk_size=2000):
        yield [
            a.date, a.initiative.title, a.organisation.name, str(labels["kind"][a.kind]),
            a.title, a.participants, str(labels["audience"][a.audience]),
            str(labels["language"][a.language]), a.neighbourhood, a.notes,
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(cell) -> object:
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, str):
        return neutralise(cell)
    return cell


def export_csv(activities: QuerySet[Activity], filename: str) -> StreamingHttpResponse:
    """Streamed, so a coordinator's export of every activity never sits in memory."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([neutralise(h) for h in export_headers()])
        for row in export_rows(activities):
            yield writer.writerow([_csv_cell(c) for c in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(activities: QuerySet[Activity], filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = capfirst(_("activities"))[:31]
    write_sheet(sheet, export_headers(), list(export_rows(activities)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE),
                       f"{filename}.xlsx")
