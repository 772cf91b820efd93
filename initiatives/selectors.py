"""Reads for the public pages: published content and approved figures only."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Sum

from portal.figures import PERCENT, Figure, public_figure, share_of

from .models import Activity, Indicator, IndicatorValue, Initiative, ProgressUpdate


def public_initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.public().select_related("lead")


def initiative_public_detail_queryset() -> QuerySet[Initiative]:
    from partners.models import Organisation

    public_orgs = Organisation.objects.public()
    return public_initiatives().prefetch_related(
        "priority_areas",
        "themes",
        Prefetch("collaborators", queryset=public_orgs),
        Prefetch("funders", queryset=public_orgs),
    )


@dataclass
class IndicatorProgress:
    indicator: Indicator
    figure: Figure
    target: Figure | None
    # Share of the target reached, 0-100 (capped for the bar), or None when not shown.
    percent_of_target: Decimal | None
    periods: int


def _aggregate(indicator: Indicator, values: list[IndicatorValue]) -> Figure:
    """Combine approved values of successive periods as the indicator says."""
    if not values:
        return Figure(None, indicator.unit)
    if indicator.unit == PERCENT and all(v.denominator is not None for v in values):
        if indicator.aggregation == Indicator.Aggregation.LATEST:
            last = values[-1]
            return public_figure(
                last.value, unit=PERCENT, numerator=last.numerator, denominator=last.denominator
            )
        numerator = sum(v.numerator or 0 for v in values)
        denominator = sum(v.denominator or 0 for v in values)
        return public_figure(
            share_of(numerator, denominator),
            unit=PERCENT,
            numerator=numerator,
            denominator=denominator,
        )
    if indicator.aggregation == Indicator.Aggregation.LATEST:
        total = values[-1].value
    elif indicator.aggregation == Indicator.Aggregation.AVERAGE:
        total = sum(v.value for v in values) / len(values)
    else:
        total = sum(v.value for v in values)
    return public_figure(total, unit=indicator.unit)


def _percent_of_target(indicator: Indicator, figure: Figure) -> Decimal | None:
    """How far along the target is, 0-100; for "down is good", reaching the target or below."""
    if not figure.is_shown or not indicator.target:
        return None
    if indicator.direction == Indicator.Direction.DOWN:
        if figure.value <= indicator.target:
            return Decimal(100)
        ratio = indicator.target * 100 / figure.value
    else:
        ratio = figure.value * 100 / indicator.target
    return min(Decimal(100), ratio.quantize(Decimal(1)))


def approved_progress(initiative: Initiative) -> list[IndicatorProgress]:
    """Each public indicator of the initiative with its approved progress against target.

    Two queries whatever the number of indicators and periods.
    """
    indicators = list(initiative.indicators.filter(is_public=True))
    values_by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    approved = (
        IndicatorValue.objects.filter(
            indicator__in=[i.pk for i in indicators],
            update__status=ProgressUpdate.Status.APPROVED,
        )
        .select_related("update__period")
        .order_by("update__period__start")
    )
    for value in approved:
        values_by_indicator[value.indicator_id].append(value)
    rows = []
    for indicator in indicators:
        values = values_by_indicator[indicator.pk]
        figure = _aggregate(indicator, values)
        # A target is a planning figure, not a count of people served: never suppressed.
        target = Figure(indicator.target, indicator.unit) if indicator.target is not None else None
        percent = _percent_of_target(indicator, figure)
        rows.append(IndicatorProgress(indicator, figure, target, percent, len(values)))
    return rows


def last_approved_update(initiative: Initiative) -> ProgressUpdate | None:
    return (
        initiative.updates.filter(status=ProgressUpdate.Status.APPROVED)
        .select_related("period")
        .order_by("-period__start")
        .first()
    )


def approved_activities() -> QuerySet[Activity]:
    """Activities of public initiatives in periods whose update has been approved."""
    approved_update = ProgressUpdate.objects.filter(
        initiative=OuterRef("initiative"),
        status=ProgressUpdate.Status.APPROVED,
        period__start__lte=OuterRef("date"),
        period__end__gte=OuterRef("date"),
    )
    return Activity.objects.filter(initiative__is_public=True).filter(Exists(approved_update))


def key_figures() -> dict[str, int]:
    """Raw totals for the home page (cached by ``portal.services``)."""
    from partners.models import Organisation

    totals = approved_activities().aggregate(activities=Count("pk"),
                                              participants=Sum("participants"))
    return {
        "initiatives": Initiative.objects.public().count(),
        "partners": Organisation.objects.public().count(),
        "activities": totals["activities"],
        "participants": totals["participants"] or 0,
        "computed_on": datetime.date.today().isoformat(),
    }
