"""Open data described for catalogues, so a city's open-data portal can harvest it.

* :func:`dataset_jsonld` — a schema.org ``Dataset`` per dataset (in the open-data page, as
  JSON-LD): bilingual name and description, licence, publisher, temporal coverage, one
  ``DataDownload`` per format;
* :func:`dcat_catalogue` — the same datasets as a DCAT catalogue (JSON-LD, W3C DCAT 2
  vocabulary), each distribution with its download URL and, for CSV, the Table Schema it
  conforms to;
* :func:`table_schema` — a Frictionless Table Schema per CSV: its columns in order, their
  types, their meaning, and ``<5`` declared as the marker of a suppressed small count.

The licence is a setting (``OPEN_DATA_LICENCE``), by default the City of Ottawa's Open Data
Licence version 2.0 (the Open Government Licence – Canada 2.0 adapted by the City).
Temporal coverage comes from the data itself: one aggregate query per dataset.
"""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from initiatives.models import IndicatorValue, ProgressUpdate
from initiatives.selectors import public_initiatives
from portal.core.figures import suppression_marker

from .datasets import DATE, DATETIME, DECIMAL, FIGURE, INTEGER, LIST, STRING, URL, Dataset
from .selectors import LANGS, in_both

FORMATS = {"csv": "text/csv", "json": "application/json"}


def site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def url_in(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        return site(reverse(name, kwargs=kwargs or None))


def licence() -> dict[str, dict[str, str]]:
    """The open licence of the files: its name and address in each language."""
    return settings.OPEN_DATA_LICENCE


def publisher() -> dict[str, object]:
    return {
        "name": in_both(lambda: pgettext("publisher", "Community Safety Partnership")),
        "url": site("/"),
    }


def keywords() -> dict[str, list[str]]:
    words = in_both(lambda: pgettext("keywords", "community safety, crime prevention, "
                                                 "well-being, Ottawa"))
    return {lang: [w.strip() for w in text.split(",")] for lang, text in words.items()}


# --- Temporal coverage ---------------------------------------------------------------------


def temporal_coverage(dataset: Dataset) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day the dataset's records cover (None when it has no dates)."""
    if dataset.key == "indicator-values":
        span = IndicatorValue.objects.filter(
            update__status=ProgressUpdate.Status.APPROVED,
            state=IndicatorValue.State.REPORTED, indicator__is_public=True,
            update__initiative__in=public_initiatives(),
        ).aggregate(start=Min("update__period__start"), end=Max("update__period__end"))
        return span["start"], span["end"]
    if dataset.key == "initiatives":
        span = public_initiatives().aggregate(start=Min("start"), end=Max("end"))
        return span["start"], span["end"]
    return None, None


def _interval(start: datetime.date | None, end: datetime.date | None) -> str | None:
    """ISO 8601 interval ("2021-01-01/2022-06-30"; open-ended: "2021-01-01/..")."""
    if start is None:
        return None
    return f"{start.isoformat()}/{end.isoformat() if end else '..'}"


# --- schema.org -------------------------------------------------------------------------------


def _language_values(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"@language": lang, "@value": values[lang]} for lang in LANGS]


def dataset_jsonld(dataset: Dataset, lang: str) -> dict[str, object]:
    """A schema.org ``Dataset`` for the open-data page in ``lang``: ``name`` and
    ``description`` (the fields Google's Dataset Search requires, as plain text) in the
    page's language, ``alternateName`` in the other (the page in the other language carries
    the other description; the DCAT catalogue carries both), and the licence, publisher,
    coverage and downloads."""
    names = in_both(lambda: dataset.title)
    descriptions = in_both(lambda: dataset.description)
    other = next(code for code in LANGS if code != lang)
    page = url_in(lang, "portal:open_data") + f"#dataset-{dataset.key}"
    organisation = publisher()
    document: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": page,
        "identifier": dataset.key,
        "name": names[lang],
        "alternateName": names[other],
        "description": descriptions[lang],
        "url": page,
        "inLanguage": list(LANGS),
        "isAccessibleForFree": True,
        "license": licence()["url"][lang],
        "keywords": keywords()[lang],
        "publisher": {"@type": "Organization", "name": organisation["name"][lang],
                      "url": organisation["url"]},
        "creator": {"@type": "Organization", "name": organisation["name"][lang],
                    "url": organisation["url"]},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": media_type,
             "contentUrl": url_in(lang, "portal:open_data_download", dataset=dataset.key,
                                  fmt=fmt)}
            for fmt, media_type in FORMATS.items()
        ],
        "variableMeasured": [column.name for column in dataset.columns],
    }
    coverage = _interval(*temporal_coverage(dataset))
    if coverage:
        document["temporalCoverage"] = coverage
    return document


