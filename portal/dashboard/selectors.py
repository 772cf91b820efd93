"""Reads behind the coordinator's dashboard: each takes the viewer and the filters.

Every read starts from ``initiatives.permissions.initiatives_for(viewer)``, so a viewer
only ever sees the initiatives they may see (a coordinator: all of them). The number of
queries does not depend on the amount of data: figures are aggregated in the database
(one row per indicator, per initiative or per organisation and period), never by loading
every activity or value.

"As of": indicator status and latest values use the approved values of every period up
to the end of the chosen range (``period_to``); the range itself (``period_from`` to
``period_to``) decides which periods the completeness tables count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from initiatives import permissions
from initiatives.models import (
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from initiatives.selectors import Obligation, reporting_obligations
from partners.models import Membership, Organisation
from priorities.models import Plan, PriorityArea

from . import status as rule
from .status import Point, Spec, Summary

RECENT_POINTS = 4


@dataclass(frozen=True)
class DashboardFilters:
    plan: Plan | None
    area: PriorityArea | None = None
    zone: str = ""
    organisation: Organisation | None = None
    period_from: ReportingPeriod | None = None
    period_to: ReportingPeriod | None = None

    @property
    def as_of(self) -> datetime.date | None:
        return self.period_to.end if self.period_to else None


# --- Scope ---------------------------------------------------------------------------------


def dashboard_initiatives(*, viewer, filters: DashboardFilters) -> QuerySet[Initiative]:
    """The initiatives the filters select, among those the viewer may see."""
    initiatives = permissions.initiatives_for(viewer)
    if filters.plan is not None:
        initiatives = initiatives.filter(
            pk__in=Initiative.priority_areas.through.objects.filter(
                priorityarea__plan=filters.plan
            ).values("initiative_id")
        )
    if filters.area is not None:
        initiatives = initiatives.filter(
            pk__in=Initiative.priority_areas.through.objects.filter(
                priorityarea=filters.area
            ).values("initiative_id")
        )
    if filters.zone:
        initiatives = initiatives.filter(zone=filters.zone)
    if filters.organisation is not None:
        initiatives = initiatives.filter(
            Q(lead=filters.organisation)
            | Q(
                pk__in=Initiative.collaborators.through.objects.filter(
                    organisation=filters.organisation
                ).values("initiative_id")
            )
        )
    return initiatives


def dashboard_periods(*, filters: DashboardFilters) -> list[ReportingPeriod]:
    """The reporting periods of the chosen range, in order."""
    periods = ReportingPeriod.objects.order_by("start")
    if filters.period_from is not None:
        periods = periods.filter(start__gte=filters.period_from.start)
    if filters.period_to is not None:
        periods = periods.filter(end__lte=filters.period_to.end)
    return list(periods)


def _areas(filters: DashboardFilters) -> QuerySet[PriorityArea]:
    areas = PriorityArea.objects.order_by("order")
    if filters.plan is not None:
        areas = areas.filter(plan=filters.plan)
    if filters.area is not None:
        areas = areas.filter(pk=filters.area.pk)
    return areas


# --- Indicators ----------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    spec: Spec
    summary: Summary
    status: str
    trend: str
    percent_of_target: Decimal | None
    # The period of the latest approved value (for the link to its activities).
    latest_period_id: int | None = None

    @property
    def status_label(self) -> str:
        return rule.STATUS_LABELS[self.status]

    @property
    def trend_label(self) -> str:
        return rule.TREND_LABELS[self.trend]

    @property
    def bar_width(self) -> int:
        """The bar is capped at 100 %; the number beside it is not."""
        if self.percent_of_target is None:
            return 0
        return int(min(Decimal(100), max(Decimal(0), self.percent_of_target)))


def spec_of(indicator: Indicator) -> Spec:
    return Spec(
        unit=indicator.unit,
        aggregation=indicator.aggregation,
        direction=indicator.direction,
        target=indicator.target,
        target_date=indicator.target_date,
        baseline=indicator.baseline,
        baseline_date=indicator.baseline_date,
        starts=indicator.initiative.start if indicator.initiative_id else None,
    )


def _approved_values(indicator_ids, as_of: datetime.date | None) -> QuerySet[IndicatorValue]:
    values = IndicatorValue.objects.filter(
        indicator__in=indicator_ids, update__status=ProgressUpdate.Status.APPROVED
    )
    if as_of is not None:
        values = values.filter(update__period__end__lte=as_of)
    return values.order_by()


def _point(row: dict, periods: dict[int, ReportingPeriod]) -> Point:
    period = periods.get(row["update__period_id"])
    return Point(
        period_start=row["update__period__start"],
        period_end=row["update__period__end"],
        value=row["value"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        label=period.label if period else "",
    )


_POINT_FIELDS = (
    "indicator_id", "value", "numerator", "denominator", "update__period_id",
    "update__period__start", "update__period__end",
)


def indicator_rows(
    indicators: list[Indicator],
    *,
    as_of: datetime.date | None,
    periods: dict[int, ReportingPeriod] | None = None,
) -> dict[int, IndicatorRow]:
    """Status, trend and progress of each indicator, from three aggregate queries.

    1. Per indicator: counts of reported, not reported and withheld values, the sum of
       values, numerators and denominators (one grouped query).
    2. The latest few reported values of each indicator (a window function, filtered).
    3. The first reported value of each (the same window, the other way).
    Then the rule of :mod:`portal.dashboard.status` runs once per indicator.
    """
    if not indicators:
        return {}
    if periods is None:
        periods = {p.pk: p for p in ReportingPeriod.objects.all()}
    ids = [i.pk for i in indicators]
    reported = Q(state=IndicatorValue.State.REPORTED)
    totals = {
        row["indicator_id"]: row
        for row in _approved_values(ids, as_of)
        .values("indicator_id")
        .annotate(
            points=Count("pk", filter=reported),
            not_reported=Count("pk", filter=Q(state=IndicatorValue.State.NOT_REPORTED)),
            withheld=Count("pk", filter=Q(state=IndicatorValue.State.WITHHELD)),
            total=Sum("value", filter=reported),
            numerators=Sum("numerator", filter=reported),
            with_numerator=Count("numerator", filter=reported),
            denominators=Sum("denominator", filter=reported),
            with_denominator=Count("denominator", filter=reported),
            first_start=Min("update__period__start", filter=reported),
        )
    }
    recent: dict[int, list[Point]] = defaultdict(list)
    latest_period: dict[int, int] = {}
    window = Window(
        RowNumber(), partition_by=[F("indicator_id")], order_by=F("update__period__start").desc()
    )
    for row in (
        _approved_values(ids, as_of)
        .filter(reported)
        .annotate(recency=window)
        .filter(recency__lte=RECENT_POINTS)
        .values(*_POINT_FIELDS, "recency")
    ):
        recent[row["indicator_id"]].append(_point(row, periods))
        if row["recency"] == 1:
            latest_period[row["indicator_id"]] = row["update__period_id"]
    first_window = Window(
        RowNumber(), partition_by=[F("indicator_id")], order_by=F("update__period__start").asc()
    )
    first = {
        row["indicator_id"]: _point(row, periods)
        for row in _approved_values(ids, as_of)
        .filter(reported)
        .annotate(order_number=first_window)
        .filter(order_number=1)
        .values(*_POINT_FIELDS)
    }
    threshold = settings.SUPPRESSION_THRESHOLD
    rows = {}
    for indicator in indicators:
        spec = spec_of(indicator)
        agg = totals.get(indicator.pk)
        points = sorted(recent.get(indicator.pk, []), key=lambda p: p.period_start)
        count = agg["points"] if agg else 0
        progress = None
        if count:
            progress = rule.progress_from_totals(
                spec,
                count=count,
                total=agg["total"] or Decimal(0),
                latest=points[-1].value,
                numerator=agg["numerators"] if agg["with_numerator"] == count else None,
                denominator=agg["denominators"] if agg["with_denominator"] == count else None,
            )
        summary = Summary(
            points=count,
            progress=progress,
            first=first.get(indicator.pk),
            recent=tuple(points),
            not_reported=agg["not_reported"] if agg else 0,
            withheld=agg["withheld"] if agg else 0,
        )
        fallback_end = indicator.initiative.end if indicator.initiative_id else None
        rows[indicator.pk] = IndicatorRow(
            indicator=indicator,
            spec=spec,
            summary=summary,
            status=rule.indicator_status(spec, summary, fallback_end=fallback_end),
            trend=rule.trend(spec, summary, threshold=threshold),
            percent_of_target=rule.percent_of_target(spec, progress),
            latest_period_id=latest_period.get(indicator.pk),
        )
    return rows


def _indicators_of(initiatives: Iterable[Initiative]) -> list[Indicator]:
    by_pk = {i.pk: i for i in initiatives}
    indicators = list(
        Indicator.objects.filter(initiative__in=list(by_pk)).order_by(
            "initiative_id", "order", "pk"
        )
    )
    for indicator in indicators:
        # Reuse the loaded initiative: no query per indicator.
        indicator.initiative = by_pk[indicator.initiative_id]
    return indicators


# --- Overview ------------------------------------------------------------------------------


@dataclass
class AreaSummary:
    area: PriorityArea
    initiatives: int = 0
    active: int = 0
    on_track: int = 0
    behind: int = 0
    not_enough_data: int = 0
    latest_period: ReportingPeriod | None = None

    @property
    def indicators(self) -> int:
        return self.on_track + self.behind + self.not_enough_data


@dataclass
class Overview:
    areas: list[AreaSummary]
    rows: dict[int, IndicatorRow]
    initiatives: list[Initiative]
    latest_approved: dict[int, ReportingPeriod] = field(default_factory=dict)


def _scoped_initiatives(*, viewer, filters: DashboardFilters) -> list[Initiative]:
    area_queryset = PriorityArea.objects.order_by("order")
    if filters.plan is not None:
        area_queryset = area_queryset.filter(plan=filters.plan)
    return list(
        dashboard_initiatives(viewer=viewer, filters=filters)
        .select_related("lead")
        .prefetch_related(Prefetch("priority_areas", queryset=area_queryset))
        .order_by("title", "pk")
    )


def _latest_approved(
    initiatives: list[Initiative], periods_by_pk: dict[int, ReportingPeriod], as_of
) -> dict[int, ReportingPeriod]:
    """The latest approved period of each initiative (one grouped query)."""
    updates = ProgressUpdate.objects.filter(
        initiative__in=[i.pk for i in initiatives], status=ProgressUpdate.Status.APPROVED
    )
    if as_of is not None:
        updates = updates.filter(period__end__lte=as_of)
    starts = dict(
        updates.order_by().values("initiative_id").annotate(latest=Max("period__start"))
        .values_list("initiative_id", "latest")
    )
    by_start = {p.start: p for p in periods_by_pk.values()}
    return {ini: by_start[start] for ini, start in starts.items() if start in by_start}


def dashboard_overview(*, viewer, filters: DashboardFilters) -> Overview:
    """Per priority area of the plan: initiatives, active ones, indicator status counts and
    the latest approved period; with every indicator's row for the sections below."""
    initiatives = _scoped_initiatives(viewer=viewer, filters=filters)
    indicators = _indicators_of(initiatives)
    periods_by_pk = {p.pk: p for p in ReportingPeriod.objects.all()}
    rows = indicator_rows(indicators, as_of=filters.as_of, periods=periods_by_pk)
    latest = _latest_approved(initiatives, periods_by_pk, filters.as_of)
    summaries = {area.pk: AreaSummary(area) for area in _areas(filters)}
    indicators_by_initiative: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in rows.values():
        indicators_by_initiative[row.indicator.initiative_id].append(row)
    for initiative in initiatives:
        for area in initiative.priority_areas.all():
            summary = summaries.get(area.pk)
            if summary is None:
                continue
            summary.initiatives += 1
            if initiative.status == Initiative.Status.ACTIVE:
                summary.active += 1
            for row in indicators_by_initiative[initiative.pk]:
                setattr(summary, row.status, getattr(summary, row.status) + 1)
            period = latest.get(initiative.pk)
            current = summary.latest_period
            if period and (current is None or period.start > current.start):
                summary.latest_period = period
    return Overview(list(summaries.values()), rows, initiatives, latest)


