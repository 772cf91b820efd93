"""The coordinator's dashboard: completeness figures, filters, downloads, query counts."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from initiatives.models import Indicator, IndicatorValue, Initiative, ProgressUpdate
from portal.dashboard.selectors import DashboardFilters, dashboard_completeness
from priorities.models import Plan
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

APPROVED = ProgressUpdate.Status.APPROVED
TZ = datetime.timezone(datetime.timedelta(hours=-4))


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=12, tzinfo=TZ)


@pytest.fixture
def world(org_a, org_b, lead_a, coordinator):
    activate_totp(coordinator)
    plan = factories.PlanFactory(owner=org_a, is_featured=True)
    other_plan = factories.PlanFactory(owner=org_b, is_featured=False)
    youth = factories.PriorityAreaFactory(plan=plan, title_en="Youth", title_fr="Jeunes")
    elders = factories.PriorityAreaFactory(plan=plan, title_en="Older adults",
                                           title_fr="Personnes aînées")
    elsewhere = factories.PriorityAreaFactory(plan=other_plan, title_en="Elsewhere")
    q1, q2, q3, q4 = (
        factories.ReportingPeriodFactory(start=datetime.date(2021, m, 1), end=end,
                                         due=end + datetime.timedelta(days=30))
        for m, end in ((1, datetime.date(2021, 3, 31)), (4, datetime.date(2021, 6, 30)),
                       (7, datetime.date(2021, 9, 30)), (10, datetime.date(2021, 12, 31)))
    )
    # i1 (A): Q1 on time, Q2 late, Q3 a draft. i2 (B, from Q2): Q2 on time, Q3 nothing.
    # i3 (A, Q1 only): returned, never sent again.
    i1 = factories.InitiativeFactory(lead=org_a, title_en="Basketball nights",
                                     zone=Initiative.Zone.PREVENTION)
    i2 = factories.InitiativeFactory(lead=org_b, title_en="Fraud clinics",
                                     start=datetime.date(2021, 4, 1),
                                     zone=Initiative.Zone.SOCIAL_DEVELOPMENT)
    i3 = factories.InitiativeFactory(lead=org_a, title_en="Winter outreach",
                                     end=datetime.date(2021, 3, 31),
                                     zone=Initiative.Zone.PREVENTION)
    i1.priority_areas.add(youth)
    i2.priority_areas.add(elders)
    i3.priority_areas.add(youth)
    outside = factories.InitiativeFactory(lead=org_b, title_en="Other plan's project")
    outside.priority_areas.add(elsewhere)
    u11 = factories.ProgressUpdateFactory(initiative=i1, period=q1, status=APPROVED,
                                          submitted_at=at("2021-04-20"))
    u12 = factories.ProgressUpdateFactory(initiative=i1, period=q2, status=APPROVED,
                                          submitted_at=at("2021-08-05"))
    factories.ProgressUpdateFactory(initiative=i1, period=q3, status="draft")
    factories.ProgressUpdateFactory(initiative=i2, period=q2, status="submitted",
                                    submitted_at=at("2021-07-29"))
    factories.ProgressUpdateFactory(initiative=i3, period=q1, status="returned",
                                    submitted_at=at("2021-04-10"))
    youth_reached = factories.IndicatorFactory(
        initiative=i1, name_en="Youth reached", name_fr="Jeunes joints", target=1000,
        target_date=datetime.date(2022, 12, 31), question=Indicator.Question.HOW_MUCH,
    )
    feel_safe = factories.IndicatorFactory(
        initiative=i1, name_en="Feel safe", name_fr="Se sentent en sécurité",
        unit=Indicator.Unit.PERCENT, aggregation=Indicator.Aggregation.LATEST, target=80,
        target_date=datetime.date(2022, 12, 31), question=Indicator.Question.BETTER_OFF,
    )
    factories.IndicatorValueFactory(update=u11, indicator=youth_reached, value=60)
    factories.IndicatorValueFactory(update=u12, indicator=youth_reached, value=75)
    factories.IndicatorValueFactory(update=u11, indicator=feel_safe, value=None,
                                    state=IndicatorValue.State.WITHHELD,
                                    withheld_reason="Two respondents only")
    factories.IndicatorValueFactory(update=u12, indicator=feel_safe, value=70)
    return {
        "plan": plan, "other_plan": other_plan, "youth": youth, "elders": elders,
        "elsewhere": elsewhere, "q1": q1, "q2": q2, "q3": q3, "q4": q4,
        "i1": i1, "i2": i2, "i3": i3, "youth_reached": youth_reached, "feel_safe": feel_safe,
    }


# --- Completeness and timeliness: the figures ----------------------------------------------


def test_completeness_per_organisation_and_period(world, coordinator, org_a, org_b, lead_a):
    filters = DashboardFilters(plan=world["plan"])
    result = dashboard_completeness(viewer=coordinator, filters=filters,
                                    today=datetime.date(2021, 11, 15))
    total = result.total
    # Q4 is not over: nothing is expected of it yet.
    assert (total.expected, total.submitted, total.on_time, total.late, total.approved,
            total.missing, total.pending) == (6, 3, 2, 1, 2, 3, 0)
    rows = {r.organisation: r for r in result.by_organisation}
    a, b = rows[org_a], rows[org_b]
    assert (a.expected, a.submitted, a.on_time, a.late, a.approved, a.missing) == (4, 2, 1, 1, 2, 2)
    assert (b.expected, b.submitted, b.on_time, b.late, b.approved, b.missing) == (2, 1, 1, 0, 0, 1)
    assert a.reporting_rate == Decimal("50.0") and a.on_time_rate == Decimal("25.0")
    periods = {r.period: r for r in result.by_period}
    assert list(periods) == [world["q1"], world["q2"], world["q3"]]
    assert (periods[world["q3"]].expected, periods[world["q3"]].missing) == (2, 2)
    with translation.override("en"):
        overdue = {(o.obligation.initiative.title_en, o.obligation.period.label): o
                   for o in result.overdue}
    assert set(overdue) == {("Basketball nights", "Q3 2021"), ("Fraud clinics", "Q3 2021"),
                            ("Winter outreach", "Q1 2021")}
    # Who owes it: the leads of the lead organisation, by name and email.
    assert any(lead_a.email in c for c in overdue[("Winter outreach", "Q1 2021")].contacts)
    # Longest overdue first.
    assert result.overdue[0].obligation.period == world["q1"]


def test_an_update_not_yet_due_is_pending_not_missing(world, coordinator):
    result = dashboard_completeness(viewer=coordinator,
                                    filters=DashboardFilters(plan=world["plan"]),
                                    today=datetime.date(2021, 10, 15))
    assert (result.total.expected, result.total.missing, result.total.pending) == (6, 1, 2)


def test_period_range_limits_what_completeness_counts(world, coordinator):
    filters = DashboardFilters(plan=world["plan"], period_from=world["q2"],
                               period_to=world["q2"])
    result = dashboard_completeness(viewer=coordinator, filters=filters,
                                    today=datetime.date(2021, 11, 15))
    assert [r.period for r in result.by_period] == [world["q2"]]
    assert (result.total.expected, result.total.submitted, result.total.late) == (2, 2, 1)


def test_workspace_due_list_marks_overdue_updates_with_the_same_rule(client, world, lead_a):
    client.force_login(lead_a)
    with translation.override("en"):
        html = client.get(reverse("workspace:home")).content.decode()
    due = html.split("Progress updates due")[1].split("</table>")[0]
    rows = {chunk.split("</tr>")[0] for chunk in due.split("<tr>")[2:]}
    q3 = next(r for r in rows if "Basketball nights" in r and "Q3 2021" in r)
    assert "Overdue" in q3  # a draft, past its due date
    q1 = next(r for r in rows if "Basketball nights" in r and "Q1 2021" in r)
    assert "Overdue" not in q1  # approved: nothing is owed


# --- The page ------------------------------------------------------------------------------


def dashboard(client, lang="en", **params):
    with translation.override(lang):
        return client.get(reverse("coordination:dashboard"), params)


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dashboard_lives_at_its_address_in_both_languages(signed_in, world, lang):
    expected = {"fr": "/fr/coordination/tableau-de-bord/",
                "en": "/en/coordination/dashboard/"}[lang]
    with translation.override(lang):
        assert reverse("coordination:dashboard") == expected
    response = signed_in.get(expected)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert {"fr": "Jeunes", "en": "Youth"}[lang] in html
    assert {"fr": "Tableau de bord", "en": "Dashboard"}[lang] in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_overdue_updates_say_what_is_missing_and_who_owes_it(signed_in, world, lead_a, lang):
    html = dashboard(signed_in, lang).content.decode()
    table = html.split('id="overdue-heading"')[1].split("</table>")[0]
    with translation.override(lang):
        title = escape(str(world["i3"]))
        update = reverse("workspace:update", args=[world["i3"].pk, world["q1"].pk])
    row = next(r for r in table.split("<tr>") if title in r)
    assert f'<a href="{update}">{title}</a>' in row
    # Returned in Q1 2021, never sent again; owed by organisation A's lead, with the email.
    assert {"fr": "Renvoyée", "en": "Returned"}[lang] in row
    assert {"fr": "T1 2021", "en": "Q1 2021"}[lang] in row
    assert '<br><span class="meta">' in row and escape(lead_a.email) in row


def _overview_row(html: str, area: str) -> list[str]:
    import re

    table = html.split('id="overview-heading"')[1].split("</table>")[0]
    for row in table.split("<tr>")[2:]:
        if f">{area}<" in row:
            return [re.sub(r"<[^>]+>", "", c).strip() for c in row.split("<td")[1:]]
    raise AssertionError(f"no row for {area}")


def test_overview_counts_per_priority_area(signed_in, world):
    html = dashboard(signed_in).content.decode()
    cells = _overview_row(html, "Youth")
    # 2 initiatives (both active); Youth reached: 135 of 1,000 by 2022 (about 250 expected
    # by mid-2021) - behind; Feel safe:
    # one reported value (the other withheld) - not enough data.
    assert [c.split(">")[-1] for c in cells[:5]] == ["2", "2", "0", "1", "1"]
    assert "Q2 2021" in cells[5]
    assert "Elsewhere" not in html.split('id="overview-heading"')[1].split("</table>")[0]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_area_filter_keeps_its_initiatives_only(signed_in, world, lang):
    html = dashboard(signed_in, lang, area=world["elders"].pk).content.decode()
    listed = html.split('id="initiatives-heading"')[1]
    assert getattr(world["i2"], f"title_{lang}") in listed
    for other in (world["i1"], world["i3"]):
        assert other.title_en not in listed and other.title_fr not in listed


def test_zone_filter(signed_in, world):
    html = dashboard(signed_in, zone=Initiative.Zone.SOCIAL_DEVELOPMENT).content.decode()
    listed = html.split('id="initiatives-heading"')[1]
    assert "Fraud clinics" in listed
    assert "Basketball nights" not in listed and "Winter outreach" not in listed


def test_organisation_filter_takes_leads_and_collaborators(signed_in, world, org_a, org_b):
    world["i2"].collaborators.add(org_a)
    html = dashboard(signed_in, organisation=org_a.pk).content.decode()
    listed = html.split('id="initiatives-heading"')[1]
    assert all(t in listed for t in ("Basketball nights", "Winter outreach", "Fraud clinics"))
    html = dashboard(signed_in, organisation=org_b.pk).content.decode()
    listed = html.split('id="initiatives-heading"')[1]
    assert "Fraud clinics" in listed and "Basketball nights" not in listed


def test_plan_filter(signed_in, world):
    html = dashboard(signed_in, plan=world["other_plan"].pk).content.decode()
    assert "Other plan&#x27;s project" in html or "Other plan's project" in html
    assert "Basketball nights" not in html


def test_period_filters_set_the_as_of_point(signed_in, world):
    # As of the end of Q1, Youth reached has one approved value: not enough data.
    html = dashboard(signed_in, period_to=world["q1"].pk).content.decode()
    assert "as of the end of Q1 2021" in html
    assert _overview_row(html, "Youth")[4].endswith("2")
    html = dashboard(signed_in, period_from=world["q2"].pk, period_to=world["q3"].pk)
    by_period = html.content.decode().split('id="by-period-heading"')[1].split("</table>")[0]
    assert "Q2 2021" in by_period and "Q3 2021" in by_period and "Q1 2021" not in by_period


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "Ce domaine prioritaire appartient à un autre plan"),
    ("en", "This priority area belongs to another plan"),
])
def test_an_area_of_another_plan_is_a_clear_error(signed_in, world, lang, message):
    response = dashboard(signed_in, lang, plan=world["plan"].pk, area=world["elsewhere"].pk)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_reversed_period_range_and_unknown_ids_are_clear_errors(signed_in, world):
    response = dashboard(signed_in, "fr", period_from=world["q3"].pk, period_to=world["q1"].pk)
    assert response.status_code == 400
    assert "La dernière période ne doit pas précéder la première." in response.content.decode()
    response = dashboard(signed_in, "en", organisation=999999)
    assert response.status_code == 400
    assert "This choice does not exist" in response.content.decode()


def test_indicators_are_grouped_by_the_question_they_answer(signed_in, world):
    html = dashboard(signed_in).content.decode()
    section = html.split(f'id="initiative-{world["i1"].pk}"')[1].split("</article>")[0]
    how_much = section.index("How much did we do?")
    better_off = section.index("Is anyone better off?")
    assert how_much < section.index("Youth reached") < better_off < section.index("Feel safe")
    # The withheld quarter is counted apart, never as zero.
    assert "withheld: 1" in section


@pytest.mark.parametrize("lang,texts", [
    ("en", {"last": "last approved update: Q2 2021 (approved August 20, 2021)",
            "read": "read it", "none": "no approved update yet",
            "no_indicator": "No indicator yet."}),
    ("fr", {"last": "dernière mise à jour approuvée\u00a0: T2 2021 (approuvée le 20 août 2021)",
            "read": "la consulter", "none": "aucune mise à jour approuvée pour l’instant",
            "no_indicator": "Aucun indicateur pour l’instant."}),
])
def test_each_initiative_says_who_leads_it_and_its_last_approved_update(
    signed_in, world, lang, texts
):
    last = ProgressUpdate.objects.get(initiative=world["i1"], period=world["q2"])
    last.reviewed_at = at("2021-08-20")
    last.save()
    html = dashboard(signed_in, lang).content.decode()

    def article(initiative) -> str:
        return html.split(f'id="initiative-{initiative.pk}"')[1].split("</article>")[0]

    with translation.override(lang):
        i1, i2 = world["i1"], world["i2"]
        review = reverse("coordination:review", args=[last.pk])
        assert (f"{i1.lead} · {i1.get_zone_display()} · {i1.get_status_display()}"
                in article(i1))
        assert f'{texts["last"]} <a href="{review}">{texts["read"]}</a>' in article(i1)
        # Only submitted so far, and without indicators.
        assert texts["none"] in article(i2) and texts["no_indicator"] in article(i2)
    # Each table is labelled by its own caption.
    labels = re.findall(r'aria-labelledby="(table-\d+)"', html)
    assert len(labels) == len(set(labels)) >= 3
    assert all(f'<caption id="{label}"' in html for label in labels)


def test_a_period_s_own_name_is_written_as_typed(signed_in, world):
    """A period that is not a calendar quarter goes by its name, escaped once."""
    named = factories.ReportingPeriodFactory(
        name="Rapport d'étape <A&B>", start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 2, 15), due=datetime.date(2022, 3, 15))
    factories.ProgressUpdateFactory(initiative=world["i2"], period=named, status=APPROVED,
                                    submitted_at=at("2022-02-20"), reviewed_at=at("2022-02-25"))
    html = dashboard(signed_in).content.decode()
    article = html.split(f'id="initiative-{world["i2"].pk}"')[1].split("</article>")[0]
    assert ("last approved update: Rapport d&#x27;étape &lt;A&amp;B&gt; "
            "(approved February 25, 2022)") in article


def test_filtered_view_survives_a_bookmark(signed_in, world):
    """The filters live in the query string and every link keeps them."""
    params = {"zone": "prevention", "area": world["youth"].pk}
    html = dashboard(signed_in, **params).content.decode()
    query = escape(urlencode(params))
    with translation.override("en"):
        download = reverse("coordination:dashboard_download", args=["overview", "csv"])
        chart = reverse("coordination:dashboard_indicator", args=[world["youth_reached"].pk])
    assert f'href="{download}?{query}"' in html
    assert f'href="{chart}?{query}"' in html
    # The filters are shown as chosen.
    assert '<option value="prevention" selected>' in html


# --- Downloads -----------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_completeness_downloads_read_back(signed_in, world, lang):
    with translation.override(lang):
        url = reverse("coordination:dashboard_download",
                      args=["completeness-organisations", "csv"])
    response = signed_in.get(url, {"plan": world["plan"].pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    header = {"fr": "Organisme responsable", "en": "Lead organisation"}[lang]
    assert rows[0][0] == header
    org_a_name = {"fr": "Organisme A", "en": "Organisation A"}[lang]
    row = next(r for r in rows if r[0] == org_a_name)
    # Every period of this world is over today: 5 expected, 2 submitted, 3 overdue.
    assert row[1:7] == ["5", "2", "1", "1", "2", "3"]

    with translation.override(lang):
        url = reverse("coordination:dashboard_download",
                      args=["completeness-organisations", "xlsx"])
    response = signed_in.get(url, {"plan": world["plan"].pk})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][0] == header
    row = next(r for r in values if r[0] == org_a_name)
    assert row[1:7] == [5, 2, 1, 1, 2, 3]  # numbers as numbers
    assert isinstance(row[8], float | int)


def test_every_table_downloads_in_both_formats(signed_in, world):
    for table in ("overview", "indicators", "completeness-organisations",
                  "completeness-periods", "overdue"):
        for fmt in ("csv", "xlsx"):
            with translation.override("en"):
                url = reverse("coordination:dashboard_download", args=[table, fmt])
            response = signed_in.get(url, {"zone": "prevention"})
            assert response.status_code == 200, (table, fmt)
    with translation.override("en"):
        assert signed_in.get(
            reverse("coordination:dashboard_download", args=["secrets", "csv"])
        ).status_code == 404
        assert signed_in.get(
            reverse("coordination:dashboard_download", args=["overview", "pdf"])
        ).status_code == 404


def test_downloads_keep_the_filters(signed_in, world):
    with translation.override("en"):
        url = reverse("coordination:dashboard_download", args=["indicators", "csv"])
    rows = _csv(signed_in.get(url, {"area": world["elders"].pk}))
    assert len(rows) == 1  # Fraud clinics has no indicator
    rows = _csv(signed_in.get(url, {"area": world["youth"].pk}))
    names = [r[3] for r in rows[1:]]
    assert names == ["Youth reached", "Feel safe"]
    youth = rows[1]
    assert youth[6] == "135.00" and youth[7] == "1000.00"


def test_text_cells_cannot_run_as_formulas(signed_in, world):
    world["i1"].title_en = '=HYPERLINK("http://evil.example","Click")'
    world["i1"].save()
    with translation.override("en"):
        csv_url = reverse("coordination:dashboard_download", args=["indicators", "csv"])
        xlsx_url = reverse("coordination:dashboard_download", args=["indicators", "xlsx"])
    rows = _csv(signed_in.get(csv_url))
    assert rows[1][0] == "'" + world["i1"].title_en
    sheet = openpyxl.load_workbook(io.BytesIO(signed_in.get(xlsx_url).content)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value.startswith("'=")


# --- The turn-the-curve chart --------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_indicator_chart_has_a_title_a_description_and_its_numbers(signed_in, world, lang):
    with translation.override(lang):
        url = reverse("coordination:dashboard_indicator", args=[world["youth_reached"].pk])
    html = signed_in.get(url).content.decode()
    svg = html.split("<svg xmlns")[1].split("</svg>")[0]
    assert "<title" in svg and "<desc" in svg
    assert 'role="img"' in svg
    table = html.split('class="chart-table"')[1].split("</table>")[0]
    # Per-period values and their running total, then the target.
    assert ">60<" in table.replace(" ", "") and ">75<" in table and ">135<" in table
    assert {"fr": ">1\xa0000<", "en": ">1,000<"}[lang] in table
    # Two points: a change of 15 on counts of 60 and 75 is within the noise.
    assert {"fr": "Aucun changement net", "en": "No clear change"}[lang] in html
    assert "↗" not in html and "↘" not in html


def test_indicator_chart_marks_withheld_quarters(signed_in, world):
    with translation.override("en"):
        url = reverse("coordination:dashboard_indicator", args=[world["feel_safe"].pk])
    html = signed_in.get(url).content.decode()
    assert "Withheld for safety" in html
    assert "Two respondents only" not in html  # the reason stays in the review


def test_indicator_series_downloads(signed_in, world):
    with translation.override("en"):
        url = reverse("coordination:dashboard_indicator_download",
                      args=[world["youth_reached"].pk, "xlsx"])
    sheet = openpyxl.load_workbook(io.BytesIO(signed_in.get(url).content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[1][0] == "Q1 2021" and values[1][3] == 60
    assert values[1][1].date() == datetime.date(2021, 1, 1)  # dates as dates
    assert values[-1][0] == "Target" and values[-1][3] == 1000


def test_unknown_indicator_is_404(signed_in, world):
    with translation.override("en"):
        assert signed_in.get(
            reverse("coordination:dashboard_indicator", args=[999999])
        ).status_code == 404


# --- Queries -------------------------------------------------------------------------------


def _more(world, n: int) -> None:
    for index in range(n):
        initiative = factories.InitiativeFactory(lead=world["i2"].lead)
        initiative.priority_areas.add(world["youth"])
        indicator = factories.IndicatorFactory(initiative=initiative)
        for period in (world["q1"], world["q2"], world["q3"]):
            update = factories.ProgressUpdateFactory(
                initiative=initiative, period=period, status=APPROVED,
                submitted_at=at("2021-10-01"),
            )
            factories.IndicatorValueFactory(update=update, indicator=indicator, value=index)


def test_the_overview_counts_the_statuses_of_the_rows_it_shows(world, coordinator):
    """The overview counts statuses without a model instance per indicator; the rows of a
    page and the rows of the downloads must say the same for every indicator."""
    from portal.dashboard.selectors import dashboard_overview

    _more(world, 4)
    for filters in (DashboardFilters(plan=world["plan"]),
                    DashboardFilters(plan=world["plan"], period_to=world["q1"])):
        overview = dashboard_overview(viewer=coordinator, filters=filters)
        every = overview.rows
        assert len(every) >= 6
        shown = overview.rows_of(overview.initiatives[:2])
        assert shown and set(shown) < set(every)
        for pk, row in shown.items():
            assert (row.status, row.summary, row.latest_period_id) == (
                every[pk].status, every[pk].summary, every[pk].latest_period_id)
        counted = Counter()
        for area in overview.areas:
            counted.update(on_track=area.on_track, behind=area.behind,
                           not_enough_data=area.not_enough_data)
        initiatives_by_area = Counter()
        for initiative in overview.initiatives:
            initiatives_by_area[initiative.pk] = initiative.priority_areas.filter(
                plan=world["plan"]).count()
        expected = Counter()
        for row in every.values():
            expected[row.status] += initiatives_by_area[row.indicator.initiative_id]
        assert +counted == +expected


def test_query_count_does_not_grow_with_the_data(signed_in, world):
    dashboard(signed_in)  # warm the session and MFA lookups
    with CaptureQueriesContext(connection) as small:
        assert dashboard(signed_in).status_code == 200
    _more(world, 8)
    with CaptureQueriesContext(connection) as large:
        assert dashboard(signed_in).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    # On PostgreSQL the statuses, the latest approved periods and the initiatives' priority
    # areas come in one statement.
    assert len(small.captured_queries) <= (15 if connection.vendor == "postgresql" else 17)


def test_the_lists_of_the_filters_are_read_once(signed_in, world):
    """The periods, priority areas and organisations the form lists are the ones the
    selectors use: one query each, whatever the filters."""
    dashboard(signed_in)
    for query in ({}, {"period_to": world["q1"].pk, "area": world["youth"].pk}):
        with CaptureQueriesContext(connection) as page:
            assert dashboard(signed_in, **query).status_code == 200
        for table in ("initiatives_reportingperiod", "priorities_priorityarea",
                      "partners_organisation"):
            reads = [q["sql"] for q in page.captured_queries
                     if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]
            assert len(reads) == 1, (table, query, reads)


def test_plan_defaults_to_the_featured_one(signed_in, world):
    Plan.objects.exclude(pk=world["plan"].pk).update(is_featured=False)
    html = dashboard(signed_in).content.decode()
    assert f'<option value="{world["plan"].pk}" selected>' in html


def test_the_indicators_download_reads_the_standings_once_and_counts_nothing_it_does_not_show(
    signed_in, world
):
    """The indicators file reads the scope and each indicator's standing once; it neither
    recomputes figures from the values nor counts the areas' statuses and latest periods,
    which only the page and the overview file show."""
    with translation.override("en"):
        url = reverse("coordination:dashboard_download", args=["indicators", "csv"])
    signed_in.get(url)
    with CaptureQueriesContext(connection) as download:
        assert signed_in.get(url).status_code == 200
    sql = [q["sql"] for q in download.captured_queries]
    assert sum("portal_indicatorstanding" in q for q in sql) == 1
    assert not any("initiatives_indicatorvalue" in q for q in sql)
    assert not any(q.startswith('SELECT "initiatives_initiative_priority_areas"') for q in sql)
    assert not any('MAX("initiatives_reportingperiod"."start")' in q for q in sql)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_indicators_download_read_as_rows_is_the_file_the_model_instances_gave(
    signed_in, world, coordinator, lang
):
    """The indicators file reads its initiatives as rows (``dashboard_scope``), not model
    instances: each initiative's title and lead, in the language of the download with the
    same fallback (a title or a name missing in French falls back to English), and every
    figure are those of the file built from the model instances, byte for byte."""
    from portal.core.spreadsheets import as_csv
    from portal.dashboard import exports, selectors

    world["i1"].title_fr = ""
    world["i1"].save(update_fields=["title_fr"])
    lead = world["i2"].lead
    lead.name_fr = ""
    lead.save(update_fields=["name_fr"])
    other = factories.IndicatorFactory(initiative=world["i2"], name_en="Clinics held",
                                       name_fr="Cliniques tenues", target=12)
    update = ProgressUpdate.objects.get(initiative=world["i2"], period=world["q2"])
    update.status = APPROVED
    update.save()
    factories.IndicatorValueFactory(update=update, indicator=other, value=5)
    with translation.override(lang):
        url = reverse("coordination:dashboard_download", args=["indicators", "csv"])
        for query in ({}, {"period_to": world["q1"].pk}, {"organisation": lead.pk}):
            filters = DashboardFilters(
                plan=world["plan"], period_to=world["q1"] if "period_to" in query else None,
                organisation=lead if "organisation" in query else None,
            )
            from_models = exports.indicators_table(
                selectors.dashboard_overview(viewer=coordinator, filters=filters, areas=False)
            )
            from_rows = exports.indicators_table(
                selectors.dashboard_scope(viewer=coordinator, filters=filters)
            )
            assert from_rows.rows == from_models.rows, query
            assert len(from_rows.rows) == (1 if "organisation" in query else 3)
            downloaded = signed_in.get(url, query).content
            assert downloaded == as_csv(from_models, "indicators").content, query
            leads_by_title = {row[0]: row[1] for row in from_rows.rows}
            if "organisation" in query:
                # Organisation B has no French name: its English one, in French too.
                assert list(leads_by_title.values()) == ["Organisation B"]
            else:
                # Basketball nights has no French title: its English one, in French too.
                assert "Basketball nights" in leads_by_title


def test_overdue_updates_name_every_active_lead_by_last_name(world, coordinator, org_a, lead_a):
    """Who owes an overdue update: each active lead of its organisation, by last name, as
    "First Last <email>" (the email alone without a name); staff and inactive leads are
    not named (the contacts are read as rows, not as a membership and a user each)."""
    from partners.models import Membership

    lead_a.first_name, lead_a.last_name = "Zoé", "Zola"
    lead_a.save()
    nameless = factories.MembershipFactory(organisation=org_a, role=Membership.Role.LEAD).user
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    first = factories.MembershipFactory(organisation=org_a, role=Membership.Role.LEAD).user
    first.first_name, first.last_name = "Anne", "Abel"
    first.save()
    gone = factories.MembershipFactory(organisation=org_a, role=Membership.Role.LEAD).user
    gone.is_active = False
    gone.save()
    factories.MembershipFactory(organisation=org_a, role=Membership.Role.STAFF)
    result = dashboard_completeness(viewer=coordinator, filters=DashboardFilters(
        plan=world["plan"]), today=datetime.date(2022, 6, 1))
    [overdue] = [o for o in result.overdue if o.obligation.initiative == world["i3"]]
    assert overdue.contacts == [
        f"{nameless.email} <{nameless.email}>", f"Anne Abel <{first.email}>",
        f"Zoé Zola <{lead_a.email}>",
    ]


def test_names_only_in_the_other_language_are_marked_in_each_languages_page(
    signed_in, world, org_b
):
    """WCAG 3.1.2 on the dashboard's tables, in French then English: an initiative and its
    lead named in English only carry lang="en" on the French page and nothing on the
    English one; one named in French only is marked on the English page."""
    i1, i2 = world["i1"], world["i2"]
    Initiative.objects.filter(pk=i2.pk).update(title_fr="", title_en="Fraud clinics")
    Initiative.objects.filter(pk=i1.pk).update(title_fr="Soirées de basket", title_en="")
    type(org_b).objects.filter(pk=org_b.pk).update(name_fr="", name_en="Only English Org")

    def article(html, initiative) -> str:
        return html.split(f'id="initiative-{initiative.pk}"')[1].split("</article>")[0]

    french = dashboard(signed_in, "fr").content.decode()
    english = dashboard(signed_in, "en").content.decode()
    assert '<span lang="en">Fraud clinics</span>' in article(french, i2)
    assert '<span lang="en">Only English Org</span>' in article(french, i2)
    assert "Soirées de basket" in article(french, i1)
    assert '<span lang="fr">Soirées de basket</span>' not in article(french, i1)
    assert ">Fraud clinics</h3>" in article(english, i2)
    assert '<span lang="en">' not in article(english, i2)
    assert '<span lang="fr">Soirées de basket</span>' in article(english, i1)
