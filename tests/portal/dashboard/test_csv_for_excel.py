"""French Excel opens a comma-separated, point-decimal CSV as a single column: the pages
that offer a CSV beside the spreadsheet say which to take for Excel, in the page's
language, and what they say of the CSV is true. The pages that offer only a CSV say how to
open it in French Excel."""

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


# Where only a CSV is offered (open data, an initiative's figures, the mailing list), the
# page says how to open it in French Excel, from the same include.
OPEN_CSV_IN_EXCEL = {
    "fr": "Excel en français ouvre ce CSV en une seule colonne\u00a0: importez-le plutôt, par "
          "Données › À partir d’un fichier texte/CSV, avec l’origine du fichier "
          "«\u00a065001\u00a0: Unicode (UTF-8)\u00a0» et le délimiteur «\u00a0Virgule\u00a0».",
    "en": "Excel set to French opens this CSV as a single column: import it instead, with "
          "Data › From Text/CSV, file origin “65001: Unicode (UTF-8)” and delimiter “Comma”.",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_offering_only_a_csv_say_how_to_open_it_in_excel(client, coordinator, lang):
    from tests.factories_workspace import activate_totp

    initiative = factories.InitiativeFactory()
    factories.IndicatorFactory(initiative=initiative)  # the page offers its figures
    with translation.override(lang):
        pages = [reverse("portal:open_data"), initiative.get_absolute_url()]
        mailing = reverse("coordination:mailing_list")
    for page in pages:
        html = client.get(page).content.decode()
        assert OPEN_CSV_IN_EXCEL[lang] in html, page
        assert FOR_EXCEL[lang] not in html, page  # no XLSX there to take
    activate_totp(coordinator)
    client.force_login(coordinator)
    html = client.get(mailing).content.decode()
    assert OPEN_CSV_IN_EXCEL[lang] in html
    # What the note says: UTF-8 (with its byte-order mark) and commas.
    with translation.override(lang):
        csv = client.get(reverse("portal:open_data_download", args=["indicator-values", "csv"]))
    text = b"".join(csv.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff") and "," in text.splitlines()[0]