# --- Per initiative ------------------------------------------------------------------------

QUESTION_ORDER = [q.value for q in Indicator.Question]


@dataclass
class InitiativeSummary:
    initiative: Initiative
    groups: list[tuple[str, list[IndicatorRow]]]  # (RBA question label, rows)
    last_update: ProgressUpdate | None


def dashboard_initiative_summaries(
    *, viewer, overview: Overview, initiatives: list[Initiative]
) -> list[InitiativeSummary]:
    """The initiatives of one page, their indicators grouped by the question they answer
    (results-based accountability) and their last approved update (one query).

    ``initiatives`` come from the viewer's overview, already scoped to what they may see.
    """
    allowed = {i.pk for i in overview.initiatives}
    last_updates: dict[int, ProgressUpdate] = {}
    for update in (
        ProgressUpdate.objects.filter(
            initiative__in=allowed, status=ProgressUpdate.Status.APPROVED,
            period__in=[p.pk for p in overview.latest_approved.values()],
        )
        .select_related("period", "reviewed_by")
    ):
        if overview.latest_approved.get(update.initiative_id) == update.period:
            last_updates[update.initiative_id] = update
    labels = dict(Indicator.Question.choices)
    by_initiative: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in overview.rows.values():
        by_initiative[row.indicator.initiative_id].append(row)
    summaries = []
    for initiative in initiatives:
        if initiative.pk not in allowed:
            continue
        grouped: dict[str, list[IndicatorRow]] = defaultdict(list)
        for row in by_initiative[initiative.pk]:
            grouped[row.indicator.question].append(row)
        groups = [(labels[q], grouped[q]) for q in QUESTION_ORDER if grouped.get(q)]
        summaries.append(InitiativeSummary(initiative, groups, last_updates.get(initiative.pk)))
    return summaries


