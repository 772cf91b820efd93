"""WCAG 3.1.2: a passage in the other language carries its ``lang``. Content written in
one language only (an initiative, its lead, an indicator, an event with no French title)
shows on French pages in English, marked ``lang="en"``; its name in the page's <title>
says « (en anglais seulement) »; an activity's title carries the language it is written
in, each half of a bilingual « French / English » title its own; a delete question names
an English title marked as English."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Activity
from tests import factories
from tests.factories_events import EventFactory
from tests.factories_workspace import activate_totp
from tests.portal.test_crawl import parse

pytestmark = pytest.mark.django_db

ENGLISH_ONLY = ("Zebra Collective", "Zebra nights", "Zebras reached", "Zebra walk")
BILINGUAL = '<span lang="fr">Marche exploratoire</span> / <span lang="en">Safety walk</span>'


@pytest.fixture
def world(coordinator):
    activate_totp(coordinator)
    zebra = factories.OrganisationFactory(name_fr="", name_en="Zebra Collective", slug="zebra")
    lead = factories.MembershipFactory(organisation=zebra, role="lead").user
    nights = factories.InitiativeFactory(lead=zebra, title_fr="", title_en="Zebra nights",
                                         slug_fr=None, start=datetime.date(2021, 1, 1))
    reached = factories.IndicatorFactory(initiative=nights, name_fr="", name_en="Zebras reached")
    period = factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                              end=datetime.date(2021, 3, 31),
                                              due=datetime.date(2021, 4, 30))
    update = factories.ProgressUpdateFactory(initiative=nights, period=period,
                                             status="submitted",
                                             submitted_at=datetime.datetime(2021, 4, 20,
                                                                            tzinfo=datetime.UTC))
    factories.IndicatorValueFactory(update=update, indicator=reached, value=12)
    english = factories.ActivityFactory(initiative=nights, title="Neighbourhood walk",
                                        date=datetime.date(2021, 5, 15),
                                        language=Activity.Language.ENGLISH)
    both = factories.ActivityFactory(initiative=nights, title="Marche exploratoire / Safety walk",
                                     date=datetime.date(2021, 5, 15),
                                     language=Activity.Language.BILINGUAL)
    event = EventFactory(title_fr="", title_en="Zebra walk", slug_fr=None,
                         organisers=[zebra])
    return {"zebra": zebra, "lead": lead, "nights": nights, "reached": reached,
            "period": period, "update": update, "english": english, "both": both,
            "event": event}


def french(client, name: str, *args, method: str = "get") -> str:
    with translation.override("fr"):
        response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def unmarked(html: str) -> list[str]:
    """The English-only names that show on this French page outside an element marked
    with another language, and a <title> that names one without saying so."""
    page = parse(html)
    text = " ".join(page.text)
    found = [name for name in ENGLISH_ONLY if name in text]
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    if any(name in title for name in ENGLISH_ONLY) and "(en anglais seulement)" not in title:
        found.append(f"<title>{title}</title>")
    return found


def test_english_only_content_is_marked_on_the_partners_french_pages(client, world):
    client.force_login(world["lead"])
    pages = {
        "home": french(client, "workspace:home"),
        "activities": french(client, "workspace:activities"),
        "activity": french(client, "workspace:activity", world["english"].pk),
        "update": french(client, "workspace:update", world["nights"].pk, world["period"].pk),
    }
    problems = {name: found for name, html in pages.items() if (found := unmarked(html))}
    assert not problems, problems
    assert BILINGUAL in pages["activities"]
    assert '<h1 lang="en">Neighbourhood walk</h1>' in pages["activity"]
    assert BILINGUAL in french(client, "workspace:activity", world["both"].pk)


def test_english_only_content_is_marked_on_the_coordinators_french_pages(
        client, world, coordinator):
    client.force_login(coordinator)
    pages = {
        "queue": french(client, "coordination:queue"),
        "review": french(client, "coordination:review", world["update"].pk),
        "dashboard": french(client, "coordination:dashboard"),
        "indicator": french(client, "coordination:dashboard_indicator", world["reached"].pk),
        "lock": french(client, "coordination:period_lock", world["period"].pk, method="post"),
        "events": french(client, "workspace:events"),
        "reports": french(client, "reports:list"),
    }
    problems = {name: found for name, html in pages.items() if (found := unmarked(html))}
    assert not problems, problems
    assert f'<option value="{world["nights"].pk}" lang="en">Zebra nights</option>' in pages[
        "reports"]


def test_a_french_delete_question_marks_an_english_title(client, world, coordinator):
    client.force_login(world["lead"])
    html = french(client, "workspace:activity_delete", world["english"].pk)
    assert "Supprimer «\u00a0<span lang=\"en\">Neighbourhood walk</span>\u00a0»" in html
    client.force_login(coordinator)
    html = french(client, "workspace:event_delete", world["event"].pk)
    assert "Supprimer «\u00a0<span lang=\"en\">Zebra walk</span>\u00a0»" in html


def test_an_english_only_event_says_so_in_the_french_title(client, world):
    html = french(client, "events:detail", world["event"].slug_en)
    assert not unmarked(html)

