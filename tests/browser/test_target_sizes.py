"""Targets a finger or an unsteady hand must hit are at least 24 x 24 CSS px (WCAG 2.2,
2.5.8): the "Forgot your password?" link under the current password, on the
password-change page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.factories_workspace import PASSWORD

from .test_workspace_journey import TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang, forgot", [("fr", "Mot de passe oublié"),
                                          ("en", "Forgot your password?")])
def test_the_forgot_your_password_link_of_the_password_change_page_is_a_24_px_target(
        live_server, page, lang, forgot):
    user = factories.MembershipFactory().user
    user.set_password(PASSWORD)
    user.save()
    with translation.override(lang):
        login, change = reverse("account_login"), reverse("account_change_password")
    page.goto(live_server.url + login)
    page.get_by_label(TEXT[lang]["email"]).fill(user.email)
    page.get_by_label(TEXT[lang]["password"]).fill(PASSWORD)
    page.locator("main").get_by_role("button", name=TEXT[lang]["submit_login"]).click()
    page.wait_for_url(lambda address: "/accounts/login/" not in address)
    page.goto(live_server.url + change)
    link = page.locator("main").get_by_role("link", name=forgot)
    box = link.bounding_box()
    assert box is not None
    assert box["height"] >= 24 and box["width"] >= 24, box
