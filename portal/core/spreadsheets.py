"""Spreadsheets and CSV that are safe to open: text that a spreadsheet program would read as
a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed
with an apostrophe, as OWASP recommends; text cells are typed as text; numbers stay numbers
and dates stay dates. The dashboard's downloads, the reports' spreadsheets, the activity
exports and the import templates all write through here."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse

from portal.core.text import printable

Cell = str | int | Decimal | datetime.date | None

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    # The rows hold their cells as the CSV writes them (every text neutralised; the rest
    # numbers, dates, None): :func:`as_csv` writes them as they are, and they may be read
    # once (a generator).
    as_written: bool = False


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


def _csv_cell(cell: Cell) -> Cell:
    """A cell as the CSV writes it: empty, a date in ISO form, a number, neutralised text.
    The commonest types are told by ``type`` first (a download has tens of thousands of
    cells); anything else (subclasses, lazy text) takes the general path."""
    kind = type(cell)
    if kind is str:
        return neutralise(cell)
    if kind is int or kind is Decimal:
        return cell
    if cell is None:
        return ""
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return _text(cell)


# Cells csv.writer writes as the file shows them, untouched: a number as ``str()`` gives it,
# ``None`` as an empty cell, a date (exactly a date, not a datetime) as ``str()`` gives it,
# its ISO form.
_AS_WRITTEN = frozenset({int, Decimal, datetime.date, type(None)})


def _csv_rows(rows):
    """The rows as the CSV writes them (:func:`_csv_cell`), each distinct text neutralised
    once: a download repeats its initiatives' titles, leads and labels on thousands of rows.
    Numbers, dates and empty cells go to the writer as they are (it writes them as
    :func:`_csv_cell` would), without a call per cell."""
    texts: dict[str, str] = {}

    def convert(cell: Cell) -> Cell:
        if type(cell) is str:
            text = texts.get(cell)
            if text is None:
                text = texts[cell] = neutralise(cell)
            return text
        return _csv_cell(cell)

    as_written = _AS_WRITTEN
    for row in rows:
        yield [cell if type(cell) in as_written else convert(cell) for cell in row]


def as_csv(table: Table, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in table.headers])
    writer.writerows(table.rows if table.as_written else _csv_rows(table.rows))
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
