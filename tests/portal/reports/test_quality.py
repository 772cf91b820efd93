"""What a coordinator hands to council: every report kind lays out cleanly in both languages,
opens with its summary, says on public reports exactly what the public pages say, states
days, times and periods right, and is tagged for a screen reader (PDF/UA)."""

from __future__ import annotations

import datetime
import io
import re
import zoneinfo
from decimal import Decimal

import openpyxl
import pdfplumber
import pypdf
import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from initiatives.models import Indicator, Initiative, ProgressUpdate, ReportingPeriod
from initiatives.selectors import approved_progress
from partners.models import Organisation, User
from portal.core.figures import format_number, format_percent
from portal.reports import render, snapshot
from portal.reports.models import ProgressReport
from priorities.models import Plan, PriorityArea
from tests import factories
from tests.portal.opendata.test_open_data import download_url, page_text, read_csv
from tests.portal.reports.test_reports import _struct_elements, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

APPROVED = ProgressUpdate.Status.APPROVED
# The report's page margins (static/css/report.css), in points.
MARGIN_X = 1.8 / 2.54 * 72


def demo_load():
    from io import StringIO

    call_command("load_demo", allow_without_debug=True, stdout=StringIO())


def gather(scope, subject, periods, audience, by=None):
    report = ProgressReport.objects.create(
        scope=scope, **{scope: subject}, language="both", audience=audience,
        requested_by=by or User.objects.get(email="coordinator@demo.ottawa.ca"),
    )
    report.periods.set(periods)
    return snapshot.gather(report)


def overlaps(words) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap (by more than half a point each way)."""
    words = sorted(words, key=lambda w: w["x0"])
    found = []
    for i, first in enumerate(words):
        for second in words[i + 1:]:
            if second["x0"] > first["x1"] - 0.5:
                break
            if (min(first["x1"], second["x1"]) - max(first["x0"], second["x0"]) > 0.5
                    and min(first["bottom"], second["bottom"])
                    - max(first["top"], second["top"]) > 0.5):
                found.append((first["text"], second["text"]))
    return found


def assert_laid_out(pdf: bytes, label: str) -> list[str]:
    """No two words of a page overlap and none leaves the margins; the pages' text."""
    texts = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            words = page.extract_words()
            assert overlaps(words) == [], (label, number)
            outside = [w["text"] for w in words
                       if w["x0"] < MARGIN_X - 1 or w["x1"] > page.width - MARGIN_X + 1
                       or w["top"] < 0 or w["bottom"] > page.height]
            assert outside == [], (label, number)
            texts.append(page.extract_text())
    return texts


def test_the_check_finds_words_that_collide():
    """The layout check is not vacuous: two headers run into each other are caught."""
    word = {"text": "Submitted", "x0": 100, "x1": 150, "top": 10, "bottom": 20}
    assert overlaps([word, {**word, "text": "On", "x0": 140, "x1": 160}]) == [
        ("Submitted", "On")]
    assert overlaps([word, {**word, "text": "time", "x0": 152, "x1": 170}]) == []


