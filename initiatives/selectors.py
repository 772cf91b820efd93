"""Reads: the public pages (published content and approved figures only), the indicators
and derived values of an update, and the one definition of what a partner owes.

Reporting obligations ("due", "late", "missing") are defined once here, in
:class:`Obligation`, and used by the workspace home, the coordinator dashboard and the
reports alike.
"""

from __future__ import annotations

import datetime
import typing
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Organisation
from portal.core.figures import PERCENT, Figure, public_figure, share_of

from . import permissions, quality
from .lookups import in_array_sql
from .metrics import DerivedValue, derived_values
from .models import (
    Activity,
    ApprovedActivityTotal,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)

if typing.TYPE_CHECKING:
    from partners.models import Organisation, User


def public_initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.public().select_related("lead")


def initiative_public_detail_queryset() -> QuerySet[Initiative]:
    public_orgs = Organisation.objects.public()
    # Into lists (to_attr): no related manager and filtered queryset for each relation.
    return public_initiatives().prefetch_related(
        Prefetch("priority_areas", to_attr="area_list"),
        Prefetch("themes", to_attr="theme_list"),
        Prefetch("collaborators", queryset=public_orgs, to_attr="collaborator_list"),
        Prefetch("funders", queryset=public_orgs, to_attr="funder_list"),
    )


@dataclass
class IndicatorProgress:
    indicator: Indicator
    figure: Figure
    target: Figure | None
    # Share of the target reached, in percent (above 100 when the target is exceeded), or
    # None when not shown.
    percent_of_target: Decimal | None
    periods: int
    # The measurement plan: the organisation responsible for the data, only when it is
    # public, and the baseline as a public figure (a count about people, like any other).
    responsible: Organisation | None = None
    baseline: Figure | None = None
    # The figure of each approved period, oldest first (open data publishes them).
    by_period: list[PeriodFigure] = field(default_factory=list)

    @property
    def bar_width(self) -> int | None:
        """The bar is a picture of progress: full at the target, never wider."""
        if self.percent_of_target is None:
            return None
        return int(min(Decimal(100), max(Decimal(0), self.percent_of_target)))


def _aggregate(indicator: Indicator, values: list[IndicatorValue]) -> Figure:
    """Combine approved values of successive periods as the indicator says."""
    if not values:
        return Figure(None, indicator.unit)
    if indicator.unit == PERCENT and any(v.denominator is None for v in values):
        # A share typed without its counts (before shares were entered as a count out of a
        # total) cannot be checked for small numbers: it is not published.
        return Figure(None, indicator.unit, suppressed="hidden")
    if indicator.unit == PERCENT:
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
    """How far along the target is, in whole percent: 219 of a target of 200 is 110.

    Not capped: exceeding the target is news. For "down is good", reaching the target or
    going below it is 100 (a ratio of the target to a smaller value, or to 0, means
    nothing), and above the target it is target / value.
    """
    if not figure.is_shown or not indicator.target:
        return None
    if indicator.direction == Indicator.Direction.DOWN:
        if figure.value <= indicator.target:
            return Decimal(100)
        ratio = indicator.target * 100 / figure.value
    else:
        ratio = figure.value * 100 / indicator.target
    return ratio.quantize(Decimal(1))


def public_progress(
    indicator: Indicator, values: list[IndicatorValue]
) -> tuple[Figure, Decimal | None]:
    """The public figure of an indicator from its approved, reported ``values`` (oldest
    period first) and its share of the target: exactly what the initiative page shows, for
    public reports of the same periods."""
    figure = _aggregate(indicator, values)
    return figure, _percent_of_target(indicator, figure)


def progress_figure(indicator: Indicator, values: list[IndicatorValue]) -> Figure:
    """The public figure of an indicator's progress to date from its approved, reported
    ``values`` (oldest period first), as the initiative page shows it. Reads only the
    indicator's ``unit`` and ``aggregation`` and each value's ``value``, ``numerator`` and
    ``denominator``: open data passes plain rows."""
    return _aggregate(indicator, values)


def period_figure(indicator: Indicator, value: IndicatorValue) -> Figure:
    """The public figure of one approved value (one period), by the rules of
    :func:`_aggregate` applied to that period alone."""
    return _aggregate(indicator, [value])


@dataclass
class PeriodFigure:
    """One approved period of an indicator and its public figure."""

    period: ReportingPeriod
    figure: Figure


# The long texts of an update (each in both languages), left unread where only its period,
# status or dates are wanted.
_UPDATE_TEXTS = (
    *(f"{name}_{lang}" for name in ("done", "next_steps", "challenges") for lang in ("fr", "en")),
    "review_comment",
)


