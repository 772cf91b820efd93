"""The dashboard counts indicator statuses in SQL on PostgreSQL
(``portal.dashboard.status_sql``): a second implementation of the rule of
``portal.dashboard.status.indicator_status``. These tests hold the two together: on
generated indicators and standings (hypothesis) and on the rule's edge cases, the SQL
gives each indicator the status the Python rule gives it, and the overview's counts are
those of the Python path that SQLite runs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.models import Indicator, Initiative
from portal.core.spreadsheets import FORMATS
from portal.dashboard import exports, selectors, status_sql
from portal.dashboard import status as rule
from portal.dashboard.models import IndicatorStanding
from tests import factories
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db

D = Decimal
QUARTERS = [(2021, q) for q in (1, 2, 3, 4)] + [(2022, q) for q in (1, 2, 3, 4)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        skip_or_fail("the status rule in SQL is PostgreSQL's (JSON operators); SQLite runs "
                     "the Python rule, which needs no second check")


@pytest.fixture
def periods():
    made = []
    for year, q in QUARTERS:
        start = datetime.date(year, 3 * q - 2, 1)
        end = (datetime.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
               - datetime.timedelta(days=1))
        made.append(factories.ReportingPeriodFactory(
            name=f"{year}-Q{q}", start=start, end=end, due=end + datetime.timedelta(days=30)))
    return made


@pytest.fixture
def lead():
    return factories.OrganisationFactory()


# --- Generated indicators --------------------------------------------------------------

money = st.decimals(min_value=0, max_value=2000, places=2)
small = st.integers(min_value=0, max_value=200)
dates = st.dates(min_value=datetime.date(2020, 6, 1), max_value=datetime.date(2023, 6, 30))


@st.composite
def figures(draw, period_count: int):
    """One indicator, its initiative's dates and its approved reported values (one per
    period, in a few of the periods), as the standings keep them."""
    unit = draw(st.sampled_from(["count", "percent"]))
    aggregation = draw(st.sampled_from(["sum", "latest", "average"]))
    direction = draw(st.sampled_from(["up", "down"]))
    target = draw(st.none() | money)
    baseline = draw(st.none() | money | st.just(target))  # baseline = target, sometimes
    start = draw(dates)
    end = draw(st.none() | st.dates(min_value=start, max_value=datetime.date(2024, 12, 31)))
    at = sorted(draw(st.sets(st.integers(0, period_count - 1), max_size=6)))
    values = [draw(money) for _ in at]
    with_counts = unit == "percent" and draw(st.booleans())
    counts = []
    if with_counts:
        for _ in at:
            denominator = draw(small)
            counts.append((draw(st.integers(0, denominator)), denominator))
    return {
        "unit": unit, "aggregation": aggregation, "direction": direction, "target": target,
        "target_date": draw(st.none() | dates), "baseline": baseline,
        "baseline_date": draw(st.none() | dates), "start": start, "end": end,
        "at": at, "values": values, "counts": counts,
    }


def _make(lead, periods, case: dict) -> Indicator:
    initiative = factories.InitiativeFactory(lead=lead, start=case["start"], end=case["end"])
    indicator = factories.IndicatorFactory(
        initiative=initiative, unit=case["unit"], aggregation=case["aggregation"],
        direction=case["direction"], target=case["target"], target_date=case["target_date"],
        baseline=case["baseline"], baseline_date=case["baseline_date"],
    )
    if case["at"]:
        rows = []
        for position, value in zip(case["at"], case["values"], strict=True):
            counts = case["counts"][len(rows)] if case["counts"] else (None, None)
            rows.append([periods[position].pk, str(value), *counts])
        IndicatorStanding.objects.create(
            indicator_id=indicator.pk, period_id=periods[-1].pk, points=len(rows),
            not_reported=0, withheld=0, total=sum(case["values"], D(0)),
            numerators=sum(c[0] for c in case["counts"]) if case["counts"] else None,
            denominators=sum(c[1] for c in case["counts"]) if case["counts"] else None,
            first=rows[0], recent=rows[-rule.RECENT_POINTS:],
        )
    return indicator


def python_statuses(initiatives: list[Initiative], periods) -> dict[int, str]:
    """The Python rule over the same standings, as SQLite's dashboard computes it."""
    by_pk = {p.pk: p for p in periods}
    indicators = list(Indicator.objects.filter(initiative__in=initiatives)
                      .select_related("initiative"))
    specs = {i.pk: selectors.spec_of(i) for i in indicators}
    summaries = selectors._standing_summaries(specs, as_of=None, periods=by_pk)
    return {
        i.pk: rule.indicator_status(specs[i.pk], summaries[i.pk][0],
                                    fallback_end=i.initiative.end)
        for i in indicators
    }