def test_every_report_kind_lays_out_and_opens_with_its_summary_on_the_demo():
    demo_load()
    periods = list(ReportingPeriod.objects.filter(start__year=2022).order_by("start")[:3])
    plan = Plan.objects.get(slug_en="strategic-plan-2021-2022") if Plan.objects.filter(
        slug_en="strategic-plan-2021-2022").exists() else Plan.objects.filter(
        priority_areas__initiatives__isnull=False).distinct().first()
    area = PriorityArea.objects.filter(plan=plan, initiatives__isnull=False).first()
    initiative = Initiative.objects.public().filter(indicators__isnull=False).first()
    organisation = (Organisation.objects.filter(acronym_en="PACT-Ottawa").first()
                    or initiative.lead)
    suppressed_charts = 0
    for scope, subject in (("plan", plan), ("priority_area", area),
                           ("initiative", initiative), ("organisation", organisation)):
        for audience in ("internal", "public"):
            snap = gather(scope, subject, periods, audience)
            suppressed_charts += sum(
                1 for i in snap["initiatives"] for x in i["indicators"] for p in x["points"]
                if p["in_report"] and p["suppressed"])
            for lang in ("fr", "en"):
                label = f"{scope}-{audience}-{lang}"
                pages = assert_laid_out(render.render_pdf(snap, lang), label)
                heading, reading = {"fr": ("Résumé", "en bonne voie"),
                                    "en": ("Summary", "on track")}[lang]
                first_two = "\n".join(pages[:2])
                assert heading in first_two and reading in first_two, label
                footer = {("internal", "en"): "Internal report: exact figures",
                          ("internal", "fr"): "Rapport interne : chiffres exacts",
                          ("public", "en"): "Public report: figures as published",
                          ("public", "fr"): "Rapport public : chiffres tels que publiés"}
                assert all(footer[audience, lang] in page for page in pages), label
                render.render_xlsx(snap, lang)
    # The public reports did have points to suppress (the case that failed to render).
    assert suppressed_charts > 0


# --- One publication rule ----------------------------------------------------------------


def cell_text(value, unit: str) -> str:
    if isinstance(value, str):
        return value
    number = Decimal(str(value))
    return format_percent(number) if unit == "percent" else format_number(number)


def test_the_public_spreadsheet_says_what_the_pages_and_open_data_say(client):
    demo_load()
    periods = list(ReportingPeriod.objects.filter(updates__status=APPROVED).distinct()
                   .order_by("start"))
    plan = Plan.objects.filter(priority_areas__initiatives__isnull=False).distinct().first()
    snap = gather("plan", plan, periods, "public")
    rows = read_csv(client.get(download_url("indicator-values", "csv")))
    compared = 0
    for lang in ("en", "fr"):
        with translation.override(lang):
            book = openpyxl.load_workbook(io.BytesIO(render.render_xlsx(snap, lang)))
            names = {}
            for indicator in Indicator.objects.filter(is_public=True).select_related(
                    "initiative"):
                names[(getattr(indicator.initiative, f"title_{lang}"),
                       getattr(indicator, f"name_{lang}"))] = indicator
            by_period = {(r["indicator_id"], r["period_start"]): r
                         for r in rows if r["scope"] == "period"}
            values = book.worksheets[2]
            for row in values.iter_rows(min_row=2, values_only=True):
                initiative, name, _label, start, _end, value = row[:6]
                indicator = names[(initiative, name)]
                record = by_period.get((str(indicator.pk), start.date().isoformat()))
                if record is None:  # "not reported" or "withheld": no figure in open data
                    assert value in (translation.gettext("Not reported"),
                                     translation.gettext("Withheld for safety"))
                    continue
                assert cell_text(value, indicator.unit) == page_text(record, lang), row
                compared += 1
            # Progress to date and share of target: the initiative page's.
            sheet = book.worksheets[1]
            for row in sheet.iter_rows(min_row=2, values_only=True):
                indicator = names[(row[1], row[3])]
                progress = next(p for p in approved_progress(indicator.initiative)
                                if p.indicator.pk == indicator.pk)
                assert cell_text(row[8], indicator.unit) == str(progress.figure), row
                assert row[9] == (None if progress.percent_of_target is None
                                  else int(progress.percent_of_target)), row
                compared += 1
            # The PDF prints what render.context gives its template: the same figures, cell
            # by cell (each period's value, each indicator's progress and share of target).
            view = render.context(snap, lang, charts=False)
            for area in view["areas"]:
                for initiative in area["initiatives"]:
                    for shown in initiative["indicators"]:
                        indicator = Indicator.objects.get(pk=shown.data["id"])
                        progress = next(p for p in approved_progress(indicator.initiative)
                                        if p.indicator.pk == indicator.pk)
                        assert shown.progress == str(progress.figure), shown.name
                        assert shown.percent_of_target == (
                            "—" if progress.percent_of_target is None
                            else format_percent(progress.percent_of_target))
                        by_start = {p["start"]: p for p in shown.data["points"]
                                    if p["in_report"]}
                        for row, point in zip(shown.rows, by_start.values(), strict=True):
                            record = by_period.get((str(indicator.pk), point["start"]))
                            if record is not None:
                                assert row["shown"] == page_text(record, lang), row
                                compared += 1
            # No share anywhere with decimals: a share and its total give the count back.
            for sheet in book.worksheets[1:]:
                headers = [c.value for c in sheet[1]]
                for column, header in enumerate(headers):
                    if header and "%" in header:
                        for (value,) in sheet.iter_rows(min_row=2, min_col=column + 1,
                                                        max_col=column + 1, values_only=True):
                            if isinstance(value, (int, float)):
                                assert value == int(value), (sheet.title, header, value)
    assert compared > 100


