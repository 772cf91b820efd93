"""CSV and JSON of a dataset's records.

CSV goes through :func:`portal.core.spreadsheets.as_csv` (UTF-8 with a
byte-order mark, one header row of the stable column names, text cells neutralised against
formula injection); a list is one cell, its values joined with
:data:`~portal.opendata.datasets.LIST_SEPARATOR`. JSON is an object: ``metadata`` (the
dataset, its data dictionary in both languages, the suppression marker, when it was made)
and ``records``, one object per row with the same names as the CSV's columns.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from portal.core.figures import rounding_base, suppression_marker, threshold
from portal.core.spreadsheets import Table, as_csv, neutralise

from .datasets import LIST_SEPARATOR, Dataset, suppression_note
from .selectors import Rows, in_both


def _csv_cell(value: object) -> object:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(neutralise(str(v)) for v in value)
    return value


def to_csv(dataset: Dataset, rows: Rows, filename: str) -> HttpResponse:
    table = Table(
        name=dataset.key,
        title=str(dataset.title),
        headers=dataset.names,
        rows=[[_csv_cell(record[name]) for name in dataset.names] for record in rows.records],
    )
    return as_csv(table, filename)


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
        "record_count": len(rows.records),
    }


def to_json(dataset: Dataset, rows: Rows, filename: str, *, generated_at: datetime.datetime,
            filters: dict[str, object]) -> HttpResponse:
    document = {
        "metadata": metadata(dataset, rows, generated_at=generated_at, filters=filters),
        # Each record with the CSV's columns, in their order.
        "records": [{name: record[name] for name in dataset.names} for record in rows.records],
    }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1, default=_json_default),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
