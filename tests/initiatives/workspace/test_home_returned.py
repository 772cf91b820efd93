"""The returned updates on the workspace's home: under a heading that fits who reads it."""

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import ProgressUpdate
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

RETURNED = ProgressUpdate.Status.RETURNED
TO_YOU = {"en": "Returned to you", "fr": "Mises à jour qui vous sont renvoyées"}
BY_YOU = {"en": "Updates you returned", "fr": "Mises à jour que vous avez renvoyées"}


def home(client, user, lang):
    client.force_login(user)
    with translation.override(lang):
        return client.get(reverse("workspace:home")).content.decode()


def section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_coordinator_is_not_told_an_update_they_returned_was_returned_to_them(
        client, coordinator, org_a, lang):
    activate_totp(coordinator)
    initiative = factories.InitiativeFactory(lead=org_a, title_en="Night patrols",
                                             title_fr="Patrouilles de nuit")
    factories.ProgressUpdateFactory(initiative=initiative, status=RETURNED,
                                    reviewed_by=coordinator, review_comment="Add the figures.")
    html = home(client, coordinator, lang)
    assert TO_YOU[lang] not in html
    assert BY_YOU[lang] in html
    assert {"fr": "Patrouilles de nuit", "en": "Night patrols"}[lang] in section(
        html, "returned-by-you-heading")


def test_a_coordinator_does_not_see_returned_to_you_for_an_organisation_they_are_not_in(
        client, coordinator, org_a):
    activate_totp(coordinator)
    other_coordinator = factories.UserFactory(is_coordinator=True)
    factories.ProgressUpdateFactory(initiative=factories.InitiativeFactory(lead=org_a),
                                    status=RETURNED, reviewed_by=other_coordinator)
    html = home(client, coordinator, "en")
    assert TO_YOU["en"] not in html
    assert BY_YOU["en"] not in html


def test_the_partner_lead_still_sees_the_update_returned_to_them(
        client, coordinator, lead_a, org_a):
    initiative = factories.InitiativeFactory(lead=org_a, title_en="Night patrols")
    factories.ProgressUpdateFactory(initiative=initiative, status=RETURNED,
                                    reviewed_by=coordinator, review_comment="Add the figures.")
    html = home(client, lead_a, "en")
    assert BY_YOU["en"] not in html
    returned = section(html, "returned-heading")
    assert "Night patrols" in returned and "Add the figures." in returned
