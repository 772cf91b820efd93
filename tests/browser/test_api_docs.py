"""The API's documentation page under the Content-Security-Policy: the vendored Swagger UI
renders the schema's operations, and nothing is refused (the ``page`` fixture fails on any
refusal); "Try it out" reads the API from the page."""

from __future__ import annotations

import pytest

from .. import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_documentation_renders_the_operations_under_the_policy(live_server, page):
    factories.PlanFactory()
    response = page.goto(f"{live_server.url}/api/v1/docs/?lang=en")
    assert response.status == 200
    policy = {k.title(): v for k, v in response.headers.items()}["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    page.wait_for_selector("#operations-plans-plans_list", timeout=15_000)
    for operation in ("initiatives-initiatives_list", "indicators-indicators_retrieve",
                      "organisations-organisations_list", "events-events_list"):
        assert page.locator(f"#operations-{operation}").count() == 1, operation
    page.click("#operations-plans-plans_list .opblock-summary")
    page.click("#operations-plans-plans_list .try-out__btn")
    page.click("#operations-plans-plans_list .execute")
    # The answer, as Swagger UI shows it once the request has come back.
    page.locator("#operations-plans-plans_list .responses-wrapper .live-responses-table") \
        .get_by_text("Strategic plan", exact=False).first.wait_for(timeout=15_000)


@pytest.mark.parametrize(("lang", "path"), [("fr", "/fr/donnees-ouvertes/"),
                                            ("en", "/en/open-data/")])
def test_the_open_data_page_with_its_catalogue_metadata_passes_axe(live_server, page, axe,
                                                                   lang, path):
    """Its JSON-LD blocks are data, not script: the policy refuses nothing (the ``page``
    fixture), and the page still passes the accessibility scan."""
    from django.core.management import call_command

    from .conftest import assert_no_axe_violations

    call_command("load_demo", allow_without_debug=True, verbosity=0)
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert page.locator('script[type="application/ld+json"]').count() == 3
    assert_no_axe_violations(axe, page)


def test_the_documentation_page_passes_axe(live_server, page, axe):
    from .conftest import assert_no_axe_violations

    page.goto(f"{live_server.url}/api/v1/docs/?lang=fr")
    page.wait_for_selector("#operations-plans-plans_list", timeout=15_000)
    assert_no_axe_violations(axe, page)
