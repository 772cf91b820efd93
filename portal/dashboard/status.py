"""Where an indicator stands, computed honestly from its approved values.

The status rule (:func:`indicator_status`), in order:

1. No target: "not enough data". A status needs something to measure against.
2. Fewer than two approved *reported* values: "not enough data". Values marked "not
   reported" or "withheld for safety" are not data points, and never count as zero.
3. The progress so far is computed as the indicator says periods add up: the sum of the
   values (``sum``; for a share with its counts, the pooled share), the latest value
   (``latest``) or their mean (``average``).
4. Target met (at or above it when up is good, at or below it when down is good): "on
   track", however early.
5. Otherwise the progress is compared with a straight line from the starting point to the
   target on the target date. The starting point is the baseline (for a sum without a
   baseline, 0) at the baseline date (or, without one, the start of the initiative for a
   running total, the start of the first approved period otherwise). The expected value
   at the end of the latest approved period is read off that line. At or beyond it in the
   good direction: "on track"; short of it: "behind". Past the target date without meeting
   the target: "behind".
6. No target date (and no end to the initiative to stand in for it): only rule 4 can say
   "on track"; otherwise "not enough data", never a guess.

The trend (:func:`trend`) compares the latest two approved values. A change is only
called a change when it is larger than the noise of small numbers:

* counts: the difference must be at least the suppression threshold and at least twice
  its Poisson standard error (2 * sqrt(a + b)); either value below the threshold is too
  small to read;
* shares with their counts: the difference must be at least twice the standard error of a
  difference of two proportions, and every count must be at or above the threshold;
* shares typed without counts: a difference under 5 percentage points is no clear change.

Anything else is "no clear change", shown without an arrow or an "improving" word.
"""

from __future__ import annotations

import datetime
import math
import typing
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ON_TRACK = "on_track"
BEHIND = "behind"
NOT_ENOUGH_DATA = "not_enough_data"

STATUS_LABELS = {
    ON_TRACK: _("On track"),
    BEHIND: _("Behind"),
    NOT_ENOUGH_DATA: _("Not enough data"),
}

IMPROVING = "improving"
WORSENING = "worsening"
NO_CLEAR_CHANGE = "no_clear_change"

TREND_LABELS = {
    IMPROVING: _("Improving"),
    WORSENING: _("Worsening"),
    NO_CLEAR_CHANGE: _("No clear change"),
}

# A share typed by a partner, with no counts behind it: below this, no clear change.
SHARE_POINTS_NOISE = Decimal(5)


class Point(typing.NamedTuple):
    """One approved, reported value of an indicator for one period.

    A named tuple, like :class:`Spec`: the dashboard makes one for each of thousands of
    indicators, and a tuple is several times cheaper to make than a frozen dataclass.
    """

    period_start: datetime.date
    period_end: datetime.date
    value: Decimal
    numerator: int | None = None
    denominator: int | None = None
    label: str = ""  # the period's label ("Q3 2022"), for display


class Spec(typing.NamedTuple):
    """What the rule needs to know about an indicator."""

    unit: str  # "count" or "percent"
    aggregation: str  # "sum", "latest" or "average"
    direction: str  # "up" or "down"
    target: Decimal | None
    target_date: datetime.date | None
    baseline: Decimal | None = None
    baseline_date: datetime.date | None = None
    # When the work began (the initiative's start): where a running total starts from.
    starts: datetime.date | None = None


# How many of the latest approved values a summary keeps (the trend reads the last two).
RECENT_POINTS = 4


class Summary(typing.NamedTuple):
    """What the rule reads of an indicator's approved values, up to the "as of" period.

    Built by :func:`summarise` from every point, or by the dashboard's selectors from
    database aggregates (the same fields, without loading every value).
    """

    points: int  # approved values with a number
    progress: Decimal | None  # rule 3
    first: Point | None
    recent: tuple[Point, ...] = ()  # the latest points, in period order (at least two)
    not_reported: int = 0
    withheld: int = 0

    @property
    def latest(self) -> Point | None:
        return self.recent[-1] if self.recent else None


def progress(spec: Spec, points: Sequence[Point]) -> Decimal | None:
    """The indicator's progress so far, as its periods add up (rule 3)."""
    if not points:
        return None
    if spec.aggregation == "latest":
        return points[-1].value
    total = sum((p.value for p in points), Decimal(0))
    numerators = [p.numerator for p in points]
    denominators = [p.denominator for p in points]
    return progress_from_totals(
        spec,
        count=len(points),
        total=total,
        latest=points[-1].value,
        numerator=sum(numerators) if None not in numerators else None,
        denominator=sum(denominators) if None not in denominators else None,
    )


