"""A visitor finds an event and the community policing forum, in both languages, and axe
finds no accessibility violation on the events list, an event page and the forum page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from initiatives.models import Event

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo", allow_without_debug=True, verbosity=0)


def test_visitor_filters_events_opens_one_and_switches_language(live_server, page, demo):
    page.goto(live_server.url + "/fr/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Événements").click()
    assert page.url.endswith("/fr/evenements/")
    assert page.get_by_role("heading", level=1).inner_text() == "Événements"

    # Filters are a plain GET form: they work without script.
    page.get_by_label("Type d’événement").select_option("training")
    page.get_by_role("button", name="Filtrer").click()
    assert "kind=training" in page.url
    items = page.locator(".event-item h3")
    assert items.count() == 1
    items.first.get_by_role("link").click()
    assert "/fr/evenements/formation-signes-traite-personnes/" in page.url
    assert page.get_by_role("heading", level=1).inner_text().startswith(
        "Formation : reconnaître")
    assert " h " in page.locator(".event-facts").inner_text()
    assert page.get_by_role("link", name="Ajouter à votre calendrier (iCalendar)").is_visible()

    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/events/training-signs-of-human-trafficking/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.goto(live_server.url + "/en/events/?when=past")
    assert page.get_by_role("link", name="Past events").get_attribute(
        "aria-current") == "page"
    assert page.get_by_role("link", name="Basketball night in Heatherington").is_visible()
    assert not page.get_by_text("Forum planning (partners only)").count()


def test_forum_page_lists_its_meetings(live_server, page, demo):
    page.goto(live_server.url + "/en/events/")
    page.get_by_role("link", name="Community Policing Forum").first.click()
    assert page.url.endswith("/en/events/forums/community-policing-forum/")
    assert "joint problem identification" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="First Community Policing Forum").is_visible()
    page.get_by_role("link", name="Français").click()
    assert page.url.endswith("/fr/evenements/forums/forum-police-communautaire/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Forum sur la police communautaire")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_event_pages_have_no_axe_violations(live_server, page, axe, demo, lang):
    event = Event.objects.public().filter(kind=Event.Kind.FORUM_MEETING).first()
    slug = event.slug_fr if lang == "fr" else event.slug_en
    events, forums = ("evenements", "forum-police-communautaire") if lang == "fr" else (
        "events", "community-policing-forum")
    for path in (f"/{lang}/{events}/", f"/{lang}/{events}/?when=past",
                 f"/{lang}/{events}/{slug}/", f"/{lang}/{events}/forums/{forums}/"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == lang
        assert_no_axe_violations(axe, page)
