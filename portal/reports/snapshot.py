"""The figures a report is compiled from, gathered once and frozen as JSON.

:func:`gather` reads everything the renderers need, in both languages, with a constant
number of queries whatever the number of activities (figures are aggregated in the
database: indicator values were snapshotted at approval, activity totals are one grouped
query). The result is plain JSON (numbers as strings, so that decimals stay exact); its
SHA-256 is the report's checksum, and the files are rendered from it alone, so a report
never changes after it is compiled, whatever is approved later.

A report for the public says exactly what the public pages and open data say, and no more:
each figure is the page's own (``initiatives.selectors.public_progress`` and
``period_figure``, through ``portal.core.figures``), written as the page writes it
(:attr:`~portal.core.figures.Figure.published`: counts rounded, shares as whole percentages,
suppressed figures left empty with the reason). An internal report keeps the approved figures
as they are and says so on every page.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from initiatives import permissions
from initiatives.models import Indicator, IndicatorValue, Initiative, ProgressUpdate
from initiatives.selectors import (
    approved_activities,
    obligation_figures_by_initiative,
    period_figure,
    public_progress,
)
from partners.models import Organisation
from portal.core.figures import COUNT, PERCENT, Figure, public_figure
from portal.dashboard.selectors import DashboardFilters, dashboard_completeness, indicator_rows
from portal.reports.models import ProgressReport

SCHEMA = 2


def both(obj: Any, field: str) -> dict[str, str]:
    """A translated field in both languages, as stored (empty when not written)."""
    return {lang: getattr(obj, f"{field}_{lang}", "") or "" for lang in ("fr", "en")}


def _label(period) -> dict[str, str]:
    from django.utils import translation

    labels = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            labels[lang] = period.label
    return labels


def _number(value: Decimal | int | None) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal("0.01")))


class Figures:
    """How figures about people enter the snapshot: as approved, or made safe to publish."""

    def __init__(self, public: bool) -> None:
        self.public = public

    def __call__(
        self, value, *, unit: str = COUNT, numerator: int | None = None,
        denominator: int | None = None, about_people: bool = True,
    ) -> dict[str, Any]:
        if value is None:
            return {"value": None, "suppressed": ""}
        if self.public and about_people:
            return self.published(public_figure(
                value, unit=unit, numerator=numerator, denominator=denominator
            ))
        return {"value": _number(value), "suppressed": ""}

    @staticmethod
    def published(figure: Figure) -> dict[str, Any]:
        """A public figure as the page writes it: rounded, a share as a whole percentage,
        nothing but the reason when it is withheld."""
        number = figure.published
        return {"value": None if number is None else str(number),
                "suppressed": figure.suppressed}

    def rate(self, value: Decimal | None) -> str | None:
        """A rate of reporting (updates, not people): whole on public reports, as every
        share they show."""
        if value is None:
            return None
        return str(Decimal(value).quantize(Decimal(1))) if self.public else _number(value)


def scope_initiatives(report: ProgressReport) -> QuerySet[Initiative]:
    """The initiatives a report covers, among those its requester may see."""
    through = Initiative.priority_areas.through
    if report.scope == ProgressReport.Scope.PLAN:
        initiatives = Initiative.objects.filter(
            pk__in=through.objects.filter(priorityarea__plan=report.plan_id)
            .values("initiative_id")
        )
    elif report.scope == ProgressReport.Scope.PRIORITY_AREA:
        initiatives = Initiative.objects.filter(
            pk__in=through.objects.filter(priorityarea=report.priority_area_id)
            .values("initiative_id")
        )
    elif report.scope == ProgressReport.Scope.INITIATIVE:
        initiatives = Initiative.objects.filter(pk=report.initiative_id)
    else:
        initiatives = Initiative.objects.filter(
            Q(lead=report.organisation_id)
            | Q(pk__in=Initiative.collaborators.through.objects.filter(
                organisation=report.organisation_id).values("initiative_id"))
        )
    if report.requested_by_id is not None:
        initiatives = initiatives.filter(
            pk__in=permissions.initiatives_for(report.requested_by).values("pk")
        )
    if report.audience == ProgressReport.Audience.PUBLIC:
        initiatives = initiatives.filter(is_public=True)
    return initiatives


def _scope_title(report: ProgressReport) -> dict[str, str]:
    subject = report.subject
    if report.scope == ProgressReport.Scope.ORGANISATION:
        return both(subject, "name")
    return both(subject, "title")


def _plan_of(report: ProgressReport, initiatives: list[Initiative]):
    if report.plan_id:
        return report.plan
    if report.priority_area_id:
        return report.priority_area.plan
    for initiative in initiatives:
        for area in initiative.priority_areas.all():
            return area.plan
    return None


def gather(report: ProgressReport, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Every figure and text of the report, as JSON-ready data (see the module docstring)."""
    now = now or timezone.now()
    public = report.audience == ProgressReport.Audience.PUBLIC
    figure = Figures(public)
    periods = list(report.periods.order_by("start"))
    first, last = periods[0], periods[-1]
    period_ids = {p.pk for p in periods}
    initiatives = list(
        scope_initiatives(report)
        .select_related("lead")
        .prefetch_related("priority_areas__plan")
        .order_by("title", "pk")
    )
    ids = [i.pk for i in initiatives]
    by_pk = {i.pk: i for i in initiatives}

    indicators = Indicator.objects.filter(initiative__in=ids).order_by(
        "initiative_id", "order", "pk"
    )
    if public:
        indicators = indicators.filter(is_public=True)
    indicators = list(indicators)
    for indicator in indicators:
        indicator.initiative = by_pk[indicator.initiative_id]
    rows = indicator_rows(indicators, as_of=last.end)

    # Every approved value up to the end of the report, for the charts and their tables.
    points: dict[int, list[dict]] = defaultdict(list)
    cumulative: dict[int, Decimal] = defaultdict(Decimal)
    reported_values: dict[int, list[IndicatorValue]] = defaultdict(list)
    units = {i.pk: i for i in indicators}
    for value in (
        IndicatorValue.objects.filter(
            indicator__in=[i.pk for i in indicators],
            update__status=ProgressUpdate.Status.APPROVED,
            update__period__end__lte=last.end,
        )
        .select_related("update__period")
        .order_by("update__period__start")
    ):
        indicator = units[value.indicator_id]
        period = value.update.period
        reported = value.state == IndicatorValue.State.REPORTED
        if reported:
            cumulative[indicator.pk] += value.value
            reported_values[indicator.pk].append(value)
        if not reported:
            shown = {"value": None, "suppressed": ""}
        elif public:
            # The figure open data and the initiative page publish for this period.
            shown = Figures.published(period_figure(indicator, value))
        else:
            shown = figure(value.value, unit=indicator.unit)
        running_total = (
            indicator.unit == Indicator.Unit.COUNT
            and indicator.aggregation == Indicator.Aggregation.SUM
        )
        running = (
            figure(cumulative[indicator.pk]) if running_total and reported
            else {"value": None, "suppressed": ""}
        )
        points[indicator.pk].append({
            "period": period.pk,
            "label": _label(period),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "in_report": period.pk in period_ids,
            "state": value.state,
            **shown,
            "numerator": None if public else value.numerator,
            "denominator": None if public else value.denominator,
            "cumulative": running["value"],
            "cumulative_suppressed": running["suppressed"],
        })

    # Activity totals of the report's periods, approved quarters only (one grouped query).
    activity_totals = {
        row["initiative_id"]: row
        for row in approved_activities()
        .filter(initiative__in=ids, date__gte=first.start, date__lte=last.end)
        .order_by()
        .values("initiative_id")
        .annotate(activities=Count("pk"), participants=Sum("participants"),
                  in_french=Count("pk", filter=Q(language="fr")))
    }

    narratives: dict[int, list[dict]] = defaultdict(list)
    for update in (
        ProgressUpdate.objects.filter(
            initiative__in=ids, period__in=period_ids, status=ProgressUpdate.Status.APPROVED
        )
        .select_related("period")
        .order_by("period__start")
    ):
        narratives[update.initiative_id].append({
            "period": update.period_id,
            "label": _label(update.period),
            "done": both(update, "done"),
            "next_steps": both(update, "next_steps"),
            "challenges": both(update, "challenges"),
        })

    completeness = dashboard_completeness(
        viewer=report.requested_by,
        filters=DashboardFilters(plan=None, period_from=first, period_to=last),
        initiatives=initiatives,
        today=timezone.localdate(now),
        with_late=True,
    )
    # Who has reported, initiative by initiative (summed by area for the summary).
    obligations = obligation_figures_by_initiative(
        initiatives=initiatives, periods=[p for p in periods if p.end < timezone.localdate(now)],
        today=timezone.localdate(now),
    )

    def reporting_entry(*initiative_ids: int) -> dict[str, Any]:
        expected, submitted, on_time, _late, _approved, missing, _pending, closed = (
            sum(values) for values in zip(
                *(obligations.get(i, (0,) * 8) for i in initiative_ids), strict=True)
        ) if initiative_ids else (0,) * 8
        return {
            "expected": expected, "submitted": submitted, "on_time": on_time,
            "missing": missing, "closed": closed,
            "reporting_rate": figure.rate(Decimal(submitted) * 100 / expected)
            if expected else None,
        }

    public_orgs = set(Organisation.objects.public().values_list("pk", flat=True))

    def organisation(org) -> dict[str, Any] | None:
        if public and org.pk not in public_orgs:
            return None
        return {"name": both(org, "name"), "acronym": both(org, "acronym")}

    def completeness_row(row) -> dict[str, Any]:
        return {
            "expected": row.expected, "submitted": row.submitted, "on_time": row.on_time,
            "late": row.late, "approved": row.approved, "missing": row.missing,
            "pending": row.pending, "closed": row.closed,
            "reporting_rate": figure.rate(row.reporting_rate),
            "on_time_rate": figure.rate(row.on_time_rate),
        }

    plan = _plan_of(report, initiatives)
    areas: dict[int, dict] = {}
    for initiative in initiatives:
        for area in initiative.priority_areas.all():
            if plan is not None and area.plan_id != plan.pk:
                continue
            if report.priority_area_id and area.pk != report.priority_area_id:
                continue
            entry = areas.setdefault(area.pk, {
                "id": area.pk, "order": area.order, "title": both(area, "title"),
                "initiatives": [],
            })
            entry["initiatives"].append(initiative.pk)
    unassigned = [i.pk for i in initiatives if not any(i.pk in a["initiatives"]
                                                       for a in areas.values())]
    if unassigned:
        areas[0] = {"id": 0, "order": 10_000, "title": {"fr": "", "en": ""},
                    "initiatives": unassigned}

    def indicator_entry(indicator: Indicator) -> dict[str, Any]:
        row = rows[indicator.pk]
        if public:
            # What the initiative page shows, from the approved values up to the report's end.
            published, percent = public_progress(indicator, reported_values[indicator.pk])
            progress = Figures.published(published)
            percent_of_target = None if percent is None else str(percent)
            baseline = figure(indicator.baseline, unit=indicator.unit)
        else:
            progress = figure(row.summary.progress, unit=indicator.unit)
            percent_of_target = _number(row.percent_of_target)
            baseline = figure(indicator.baseline, unit=indicator.unit)
        return {
            "id": indicator.pk,
            "name": both(indicator, "name"),
            "definition": both(indicator, "definition"),
            "data_source": both(indicator, "data_source"),
            "unit": indicator.unit,
            "question": indicator.question,
            "source": indicator.source,
            "direction": indicator.direction,
            "aggregation": indicator.aggregation,
            "baseline": baseline,
            "baseline_date": indicator.baseline_date.isoformat()
            if indicator.baseline_date else None,
            "target": _number(indicator.target),
            "target_date": indicator.target_date.isoformat() if indicator.target_date else None,
            "status": row.status,
            "trend": row.trend,
            "progress": progress,
            "percent_of_target": percent_of_target,
            "not_reported": row.summary.not_reported,
            "withheld": row.summary.withheld,
            "points": points[indicator.pk],
        }

    indicators_by_initiative: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicators_by_initiative[indicator.initiative_id].append(indicator)

    def activities_entry(*initiative_ids: int) -> dict[str, Any]:
        """The activities of approved quarters of these initiatives: totals of the
        unrounded figures, rounded once (never a sum of rounded parts)."""
        rows = [activity_totals[i] for i in initiative_ids if i in activity_totals]
        count = sum(row["activities"] for row in rows)
        french = sum(row["in_french"] for row in rows)
        participants = sum(row["participants"] or 0 for row in rows)
        return {
            # Rounded on public reports too: one more activity of 2 people must not show.
            "activities": figure(count),
            "participants": figure(participants),
            "share_in_french": figure(
                Decimal(french) * 100 / count if count else None, unit=PERCENT,
                numerator=french, denominator=count, about_people=True,
            ),
        }

    snapshot = {
        "schema": SCHEMA,
        "report": report.pk,
        "version": report.version,
        "scope": report.scope,
        "scope_title": _scope_title(report),
        "audience": report.audience,
        "threshold": settings.SUPPRESSION_THRESHOLD,
        # In the portal's time zone, as every date and time the report shows.
        "compiled_at": timezone.localtime(now).isoformat(),
        "data_as_of": timezone.localtime(now).isoformat(),
        "periods": [
            {"id": p.pk, "label": _label(p), "start": p.start.isoformat(),
             "end": p.end.isoformat(), "due": p.due.isoformat()}
            for p in periods
        ],
        "plan": {
            "title": both(plan, "title"),
            "vision": both(plan, "vision"),
            "mission": both(plan, "mission"),
        } if plan is not None else None,
        "areas": [
            {**area, "activities": activities_entry(*area["initiatives"]),
             "reporting": reporting_entry(*area["initiatives"])}
            for area in sorted(areas.values(), key=lambda a: a["order"])
        ],
        "activities": activities_entry(*ids),
        "initiatives": [
            {
                "id": i.pk,
                "title": both(i, "title"),
                "summary": both(i, "summary"),
                "lead": organisation(i.lead),
                "zone": i.zone,
                "status": i.status,
                "start": i.start.isoformat(),
                "end": i.end.isoformat() if i.end else None,
                "indicators": [indicator_entry(x) for x in indicators_by_initiative[i.pk]],
                "activities": activities_entry(i.pk),
                "reporting": reporting_entry(i.pk),
                "narratives": narratives[i.pk],
            }
            for i in initiatives
        ],
        "completeness": {
            "total": completeness_row(completeness.total),
            "by_organisation": [
                {"organisation": organisation(r.organisation), **completeness_row(r)}
                for r in completeness.by_organisation
            ],
        },
        "outstanding": [
            {
                "initiative": both(o.obligation.initiative, "title"),
                "lead": organisation(o.obligation.initiative.lead),
                "period": _label(o.obligation.period),
                "due": o.obligation.period.due.isoformat(),
                "days_overdue": o.obligation.days_overdue,
                "days_late": None,
                "state": "missing",
            }
            for o in completeness.overdue
        ] + [
            {
                "initiative": both(o.initiative, "title"),
                "lead": organisation(o.initiative.lead),
                "period": _label(o.period),
                "due": o.period.due.isoformat(),
                "days_overdue": None,
                # From the due date to the day it was submitted, in the portal's time zone.
                "days_late": (o.submitted_on - o.period.due).days,
                "submitted_on": o.submitted_on.isoformat(),
                "state": "late",
            }
            for o in completeness.late
        ],
    }
    return snapshot


def canonical(snapshot: dict[str, Any]) -> bytes:
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def checksum(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()
