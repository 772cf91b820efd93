"""Public search in both languages: a word in either language finds the content (marked
when only the other language's text matched), titles rank first, accents do not matter on
PostgreSQL, and nothing unpublished or hidden is ever found. Runs on SQLite (the plain
fallback) and on PostgreSQL (full-text search) when DATABASE_URL points to it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative
from partners.models import Organisation
from portal.search.highlight import START, STOP, excerpt, from_markers
from portal.search.selectors import (
    SOURCES,
    postgres_queryset,
    search,
    vector_expression,
    vector_sql,
)
from tests import factories
from tests.factories_events import EventFactory
from tests.initiatives.test_services_integration import require_postgres

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    lead = factories.OrganisationFactory(name_fr="Centre de sécurité communautaire",
                                         name_en="Community safety centre", slug="csc")
    impact = factories.InitiativeFactory(
        title_fr="Projet imPACT", title_en="imPACT project", lead=lead,
        summary_fr="Prévenir la traite des personnes par la sensibilisation.",
        summary_en="Preventing human trafficking through awareness.",
    )
    titled = factories.InitiativeFactory(
        title_fr="Trafficking : agir ensemble", title_en="Trafficking: acting together",
        summary_fr="Une table de concertation.", summary_en="A round table.")
    factories.InitiativeFactory(title_fr="Traite confidentielle",
                                title_en="Confidential trafficking", is_public=False)
    factories.OrganisationFactory(name_fr="Refuge caché contre la traite",
                                  name_en="Hidden trafficking shelter", slug="hidden-shelter",
                                  is_public=False)
    factories.OrganisationFactory(name_fr="Maison des femmes", name_en="Women's house",
                                  slug="womens-house", kind=Organisation.Kind.SHELTER,
                                  ward="Vanier")
    EventFactory(title_fr="Réunion interne sur la traite",
                 title_en="Internal trafficking meeting", is_public=False)
    event = EventFactory(title_fr="Soirée d'information", title_en="Information evening",
                         summary_fr="Sur la traite des personnes.",
                         summary_en="About human trafficking.")
    return {"impact": impact, "titled": titled, "event": event, "lead": lead}


def titles(text: str, lang: str) -> list[str]:
    with translation.override(lang):
        return [hit.title for hit in search(text)]


def test_a_word_in_either_language_finds_the_content(content):
    assert "Projet imPACT" in titles("trafficking", "fr")
    assert "imPACT project" in titles("traite", "en")
    with translation.override("fr"):
        hit = next(h for h in search("trafficking") if h.title == "Projet imPACT")
    assert hit.found_in == "en"
    assert hit.kind == "initiative"
    with translation.override("en"):
        hit = next(h for h in search("trafficking") if h.title == "imPACT project")
    assert hit.found_in is None


def test_titles_rank_before_summaries(content):
    found = titles("trafficking", "en")
    assert found.index("Trafficking: acting together") < found.index("imPACT project")


def test_nothing_unpublished_or_hidden_is_found(content):
    for lang in ("fr", "en"):
        for word in ("trafficking", "traite", "confidential", "hidden", "internal", "Vanier"):
            found = " ".join(titles(word, lang))
            for secret in ("Confidential", "confidentielle", "Hidden", "caché", "Internal",
                           "interne"):
                assert secret not in found, (lang, word)
    assert titles("Vanier", "en") == []  # a shelter's ward is never searched


def test_every_kind_of_public_content_is_found(content):
    plan = factories.PlanFactory(title_fr="Plan de sécurité communautaire",
                                 title_en="Community safety plan")
    factories.PriorityAreaFactory(plan=plan, title_fr="Traite et exploitation",
                                  title_en="Trafficking and exploitation")
    with translation.override("en"):
        kinds = {hit.kind for hit in search("trafficking")}
        kinds |= {hit.kind for hit in search("community safety")}
    assert kinds == {"initiative", "event", "area", "plan", "organisation"}


def test_accents_do_not_matter_on_postgresql(content):
    require_postgres()
    assert "Community safety centre" in titles("securite", "en")
    assert "Community safety centre" in titles("sécurité", "en")
    assert "Projet imPACT" in titles("prevenir", "fr")


def test_accents_and_case_do_not_matter_on_either_database(content):
    """On SQLite too (the fallback folds accents and case on both sides)."""
    factories.InitiativeFactory(title_fr="Prévention de la violence", title_en="Violence work",
                                summary_fr="Des ateliers.", summary_en="Workshops.")
    assert "Prévention de la violence" in titles("prevention", "fr")
    assert "Prévention de la violence" in titles("PRÉVENTION", "fr")
    assert "Community safety centre" in titles("securite", "en")
    assert "Community safety centre" in titles("SECURITE communautaire", "en")
    assert "Projet imPACT" in titles("prevenir", "fr")
    with translation.override("fr"):
        hit = next(h for h in search("securite") if h.title == "Centre de sécurité communautaire")
    assert hit.found_in is None  # found in the French text, the page's language


def test_snippets_mark_accented_words_found_without_accents_on_either_database(content):
    with translation.override("fr"):
        hit = next(h for h in search("prevenir") if h.title == "Projet imPACT")
    assert "<mark>Prévenir</mark> la traite" in hit.snippet
    assert excerpt("La Sécurité d’abord : sécurité & prévention", ["securite"]) == (
        "La <mark>Sécurité</mark> d’abord : <mark>sécurité</mark> &amp; prévention")


def test_search_makes_one_query_per_kind_of_content(content):
    with CaptureQueriesContext(connection) as captured:
        search("trafficking")
    assert len(captured) == 5


@pytest.mark.parametrize(("lang", "heading", "marker"), [
    ("fr", "résultats pour «\u00a0trafficking\u00a0»", "trouvé dans le texte anglais"),
    ("en", "results for “trafficking”", None),
])
def test_the_results_page_in_each_language(client, content, lang, heading, marker):
    with translation.override(lang):
        address = reverse("search:results")
    response = client.get(address, {"q": "trafficking"})
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    with translation.override(lang):
        assert f'href="{content["impact"].get_absolute_url()}"' in html
    if marker:
        assert marker in html


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "Votre recherche est trop longue\u00a0: 200 caractères au plus."),
    ("en", "Your search is too long: 200 characters at most."),
])
def test_a_search_too_long_is_refused_in_the_visitors_language(client, lang, message):
    with translation.override(lang):
        address = reverse("search:results")
    response = client.get(address, {"q": "x" * 201})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(("lang", "path", "label"), [
    ("fr", "/fr/", "Chercher dans le site"), ("en", "/en/initiatives/", "Search the site"),
])
def test_every_page_has_a_search_box_in_its_header(client, lang, path, label):
    html = client.get(path).content.decode()
    header = html.split("</header>", 1)[0]
    with translation.override(lang):
        action = reverse("search:results")
    assert f'<form class="site-search" role="search" action="{action}" method="get">' in header
    assert f'<label for="site-search-q" class="visually-hidden">{label}</label>' in header


def test_an_empty_search_shows_the_form_only(client):
    response = client.get("/en/search/", {"q": "   "})
    assert response.status_code == 200
    assert "results for" not in response.content.decode()
    assert Initiative.objects.count() == 0


def test_snippets_mark_the_words_found_and_never_let_html_through(client, content):
    factories.InitiativeFactory(
        title_fr="Atelier", title_en="Workshop",
        summary_fr="<script>alert(1)</script> Un atelier sur l'exploitation & la traite.",
        summary_en="<script>alert(1)</script> A workshop on exploitation & trafficking.")
    response = client.get("/en/search/", {"q": "exploitation"})
    html = response.content.decode()
    snippet = html.split('<p class="search-snippet">', 1)[1].split("</p>", 1)[0]
    # Escaped (SQLite) or dropped as a tag by ts_headline (PostgreSQL); never live.
    assert "<script" not in snippet
    assert "alert(1)" in snippet
    assert "<mark>exploitation</mark> &amp; trafficking" in snippet
    with translation.override("fr"):
        hit = next(h for h in search("exploitation") if h.title == "Atelier")
    assert "<mark>exploitation</mark> &amp; la traite" in hit.snippet
    assert "<script" not in hit.snippet


def test_a_snippet_is_escaped_before_the_marks_are_added():
    raw = f"<img src=x onerror=alert(1)> {START}<b>trafficking</b>{STOP} {START}unpaired & more"
    assert from_markers(raw) == ("&lt;img src=x onerror=alert(1)&gt; "
                                 "<mark>&lt;b&gt;trafficking&lt;/b&gt;</mark> unpaired &amp; more")
    assert excerpt("<i>Human</i> TRAFFICKING & exploitation", ["trafficking"]) == (
        "&lt;i&gt;Human&lt;/i&gt; <mark>TRAFFICKING</mark> &amp; exploitation")


def test_a_snippet_found_in_the_other_language_is_taken_from_that_language(content):
    with translation.override("fr"):
        hit = next(h for h in search("trafficking") if h.title == "Projet imPACT")
    assert hit.snippet == "Preventing human <mark>trafficking</mark> through awareness."


def test_snippets_mark_accented_words_found_without_accents_on_postgresql(content):
    require_postgres()
    with translation.override("fr"):
        hit = next(h for h in search("prevenir") if h.title == "Projet imPACT")
    assert "<mark>Prévenir</mark> la traite" in hit.snippet


def test_the_plan_uses_the_gin_indexes(content):
    """The search reads each table's stored vectors, which the GIN indexes cover: with
    sequential scans off (the test tables are tiny, and without the public filter, whose
    own indexes the planner may prefer on so few rows), the plan reads both indexes.
    bench/search.py shows the real queries using them at city scale."""
    require_postgres()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    for source in SOURCES:
        model = source.queryset().model
        plan = postgres_queryset(source, "safety trafficking", model._base_manager.all()).explain()
        table = model._meta.db_table
        for lang in ("fr", "en"):
            assert f"Bitmap Index Scan on {table}_search_{lang}" in plan, (source.kind, plan)


def test_the_stored_vectors_are_the_searched_fields(content):
    """The stored vectors (generated columns, migration api/0004) are exactly the weighted
    vectors of the fields the search says it searches (``SOURCES``), on every row, and are
    kept as the text changes: a field added to a source without a migration fails here."""
    require_postgres()
    factories.PlanFactory(title_fr="Plan", title_en="Plan", vision_en="Safer streets")
    factories.PriorityAreaFactory(body_fr="Des rues plus sûres")
    impact = content["impact"]
    impact.description_en = "Workshops in schools"
    impact.save()
    for source in SOURCES:
        model = source.queryset().model
        table = model._meta.db_table
        with connection.cursor() as cursor:
            for lang in ("fr", "en"):
                cursor.execute(
                    f'SELECT count(*), count(*) FILTER (WHERE {vector_sql(source, lang)} = '
                    f'{vector_expression(source, lang)} AND {vector_sql(source, lang)} <> '
                    f"''::tsvector) FROM \"{table}\"")
                rows, same = cursor.fetchone()
                assert rows > 0 and same == rows, (source.kind, lang, rows, same)
    with translation.override("en"):
        assert "imPACT project" in [hit.title for hit in search("schools")]
