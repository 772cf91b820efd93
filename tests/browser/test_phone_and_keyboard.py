"""On a 320 px phone the page never scrolls sideways (WCAG 1.4.10: tables scroll inside
their own labelled region); by keyboard, signing in goes email → password → button, and a
form sent back with errors puts the focus on its error summary."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from portal.demo.data import DEMO_PASSWORD, PACT_STAFF

from .conftest import assert_no_axe_violations, document_width
from .test_workspace_journey import INITIATIVE_SLUG, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_scrolls_sideways_at_320_px(live_server, browser, lang):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-CA")
    page = context.new_page()
    try:
        base = live_server.url
        from initiatives.models import Initiative

        initiative = Initiative.objects.get(slug_fr=INITIATIVE_SLUG)
        with translation.override(lang):
            detail = initiative.get_absolute_url()
        for address in (url("initiatives:list", lang), detail):
            page.goto(base + address)
            width, viewport = document_width(page)
            assert width <= viewport, f"{address}: {width} px wide at {viewport} px"
        sign_in(page, base, lang, PACT_STAFF)
        for address in (url("workspace:home", lang), url("workspace:activities", lang)):
            page.goto(base + address)
            width, viewport = document_width(page)
            assert width <= viewport, f"{address}: {width} px wide at {viewport} px"
            # Each table's region can be reached and scrolled by keyboard.
            regions = page.locator(".table-scroll[tabindex='0'][role='region']")
            assert regions.count() >= 1
            assert page.locator("main table").count() == page.locator(
                ".table-scroll table").count()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sign_in_by_keyboard_and_errors_take_the_focus(live_server, page, axe, lang):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    base = live_server.url
    page.goto(base + url("account_login", lang))
    email = page.locator("input[name='login']")
    email.focus()
    page.keyboard.type(PACT_STAFF)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type("not the password")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "remember"  # "Remember me"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Sent back with an error: the focus is on the summary, which says what to correct.
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert_no_axe_violations(axe, page)
    page.locator("input[name='password']").fill(DEMO_PASSWORD)
    page.locator("input[name='password']").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(base + url("workspace:home", "fr"))


def test_a_very_long_word_wraps_instead_of_widening_the_page(live_server, browser):
    """The longest "word" the portal keeps (a pasted link, a key held down: 2,000
    characters, the bound of notes and of a review comment) wraps: the page stays as wide
    as the phone."""
    from initiatives.models import Activity, ProgressUpdate

    call_command("load_demo", allow_without_debug=True, verbosity=0)
    long_word = "x" * 2_000
    activity = Activity.objects.filter(logged_by__email=PACT_STAFF).first()
    Activity.objects.filter(pk=activity.pk).update(notes=long_word)
    ProgressUpdate.objects.filter(status="returned").update(review_comment=long_word)
    context = browser.new_context(viewport={"width": 375, "height": 700}, locale="fr-CA")
    page = context.new_page()
    try:
        base = live_server.url
        sign_in(page, base, "fr", PACT_STAFF)
        for address in (url("workspace:activity", "fr", pk=activity.pk),
                        url("workspace:home", "fr")):
            page.goto(base + address)
            assert long_word[:50] in page.content()
            width, viewport = document_width(page)
            assert width <= viewport, f"{address}: {width} px wide at {viewport} px"
    finally:
        context.close()
