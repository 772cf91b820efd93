"""Read an uploaded spreadsheet (CSV, XLSX or ODS) into a header row and data rows.

Nothing here trusts the file. Its kind is decided from its bytes, not its name:

* a ZIP archive is an XLSX workbook or an ODS spreadsheet; before either is opened, the
  archive's listing is checked (``_check_archive``) so that a "zip bomb" (a few kilobytes
  expanding to gigabytes) is refused unread. Declared sizes bound what ``zipfile`` reads,
  and the XML is parsed with ``defusedxml`` (no entity expansion);
* anything else must be text: UTF-8 (with or without a byte-order mark) or Windows-1252,
  comma-, semicolon- or tab-separated (the delimiter that yields the most known column
  names wins: French spreadsheet programs write ``;``). A file with NUL bytes (an image,
  an old ``.xls``) is not a spreadsheet.

Cells come back as ``str``, ``int``, ``float``, ``datetime.date``/``datetime`` or
``None``; a formula comes back as :class:`Formula` (never evaluated). Fully empty rows are
skipped; each row keeps its number as the spreadsheet program shows it (the header is
row 1). Every refusal is a :class:`FileRejected` whose message is in the active language.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Cell = str | int | float | datetime.date | None

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
MAX_COLUMNS = 60
# The last row of a sheet in Excel and LibreOffice: a file numbering a row below it was not
# written by a spreadsheet program.
MAX_SHEET_ROW = 1_048_576
MAX_ARCHIVE_ENTRIES = 2000
MAX_RATIO = 200  # uncompressed / compressed, for entries big enough to matter


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula: refused, never evaluated."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Sheet:
    headers: list[str]
    # (row number in the spreadsheet, cells)
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    kind: str = ""


class FileRejected(Exception):
    """The file as a whole cannot be imported; ``message`` says why, in the active language."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        p = self.params
        if self.code == "empty":
            return _("The file is empty: it has no rows of activities under its header row.")
        if self.code == "too_large":
            return _(
                "The file is %(size)s, more than the %(limit)s the portal accepts: split it "
                "into smaller files."
            ) % dict(zip(("size", "limit"), _sizes(p["size"], p["limit"]), strict=True))
        if self.code == "too_many_rows":
            return ngettext(
                "The file has more than %(limit)s row of activities: split it into smaller "
                "files.",
                "The file has more than %(limit)s rows of activities: split it into smaller "
                "files.",
                p["limit"],
            ) % {"limit": p["limit"]}
        if self.code == "old_excel":
            return _(
                "This is an old Excel file (.xls), which the portal cannot read: save it as "
                "XLSX, ODS or CSV and upload it again."
            )
        if self.code == "unsafe_archive":
            return _(
                "This file expands to far more than its size once opened, which no "
                "spreadsheet does: it was refused unread. Save it again from your "
                "spreadsheet program."
            )
        if self.code == "damaged":
            return _(
                "The file looks like a spreadsheet but cannot be read (it may be damaged or "
                "protected by a password): open it in your spreadsheet program and save it "
                "again as XLSX, ODS or CSV."
            )
        if self.code == "row_out_of_range":
            return _(
                "The file numbers a row %(row)s, below the last row a spreadsheet can hold "
                "(%(last)s): it was not written by a spreadsheet program. Open it in yours "
                "and save it again."
            ) % {"row": number_format(p["row"], force_grouping=True),
                 "last": number_format(MAX_SHEET_ROW, force_grouping=True)}
        if self.code == "cell_too_long":
            return _(
                "A cell of the file holds more than %(limit)s characters, far more than any "
                "column of the template allows: check the file (a missing quote can join "
                "thousands of lines into one cell) and upload it again."
            ) % {"limit": number_format(p["limit"], force_grouping=True)}
        if self.code == "no_header":
            return _("The first row must hold the column names, and it is empty.")
        return _(
            "This file is not a spreadsheet the portal can read: save it as CSV, XLSX or ODS "
            "and upload it again."
        )


def _sizes(size: int, limit: int) -> tuple[str, str]:
    """Two sizes as people read them; in bytes when rounding would make them look the same
    ("5.0 MB, more than the 5.0 MB")."""
    shown = filesizeformat(size), filesizeformat(limit)
    if shown[0] != shown[1]:
        return shown
    return tuple(
        ngettext("%(count)s byte", "%(count)s bytes", n)
        % {"count": number_format(n, force_grouping=True)}
        for n in (size, limit)
    )


def read(data: bytes, *, known_headers: Callable[[str], bool] = lambda h: False) -> Sheet:
    """The file's header row and data rows, or :class:`FileRejected`.

    ``known_headers`` tells whether a header cell names a known column; it only helps to
    choose a CSV file's delimiter.
    """
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise FileRejected("too_large", size=len(data), limit=limit)
    if not data.strip():
        raise FileRejected("empty")
    if data.startswith(b"PK\x03\x04"):
        archive = _open_archive(data)
        if _is_ods(archive):
            return _collect(_ods_rows(archive), "ods")
        if "xl/workbook.xml" in archive.namelist():
            return _collect(_xlsx_rows(data), "xlsx")
        raise FileRejected("not_spreadsheet")
    if data.startswith(OLE2_MAGIC):
        raise FileRejected("old_excel")
    return _collect(_csv_rows(_decode(data), known_headers), "csv")