def assert_sql_agrees(initiatives: list[Initiative], periods) -> dict[int, str]:
    ids = [i.pk for i in initiatives]
    want = python_statuses(initiatives, periods)
    got = status_sql.indicator_statuses(ids, periods[-1].pk)
    assert got == want
    # The indicators download's statement gives each indicator the same status.
    figures = status_sql.table_figures(ids, periods[-1].pk)
    assert {pk: row[0] for pk, row in figures.items()} == want
    # And the overview's counts: per initiative, the SQL's and the Python path's.
    counted, _ = selectors._indicator_statuses(
        list(Initiative.objects.filter(pk__in=ids)), as_of=None,
        periods={p.pk: p for p in periods})
    assert status_sql.status_counts(ids, periods[-1].pk) == counted
    return got


def _overview(initiatives: list[Initiative], periods) -> selectors.Overview:
    return selectors.Overview(
        areas=[], initiatives=list(Initiative.objects.filter(pk__in=[i.pk for i in initiatives])
                                   .select_related("lead").order_by("title", "pk")),
        latest_approved={}, as_of=None, periods={p.pk: p for p in periods})


def _reference_table(overview: selectors.Overview) -> list[list]:
    """The indicators download's rows as they were built before the download read rows:
    from every indicator's model and its :class:`selectors.IndicatorRow` (Python rule)."""
    questions = {"how_much": gettext("How much did we do?"),
                 "how_well": gettext("How well did we do it?"),
                 "better_off": gettext("Is anyone better off?")}
    units = {key: str(label) for key, label in Indicator.Unit.choices}
    names = {i.pk: (str(i), str(i.lead)) for i in overview.initiatives}
    rows = []
    for row in overview.rows.values():
        indicator, summary = row.indicator, row.summary
        title, lead = names[indicator.initiative_id]
        rows.append([
            title, lead, questions.get(indicator.question, ""), str(indicator),
            units.get(indicator.unit, indicator.unit),
            summary.latest.value if summary.latest else None,
            exports._round(summary.progress), indicator.target, indicator.target_date,
            row.percent_of_target, str(rule.STATUS_LABELS[row.status]),
            str(rule.TREND_LABELS[row.trend]), summary.points, summary.not_reported,
            summary.withheld,
        ])
    return rows


def _csv(table) -> bytes:
    return FORMATS["csv"](table, "indicators").content


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_the_indicators_download_is_the_same_file_from_sql_and_from_python(
    data, lead, periods, monkeypatch
):
    """The download takes each indicator's status from the database on PostgreSQL and from
    the Python rule elsewhere: on generated indicators (trend counts included) both give
    the same file, byte for byte, and the same rows as the model-by-model build."""
    cases = data.draw(st.lists(figures(len(periods)), min_size=1, max_size=4))
    with transaction.atomic(), translation.override("en"):
        initiatives = [_make(lead, periods, case).initiative for case in cases]
        overview = _overview(initiatives, periods)
        from_sql = exports.indicators_table(overview)
        with monkeypatch.context() as patched:
            patched.setattr(status_sql, "supported", lambda: False)
            from_python = exports.indicators_table(_overview(initiatives, periods))
        assert from_sql.rows == from_python.rows == _reference_table(overview)
        assert _csv(from_sql) == _csv(from_python)
        transaction.set_rollback(True)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_the_sql_gives_every_generated_indicator_the_python_rules_status(
    data, lead, periods
):
    cases = data.draw(st.lists(figures(len(periods)), min_size=1, max_size=4))
    with transaction.atomic():
        initiatives = [_make(lead, periods, case).initiative for case in cases]
        assert_sql_agrees(initiatives, periods)
        transaction.set_rollback(True)


# --- The rule's edge cases, each by name -----------------------------------------------

Q = {f"{y}-Q{q}": i for i, (y, q) in enumerate(QUARTERS)}


def case(**overrides) -> dict:
    base = {
        "unit": "count", "aggregation": "sum", "direction": "up", "target": D(100),
        "target_date": datetime.date(2022, 12, 31), "baseline": None, "baseline_date": None,
        "start": datetime.date(2021, 1, 1), "end": datetime.date(2022, 12, 31),
        "at": [Q["2021-Q1"], Q["2021-Q2"]], "values": [D(10), D(15)], "counts": [],
    }
    return {**base, **overrides}