# --- Reporting completeness and timeliness -------------------------------------------------


@dataclass
class CompletenessRow:
    label: str
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    approved: int = 0
    missing: int = 0
    pending: int = 0
    organisation: Organisation | None = None
    period: ReportingPeriod | None = None

    def add(self, obligation: Obligation) -> None:
        if not obligation.is_expected:
            return
        self.expected += 1
        self.submitted += obligation.is_submitted
        self.on_time += obligation.is_on_time
        self.late += obligation.is_late
        self.approved += obligation.is_approved
        self.missing += obligation.is_missing
        self.pending += obligation.is_pending

    @property
    def reporting_rate(self) -> Decimal | None:
        return _rate(self.submitted, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _rate(self.on_time, self.expected)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass
class Overdue:
    obligation: Obligation
    contacts: list[str]


@dataclass
class Completeness:
    by_organisation: list[CompletenessRow]
    by_period: list[CompletenessRow]
    total: CompletenessRow
    overdue: list[Overdue]
    late: list[Obligation] = field(default_factory=list)  # submitted after the due date


def dashboard_completeness(
    *, viewer, filters: DashboardFilters, today: datetime.date | None = None,
    initiatives: list[Initiative] | None = None,
) -> Completeness:
    """Reporting completeness and timeliness per lead organisation and per period, with the
    overdue updates and who owes them (the definitions are :class:`Obligation`'s)."""
    today = today or timezone.localdate()
    if initiatives is None:
        initiatives = _scoped_initiatives(viewer=viewer, filters=filters)
    periods = [p for p in dashboard_periods(filters=filters) if p.end < today]
    obligations = reporting_obligations(initiatives=initiatives, periods=periods, today=today)
    by_org: dict[int, CompletenessRow] = {}
    by_period = {p.pk: CompletenessRow(p.label, period=p) for p in periods}
    total = CompletenessRow("")
    overdue = []
    late = []
    for obligation in obligations:
        lead = obligation.initiative.lead
        row = by_org.get(lead.pk)
        if row is None:
            row = by_org[lead.pk] = CompletenessRow(str(lead), organisation=lead)
        row.add(obligation)
        by_period[obligation.period.pk].add(obligation)
        total.add(obligation)
        if obligation.is_missing:
            overdue.append(obligation)
        elif obligation.is_expected and obligation.is_late:
            late.append(obligation)
    contacts: dict[int, list[str]] = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            organisation__in={o.initiative.lead_id for o in overdue}, role=Membership.Role.LEAD,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__email")
    ):
        user = membership.user
        name = user.get_full_name() or user.email
        contacts[membership.organisation_id].append(f"{name} <{user.email}>")
    overdue.sort(key=lambda o: (-o.days_overdue, str(o.initiative.lead), o.initiative.title))
    return Completeness(
        by_organisation=sorted(by_org.values(), key=lambda r: r.label.casefold()),
        by_period=[r for r in by_period.values() if r.expected],
        total=total,
        overdue=[Overdue(o, contacts.get(o.initiative.lead_id, [])) for o in overdue],
        late=late,
    )


