"""A coordinator requests a report in Chromium, watches it compile, downloads the PDF; the
reports pages pass an axe-core scan in French and in English."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from initiatives.models import ReportingPeriod
from partners.models import User
from portal.demo.data import COORDINATOR
from portal.reports.models import ProgressReport
from priorities.models import PriorityArea

from ..factories_workspace import activate_totp
from .conftest import assert_no_axe_violations
from .test_workspace_journey import pass_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "fr": {"reports": "Rapports", "area": "Domaine prioritaire", "scope": "Domaine prioritaire",
           "from": "De la période", "to": "À la période", "pdf": "PDF",
           "spreadsheet": "Classeur (XLSX)", "language": "français",
           "compile": "Compiler le rapport", "ready": "Prêt"},
    "en": {"reports": "Reports", "area": "Priority area", "scope": "Priority area",
           "from": "From period", "to": "To period", "pdf": "PDF",
           "spreadsheet": "Spreadsheet (XLSX)", "language": "English",
           "compile": "Compile the report", "ready": "Ready"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_coordinator_requests_watches_and_downloads_a_report(live_server, page, axe, lang,
                                                             settings):
    # Compile in the background, as `make run` does, so the progress page has something to show.
    settings.REPORTS_IN_BACKGROUND = True
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    base = live_server.url
    text = TEXT[lang]
    secret = activate_totp(User.objects.get(email=COORDINATOR))
    sign_in(page, base, lang, COORDINATOR)
    pass_totp(page, lang, secret)

    with translation.override(lang):
        page.goto(base + reverse("workspace:home"))
    page.locator(".subnav").get_by_role("link", name=text["reports"], exact=True).click()
    with translation.override(lang):
        assert page.url == base + reverse("reports:list")
    assert_no_axe_violations(axe, page)

    youth = PriorityArea.objects.get(slug_en="youth")
    q1 = ReportingPeriod.objects.get(name="2022-Q1")
    q2 = ReportingPeriod.objects.get(name="2022-Q2")
    form = page.locator("main form")
    form.get_by_role("radio", name=text["scope"], exact=True).check()
    form.get_by_role("combobox", name=text["area"], exact=True).select_option(str(youth.pk))
    form.get_by_label(text["from"]).select_option(str(q1.pk))
    form.get_by_label(text["to"]).select_option(str(q2.pk))
    form.get_by_role("radio", name=text["language"], exact=True).check()
    form.get_by_role("checkbox", name=text["spreadsheet"]).uncheck()
    form.get_by_role("button", name=text["compile"]).click()

    report = ProgressReport.objects.get()
    with translation.override(lang):
        assert page.url == base + reverse("reports:detail", args=[report.pk])
    assert_no_axe_violations(axe, page)  # whatever state it is in: queued, running or ready
    # The page refreshes itself (no script) until the report is ready.
    page.locator("ul.files a").first.wait_for(timeout=90_000)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.READY, (report.error_code, report.error)
    assert text["ready"] in page.locator("#status-heading").inner_text()
    assert_no_axe_violations(axe, page)
    with page.expect_download() as download_info:
        page.locator("ul.files a").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.READY
    assert [f.language for f in report.files.all()] == [lang]