def test_a_public_report_rounds_as_the_page_does(world, coordinator):  # noqa: F811
    """182 of a target of 200: the page says 180 and 90 %; so does the public report, and a
    few more people approved do not move it until the page moves."""
    indicator = factories.IndicatorFactory(
        initiative=world["basketball"], name_en="Nights held", name_fr="Soirées tenues",
        target=200)
    update = world["basketball"].updates.get(period=world["q1"])
    factories.IndicatorValueFactory(update=update, indicator=indicator, value=182)
    progress = next(p for p in approved_progress(world["basketball"])
                    if p.indicator.pk == indicator.pk)
    assert (progress.figure.value, progress.percent_of_target) == (180, 90)
    snap = gather("initiative", world["basketball"], [world["q1"], world["q2"]], "public",
                  by=coordinator)
    entry = next(x for i in snap["initiatives"] for x in i["indicators"]
                 if x["id"] == indicator.pk)
    assert entry["progress"] == {"value": "180", "suppressed": ""}
    assert entry["percent_of_target"] == "90"
    with translation.override("en"):
        text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(
            io.BytesIO(render.render_pdf(snap, "en"))).pages)
    assert "180" in text and "90%" in text
    assert "182" not in text and "91%" not in text
    internal = gather("initiative", world["basketball"], [world["q1"], world["q2"]],
                      "internal", by=coordinator)
    entry = next(x for i in internal["initiatives"] for x in i["indicators"]
                 if x["id"] == indicator.pk)
    assert entry["progress"]["value"] == "182.00"


def test_a_suppressed_only_indicator_prints_a_sentence_not_an_empty_chart(world, coordinator):  # noqa: F811
    snap = gather("initiative", world["basketball"], [world["q1"], world["q2"]], "public",
                  by=coordinator)
    small = next(x for i in snap["initiatives"] for x in i["indicators"]
                 if x["id"] == world["small"].pk)
    assert [p["value"] for p in small["points"]] == [None, None]  # 3: fewer than 5; withheld
    pdf = render.render_pdf(snap, "en")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "No value can be published yet for these periods: no chart." in text
    figures = [e for e in _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], [])
               if e["/S"] == "/Figure"]
    # Only "Youth reached" has a chart.
    assert [str(f["/Alt"]).split(".")[0] for f in figures] == [
        "Turn-the-curve chart: Youth reached"]


# --- Facts right -------------------------------------------------------------------------


