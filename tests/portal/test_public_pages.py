"""The public site in both languages: status, lang, toggle, fallback, suppression, queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives.models import Indicator, ProgressUpdate
from tests import factories

pytestmark = pytest.mark.django_db

LANGS = ("fr", "en")
OTHER = {"fr": "en", "en": "fr"}


def url_in(obj_or_name, lang, **kwargs):
    with translation.override(lang):
        if isinstance(obj_or_name, str):
            return reverse(obj_or_name, kwargs=kwargs or None)
        return obj_or_name.get_absolute_url()


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([a-z]{2})"', html).group(1)


def toggle_href(html: str) -> str:
    return re.search(r'<a class="lang-toggle" href="([^"]+)"', html).group(1)


@pytest.fixture
def world():
    """A plan with an area, an initiative with partners, indicators and approved values."""
    owner = factories.OrganisationFactory(name_fr="Prévention du crime", name_en="Crime Prevention",
                                          slug="pco")
    plan = factories.PlanFactory(owner=owner, title_fr="Plan stratégique",
                                 title_en="Strategic plan",
                                 slug_fr="plan-strategique", slug_en="strategic-plan")
    area = factories.PriorityAreaFactory(plan=plan, title_fr="Les jeunes", title_en="Youth",
                                         slug_fr="jeunes", slug_en="youth")
    factories.StrategyFactory(priority_area=area, text_fr="Lutter ensemble",
                              text_en="Fight together")
    factories.ThemeFactory(plan=plan, title_fr="Santé mentale", title_en="Mental health")
    factories.OutcomeFactory(plan=plan, statement_fr="Meilleure connaissance",
                             statement_en="Better knowledge")
    lead = factories.OrganisationFactory(name_fr="PACT-Ottawa", name_en="PACT-Ottawa",
                                         slug="pact-ottawa")
    funder = factories.OrganisationFactory(name_fr="Sécurité publique Canada",
                                           name_en="Public Safety Canada", slug="psc",
                                           kind="funder")
    initiative = factories.InitiativeFactory(
        title_fr="Projet imPACT", title_en="imPACT project", slug_fr="projet-impact",
        slug_en="impact-project", lead=lead,
    )
    initiative.priority_areas.add(area)
    initiative.collaborators.add(owner)
    initiative.funders.add(funder)
    period = factories.ReportingPeriodFactory(name="2021-Q1")
    update = factories.ProgressUpdateFactory(initiative=initiative, period=period,
                                             status=ProgressUpdate.Status.APPROVED)
    youth = factories.IndicatorFactory(initiative=initiative, name_fr="Jeunes joints",
                                       name_en="Youth reached", target=1000)
    factories.IndicatorValueFactory(update=update, indicator=youth, value=640)
    return {"plan": plan, "area": area, "initiative": initiative, "lead": lead, "update": update,
            "period": period}


def test_language_choice_page_is_bilingual(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html_lang(html) == "fr"
    assert 'href="/fr/"' in html and 'href="/en/"' in html
    assert '<span lang="en">' in html  # the English half is marked as English


def test_translated_paths_and_slugs(world):
    assert url_in(world["area"], "fr") == "/fr/priorites/jeunes/"
    assert url_in(world["area"], "en") == "/en/priorities/youth/"
    assert url_in(world["initiative"], "en") == "/en/initiatives/impact-project/"
    assert url_in("partners:directory", "fr") == "/fr/partenaires/"
    assert url_in(world["plan"], "fr") == "/fr/plans/plan-strategique/"


PAGES = {
    "home": lambda w: "portal:home",
    "plans": lambda w: "priorities:plan_list",
    "plan": lambda w: w["plan"],
    "area": lambda w: w["area"],
    "initiatives": lambda w: "initiatives:list",
    "initiative": lambda w: w["initiative"],
    "directory": lambda w: "partners:directory",
    "partner": lambda w: w["lead"],
}

# A title that must appear on the page, per language: the toggle lands on the same content.
MARKERS = {
    "plan": {"fr": "Plan stratégique", "en": "Strategic plan"},
    "area": {"fr": "Les jeunes", "en": "Youth"},
    "initiative": {"fr": "Projet imPACT", "en": "imPACT project"},
    "partner": {"fr": "PACT-Ottawa", "en": "PACT-Ottawa"},
    "home": {"fr": "Nos quatre priorités", "en": "Our four priorities"},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_in_each_language_with_toggle_to_same_page(client, world, page, lang):
    target = PAGES[page](world)
    if page == "partner":
        url = world["lead"].get_absolute_url()
        with translation.override(lang):
            url = world["lead"].get_absolute_url()
    else:
        url = url_in(target, lang)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang(html) == lang
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html

    other = OTHER[lang]
    href = toggle_href(html)
    with translation.override(other):
        expected = reverse(target) if isinstance(target, str) else target.get_absolute_url()
    assert href == expected
    followed = client.get(href)
    assert followed.status_code == 200
    assert html_lang(followed.content.decode()) == other
    if page in MARKERS:
        assert MARKERS[page][other] in followed.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_headings_are_in_order(client, world, lang):
    for page, target in PAGES.items():
        url = url_in(target(world), lang)
        html = client.get(url).content.decode()
        levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
        assert levels and levels[0] == 1 and levels.count(1) == 1, page
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, f"{page}: h{previous} followed by h{current}"


def test_other_language_slug_redirects_to_the_right_address(client, world):
    response = client.get("/en/priorities/jeunes/")
    assert response.status_code == 301
    assert response["Location"] == "/en/priorities/youth/"


def test_unknown_slug_is_404_in_both_languages(client, world):
    assert client.get("/fr/priorites/inexistant/").status_code == 404
    assert client.get("/en/initiatives/nothing-here/").status_code == 404


def test_missing_translation_falls_back_with_its_language_marked(client, world):
    initiative = world["initiative"]
    initiative.summary_en = ""
    initiative.summary_fr = "Un résumé seulement en français."
    initiative.save()
    html = client.get(url_in(initiative, "en")).content.decode()
    assert '<div lang="fr"><p>Un résumé seulement en français.</p></div>' in html
    # ...and says so, visibly, in the page's language.
    assert '<p class="fallback-note">Available in French only</p>' in html
    html_fr = client.get(url_in(initiative, "fr")).content.decode()
    assert "<div lang=" not in html_fr.split('class="lead"')[1][:80]
    assert "fallback-note" not in html_fr
    initiative.summary_fr, initiative.summary_en = "", "Only an English summary."
    initiative.save()
    html_fr = client.get(url_in(initiative, "fr")).content.decode()
    assert '<p class="fallback-note">Disponible en anglais seulement</p>' in html_fr


def test_missing_slug_in_one_language_still_resolves(client, world):
    area = world["area"]
    area.slug_en = None
    area.save()
    url = url_in(area, "en")
    assert url == "/en/priorities/jeunes/"
    assert client.get(url).status_code == 200


def test_private_initiative_and_organisation_are_not_public(client, world):
    hidden = factories.InitiativeFactory(is_public=False, slug_fr="cache", slug_en="hidden")
    assert client.get(url_in(hidden, "fr")).status_code == 404
    org = factories.OrganisationFactory(is_public=False, slug="internal-org")
    assert client.get(url_in(org, "en")).status_code == 404
    listing = client.get(url_in("initiatives:list", "en")).content.decode()
    assert hidden.title_en not in listing


def test_only_approved_values_are_public(client, world):
    initiative = world["initiative"]
    indicator = initiative.indicators.get()
    later = factories.ReportingPeriodFactory(name="2021-Q2")
    draft = factories.ProgressUpdateFactory(initiative=initiative, period=later,
                                            status=ProgressUpdate.Status.SUBMITTED)
    factories.IndicatorValueFactory(update=draft, indicator=indicator, value=300)
    html = client.get(url_in(initiative, "en")).content.decode()
    assert "640" in html and "940" not in html
    draft.status = ProgressUpdate.Status.APPROVED
    draft.save()
    html = client.get(url_in(initiative, "en")).content.decode()
    assert "940" in html
    assert "94% of target" in html


@pytest.mark.parametrize(
    ("lang", "text"), [("fr", "moins de 5"), ("en", "fewer than 5")]
)
def test_small_counts_are_suppressed(client, world, lang, text):
    initiative = world["initiative"]
    small = factories.IndicatorFactory(initiative=initiative, name_en="Shelters visited",
                                       name_fr="Refuges visités", target=20)
    factories.IndicatorValueFactory(update=world["update"], indicator=small, value=3)
    html = client.get(url_in(initiative, lang)).content.decode()
    row = html.split(small.name_en if lang == "en" else small.name_fr)[1].split("</tr>")[0]
    assert text in row
    assert ">3<" not in row and "15%" not in row


def test_share_from_small_count_is_hidden(client, world):
    initiative = world["initiative"]
    share = factories.IndicatorFactory(
        initiative=initiative, name_en="Sessions in French", name_fr="Séances en français",
        unit=Indicator.Unit.PERCENT, target=None, source=Indicator.Source.DERIVED,
        derivation=Indicator.Derivation.SHARE_FRENCH,
    )
    factories.IndicatorValueFactory(update=world["update"], indicator=share, value=30,
                                    numerator=3, denominator=10)
    html = client.get(url_in(initiative, "en")).content.decode()
    row = html.split("Sessions in French")[1].split("</tr>")[0]
    assert "not shown (small numbers)" in row and "30" not in row


def test_share_with_enough_counts_is_shown_in_each_language(client, world):
    initiative = world["initiative"]
    share = factories.IndicatorFactory(
        initiative=initiative, name_en="Sessions in French", name_fr="Séances en français",
        unit=Indicator.Unit.PERCENT, target=None, source=Indicator.Source.DERIVED,
        derivation=Indicator.Derivation.SHARE_FRENCH,
    )
    factories.IndicatorValueFactory(update=world["update"], indicator=share, value="27.03",
                                    numerator=10, denominator=37)
    assert "27%" in client.get(url_in(initiative, "en")).content.decode()
    assert "27\u00a0%" in client.get(url_in(initiative, "fr")).content.decode()


def test_numbers_are_formatted_for_the_language(client, world):
    html_en = client.get(url_in(world["initiative"], "en")).content.decode()
    html_fr = client.get(url_in(world["initiative"], "fr")).content.decode()
    assert "1,000" in html_en
    assert "1\u00a0000" in html_fr


def grow(world, n: int) -> None:
    """Add n more initiatives (with partners, indicators and approved values) to the world."""
    area, plan = world["area"], world["plan"]
    for i in range(n):
        lead = factories.OrganisationFactory()
        initiative = factories.InitiativeFactory(lead=lead)
        initiative.priority_areas.add(area)
        initiative.collaborators.add(factories.OrganisationFactory(), world["lead"])
        initiative.funders.add(factories.OrganisationFactory(kind="funder"))
        initiative.themes.add(factories.ThemeFactory(plan=plan))
        factories.StrategyFactory(priority_area=area)
        update = factories.ProgressUpdateFactory(
            initiative=world["initiative"] if i == 0 else initiative,
            period=factories.ReportingPeriodFactory(),
            status=ProgressUpdate.Status.APPROVED,
        )
        indicator = factories.IndicatorFactory(initiative=world["initiative"])
        factories.IndicatorValueFactory(update=update, indicator=indicator, value=i + 7)
        factories.ActivityFactory(initiative=initiative)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_data(client, world, page):
    url = url_in(PAGES[page](world), "en")
    grow(world, 2)
    small = count_queries(client, url)
    grow(world, 12)
    from django.core.cache import cache

    cache.clear()
    large = count_queries(client, url)
    assert large == small, f"{page}: {small} queries with little data, {large} with more"
    assert large <= 12


def test_target_is_shown_even_when_small_and_down_is_good_progress(client, world):
    initiative = world["initiative"]
    waiting = factories.IndicatorFactory(
        initiative=initiative, name_en="Days to first contact", name_fr="Jours avant contact",
        target=2, direction=Indicator.Direction.DOWN,
    )
    factories.IndicatorValueFactory(update=world["update"], indicator=waiting, value=10)
    html = client.get(url_in(initiative, "en")).content.decode()
    row = html.split("Days to first contact")[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in row
    assert "20% of target" in row


def test_initiative_list_is_paginated(client, world):
    factories.InitiativeFactory.create_batch(30)
    first = client.get(url_in("initiatives:list", "en")).content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(url_in("initiatives:list", "en") + "?page=2").content.decode()
    assert "Page 2 of 2" in second
    assert client.get(url_in("initiatives:list", "fr") + "?page=2").status_code == 200


def test_acronym_is_translated(client):
    org = factories.OrganisationFactory(name_fr="Service de police d'Ottawa",
                                        name_en="Ottawa Police Service", acronym_fr="SPO",
                                        acronym_en="OPS", slug="ops")
    assert "(SPO)" in client.get(url_in(org, "fr")).content.decode()
    assert "(OPS)" in client.get(url_in(org, "en")).content.decode()


def test_dates_in_canadian_formats(client, world):
    import datetime as dt

    from django.utils import timezone

    update = world["update"]
    update.reviewed_at = timezone.make_aware(dt.datetime(2015, 3, 25, 12, 0))
    update.save()
    assert "25 mars 2015" in client.get(url_in(world["initiative"], "fr")).content.decode()
    assert "March 25, 2015" in client.get(url_in(world["initiative"], "en")).content.decode()


def test_a_title_in_the_other_language_only_says_so_in_the_page_title(client):
    initiative = factories.InitiativeFactory(title_en="", title_fr="Marches exploratoires")
    with translation.override("en"):
        page = client.get(initiative.get_absolute_url()).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Marches exploratoires (in French only) · ")


def test_partner_page_lists_what_it_leads_joins_and_funds(client):
    """One read for the three lists: each initiative is in every list it belongs to, in
    the initiatives' order, and a private initiative in none."""
    partner = factories.OrganisationFactory(slug="partner")
    led = factories.InitiativeFactory(lead=partner, title_en="B led and funded")
    led.funders.add(partner)
    joined = factories.InitiativeFactory(title_en="C joined")
    joined.collaborators.add(partner)
    also_joined = factories.InitiativeFactory(title_en="A joined")
    also_joined.collaborators.add(partner, factories.OrganisationFactory())
    private = factories.InitiativeFactory(lead=partner, is_public=False, title_en="Private")
    private.funders.add(partner)
    factories.InitiativeFactory(title_en="Elsewhere").collaborators.add(
        factories.OrganisationFactory())

    html = client.get(url_in(partner, "en")).content.decode()
    sections = re.split(r"<h2>", html)
    lists = {s.split("</h2>")[0]: re.findall(r">([^<]+)</a>\n", s) for s in sections[1:]}
    assert lists == {
        "Initiatives it leads": ["B led and funded"],
        "Initiatives it joins": ["A joined", "C joined"],
        "Initiatives it funds": ["B led and funded"],
    }
