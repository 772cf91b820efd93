"""The dashboard's summary table (portal.dashboard.standings): after every kind of write that
changes an approved value, the standings give what the values themselves give, as of every
period, and the dashboard shows it on the next view."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from initiatives import services
from initiatives.models import (
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    ReportingPeriod,
)
from portal.dashboard import selectors, standings
from portal.dashboard.models import IndicatorStanding
from portal.dashboard.selectors import spec_of
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

APPROVED = ProgressUpdate.Status.APPROVED
REPORTED = IndicatorValue.State.REPORTED


def quarter(year: int, q: int) -> ReportingPeriod:
    start = datetime.date(year, 3 * q - 2, 1)
    end = (datetime.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
           - datetime.timedelta(days=1))
    return factories.ReportingPeriodFactory(start=start, end=end,
                                            due=end + datetime.timedelta(days=30))


@pytest.fixture
def data(org_a):
    periods = [quarter(2021, q) for q in (1, 2, 3, 4)] + [quarter(2022, 1)]
    initiative = factories.InitiativeFactory(lead=org_a, start=datetime.date(2021, 1, 1))
    count = factories.IndicatorFactory(initiative=initiative, target=100,
                                       target_date=datetime.date(2022, 12, 31))
    share = factories.IndicatorFactory(
        initiative=initiative, unit=Indicator.Unit.PERCENT, target=80,
        aggregation=Indicator.Aggregation.SUM, target_date=datetime.date(2022, 12, 31))
    latest = factories.IndicatorFactory(
        initiative=initiative, aggregation=Indicator.Aggregation.LATEST, target=10)
    updates = []
    figures = [  # per period: (count, share as value/numerator/denominator, latest's state)
        (D(12), (D("40.00"), 4, 10), REPORTED),
        (D("7.5"), (D(50), None, None), IndicatorValue.State.NOT_REPORTED),
        (D(30), (D(25), 1, 4), IndicatorValue.State.WITHHELD),
        (None, (D(60), 6, 10), REPORTED),
    ]
    for period, (n, (value, num, den), state) in zip(periods, figures, strict=False):
        update = factories.ProgressUpdateFactory(initiative=initiative, period=period,
                                                  status=APPROVED)
        updates.append(update)
        if n is not None:
            factories.IndicatorValueFactory(update=update, indicator=count, value=n)
        factories.IndicatorValueFactory(update=update, indicator=share, value=value,
                                        numerator=num, denominator=den)
        factories.IndicatorValueFactory(
            update=update, indicator=latest, state=state,
            value=D(3) if state == REPORTED else None,
            withheld_reason="Two people" if state == IndicatorValue.State.WITHHELD else "")
    # A draft of the last period: not approved, not counted.
    draft = factories.ProgressUpdateFactory(initiative=initiative, period=periods[4],
                                            status="draft")
    factories.IndicatorValueFactory(update=draft, indicator=count, value=D(999))
    return {"periods": periods, "initiative": initiative, "updates": updates, "draft": draft,
            "count": count, "share": share, "latest": latest}


D = Decimal


def assert_standings_match_the_values() -> None:
    """As of each period and as of now, for every indicator: the table's figures are the
    ones computed from the approved values."""
    indicators = list(Indicator.objects.select_related("initiative"))
    specs = {i.pk: spec_of(i) for i in indicators}
    periods = {p.pk: p for p in ReportingPeriod.objects.all()}
    for as_of in [None, *sorted(p.end for p in periods.values())]:
        from_table = selectors._standing_summaries(specs, as_of=as_of, periods=periods)
        from_values = selectors._summaries(specs, as_of=as_of, periods=periods)
        assert from_table == from_values, as_of


def test_standings_equal_the_values_as_of_every_period(data):
    assert_standings_match_the_values()
    summary, latest_period = selectors._standing_summaries(
        {data["count"].pk: spec_of(data["count"])},
        as_of=None, periods={p.pk: p for p in data["periods"]})[data["count"].pk]
    # 12 + 7.5 + 30 from three approved quarters; the draft's 999 is not counted.
    assert (summary.points, summary.progress, latest_period) == (
        3, D("49.50"), data["periods"][2].pk)


def test_reviews_and_corrections_keep_the_standings(data, coordinator):
    draft = data["draft"]
    draft.status = ProgressUpdate.Status.SUBMITTED
    draft.save()
    services.update_approve(update=draft, by=coordinator)  # an approval
    assert_standings_match_the_values()
    returned = data["updates"][1]
    returned.status = ProgressUpdate.Status.RETURNED  # taken back for a correction
    returned.save()
    assert_standings_match_the_values()
    value = IndicatorValue.objects.get(update=data["updates"][0], indicator=data["count"])
    value.value = D(20)  # a value of an approved update corrected
    value.save()
    assert_standings_match_the_values()
    IndicatorValue.objects.filter(update=data["updates"][2], indicator=data["share"]).delete()
    assert_standings_match_the_values()
    data["updates"][3].delete()  # an approved update deleted, with its values
    assert_standings_match_the_values()


def test_periods_added_moved_or_deleted_keep_the_standings(data):
    added = quarter(2022, 2)  # a new quarter: the figures carry on to it
    assert_standings_match_the_values()
    assert IndicatorStanding.objects.filter(period_id=added.pk).count() == 3
    first = data["periods"][0]
    first.start, first.end = datetime.date(2020, 10, 1), datetime.date(2020, 12, 31)
    first.save()
    assert_standings_match_the_values()
    added.delete()  # (a period with updates cannot be deleted)
    assert_standings_match_the_values()
    data["latest"].delete()
    assert_standings_match_the_values()


def test_a_period_added_anywhere_gets_its_rows_without_a_rebuild(data, monkeypatch):
    """A new period's rows are those of the period before it (it has no values yet); the
    rest of the table is left as it was, and nothing is rebuilt."""
    def no_rebuild(*args, **kwargs):
        raise AssertionError("adding a period rebuilt the whole table")

    monkeypatch.setattr(standings, "rebuild", no_rebuild)
    def rows(standings) -> list:
        return sorted(standings.values_list("indicator_id", "period_id", "points", "recent"))

    before = rows(IndicatorStanding.objects.all())
    added = [
        quarter(2022, 2),  # after every other: the figures carry on to it
        factories.ReportingPeriodFactory(  # within the year, ending with no other
            start=datetime.date(2021, 5, 1), end=datetime.date(2021, 8, 15),
            due=datetime.date(2021, 9, 15)),
        factories.ReportingPeriodFactory(  # before every value: no row
            start=datetime.date(2020, 1, 1), end=datetime.date(2020, 3, 31),
            due=datetime.date(2020, 4, 30)),
    ]
    assert_standings_match_the_values()
    assert [IndicatorStanding.objects.filter(period_id=p.pk).count() for p in added] == [
        3, 3, 0]
    assert rows(IndicatorStanding.objects.exclude(period_id__in=[p.pk for p in added])) == before


def test_a_rebuild_writes_what_the_writes_kept(data, coordinator):
    def rows():
        return sorted(IndicatorStanding.objects.values_list(
            "indicator_id", "period_id", "points", "not_reported", "withheld", "total",
            "numerators", "denominators", "first", "recent"))

    data["updates"][1].delete()
    kept = rows()
    assert kept
    IndicatorStanding.objects.all().delete()
    assert standings.rebuild() == len(kept)
    assert rows() == kept


def test_an_approval_shows_on_the_dashboard_at_once(client, data, coordinator):
    activate_totp(coordinator)
    client.force_login(coordinator)
    plan = factories.PlanFactory(owner=data["initiative"].lead, is_featured=True)
    area = factories.PriorityAreaFactory(plan=plan, title_en="Youth")
    data["initiative"].priority_areas.add(area)
    url = "/en/coordination/dashboard/?" + f"plan={plan.pk}"

    def overview_counts() -> tuple[int, int]:
        overview = selectors.dashboard_overview(
            viewer=coordinator, filters=selectors.DashboardFilters(plan=plan))
        row = overview.areas[0]
        return row.on_track + row.behind, row.not_enough_data

    single = factories.IndicatorFactory(initiative=data["initiative"], target=10,
                                        target_date=datetime.date(2022, 12, 31))
    factories.IndicatorValueFactory(update=data["updates"][0], indicator=single, value=D(4))
    assert client.get(url).status_code == 200
    # One approved value: not enough data, until a second one is approved.
    assert overview_counts() == (3, 1)
    draft = data["draft"]
    factories.IndicatorValueFactory(update=draft, indicator=single, value=D(4))
    draft.status = ProgressUpdate.Status.SUBMITTED
    draft.save()
    services.update_approve(update=draft, by=coordinator)
    assert overview_counts() == (4, 0)
    html = client.get(url).content.decode()
    assert "Youth" in html
