"""The reads of open data: what is public, as records keyed by the stable column names.

Only public initiatives, their public indicators, approved progress updates and reported
values, and organisations of the public directory. Every figure goes through the rules of
:func:`initiatives.selectors.approved_progress_of`, the one computation the initiative page
shows (``period_figure`` and ``progress_figure``, through
``portal.core.figures.public_figure``): the page and the file cannot disagree. A constant
number of queries per dataset, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone, translation

from initiatives.models import (
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from initiatives.selectors import period_figure, progress_figure, public_initiatives
from partners.models import Organisation
from portal.core.figures import Figure, suppression_marker

LANGS = ("fr", "en")

Record = dict[str, object]


@dataclass
class Rows:
    # A list, or a generator read once as the file is written (indicator values).
    records: Iterable[Record]
    # The time of the latest change the records reflect (None when there is none).
    data_as_of: datetime.datetime | None
    count: int = -1  # the number of records (-1: len(records))
    # Columns whose values are the same in consecutive records with the same value of
    # ``shared_key`` (an indicator's columns on each of its records): a writer may write
    # them once per run of such records.
    shared: frozenset[str] = frozenset()
    shared_key: str = ""

    def __post_init__(self) -> None:
        if self.count < 0:
            self.count = len(self.records)


def in_both(get: Callable[[], object]) -> dict[str, object]:
    """``get()`` in French and in English: ``{"fr": …, "en": …}``."""
    result = {}
    for lang in LANGS:
        with translation.override(lang):
            result[lang] = str(get())
    return result


def absolute_url(obj) -> dict[str, str]:
    """The public address of ``obj`` in each language, on the portal's own site."""
    site = settings.SITE_URL.rstrip("/")
    return {lang: site + value for lang, value in in_both(obj.get_absolute_url).items()}


# --- Figures ---------------------------------------------------------------------------------

SHOWN = "shown"
NONE = "none"


def figure_cell(figure: Figure) -> Decimal | str | None:
    """What a file writes for ``figure``: the published number, the marker of a small count
    ("<5"), or nothing (a withheld share, no figure)."""
    if figure.suppressed == "small":
        return suppression_marker()
    return figure.published


def figure_status(figure: Figure) -> str:
    if figure.suppressed:
        return figure.suppressed  # "small" or "hidden"
    return SHOWN if figure.is_shown else NONE


# --- The datasets ----------------------------------------------------------------------------


def public_initiative(key: str) -> Initiative | None:
    """The public initiative whose id or slug (in either language) is ``key``."""
    condition = Q(slug_fr=key) | Q(slug_en=key)
    if key.isascii() and key.isdecimal() and len(key) <= 18:  # an id the database can hold
        condition |= Q(pk=int(key))
    return Initiative.objects.public().filter(condition).order_by("pk").first()


class _Indicator(NamedTuple):
    """What the publication rules read of an indicator (``unit``, ``aggregation``)."""

    pk: int
    initiative_id: int
    initiative_title_fr: str | None
    initiative_title_en: str | None
    name_fr: str | None
    name_en: str | None
    unit: str
    aggregation: str
    target: Decimal | None


class _Period(NamedTuple):
    """A period's dates (read on every record) and the period (its label, once)."""

    start: datetime.date
    end: datetime.date
    model: ReportingPeriod


class _Value(NamedTuple):
    """What the publication rules read of an approved value, with its period."""

    indicator_id: int
    period_id: int
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    period_name: str
    period_start: datetime.date
    period_end: datetime.date


def indicator_values(initiative: Initiative | None = None) -> Rows:
    """One record per public indicator and approved period, then its progress to date.

    Streamed: the indicators (a few thousand plain rows) and the approved reported values
    (tens of thousands) are read as tuples in the same order, the values through a
    server-side cursor, and each indicator's records are written as its last value is
    read. No model is built; each figure goes through the rules the initiative page uses
    (``initiatives.selectors.period_figure`` and ``progress_figure``, then
    ``portal.core.figures``), so the page and the file cannot disagree. Four queries, three of
    them before the first record (the count and the latest approval are the JSON
    metadata's)."""
    indicators = Indicator.objects.filter(initiative__is_public=True, is_public=True)
    if initiative is not None:
        indicators = indicators.filter(initiative=initiative)
    # The initiatives by English title, then each one's indicators in its order: the order
    # of approved_progress_of() over public_initiatives().order_by("title_en", "pk").
    order = ("initiative__title_en", "initiative_id", "order", "pk")
    listed = [_Indicator(*row) for row in indicators.order_by(*order).values_list(
        "pk", "initiative_id", "initiative__title_fr", "initiative__title_en", "name_fr",
        "name_en", "unit", "aggregation", "target")]
    values = IndicatorValue.objects.filter(
        indicator__in=indicators,
        update__status=ProgressUpdate.Status.APPROVED,
        # "Not reported" and "withheld" are not numbers: never read as zero.
        state=IndicatorValue.State.REPORTED,
    ).order_by(*(f"indicator__{name}" for name in order), "update__period__start",
               "update__period_id")
    count = len(listed) + values.count()
    initiatives = public_initiatives()
    if initiative is not None:
        initiatives = initiatives.filter(pk=initiative.pk)
    approvals = ProgressUpdate.objects.filter(
        status=ProgressUpdate.Status.APPROVED, initiative__in=initiatives.values("pk"),
    ).aggregate(latest=Max("reviewed_at"))
    stream = (_Value(*row) for row in values.values_list(
        "indicator_id", "update__period_id", "value", "numerator", "denominator",
        "update__period__name", "update__period__start", "update__period__end",
    ).iterator(chunk_size=5000))
    return Rows(_indicator_records(listed, stream), approvals["latest"], count,
                shared=INDICATOR_COLUMNS, shared_key="indicator_id")