# --- One indicator: the turn-the-curve chart -----------------------------------------------


@dataclass
class SeriesPoint:
    period: ReportingPeriod
    state: str
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    cumulative: Decimal | None


@dataclass
class IndicatorSeries:
    indicator: Indicator
    row: IndicatorRow
    points: list[SeriesPoint]
    cumulative: bool  # a sum of counts is charted as its running total, like its target


def dashboard_indicator(
    *, viewer, indicator_id: int, filters: DashboardFilters
) -> IndicatorSeries | None:
    """One indicator of an initiative the viewer may see, with its approved values by period.

    None when the indicator does not exist or its initiative is out of the viewer's scope.
    """
    indicator = (
        Indicator.objects.filter(
            pk=indicator_id,
            initiative__in=permissions.initiatives_for(viewer).values("pk"),
        )
        .select_related("initiative__lead", "responsible")
        .first()
    )
    if indicator is None:
        return None
    row = indicator_rows([indicator], as_of=filters.as_of)[indicator.pk]
    values = (
        _approved_values([indicator.pk], filters.as_of)
        .select_related("update__period")
        .order_by("update__period__start")
    )
    cumulative = indicator.unit == Indicator.Unit.COUNT and (
        indicator.aggregation == Indicator.Aggregation.SUM
    )
    running = Decimal(0)
    points = []
    for value in values:
        if value.state == IndicatorValue.State.REPORTED:
            running += value.value
        points.append(
            SeriesPoint(
                period=value.update.period,
                state=value.state,
                value=value.value,
                numerator=value.numerator,
                denominator=value.denominator,
                cumulative=running if cumulative else None,
            )
        )
    return IndicatorSeries(indicator, row, points, cumulative)
