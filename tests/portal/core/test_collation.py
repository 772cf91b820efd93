"""Lists in the alphabetical order of the page's language, by the names it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import Organisation
from portal.core.collation import collated
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


def test_accents_and_case_do_not_push_a_name_to_the_end():
    names = ["Service de police", "Sécurité publique", "écoles", "Zone", "Capitale",
             "Côte-de-Sable", "Kanata"]
    assert collated(names) == ["Capitale", "Côte-de-Sable", "écoles", "Kanata",
                               "Sécurité publique", "Service de police", "Zone"]


def test_french_directory_puts_securite_publique_before_service_de_police(client):
    for name in ("Service de police", "Sécurité publique"):
        factories.OrganisationFactory(name_fr=name, name_en=name, kind=Organisation.Kind.OTHER,
                                      is_public=True)
    with translation.override("fr"):
        html = client.get(reverse("partners:directory")).content.decode()
    assert html.index("Sécurité publique") < html.index("Service de police")


def test_english_dashboard_lists_organisations_by_their_english_names(client, coordinator):
    factories.OrganisationFactory(name_fr="Aaa Centre", name_en="Zulu Centre")
    factories.OrganisationFactory(name_fr="Zèbre Maison", name_en="Apple House")
    activate_totp(coordinator)
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(reverse("coordination:dashboard")).content.decode()
    assert html.index("Apple House") < html.index("Zulu Centre")
