"""Spreadsheet files for the import tests: CSV in any dialect, XLSX and ODS."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from xml.sax.saxutils import escape


def csv_bytes(rows: list[list], *, delimiter: str = ",", encoding: str = "utf-8",
              bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if c is None else c.isoformat() if isinstance(c, datetime.date)
                         else c for c in row])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: list[list], *, formulas: dict[tuple[int, int], str] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for (row, column), formula in (formulas or {}).items():
        sheet.cell(row=row, column=column, value=formula)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, datetime.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="'
                f'{value.isoformat()}"><text:p>{value.isoformat()}</text:p></table:table-cell>')
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            f"</text:p></table:table-cell>")


def ods_bytes(rows: list[list]) -> bytes:
    """A spreadsheet as LibreOffice writes it, down to the million blank rows at the end."""
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row)
        + '<table:table-cell table:number-columns-repeated="1014"/></table:table-row>'
        for row in rows
    )
    body += ('<table:table-row table:number-rows-repeated="1048000">'
             '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Feuille1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A "workbook" whose one part expands from about 100 KB to 100 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(100):
                part.write(chunk)
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def xlsx_with_far_row(rows: list[list], row: int) -> bytes:
    """An XLSX of ``rows`` that also holds one cell at row ``row``, its dimension declaring
    that far down: 5 KB that openpyxl's row iterator walks row by empty row."""
    import re

    data = xlsx_bytes(rows)
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                text = text.replace(
                    "</sheetData>",
                    f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'
                    "</sheetData>",
                )
                text = re.sub(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="A1:J{row}"/>',
                              text)
                body = text.encode()
            archive.writestr(item, body)
    return buffer.getvalue()


def ods_with_repeated_row(rows: list[list], repeat: int) -> bytes:
    """An ODS whose last row of ``rows`` is "repeated" ``repeat`` times."""
    data = ods_bytes(rows)
    source = zipfile.ZipFile(io.BytesIO(data))
    content = source.read("content.xml").decode()
    last = content.rfind("<table:table-row>", 0, content.find("number-rows-repeated"))
    content = (content[:last] + f'<table:table-row table:number-rows-repeated="{repeat}">'
               + content[last + len("<table:table-row>"):])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, content if item.filename == "content.xml"
                             else source.read(item.filename))
    return buffer.getvalue()
