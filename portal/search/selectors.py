"""Public search across plans, priority areas, initiatives, organisations and events, in
both languages; only what the public pages show.

On PostgreSQL: full-text search with the French configuration over the French fields and
the English one over the English fields, both accent-folded (``unaccent``), titles weighted
over summaries over bodies (A, B, C), ranked by ``ts_rank``; a word in either language finds
the content, and a result found only through the other language's text is marked with that
language. On SQLite (``make run``): every word must appear (``icontains``) in a field of
either language; titles first.

A constant number of queries: one per kind of content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from initiatives.models import Event, Initiative
from partners.models import Organisation
from priorities.models import Plan, PriorityArea

MAX_QUERY_LENGTH = 200
PER_KIND = 20
LANGS = {"fr": "french", "en": "english"}


@dataclass(frozen=True)
class Source:
    kind: str
    label: object
    queryset: Callable[[], QuerySet]
    title: tuple[str, ...]
    summary: tuple[str, ...]
    body: tuple[str, ...]
    snippet: str


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
    snippet: str
    url: str
    rank: float
    # The language whose text matched, when it is not the page's (None otherwise).
    found_in: str | None


def _fields(source: Source) -> list[tuple[str, str]]:
    return ([(f, "A") for f in source.title] + [(f, "B") for f in source.summary]
            + [(f, "C") for f in source.body])


def _unaccent(expression):
    return Func(expression, function="unaccent", output_field=TextField())


def _postgres(source: Source, text: str, language: str) -> list[tuple[object, float, bool]]:
    """(object, rank, matched in the page's language) of the best matches."""
    annotations = {}
    condition = Q()
    ranks = {}
    matched = {}
    for lang, config in LANGS.items():
        vector = None
        for name, weight in _fields(source):
            text_field = Coalesce(F(f"{name}_{lang}"), Value(""), output_field=TextField())
            part = SearchVector(_unaccent(text_field),
                                config=config, weight=weight)
            vector = part if vector is None else vector + part
        query = SearchQuery(_unaccent(Value(text)), config=config, search_type="websearch")
        annotations[f"vector_{lang}"] = vector
        ranks[lang] = SearchRank(F(f"vector_{lang}"), query)
        matched[f"matched_{lang}"] = ExpressionWrapper(Q(**{f"vector_{lang}": query}),
                                                       output_field=BooleanField())
        condition |= Q(**{f"vector_{lang}": query})
    rows = (
        source.queryset().annotate(**annotations).filter(condition)
        .annotate(rank=Greatest(ranks["fr"], ranks["en"], output_field=FloatField()),
                  **matched)
        .order_by("-rank", "pk")[:PER_KIND]
    )
    return [(row, row.rank, getattr(row, f"matched_{language}")) for row in rows]


def _fallback(source: Source, text: str, language: str) -> list[tuple[object, float, bool]]:
    words = text.split()[:10]
    condition = Q()
    for word in words:
        any_field = Q()
        for name, _weight in _fields(source):
            for lang in LANGS:
                any_field |= Q(**{f"{name}_{lang}__icontains": word})
        condition &= any_field
    in_title = Q()
    for name in source.title:
        for lang in LANGS:
            in_title |= Q(**{f"{name}_{lang}__icontains": text})
    rows = (
        source.queryset().filter(condition)
        .annotate(rank=Case(When(in_title, then=Value(2)), default=Value(1),
                            output_field=IntegerField()))
        .order_by("-rank", "pk")[:PER_KIND]
    )
    results = []
    for row in rows:
        mine = " ".join(str(getattr(row, f"{name}_{language}") or "")
                        for name, _weight in _fields(source)).lower()
        results.append((row, float(row.rank), all(w.lower() in mine for w in words)))
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
        for row, rank, in_mine in find(source, text, language):
            hits.append(Hit(
                kind=source.kind,
                label=source.label,
                title=str(getattr(row, source.title[0])),
                snippet=Truncator(getattr(row, source.snippet) or "").words(40),
                url=row.get_absolute_url(),
                rank=rank,
                found_in=None if in_mine else other,
            ))
    hits.sort(key=lambda hit: -hit.rank)
    return hits