def test_days_late_are_counted_from_the_due_date_in_local_time(world, coordinator):  # noqa: F811
    """The other organisation's updates: Q1's, submitted on the evening of its due date
    (already the next day in UTC), is on time; Q2's, three days after, is three days late;
    Q3's, due the day before clocks go back and submitted late on the evening after (the
    next day again in UTC), is one day late, not two."""
    toronto = zoneinfo.ZoneInfo("America/Toronto")
    q3 = factories.ReportingPeriodFactory(start=datetime.date(2022, 7, 1),
                                          end=datetime.date(2022, 9, 30),
                                          due=datetime.date(2022, 11, 5))
    submissions = (
        (world["q1"], datetime.datetime(2022, 4, 30, 22, 30, tzinfo=toronto)),
        (world["q2"], datetime.datetime(2022, 8, 2, 23, 45, tzinfo=toronto)),
        (q3, datetime.datetime(2022, 11, 6, 23, 30, tzinfo=toronto)),
    )
    for period, submitted in submissions:
        factories.ProgressUpdateFactory(initiative=world["other"], period=period,
                                        status=APPROVED, submitted_at=submitted)
    periods = [world["q1"], world["q2"], q3]
    snap = gather("priority_area", world["youth"], periods, "internal", by=coordinator)
    late = [o for o in snap["outstanding"] if o["state"] == "late"]
    assert sorted((o["period"]["en"], o["days_late"]) for o in late) == [
        ("Q2 2022", 3), ("Q3 2022", 1)]
    with translation.override("en"):
        book = openpyxl.load_workbook(io.BytesIO(render.render_xlsx(snap, "en")))
        rows = list(book["Missing or late"].iter_rows(min_row=2, values_only=True))
    late_rows = sorted((r[2], r[4], r[6]) for r in rows if r[0] == "Other organisation's project")
    assert late_rows == [("Q2 2022", "Submitted late", 3), ("Q3 2022", "Submitted late", 1)]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(render.render_pdf(snap, "en"))).pages)
    text = " ".join(text.replace("\u2010\n", "").split())  # words broken across lines
    assert "submitted 3 days late" in text and "0 days late" not in text


@pytest.mark.parametrize("utc, local", [
    # Summer (UTC-4) and winter (UTC-5): the same 10:09 on the clock in Ottawa.
    (datetime.datetime(2022, 7, 5, 14, 9, tzinfo=datetime.UTC), "10:09"),
    (datetime.datetime(2022, 12, 5, 15, 9, tzinfo=datetime.UTC), "10:09"),
])
def test_times_are_the_portals_local_time_in_every_file(world, coordinator, utc, local):  # noqa: F811
    report = ProgressReport.objects.create(
        scope="initiative", initiative=world["basketball"], language="en",
        requested_by=coordinator)
    report.periods.set([world["q1"], world["q2"]])
    snap = snapshot.gather(report, now=utc)
    with translation.override("en"):
        book = openpyxl.load_workbook(io.BytesIO(render.render_xlsx(snap, "en")))
    cover = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert cover["Compiled"].strftime("%H:%M") == local
    assert cover["Data as of"].strftime("%H:%M") == local
    assert cover["Time zone"] == "America/Toronto"
    text = pypdf.PdfReader(io.BytesIO(render.render_pdf(snap, "en"))).pages[0].extract_text()
    assert local in text
    assert timezone.localtime(utc).strftime("%H:%M") == local


def test_tables_hold_the_requested_periods_and_say_where_running_totals_start(world, coordinator):  # noqa: F811
    snap = gather("initiative", world["basketball"], [world["q2"]], "internal", by=coordinator)
    with translation.override("en"):
        book = openpyxl.load_workbook(io.BytesIO(render.render_xlsx(snap, "en")))
        values = list(book["Approved values"].iter_rows(min_row=2, values_only=True))
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(
            io.BytesIO(render.render_pdf(snap, "en"))).pages)
    # Q2 only; its running total still counts Q1's 137, and says so.
    assert [(r[1], r[2], r[5], r[6], r[7]) for r in values] == [
        ("Youth reached", "Q2 2022", 212, 349, "Q1 2022"),
        ("Youth referred", "Q2 2022", "Withheld for safety", None, "Q1 2022"),
    ]
    text = " ".join(text.split())
    since = "The running total counts every approved value since Q1 2022."
    assert since in text
    tables = text.split("Q2 2022", 1)[1].split("Approved progress updates")[0]
    assert "Q1 2022" not in tables.replace(since, "")