def approved_values(indicator_ids: list[int]) -> dict[int, list[IndicatorValue]]:
    """The approved, reported values of the indicators, by indicator, oldest period first
    (one query, with their periods)."""
    values_by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    approved = (
        IndicatorValue.objects.filter(
            indicator__in=indicator_ids,
            update__status=ProgressUpdate.Status.APPROVED,
            # "Not reported" and "withheld" are not numbers: never read as zero.
            state=IndicatorValue.State.REPORTED,
        )
        .select_related("update__period")
        # The period is what is read of the update: not its narratives in each language.
        .defer(*(f"update__{name}" for name in _UPDATE_TEXTS))
        .order_by("update__period__start")
    )
    for value in approved:
        values_by_indicator[value.indicator_id].append(value)
    return values_by_indicator


def approved_progress_of(initiative_ids: list[int]) -> dict[int, list[IndicatorProgress]]:
    """Each public indicator of each initiative (by initiative id) with its approved
    progress against target, and the figure of each approved period.

    The one computation of the public figures of indicators: the initiative page shows it
    (:func:`approved_progress`) and open data writes it. Two queries whatever the number of
    initiatives, indicators and periods (the responsible organisation comes in the first,
    with whether it is public).
    """
    indicators = list(
        Indicator.objects.filter(initiative__in=initiative_ids, is_public=True)
        .select_related("responsible")
        .annotate(
            responsible_is_public=Exists(
                Organisation.objects.public().filter(pk=OuterRef("responsible_id"))
            )
        )
        .order_by("initiative_id", "order", "pk")
    )
    values_by_indicator = approved_values([i.pk for i in indicators])
    progress: dict[int, list[IndicatorProgress]] = defaultdict(list)
    for indicator in indicators:
        values = values_by_indicator[indicator.pk]
        figure = _aggregate(indicator, values)
        # A target is a planning figure, not a count of people served: never suppressed.
        target = Figure(indicator.target, indicator.unit) if indicator.target is not None else None
        percent = _percent_of_target(indicator, figure)
        progress[indicator.initiative_id].append(
            IndicatorProgress(
                indicator,
                figure,
                target,
                percent,
                len(values),
                responsible=indicator.responsible if indicator.responsible_is_public else None,
                baseline=public_figure(indicator.baseline, unit=indicator.unit)
                if indicator.baseline is not None
                else None,
                by_period=[
                    PeriodFigure(value.update.period, period_figure(indicator, value))
                    for value in values
                ],
            )
        )
    return progress


def approved_progress(initiative: Initiative) -> list[IndicatorProgress]:
    """Each public indicator of the initiative with its approved progress against target
    (two queries, see :func:`approved_progress_of`)."""
    return approved_progress_of([initiative.pk]).get(initiative.pk, [])


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
    # The kept totals of approved updates (``initiatives.totals``): one row per approved
    # update, not a count of every activity; they equal approved_activities()'s count.
    totals = ApprovedActivityTotal.objects.filter(initiative__is_public=True).aggregate(
        activities=Sum("activities"), participants=Sum("participants"))
    return {
        "initiatives": Initiative.objects.public().count(),
        "partners": Organisation.objects.public().count(),
        "activities": totals["activities"] or 0,
        "participants": totals["participants"] or 0,
        "computed_on": datetime.date.today().isoformat(),
    }


# --- Indicators and derived values of an update --------------------------------------------


def locked_message(period: ReportingPeriod) -> str:
    return _(
        "The reporting period %(period)s is locked: its activities and updates can no "
        "longer be added or changed. Ask the coordinator to reopen it."
    ) % {"period": period.label}


def frozen_message(update: ProgressUpdate) -> str:
    return _(
        "The progress update of %(period)s for this initiative is %(status)s: the activities "
        "it reports can no longer change. Ask the coordinator to return it first."
    ) % {"period": update.period.label, "status": update.get_status_display().lower()}


def activity_lock(activity: Activity) -> str | None:
    """Why the activity can no longer change (its period is locked, or its quarter's update
    is submitted or approved), or None: shown with a "locked" badge instead of dead-end
    Edit and Delete buttons. The services enforce the same rule."""
    period = locked_period_for(activity.date)
    if period:
        return locked_message(period)
    frozen = frozen_update_for(activity.initiative, activity.date)
    return frozen_message(frozen) if frozen else None


