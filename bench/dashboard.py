"""The coordinator dashboard at city scale: query counts, and time as a ratio to raw SQL.

For each scale (default 100k, then 1M activities, grown in place by bench/city.py) and for
the dashboard with no filter, each filter alone and one combination, it measures

* the whole page, /en/coordination/dashboard/?..., through django.test.Client signed in as
  a coordinator with TOTP: the number of SQL queries and the median time over repeats;
* the equivalent raw SQL, run with cursor.execute in the same process, interleaved with the
  page so both see the same caches: the figures the page shows, computed directly
    (a) per priority area: initiatives, active ones, indicators, approved values by state,
        latest approved period;
    (b) per indicator: the inputs of the status rule (approved reported values, their sum,
        numerators, denominators, first and latest periods, the latest four values);
    (c) per lead organisation and per period (GROUPING SETS): updates expected, submitted,
        on time, late, approved, missing, pending;

and reports ratio = page time / raw SQL time ((a)+(b)+(c); (a)+(c) alone is shown too).
Before timing, the raw figures are checked against the dashboard's own selectors, so the
baseline computes the same numbers. Results: a table, and bench/results/dashboard.json.

Targets (the issue): a constant query count from 100k to 1M activities; the page within 2x
of the raw aggregate at 1M.

Usage: python bench/dashboard.py [--scales 100000,1000000] [--repeat 7] [--reset]
       [--explain N] [--try-indexes] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import io
import json
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import city  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TARGET_RATIO = 2.0

# Indexes tried by --try-indexes (created in the bench database only, dropped afterwards).
CANDIDATE_INDEXES = {
    # Approved updates, read by the values queries and "latest approved period": an
    # index-only scan instead of a sequential scan of the wide update rows (narratives).
    "bench_update_approved": (
        "CREATE INDEX IF NOT EXISTS bench_update_approved ON initiatives_progressupdate "
        "(status) INCLUDE (id, initiative_id, period_id)"
    ),
    # Completeness: the state of each (initiative, period) update without the heap.
    "bench_update_obligation": (
        "CREATE INDEX IF NOT EXISTS bench_update_obligation ON initiatives_progressupdate "
        "(initiative_id, period_id) INCLUDE (status, submitted_at)"
    ),
    # Values by indicator with what the status rule reads.
    "bench_value_indicator": (
        "CREATE INDEX IF NOT EXISTS bench_value_indicator ON initiatives_indicatorvalue "
        "(indicator_id) INCLUDE (update_id, state, value, numerator, denominator)"
    ),
}


# --- The cases --------------------------------------------------------------------------------


def cases() -> dict[str, dict[str, Any]]:
    """Query strings of the cases, from the data (deterministic)."""
    from django.db.models import Count, Q

    from initiatives.models import Initiative, ReportingPeriod
    from partners.models import Organisation
    from priorities.models import Plan

    plan = Plan.objects.featured()
    youth = plan.priority_areas.get(slug_en="youth")
    organisation = (
        Organisation.objects.filter(slug__startswith=city.ORG_PREFIX)
        .annotate(n=Count("led_initiatives", distinct=True)
                  + Count("joined_initiatives", distinct=True))
        .order_by("-n", "slug").first()
    )
    q = {name: ReportingPeriod.objects.get(name=name) for name in ("2023-Q4", "2024-Q1",
                                                                    "2024-Q4")}
    assert Initiative.objects.filter(Q(zone="prevention")).exists()
    return {
        "no filter": {},
        "plan": {"plan": plan.pk},
        "area": {"area": youth.pk},
        "zone": {"zone": "prevention"},
        "organisation": {"organisation": organisation.pk},
        "period_from": {"period_from": q["2024-Q1"].pk},
        "period_to": {"period_to": q["2023-Q4"].pk},
        "area+zone+periods": {"area": youth.pk, "zone": "prevention",
                              "period_from": q["2024-Q1"].pk, "period_to": q["2024-Q4"].pk},
    }


def _filters(params: dict[str, Any]):
    from portal.dashboard.forms import DashboardFilterForm

    form = DashboardFilterForm({k: str(v) for k, v in params.items()})
    assert form.is_valid(), form.errors
    return form.filters()


# --- The raw SQL ------------------------------------------------------------------------------


def _scope_sql(filters) -> tuple[str, dict[str, Any]]:
    """The initiatives the filters select (as portal.dashboard.selectors does), as a CTE."""
    where = ["TRUE"]
    params: dict[str, Any] = {}
    if filters.plan is not None:
        where.append(
            "EXISTS (SELECT 1 FROM initiatives_initiative_priority_areas ipa "
            "JOIN priorities_priorityarea pa ON pa.id = ipa.priorityarea_id "
            "WHERE ipa.initiative_id = i.id AND pa.plan_id = %(plan)s)")
        params["plan"] = filters.plan.pk
    if filters.area is not None:
        where.append(
            "EXISTS (SELECT 1 FROM initiatives_initiative_priority_areas ipa "
            "WHERE ipa.initiative_id = i.id AND ipa.priorityarea_id = %(area)s)")
        params["area"] = filters.area.pk
    if filters.zone:
        where.append("i.zone = %(zone)s")
        params["zone"] = filters.zone
    if filters.organisation is not None:
        where.append(
            "(i.lead_id = %(org)s OR EXISTS (SELECT 1 FROM initiatives_initiative_collaborators "
            "c WHERE c.initiative_id = i.id AND c.organisation_id = %(org)s))")
        params["org"] = filters.organisation.pk
    sql = ("scope AS (SELECT i.id, i.status, i.lead_id, i.start, i.\"end\" "
           "FROM initiatives_initiative i WHERE " + " AND ".join(where) + ")")
    return sql, params


def _as_of(filters) -> tuple[str, dict[str, Any]]:
    if filters.period_to is None:
        return "", {}
    return " AND p.\"end\" <= %(as_of)s", {"as_of": filters.period_to.end}


def raw_queries(filters, today: datetime.date) -> dict[str, tuple[str, dict[str, Any]]]:
    scope, params = _scope_sql(filters)
    as_of, as_of_params = _as_of(filters)
    params = {**params, **as_of_params, "today": today, "tz": city.TZ_NAME}
    areas = ""
    if filters.plan is not None:
        areas += " AND pa.plan_id = %(plan)s"
    if filters.area is not None:
        areas += " AND pa.id = %(area)s"
    per_area = f"""
        WITH {scope},
        values_per_initiative AS (
            SELECT ind.initiative_id,
                   count(v.id) FILTER (WHERE v.state = 'reported') AS reported,
                   count(v.id) FILTER (WHERE v.state = 'not_reported') AS not_reported,
                   count(v.id) FILTER (WHERE v.state = 'withheld') AS withheld
            FROM initiatives_indicatorvalue v
            JOIN initiatives_indicator ind ON ind.id = v.indicator_id
            JOIN initiatives_progressupdate u ON u.id = v.update_id
            JOIN initiatives_reportingperiod p ON p.id = u.period_id
            WHERE u.status = 'approved' AND ind.initiative_id IN (SELECT id FROM scope){as_of}
            GROUP BY 1
        ),
        indicators_per_initiative AS (
            SELECT initiative_id, count(*) AS indicators FROM initiatives_indicator
            WHERE initiative_id IN (SELECT id FROM scope) GROUP BY 1
        ),
        latest AS (
            SELECT u.initiative_id, max(p.start) AS latest
            FROM initiatives_progressupdate u
            JOIN initiatives_reportingperiod p ON p.id = u.period_id
            WHERE u.status = 'approved' AND u.initiative_id IN (SELECT id FROM scope){as_of}
            GROUP BY 1
        )
        SELECT pa.id, count(s.id), count(s.id) FILTER (WHERE s.status = 'active'),
               coalesce(sum(n.indicators), 0), coalesce(sum(v.reported), 0),
               coalesce(sum(v.not_reported), 0), coalesce(sum(v.withheld), 0), max(l.latest)
        FROM priorities_priorityarea pa
        LEFT JOIN initiatives_initiative_priority_areas ipa ON ipa.priorityarea_id = pa.id
        LEFT JOIN scope s ON s.id = ipa.initiative_id
        LEFT JOIN indicators_per_initiative n ON n.initiative_id = s.id
        LEFT JOIN values_per_initiative v ON v.initiative_id = s.id
        LEFT JOIN latest l ON l.initiative_id = s.id
        WHERE TRUE{areas}
        GROUP BY pa.id ORDER BY pa.id
    """
    per_indicator = f"""
        WITH {scope}
        SELECT v.indicator_id,
               count(*) FILTER (WHERE v.state = 'reported'),
               count(*) FILTER (WHERE v.state = 'not_reported'),
               count(*) FILTER (WHERE v.state = 'withheld'),
               sum(v.value) FILTER (WHERE v.state = 'reported'),
               sum(v.numerator) FILTER (WHERE v.state = 'reported'),
               count(v.numerator) FILTER (WHERE v.state = 'reported'),
               sum(v.denominator) FILTER (WHERE v.state = 'reported'),
               count(v.denominator) FILTER (WHERE v.state = 'reported'),
               min(p.start) FILTER (WHERE v.state = 'reported'),
               max(p.start) FILTER (WHERE v.state = 'reported'),
               (array_agg(v.value ORDER BY p.start DESC)
                   FILTER (WHERE v.state = 'reported'))[1:4]
        FROM initiatives_indicatorvalue v
        JOIN initiatives_indicator ind ON ind.id = v.indicator_id
        JOIN initiatives_progressupdate u ON u.id = v.update_id
        JOIN initiatives_reportingperiod p ON p.id = u.period_id
        WHERE u.status = 'approved' AND ind.initiative_id IN (SELECT id FROM scope){as_of}
        GROUP BY 1
    """
    periods = ""
    if filters.period_from is not None:
        periods += " AND start >= %(period_from)s"
        params["period_from"] = filters.period_from.start
    if filters.period_to is not None:
        periods += " AND \"end\" <= %(period_to)s"
        params["period_to"] = filters.period_to.end
    completeness = f"""
        WITH {scope},
        periods AS (
            SELECT id, start, "end", due FROM initiatives_reportingperiod
            WHERE "end" < %(today)s{periods}
        ),
        owed AS (
            SELECT s.lead_id, p.id AS period_id, p.due, u.status,
                   coalesce(u.status IN ('submitted', 'approved'), FALSE) AS submitted,
                   (u.submitted_at AT TIME ZONE %(tz)s)::date AS submitted_on
            FROM scope s
            JOIN periods p ON p."end" >= s.start AND (s."end" IS NULL OR p.start <= s."end")
            LEFT JOIN initiatives_progressupdate u
                ON u.initiative_id = s.id AND u.period_id = p.id
        )
        SELECT lead_id, period_id, count(*),
               count(*) FILTER (WHERE submitted),
               count(*) FILTER (WHERE submitted AND (submitted_on IS NULL OR submitted_on <= due)),
               count(*) FILTER (WHERE submitted AND submitted_on > due),
               count(*) FILTER (WHERE status = 'approved'),
               count(*) FILTER (WHERE NOT submitted AND %(today)s > due),
               count(*) FILTER (WHERE NOT submitted AND %(today)s <= due)
        FROM owed
        GROUP BY GROUPING SETS ((lead_id), (period_id), ())
    """
    return {"areas": (per_area, params), "indicators": (per_indicator, params),
            "completeness": (completeness, params)}


def run_raw(queries: dict[str, tuple[str, dict]]) -> tuple[dict[str, list], dict[str, float]]:
    from django.db import connection

    results, times = {}, {}
    with connection.cursor() as cursor:
        for name, (sql, params) in queries.items():
            started = time.perf_counter()
            cursor.execute(sql, params)
            results[name] = cursor.fetchall()
            times[name] = time.perf_counter() - started
    return results, times


def check_raw(filters, raw: dict[str, list], viewer, today) -> list[str]:
    """Differences between the raw SQL figures and the dashboard selectors' (none, we hope)."""
    from portal.dashboard import selectors

    problems = []
    overview = selectors.dashboard_overview(viewer=viewer, filters=filters)
    completeness = selectors.dashboard_completeness(
        viewer=viewer, filters=filters, initiatives=overview.initiatives, today=today)
    want_areas = {
        s.area.pk: (s.initiatives, s.active, s.indicators,
                    s.latest_period.start if s.latest_period else None)
        for s in overview.areas
    }
    got_areas = {row[0]: (row[1], row[2], row[3], row[7]) for row in raw["areas"]}
    if want_areas != got_areas:
        problems.append(f"areas: dashboard {want_areas} != raw {got_areas}")
    # The overview's statuses come from the standings table; the rows (the downloads) from
    # the values themselves: both must agree.
    stale = [pk for pk, row in overview.rows.items()
             if overview.summaries.get(pk, (None,))[0] != row.summary]
    if stale:
        problems.append(f"standings differ from the values for {len(stale)} indicators, "
                        f"e.g. {stale[:3]}")
    got_ind = {row[0]: (row[1], row[2], row[3], row[4]) for row in raw["indicators"]}
    for pk, row in overview.rows.items():
        s = row.summary
        want = (s.points, s.not_reported, s.withheld)
        got = got_ind.get(pk, (0, 0, 0, None))[:3]
        if s.points + s.not_reported + s.withheld and want != got:
            problems.append(f"indicator {pk}: dashboard {want} != raw {got}")
            break

    def counts(r):
        return (r.expected, r.submitted, r.on_time, r.late, r.approved, r.missing, r.pending)

    want_org = {r.organisation.pk: counts(r) for r in completeness.by_organisation if r.expected}
    want_period = {r.period.pk: counts(r) for r in completeness.by_period}
    got_org, got_period, got_total = {}, {}, None
    for lead, period, *figures in raw["completeness"]:
        if lead is not None:
            got_org[lead] = tuple(figures)
        elif period is not None:
            got_period[period] = tuple(figures)
        else:
            got_total = tuple(figures)
    if want_org != got_org:
        problems.append("completeness by organisation differs")
    if want_period != got_period:
        problems.append(f"completeness by period: {want_period} != {got_period}")
    if completeness.total.expected and counts(completeness.total) != got_total:
        problems.append(f"completeness total: {counts(completeness.total)} != {got_total}")
    return problems