def progress_from_totals(
    spec: Spec,
    *,
    count: int,
    total: Decimal,
    latest: Decimal,
    numerator: int | None,
    denominator: int | None,
) -> Decimal | None:
    """Rule 3 from totals: what :func:`progress` computes, from database aggregates."""
    if not count:
        return None
    if spec.aggregation == "latest":
        return latest
    if spec.aggregation == "average":
        return total / count
    if spec.unit == "percent":
        if numerator is not None and denominator:
            return Decimal(numerator) * 100 / Decimal(denominator)
        # A share without its counts cannot be added up: the mean of the periods.
        return total / count
    return total


def summarise(
    spec: Spec, points: Sequence[Point], *, not_reported: int = 0, withheld: int = 0
) -> Summary:
    return Summary(
        points=len(points),
        progress=progress(spec, points),
        first=points[0] if points else None,
        recent=tuple(points[-4:]),
        not_reported=not_reported,
        withheld=withheld,
    )


def _met(spec: Spec, value: Decimal) -> bool:
    if spec.direction == "down":
        return value <= spec.target
    return value >= spec.target


def indicator_status(
    spec: Spec, summary: Summary, *, fallback_end: datetime.date | None = None
) -> str:
    """ON_TRACK, BEHIND or NOT_ENOUGH_DATA by the rule in this module's docstring.

    ``fallback_end`` (the initiative's end) stands in for a missing target date.
    """
    if spec.target is None or summary.points < 2 or summary.progress is None:
        return NOT_ENOUGH_DATA
    current = summary.progress
    if _met(spec, current):
        return ON_TRACK
    target_date = spec.target_date or fallback_end
    if target_date is None:
        return NOT_ENOUGH_DATA
    as_of = summary.latest.period_end
    if as_of >= target_date:
        return BEHIND
    running_total = spec.aggregation == "sum" and spec.unit == "count"
    if spec.baseline is not None:
        start_value = spec.baseline
    elif running_total:
        start_value = Decimal(0)
    else:
        start_value = summary.first.value
    start_date = spec.baseline_date or (
        spec.starts if running_total and spec.starts else summary.first.period_start
    )
    span = (target_date - start_date).days
    if span <= 0:
        return BEHIND
    elapsed = min(max((as_of - start_date).days, 0), span)
    expected = start_value + (spec.target - start_value) * Decimal(elapsed) / Decimal(span)
    if spec.direction == "down":
        return ON_TRACK if current <= expected else BEHIND
    return ON_TRACK if current >= expected else BEHIND


def _count_change_is_clear(a: Decimal, b: Decimal, threshold: int) -> bool:
    if a < threshold or b < threshold:
        return False
    difference = abs(b - a)
    noise = 2 * math.sqrt(float(a + b))
    return difference >= threshold and float(difference) >= noise


def _share_change_is_clear(previous: Point, latest: Point, threshold: int) -> bool:
    counts = (previous.numerator, previous.denominator, latest.numerator, latest.denominator)
    if all(c is not None for c in counts) and previous.denominator and latest.denominator:
        n1, n2 = previous.denominator, latest.denominator
        x1, x2 = previous.numerator, latest.numerator
        # Every count, and its complement, must be large enough to publish and to read.
        if min(x1, x2, n1 - x1, n2 - x2) < threshold:
            return False
        p1, p2 = x1 / n1, x2 / n2
        pooled = (x1 + x2) / (n1 + n2)
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        return abs(p2 - p1) >= 2 * se and se > 0
    return abs(latest.value - previous.value) >= SHARE_POINTS_NOISE


def trend(spec: Spec, summary: Summary, *, threshold: int) -> str:
    """IMPROVING, WORSENING or NO_CLEAR_CHANGE between the latest two points."""
    if len(summary.recent) < 2:
        return NO_CLEAR_CHANGE
    previous, latest = summary.recent[-2], summary.recent[-1]
    if spec.unit == "percent":
        clear = _share_change_is_clear(previous, latest, threshold)
    else:
        clear = _count_change_is_clear(previous.value, latest.value, threshold)
    if not clear or latest.value == previous.value:
        return NO_CLEAR_CHANGE
    went_up = latest.value > previous.value
    good = went_up if spec.direction != "down" else not went_up
    return IMPROVING if good else WORSENING


def percent_of_target(spec: Spec, value: Decimal | None) -> Decimal | None:
    """How far along the target is, in percent, uncapped (219 of 200 is 110 %).

    For "down is good", reaching the target (or going below it) is 100 % or more.
    """
    if value is None or not spec.target:
        return None
    if spec.direction == "down":
        if value == 0:
            return None
        return (spec.target * 100 / value).quantize(Decimal(1), ROUND_HALF_UP)
    return (value * 100 / spec.target).quantize(Decimal(1), ROUND_HALF_UP)
