"""The import journey in Chromium: partner staff import a quarter's XLSX with one bad row,
read the error, fix the row, import the file and see the activities; axe on every page."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from initiatives.models import Activity, ActivityImport, Initiative
from portal.demo.data import PACT_STAFF

from ..spreadsheets import xlsx_bytes
from .conftest import assert_no_axe_violations
from .test_workspace_journey import INITIATIVE_SLUG, reopen, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = {
    "fr": {
        "headers": ["Date", "Initiative", "Type", "Titre", "Participants", "Public cible",
                    "Langue de prestation"],
        "kind": "Formation", "audience": "Adultes", "language": "Français",
        "activities": "Activités", "import": "Importer des activités",
        "file": "Feuille de calcul des activités", "check": "Vérifier le fichier",
        "error": "Ligne 3, colonne «\u00a0Date\u00a0»\u00a0: La date doit se situer dans la "
                 "durée de l’initiative, du 1er mars 2021 au 31 décembre 2022.",
        "corrected": "Téléverser un fichier corrigé", "confirm": "Importer 3 activités",
        "done": "3 activités importées depuis",
    },
    "en": {
        "headers": ["Date", "Initiative", "Kind", "Title", "Participants", "Audience",
                    "Language of delivery"],
        "kind": "Training", "audience": "Adults", "language": "French",
        "activities": "Activities", "import": "Import activities",
        "file": "Spreadsheet of activities", "check": "Check the file",
        "error": "Row 3, column “Date”: The date must fall within the initiative's span, "
                 "March 1, 2021 to December 31, 2022.",
        "corrected": "Upload a corrected file", "confirm": "Import 3 activities",
        "done": "3 activities imported from",
    },
}


def workbook(lang: str, title: str, bad_date: bool) -> bytes:
    text = TEXT[lang]
    day = datetime.date(2030, 11, 16) if bad_date else datetime.date(2022, 11, 16)
    return xlsx_bytes([
        text["headers"],
        [datetime.date(2022, 11, 15), title, text["kind"], f"Import {lang} 1", 12,
         text["audience"], text["language"]],
        [day, title, text["kind"], f"Import {lang} 2", 7, text["audience"], text["language"]],
        [datetime.date(2022, 11, 17), title, text["kind"], f"Import {lang} 3", 9,
         text["audience"], text["language"]],
    ])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_staff_import_a_spreadsheet_fix_a_row_and_see_the_activities(live_server, page, axe,
                                                                     lang):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    reopen("2022-Q4")  # the demo closed it with its plan; the rows are dated in it
    base = live_server.url
    text = TEXT[lang]
    initiative = Initiative.objects.get(slug_fr=INITIATIVE_SLUG)
    with translation.override(lang):
        title = str(initiative.title)
        activities_url = base + reverse("workspace:activities")
    before = Activity.objects.count()

    sign_in(page, base, lang, PACT_STAFF)
    page.goto(activities_url)
    page.locator("main").get_by_role("link", name=text["import"]).click()
    assert_no_axe_violations(axe, page)

    def upload(data: bytes, name: str) -> None:
        page.get_by_label(text["file"]).set_input_files(
            files=[{"name": name, "mimeType": XLSX, "buffer": data}])
        page.get_by_role("button", name=text["check"]).click()

    # 1. One bad row: the preview names it, and there is nothing to confirm.
    upload(workbook(lang, title, bad_date=True), "trimestre.xlsx")
    page.wait_for_url("**/*-*-*-*-*/")
    errors = page.locator("#import-errors")
    assert text["error"] in errors.inner_text()
    assert not page.get_by_role("button", name=text["confirm"]).count()
    assert_no_axe_violations(axe, page)
    assert Activity.objects.count() == before

    # 2. Fixed, uploaded again: three new rows, then imported.
    page.get_by_role("link", name=text["corrected"]).click()
    upload(workbook(lang, title, bad_date=False), "trimestre.xlsx")
    page.wait_for_url("**/*-*-*-*-*/")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name=text["confirm"]).click()
    page.wait_for_url(activities_url)
    assert text["done"] in page.locator("main").inner_text()
    # Today's activities come first: the initiative's own list shows the three.
    page.goto(f"{activities_url}?initiative={initiative.pk}")
    for n in (1, 2, 3):
        assert page.get_by_role("link", name=f"Import {lang} {n}").count() == 1
    assert Activity.objects.count() == before + 3
    assert ActivityImport.objects.filter(status="imported").count() == 1