# The straight line from 0 on 2021-01-01 to 730 on 2023-01-01 (730 days): one a day. As of
# the end of 2021-Q2 (2021-06-30, day 180) the line stands at exactly 180.
ON_THE_LINE = {"target": D(730), "target_date": datetime.date(2023, 1, 1),
               "end": datetime.date(2023, 1, 1)}

EDGE_CASES = {
    "no target": (case(target=None), rule.NOT_ENOUGH_DATA),
    "one value only": (case(at=[Q["2021-Q1"]], values=[D(500)]), rule.NOT_ENOUGH_DATA),
    "no value": (case(at=[], values=[]), rule.NOT_ENOUGH_DATA),
    "target met early": (case(values=[D(60), D(40)]), rule.ON_TRACK),
    "exactly on the line": (case(values=[D(100), D(80)], **ON_THE_LINE), rule.ON_TRACK),
    "a cent under the line": (case(values=[D(100), D("79.99")], **ON_THE_LINE), rule.BEHIND),
    "down is good, exactly on the line": (
        case(direction="down", aggregation="latest", baseline=D(730), target=D(0),
             baseline_date=datetime.date(2021, 1, 1), values=[D(600), D(550)],
             target_date=datetime.date(2023, 1, 1)), rule.ON_TRACK),
    "down is good, a cent above the line": (
        case(direction="down", aggregation="latest", baseline=D(730), target=D(0),
             baseline_date=datetime.date(2021, 1, 1), values=[D(600), D("550.01")],
             target_date=datetime.date(2023, 1, 1)), rule.BEHIND),
    "down is good, target met": (
        case(direction="down", aggregation="latest", target=D(20), values=[D(30), D(20)]),
        rule.ON_TRACK),
    "baseline equal to the target, not met": (
        case(aggregation="latest", baseline=D(50), target=D(50),
             baseline_date=datetime.date(2021, 1, 1), values=[D(40), D(45)]), rule.BEHIND),
    "baseline equal to the target, met": (
        case(aggregation="latest", baseline=D(50), target=D(50), values=[D(40), D(50)]),
        rule.ON_TRACK),
    "past the target date": (
        case(target_date=datetime.date(2021, 6, 30), values=[D(10), D(15)]), rule.BEHIND),
    "no target date, the initiative's end stands in": (
        case(target_date=None, values=[D(1), D(1)]), rule.BEHIND),
    "no target date and no end": (case(target_date=None, end=None), rule.NOT_ENOUGH_DATA),
    "a line of no length": (
        case(baseline_date=datetime.date(2023, 1, 1), target_date=datetime.date(2023, 1, 1),
             at=[Q["2021-Q1"], Q["2021-Q2"]]), rule.BEHIND),
    "average, exactly on the line": (
        case(aggregation="average", values=[D(170), D(190)], baseline=D(0),
             baseline_date=datetime.date(2021, 1, 1), **ON_THE_LINE), rule.ON_TRACK),
    "average, a cent under the line": (
        case(aggregation="average", values=[D(170), D("189.98")], baseline=D(0),
             baseline_date=datetime.date(2021, 1, 1), **ON_THE_LINE), rule.BEHIND),
    "pooled share, exactly on the target": (
        case(unit="percent", target=D(50), values=[D(0), D(0)], counts=[(1, 4), (5, 8)]),
        rule.ON_TRACK),
    "pooled share a third, against a line at a third": (
        # 1 of 3 is 33.33...%; the line from 0 to 100 % over 3 periods' worth of days
        # is never exactly there: both say behind or both say on track.
        case(unit="percent", target=D(100), baseline=D(0), values=[D(0), D(0)],
             counts=[(1, 2), (0, 1)], baseline_date=datetime.date(2021, 1, 1),
             target_date=datetime.date(2021, 10, 1)), None),
    "share without counts, the mean of the periods": (
        case(unit="percent", target=D(50), values=[D(40), D(61)]), rule.ON_TRACK),
}


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_the_sql_and_the_python_rule_agree_on_the_edge_cases(name, lead, periods):
    made, expected = EDGE_CASES[name]
    indicator = _make(lead, periods, made)
    got = assert_sql_agrees([indicator.initiative], periods)
    if expected is not None:
        assert got[indicator.pk] == expected, name


def test_without_a_standing_period_every_indicator_lacks_data(lead, periods):
    indicator = _make(lead, periods, case())
    assert status_sql.indicator_statuses([indicator.initiative_id], None) == {
        indicator.pk: rule.NOT_ENOUGH_DATA}