def activity_locks(activities: list[Activity]) -> set[int]:
    """The ids of the listed activities that can no longer change (two queries for a page)."""
    if not activities:
        return set()
    first, last = min(a.date for a in activities), max(a.date for a in activities)
    locked = list(
        ReportingPeriod.objects.filter(is_locked=True, start__lte=last, end__gte=first)
        .values_list("start", "end")
    )
    frozen: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for initiative_id, start, end in ProgressUpdate.objects.filter(
        initiative__in={a.initiative_id for a in activities},
        status__in=(ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED),
        period__start__lte=last, period__end__gte=first,
    ).values_list("initiative_id", "period__start", "period__end"):
        frozen[initiative_id].append((start, end))
    return {
        a.pk for a in activities
        if any(s <= a.date <= e for s, e in locked)
        or any(s <= a.date <= e for s, e in frozen[a.initiative_id])
    }


def locked_period_for(day: datetime.date) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(start__lte=day, end__gte=day, is_locked=True).first()


def frozen_update_for(initiative: Initiative, day: datetime.date) -> ProgressUpdate | None:
    """The submitted or approved update covering ``day``: its activities are what was reported."""
    return (
        ProgressUpdate.objects.filter(
            initiative=initiative,
            status__in=(ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED),
            period__start__lte=day,
            period__end__gte=day,
        )
        .select_related("period")
        .order_by()
        .first()
    )


def entered_indicators(initiative: Initiative) -> QuerySet[Indicator]:
    return initiative.indicators.filter(source=Indicator.Source.ENTERED)


def derived_indicators(initiative: Initiative) -> QuerySet[Indicator]:
    return initiative.indicators.filter(source=Indicator.Source.DERIVED)


def derived_for_period(
    initiative: Initiative, period: ReportingPeriod
) -> list[tuple[Indicator, DerivedValue]]:
    """Each derived indicator of the initiative with its value over the period, computed in
    the database by :func:`initiatives.metrics.derived_values` (one query)."""
    indicators = list(derived_indicators(initiative))
    if not indicators:
        return []
    values = derived_values(
        initiative_ids=[initiative.pk], start=period.start, end=period.end
    ).get(initiative.pk, {})
    rows = []
    for indicator in indicators:
        empty = (
            DerivedValue(Decimal(0), 0, 0)
            if indicator.unit == Indicator.Unit.PERCENT
            else DerivedValue(Decimal(0))
        )
        rows.append((indicator, values.get(indicator.derivation, empty)))
    return rows


# --- Reporting obligations: the one definition of "due", "late" and "missing" -------------

SUBMITTED_STATUSES = (ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED)


def runs_during(initiative: Initiative, period: ReportingPeriod) -> bool:
    """An initiative owes an update for every period its span overlaps, and no other."""
    return period.end >= initiative.start and (
        initiative.end is None or period.start <= initiative.end
    )


class Standing(typing.NamedTuple):
    """Where one obligation stands on a day: the flags of :class:`Obligation`, worked out
    once by :func:`obligation_standing`."""

    is_expected: bool
    is_submitted: bool
    is_approved: bool
    is_on_time: bool
    is_late: bool
    is_missing: bool
    is_pending: bool
    days_overdue: int
    is_closed: bool = False


def obligation_standing(
    *,
    status: str | None,
    submitted_on: datetime.date | None,
    period: ReportingPeriod,
    today: datetime.date,
) -> Standing:
    """The rule of :class:`Obligation` (its docstring says it in words), from the update's
    status and the day it was submitted on in the portal's time zone."""
    submitted = status in SUBMITTED_STATUSES
    # An approved update without a submission time (recorded outside the portal) is
    # counted on time: nothing says it was late.
    on_time = submitted and (submitted_on is None or submitted_on <= period.due)
    expected = period.end < today
    # A locked period closes what it owed: what was not submitted is "not reported (period
    # closed)", no longer overdue (it still counts against the reporting rate).
    closed = expected and not submitted and period.is_locked
    missing = not submitted and today > period.due and not period.is_locked
    return Standing(
        is_expected=expected,
        is_submitted=submitted,
        is_approved=status == ProgressUpdate.Status.APPROVED,
        is_on_time=on_time,
        is_late=submitted and not on_time,
        is_missing=missing,
        is_pending=expected and not submitted and not missing and not closed,
        days_overdue=(today - period.due).days if missing else 0,
        is_closed=closed,
    )