# --- Measuring --------------------------------------------------------------------------------


def _client():
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(city.bench_coordinator())
    return client


def dashboard_url(params: dict[str, Any]) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        url = reverse("coordination:dashboard")
    return url + ("?" + urlencode(params) if params else "")


def measure_case(client, params: dict[str, Any], repeat: int, today) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = dashboard_url(params)
    filters = _filters(params)
    queries = raw_queries(filters, today)
    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    assert b"<h1" in response.content
    run_raw(queries)
    page_times, raw_times, parts = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        _, part = run_raw(queries)
        raw_times.append(time.perf_counter() - started)
        parts.append(part)
        started = time.perf_counter()
        response = client.get(url)
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    captured = [(float(q["time"]), q["sql"]) for q in ctx.captured_queries]
    captured.sort(key=lambda item: -item[0])
    page = statistics.median(page_times)
    raw = statistics.median(raw_times)
    raw_ac = statistics.median(p["areas"] + p["completeness"] for p in parts)
    return {
        "url": url,
        "queries": len(ctx.captured_queries),
        "page_median_s": page,
        "raw_median_s": raw,
        "raw_parts_median_s": {k: statistics.median(p[k] for p in parts) for k in parts[0]},
        "ratio": page / raw,
        "ratio_areas_completeness": page / raw_ac,
        "sql_time_in_page_s": sum(t for t, _ in captured),
        "slowest_queries": [{"time_s": t, "sql": sql} for t, sql in captured[:5]],
    }


