"""Compiled progress reports: the figures in the files, suppression, frozen snapshots,
versions, who may read them, and the pages to request and follow them."""

from __future__ import annotations

import datetime
import hashlib
import io
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from initiatives.models import Indicator, IndicatorValue, ProgressUpdate
from portal.reports import services
from portal.reports.models import ProgressReport
from portal.reports.snapshot import checksum
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

APPROVED = ProgressUpdate.Status.APPROVED


@pytest.fixture
def world(org_a, org_b, lead_a, coordinator):
    activate_totp(coordinator)
    plan = factories.PlanFactory(owner=org_a, is_featured=True,
                                 vision_fr="Une ville sûre pour tous.",
                                 vision_en="A city that is safe for all.")
    youth = factories.PriorityAreaFactory(plan=plan, title_fr="Jeunes", title_en="Youth",
                                          slug_fr="jeunes", slug_en="youth")
    q1 = factories.ReportingPeriodFactory(start=datetime.date(2022, 1, 1),
                                          end=datetime.date(2022, 3, 31),
                                          due=datetime.date(2022, 4, 30))
    q2 = factories.ReportingPeriodFactory(start=datetime.date(2022, 4, 1),
                                          end=datetime.date(2022, 6, 30),
                                          due=datetime.date(2022, 7, 30))
    basketball = factories.InitiativeFactory(
        lead=org_a, title_fr="Basketball de nuit", title_en="Late-night basketball",
        start=datetime.date(2022, 1, 1),
    )
    basketball.priority_areas.add(youth)
    other = factories.InitiativeFactory(lead=org_b, title_en="Other organisation's project",
                                        title_fr="Projet d'un autre organisme",
                                        start=datetime.date(2022, 1, 1))
    other.priority_areas.add(youth)
    reached = factories.IndicatorFactory(
        initiative=basketball, name_fr="Jeunes joints", name_en="Youth reached", target=400,
        target_date=datetime.date(2022, 12, 31),
    )
    small = factories.IndicatorFactory(
        initiative=basketball, name_fr="Jeunes orientés", name_en="Youth referred", target=20,
        question=Indicator.Question.BETTER_OFF,
    )
    u1 = factories.ProgressUpdateFactory(
        initiative=basketball, period=q1, status=APPROVED,
        done_fr="Douze soirées au gymnase.", done_en="", next_steps_en="More nights.",
    )
    u2 = factories.ProgressUpdateFactory(initiative=basketball, period=q2, status=APPROVED,
                                         done_fr="Vingt soirées.", done_en="Twenty nights.")
    factories.IndicatorValueFactory(update=u1, indicator=reached, value=137)
    factories.IndicatorValueFactory(update=u2, indicator=reached, value=212)
    factories.IndicatorValueFactory(update=u1, indicator=small, value=3)
    factories.IndicatorValueFactory(update=u2, indicator=small, value=None,
                                    state=IndicatorValue.State.WITHHELD,
                                    withheld_reason="A single shelter: identifiable.")
    return {"plan": plan, "youth": youth, "q1": q1, "q2": q2, "basketball": basketball,
            "other": other, "reached": reached, "small": small}


def compile_report(world, by, *, audience="internal", language="both", formats=("pdf", "xlsx"),
                   scope="priority_area", subject=None):
    report = services.report_request(
        by=by, scope=scope, subject=subject or world["youth"],
        periods=[world["q1"], world["q2"]], language=language, formats=list(formats),
        audience=audience,
    )
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.READY, (report.error_code, report.error)
    return report


