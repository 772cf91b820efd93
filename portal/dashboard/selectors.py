"""Reads behind the coordinator's dashboard: each takes the viewer and the filters.

Every read starts from ``initiatives.permissions.initiatives_for(viewer)``, so a viewer
only ever sees the initiatives they may see (a coordinator: all of them). The number of
queries does not depend on the amount of data: figures are aggregated in the database
(one row per indicator, per initiative or per organisation and period), never by loading
every activity or value. The overview reads each indicator's figures from its standing, the
summary table kept by ``portal.dashboard.standings``, and so do its downloads; an
indicator's page and the reports compute them from the values (:func:`indicator_rows`):
both give the same.

"As of": indicator status and latest values use the approved values of every period up
to the end of the chosen range (``period_to``); the range itself (``period_from`` to
``period_to``) decides which periods the completeness tables count.
"""

from __future__ import annotations

import datetime
import operator
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Case, Count, F, Max, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import get_language

from initiatives import permissions
from initiatives.models import (
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from initiatives.selectors import (
    Obligation,
    late_obligations,
    obligation_tallies,
    outstanding_obligations,
)
from partners.models import Membership, Organisation
from portal.core.collation import collated
from portal.core.loading import instances
from portal.dashboard.models import IndicatorStanding
from priorities.models import Plan, PriorityArea

from . import status as rule
from . import status_sql
from .status import RECENT_POINTS, Point, Spec, Summary


@dataclass(frozen=True)
class FilterLists:
    """What the filter form has read for its lists, so the selectors need not read it
    again: every reporting period (in order), priority area and organisation."""

    periods: list[ReportingPeriod]
    areas: list[PriorityArea]
    organisations: list[Organisation]


@dataclass(frozen=True)
class DashboardFilters:
    plan: Plan | None
    area: PriorityArea | None = None
    zone: str = ""
    organisation: Organisation | None = None
    period_from: ReportingPeriod | None = None
    period_to: ReportingPeriod | None = None
    # Without them, the selectors read what they need.
    lists: FilterLists | None = field(default=None, compare=False, repr=False)

    @property
    def as_of(self) -> datetime.date | None:
        return self.period_to.end if self.period_to else None


# --- Scope ---------------------------------------------------------------------------------


def dashboard_initiatives(*, viewer, filters: DashboardFilters) -> QuerySet[Initiative]:
    """The initiatives the filters select, among those the viewer may see."""
    initiatives = permissions.initiatives_for(viewer)
    # A priority area of the plan says the plan: its condition is then one too many.
    plan_implied = (
        filters.plan is not None and filters.area is not None
        and filters.area.plan_id == filters.plan.pk
    )
    if filters.plan is not None and not plan_implied:
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
    return _in_range(_all_periods(filters), filters)


def _all_periods(filters: DashboardFilters) -> list[ReportingPeriod]:
    if filters.lists is not None:
        return filters.lists.periods
    return list(ReportingPeriod.objects.order_by("start"))


def _by_start(period: ReportingPeriod) -> datetime.date:
    return period.start


def _in_range(periods: Iterable[ReportingPeriod], filters: DashboardFilters) -> list:
    """The periods (in order) that the filters' range holds."""
    first, last = filters.period_from, filters.period_to
    return [
        p for p in periods
        if (first is None or p.start >= first.start) and (last is None or p.end <= last.end)
    ]


def _areas(filters: DashboardFilters) -> list[PriorityArea]:
    """The priority areas the filters select, in their order."""
    if filters.lists is None:
        areas = PriorityArea.objects.order_by("order")
        if filters.plan is not None:
            areas = areas.filter(plan=filters.plan)
        if filters.area is not None:
            areas = areas.filter(pk=filters.area.pk)
        return list(areas)
    return sorted(
        (
            area for area in filters.lists.areas
            if (filters.plan is None or area.plan_id == filters.plan.pk)
            and (filters.area is None or area.pk == filters.area.pk)
        ),
        key=operator.attrgetter("order"),
    )


# --- Indicators ----------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    spec: Spec
    summary: Summary
    status: str
    # The period of the latest approved value (for the link to its activities).
    latest_period_id: int | None = None

    # The overview counts every indicator's status; the trend and the share of the target
    # are worked out only for the rows that are shown or downloaded.
    @cached_property
    def trend(self) -> str:
        return rule.trend(self.spec, self.summary, threshold=settings.SUPPRESSION_THRESHOLD)

    @cached_property
    def percent_of_target(self) -> Decimal | None:
        return rule.percent_of_target(self.spec, self.summary.progress)

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
    """Approved values of ``indicator_ids``."""
    values = IndicatorValue.objects.filter(
        indicator_id__in_array=list(indicator_ids),
        update__status=ProgressUpdate.Status.APPROVED,
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
    """Status, trend and progress of each indicator, from one query (:func:`_summaries`)."""
    if not indicators:
        return {}
    if periods is None:
        periods = {p.pk: p for p in ReportingPeriod.objects.all()}
    specs = {indicator.pk: spec_of(indicator) for indicator in indicators}
    summaries = _summaries(specs, as_of=as_of, periods=periods)
    return _rows(indicators, summaries, specs)


_NO_FIGURES: tuple[Summary, None] = (Summary(points=0, progress=None, first=None), None)
_NO_STATUS: dict[str, int] = {}


def _rows(
    indicators: list[Indicator], summaries: dict[int, tuple[Summary, int | None]],
    specs: dict[int, Spec] | None = None,
) -> dict[int, IndicatorRow]:
    rows = {}
    for indicator in indicators:
        pk = indicator.pk
        spec = specs[pk] if specs is not None else spec_of(indicator)
        # An indicator added since the figures were read has none yet.
        summary, latest_period_id = summaries.get(pk, _NO_FIGURES)
        fallback_end = indicator.initiative.end if indicator.initiative_id else None
        rows[pk] = IndicatorRow(
            indicator=indicator,
            spec=spec,
            summary=summary,
            status=rule.indicator_status(spec, summary, fallback_end=fallback_end),
            latest_period_id=latest_period_id,
        )
    return rows


def _indicator_statuses(
    initiatives: list[Initiative], *,
    as_of: datetime.date | None, periods: dict[int, ReportingPeriod],
) -> tuple[dict[int, dict[str, int]], dict[int, tuple[Summary, int | None]]]:
    """How many indicators of each of ``initiatives`` have each status, by initiative: what
    the overview counts, from the indicators' standings, by the Python rule (SQLite; on
    PostgreSQL :func:`portal.dashboard.status_sql.status_counts` counts them in the
    database, and a test checks both agree). With the summaries they come from, by
    indicator, for the rows of one page."""
    by_pk = {i.pk: i for i in initiatives}
    specs: dict[int, Spec] = {}
    owners: dict[int, Initiative] = {}
    for pk, initiative_id, *spec in (
        Indicator.objects.filter(initiative_id__in_array=list(by_pk))
        .order_by()
        .values_list(
            "pk", "initiative_id", "unit", "aggregation", "direction", "target",
            "target_date", "baseline", "baseline_date",
        )
    ):
        initiative = by_pk.get(initiative_id)
        if initiative is not None:
            specs[pk] = Spec(*spec, starts=initiative.start)
            owners[pk] = initiative
    summaries = _standing_summaries(specs, as_of=as_of, periods=periods)
    statuses: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, spec in specs.items():
        initiative = owners[pk]
        status = rule.indicator_status(spec, summaries[pk][0], fallback_end=initiative.end)
        counted = statuses[initiative.pk]
        counted[status] = counted.get(status, 0) + 1
    return statuses, summaries


def _standing_period(
    as_of: datetime.date | None, periods: dict[int, ReportingPeriod]
) -> ReportingPeriod | None:
    """The period whose standings hold the approved values "as of" (``None``: all): the
    latest to end by then."""
    return max(
        (p for p in periods.values() if as_of is None or p.end <= as_of),
        key=lambda p: (p.end, p.start, p.pk),
        default=None,
    )


def _standing_summaries(
    specs: dict[int, Spec], *, as_of: datetime.date | None,
    periods: dict[int, ReportingPeriod],
) -> dict[int, tuple[Summary, int | None]]:
    """What :func:`_summaries` computes, read from the indicators' standings (the summary
    table kept by ``portal.dashboard.standings``): one row per indicator of ``specs``."""
    period = _standing_period(as_of, periods)
    found: dict[int, tuple[Summary, int | None]] = {}
    make_point = _point_maker(periods)

    def point(data: list) -> Point:
        period_id, value, numerator, denominator = data
        return make_point(period_id, None if value is None else Decimal(value), numerator,
                          denominator)

    rows = () if period is None else (
        IndicatorStanding.objects.filter(period_id=period.pk, indicator_id__in_array=list(specs))
        .order_by()
        .values_list(
            "indicator_id", "points", "not_reported", "withheld", "total", "numerators",
            "denominators", "first", "recent",
        )
    )
    for pk, count, not_reported, withheld, total, numerators, denominators, first, recent in rows:
        spec = specs.get(pk)
        if spec is None:
            continue
        points = tuple(point(data) for data in recent)
        progress = None
        if count:
            progress = rule.progress_from_totals(
                spec, count=count, total=total, latest=points[-1].value,
                numerator=numerators, denominator=denominators,
            )
        summary = Summary(
            points=count,
            progress=progress,
            first=point(first) if first else None,
            recent=points,
            not_reported=not_reported,
            withheld=withheld,
        )
        found[pk] = (summary, recent[-1][0] if recent else None)
    return {pk: found.get(pk, _NO_FIGURES) for pk in specs}


def _summaries(
    specs: dict[int, Spec], *, as_of: datetime.date | None,
    periods: dict[int, ReportingPeriod],
) -> dict[int, tuple[Summary, int | None]]:
    """What the status rule reads of each indicator of ``specs`` (by id), and the period of
    its latest approved value, from one query.

    Window functions over each indicator's approved values give, in one scan, the counts of
    reported, not reported and withheld values, the sums of values, numerators and
    denominators, and the latest few reported values with the first one (the rows kept).
    """
    if not specs:
        return {}
    ids = list(specs)
    reported = Q(state=IndicatorValue.State.REPORTED)
    per_indicator = [F("indicator_id")]

    def over_indicator(aggregate) -> Window:
        return Window(aggregate, partition_by=per_indicator)

    # Reported values numbered from the latest (1) to the first (``points``), the other
    # values after them: one scan gives both the totals and the points the rule reads.
    recency = Window(
        RowNumber(),
        partition_by=per_indicator,
        order_by=[
            Case(When(reported, then=Value(0)), default=Value(1)).asc(),
            F("update__period__start").desc(),
        ],
    )
    recent: dict[int, list[Point]] = defaultdict(list)
    first: dict[int, Point] = {}
    latest_period: dict[int, int] = {}
    totals: dict[int, tuple] = {}
    make_point = _point_maker(periods)
    for indicator_id, value, numerator, denominator, period_id, number, *agg in (
        _approved_values(ids, as_of, periods)
        .annotate(
            recency=recency,
            points=over_indicator(Count("pk", filter=reported)),
            not_reported=over_indicator(
                Count("pk", filter=Q(state=IndicatorValue.State.NOT_REPORTED))
            ),
            withheld=over_indicator(Count("pk", filter=Q(state=IndicatorValue.State.WITHHELD))),
            total=over_indicator(Sum("value", filter=reported)),
            numerators=over_indicator(Sum("numerator", filter=reported)),
            with_numerator=over_indicator(Count("numerator", filter=reported)),
            denominators=over_indicator(Sum("denominator", filter=reported)),
            with_denominator=over_indicator(Count("denominator", filter=reported)),
        )
        # The latest few reported values, the first one, and a row for every indicator.
        .filter(Q(recency__lte=RECENT_POINTS) | Q(recency=F("points")))
        .values_list(
            "indicator_id", "value", "numerator", "denominator", "update__period_id",
            "recency", "points", "not_reported", "withheld", "total", "numerators",
            "with_numerator", "denominators", "with_denominator",
        )
    ):
        if number == 1:
            totals[indicator_id] = (indicator_id, *agg)
        if number > agg[0]:
            continue  # not a reported value
        point = make_point(period_id, value, numerator, denominator)
        if number <= RECENT_POINTS:
            recent[indicator_id].append(point)
            if number == 1:
                latest_period[indicator_id] = period_id
        if number == agg[0]:
            first[indicator_id] = point
    by_start = operator.attrgetter("period_start")
    summaries = {}
    for pk, spec in specs.items():
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
        summaries[pk] = (summary, latest_period.get(pk))
    return summaries


def _point_maker(periods: dict[int, ReportingPeriod]) -> Callable[..., Point]:
    """``make(period_id, value, numerator, denominator)``: a point of one of ``periods``,
    whose dates and label are read once per period, however many points it has."""
    known: dict[int, tuple] = {}

    def make(period_id, value, numerator, denominator) -> Point:
        dates = known.get(period_id)
        if dates is None:
            period = periods.get(period_id)
            dates = known[period_id] = (
                (period.start, period.end, period.label) if period else (None, None, "")
            )
        start, end, label = dates
        return Point(start, end, value, numerator, denominator, label)

    return make


# What the dashboard reads of an indicator (its rows, the page and the downloads).
_INDICATOR_FIELDS = (
    "id", "initiative_id", "name", "unit", "question", "baseline", "baseline_date", "target",
    "target_date", "direction", "aggregation", "source",
)


def _indicators_of(initiatives: Iterable[Initiative]) -> list[Indicator]:
    by_pk = {i.pk: i for i in initiatives}
    indicators = instances(
        Indicator.objects.filter(initiative_id__in_array=list(by_pk))
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
    initiatives: list[Initiative]
    latest_approved: dict[int, ReportingPeriod]
    as_of: datetime.date | None
    periods: dict[int, ReportingPeriod]
    # What the status of each indicator was worked out from, by indicator, when the
    # overview computed it in Python (SQLite); on PostgreSQL the statuses are counted in
    # the database and the rows' figures are read when asked for.
    summaries: dict[int, tuple[Summary, int | None]] | None = None

    def _summaries_of(self, indicators: list[Indicator]) -> dict[int, tuple[Summary, int | None]]:
        if self.summaries is not None:
            return self.summaries
        specs = {indicator.pk: spec_of(indicator) for indicator in indicators}
        return _standing_summaries(specs, as_of=self.as_of, periods=self.periods)

    def rows_of(self, initiatives: list[Initiative]) -> dict[int, IndicatorRow]:
        """The indicator rows of some of the overview's initiatives (those of one page):
        their indicators and their standings are read (the standings of the overview's
        "as of")."""
        indicators = _indicators_of(initiatives)
        return _rows(indicators, self._summaries_of(indicators))

    @cached_property
    def rows(self) -> dict[int, IndicatorRow]:
        """Every indicator's row (the downloads), from the standings as of the overview's
        period: the page and its downloads read the standings, never the values."""
        indicators = _indicators_of(self.initiatives)
        return _rows(indicators, self._summaries_of(indicators))


class TableLine(typing.NamedTuple):
    """One indicator's line of the indicators download: what the file shows, read from the
    indicator's row and its standing (no model instance)."""

    initiative_id: int
    name: str
    question: str
    unit: str
    latest: Decimal | None
    progress: Decimal | None
    target: Decimal | None
    target_date: datetime.date | None
    percent_of_target: Decimal | None
    status: str
    trend: str
    points: int
    not_reported: int
    withheld: int


class _Row:
    """Something with a ``__dict__`` for a translation descriptor to read (as
    modeltranslation's values iterables do)."""


def _translation_reader(model, field: str) -> tuple[list[str], Callable[[tuple], object]]:
    """The columns of ``field``'s translations and a function that reads, from their values,
    what ``instance.<field>`` gives in the active language (the same fallbacks, by
    modeltranslation's own descriptor whenever no language has a meaningful value): rows
    read with ``rewrite(False)`` show the same text as model instances, without their
    per-row cost."""
    from modeltranslation import settings as mt_settings
    from modeltranslation.fields import NONE
    from modeltranslation.utils import build_localized_fieldname, resolution_order

    descriptor = model.__dict__[field]
    columns = [build_localized_fieldname(field, lang) for lang in mt_settings.AVAILABLE_LANGUAGES]
    order = [columns.index(build_localized_fieldname(field, lang))
             for lang in resolution_order(get_language(), descriptor.fallback_languages)
             if build_localized_fieldname(field, lang) in columns]
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()

    def read(values: tuple):
        for index in order:
            value = values[index]
            if value is not None and value != undefined:
                return value
        row = _Row()
        row.__dict__.update(zip(columns, values, strict=True))
        return descriptor.__get__(row, None)

    return columns, read


def table_lines(overview: Overview) -> Iterator[TableLine]:
    """Every indicator of the overview's initiatives, in the page's order, with its figures
    as of the overview's period: what :attr:`Overview.rows` gives the download, from rows.
    On PostgreSQL one statement gives the rows with their status
    (:func:`status_sql.table_figures`, the rule checked by a property test); elsewhere two
    queries, and the Python rule runs on the standings. The trend reads the latest two
    points either way. The lines come one at a time, as the download writes them."""
    by_pk = {i.pk: i for i in overview.initiatives}
    if not by_pk:
        return
    name_columns, read_name = _translation_reader(Indicator, "name")
    width = len(name_columns)
    fields = ("initiative_id", *name_columns, "question", "unit", "aggregation", "direction",
              "target", "target_date", "baseline", "baseline_date")
    threshold = settings.SUPPRESSION_THRESHOLD
    if status_sql.supported():
        # One statement: the indicators' fields, their standings and their status.
        period = _standing_period(overview.as_of, overview.periods)
        figures = status_sql.table_figures(
            list(by_pk), period.pk if period else None,
            [Indicator._meta.get_field(f).column for f in fields],
        )
        # A few thousand lines: tuples made directly (``tuple.__new__``, what a named
        # tuple's constructor does after its Python-level argument handling), the rule's
        # functions looked up once.
        make = tuple.__new__
        progress_from_totals = rule.progress_from_totals
        percent_of_target, trend = rule.percent_of_target, rule.trend
        for (status, count, not_reported, withheld, total, numerators, denominators,
             has_previous, previous_value, previous_numerator, previous_denominator,
             has_latest, latest_value, latest_numerator, latest_denominator,
             initiative_id, *row) in figures.values():
            spec = make(Spec, (*row[width + 1:], None))  # no start: the status is read
            latest = previous_point = latest_point = None
            if has_latest:
                latest = None if latest_value is None else Decimal(latest_value)
                latest_point = make(Point, (None, None, latest, latest_numerator,
                                            latest_denominator, ""))
            if has_previous:
                previous_point = make(Point, (
                    None, None, None if previous_value is None else Decimal(previous_value),
                    previous_numerator, previous_denominator, "",
                ))
            if previous_point is not None and latest_point is not None:
                recent: tuple[Point, ...] = (previous_point, latest_point)
            elif latest_point is not None:
                recent = (latest_point,)
            else:
                recent = () if previous_point is None else (previous_point,)
            progress = None
            if count:
                progress = progress_from_totals(
                    spec, count=count, total=total, latest=latest,
                    numerator=numerators, denominator=denominators,
                )
            summary = make(Summary, (count, progress, None, recent, 0, 0))
            yield make(TableLine, (
                initiative_id, read_name(row[:width]), row[width], spec.unit, latest,
                progress, spec.target, spec.target_date, percent_of_target(spec, progress),
                status, trend(spec, summary, threshold=threshold), count, not_reported,
                withheld,
            ))
        return
    indicators = [
        (pk, initiative_id, read_name(row[:width]), *row[width:])
        for pk, initiative_id, *row in (
            Indicator.objects.rewrite(False)
            .filter(initiative_id__in_array=list(by_pk))
            .order_by("initiative_id", "order", "pk")
            .values_list("pk", *fields)
        )
    ]
    specs = {}
    for pk, initiative_id, _name, _question, *spec_fields in indicators:
        specs[pk] = Spec(*spec_fields, starts=by_pk[initiative_id].start)
    summaries = _standing_summaries(specs, as_of=overview.as_of, periods=overview.periods)
    for pk, initiative_id, name, question, *_rest in indicators:
        spec, summary = specs[pk], summaries[pk][0]
        latest_point = summary.latest
        yield TableLine(
            initiative_id, name, question, spec.unit,
            latest_point.value if latest_point else None, summary.progress, spec.target,
            spec.target_date, rule.percent_of_target(spec, summary.progress),
            rule.indicator_status(spec, summary, fallback_end=by_pk[initiative_id].end),
            rule.trend(spec, summary, threshold=threshold), summary.points,
            summary.not_reported, summary.withheld,
        )


# What the dashboard reads of an initiative and its lead (the page, the downloads, the
# status rule and the reporting obligations): not the long texts.
_INITIATIVE_FIELDS = ("id", "title", "zone", "status", "start", "end", "lead")


def _scoped_initiatives(*, viewer, filters: DashboardFilters) -> list[Initiative]:
    """The initiatives the filters select (:func:`dashboard_initiatives`), each with its
    lead: the filters' query is run once, and the other reads select these by id."""
    scope = dashboard_initiatives(viewer=viewer, filters=filters)
    # Built without Model.__init__ (portal.core.loading): a thousand at city scale.
    initiatives = instances(scope.only(*_INITIATIVE_FIELDS).order_by("title", "pk"))
    # Each lead once (a few lead hundreds of initiatives), not once per initiative.
    lead_ids = {i.lead_id for i in initiatives}
    leads = {}
    if filters.lists is not None:
        leads = {o.pk: o for o in filters.lists.organisations if o.pk in lead_ids}
    if len(leads) < len(lead_ids):
        leads.update(Organisation.objects.only("id", "name").in_bulk(lead_ids - set(leads)))
    for initiative in initiatives:
        initiative.lead = leads[initiative.lead_id]
    return initiatives


def _area_ids(initiative_ids: list[int], filters: DashboardFilters) -> dict[int, list[int]]:
    """The priority areas (of the plan, when one is chosen) of each initiative, by id."""
    links = Initiative.priority_areas.through.objects.filter(
        initiative_id__in_array=initiative_ids
    )
    if filters.plan is not None:
        links = links.filter(priorityarea__plan=filters.plan)
    by_initiative: dict[int, list[int]] = defaultdict(list)
    for initiative_id, area_id in links.order_by().values_list(
        "initiative_id", "priorityarea_id"
    ):
        by_initiative[initiative_id].append(area_id)
    return by_initiative


def _approved_periods(
    periods_by_pk: dict[int, ReportingPeriod], as_of: datetime.date | None
) -> list[int] | None:
    """The periods whose approvals count "as of" (None: all)."""
    if as_of is None:
        return None
    return [pk for pk, p in periods_by_pk.items() if p.end <= as_of]


def _latest_approved(
    initiative_ids: list[int], periods_by_pk: dict[int, ReportingPeriod], as_of
) -> dict[int, ReportingPeriod]:
    """The latest approved period of each initiative (one grouped query; on PostgreSQL the
    overview reads it with the statuses, :func:`status_sql.overview_figures`)."""
    updates = ProgressUpdate.objects.filter(
        initiative_id__in_array=initiative_ids, status=ProgressUpdate.Status.APPROVED
    )
    approved_in = _approved_periods(periods_by_pk, as_of)
    if approved_in is not None:
        updates = updates.filter(period__in=approved_in)
    starts = dict(
        updates.order_by().rewrite(False).values("initiative_id")
        .annotate(latest=Max("period__start"))
        .values_list("initiative_id", "latest")
    )
    by_start = {p.start: p for p in periods_by_pk.values()}
    return {ini: by_start[start] for ini, start in starts.items() if start in by_start}


class ScopeRow(typing.NamedTuple):
    """An initiative of the scope as the indicators download reads it: a row, not a model
    instance (a city's download lists a thousand initiatives). ``str()`` gives its title,
    ``lead`` its lead's name, both as the model instances give them in the active language
    (the same fallbacks)."""

    pk: int
    title: str
    lead_id: int
    lead: str
    start: datetime.date
    end: datetime.date | None

    def __str__(self) -> str:
        return self.title


def dashboard_scope(*, viewer, filters: DashboardFilters) -> Overview:
    """What ``dashboard_overview(areas=False)`` gives, the initiatives read as rows
    (:class:`ScopeRow`) instead of model instances: for the indicators download, which
    shows each initiative's title and lead and nothing else of it. The same filters' query;
    each lead's name read once (from the filter form's list when it has one)."""
    title_columns, read_title = _translation_reader(Initiative, "title")
    width = len(title_columns)
    rows = list(
        dashboard_initiatives(viewer=viewer, filters=filters)
        .rewrite(False)
        .order_by()
        .values_list("pk", *title_columns, "lead_id", "start", "end")
    )
    lead_ids = {row[width + 1] for row in rows}
    leads: dict[int, str] = {}
    if filters.lists is not None:
        leads = {o.pk: str(o) for o in filters.lists.organisations if o.pk in lead_ids}
    if len(leads) < len(lead_ids):
        leads.update(
            (pk, str(o)) for pk, o in Organisation.objects.only("id", "name")
            .in_bulk(lead_ids - set(leads)).items()
        )
    initiatives = [
        ScopeRow(pk, read_title(row[:width]), lead_id, leads[lead_id], start, end)
        for pk, *row, lead_id, start, end in rows
    ]
    periods_by_pk = {p.pk: p for p in _all_periods(filters)}
    return Overview([], initiatives, {}, filters.as_of, periods_by_pk)  # type: ignore[arg-type]


def dashboard_overview(*, viewer, filters: DashboardFilters, areas: bool = True) -> Overview:
    """Per priority area of the plan: initiatives, active ones, indicator status counts and
    the latest approved period. The indicators' rows are read when asked for
    (:meth:`Overview.rows_of` for a page, :attr:`Overview.rows` for all).

    ``areas=False``: the scope only (the initiatives and periods), for a download that
    shows no area's figures: nothing is counted that the file does not show."""
    initiatives = _scoped_initiatives(viewer=viewer, filters=filters)
    initiative_ids = [i.pk for i in initiatives]
    periods_by_pk = {p.pk: p for p in _all_periods(filters)}
    if not areas:
        return Overview([], initiatives, {}, filters.as_of, periods_by_pk)
    indicator_summaries = None
    summaries = {area.pk: AreaSummary(area) for area in _areas(filters)}
    if status_sql.supported():
        # The status rule in SQL, counted per initiative (no standing read into Python),
        # with each initiative's latest approved period and the areas (of those shown) it
        # serves, in one statement.
        period = _standing_period(filters.as_of, periods_by_pk)
        statuses_by_initiative, starts, area_ids = status_sql.overview_figures(
            initiative_ids, period.pk if period is not None else None,
            approved_in=_approved_periods(periods_by_pk, filters.as_of), latest=True,
            areas=list(summaries),
        )
        by_start = {p.start: p for p in periods_by_pk.values()}
        latest = {ini: by_start[start] for ini, start in starts.items() if start in by_start}
    else:
        statuses_by_initiative, indicator_summaries = _indicator_statuses(
            initiatives, as_of=filters.as_of, periods=periods_by_pk
        )
        latest = _latest_approved(initiative_ids, periods_by_pk, filters.as_of)
        area_ids = _area_ids(initiative_ids, filters)
    active = Initiative.Status.ACTIVE
    for initiative in initiatives:
        period = latest.get(initiative.pk)
        statuses = statuses_by_initiative.get(initiative.pk, _NO_STATUS)
        for area_id in area_ids.get(initiative.pk, ()):
            summary = summaries.get(area_id)
            if summary is None:
                continue
            summary.initiatives += 1
            if initiative.status == active:
                summary.active += 1
            for status, n in statuses.items():
                setattr(summary, status, getattr(summary, status) + n)
            current = summary.latest_period
            if period and (current is None or period.start > current.start):
                summary.latest_period = period
    return Overview(
        list(summaries.values()), initiatives, latest, filters.as_of, periods_by_pk,
        indicator_summaries,
    )


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
    for update in instances(
        ProgressUpdate.objects.filter(
            initiative_id__in_array=list(wanted), status=ProgressUpdate.Status.APPROVED,
            period_id__in_array=sorted({p.pk for p in wanted.values()}),
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
    shown = [i for i in initiatives if i.pk in allowed]
    for row in overview.rows_of(shown).values():
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
    closed: int = 0  # not reported, the period closed (locked)
    organisation: Organisation | None = None
    period: ReportingPeriod | None = None

    def add_figures(self, figures: tuple[int, ...]) -> None:
        """Count obligations from their figures (:meth:`Tally.figures`; without the last,
        closed, nothing is closed)."""
        expected, submitted, on_time, late, approved, missing, pending, *closed = figures
        self.expected += expected
        self.submitted += submitted
        self.on_time += on_time
        self.late += late
        self.approved += approved
        self.missing += missing
        self.pending += pending
        self.closed += sum(closed)

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


def _column_sums(rows: list[tuple[int, ...]]) -> tuple[int, ...]:
    """The sum of each column of ``rows`` (tuples of one length)."""
    return tuple(map(sum, zip(*rows, strict=True)))


def dashboard_completeness(
    *, viewer, filters: DashboardFilters, today: datetime.date | None = None,
    initiatives: list[Initiative] | None = None, with_late: bool = False,
    overview: Overview | None = None,
) -> Completeness:
    """Reporting completeness and timeliness per lead organisation and per period, with the
    overdue updates and who owes them (the definitions are :class:`Obligation`'s).

    The figures are counted in the database per lead and period
    (:func:`~initiatives.selectors.obligation_tallies`); only the overdue obligations, and
    with ``with_late`` those submitted late, are made into objects. ``initiatives``, when
    given, are those the viewer may see (a report's); the dashboard gives its ``overview``
    (for the same viewer and filters) instead, whose initiatives and periods are reused.
    """
    today = today or timezone.localdate()
    if overview is not None:
        initiatives = overview.initiatives
        periods = _in_range(sorted(overview.periods.values(), key=_by_start), filters)
    else:
        if initiatives is None:
            initiatives = _scoped_initiatives(viewer=viewer, filters=filters)
        periods = dashboard_periods(filters=filters)
    periods = [p for p in periods if p.end < today]
    leads = {i.lead_id: i.lead for i in initiatives}
    by_org: dict[int, CompletenessRow] = {}
    by_period = {p.pk: CompletenessRow(p.label, period=p) for p in periods}
    total = CompletenessRow("")
    # Each tally's figures listed per lead and per period, then summed column by column
    # (``sum`` over ``zip``): thousands of tallies, not thousands of rows added one by one.
    org_figures: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    period_figures: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    all_figures: list[tuple[int, ...]] = []
    for tally in obligation_tallies(
        initiatives=initiatives, periods=periods, today=today
    ):
        figures = tally.figures()
        org_figures[tally.lead_id].append(figures)
        period_figures[tally.period.pk].append(figures)
        all_figures.append(figures)
    for lead_id, listed in org_figures.items():
        lead = leads[lead_id]
        row = by_org[lead_id] = CompletenessRow(str(lead), organisation=lead)
        row.add_figures(_column_sums(listed))
    for period_id, listed in period_figures.items():
        by_period[period_id].add_figures(_column_sums(listed))
    if all_figures:
        total.add_figures(_column_sums(all_figures))
    overdue = outstanding_obligations(initiatives=initiatives, periods=periods, today=today)
    late = (
        late_obligations(initiatives=initiatives, periods=periods, today=today)
        if with_late else []
    )
    contacts: dict[int, list[str]] = defaultdict(list)
    # Rows, not a membership and a user instance for each of hundreds of leads' contacts;
    # the name as ``User.get_full_name`` writes it (Django's: first and last, stripped).
    for organisation_id, first_name, last_name, email in (
        Membership.objects.filter(
            organisation__in={o.initiative.lead_id for o in overdue}, role=Membership.Role.LEAD,
            user__is_active=True,
        )
        .order_by("user__last_name", "user__email")
        .values_list("organisation_id", "user__first_name", "user__last_name", "user__email")
    ):
        name = f"{first_name} {last_name}".strip() or email
        contacts[organisation_id].append(f"{name} <{email}>")
    titles: dict[int, str] = {}

    def longest_overdue_first(obligation: Obligation) -> tuple:
        initiative = obligation.initiative
        title = titles.get(initiative.id)
        if title is None:
            title = titles[initiative.id] = initiative.title
        # Two initiatives of one lead may share a title: the id keeps the order fixed.
        return (obligation.period.due, by_org[initiative.lead_id].label, title, initiative.id)

    overdue.sort(key=longest_overdue_first)
    return Completeness(
        by_organisation=collated(by_org.values(), key=lambda r: r.label),
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
