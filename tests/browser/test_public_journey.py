"""A visitor's walk through the public site in Chromium, and an axe-core scan of every page type."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo", allow_without_debug=True, verbosity=0)


def test_visitor_walks_in_french_then_switches_to_english(live_server, page, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Français").click()
    assert page.url.endswith("/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("link", name="La violence fondée sur le genre").first.click()
    assert "/fr/priorites/violence-fondee-sur-le-genre/" in page.url
    page.get_by_role("link", name="imPACT").first.click()
    assert "/fr/initiatives/projet-impact/" in page.url
    assert page.get_by_role("heading", level=1).inner_text().startswith("Le projet imPACT")
    progress = page.locator("table").first.inner_text()
    assert "27\u00a0%" in progress and "1\u00a0000" in progress

    page.get_by_role("link", name="PACT-Ottawa").first.click()
    assert "/fr/partenaires/pact-ottawa/" in page.url
    assert page.get_by_role("heading", level=1).inner_text().startswith("PACT-Ottawa")

    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/partners/pact-ottawa/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="imPACT").first.click()
    assert page.url.endswith("/en/initiatives/impact-project/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("The imPACT project")
    assert "27%" in page.locator("table").first.inner_text()

    page.get_by_role("link", name="Français").click()
    assert page.url.endswith("/fr/initiatives/projet-impact/")


def test_skip_link_is_first_and_moves_focus_to_main(live_server, page, demo):
    page.goto(live_server.url + "/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


PUBLIC_PAGES = {
    "fr": [
        "/",
        "/fr/",
        "/fr/plans/",
        "/fr/plans/plan-strategique-2021-2022/",
        "/fr/priorites/jeunes/",
        "/fr/initiatives/",
        "/fr/initiatives/projet-impact/",
        "/fr/partenaires/",
        "/fr/partenaires/pact-ottawa/",
        "/fr/page-inexistante/",
    ],
    "en": [
        "/en/",
        "/en/plans/",
        "/en/plans/strategic-plan-2021-2022/",
        "/en/priorities/youth/",
        "/en/initiatives/",
        "/en/initiatives/impact-project/",
        "/en/partners/",
        "/en/partners/pact-ottawa/",
        "/en/no-such-page/",
    ],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_public_page_type_passes_axe(live_server, page, axe, demo, lang):
    for path in PUBLIC_PAGES[lang]:
        response = page.goto(live_server.url + path)
        expected = 404 if "inexistante" in path or "no-such" in path else 200
        assert response.status == expected, path
        assert_no_axe_violations(axe, page)


def test_the_scanner_itself_reports_a_violation(page, axe):
    """Guards the harness: a page with an unlabeled field and an image without text fails."""
    page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                     '<img src="data:,"><input type="text"></main></body></html>')
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a"]}})
    ids = {v["id"] for v in results.response["violations"]}
    assert {"image-alt", "label"} <= ids
