"""The partner map in Chromium: markers for every located partner (and never the women's
centre), the list by ward beside it, keyboard use, no CSP refusal, no axe violation."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from partners.models import Organisation

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTORY = {"fr": "/fr/partenaires/", "en": "/en/partners/"}
LIST_HEADING = {"fr": "Partenaires par quartier", "en": "Partners by ward or neighbourhood"}


@pytest.fixture
def demo():
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    return list(Organisation.objects.locatable().filter(latitude__isnull=False))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_markers_and_list_of_the_located_partners(live_server, page, axe, demo, lang):
    page.goto(live_server.url + DIRECTORY[lang])
    markers = page.locator("#partner-map .leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == len(demo) >= 4
    names = {markers.nth(i).get_attribute("alt") for i in range(markers.count())}
    name = "name_fr" if lang == "fr" else "name_en"
    assert names == {getattr(org, name) for org in demo}
    stjoes = Organisation.objects.get(slug="st-joes-womens-centre")
    assert getattr(stjoes, name) not in names

    ward_list = page.locator(".partner-map-list")
    assert ward_list.is_visible() and page.locator("#partner-map").is_visible()
    links = ward_list.get_by_role("link")
    assert all(DIRECTORY[lang] in links.nth(i).get_attribute("href")
               for i in range(links.count()))
    assert "st-joes" not in ward_list.inner_html()
    # No tile server in the tests: nothing but the markers, and no request elsewhere.
    assert page.locator(".leaflet-tile").count() == 0
    assert_no_axe_violations(axe, page)


def test_keyboard_opens_a_marker_and_follows_its_link_in_the_page_language(
        live_server, page, demo):
    page.goto(live_server.url + DIRECTORY["fr"])
    police = page.locator('#partner-map .leaflet-marker-icon[alt="Service de police d\'Ottawa"]')
    police.wait_for()
    police.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert page.evaluate("document.activeElement.textContent") == "Service de police d'Ottawa"
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") != (
        "Close popup")
    # Escape closes the popup and gives the focus back to its marker.
    page.keyboard.press("Escape")
    link.wait_for(state="detached")
    assert page.evaluate("document.activeElement.getAttribute('alt')") == (
        "Service de police d'Ottawa")
    page.keyboard.press("Enter")
    link.wait_for()
    assert page.evaluate("document.activeElement.textContent") == "Service de police d'Ottawa"
    page.keyboard.press("Enter")
    page.wait_for_url("**/fr/partenaires/ottawa-police-service/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_the_skip_link_moves_past_the_map_to_the_list(live_server, page, demo):
    page.goto(live_server.url + DIRECTORY["en"])
    page.locator("#partner-map .leaflet-marker-icon").first.wait_for()
    skip = page.get_by_role("link", name="Skip the map to the list of partners by ward")
    skip.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "partners-by-ward"
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href.startswith("/en/partners/")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_without_script_the_list_is_all_there_is(live_server, browser, demo, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + DIRECTORY[lang])
        assert not page.locator("#partner-map-figure").is_visible()
        heading = page.get_by_role("heading", name=LIST_HEADING[lang])
        assert heading.is_visible()
        assert page.locator(".partner-map-list").get_by_role("link").count() >= len(demo)
    finally:
        context.close()
