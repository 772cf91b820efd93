"""The completeness tables head columns of counts of updates: in French they agree with
« mises à jour » (« Soumises », « Approuvées »), and are not the status of one update
(« Soumise », « Approuvée »), which keeps its own words. Same headers on the dashboard, in
its downloads and in the compiled report's spreadsheet."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import ProgressUpdate
from tests.portal.dashboard.test_views import _csv, dashboard, signed_in, world  # noqa: F401

pytestmark = pytest.mark.django_db

TABLE = {
    "fr": ["Organisme responsable", "Attendues", "Soumises", "Soumises à temps", "En retard",
           "Approuvées", "En souffrance", "Taux de déclaration", "Taux de déclaration à temps"],
    "en": ["Lead organisation", "Expected", "Submitted", "On time", "Late", "Approved",
           "Overdue", "Reporting rate", "On-time rate"],
}
DOWNLOAD = {
    "fr": ["Organisme responsable", "Attendues", "Soumises", "Soumises à temps",
           "Soumises en retard", "Approuvées", "Manquantes (en souffrance)", "Pas encore échues",
           "Taux de déclaration (%)", "Taux de déclaration à temps (%)"],
    "en": ["Lead organisation", "Expected", "Submitted", "Submitted on time", "Submitted late",
           "Approved", "Missing (overdue)", "Not yet due", "Reporting rate (%)",
           "On-time rate (%)"],
}


def _headers(html: str, heading: str) -> list[str]:
    import re

    table = html.split(f'id="{heading}"')[1].split("</thead>")[0]
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dashboards_completeness_columns_are_plural_counts(signed_in, world, lang):  # noqa: F811
    html = dashboard(signed_in, lang, plan=world["plan"].pk).content.decode()
    assert _headers(html, "by-org-heading") == TABLE[lang]
    assert _headers(html, "by-period-heading")[1:] == TABLE[lang][1:]
    # The status of one update keeps the singular.
    with translation.override("fr"):
        assert (str(ProgressUpdate.Status.SUBMITTED.label),
                str(ProgressUpdate.Status.APPROVED.label)) == ("Soumise", "Approuvée")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_completeness_downloads_have_the_same_headings(signed_in, world, lang, fmt):  # noqa: F811
    with translation.override(lang):
        url = reverse("coordination:dashboard_download",
                      args=["completeness-organisations", fmt])
    response = signed_in.get(url, {"plan": world["plan"].pk})
    if fmt == "csv":
        header = _csv(response)[0]
    else:
        header = [c.value for c in next(openpyxl.load_workbook(
            io.BytesIO(response.content)).active.iter_rows())]
    assert header == DOWNLOAD[lang]


@pytest.mark.parametrize("lang, heading", [("fr", "Soumise le"), ("en", "Submitted")])
def test_the_review_queue_heads_its_dates_as_dates(client, coordinator, org_a, lang, heading):
    """The column holds when and by whom, not a status: « Soumise le », not « Soumise »."""
    from tests import factories
    from tests.factories_workspace import activate_totp

    activate_totp(coordinator)
    factories.ProgressUpdateFactory(initiative=factories.InitiativeFactory(lead=org_a),
                                    status="submitted")
    client.force_login(coordinator)
    with translation.override(lang):
        html = client.get(reverse("coordination:queue")).content.decode()
    assert _headers(html, "submitted-heading")[-1] == heading
