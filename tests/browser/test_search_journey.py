"""A visitor searches from the header of any page, with the keyboard and without script, and
the results page passes the accessibility scan in both languages."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("lang", "start", "heading"), [
    ("fr", "/fr/partenaires/", "résultats pour «\u00a0jeunes\u00a0»"),
    ("en", "/en/plans/", "results for “youth”"),
])
def test_a_visitor_searches_from_the_header(live_server, browser, axe, lang, start, heading):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    context = browser.new_context(locale="fr-CA", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + start)
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("jeunes" if lang == "fr" else "youth")
    box.press("Enter")
    page.wait_for_load_state()
    assert heading in page.inner_text("main")
    assert page.locator(".search-results li").count() > 0
    context.close()
    # The scan needs script (axe runs in the page): a second visit of the same results.
    scan = browser.new_context(locale="fr-CA").new_page()
    scan.goto(page.url)
    assert_no_axe_violations(axe, scan)
    scan.context.close()
