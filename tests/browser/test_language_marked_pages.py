"""The pages that mark the other language, name organisations, head completeness columns
and carry the Excel note (issue 27's last items), in French and English, at 320 px: none
scrolls sideways (WCAG 1.4.10) and axe finds nothing (wcag2a … wcag22aa). The demo has
bilingual « French / English » activity titles; an initiative and an event are made
English-only so that the marked fallbacks are on the pages scanned."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from initiatives.models import Activity, Event, Initiative, ProgressUpdate
from partners.models import User
from portal.demo.data import COORDINATOR, PACT_STAFF

from ..factories_workspace import activate_totp
from .conftest import assert_no_axe_violations, document_width
from .test_workspace_journey import INITIATIVE_SLUG, pass_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def url(name: str, lang: str, *args) -> str:
    with translation.override(lang):
        return reverse(name, args=args or None)


def english_only():
    """An initiative of PACT-Ottawa and a public event, written in English only."""
    initiative = Initiative.objects.get(slug_fr=INITIATIVE_SLUG)
    Initiative.objects.filter(pk=initiative.pk).update(title_fr="")
    event = Event.objects.filter(is_public=True).order_by("start").first()
    Event.objects.filter(pk=event.pk).update(title_fr="")
    return initiative, event


def fits_and_passes_axe(page, axe, base: str, addresses: list[str]) -> list[str]:
    problems = []
    for address in addresses:
        page.goto(base + address)
        width, viewport = document_width(page)
        if width > viewport:
            problems.append(f"{address}: {width} px wide at {viewport} px")
        try:
            assert_no_axe_violations(axe, page)
        except AssertionError as error:
            problems.append(str(error))
    return problems


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pages_of_issue_27s_last_items_fit_a_phone_and_pass_axe(
        live_server, browser, axe, lang):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    initiative, event = english_only()
    coordinator = User.objects.get(email=COORDINATOR)
    secret = activate_totp(coordinator)
    bilingual = Activity.objects.filter(language="bilingual", title__contains=" / ",
                                        initiative=initiative).first()
    update = ProgressUpdate.objects.filter(status="submitted").first()
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-CA")
    page = context.new_page()
    base = live_server.url
    try:
        with translation.override(lang):
            public = [url("portal:open_data", lang), initiative.get_absolute_url(),
                      event.get_absolute_url()]
        problems = fits_and_passes_axe(page, axe, base, public)
        sign_in(page, base, lang, PACT_STAFF)
        staff = [url("workspace:home", lang), url("workspace:activities", lang)]
        if bilingual is not None:
            staff += [url("workspace:activity", lang, bilingual.pk)]
        problems += fits_and_passes_axe(page, axe, base, staff)
        context.clear_cookies()
        sign_in(page, base, lang, COORDINATOR)
        pass_totp(page, lang, secret)
        coordination = [url("coordination:queue", lang), url("coordination:mailing_list", lang),
                        url("invitations:list", lang), url("workspace:events", lang),
                        url("workspace:event_delete", lang, event.pk)]
        if update is not None:
            coordination += [url("coordination:review", lang, update.pk)]
        problems += fits_and_passes_axe(page, axe, base, coordination)
        assert not problems, "\n".join(problems)
        assert bilingual is not None and update is not None  # the demo has both
    finally:
        context.close()