def script_json(document: dict[str, object]) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>``, no HTML comment)."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


# --- DCAT -------------------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _literal(values: dict[str, str]) -> list[dict[str, str]]:
    return _language_values(values)


def _date(value: datetime.date) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def dcat_catalogue(datasets: list[Dataset], lang: str) -> dict[str, object]:
    organisation = publisher()
    agent = {"@type": "foaf:Organization", "foaf:name": _literal(organisation["name"]),
             "foaf:homepage": {"@id": organisation["url"]}}
    terms = {"@id": licence()["url"][lang]}
    entries = []
    for dataset in datasets:
        entry: dict[str, object] = {
            "@id": url_in(lang, "portal:open_data") + f"#dataset-{dataset.key}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.key,
            "dct:title": _literal(in_both(lambda d=dataset: d.title)),
            "dct:description": _literal(in_both(lambda d=dataset: d.description)),
            "dct:publisher": agent,
            "dct:license": terms,
            "dct:language": [{"@id": f"http://id.loc.gov/vocabulary/iso639-1/{code}"}
                             for code in LANGS],
            "dcat:keyword": [{"@language": code, "@value": word}
                             for code, words in keywords().items() for word in words],
            "dcat:landingPage": {"@id": url_in(lang, "portal:open_data")},
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": f"{dataset.key}.{fmt}",
                    "dct:format": fmt.upper(),
                    "dcat:mediaType": {
                        "@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
                    "dcat:downloadURL": {"@id": url_in(lang, "portal:open_data_download",
                                                       dataset=dataset.key, fmt=fmt)},
                    "dcat:accessURL": {"@id": url_in(lang, "portal:open_data")},
                    "dct:license": terms,
                    **({"dct:conformsTo": {"@id": url_in(lang, "portal:open_data_schema",
                                                         dataset=dataset.key)}}
                       if fmt == "csv" else {}),
                }
                for fmt, media_type in FORMATS.items()
            ],
        }
        start, end = temporal_coverage(dataset)
        if start is not None:
            entry["dct:temporal"] = {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(start),
                                     **({"dcat:endDate": _date(end)} if end else {})}
        entries.append(entry)
    return {
        "@context": DCAT_CONTEXT,
        "@id": url_in(lang, "portal:open_data_catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": _literal(in_both(lambda: gettext("Open data of the community safety "
                                                      "partnership"))),
        "dct:description": _literal(in_both(lambda: gettext(
            "The public figures of the portal and its directory of partners, from progress "
            "updates approved by the coordinator, with small numbers protected."))),
        "dct:publisher": agent,
        "dct:license": terms,
        "dcat:dataset": entries,
    }


# --- Frictionless Table Schema ----------------------------------------------------------------

_FIELD_TYPES = {
    INTEGER: {"type": "integer"},
    STRING: {"type": "string"},
    DATE: {"type": "date"},
    DATETIME: {"type": "datetime"},
    DECIMAL: {"type": "number"},
    FIGURE: {"type": "number"},
    URL: {"type": "string", "format": "uri"},
    # A list is one cell, its values joined with " | " (LIST_SEPARATOR).
    LIST: {"type": "string"},
}


def table_schema(dataset: Dataset) -> dict[str, object]:
    """The CSV's columns, in the order of its header, as a Frictionless Table Schema; the
    marker of a small count is a missing value, and each figure column says so."""
    marker = suppression_marker()
    fields = []
    for column in dataset.columns:
        field: dict[str, object] = {"name": column.name, **_FIELD_TYPES[column.type],
                                    "description": str(column.description)}
        if column.type == FIGURE:
            field["description"] += " " + gettext(
                "“%(marker)s” marks a count below the threshold: the number is withheld to "
                "protect the people it counts.") % {"marker": marker}
        fields.append(field)
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": dataset.key,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "fields": fields,
        "missingValues": ["", marker],
    }
