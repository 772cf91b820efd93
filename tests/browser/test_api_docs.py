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
    page.wait_for_selector("#operations-plans-plans_list .response .response-col_status",
                           timeout=15_000)
    assert "Strategic plan" in page.inner_text("#operations-plans-plans_list .responses-wrapper")
