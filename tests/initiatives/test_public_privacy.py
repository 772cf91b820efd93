"""A lead organisation that is not listed publicly is never named on a public page."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.mark.django_db
def test_a_lead_organisation_not_listed_publicly_is_never_named(client):
    hidden = factories.OrganisationFactory(name_en="Confidential shelter",
                                           name_fr="Refuge confidentiel", is_public=False)
    area = factories.PriorityAreaFactory(slug_en="youth")
    initiative = factories.InitiativeFactory(lead=hidden, slug_en="shared-work")
    initiative.priority_areas.add(area)
    for path in ("/en/initiatives/", "/en/initiatives/shared-work/", "/en/priorities/youth/"):
        html = client.get(path).content.decode()
        assert "Confidential shelter" not in html, path
        assert "a partner organisation not listed publicly" in html, path