@dataclass(frozen=True, slots=True)
class Obligation:
    """The update one initiative owes for one period, and where it stands on ``today``.

    * expected: the period is over (its end is before ``today``), so an update is owed;
    * submitted: the update was submitted (awaiting review or approved); a returned update
      is not submitted until it is sent again;
    * on time: submitted on or before the period's due date (in the portal's time zone);
    * late: submitted, but after the due date;
    * missing (overdue): not submitted, the due date has passed and the period is open;
    * closed (not reported, period closed): expected, not submitted, and the period is
      locked: it is no longer overdue and gets no reminder; reopening the period makes it
      missing (or pending) again;
    * pending: expected, not submitted, not yet due, period open.

    So expected = submitted + missing + pending + closed, and submitted = on time + late. The
    reporting rate is submitted / expected and the on-time rate on time / expected (the
    figures DHIS2 calls "reporting rate" and "reporting rate on time").

    The rule itself is :func:`obligation_standing`; its result is worked out once, when the
    obligation is made (``standing``), and the properties below read it.
    """

    initiative: Initiative
    period: ReportingPeriod
    status: str | None  # of the update; None when there is none yet
    submitted_at: datetime.datetime | None
    today: datetime.date
    update: ProgressUpdate | None = None  # loaded only when asked for (the workspace)
    # Computed from the fields above when not given (given by the selectors of this module,
    # which work it out with the same function).
    standing: Standing = field(default=None, kw_only=True, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.standing is None:
            submitted_on = (
                timezone.localdate(self.submitted_at) if self.submitted_at is not None else None
            )
            object.__setattr__(self, "standing", obligation_standing(
                status=self.status, submitted_on=submitted_on, period=self.period,
                today=self.today,
            ))

    @property
    def is_expected(self) -> bool:
        return self.standing.is_expected

    @property
    def is_submitted(self) -> bool:
        return self.standing.is_submitted

    @property
    def is_approved(self) -> bool:
        return self.standing.is_approved

    @property
    def submitted_on(self) -> datetime.date | None:
        if not self.is_submitted or self.submitted_at is None:
            return None
        return timezone.localdate(self.submitted_at)

    @property
    def is_on_time(self) -> bool:
        return self.standing.is_on_time

    @property
    def is_late(self) -> bool:
        return self.standing.is_late

    @property
    def is_missing(self) -> bool:
        return self.standing.is_missing

    @property
    def is_pending(self) -> bool:
        return self.standing.is_pending

    @property
    def is_closed(self) -> bool:
        return self.standing.is_closed

    @property
    def days_overdue(self) -> int:
        return self.standing.days_overdue


def _owed_periods(
    initiatives: list[Initiative], periods: list[ReportingPeriod]
) -> list[tuple[Initiative, list[ReportingPeriod]]]:
    """Each initiative that owes updates, with the periods it owes them for, in order."""
    owed = []
    for initiative in initiatives:
        during = [p for p in periods if runs_during(initiative, p)]
        if during:
            owed.append((initiative, during))
    return owed


def reporting_obligations(
    *,
    initiatives: list[Initiative],
    periods: list[ReportingPeriod],
    today: datetime.date | None = None,
    with_updates: bool = False,
) -> list[Obligation]:
    """Every (initiative, period) pair where an update is owed, with its update's state.

    One query. ``with_updates`` attaches the update objects (for pages that show them);
    without it only their status and submission time are read, which stays cheap for
    thousands of initiatives.
    """
    today = today or timezone.localdate()
    owed = _owed_periods(initiatives, periods)
    if not owed:
        return []
    updates = ProgressUpdate.objects.filter(
        initiative__in=[i.pk for i in initiatives], period__in=[p.pk for p in periods]
    ).order_by()
    if with_updates:
        found = {(u.initiative_id, u.period_id): u for u in updates}
        states = {key: (u.status, u.submitted_at) for key, u in found.items()}
    else:
        found = {}
        states = {
            (ini, per): (status, submitted_at)
            for ini, per, status, submitted_at in updates.rewrite(False).values_list(
                "initiative_id", "period_id", "status", "submitted_at"
            )
        }
    tz = timezone.get_current_timezone()  # what timezone.localdate() uses, looked up once
    obligations = []
    for initiative, during in owed:
        for period in during:
            key = (initiative.pk, period.pk)
            status, submitted_at = states.get(key, (None, None))
            standing = obligation_standing(
                status=status,
                submitted_on=submitted_at.astimezone(tz).date() if submitted_at else None,
                period=period,
                today=today,
            )
            obligations.append(Obligation(
                initiative, period, status, submitted_at, today, found.get(key),
                standing=standing,
            ))
    return obligations


@dataclass(frozen=True, slots=True)
class Tally:
    """How the updates one lead organisation owes for one period stand, counted in the
    database: the figures of :class:`Obligation`, summed (its rule, per period)."""

    lead_id: int
    period: ReportingPeriod
    owed: int  # initiatives of the lead that run during the period
    submitted: int
    on_time: int
    approved: int
    today: datetime.date

    @property
    def expected(self) -> int:
        return self.owed if self.period.end < self.today else 0

    @property
    def not_submitted(self) -> int:
        return self.owed - self.submitted

    @property
    def closed(self) -> int:
        """Not reported, the period closed (locked): no longer overdue."""
        return self.not_submitted if self.expected and self.period.is_locked else 0

    @property
    def missing(self) -> int:
        if self.period.is_locked:
            return 0
        return self.not_submitted if self.today > self.period.due else 0

    @property
    def pending(self) -> int:
        return self.not_submitted - self.missing - self.closed if self.expected else 0

    def figures(self) -> tuple[int, int, int, int, int, int, int, int]:
        """(expected, submitted, on time, late, approved, missing, pending, closed): nothing
        is counted for a period that is not over. The properties above, worked out once
        (a dashboard counts thousands of tallies)."""
        period, owed = self.period, self.owed
        if not owed or period.end >= self.today:  # not expected
            return _NOTHING_EXPECTED
        submitted = self.submitted
        not_submitted = owed - submitted
        if period.is_locked:
            missing, closed = 0, not_submitted
        else:
            missing, closed = (not_submitted if self.today > period.due else 0), 0
        return (
            owed, submitted, self.on_time, submitted - self.on_time,
            self.approved, missing, not_submitted - missing - closed, closed,
        )


_NOTHING_EXPECTED = (0, 0, 0, 0, 0, 0, 0, 0)


def obligation_figures_by_initiative(
    *,
    initiatives: list[Initiative],
    periods: list[ReportingPeriod],
    today: datetime.date | None = None,
) -> dict[int, tuple[int, int, int, int, int, int, int, int]]:
    """Each initiative's (expected, submitted, on time, late, approved, missing, pending,
    closed) over ``periods``, by the rule of :class:`Tally` (one grouped query): for the
    summary of a report, area by area and initiative by initiative."""
    today = today or timezone.localdate()
    counted = _submitted_counts(initiatives, periods, by="initiative_id")
    figures: dict[int, tuple[int, ...]] = {}
    for initiative in initiatives:
        totals = [0] * 8
        for period in periods:
            if not runs_during(initiative, period):
                continue
            # A Tally of one initiative (its "lead" is the initiative here).
            tally = Tally(initiative.pk, period, 1,
                          *counted.get((initiative.pk, period.pk), (0, 0, 0)), today)
            totals = [a + b for a, b in zip(totals, tally.figures(), strict=True)]
        figures[initiative.pk] = tuple(totals)
    return figures


def _submitted_counts(
    initiatives: list[Initiative], periods: list[ReportingPeriod], *, by: str
) -> dict[tuple[int, int], tuple[int, int, int]]:
    """(submitted, on time, approved) of the owed updates, per (``by``, period), in one
    grouped query; the day of submission is read in the portal's time zone."""
    return {
        (key, period_id): tuple(rest)
        for key, period_id, *rest in _owed_updates(
            [i.pk for i in initiatives], [p.pk for p in periods]
        )
        .filter(status__in=SUBMITTED_STATUSES)
        .values(by, "period_id")
        .annotate(
            submitted=Count("pk"),
            # Recorded outside the portal (no submission time): nothing says it was late.
            on_time=Count(
                "pk",
                filter=Q(submitted_at__isnull=True)
                | Q(submitted_at__date__lte=F("period__due")),
            ),
            approved=Count("pk", filter=Q(status=ProgressUpdate.Status.APPROVED)),
        )
        .values_list(by, "period_id", "submitted", "on_time", "approved")
    }


def _owed_updates(initiative_ids: list[int], period_ids: list[int]) -> QuerySet[ProgressUpdate]:
    """The updates of ``initiative_ids`` for ``period_ids`` that are owed: their initiative
    runs during their period (:func:`runs_during`)."""
    return (
        ProgressUpdate.objects.filter(
            initiative_id__in_array=initiative_ids,
            period_id__in_array=period_ids,
            initiative__start__lte=F("period__end"),
        )
        .filter(Q(initiative__end__isnull=True) | Q(initiative__end__gte=F("period__start")))
        .order_by()
        .rewrite(False)
    )


def obligation_tallies(
    *,
    initiatives: list[Initiative],
    periods: list[ReportingPeriod],
    today: datetime.date | None = None,
) -> list[Tally]:
    """What :func:`reporting_obligations` says of each pair, counted per lead organisation
    and period without making an :class:`Obligation` of each: for pages that count
    thousands (the dashboard, the reports).

    How many updates each lead owes is worked out from the initiatives' dates; how many
    were submitted, on time and approved is counted by the database in one grouped query,
    which reads the day each update was submitted on in the portal's time zone (the
    current one, which :func:`timezone.localdate` uses).
    """
    today = today or timezone.localdate()
    owed: Counter[tuple[int, int]] = Counter()
    spans = [(p.pk, p.start, p.end) for p in periods]
    for initiative in initiatives:
        lead_id, begins, ends = initiative.lead_id, initiative.start, initiative.end
        for period_id, start, end in spans:  # runs_during(initiative, period), inlined
            if end >= begins and (ends is None or start <= ends):
                owed[lead_id, period_id] += 1
    if not owed:
        return []
    counted = _submitted_counts(initiatives, periods, by="initiative__lead_id")
    by_pk = {p.pk: p for p in periods}
    nothing = (0, 0, 0)
    return [
        Tally(lead_id, by_pk[period_id], n, *counted.get((lead_id, period_id), nothing), today)
        for (lead_id, period_id), n in owed.items()
    ]


def outstanding_obligations(
    *,
    initiatives: list[Initiative],
    periods: list[ReportingPeriod],
    today: datetime.date | None = None,
) -> list[Obligation]:
    """The missing (overdue) obligations among ``initiatives`` and ``periods``: owed, not
    submitted (no update, a draft or a returned one), past the due date, of a period still
    open (a locked period's are closed, not overdue). One query, whatever the number of
    obligations counted; only the overdue ones are made."""
    today = today or timezone.localdate()
    overdue = [p for p in periods if today > p.due and not p.is_locked]
    if not overdue or not initiatives:
        return []
    by_pk = {i.pk: i for i in initiatives}
    periods_by_pk = {p.pk: p for p in overdue}
    quote = connection.ops.quote_name
    among_initiatives, initiative_params = in_array_sql("i.id", list(by_pk), connection)
    among_periods, period_params = in_array_sql("p.id", list(periods_by_pk), connection)
    initiative_table = quote(Initiative._meta.db_table)
    period_table = quote(ReportingPeriod._meta.db_table)
    update_table = quote(ProgressUpdate._meta.db_table)
    start, end = quote("start"), quote("end")
    # Every owed pair of an overdue period (runs_during, in SQL) without a submitted update
    # (an update is one per pair; what is read of it is in an index, update_standing_covering).
    sql = (
        f"SELECT i.id, p.id, u.status, u.submitted_at FROM {initiative_table} i "
        f"JOIN {period_table} p ON p.{end} >= i.{start} "
        f"AND (i.{end} IS NULL OR p.{start} <= i.{end}) "
        f"LEFT JOIN {update_table} u ON u.initiative_id = i.id AND u.period_id = p.id "
        f"WHERE {among_initiatives} AND {among_periods} "
        "AND (u.status IS NULL OR u.status NOT IN (%s, %s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*initiative_params, *period_params, *SUBMITTED_STATUSES))
        rows = cursor.fetchall()
    missing = []
    standings: dict[tuple[int, str | None], Standing] = {}
    for initiative_id, period_id, status, submitted_at in rows:
        period = periods_by_pk[period_id]
        standing = standings.get((period_id, status))
        if standing is None:
            standing = standings[period_id, status] = obligation_standing(
                status=status, submitted_on=None, period=period, today=today
            )
        missing.append(Obligation(
            by_pk[initiative_id], period, status, _timestamp(submitted_at), today,
            standing=standing,
        ))
    return missing


def _timestamp(value) -> datetime.datetime | None:
    """A timestamp read by raw SQL, as the ORM gives it: aware (SQLite's is naive, in UTC)."""
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def late_obligations(
    *,
    initiatives: list[Initiative],
    periods: list[ReportingPeriod],
    today: datetime.date | None = None,
) -> list[Obligation]:
    """The obligations among ``initiatives`` and ``periods`` submitted after their due date
    (in the portal's time zone), in one query."""
    today = today or timezone.localdate()
    if not initiatives or not periods:
        return []
    by_pk = {i.pk: i for i in initiatives}
    periods_by_pk = {p.pk: p for p in periods if p.end < today}
    late = []
    for initiative_id, period_id, status, submitted_at in (
        _owed_updates(list(by_pk), list(periods_by_pk))
        .filter(status__in=SUBMITTED_STATUSES, submitted_at__date__gt=F("period__due"))
        .values_list("initiative_id", "period_id", "status", "submitted_at")
    ):
        if initiative_id in by_pk:
            late.append(Obligation(
                by_pk[initiative_id], periods_by_pk[period_id], status, submitted_at, today
            ))
    return late


def updates_due(*, viewer) -> list[Obligation]:
    """The updates of open periods that ``viewer`` writes: the workspace's "due" list.

    Coordinators work from the review queue and the dashboard, not from every initiative.
    """
    if permissions.is_coordinator(viewer):
        return []
    initiatives = [
        i
        for i in permissions.initiatives_for(viewer).select_related("lead").order_by("title")
        if permissions.can_edit_update(viewer, i)
    ]
    open_periods = list(ReportingPeriod.objects.filter(is_locked=False).order_by("start"))
    return reporting_obligations(
        initiatives=initiatives, periods=open_periods, with_updates=True
    )


def period_outstanding(*, period: ReportingPeriod, viewer: User) -> list[Obligation]:
    """What is still owed for ``period`` before it is locked: every update of an initiative
    that runs during it and is not approved (submitted, draft, returned, or not started).

    Over every initiative the viewer may see (all of them, for a coordinator), through
    :func:`reporting_obligations`, so that nothing owed is left out.
    """
    initiatives = list(
        permissions.initiatives_for(viewer).select_related("lead").order_by("title")
    )
    return [
        obligation
        for obligation in reporting_obligations(
            initiatives=initiatives, periods=[period], with_updates=True
        )
        if not obligation.is_approved
    ]


# --- Data quality at the point of review -------------------------------------------------


def earlier_approved_values(
    *, indicator_ids: list[int], period: ReportingPeriod
) -> dict[int, list[IndicatorValue]]:
    """Per indicator, its values in approved updates of periods that start before
    ``period``, oldest first (every state: callers take the numbers they need). One query."""
    earlier: dict[int, list[IndicatorValue]] = defaultdict(list)
    if not indicator_ids:
        return earlier
    rows = (
        IndicatorValue.objects.filter(
            indicator_id__in=indicator_ids,
            update__status=ProgressUpdate.Status.APPROVED,
            update__period__start__lt=period.start,
        )
        .select_related("update__period")
        .order_by("update__period__start", "pk")
    )
    for value in rows:
        earlier[value.indicator_id].append(value)
    return earlier


def reported_numbers(values: list[IndicatorValue]) -> list[Decimal]:
    """The numbers among ``values``: "not reported" and "withheld" are not zero."""
    return [v.value for v in values if v.state == IndicatorValue.State.REPORTED]


@dataclass
class ReviewRow:
    """One indicator of an update as the reviewer sees it."""

    indicator: Indicator
    # The value of this period: the stored row, or for a derived indicator not yet
    # snapshotted, an unsaved one computed from the activities (with its flag).
    current: IndicatorValue | None
    # The value of the latest approved period before this one, with its period.
    previous: IndicatorValue | None

    @property
    def is_derived(self) -> bool:
        return self.indicator.source == Indicator.Source.DERIVED


def review_rows(update: ProgressUpdate) -> list[ReviewRow]:
    """Every indicator of the update's initiative, entered ones first then derived, each
    with its value, the previous approved value and (on the value) the outlier flag.

    Entered values carry the flag saved with them; derived values are flagged here, by the
    same rule, until approval stores them. Four queries whatever the number of indicators.
    """
    indicators = list(update.initiative.indicators.order_by("order", "pk"))
    stored = {v.indicator_id: v for v in update.values.all()}
    earlier = earlier_approved_values(indicator_ids=[i.pk for i in indicators],
                                      period=update.period)
    live = dict(derived_for_period(update.initiative, update.period))
    rows = []
    for source in (Indicator.Source.ENTERED, Indicator.Source.DERIVED):
        for indicator in (i for i in indicators if i.source == source):
            history = earlier.get(indicator.pk, [])
            for value in history:
                value.indicator = indicator  # shown with its unit: no query per row
            current = stored.get(indicator.pk)
            if current is None and indicator in live:
                derived = live[indicator]
                current = IndicatorValue(
                    update=update,
                    indicator=indicator,
                    value=derived.value,
                    numerator=derived.numerator,
                    denominator=derived.denominator,
                    flag_median=quality.outlier_reference(
                        derived.value, reported_numbers(history)
                    ),
                )
            if current is not None:
                current.indicator = indicator
            rows.append(ReviewRow(indicator, current, history[-1] if history else None))
    return rows


# --- An organisation's public page -------------------------------------------------------


@dataclass
class Involvement:
    """The public initiatives an organisation leads, joins and funds, for its page (the
    partners app shows it through ``{% public_involvement %}``: it knows no initiative)."""

    led: list[Initiative]
    joined: list[Initiative]
    funded: list[Initiative]


def public_involvement(organisation: Organisation) -> Involvement:
    """The public initiatives ``organisation`` leads, joins (as a collaborator) and funds,
    each list in the initiatives' order, with their priority areas (``area_list``): one
    query for the three lists and one for their areas."""
    def linked_by(through) -> Exists:
        return Exists(through.objects.filter(initiative=OuterRef("pk"), organisation=organisation))

    initiatives = list(
        Initiative.objects.public()
        .annotate(joins=linked_by(Initiative.collaborators.through),
                  funds=linked_by(Initiative.funders.through))
        .filter(Q(lead=organisation) | Q(joins=True) | Q(funds=True))
        .prefetch_related(Prefetch("priority_areas", to_attr="area_list"))
    )
    return Involvement(
        led=[i for i in initiatives if i.lead_id == organisation.pk],
        joined=[i for i in initiatives if i.joins],
        funded=[i for i in initiatives if i.funds],
    )


# --- The workspace's home and the review queue ---------------------------------------------

WORKSPACE_INITIATIVES_PAGE_SIZE = 50


def workspace_home(*, viewer, page: str | None) -> dict:
    """What the workspace's home shows ``viewer``: their initiatives (a page at a time: a
    coordinator sees the city's thousand), the updates due and returned, the latest
    activities and whether each is locked. The reports feature adds the reminders sent
    (``{% reminders_sent_to %}`` in the template)."""
    initiatives = Paginator(
        permissions.initiatives_for(viewer).select_related("lead").order_by("title", "pk"),
        WORKSPACE_INITIATIVES_PAGE_SIZE,
    ).get_page(page)
    recent = list(
        permissions.activities_for(viewer)
        .select_related("initiative", "organisation")
        .order_by("-date", "-pk")[:10]
    )
    context = {
        "initiatives": initiatives.object_list,
        "page_obj": initiatives,
        "due": updates_due(viewer=viewer),
        **returned_updates(viewer=viewer),
        "recent": recent,
        "locked": activity_locks(recent),
        "is_coordinator": permissions.is_coordinator(viewer),
        "can_invite": permissions.can_invite_anyone(viewer),
    }
    if context["is_coordinator"]:
        context["submitted_count"] = ProgressUpdate.objects.filter(
            status=ProgressUpdate.Status.SUBMITTED
        ).count()
    return context


def returned_updates(*, viewer) -> dict:
    """The returned updates of the workspace's home, under a heading that fits the viewer:
    ``returned``, returned to them (updates their organisation writes, returned by someone
    else), and for a coordinator ``returned_by_you``, the updates they returned and are
    waiting for. A coordinator sees every update, but one they returned is not "returned
    to you", nor is an update of an organisation they do not belong to."""
    returned = (
        permissions.updates_for(viewer)
        .filter(status=ProgressUpdate.Status.RETURNED)
        .select_related("initiative", "period", "reviewed_by")
    )
    if not permissions.is_coordinator(viewer):
        return {"returned": returned}
    return {
        "returned": returned.filter(
            initiative__lead_id__in=permissions.organisation_ids(viewer)
        ).exclude(reviewed_by=viewer),
        "returned_by_you": returned.filter(reviewed_by=viewer),
    }


def review_queue(*, viewer) -> dict:
    """The updates waiting for review (oldest first) and the last 20 reviewed."""
    base = permissions.updates_for(viewer).select_related(
        "initiative__lead", "period", "submitted_by", "reviewed_by"
    )
    return {
        "submitted": base.filter(status=ProgressUpdate.Status.SUBMITTED).order_by(
            "submitted_at"
        ),
        "reviewed": base.filter(
            status__in=[ProgressUpdate.Status.APPROVED, ProgressUpdate.Status.RETURNED]
        ).order_by("-reviewed_at")[:20],
    }


# --- Public pages of the apps below ---------------------------------------------------------


def area_initiatives(area) -> QuerySet:
    """The public initiatives of a priority area, by title (its page in ``priorities``
    shows them through ``{% area_initiatives %}``)."""
    return public_initiatives().filter(priority_areas=area).order_by("title")
