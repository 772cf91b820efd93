"""The reads of open data: what is public, as records keyed by the stable column names.

Only public initiatives, their public indicators, approved progress updates and reported
values, and organisations of the public directory. Every figure comes from
:func:`initiatives.selectors.approved_progress_of`, the one computation the initiative page
shows (through ``portal.core.figures.public_figure``): the page and the file cannot disagree.
A constant number of queries per dataset, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone, translation

from initiatives.models import Initiative, ProgressUpdate
from initiatives.selectors import approved_progress_of, public_initiatives
from partners.models import Organisation
from portal.core.figures import Figure, suppression_marker

LANGS = ("fr", "en")

Record = dict[str, object]


@dataclass
class Rows:
    records: list[Record]
    # The time of the latest change the records reflect (None when there is none).
    data_as_of: datetime.datetime | None


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


def indicator_values(initiative: Initiative | None = None) -> Rows:
    """One record per public indicator and approved period, then its progress to date
    (four queries)."""
    initiatives = public_initiatives().order_by("title_en", "pk")
    if initiative is not None:
        initiatives = initiatives.filter(pk=initiative.pk)
    initiatives = list(initiatives)
    progress = approved_progress_of([i.pk for i in initiatives])
    labels: dict[int, dict[str, object]] = {}
    records: list[Record] = []
    for item in initiatives:
        for row in progress.get(item.pk, []):
            indicator = row.indicator
            common = {
                "initiative_id": item.pk,
                "initiative_title_fr": item.title_fr or "",
                "initiative_title_en": item.title_en or "",
                "indicator_id": indicator.pk,
                "indicator_name_fr": indicator.name_fr or "",
                "indicator_name_en": indicator.name_en or "",
                "unit": indicator.unit,
                "aggregation": indicator.aggregation,
                # A target is shown as set, with the decimals a page shows.
                "target": row.target.published if row.target is not None else None,
            }
            for entry in row.by_period:
                period = entry.period
                if period.pk not in labels:
                    labels[period.pk] = in_both(lambda p=period: p.label)
                records.append({
                    **common,
                    "scope": "period",
                    "period_start": period.start,
                    "period_end": period.end,
                    "period_label_fr": labels[period.pk]["fr"],
                    "period_label_en": labels[period.pk]["en"],
                    "value": figure_cell(entry.figure),
                    "value_status": figure_status(entry.figure),
                })
            records.append({
                **common,
                "scope": "to_date",
                "period_start": row.by_period[0].period.start if row.by_period else None,
                "period_end": row.by_period[-1].period.end if row.by_period else None,
                "period_label_fr": "",
                "period_label_en": "",
                "value": figure_cell(row.figure),
                "value_status": figure_status(row.figure),
            })
    approvals = ProgressUpdate.objects.filter(
        status=ProgressUpdate.Status.APPROVED, initiative__in=[i.pk for i in initiatives]
    ).aggregate(latest=Max("reviewed_at"))
    return Rows(records, approvals["latest"])


def initiatives() -> Rows:
    """One record per public initiative (two queries)."""
    items = list(
        public_initiatives().prefetch_related("priority_areas").order_by("title_en", "pk")
    )
    records: list[Record] = []
    for item in items:
        areas = list(item.priority_areas.all())
        lead = item.lead if item.lead.is_public else None
        zone = in_both(item.get_zone_display)
        status = in_both(item.get_status_display)
        url = absolute_url(item)
        records.append({
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
        })
    return Rows(records, max((i.updated_at for i in items), default=None))


def organisations() -> Rows:
    """One record per organisation of the public directory (one query)."""
    items = list(Organisation.objects.public().order_by("name_en", "pk"))
    records: list[Record] = []
    for org in items:
        kind = in_both(org.get_kind_display)
        url = absolute_url(org)
        records.append({
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
        })
    return Rows(records, max((o.updated_at for o in items), default=None))


READERS: dict[str, Callable[..., Rows]] = {
    "indicator-values": indicator_values,
    "initiatives": initiatives,
    "organisations": organisations,
}


def generated_at() -> datetime.datetime:
    return timezone.now()
