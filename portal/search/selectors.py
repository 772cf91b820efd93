"""Public search across plans, priority areas, initiatives, organisations and events, in
both languages; only what the public pages show.

On PostgreSQL: full-text search with the French configuration over the French fields and
the English one over the English fields, both accent-folded (the configurations
``portal_french`` and ``portal_english`` put the ``unaccent`` dictionary before the stemmer),
titles weighted over summaries over bodies (A, B, C), ranked by ``ts_rank``; a word in either
language finds the content, and a result found only through the other language's text is
marked with that language. The vectors are stored generated columns (``search_fr``,
``search_en``, migration ``api/0004_stored_search_vectors``) with GIN indexes, so matching
uses the index and ranking reads the stored vectors instead of rebuilding them; the
snippets are ``ts_headline`` excerpts of the returned rows only, one per row. Each query's
SQL is compiled once per process and language (:func:`_compiled_sql`).

On SQLite (``make run``): every word must appear in a field of either language, accents and
case folded on both sides ("securite" finds "sécurité", :mod:`.folding`); titles first;
the snippet is an excerpt around the first word found. Snippets are escaped, then the found
words wrapped in ``<mark>`` (``portal.search.highlight``).

A constant number of queries: one per kind of content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from initiatives.models import Event, Initiative
from partners.models import Organisation
from priorities.models import Plan, PriorityArea

from . import highlight
from .folding import Fold, fold

MAX_QUERY_LENGTH = 200
PER_KIND = 20
# The text search configurations of the migration api/0003_search_indexes (accent-folding).
LANGS = {"fr": "portal_french", "en": "portal_english"}


@dataclass(frozen=True)
class Source:
    kind: str
    label: object
    queryset: Callable[[], QuerySet]
    title: tuple[str, ...]
    summary: tuple[str, ...]
    body: tuple[str, ...]
    snippet: str  # the column (without language) whose excerpt is shown


SOURCES = (
    Source("plan", _("Plan"), lambda: Plan.objects.all(), ("title",),
           ("summary", "vision", "mission"), (), "summary"),
    Source("area", _("Priority area"), lambda: PriorityArea.objects.all(), ("title",),
           ("summary",), ("body",), "summary"),
    Source("initiative", _("Initiative"), lambda: Initiative.objects.public(), ("title",),
           ("summary",), ("description",), "summary"),
    # Never a location (ward, point): not searched, not shown.
    Source("organisation", _("Organisation"), lambda: Organisation.objects.public(),
           ("name", "acronym"), (), ("description",), "description"),
    Source("event", _("Event"), lambda: Event.objects.public(), ("title",), ("summary",),
           ("body",), "summary"),
)


@dataclass
class Hit:
    kind: str
    label: object
    title: str
    snippet: str  # the column (without language) whose excerpt is shown
    url: str
    rank: float
    # The language whose text matched, when it is not the page's (None otherwise).
    found_in: str | None


def _fields(source: Source) -> list[tuple[str, str]]:
    return ([(f, "A") for f in source.title] + [(f, "B") for f in source.summary]
            + [(f, "C") for f in source.body])


def vector_expression(source: Source, lang: str) -> str:
    """The weighted ``tsvector`` of ``source`` in ``lang`` computed from its text: the
    expression of the stored column ``search_<lang>`` (migration
    api/0004_stored_search_vectors), with the columns qualified by the table. The search reads
    the stored column (:func:`vector_sql`); the tests compare the two on every row."""
    table = source.queryset().model._meta.db_table
    return " || ".join(
        f"setweight(to_tsvector('{LANGS[lang]}'::regconfig, "
        f"COALESCE(\"{table}\".\"{name}_{lang}\", '')), '{weight}')"
        for name, weight in _fields(source))


def vector_sql(source: Source, lang: str) -> str:
    """The stored weighted ``tsvector`` of ``source`` in ``lang`` (a generated column kept by
    PostgreSQL on every write, GIN-indexed: migration api/0004_stored_search_vectors)."""
    table = source.queryset().model._meta.db_table
    return f'"{table}"."search_{lang}"'


def postgres_queryset(source: Source, text: str, base: QuerySet | None = None,
                      language: str = "fr") -> QuerySet:
    """The best matches of ``text`` in ``source`` (PostgreSQL), with their rank, whether each
    language matched (``matched_fr``, ``matched_en``) and one ``headline``: from the text in
    ``language`` when it matched, else from the other language's (either one when its
    excerpt is empty). ``base`` replaces the public queryset (tests and benchmarks only).

    Matching uses the GIN indexes of the stored vectors, ranking reads the stored vectors,
    and the headlines (the costly part: ``ts_headline`` parses the text) are computed for
    the returned rows only: PostgreSQL evaluates such expensive output columns after the
    sort and the limit."""
    other = next(code for code in LANGS if code != language)
    annotations = {}
    condition = Q()
    ranks = {}
    matched = {}
    headlines = {}
    for lang, config in LANGS.items():
        query = SearchQuery(text, config=config, search_type="websearch")
        annotations[f"vector_{lang}"] = RawSQL(vector_sql(source, lang), [],
                                               output_field=SearchVectorField())
        ranks[lang] = SearchRank(F(f"vector_{lang}"), query)
        matched[f"matched_{lang}"] = ExpressionWrapper(Q(**{f"vector_{lang}": query}),
                                                       output_field=BooleanField())
        headlines[lang] = SearchHeadline(
            Coalesce(F(f"{source.snippet}_{lang}"), Value(""), output_field=TextField()),
            query, config=config, start_sel=highlight.START, stop_sel=highlight.STOP,
            max_words=35, min_words=15, short_word=2)
        condition |= Q(**{f"vector_{lang}": query})

    def first_not_empty(first, second):
        return Coalesce(NullIf(first, Value("")), second, output_field=TextField())

    # Only the columns the results show (title, address): the long texts stay in the table.
    shown_elsewhere = [f"{name}_{lang}" for name in (*source.summary, *source.body)
                       for lang in LANGS]
    return (
        (source.queryset() if base is None else base).annotate(**annotations).filter(condition)
        .defer(*shown_elsewhere)
        .annotate(rank=Greatest(ranks["fr"], ranks["en"], output_field=FloatField()),
                  **matched)
        .annotate(headline=Case(
            When(**{f"matched_{language}": True},
                 then=first_not_empty(headlines[language], headlines[other])),
            default=first_not_empty(headlines[other], headlines[language]),
            output_field=TextField()))
        .order_by("-rank", "pk")[:PER_KIND]
    )


# The SQL of each source's query in each language, compiled once per process with a
# placeholder for the searched text (only that parameter changes from one search to the
# next): building the query's expressions took about half of a search's time.
_PLACEHOLDER = "\x00searched text\x00"  # never a real parameter (no saved text holds NUL)
_compiled: dict[tuple[str, str], tuple[str, tuple]] = {}


def _compiled_sql(source: Source, language: str) -> tuple[str, tuple]:
    key = (source.kind, language)
    if key not in _compiled:
        sql, params = postgres_queryset(source, _PLACEHOLDER,
                                        language=language).query.sql_with_params()
        assert _PLACEHOLDER in params, "the searched text must be a parameter"
        _compiled[key] = (sql, tuple(params))
    return _compiled[key]


def _postgres(source: Source, text: str, language: str) -> list[tuple[object, float, bool, str]]:
    """(object, rank, matched in the page's language, snippet) of the best matches: the
    query of :func:`postgres_queryset`, compiled once (:func:`_compiled_sql`)."""
    sql, params = _compiled_sql(source, language)
    rows = source.queryset().model._base_manager.raw(
        sql, [text if param == _PLACEHOLDER else param for param in params])
    return [(row, row.rank, getattr(row, f"matched_{language}"),
             highlight.from_markers(row.headline))
            for row in rows]


def _fallback(source: Source, text: str,
              language: str) -> list[tuple[object, float, bool, str]]:
    """Every word in a field of either language, accents and case folded on both sides
    (:mod:`.folding`); titles holding the whole text first."""
    words = [fold(word) for word in text.split()[:10]]
    folded = {f"folded_{name}_{lang}": Fold(F(f"{name}_{lang}"))
              for name, _weight in _fields(source) for lang in LANGS}
    condition = Q()
    for word in words:
        any_field = Q()
        for column in folded:
            any_field |= Q(**{f"{column}__contains": word})
        condition &= any_field
    in_title = Q()
    for name in source.title:
        for lang in LANGS:
            in_title |= Q(**{f"folded_{name}_{lang}__contains": fold(text)})
    rows = (
        source.queryset().alias(**folded).filter(condition)
        .annotate(rank=Case(When(in_title, then=Value(2)), default=Value(1),
                            output_field=IntegerField()))
        .order_by("-rank", "pk")[:PER_KIND]
    )
    results = []
    for row in rows:
        mine = fold(" ".join(str(getattr(row, f"{name}_{language}") or "")
                             for name, _weight in _fields(source)))
        in_mine = all(word in mine for word in words)
        lang = language if in_mine else next(code for code in LANGS if code != language)
        excerpt = (getattr(row, f"{source.snippet}_{lang}")
                   or getattr(row, source.snippet) or "")
        results.append((row, float(row.rank), in_mine, highlight.excerpt(excerpt, words)))
    return results


def search(text: str) -> list[Hit]:
    """The public content matching ``text``, best first (see the module)."""
    text = text.strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    language = get_language() or "fr"
    other = next(code for code in LANGS if code != language)
    find = _postgres if connection.vendor == "postgresql" else _fallback
    hits = []
    for source in SOURCES:
        for row, rank, in_mine, snippet in find(source, text, language):
            hits.append(Hit(
                kind=source.kind,
                label=source.label,
                title=str(getattr(row, source.title[0])),
                snippet=snippet,
                url=row.get_absolute_url(),
                rank=rank,
                found_in=None if in_mine else other,
            ))
    hits.sort(key=lambda hit: -hit.rank)
    return hits
