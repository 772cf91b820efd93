"""The status rule and the trend of an indicator, on each edge (portal.dashboard.status)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from portal.dashboard import status as rule
from portal.dashboard.status import Point, Spec, summarise

D = Decimal


def quarter(year: int, q: int, value, numerator=None, denominator=None) -> Point:
    start = datetime.date(year, 3 * (q - 1) + 1, 1)
    ends = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
    end = datetime.date(year, *ends[q])
    return Point(start, end, D(value), numerator, denominator)


def count_sum(target=100, target_date=datetime.date(2022, 12, 31), **kwargs) -> Spec:
    return Spec(unit="count", aggregation="sum", direction="up",
                target=None if target is None else D(target), target_date=target_date,
                starts=datetime.date(2021, 1, 1), **kwargs)


def status(spec, points, **kwargs) -> str:
    return rule.indicator_status(spec, summarise(spec, points), **kwargs)


def test_no_target_is_not_enough_data_however_many_points():
    points = [quarter(2021, q, 50) for q in (1, 2, 3, 4)]
    assert status(count_sum(target=None), points) == rule.NOT_ENOUGH_DATA


def test_one_point_is_not_enough_data_even_when_it_meets_the_target():
    assert status(count_sum(target=10), [quarter(2021, 1, 500)]) == rule.NOT_ENOUGH_DATA


def test_two_points_on_the_line_to_the_target_are_on_track():
    # 2 years to reach 800: after half a year, 200 are expected; 210 is on track.
    spec = count_sum(target=800)
    assert status(spec, [quarter(2021, 1, 100), quarter(2021, 2, 110)]) == rule.ON_TRACK
    assert status(spec, [quarter(2021, 1, 90), quarter(2021, 2, 100)]) == rule.BEHIND


def test_target_met_early_is_on_track_at_once():
    spec = count_sum(target=100)
    assert status(spec, [quarter(2021, 1, 60), quarter(2021, 2, 45)]) == rule.ON_TRACK


def test_past_the_target_date_without_meeting_it_is_behind():
    spec = count_sum(target=1000, target_date=datetime.date(2021, 6, 30))
    assert status(spec, [quarter(2021, 1, 400), quarter(2021, 2, 590)]) == rule.BEHIND


def test_down_is_good_compares_the_other_way():
    # Repeat referrals: from a baseline of 30 % down to 10 % by the end of 2022.
    spec = Spec(unit="percent", aggregation="latest", direction="down", target=D(10),
                target_date=datetime.date(2022, 12, 31), baseline=D(30),
                baseline_date=datetime.date(2021, 1, 1))
    # Halfway through (end of 2021) the line expects about 20 %.
    on_track = [quarter(2021, 3, 24), quarter(2021, 4, 19)]
    behind = [quarter(2021, 3, 24), quarter(2021, 4, 23)]
    assert status(spec, on_track) == rule.ON_TRACK
    assert status(spec, behind) == rule.BEHIND
    # At or below the target is met, however early.
    assert status(spec, [quarter(2021, 1, 12), quarter(2021, 2, 9)]) == rule.ON_TRACK


def test_without_a_target_date_only_a_met_target_says_on_track():
    spec = count_sum(target=100, target_date=None)
    assert status(spec, [quarter(2021, 1, 20), quarter(2021, 2, 30)]) == rule.NOT_ENOUGH_DATA
    assert status(spec, [quarter(2021, 1, 60), quarter(2021, 2, 50)]) == rule.ON_TRACK
    # The initiative's end stands in for a missing target date.
    # 20 of 100 after a quarter of the span (25 expected) is behind.
    assert status(spec, [quarter(2021, 1, 10), quarter(2021, 2, 10)],
                  fallback_end=datetime.date(2022, 12, 31)) == rule.BEHIND


def test_withheld_and_unreported_values_are_not_data_points():
    """A quarter withheld for safety (or not reported) is not a zero and not a point."""
    spec = count_sum(target=100)
    only_one = summarise(spec, [quarter(2021, 1, 30)], withheld=2, not_reported=1)
    assert only_one.points == 1
    assert rule.indicator_status(spec, only_one) == rule.NOT_ENOUGH_DATA
    assert only_one.progress == 30  # never 30 + 0 + 0 averaged down


def test_shares_with_counts_pool_their_counts():
    spec = Spec(unit="percent", aggregation="sum", direction="up", target=D(30),
                target_date=datetime.date(2022, 12, 31))
    points = [quarter(2021, 1, D("10.00"), 1, 10), quarter(2021, 2, D("50.00"), 45, 90)]
    assert summarise(spec, points).progress == D(46) * 100 / D(100)


def test_share_of_the_target_is_not_capped():
    spec = count_sum(target=200)
    assert rule.percent_of_target(spec, D(219)) == 110


@pytest.mark.parametrize(("previous", "latest", "expected"), [
    (40, 80, rule.IMPROVING),      # a clear rise of a count
    (80, 40, rule.WORSENING),
    (40, 48, rule.NO_CLEAR_CHANGE),  # within 2 * sqrt(88) = 18.8: noise
    (2, 4, rule.NO_CLEAR_CHANGE),    # under the suppression threshold: never a trend
    (3, 30, rule.NO_CLEAR_CHANGE),   # one side is a suppressed count
])
def test_count_trend_ignores_the_noise_of_small_numbers(previous, latest, expected):
    spec = count_sum()
    summary = summarise(spec, [quarter(2021, 1, previous), quarter(2021, 2, latest)])
    assert rule.trend(spec, summary, threshold=5) == expected


def test_trend_reads_the_direction_of_the_indicator():
    spec = Spec(unit="count", aggregation="sum", direction="down", target=D(10),
                target_date=datetime.date(2022, 12, 31))
    summary = summarise(spec, [quarter(2021, 1, 80), quarter(2021, 2, 30)])
    assert rule.trend(spec, summary, threshold=5) == rule.IMPROVING


def test_share_trend_uses_its_counts():
    spec = Spec(unit="percent", aggregation="latest", direction="up", target=D(50),
                target_date=datetime.date(2022, 12, 31))
    small = summarise(spec, [quarter(2021, 1, 25, 1, 4), quarter(2021, 2, 75, 3, 4)])
    assert rule.trend(spec, small, threshold=5) == rule.NO_CLEAR_CHANGE
    large = summarise(spec, [quarter(2021, 1, 25, 50, 200), quarter(2021, 2, 50, 100, 200)])
    assert rule.trend(spec, large, threshold=5) == rule.IMPROVING
    typed = summarise(spec, [quarter(2021, 1, 46), quarter(2021, 2, 48)])
    assert rule.trend(spec, typed, threshold=5) == rule.NO_CLEAR_CHANGE
