"""CSV and JSON of a dataset's records.

CSV is written as :func:`portal.core.spreadsheets.as_csv` writes a table (UTF-8 with a
byte-order mark, one header row of the stable column names, text cells neutralised against
formula injection); a list is one cell, its values joined with
:data:`~portal.opendata.datasets.LIST_SEPARATOR`. JSON is an object: ``metadata`` (the
dataset, its data dictionary in both languages, the suppression marker, when it was made)
and ``records``, one object per row with the same names as the CSV's columns.

Both are streamed (``StreamingHttpResponse``): the first bytes leave as soon as the first
records are read, and a file of any size is written in constant memory. The page cache
(``portal.core.pagecache``) keeps a copy of the finished file for the next visitors.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse

from portal.core.figures import rounding_base, suppression_marker, threshold
from portal.core.spreadsheets import _text, neutralise

from .datasets import LIST, LIST_SEPARATOR, Dataset, suppression_note
from .selectors import Rows, in_both


def _csv_cell(value: object) -> object:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(neutralise(str(v)) for v in value)
    return value


# Records written per chunk of the response: few writes to the socket, little memory.
CHUNK_RECORDS = 500


class _Line:
    """A file-like object whose ``write`` returns what it is given (csv.writer's output,
    one line at a time, for a streamed response)."""

    def write(self, text: str) -> str:
        return text


def _cell_converter():
    """``cell(value)``: a cell as ``portal.core.spreadsheets.as_csv`` writes it (a list as
    one cell of its values joined), each distinct text or date worked out once per file
    (titles, names, labels and dates repeat on every row). Plain type checks, no call per
    cell beyond this one: a file of indicator values has hundreds of thousands of cells."""
    known: dict[object, object] = {}

    def cell(value: object) -> object:
        kind = type(value)
        if kind is str:
            found = known.get(value)
            if found is None:
                found = known[value] = _text(value)
            return found
        if value is None:
            return ""
        if kind is int or kind is Decimal or kind is bool:
            return value
        if kind is list:
            return _text(LIST_SEPARATOR.join(neutralise(str(v)) for v in value))
        if isinstance(value, datetime.date):
            key = (kind, value)
            found = known.get(key)
            if found is None:
                found = known[key] = value.isoformat()
            return found
        if isinstance(value, int | Decimal):
            return value
        return _text(value)

    return cell


def csv_lines(dataset: Dataset, rows: Rows) -> Iterator[bytes]:
    """The CSV of ``rows`` in chunks of bytes, as ``portal.core.spreadsheets.as_csv`` writes
    a table (a byte-order mark so that spreadsheet programs read UTF-8, a header row of the
    stable column names, text neutralised), without holding the file in memory."""
    writer = csv.writer(_Line())
    names = dataset.names
    # A byte-order mark so that spreadsheet programs read the file as UTF-8 (accents).
    yield ("\ufeff" + writer.writerow([neutralise(h) for h in names])).encode("utf-8")
    cell = _cell_converter()
    writerow = writer.writerow
    # The leading columns shared by a run of records (an indicator's, on each of its
    # records) are written once per run: a CSV row is its cells, each quoted on its own,
    # joined by commas, so the head's text followed by the rest's is the whole row's.
    shared = 0
    if rows.shared_key:
        while shared < len(names) - 1 and names[shared] in rows.shared:
            shared += 1
    head, tail = names[:shared], names[shared:]
    ending = len(writer.dialect.lineterminator)
    current: object = _NO_KEY
    head_text = ""
    chunk: list[str] = []
    for record in rows.records:
        if shared:
            key = record[rows.shared_key]
            if key is not current and key != current:
                head_text = writerow([cell(record[name]) for name in head])[:-ending] + ","
                current = key
            chunk.append(head_text + writerow([cell(record[name]) for name in tail]))
        else:
            chunk.append(writerow([cell(record[name]) for name in names]))
        if len(chunk) >= CHUNK_RECORDS:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    if chunk:
        yield "".join(chunk).encode("utf-8")


_NO_KEY = object()


def to_csv(dataset: Dataset, rows: Rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(dataset, rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    raise TypeError(f"Not serialisable in open data: {type(value).__name__}")


def metadata(dataset: Dataset, rows: Rows, *, generated_at: datetime.datetime,
             filters: dict[str, object]) -> dict[str, object]:
    site = settings.SITE_URL.rstrip("/")
    return {
        "dataset": dataset.key,
        "title": in_both(lambda: dataset.title),
        "description": in_both(lambda: dataset.description),
        "generated_at": generated_at,
        "data_as_of": rows.data_as_of,
        "filters": filters,
        "suppression": {
            "threshold": threshold(),
            "rounding_base": rounding_base(),
            "marker": suppression_marker(),
            "withheld_share": None,
            "explanation": in_both(suppression_note),
        },
        "list_separator_in_csv": LIST_SEPARATOR,
        "documentation": {
            lang: site + url for lang, url in in_both(lambda: reverse("portal:open_data")).items()
        },
        "columns": [
            {
                "name": column.name,
                "type": column.type,
                "description": in_both(lambda c=column: c.description),
            }
            for column in dataset.columns
        ],
        "record_count": rows.count,
    }


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=_json_default)


# A flat record laid out as json.dumps(..., indent=1) lays it out two levels in, by the C
# encoder (indent=None, which an indent would replace by the far slower Python one).
_flat = json.JSONEncoder(ensure_ascii=False, separators=(",\n   ", ": "),
                         default=_json_default).encode


def _record_text(record: dict[str, object]) -> str:
    if any(isinstance(v, list | dict) for v in record.values()):
        return "  " + _dumps(record).replace("\n", "\n  ")
    return "  {\n   " + _flat(record)[1:-1] + "\n  }"


def json_chunks(dataset: Dataset, rows: Rows, *, generated_at: datetime.datetime,
                filters: dict[str, object]) -> Iterator[bytes]:
    """The JSON document, ``{"metadata": …, "records": […]}``, in chunks of bytes: the text
    ``json.dumps(document, ensure_ascii=False, indent=1)`` gives, record by record."""
    head = _dumps(metadata(dataset, rows, generated_at=generated_at, filters=filters))
    yield ('{\n "metadata": ' + head.replace("\n", "\n ") + ',\n "records": [').encode("utf-8")
    names = dataset.names
    # Without a list column, every record is flat: laid out by the C encoder directly.
    flat = all(column.type != LIST for column in dataset.columns)
    chunk: list[str] = []
    separator = "\n"
    for record in rows.records:
        # Each record with the CSV's columns, in their order, two levels in (a newline
        # inside a string is written "\n": every newline here is the layout's).
        ordered = {name: record[name] for name in names}
        chunk.append(separator + ("  {\n   " + _flat(ordered)[1:-1] + "\n  }" if flat
                                  else _record_text(ordered)))
        separator = ",\n"
        if len(chunk) >= CHUNK_RECORDS:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    chunk.append("\n ]\n}" if separator != "\n" else "]\n}")
    yield "".join(chunk).encode("utf-8")


def to_json(dataset: Dataset, rows: Rows, filename: str, *, generated_at: datetime.datetime,
            filters: dict[str, object]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        json_chunks(dataset, rows, generated_at=generated_at, filters=filters),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