# The columns of an indicator-values record that are its indicator's (the same on each of
# its records).
INDICATOR_COLUMNS = frozenset({
    "initiative_id", "initiative_title_fr", "initiative_title_en", "indicator_id",
    "indicator_name_fr", "indicator_name_en", "unit", "aggregation", "target",
})


def _indicator_records(indicators: list[_Indicator], values: Iterator[_Value]):
    periods: dict[int, _Period] = {}  # as met (its label in each language once)
    labels: dict[int, dict[str, object]] = {}
    figures: dict[tuple, tuple[object, str]] = {}
    pending = next(values, None)
    for indicator in indicators:
        own: list[_Value] = []
        while pending is not None and pending.indicator_id == indicator.pk:
            own.append(pending)
            pending = next(values, None)
        common = {
            "initiative_id": indicator.initiative_id,
            "initiative_title_fr": indicator.initiative_title_fr or "",
            "initiative_title_en": indicator.initiative_title_en or "",
            "indicator_id": indicator.pk,
            "indicator_name_fr": indicator.name_fr or "",
            "indicator_name_en": indicator.name_en or "",
            "unit": indicator.unit,
            "aggregation": indicator.aggregation,
            # A target is shown as set, with the decimals a page shows.
            "target": (Figure(indicator.target, indicator.unit).published
                       if indicator.target is not None else None),
        }
        for value in own:
            period = periods.get(value.period_id)
            if period is None:
                period = periods[value.period_id] = _Period(
                    value.period_start, value.period_end, ReportingPeriod(
                        pk=value.period_id, name=value.period_name, start=value.period_start,
                        end=value.period_end))
            label = labels.get(value.period_id)
            if label is None:
                label = labels[value.period_id] = in_both(lambda p=period.model: p.label)
            # period_figure() reads only these: the same figure for the same key, worked
            # out once per file (counts repeat across periods and indicators).
            key = (indicator.unit, indicator.aggregation, value.value, value.numerator,
                   value.denominator)
            cells = figures.get(key)
            if cells is None:
                figure = period_figure(indicator, value)
                cells = figures[key] = (figure_cell(figure), figure_status(figure))
            yield {
                **common,
                "scope": "period",
                "period_start": period.start,
                "period_end": period.end,
                "period_label_fr": label["fr"],
                "period_label_en": label["en"],
                "value": cells[0],
                "value_status": cells[1],
            }
        figure = progress_figure(indicator, own)
        yield {
            **common,
            "scope": "to_date",
            "period_start": periods[own[0].period_id].start if own else None,
            "period_end": periods[own[-1].period_id].end if own else None,
            "period_label_fr": "",
            "period_label_en": "",
            "value": figure_cell(figure),
            "value_status": figure_status(figure),
        }


# Initiatives read (with their areas) per round trip while the file is written.
INITIATIVE_CHUNK = 200


def initiatives() -> Rows:
    """One record per public initiative: their number and latest change first (one
    query), then the initiatives as the file is written, a chunk at a time with their
    priority areas (two queries per chunk of :data:`INITIATIVE_CHUNK`)."""
    items = public_initiatives()
    figures = items.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return Rows(_initiative_records(items), figures["latest"], figures["count"])


def _initiative_records(items: QuerySet[Initiative]) -> Iterator[Record]:
    for item in (items.prefetch_related("priority_areas").order_by("title_en", "pk")
                 .iterator(chunk_size=INITIATIVE_CHUNK)):
        areas = list(item.priority_areas.all())
        lead = item.lead if item.lead.is_public else None
        zone = in_both(item.get_zone_display)
        status = in_both(item.get_status_display)
        url = absolute_url(item)
        yield {
            "initiative_id": item.pk,
            "slug_fr": item.slug_fr or "",
            "slug_en": item.slug_en or "",
            "title_fr": item.title_fr or "",
            "title_en": item.title_en or "",
            "priority_area_ids": [area.pk for area in areas],
            "priority_areas_fr": [area.title_fr or "" for area in areas],
            "priority_areas_en": [area.title_en or "" for area in areas],
            "zone": item.zone,
            "zone_fr": zone["fr"],
            "zone_en": zone["en"],
            "lead_organisation": lead.slug if lead else "",
            "lead_organisation_fr": (lead.name_fr or "") if lead else "",
            "lead_organisation_en": (lead.name_en or "") if lead else "",
            "status": item.status,
            "status_fr": status["fr"],
            "status_en": status["en"],
            "start": item.start,
            "end": item.end,
            "url_fr": url["fr"],
            "url_en": url["en"],
        }


def organisations() -> Rows:
    """One record per organisation of the public directory (one query)."""
    items = list(Organisation.objects.public().order_by("name_en", "pk"))
    return Rows(_organisation_records(items),
                max((o.updated_at for o in items), default=None), len(items))


def _organisation_records(items: list) -> Iterator[Record]:
    for org in items:
        kind = in_both(org.get_kind_display)
        url = absolute_url(org)
        yield {
            "organisation": org.slug,
            "name_fr": org.name_fr or "",
            "name_en": org.name_en or "",
            "acronym_fr": org.acronym_fr or "",
            "acronym_en": org.acronym_en or "",
            "kind": org.kind,
            "kind_fr": kind["fr"],
            "kind_en": kind["en"],
            "website": org.website,
            "url_fr": url["fr"],
            "url_en": url["en"],
        }


READERS: dict[str, Callable[..., Rows]] = {
    "indicator-values": indicator_values,
    "initiatives": initiatives,
    "organisations": organisations,
}


def generated_at() -> datetime.datetime:
    return timezone.now()
