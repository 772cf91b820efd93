"""An organisation's name is a proper name that French cannot put straight after a
preposition when it starts with a common noun: « au sein de Centre pour femmes St. Joe »
needs an article the name does not carry. Every French sentence that names an
organisation after a preposition says « l’organisme … » (or is rephrased)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from partners import services
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
NAME = "Centre pour femmes St. Joe"
# A placeholder that holds an organisation's name, right after a French preposition.
AFTER_PREPOSITION = re.compile(
    r"(?<![\w’])(de|d’|à|par|pour|chez|avec|sur|dans|entre|auprès de|au sein de)\s+"
    r"%\((organisation|organisations|lead|owner|partner|host)\)s")


def test_no_french_sentence_puts_an_organisations_name_after_a_bare_preposition():
    found = []
    for entry in polib.pofile(str(CATALOGUE)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if not entry.obsolete and AFTER_PREPOSITION.search(text.replace("\u00a0", " ")):
                found.append(f"{entry.msgid!r}: {text!r}")
    assert not found, "write « l’organisme %(organisation)s »:\n" + "\n".join(found)


@pytest.fixture
def st_joe():
    return factories.OrganisationFactory(name_fr=NAME, name_en="St. Joe's Women's Centre",
                                         slug="st-joe")


def test_the_french_invitation_names_the_organisation_with_an_article(
        client, coordinator, st_joe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.invitation_create(
            by=coordinator, email="new.person@example.org", organisation=st_joe,
            role="staff", language="fr")
    body = " ".join(mail.outbox[-1].body.split())
    assert f"au sein de l’organisme {NAME}." in body
    with translation.override("fr"):
        page = client.get(reverse("invitations:accept", kwargs={"token": token}))
    html = " ".join(page.content.decode().split())
    assert f"à l’organisme {NAME} avec le rôle" in html
    assert f"à {NAME}" not in html


def test_joining_and_leading_say_lorganisme_in_french(client, coordinator, staff_b, st_joe):
    _invitation, token = services.invitation_create(
        by=coordinator, email=staff_b.email, organisation=st_joe, role="staff", language="fr")
    client.force_login(staff_b)
    with translation.override("fr"):
        response = client.post(reverse("invitations:accept", kwargs={"token": token}),
                               follow=True)
    html = " ".join(response.content.decode().split())
    assert f"Vous faites maintenant partie de l’organisme {NAME}." in html
    factories.InitiativeFactory(lead=st_joe, title_fr="Ateliers de sécurité")
    with translation.override("fr"):
        html = client.get(reverse("workspace:home")).content.decode()
    assert f"(organisme responsable\u00a0: {NAME})" in html
    assert f"par {NAME}" not in html


def test_the_review_page_names_the_lead_with_its_role_in_french(client, coordinator, st_joe):
    activate_totp(coordinator)
    update = factories.ProgressUpdateFactory(
        initiative=factories.InitiativeFactory(lead=st_joe), status="submitted")
    client.force_login(coordinator)
    with translation.override("fr"):
        html = client.get(reverse("coordination:review", args=[update.pk])).content.decode()
    assert f"organisme responsable\u00a0: {NAME}" in html