def page_sql_time(client, params: dict[str, Any], repeat: int) -> dict[str, Any]:
    """The page's own SELECTs, re-run one by one (median of ``repeat``): the database's
    share of the page, without the noise of the Python around it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(dashboard_url(params))
    rows = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                times.append(time.perf_counter() - started)
            rows.append((statistics.median(times), sql))
    rows.sort(key=lambda row: -row[0])
    return {"total_s": sum(t for t, _ in rows),
            "top": [{"time_s": t, "sql": sql[:160]} for t, sql in rows[:5]]}


def breakdown(params: dict[str, Any], repeat: int) -> dict[str, float]:
    """Median time of each public selector the view calls (the rest is the view, the
    middleware and the template)."""
    from portal.dashboard import selectors

    viewer = city.bench_coordinator()
    filters = _filters(params)

    def median(fn) -> tuple[float, Any]:
        times, out = [], None
        for _ in range(repeat):
            started = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - started)
        return statistics.median(times), out

    out: dict[str, float] = {}
    try:
        out["dashboard_overview_s"], overview = median(
            lambda: selectors.dashboard_overview(viewer=viewer, filters=filters))
        out["dashboard_completeness_s"], _ = median(
            lambda: selectors.dashboard_completeness(
                viewer=viewer, filters=filters, overview=overview))
        out["dashboard_initiative_summaries_s"], _ = median(
            lambda: selectors.dashboard_initiative_summaries(
                viewer=viewer, overview=overview, initiatives=overview.initiatives[:20]))
    except (TypeError, AttributeError) as error:  # the selectors changed their signatures
        out["error"] = repr(error)  # type: ignore[assignment]
    return out


def code_fingerprint() -> dict[str, str]:
    """Which version of the dashboard was measured (the tree is edited concurrently)."""
    import hashlib
    import subprocess

    files = sorted([*ROOT.glob("portal/dashboard/*.py"), ROOT / "initiatives/selectors.py",
                    *ROOT.glob("templates/dashboard/*.html")])
    out = {str(f.relative_to(ROOT)): hashlib.sha1(f.read_bytes()).hexdigest()[:12]
           for f in files if f.exists()}
    with contextlib.suppress(OSError):
        out["git HEAD"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
            check=False).stdout.strip()
    return out


def profile_case(client, params: dict[str, Any], top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(dashboard_url(params))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure_all(client, repeat: int, today, *, check: bool) -> dict[str, Any]:
    results = {}
    viewer = city.bench_coordinator()
    for name, params in cases().items():
        problems: list[str] = []
        if check:
            filters = _filters(params)
            raw, _ = run_raw(raw_queries(filters, today))
            problems = check_raw(filters, raw, viewer, today)
            if problems:
                print(f"  ! {name}: the raw SQL disagrees with the dashboard: {problems}")
        row = measure_case(client, params, repeat, today)
        row["params"] = params
        row["raw_matches_dashboard"] = (not problems) if check else None
        results[name] = row
        print(f"  {name:20} {row['queries']:4d} queries  page {row['page_median_s'] * 1000:7.1f}"
              f" ms  raw {row['raw_median_s'] * 1000:6.1f} ms  ratio {row['ratio']:5.1f}",
              flush=True)
    return results


def print_table(scales: list[int], measured: dict[int, dict[str, Any]]) -> None:
    names = list(next(iter(measured.values())))
    head = f"{'case':20}"
    for scale in scales:
        label = f"{scale // 1000}k"
        head += f" | {label + ' q':>7} {'page ms':>8} {'raw ms':>7} {'ratio':>6} {'(a+c)':>6}"
    print(head)
    print("-" * len(head))
    for name in names:
        line = f"{name:20}"
        for scale in scales:
            row = measured[scale][name]
            line += (f" | {row['queries']:7d} {row['page_median_s'] * 1000:8.1f} "
                     f"{row['raw_median_s'] * 1000:7.1f} {row['ratio']:6.1f} "
                     f"{row['ratio_areas_completeness']:6.1f}")
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="100000,1000000",
                        help="comma-separated activity counts, measured in this order")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reset", action="store_true", help="recreate the bench database")
    parser.add_argument("--explain", type=int, default=3,
                        help="EXPLAIN ANALYZE the N slowest page queries at the last scale")
    parser.add_argument("--try-indexes", action="store_true",
                        help="at the last scale, create candidate indexes, measure, drop them")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile one no-filter page at the last scale")
    parser.add_argument("--no-check", action="store_true",
                        help="skip checking the raw SQL against the selectors")
    args = parser.parse_args()
    scales = [int(s.replace("_", "")) for s in args.scales.split(",")]

    total_started = time.perf_counter()
    database = city.configure(reset=args.reset)
    from django.db import connection
    from django.utils import timezone

    generation: dict[str, Any] = {"prepare": city.prepare_database()}
    today = timezone.localdate()
    measured: dict[int, dict[str, Any]] = {}
    datasets = {}
    breakdowns: dict[str, Any] = {}
    fingerprint = code_fingerprint()
    client = None
    for scale in scales:
        print(f"dataset: {scale:,} activities ...", flush=True)
        info = city.ensure_city(activities=scale)
        generation[str(scale)] = info["timings"]
        datasets[str(scale)] = info["counts"]
        print(f"  ready: {json.dumps(info['timings'], default=str)}", flush=True)
        if client is None:
            client = _client()
        measured[scale] = measure_all(client, args.repeat, today, check=not args.no_check)
        breakdowns[str(scale)] = breakdown({}, args.repeat)
        print(f"  no filter, by selector (s): {json.dumps(breakdowns[str(scale)])}", flush=True)

    last = scales[-1]
    extras: dict[str, Any] = {}
    if args.explain:
        seen, plans = set(), []
        rows = sorted(
            (q for row in measured[last].values() for q in row["slowest_queries"]),
            key=lambda q: -q["time_s"])
        for query in rows:
            key = query["sql"][:200]
            if key in seen or not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            seen.add(key)
            plans.append({"time_s": query["time_s"], "sql": query["sql"],
                          "plan": explain(query["sql"])})
            if len(plans) >= args.explain:
                break
        extras["explain"] = plans
    if args.profile:
        extras["profile"] = profile_case(client, {})
    if args.try_indexes:
        sql_before = {name: page_sql_time(client, params, args.repeat)
                      for name, params in cases().items()}
        with connection.cursor() as cursor:
            for sql in CANDIDATE_INDEXES.values():
                cursor.execute(sql)
            cursor.execute("ANALYZE initiatives_progressupdate, initiatives_indicatorvalue")
        try:
            print(f"with candidate indexes {list(CANDIDATE_INDEXES)}:", flush=True)
            extras["with_indexes"] = {
                "indexes": CANDIDATE_INDEXES,
                "results": measure_all(client, args.repeat, today, check=False),
                "page_sql_before": sql_before,
                "page_sql_after": {name: page_sql_time(client, params, args.repeat)
                                   for name, params in cases().items()},
            }
        finally:
            with connection.cursor() as cursor:
                for name in CANDIDATE_INDEXES:
                    cursor.execute(f"DROP INDEX IF EXISTS {name}")

    print()
    for scale in scales:
        print(f"dataset at {scale:,} activities: {json.dumps(datasets[str(scale)])}")
    print(f"\ngeneration timings (s): {json.dumps(generation, default=str)}\n")
    print_table(scales, measured)
    counts_constant = all(
        measured[scales[0]][name]["queries"] == measured[s][name]["queries"]
        for s in scales for name in measured[s])
    worst = max(row["ratio"] for row in measured[last].values())
    print(f"\nquery count constant across scales: {counts_constant}; worst ratio at "
          f"{last:,}: {worst:.1f} (target <= {TARGET_RATIO})")
    if "with_indexes" in extras:
        print("\nwith the candidate indexes, at the last scale:")
        trial = extras["with_indexes"]
        for name, row in trial["results"].items():
            before = measured[last][name]
            sql_b = trial["page_sql_before"][name]["total_s"]
            sql_a = trial["page_sql_after"][name]["total_s"]
            print(f"  {name:20} page SQL {sql_b * 1000:6.1f} -> {sql_a * 1000:6.1f} ms; page "
                  f"{before['page_median_s'] * 1000:7.1f} -> {row['page_median_s'] * 1000:7.1f}"
                  f" ms; raw {before['raw_median_s'] * 1000:6.1f} -> "
                  f"{row['raw_median_s'] * 1000:6.1f} ms; ratio {row['ratio']:.1f}")
    for plan in extras.get("explain", []):
        print(f"\n--- {plan['time_s'] * 1000:.1f} ms: {plan['sql'][:300]}...\n{plan['plan']}")
    if "profile" in extras:
        print("\n" + extras["profile"])

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "dashboard.json"
    out.write_text(json.dumps({
        "database": database, "today": today.isoformat(), "repeat": args.repeat,
        "code": fingerprint, "breakdown_no_filter": breakdowns,
        "datasets": datasets, "generation": generation,
        "results": {str(s): measured[s] for s in scales},
        "query_count_constant": counts_constant, "worst_ratio_at_last_scale": worst,
        "target_ratio": TARGET_RATIO, **extras,
        "total_s": time.perf_counter() - total_started,
    }, indent=2, default=str))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