def test_baselines_keep_their_unit_and_zero_is_zero(world, coordinator):  # noqa: F811
    world["reached"].baseline = 0
    world["reached"].save()
    share = factories.IndicatorFactory(
        initiative=world["basketball"], name_en="Share in French", name_fr="Part en français",
        unit=Indicator.Unit.PERCENT, baseline=60, target=85)
    assert share.unit == "percent"
    snap = gather("initiative", world["basketball"], [world["q1"], world["q2"]], "internal",
                  by=coordinator)
    with translation.override("en"):
        view = render.context(snap, "en", charts=False)
    baselines = {v.name.text: v.baseline for a in view["areas"] for i in a["initiatives"]
                 for v in i["indicators"]}
    assert baselines["Youth reached"] == "0"
    assert baselines["Share in French"] == "60%"
    assert baselines["Youth referred"] == "—"


# --- PDF/UA ------------------------------------------------------------------------------


def test_pdf_tags_other_language_passages_headings_tables_and_figures(world, coordinator):  # noqa: F811
    """The French-only narrative of an English report carries /Lang fr in the structure
    tree (WeasyPrint does not write it: render._tag_languages does); headings go down one
    level at a time; tables have header cells; charts their alternative text."""
    snap = gather("initiative", world["basketball"], [world["q1"], world["q2"]], "internal",
                  by=coordinator)
    reader = pypdf.PdfReader(io.BytesIO(render.render_pdf(snap, "en")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    elements = _struct_elements(root["/StructTreeRoot"]["/K"], [])
    tagged = {str(e["/Lang"]) for e in elements if "/Lang" in e}
    assert tagged == {"fr"}
    levels = [int(str(e["/S"])[2]) for e in elements
              if re.fullmatch(r"/H[1-6]", str(e["/S"]))]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert sum(1 for e in elements if e["/S"] == "/TH") > 10
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures and all(str(f["/Alt"]).startswith("Turn-the-curve chart") for f in figures)


def test_the_summary_says_who_has_reported_initiative_by_initiative(world, coordinator):  # noqa: F811
    snap = gather("priority_area", world["youth"], [world["q1"], world["q2"]], "internal",
                  by=coordinator)
    with translation.override("en"):
        summary = render.context(snap, "en", charts=False)["summary"]
    rows = {row["name"].text: row for row in summary["rows"]}
    assert rows["Late-night basketball"]["reading"].endswith("2 of 2 updates submitted.")
    assert rows["Late-night basketball"]["reporting_rate"] == "100%"
    other = rows["Other organisation's project"]
    assert other["reading"].endswith("0 of 2 updates submitted, 2 overdue.")
    assert (other["reporting_rate"], other["overdue"]) == ("0%", 2)
    # The report's own reading agrees with its rows.
    readings = dict(summary["readings"])
    assert readings["Overdue"] == "2 updates are overdue."
    # A plan's summary, area by area, sums its initiatives (one in two areas counts in each).
    second = factories.PriorityAreaFactory(plan=world["plan"], title_en="Neighbourhoods",
                                           title_fr="Quartiers", slug_en="neighbourhoods",
                                           slug_fr="quartiers", order=2)
    world["other"].priority_areas.add(second)
    snap = gather("plan", world["plan"], [world["q1"], world["q2"]], "internal", by=coordinator)
    with translation.override("en"):
        rows = {row["name"].text: row
                for row in render.context(snap, "en", charts=False)["summary"]["rows"]}
    assert rows["Youth"]["reading"].endswith("2 of 4 updates submitted, 2 overdue.")
    assert (rows["Youth"]["reporting_rate"], rows["Youth"]["overdue"]) == ("50%", 2)
    assert rows["Neighbourhoods"]["reading"].endswith("0 of 2 updates submitted, 2 overdue.")
