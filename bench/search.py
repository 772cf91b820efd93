"""The public search at city scale (PostgreSQL): p95 in process, with and without the GIN
indexes, and the plans.

Usage (the dataset of bench/city.py; ``bench/all.py`` runs it with every other benchmark)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_city \
        .venv/bin/python bench/search.py [--repeat 40] [--activities 1000000]

For a one-word and a three-word query in each language, ``portal.search.selectors.search``
(the five queries of the results page, rows and snippets, no template) is timed ``repeat``
times in each of these modes, interleaved in the same sitting:

* ``gin``: as in production (stored vectors, GIN indexes of the migration
  api/0004_stored_search_vectors; the planner chooses);
* ``no index`` (baseline): the same SQL with ``enable_bitmapscan`` and ``enable_indexscan``
  off (every row's stored vector is read);
* ``icontains``: the SQLite fallback (every word in a field, ``ILIKE``) on PostgreSQL, for
  reference;
* ``page``: the whole results page (``/fr/recherche/?q=…``, ``/en/search/?q=…``) through
  ``django.test.Client``: middleware, view, search and template, as a visitor gets it (not
  from the page cache: a search is never cached).

Reported: p95 and median (ms) per query and mode, the ratio gin / no index, and the target
(p95 <= 50 ms, for ``gin`` and ``page``). Then ``EXPLAIN (ANALYZE, BUFFERS)`` of the
initiatives' query (the largest table) for every query, and for a rarer word, each marked
with whether the plan reads the GIN indexes. With stored vectors the whole table's vectors
are 163 pages at city scale: for a word found in a fifth of the initiatives the planner
rightly reads them all (about 1 ms) rather than the index; for rarer words and for
several words it reads the GIN indexes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import city  # noqa: E402

TARGET_P95_MS = 50
QUERIES = (
    ("fr", "prevention"),                    # accent-less: finds « prévention »
    ("fr", "concertation emploi jeunes"),
    ("en", "workshops"),
    ("en", "community gardens workshops"),
)
MODES = ("gin", "no index", "icontains", "page")
# Explained as well: a word found in fewer rows (the planner then reads the indexes).
EXPLAINED = (*QUERIES, ("fr", "traite"))


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _set_mode(mode: str) -> None:
    from django.db import connection

    value = "off" if mode == "no index" else "on"
    with connection.cursor() as cursor:
        cursor.execute(f"SET enable_bitmapscan = {value}")
        cursor.execute(f"SET enable_indexscan = {value}")


def _run(mode: str, lang: str, text: str) -> tuple[float, int]:
    import time

    from django.utils import translation

    from portal.search import selectors

    with translation.override(lang):
        if mode == "icontains":  # the fallback's rows and snippets, one query per kind
            started = time.perf_counter()
            hits = [row for source in selectors.SOURCES
                    for row in selectors._fallback(source, text, lang)]
        elif mode == "page":
            from django.test import Client
            from django.urls import reverse

            address = reverse("search:results")
            started = time.perf_counter()
            response = Client().get(address, {"q": text})
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            return elapsed, response.content.count(b'class="search-kind"')
        else:
            started = time.perf_counter()
            hits = selectors.search(text)
        return time.perf_counter() - started, len(hits)


def measure(repeat: int) -> dict[str, Any]:
    """{query: {mode: {p95_ms, median_ms, hits}}}, modes interleaved."""
    times: dict[tuple[str, str, str], list[float]] = {}
    counts: dict[tuple[str, str, str], int] = {}
    for lang, text in QUERIES:  # warm-up: caches, dictionaries
        for mode in MODES:
            _set_mode(mode)
            _run(mode, lang, text)
    for _ in range(repeat):
        for lang, text in QUERIES:
            for mode in MODES:
                _set_mode(mode)
                elapsed, found = _run(mode, lang, text)
                times.setdefault((lang, text, mode), []).append(elapsed)
                counts[(lang, text, mode)] = found
    _set_mode("gin")
    results: dict[str, Any] = {}
    for (lang, text, mode), values in times.items():
        results.setdefault(f"{lang}: {text}", {})[mode] = {
            "p95_ms": _p95(values) * 1000, "median_ms": statistics.median(values) * 1000,
            "hits": counts[(lang, text, mode)]}
    return results


def explain() -> dict[str, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the initiatives' query for each query of EXPLAINED."""
    from django.db import connection

    from portal.search import selectors

    source = next(s for s in selectors.SOURCES if s.kind == "initiative")
    plans = {}
    _set_mode("gin")
    for lang, text in EXPLAINED:
        queryset = selectors.postgres_queryset(source, text, language=lang)
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plans[f"{lang}: {text}"] = "\n".join(row[0] for row in cursor.fetchall())
    return plans


def print_results(results: dict[str, Any], plans: dict[str, str]) -> None:
    print(f"search at city scale (p95 / median in ms; target p95 <= {TARGET_P95_MS} ms; "
          "ratio = gin / no index):")
    print(f"  {'query':34} " + " ".join(f"{m:>15}" for m in MODES) + f" {'ratio':>6}  hits")
    for query, modes in results.items():
        cells = [f"{modes[m]['p95_ms']:6.1f} /{modes[m]['median_ms']:6.1f}" for m in MODES]
        ratio = modes["gin"]["p95_ms"] / modes["no index"]["p95_ms"]
        worst = max(modes["gin"]["p95_ms"], modes["page"]["p95_ms"])
        flag = "" if worst <= TARGET_P95_MS else "  ABOVE TARGET"
        print(f"  {query:34} " + " ".join(f"{c:>15}" for c in cells) + f" {ratio:6.2f}  "
              + "/".join(str(modes[m]["hits"]) for m in MODES) + flag)
    for query, plan in plans.items():
        print(f"  EXPLAIN, initiatives, {query}: GIN index used: {'_search_' in plan}")
    for query, plan in plans.items():
        used = "_search_" in plan
        print(f"\nEXPLAIN ANALYZE, initiatives, {query} (GIN index used: {used}):\n{plan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--activities", type=int, default=1_000_000)
    args = parser.parse_args()
    city.configure()
    city.prepare_database()
    info = city.ensure_city(activities=args.activities)
    print(f"city data: {json.dumps(info['counts'])}")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    results = measure(args.repeat)
    plans = explain()
    print_results(results, plans)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "search.json").write_text(json.dumps({"results": results, "plans": plans},
                                                indent=2, default=str))


if __name__ == "__main__":
    main()
