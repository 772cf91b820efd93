"""The public initiative page: shares above 100 % of a target shown as such, and each
indicator's measurement plan (data source, frequency, responsible organisation if public,
baseline with its date), in both languages and with a constant number of queries."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives import selectors
from initiatives.models import Indicator, Initiative, ProgressUpdate
from portal.demo import data as content
from portal.demo.loader import demo_load
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


def page(client, initiative, lang="en") -> str:
    with translation.override(lang):
        address = initiative.get_absolute_url()
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, name: str) -> str:
    return html.split(name)[1].split("</tr>")[0]


@pytest.fixture
def world():
    lead = factories.OrganisationFactory(name_en="St. Joe's", name_fr="St. Joe", slug="st-joes")
    initiative = factories.InitiativeFactory(lead=lead)
    update = factories.ProgressUpdateFactory(initiative=initiative,
                                             status=ProgressUpdate.Status.APPROVED)
    return {"lead": lead, "initiative": initiative, "update": update}


# --- Beyond the target -----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text"), [("en", "110% of target"),
                                            ("fr", "110\u00a0% de la cible")])
def test_a_share_above_the_target_shows_as_such_with_a_full_bar(client, world, lang, text):
    indicator = factories.IndicatorFactory(initiative=world["initiative"], name_en="Reached",
                                           name_fr="Joints", target=200)
    factories.IndicatorValueFactory(update=world["update"], indicator=indicator, value=219)
    row = row_of(page(client, world["initiative"], lang), {"en": "Reached", "fr": "Joints"}[lang])
    assert text in row
    assert '<rect width="100" height="1"/>' in row  # a full bar


def test_the_percent_of_target_is_not_capped_but_the_bar_is(world):
    indicator = factories.IndicatorFactory(initiative=world["initiative"], target=200)
    factories.IndicatorValueFactory(update=world["update"], indicator=indicator, value=219)
    row = selectors.approved_progress(world["initiative"])[0]
    assert row.percent_of_target == Decimal(110)
    assert row.bar_width == 100
    indicator.target = 400
    indicator.save()
    row = selectors.approved_progress(world["initiative"])[0]
    assert (row.percent_of_target, row.bar_width) == (Decimal(55), 55)


def test_down_is_good_at_or_below_the_target_is_100(world):
    indicator = factories.IndicatorFactory(initiative=world["initiative"], target=10,
                                           direction=Indicator.Direction.DOWN)
    factories.IndicatorValueFactory(update=world["update"], indicator=indicator, value=6)
    assert selectors.approved_progress(world["initiative"])[0].percent_of_target == 100


# --- The measurement plan --------------------------------------------------------------------


@pytest.fixture
def planned(world):
    return factories.IndicatorFactory(
        initiative=world["initiative"], name_en="Students who can name help",
        name_fr="Élèves qui savent nommer une aide", unit=Indicator.Unit.PERCENT, target=80,
        baseline=55, baseline_date=datetime.date(2020, 12, 11),
        data_source_en="End-of-workshop questionnaire",
        data_source_fr="Questionnaire de fin d'atelier",
        frequency=Indicator.Frequency.QUARTERLY, responsible=world["lead"],
    )


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Measurement plan", "Data source", "End-of-workshop questionnaire",
            "Collection frequency", "Quarterly", "Responsible for the data", "St. Joe&#x27;s",
            "Baseline", "55% on December 11, 2020"]),
    ("fr", ["Plan de mesure", "Source des données", "Questionnaire de fin d&#x27;atelier",
            "Fréquence de collecte", "Trimestrielle", "Responsable des données", "St. Joe",
            "Valeur de départ", "55\u00a0% au 11 décembre 2020"]),
])
def test_each_indicator_shows_its_measurement_plan(client, world, planned, lang, expected):
    html = page(client, world["initiative"], lang)
    row = row_of(html, {"en": "Students who can name help",
                        "fr": "Élèves qui savent nommer une aide"}[lang])
    plan = row.split("<details")[1].split("</details>")[0]
    for text in expected:
        assert text in plan, text
    with translation.override(lang):
        assert f'href="{world["lead"].get_absolute_url()}"' in plan


def test_a_responsible_organisation_that_is_not_public_is_never_named(client, world, planned):
    hidden = factories.OrganisationFactory(name_en="Shelter network", is_public=False)
    planned.responsible = hidden
    planned.save()
    html = page(client, world["initiative"])
    assert "Shelter network" not in html
    assert "Responsible for the data" not in html


def test_a_small_count_baseline_is_suppressed_like_any_public_count(client, world):
    factories.IndicatorFactory(initiative=world["initiative"], name_en="Women accompanied",
                               baseline=3, baseline_date=datetime.date(2020, 12, 31))
    plan = row_of(page(client, world["initiative"]), "Women accompanied")
    assert "fewer than 5 on December 31, 2020" in plan


def test_query_count_does_not_grow_with_planned_indicators(client, world, planned):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            page(client, world["initiative"])
        return len(ctx.captured_queries)

    small = count()
    for n in range(8):
        factories.IndicatorFactory(
            initiative=world["initiative"], data_source_en=f"Register {n}", baseline=n + 10,
            baseline_date=datetime.date(2020, 12, 1),
            responsible=factories.OrganisationFactory(is_public=n % 2 == 0),
        )
    assert count() == small


# --- Admin -----------------------------------------------------------------------------------


def test_the_admin_edits_the_measurement_plan(client, administrator, planned):
    activate_totp(administrator)
    client.force_login(administrator)
    with translation.override("en"):
        html = client.get(reverse("admin:initiatives_indicator_change",
                                  args=[planned.pk])).content.decode()
        inline = client.get(reverse("admin:initiatives_initiative_change",
                                    args=[planned.initiative_id])).content.decode()
    for name in ("data_source_fr", "data_source_en", "frequency", "responsible",
                 "baseline_date"):
        assert f'name="{name}"' in html, name
    for name in ("data_source_fr", "frequency", "responsible"):
        assert re.search(rf'name="indicators-0-{name}"', inline), name


# --- Demo data -------------------------------------------------------------------------------


def test_the_demo_fills_every_indicators_measurement_plan():
    demo_load()
    indicators = list(Indicator.objects.filter(initiative__isnull=False)
                      .select_related("initiative"))
    assert indicators
    for indicator in indicators:
        assert indicator.responsible_id == indicator.initiative.lead_id, indicator
        assert indicator.frequency == Indicator.Frequency.QUARTERLY
        assert (indicator.baseline is None) == (indicator.baseline_date is None), indicator
        if indicator.source == Indicator.Source.DERIVED:
            assert (indicator.data_source_fr, indicator.data_source_en) == (
                "Registre des activités du portail", "Portal activity log")
        else:
            assert indicator.data_source_fr and indicator.data_source_en
            assert indicator.data_source_en != "Portal activity log"
    assert Indicator.objects.exclude(baseline_date=None).count() >= 5
    assert demo_load()["updated"] == 0  # still idempotent


def test_the_demo_plan_is_on_the_public_page(client):
    demo_load()
    spec = content.DEMO_INITIATIVES[0]
    initiative = Initiative.objects.get(slug_fr=spec["slug_fr"])
    html = page(client, initiative, "fr")
    assert "Registre des activités du portail" in html
    assert "Questionnaire de fin d&#x27;atelier" in html
    assert "55\u00a0% au 11 décembre 2020" in html
