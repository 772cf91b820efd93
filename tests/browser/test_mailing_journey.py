"""The mailing list in Chromium, in each language: signing up (the form, with its errors),
confirming from the emailed link, unsubscribing, and the coordinators' counts; axe finds
nothing on any of these pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from portal.demo.data import DEMO_PASSWORD
from portal.mailing import consent, tokens
from portal.mailing.models import Subscription
from priorities.models import Plan
from tests import factories
from tests.factories_workspace import activate_totp

from .conftest import assert_no_axe_violations
from .test_workspace_journey import pass_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "fr": {"footer": "Abonnez-vous à la liste de diffusion",
           "signup": "/fr/liste-de-diffusion/", "topic": "Jeunes",
           "email": "Adresse courriel", "subscribe": "S’abonner",
           "check": "Consultez vos courriels", "confirm": "Confirmer mon abonnement",
           "confirmed": "Abonnement confirmé", "unsubscribe": "Se désabonner",
           "unsubscribed": "Votre adresse est désabonnée", "error": "Choisissez au moins un sujet"},
    "en": {"footer": "Subscribe to the mailing list",
           "signup": "/en/mailing-list/", "topic": "Youth",
           "email": "Email address", "subscribe": "Subscribe",
           "check": "Check your email", "confirm": "Confirm my subscription",
           "confirmed": "Subscription confirmed", "unsubscribe": "Unsubscribe",
           "unsubscribed": "You are unsubscribed", "error": "Choose at least one topic"},
}


@pytest.fixture
def topics():
    Plan.objects.update(is_featured=False)
    plan = factories.PlanFactory(is_featured=True)
    factories.PriorityAreaFactory(plan=plan, title_fr="Jeunes", title_en="Youth", order=1)
    factories.PriorityAreaFactory(plan=plan, title_fr="Quartiers", title_en="Neighbourhoods",
                                  order=2)


def local(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sign_up_confirm_and_unsubscribe(live_server, page, axe, topics, lang):
    words = PAGES[lang]
    mail.outbox.clear()
    page.goto(live_server.url + "/" + lang + "/")
    page.locator("footer").get_by_role("link", name=words["footer"]).click()
    assert page.url == live_server.url + words["signup"]
    assert page.locator("html").get_attribute("lang") == lang
    assert_no_axe_violations(axe, page)

    # No topic: the error is announced, linked to the field, and axe still passes.
    page.get_by_label(words["email"]).fill(f"browser-{lang}@example.org")
    page.get_by_role("button", name=words["subscribe"]).click()
    alert = page.get_by_role("alert")
    assert words["error"] in alert.inner_text()
    assert_no_axe_violations(axe, page)
    assert not Subscription.objects.exists()

    page.get_by_label(words["topic"]).check()
    page.get_by_role("button", name=words["subscribe"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == words["check"]
    assert_no_axe_violations(axe, page)

    # Only the confirmation was sent; its link opens a page with the button.
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    confirm = next(link for link in re.findall(r"https?://\S+", body) if "/confirm" in link)
    unsubscribe = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(live_server.url + local(confirm))
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name=words["confirm"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == words["confirmed"]
    assert Subscription.objects.get().status == Subscription.Status.CONFIRMED

    page.goto(live_server.url + local(unsubscribe))
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name=words["unsubscribe"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == words["unsubscribed"]
    assert_no_axe_violations(axe, page)
    assert Subscription.objects.get().status == Subscription.Status.UNSUBSCRIBED


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_coordinator_reads_the_counts_without_any_address(live_server, page, axe, topics,
                                                          lang):
    for n, status in enumerate(["confirmed", "pending", "unsubscribed"]):
        Subscription.objects.create(
            email=f"person{n}@example.org", language=lang, key=tokens.new_key(),
            signed_up_at=timezone.now(), source_url="x", signup_ip_hash="",
            consent_text=consent.consent_text(lang), consent_language=lang,
            consent_version=consent.VERSION, topics_chosen="x", all_topics=True,
            status=status, confirmed_at=None if status == "pending" else timezone.now(),
            unsubscribed_at=timezone.now() if status == "unsubscribed" else None,
        )
    coordinator = factories.UserFactory(is_coordinator=True, email="coord@example.org",
                                        preferred_language=lang)
    coordinator.set_password(DEMO_PASSWORD)
    coordinator.save()
    secret = activate_totp(coordinator)
    sign_in(page, live_server.url, lang, coordinator.email)
    pass_totp(page, lang, secret)
    with translation.override(lang):
        page.goto(live_server.url + reverse("coordination:queue"))
        name = {"fr": "Liste de diffusion", "en": "Mailing list"}[lang]
        page.locator(".subnav").get_by_role("link", name=name).click()
        assert page.url == live_server.url + reverse("coordination:mailing_list")
    assert page.get_by_role("heading", level=1).inner_text() == name
    main = page.locator("main").inner_text()
    assert "@" not in main
    assert page.locator("table.mailing-counts tbody tr").count() >= 3
    assert_no_axe_violations(axe, page)
