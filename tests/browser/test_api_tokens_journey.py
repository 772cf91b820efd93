"""A partner makes a personal API token from their preferences, sees it once, calls the
partner API with it, and revokes it; the page passes the accessibility scan."""

from __future__ import annotations

import urllib.request

import pytest
from django.core.management import call_command

from portal.demo.data import PACT_STAFF

from .conftest import assert_no_axe_violations
from .test_workspace_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def partner_api(base: str, secret: str) -> int:
    request = urllib.request.Request(f"{base}/api/v1/partner/initiatives/",
                                     headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_partner_makes_uses_and_revokes_a_token(live_server, page, axe):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    base = live_server.url
    sign_in(page, base, "en", PACT_STAFF)
    page.goto(f"{base}/en/workspace/preferences/")
    page.get_by_role("link", name="Make, see and revoke your personal API tokens").click()
    assert_no_axe_violations(axe, page)
    page.get_by_label("Name").fill("Our CRM")
    page.get_by_label("Read and log activities").check()
    page.get_by_role("button", name="Make the token").click()
    secret = page.locator("#secret-heading ~ p code").first.inner_text()
    assert secret.startswith("csp_")
    assert_no_axe_violations(axe, page)
    assert partner_api(base, secret) == 200
    page.goto(f"{base}/en/workspace/api-tokens/")
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Our CRM").click()
    assert "is revoked" in page.inner_text("main")
    assert partner_api(base, secret) == 401