# --- Rows, whatever the format -------------------------------------------------------------


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _collect(rows: Iterable[tuple[int, list[Cell]]], kind: str) -> Sheet:
    limit = settings.IMPORT_MAX_ROWS
    headers: list[str] | None = None
    sheet = Sheet(headers=[], kind=kind)
    for number, cells in rows:
        if number > MAX_SHEET_ROW and kind != "csv":
            raise FileRejected("row_out_of_range", row=number)
        if headers is None:
            if all(_blank(c) for c in cells):
                raise FileRejected("no_header")
            headers = ["" if _blank(c) else str(c).strip() for c in cells[:MAX_COLUMNS]]
            while headers and not headers[-1]:
                headers.pop()
            sheet.headers = headers
            continue
        cells = cells[: len(headers)]
        if all(_blank(c) for c in cells):
            continue
        if len(sheet.rows) >= limit:
            raise FileRejected("too_many_rows", limit=limit)
        cells += [None] * (len(headers) - len(cells))
        sheet.rows.append((number, cells))
    if headers is None:
        raise FileRejected("empty")
    if not sheet.rows:
        raise FileRejected("empty")
    return sheet


# --- CSV -----------------------------------------------------------------------------------


# Control characters other than tab and line ends (and DEL): binary, not text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(data: bytes) -> str:
    # Anywhere in the file, not only at its start: a NUL deep in a CSV was stored by SQLite
    # and refused by PostgreSQL once the rows were saved, leaving the import stuck.
    if b"\x00" in data:
        raise FileRejected("not_spreadsheet")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text):
            raise FileRejected("not_spreadsheet")
        return text
    raise FileRejected("not_spreadsheet")


def _csv_rows(
    text: str, known_headers: Callable[[str], bool]
) -> Iterator[tuple[int, list[Cell]]]:
    first_line = re.split(r"\r\n|\r|\n", text.lstrip("\r\n"), maxsplit=1)[0]

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(1 for c in cells if known_headers(c)), len(cells)

    delimiter = max((",", ";", "\t"), key=score)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            yield number, list(row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise FileRejected("cell_too_long", limit=csv.field_size_limit()) from error
        raise FileRejected("not_spreadsheet") from error


# --- ZIP-based formats ---------------------------------------------------------------------


def _open_archive(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise FileRejected("damaged") from error
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise FileRejected("unsafe_archive")
    total = 0
    for entry in entries:
        total += entry.file_size
        big = entry.file_size > 1_000_000
        if big and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise FileRejected("unsafe_archive")
    if total > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise FileRejected("unsafe_archive")
    return archive


def _is_ods(archive: zipfile.ZipFile) -> bool:
    try:
        return archive.read("mimetype").strip() == ODS_MIMETYPE
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Cell]]]:
    """The first sheet's rows as the file holds them, each with its own number.

    openpyxl's ``iter_rows`` makes up every row missing between two rows of the file and
    down to the row its ``<dimension>`` declares: a 5 KB file declaring a row 10,000,000 was
    walked row by empty row for minutes. So the rows are read from openpyxl's sheet parser
    as they come, gaps cost nothing, and the dimension is not read; each row is at most
    ``MAX_COLUMNS`` wide whatever columns it names. (openpyxl's private parser: pinned to
    3.1 in pyproject.toml; ``test_the_xlsx_reader_uses_openpyxls_parser_as_it_is`` fails if
    it changes.)
    """
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
        sheet = workbook.worksheets[0]
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source, sheet._shared_strings, data_only=False, epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, parsed in parser.parse():
                cells: list[Cell] = []
                for cell in parsed:
                    column = cell["column"]
                    if column > MAX_COLUMNS:
                        continue
                    if column > len(cells):
                        cells.extend([None] * (column - len(cells)))
                    value = cell["value"]
                    if cell["data_type"] == "f":
                        value = Formula(str(value))
                    elif isinstance(value, bool):
                        value = str(value)
                    cells[column - 1] = value
                yield number, cells
        workbook.close()
    except FileRejected:
        raise
    except Exception as error:  # noqa: BLE001 - any library failure: a damaged file
        raise FileRejected("damaged") from error


# OpenDocument's namespaces (ODF 1.2).
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _ods_cell(element) -> Cell:
    if element.get(f"{{{TABLE}}}formula"):
        return Formula(element.get(f"{{{TABLE}}}formula"))
    kind = element.get(f"{{{OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        number = float(element.get(f"{{{OFFICE}}}value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        value = element.get(f"{{{OFFICE}}}date-value", "")
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    paragraphs = ["".join(p.itertext()) for p in element.iter(f"{{{TEXT}}}p")]
    text = "\n".join(paragraphs)
    return text or None


def _ods_rows(archive: zipfile.ZipFile) -> Iterator[tuple[int, list[Cell]]]:
    from defusedxml.ElementTree import iterparse

    row_tag, cell_tags = f"{{{TABLE}}}table-row", {
        f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"
    }
    table_tag = f"{{{TABLE}}}table"
    limit = settings.IMPORT_MAX_ROWS + 2
    produced = number = 0
    try:
        with archive.open("content.xml") as stream:
            for _event, element in iterparse(stream, events=("end",)):
                if element.tag == row_tag:
                    cells: list[Cell] = []
                    for cell in element:
                        if cell.tag not in cell_tags:
                            continue
                        value = _ods_cell(cell)
                        repeat = int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
                        cells.extend([value] * min(repeat, MAX_COLUMNS - len(cells)))
                        if len(cells) >= MAX_COLUMNS:
                            break
                    repeat = int(element.get(f"{{{TABLE}}}number-rows-repeated", "1"))
                    element.clear()
                    if all(_blank(c) for c in cells):
                        number += repeat  # blank rows, often "repeated" a million times
                        continue
                    for _copy in range(min(repeat, limit)):
                        produced += 1
                        number += 1
                        yield number, list(cells)
                    if produced > limit:
                        return
                elif element.tag == table_tag:
                    return  # the first sheet only
    except FileRejected:
        raise
    except Exception as error:  # noqa: BLE001 - malformed XML, entities refused, etc.
        raise FileRejected("damaged") from error