def pdf_text(report, lang) -> str:
    record = report.files.get(language=lang, kind="pdf")
    reader = pypdf.PdfReader(record.file.open("rb"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # As read, not as laid out: a table's narrow cells break lines (and words, hyphenated).
    return " ".join(text.replace("\u2010\n", "").split())


def workbook(report, lang):
    record = report.files.get(language=lang, kind="xlsx")
    return openpyxl.load_workbook(io.BytesIO(record.file.open("rb").read()))


# --- What the files hold -------------------------------------------------------------------


def test_pdf_holds_the_approved_figures_in_each_language(world, coordinator):
    report = compile_report(world, coordinator)
    assert {(f.language, f.kind) for f in report.files.all()} == {
        ("fr", "pdf"), ("fr", "xlsx"), ("en", "pdf"), ("en", "xlsx")}
    french, english = pdf_text(report, "fr"), pdf_text(report, "en")
    assert "Rapport d’étape" in french or "Rapport d'étape" in french
    assert "Progress report" in english
    # Cover: scope, periods and the plan's vision, each in its language.
    assert "T1 2022 – T2 2022" in french and "Q1 2022 – Q2 2022" in english
    assert "Une ville sûre pour tous." in french and "A city that is safe for all." in english
    # The approved values of each period and their running total, in each language's format.
    for text in (french, english):
        assert "137" in text and "212" in text and "349" in text
    assert "Basketball de nuit" in french and "Late-night basketball" in english
    # An internal report says it holds small numbers; the count of 3 is there as approved.
    assert "Internal report." in english and "3" in english
    # The narrative in the report's language, and visibly in the other when missing.
    assert "Twenty nights." in english
    assert "Douze soirées au gymnase." in english and "Written in French only" in english
    # Withheld values are said as such, never as zero.
    assert "Withheld for safety" in english
    # What is missing or late: the other organisation's project owes both quarters.
    assert "Other organisation's project" in english


def test_pdf_is_tagged_and_has_its_language(world, coordinator):
    report = compile_report(world, coordinator, formats=("pdf",))
    for lang in ("fr", "en"):
        reader = pypdf.PdfReader(report.files.get(language=lang).file.open("rb"))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == lang
        assert bool(root["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in root


def _struct_elements(node, found):
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for kid in node:
            _struct_elements(kid, found)
    elif isinstance(node, pypdf.generic.DictionaryObject) and "/S" in node:
        found.append(node)
        if "/K" in node:
            _struct_elements(node["/K"], found)
    return found


def test_pdf_charts_keep_their_alternative_text_and_table_of_numbers(world, coordinator):
    report = compile_report(world, coordinator, language="en", formats=("pdf",))
    record = report.files.get(language="en", kind="pdf")
    reader = pypdf.PdfReader(record.file.open("rb"))
    elements = _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], [])
    figures = [e for e in elements if e["/S"] == "/Figure"]
    # One figure per indicator, each with its title and description as alternative text.
    alts = sorted(str(f["/Alt"]) for f in figures)
    assert len(alts) == 2
    assert alts[0].startswith("Turn-the-curve chart: Youth reached. ")
    assert "Approved values from Q1 2022 (137) to Q2 2022 (349)." in alts[0]
    assert "Target: 400 by December 31, 2022." in alts[0]
    assert alts[1].startswith("Turn-the-curve chart: Youth referred. ")
    # The numbers of the charts, as a tagged table with its header cells.
    text = pdf_text(report, "en")
    assert "The numbers of the chart" in text
    # Each period's value, then its running total.
    assert "Q1 2022 137 137" in text and "Q2 2022 212 349" in text
    assert sum(1 for e in elements if e["/S"] == "/Table") >= 2
    assert any(e["/S"] == "/TH" for e in elements)


def test_chart_labels_each_period_round_values_and_its_legend_and_prints_them_left_aligned():
    """The chart names each period on its time axis and labels its value axis at round
    values with the unit; printed, it has its legend, and its labels are placed left-aligned
    where their anchor put them (WeasyPrint draws an anchored SVG text as an object of its
    own)."""
    import xml.etree.ElementTree as ET  # noqa: N817

    from portal.dashboard.charts import ChartData, ChartPoint, turn_the_curve
    from portal.reports import printchart

    q1 = ChartPoint("Q1 2022", datetime.date(2022, 1, 1), datetime.date(2022, 3, 31),
                    Decimal(137), Decimal(137))
    q2 = ChartPoint("Q2 2022", datetime.date(2022, 4, 1), datetime.date(2022, 6, 30),
                    Decimal(212), Decimal(349))
    data = ChartData(
        name="Youth reached", unit="count", points=[q1, q2], cumulative=True,
        status_label="On track", trend_label="Improving", baseline=Decimal(100),
        baseline_date=datetime.date(2022, 1, 1), target=Decimal(400),
        target_date=datetime.date(2022, 12, 31),
    )
    ns = {"svg": "http://www.w3.org/2000/svg"}

    def texts(svg):
        return [t.text for t in ET.fromstring(svg).iterfind("svg:text", ns)]

    with translation.override("en"):
        page = turn_the_curve(data, chart_id="chart-1")
        printed = turn_the_curve(data, chart_id="chart-1", legend=True)
    assert texts(str(page.svg)) == [
        "Running total", "0", "100", "200", "300", "400", "500",
        "Jan. 2022", "Q1 2022", "Q2 2022", "Dec. 2022"]
    assert texts(str(printed.svg))[-4:] == ["Running total", "Target", "Baseline", "Trend"]
    root = ET.fromstring(printchart.printable(str(printed.svg)))
    labels = list(root.iterfind("svg:text", ns))
    assert [t.text for t in labels] == texts(str(printed.svg))
    assert all(t.get("text-anchor") is None for t in labels)
    # "0" ended at x=64: it now starts one DejaVu Sans digit (0.636 em at 14) before.
    zero = next(t for t in labels if t.text == "0")
    assert float(zero.get("x")) == pytest.approx(64 - 0.636 * 14, abs=0.1)
    assert root.find("svg:title", ns).text == "Turn-the-curve chart: Youth reached"
    description = root.find("svg:desc", ns).text
    assert "Baseline: 100." in description and "Target: 400 by December 31, 2022." in description
    # The baseline's diamond, the target's dashed line and square, the grid's six lines.
    assert any(p.get("fill") == "#fff" for p in root.iterfind("svg:path", ns))
    assert any(line.get("stroke-dasharray") == "8 5" for line in root.iterfind("svg:line", ns))
    assert root.find("svg:rect", ns) is not None
    grid = next(p for p in root.iterfind("svg:path", ns) if p.get("stroke") == "#c7ced6")
    assert grid.get("d").count("M") == 6


def test_pdf_of_a_snapshot_is_the_same_bytes_every_time(world, coordinator):
    from portal.reports import render

    report = compile_report(world, coordinator, language="en", formats=("pdf",))
    first = render.render_pdf(report.snapshot, "en")
    assert render.render_pdf(report.snapshot, "en") == first
    assert hashlib.sha256(first).hexdigest() == report.files.get(language="en").sha256


def test_printing_leaves_the_cycle_collector_as_it_found_it(world, coordinator):
    import gc

    from portal.reports import render

    report = compile_report(world, coordinator, language="en", formats=("pdf",))
    assert gc.isenabled()
    render.render_pdf(report.snapshot, "en")
    assert gc.isenabled()
    gc.disable()
    try:
        render.render_pdf(report.snapshot, "en")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_printing_fetches_nothing_but_the_charts():
    from portal.reports import render

    fetcher = render._chart_fetcher({"report-chart:abc": b"<svg/>"})
    assert fetcher("report-chart:abc").read() == b"<svg/>"
    for url in ("https://example.org/x.svg", "file:///etc/passwd", "report-chart:other"):
        with pytest.raises(ValueError):
            fetcher(url)


def test_spreadsheet_holds_numbers_dates_and_frozen_headers(world, coordinator):
    report = compile_report(world, coordinator, formats=("xlsx",))
    for lang, sheet_name, header in (("en", "Approved values", "Initiative"),
                                     ("fr", "Valeurs approuvées", "Initiative")):
        book = workbook(report, lang)
        sheet = book[sheet_name]
        assert sheet.freeze_panes == "A2"
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        assert rows[0][0] == header
        values = {row[2]: row[5] for row in rows[1:] if row[1] in ("Youth reached",
                                                                     "Jeunes joints")}
        label = {"en": "Q2 2022", "fr": "T2 2022"}[lang]
        assert values[label] == 212  # a number, not text
        dates = [row[3] for row in rows[1:]]
        assert all(isinstance(d, datetime.datetime) for d in dates)


def test_text_cells_of_the_spreadsheet_cannot_run(world, coordinator):
    world["basketball"].title_en = "=cmd|'/c calc'!A1"
    world["basketball"].save()
    report = compile_report(world, coordinator, language="en", formats=("xlsx",))
    sheet = workbook(report, "en")["Indicators"]
    cell = next(c for c in sheet["B"] if c.value and "cmd" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_public_report_suppresses_small_numbers(world, coordinator):
    report = compile_report(world, coordinator, audience="public", language="en")
    text = pdf_text(report, "en")
    assert "fewer than 5" in text
    assert "Internal report." not in text
    assert "For the public." in text
    assert "A single shelter" not in text
    sheet = workbook(report, "en")["Approved values"]
    referred = [[c.value for c in r] for r in sheet.iter_rows()
                if r[1].value == "Youth referred"]
    assert referred[0][5] == "fewer than 5"


def test_public_report_shows_only_public_initiatives(world, coordinator):
    world["other"].is_public = False
    world["other"].save()
    report = compile_report(world, coordinator, audience="public", language="en",
                            formats=("xlsx",))
    titles = {i["title"]["en"] for i in report.snapshot["initiatives"]}
    assert titles == {"Late-night basketball"}


# --- Frozen and reproducible ---------------------------------------------------------------


def test_snapshot_freezes_the_figures_and_the_files(world, coordinator, client):
    report = compile_report(world, coordinator, language="en")
    assert report.snapshot_sha256 == checksum(report.snapshot)
    record = report.files.get(language="en", kind="pdf")
    client.force_login(coordinator)
    with translation.override("en"):
        url = reverse("reports:download", args=[report.pk, record.pk])
    first = b"".join(client.get(url).streaming_content)
    assert hashlib.sha256(first).hexdigest() == record.sha256
    # New data approved afterwards changes nothing in this report.
    q3 = factories.ReportingPeriodFactory(start=datetime.date(2022, 7, 1),
                                          end=datetime.date(2022, 9, 30),
                                          due=datetime.date(2022, 10, 30))
    update = factories.ProgressUpdateFactory(initiative=world["basketball"], period=q3,
                                             status=APPROVED)
    factories.IndicatorValueFactory(update=update, indicator=world["reached"], value=999)
    IndicatorValue.objects.filter(indicator=world["reached"], update__period=world["q2"]).update(
        value=Decimal(1))
    second = b"".join(client.get(url).streaming_content)
    assert second == first
    report.refresh_from_db()
    assert report.snapshot_sha256 == checksum(report.snapshot)
    assert "212.00" in str(report.snapshot)


def test_recompile_makes_a_new_version_and_keeps_the_old(world, coordinator, client):
    report = compile_report(world, coordinator, language="en", formats=("xlsx",))
    old_files = set(report.files.values_list("sha256", flat=True))
    IndicatorValue.objects.filter(indicator=world["reached"], update__period=world["q2"]).update(
        value=Decimal(250))
    client.force_login(coordinator)
    with translation.override("en"):
        response = client.post(reverse("reports:retry", args=[report.pk]))
    new = ProgressReport.objects.exclude(pk=report.pk).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{new.pk}/")
    assert (new.version, new.previous_id) == (2, report.pk)
    assert new.files.get().name.endswith("-v2.xlsx")
    assert "250.00" in str(new.snapshot) and "212.00" in str(report.snapshot)
    report.refresh_from_db()
    assert set(report.files.values_list("sha256", flat=True)) == old_files


def test_file_names_are_readable(world, coordinator):
    report = compile_report(world, coordinator, formats=("pdf",))
    names = set(report.files.values_list("name", flat=True))
    assert names == {"rapport-jeunes-2022-T1-2022-T2.pdf", "report-youth-2022-Q1-2022-Q2.pdf"}


def test_requester_is_told_in_their_language(world, coordinator,
                                             django_capture_on_commit_callbacks):
    coordinator.preferred_language = "fr"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = compile_report(world, coordinator, language="en", formats=("xlsx",))
    message = next(m for m in mail.outbox if coordinator.email in m.to)
    assert message.subject == "Votre rapport d’étape est prêt : Jeunes"
    assert f"/fr/rapports/{report.pk}/" in message.body


def test_nothing_to_report_fails_with_a_readable_reason(world, coordinator, org_b):
    empty_org = factories.OrganisationFactory()
    report = services.report_request(
        by=coordinator, scope="organisation", subject=empty_org,
        periods=[world["q1"]], language="en", formats=["pdf"],
    )
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.FAILED
    assert report.error_code == "no_data"


# --- Pages ---------------------------------------------------------------------------------


def request_data(world, **overrides):
    data = {
        "scope": "priority_area", "priority_area": world["youth"].pk,
        "period_from": world["q1"].pk, "period_to": world["q2"].pk,
        "language": "en", "formats": ["xlsx"], "audience": "internal",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_coordinator_requests_and_follows_a_report(client, world, coordinator, lang):
    client.force_login(coordinator)
    with translation.override(lang):
        url = reverse("reports:list")
    assert url == {"fr": "/fr/rapports/", "en": "/en/reports/"}[lang]
    response = client.post(url, request_data(world))
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert {"fr": "Prêt", "en": "Ready"}[lang] in page
    assert report.files.get().name in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing


def test_a_running_report_page_refreshes_itself_and_shows_its_step(client, world, coordinator):
    report = ProgressReport.objects.create(
        scope="priority_area", priority_area=world["youth"], language="en",
        status=ProgressReport.Status.RUNNING, progress=40, step="pdf", requested_by=coordinator,
    )
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    # Without script the page refreshes itself; with script, a live region is updated.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert 'src="/static/js/report-status.js"' in html
    assert 'aria-live="polite" data-finished="false"' in html
    assert '<progress id="report-progress" max="100" value="40">' in html
    assert "Writing the PDF" in html


def test_a_failed_report_says_why_and_offers_to_try_again(client, world, coordinator):
    report = ProgressReport.objects.create(
        scope="priority_area", priority_area=world["youth"], language="en",
        status=ProgressReport.Status.FAILED, error_code="worker_lost", requested_by=coordinator,
    )
    report.periods.set([world["q1"]])
    client.force_login(coordinator)
    with translation.override("fr"):
        html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "s’est arrêté deux fois" in html or "s'est arrêté deux fois" in html
    assert "Réessayer" in html


def test_bad_request_is_a_clear_error_and_saves_nothing(client, world, coordinator):
    client.force_login(coordinator)
    with translation.override("fr"):
        url = reverse("reports:list")
    response = client.post(url, request_data(world, period_from=world["q2"].pk,
                                             period_to=world["q1"].pk, formats=[]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "La dernière période ne doit pas précéder la première." in html
    assert "Choisissez au moins un format." in html
    assert not ProgressReport.objects.exists()


def test_lead_reports_on_own_organisation_only(client, world, lead_a, org_b):
    client.force_login(lead_a)
    with translation.override("en"):
        url = reverse("reports:list")
    html = client.get(url).content.decode()
    assert 'value="plan"' not in html and 'value="priority_area"' not in html
    refused = client.post(url, request_data(world, scope="initiative",
                                            initiative=world["other"].pk))
    assert refused.status_code == 400 and not ProgressReport.objects.exists()
    refused = client.post(url, request_data(world, scope="organisation", organisation=org_b.pk))
    assert refused.status_code == 400 and not ProgressReport.objects.exists()
    response = client.post(url, request_data(world, scope="initiative",
                                              initiative=world["basketball"].pk))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.initiative == world["basketball"]


def test_lead_cannot_request_a_public_report(client, world, lead_a):
    client.force_login(lead_a)
    with translation.override("en"):
        response = client.post(reverse("reports:list"), request_data(
            world, scope="initiative", initiative=world["basketball"].pk, audience="public"))
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


def test_reports_of_others_are_404(client, world, coordinator, lead_a, staff_b, org_b):
    mine = compile_report(world, coordinator, language="en", formats=("xlsx",))
    record = mine.files.get()
    # An area report is the coordinators': a lead of organisation A does not see it.
    client.force_login(lead_a)
    with translation.override("en"):
        assert client.get(reverse("reports:detail", args=[mine.pk])).status_code == 404
        assert client.get(
            reverse("reports:download", args=[mine.pk, record.pk])).status_code == 404
    own = compile_report(world, coordinator, language="en", formats=("xlsx",),
                         scope="initiative", subject=world["basketball"])
    with translation.override("en"):
        assert client.get(reverse("reports:detail", args=[own.pk])).status_code == 200
        assert client.get(reverse("reports:download",
                                  args=[own.pk, own.files.get().pk])).status_code == 200
        # Another report's file through this report's address: 404.
        assert client.get(reverse("reports:download", args=[own.pk, record.pk])).status_code == 404
    # Partner staff may not compile reports at all.
    client.force_login(staff_b)
    with translation.override("en"):
        assert client.get(reverse("reports:list")).status_code == 403


def test_a_report_whose_worker_stopped_says_so_within_a_minute(client, world, coordinator):
    import datetime as dt

    from django.utils import timezone

    report = ProgressReport.objects.create(
        scope="priority_area", priority_area=world["youth"], language="en",
        requested_by=coordinator, status=ProgressReport.Status.RUNNING, step="pdf",
        progress=40, attempts=1, heartbeat_at=timezone.now() - dt.timedelta(seconds=20),
    )
    report.periods.set([world["q1"]])
    client.force_login(coordinator)
    with translation.override("en"):
        page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        assert "stopped answering" not in page  # a healthy worker beats every 15 s
        ProgressReport.objects.filter(pk=report.pk).update(
            heartbeat_at=timezone.now() - dt.timedelta(seconds=75))
        page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "The worker doing this stopped answering at" in page
    assert "It will be tried again by" in page


@pytest.mark.parametrize("lang, choose", [("fr", "Choisissez une période"),
                                          ("en", "Choose a period")])
def test_the_report_forms_empty_options_say_what_to_choose(client, coordinator, lang, choose):
    activate_totp(coordinator)
    client.force_login(coordinator)
    with translation.override(lang):
        html = client.get(reverse("reports:list")).content.decode()
    assert "---------" not in html
    assert choose in html


@pytest.mark.parametrize("lang, expected", [
    ("fr", ["Côte-de-Sable", "Sécurité publique", "Service de police"]),
    ("en", ["Police Service", "Public Safety", "Sandy Hill"]),
])
def test_the_report_forms_organisations_are_in_the_pages_alphabetical_order(
        client, coordinator, lang, expected):
    # Created in an order that is neither; byte order would put "Côte" and "Sécurité" last.
    for fr, en in [("Service de police", "Police Service"), ("Sécurité publique", "Public Safety"),
                   ("Côte-de-Sable", "Sandy Hill")]:
        factories.OrganisationFactory(name_fr=fr, name_en=en)
    activate_totp(coordinator)
    client.force_login(coordinator)
    with translation.override(lang):
        html = client.get(reverse("reports:list")).content.decode()
    select = html[html.index('name="organisation"'):]
    select = select[:select.index("</select>")]
    shown = [name for name in expected if name in select]
    assert shown == expected
    assert sorted(expected, key=select.index) == expected


@pytest.mark.parametrize("lang, compiling", [("fr", "Votre rapport est en cours de compilation"),
                                             ("en", "Your report is being compiled")])
def test_being_compiled_is_said_while_the_report_is_compiled_and_not_once_it_is_ready(
        client, world, coordinator, lang, compiling):
    client.force_login(coordinator)
    with translation.override(lang):
        url = reverse("reports:list")
    response = client.post(url, request_data(world))
    ready = ProgressReport.objects.get()
    assert ready.status == ProgressReport.Status.READY
    page = client.get(response["Location"]).content.decode()
    assert compiling not in page
    # Recompiling: the same, on the new version's page.
    with translation.override(lang):
        again = client.post(reverse("reports:retry", args=[ready.pk]))
    assert compiling not in client.get(again["Location"]).content.decode()

    for status in (ProgressReport.Status.QUEUED, ProgressReport.Status.RUNNING):
        waiting = ProgressReport.objects.create(
            scope="priority_area", priority_area=world["youth"], language="en",
            status=status, requested_by=coordinator,
        )
        with translation.override(lang):
            page = client.get(reverse("reports:detail", args=[waiting.pk])).content.decode()
        assert compiling in page
