"""French Excel opens a comma-separated, point-decimal CSV as a single column: the pages
that offer a CSV beside the spreadsheet say which to take for Excel, in the page's
language, and what they say of the CSV is true."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.portal.dashboard.test_views import dashboard, signed_in, world  # noqa: F401

pytestmark = pytest.mark.django_db

FOR_EXCEL = {
    "fr": "Pour Excel, prenez le classeur (XLSX)\u00a0: le CSV sépare les colonnes par des "
          "virgules et les décimales par un point, ce qu’Excel en français ouvre en une seule "
          "colonne.",
    "en": "For Excel, take the spreadsheet (XLSX): the CSV separates columns with commas and "
          "decimals with a point, which Excel set to French opens as a single column.",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dashboard_and_an_indicator_say_which_download_to_take_for_excel(
        signed_in, world, lang):  # noqa: F811
    assert FOR_EXCEL[lang] in dashboard(signed_in, lang).content.decode()
    with translation.override(lang):
        chart = reverse("coordination:dashboard_indicator", args=[world["youth_reached"].pk])
        csv = reverse("coordination:dashboard_download", args=["overview", "csv"])
    assert FOR_EXCEL[lang] in signed_in.get(chart).content.decode()
    # What the note says: commas between the columns, even from the French page.
    header = signed_in.get(csv).content.decode("utf-8").lstrip("\ufeff").splitlines()[0]
    assert "," in header and ";" not in header


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_activity_list_says_which_download_to_take_for_excel(client, staff_a, org_a, lang):
    factories.ActivityFactory(initiative=factories.InitiativeFactory(lead=org_a))
    client.force_login(staff_a)
    with translation.override(lang):
        html = client.get(reverse("workspace:activities")).content.decode()
    assert FOR_EXCEL[lang] in html
