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
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet, Sum, Window
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
from initiatives.selectors import Obligation, Standing, obligation_standings
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


def _approved_values(
    indicator_ids, as_of: datetime.date | None,
    periods: dict[int, ReportingPeriod] | None = None,
) -> QuerySet[IndicatorValue]:
    values = IndicatorValue.objects.filter(
        indicator__in=indicator_ids, update__status=ProgressUpdate.Status.APPROVED
    )
    if as_of is not None:
        if periods is None:
            values = values.filter(update__period__end__lte=as_of)
        else:
            # The periods are known: filter on their ids, without joining them.
            values = values.filter(
                update__period__in=[pk for pk, p in periods.items() if p.end <= as_of]
            )
    return values.order_by()


def indicator_rows(
    indicators: list[Indicator],
    *,
    as_of: datetime.date | None,
    periods: dict[int, ReportingPeriod] | None = None,
) -> dict[int, IndicatorRow]:
    """Status, trend and progress of each indicator, from two aggregate queries.

    1. Per indicator: counts of reported, not reported and withheld values, the sum of
       values, numerators and denominators (one grouped query).
    2. The latest few reported values of each indicator and its first one (a window
       function, filtered).
    Then the rule of :mod:`portal.dashboard.status` runs once per indicator.
    """
    if not indicators:
        return {}
    if periods is None:
        periods = {p.pk: p for p in ReportingPeriod.objects.all()}
    ids = [i.pk for i in indicators]
    reported = Q(state=IndicatorValue.State.REPORTED)
    totals = {
        row[0]: row
        for row in _approved_values(ids, as_of, periods)
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
        )
        .values_list(
            "indicator_id", "points", "not_reported", "withheld", "total", "numerators",
            "with_numerator", "denominators", "with_denominator",
        )
    }
    # Reported values numbered from the latest (1) to the first (``size``).
    recency = Window(
        RowNumber(), partition_by=[F("indicator_id")], order_by=F("update__period__start").desc()
    )
    size = Window(Count("pk"), partition_by=[F("indicator_id")])
    recent: dict[int, list[Point]] = defaultdict(list)
    first: dict[int, Point] = {}
    latest_period: dict[int, int] = {}
    points_of: dict[int, Callable] = {}
    for indicator_id, value, numerator, denominator, period_id, number, count in (
        _approved_values(ids, as_of, periods)
        .filter(reported)
        .annotate(recency=recency, size=size)
        .filter(Q(recency__lte=RECENT_POINTS) | Q(recency=F("size")))
        .values_list(
            "indicator_id", "value", "numerator", "denominator", "update__period_id",
            "recency", "size",
        )
    ):
        make = points_of.get(period_id)
        if make is None:
            period = periods.get(period_id)
            make = points_of[period_id] = _point_maker(period)
        point = make(value, numerator, denominator)
        if number <= RECENT_POINTS:
            recent[indicator_id].append(point)
            if number == 1:
                latest_period[indicator_id] = period_id
        if number == count:
            first[indicator_id] = point
    threshold = settings.SUPPRESSION_THRESHOLD
    by_start = operator.attrgetter("period_start")
    rows = {}
    for indicator in indicators:
        pk = indicator.pk
        spec = spec_of(indicator)
        agg = totals.get(pk)
        points = sorted(recent.get(pk, ()), key=by_start)
        count = agg[1] if agg else 0
        progress = None
        if count:
            progress = rule.progress_from_totals(
                spec,
                count=count,
                total=agg[4] or Decimal(0),
                latest=points[-1].value,
                numerator=agg[5] if agg[6] == count else None,
                denominator=agg[7] if agg[8] == count else None,
            )
        summary = Summary(
            points=count,
            progress=progress,
            first=first.get(pk),
            recent=tuple(points),
            not_reported=agg[2] if agg else 0,
            withheld=agg[3] if agg else 0,
        )
        fallback_end = indicator.initiative.end if indicator.initiative_id else None
        rows[pk] = IndicatorRow(
            indicator=indicator,
            spec=spec,
            summary=summary,
            status=rule.indicator_status(spec, summary, fallback_end=fallback_end),
            trend=rule.trend(spec, summary, threshold=threshold),
            percent_of_target=rule.percent_of_target(spec, progress),
            latest_period_id=latest_period.get(pk),
        )
    return rows


def _point_maker(period: ReportingPeriod | None) -> Callable[..., Point]:
    """Points of one period (its dates and label read once)."""
    start, end = (period.start, period.end) if period else (None, None)
    label = period.label if period else ""

    def make(value, numerator, denominator) -> Point:
        return Point(period_start=start, period_end=end, value=value, numerator=numerator,
                     denominator=denominator, label=label)

    return make


# What the dashboard reads of an indicator (its rows, the page and the downloads).
_INDICATOR_FIELDS = (
    "id", "initiative_id", "name", "unit", "question", "baseline", "baseline_date", "target",
    "target_date", "direction", "aggregation", "source",
)


