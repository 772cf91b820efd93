"""The review page puts each value beside the previous approved one, the target and the flag,
and links each derived value to the activities behind it."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives import selectors
from initiatives.models import Indicator, ProgressUpdate
from tests import factories
from tests.factories_workspace import DerivedIndicatorFactory, activate_totp, quarter, value_in

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def coord(client, coordinator):
    activate_totp(coordinator)
    client.force_login(coordinator)
    return coordinator


@pytest.fixture
def world(org_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    entered = factories.IndicatorFactory(initiative=initiative, name_en="Businesses engaged",
                                         target=35, order=1)
    youth = DerivedIndicatorFactory(initiative=initiative, name_en="Youth reached",
                                    target=600, order=2)
    q1, q2, q3, q4 = (quarter(2021, n) for n in (1, 2, 3, 4))
    value_in(entered, q1, 4)
    value_in(entered, q2, 6)
    value_in(youth, q1, 120)
    value_in(youth, q2, 140)
    # Q3 was returned, not approved: not "previous".
    value_in(entered, q3, 99, status=ProgressUpdate.Status.RETURNED)
    update = factories.ProgressUpdateFactory(initiative=initiative, period=q4,
                                             status=ProgressUpdate.Status.SUBMITTED)
    value_in(entered, q4, 7)
    factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 11, 3),
                              participants=40, title="In the quarter")
    factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 8, 3),
                              participants=40, title="Before the quarter")
    return {"initiative": initiative, "entered": entered, "youth": youth, "update": update,
            "periods": (q1, q2, q3, q4)}


def row_of(html: str, name: str) -> str:
    return html.split(f'<th scope="row">{name}')[1].split("</tr>")[0]


def test_each_value_is_beside_the_previous_approved_value_and_the_target(client, world,
                                                                         coord):
    html = client.get(url("coordination:review", pk=world["update"].pk)).content.decode()
    assert "Previous approved value" in html and "Value for Q4 2021" in html
    entered = row_of(html, "Businesses engaged")
    cells = entered.split("<td>")[1:]
    assert cells[0].startswith("7")
    assert cells[1].startswith("6") and "Q2 2021" in cells[1] and "99" not in entered
    assert cells[2].startswith("35")
    youth = row_of(html, "Youth reached")
    cells = youth.split("<td>")[1:]
    assert cells[0].startswith("40")  # computed from the quarter's activities
    assert cells[1].startswith("140") and "Q2 2021" in cells[1]
    assert cells[2].startswith("600")


def test_a_first_period_and_a_missing_value_say_so(client, world, coord):
    first = factories.ProgressUpdateFactory(initiative=world["initiative"],
                                            period=quarter(2020, 4),
                                            status=ProgressUpdate.Status.SUBMITTED)
    html = client.get(url("coordination:review", pk=first.pk)).content.decode()
    entered = row_of(html, "Businesses engaged")
    assert "No value entered" in entered and "none yet" in entered


def test_a_derived_value_links_to_the_activities_behind_it(client, world, coord):
    html = client.get(url("coordination:review", pk=world["update"].pk)).content.decode()
    youth = row_of(html, "Youth reached")
    href = youth.split('<a href="')[1].split('"')[0].replace("&amp;", "&")
    parts = urlsplit(href)
    assert parts.path == url("workspace:activities")
    q4 = world["periods"][3]
    assert parse_qs(parts.query) == {"initiative": [str(world["initiative"].pk)],
                                     "period": [str(q4.pk)]}
    assert "<a " not in row_of(html, "Businesses engaged")  # entered: no activities behind
    listing = client.get(href).content.decode()
    assert "In the quarter" in listing and "Before the quarter" not in listing


def test_an_approved_update_shows_its_snapshot(client, world, coord):
    from initiatives import services

    services.update_approve(update=world["update"], by=coord)
    factories.ActivityFactory(initiative=world["initiative"], date=datetime.date(2021, 11, 4),
                              participants=500, title="Logged after approval")
    html = client.get(url("coordination:review", pk=world["update"].pk)).content.decode()
    assert row_of(html, "Youth reached").split("<td>")[1].startswith("40")


def test_a_percent_is_shown_in_the_reviewers_language(client, world, coord):
    share = factories.IndicatorFactory(initiative=world["initiative"], order=3,
                                       name_fr="Part des élèves", unit=Indicator.Unit.PERCENT,
                                       target=80)
    value_in(share, world["periods"][3], "27.50")
    rows = {row.indicator.pk: row for row in selectors.review_rows(world["update"])}
    assert rows[share.pk].previous is None
    html = client.get(url("coordination:review", "fr", pk=world["update"].pk)).content.decode()
    cells = row_of(html, "Part des élèves").split("<td>")[1:]
    assert cells[0].startswith("27,5\u00a0%")
    assert cells[2].startswith("80\u00a0%")


def test_query_count_does_not_grow_with_indicators(client, world, coord):
    address = url("coordination:review", pk=world["update"].pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(address).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    q1, q2, _q3, q4 = world["periods"]
    for n in range(6):
        indicator = factories.IndicatorFactory(initiative=world["initiative"], order=10 + n)
        value_in(indicator, q1, 3)
        value_in(indicator, q2, 5)
        value_in(indicator, q4, 40)
        derived = DerivedIndicatorFactory(initiative=world["initiative"], order=20 + n)
        value_in(derived, q2, 9)
    assert count() == small