def _indicators_of(initiatives: Iterable[Initiative]) -> list[Indicator]:
    by_pk = {i.pk: i for i in initiatives}
    indicators = list(
        Indicator.objects.filter(initiative__in=list(by_pk))
        .only(*_INDICATOR_FIELDS)
        .order_by("initiative_id", "order", "pk")
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


# What the dashboard reads of an initiative and its lead (the page, the downloads, the
# status rule and the reporting obligations): not the long texts.
_INITIATIVE_FIELDS = (
    "id", "title", "zone", "status", "start", "end", "lead", "lead__name",
)


def _scoped_initiatives(*, viewer, filters: DashboardFilters) -> list[Initiative]:
    return list(
        dashboard_initiatives(viewer=viewer, filters=filters)
        .select_related("lead")
        .only(*_INITIATIVE_FIELDS)
        .order_by("title", "pk")
    )


def _area_ids(initiatives: list[Initiative], filters: DashboardFilters) -> dict[int, list[int]]:
    """The priority areas (of the plan, when one is chosen) of each initiative, by id."""
    links = Initiative.priority_areas.through.objects.filter(
        initiative__in=[i.pk for i in initiatives]
    )
    if filters.plan is not None:
        links = links.filter(priorityarea__plan=filters.plan)
    by_initiative: dict[int, list[int]] = defaultdict(list)
    for initiative_id, area_id in links.order_by().values_list(
        "initiative_id", "priorityarea_id"
    ):
        by_initiative[initiative_id].append(area_id)
    return by_initiative


def _latest_approved(
    initiatives: list[Initiative], periods_by_pk: dict[int, ReportingPeriod], as_of
) -> dict[int, ReportingPeriod]:
    """The latest approved period of each initiative (one grouped query)."""
    updates = ProgressUpdate.objects.filter(
        initiative__in=[i.pk for i in initiatives], status=ProgressUpdate.Status.APPROVED
    )
    if as_of is not None:
        updates = updates.filter(
            period__in=[pk for pk, p in periods_by_pk.items() if p.end <= as_of]
        )
    starts = dict(
        updates.order_by().rewrite(False).values("initiative_id")
        .annotate(latest=Max("period__start"))
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
    area_ids = _area_ids(initiatives, filters)
    summaries = {area.pk: AreaSummary(area) for area in _areas(filters)}
    statuses_by_initiative: dict[int, list[str]] = defaultdict(list)
    for row in rows.values():
        statuses_by_initiative[row.indicator.initiative_id].append(row.status)
    active = Initiative.Status.ACTIVE
    for initiative in initiatives:
        period = latest.get(initiative.pk)
        statuses = statuses_by_initiative.get(initiative.pk, ())
        for area_id in area_ids.get(initiative.pk, ()):
            summary = summaries.get(area_id)
            if summary is None:
                continue
            summary.initiatives += 1
            if initiative.status == active:
                summary.active += 1
            for status in statuses:
                setattr(summary, status, getattr(summary, status) + 1)
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
    # The last approved update of the page's initiatives only, with what the page shows.
    wanted = {
        i.pk: overview.latest_approved[i.pk]
        for i in initiatives
        if i.pk in allowed and i.pk in overview.latest_approved
    }
    last_updates: dict[int, ProgressUpdate] = {}
    for update in (
        ProgressUpdate.objects.filter(
            initiative__in=list(wanted), status=ProgressUpdate.Status.APPROVED,
            period__in={p.pk for p in wanted.values()},
        )
        .order_by()
        .only("id", "initiative_id", "period_id", "status", "reviewed_at")
    ):
        period = wanted.get(update.initiative_id)
        if period is not None and period.pk == update.period_id:
            update.period = period
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
        self.add_standing(obligation.standing)

    def add_standing(self, standing: Standing, times: int = 1) -> None:
        """Count ``times`` obligations that stand as ``standing`` (:class:`Obligation`'s rule)."""
        if not standing.is_expected:
            return
        self.expected += times
        self.submitted += standing.is_submitted * times
        self.on_time += standing.is_on_time * times
        self.late += standing.is_late * times
        self.approved += standing.is_approved * times
        self.missing += standing.is_missing * times
        self.pending += standing.is_pending * times

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
    by_org: dict[int, CompletenessRow] = {}
    by_period = {p.pk: CompletenessRow(p.label, period=p) for p in periods}
    total = CompletenessRow("")
    # How many obligations of each lead and period stand alike, counted once per kind; and
    # the overdue and late ones, the only ones made into Obligations.
    counts: Counter[tuple[int, int, Standing]] = Counter()
    listed = []
    for initiative, period, status, standing, update_id in obligation_standings(
        initiatives=initiatives, periods=periods, today=today
    ):
        lead_id = initiative.lead_id
        if lead_id not in by_org:
            lead = initiative.lead
            by_org[lead_id] = CompletenessRow(str(lead), organisation=lead)
        counts[lead_id, period.pk, standing] += 1
        if standing.is_missing or (standing.is_expected and standing.is_late):
            listed.append((initiative, period, status, standing, update_id))
    for (lead_id, period_id, standing), times in counts.items():
        by_org[lead_id].add_standing(standing, times)
        by_period[period_id].add_standing(standing, times)
        total.add_standing(standing, times)
    submitted_at = dict(
        ProgressUpdate.objects.filter(pk__in=[row[4] for row in listed if row[4] is not None])
        .order_by()
        .rewrite(False)
        .values_list("pk", "submitted_at")
    )
    overdue = []
    late = []
    for initiative, period, status, standing, update_id in listed:
        obligation = Obligation(
            initiative, period, status, submitted_at.get(update_id), today, standing=standing
        )
        (overdue if standing.is_missing else late).append(obligation)
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
    titles: dict[int, str] = {}

    def longest_overdue_first(obligation: Obligation) -> tuple:
        initiative = obligation.initiative
        title = titles.get(initiative.pk)
        if title is None:
            title = titles[initiative.pk] = initiative.title
        return (-obligation.days_overdue, by_org[initiative.lead_id].label, title)

    overdue.sort(key=longest_overdue_first)
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
