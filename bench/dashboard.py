"""The coordinator dashboard at city scale: query counts, and time as a ratio to raw SQL.

For each scale (default 100k, then 1M activities, grown in place by bench/city.py) and for
the dashboard with no filter, each filter alone and one combination, it measures

* the whole page, /en/coordination/dashboard/?..., through django.test.Client signed in as
  a coordinator with TOTP: the number of SQL queries and the median time over repeats;
* the fair raw SQL, run with cursor.execute in the same process, interleaved with the
  page so both see the same caches: exactly what the page shows, nothing more, reading
  the standings (the summary table the page reads) where the page does
  (:func:`raw_queries`): per priority area the initiatives, active ones, indicators on
  track / behind / without enough data (the status rule in SQL) and the latest approved
  period; the count of initiatives and the first page's 20 with their indicators'
  standing rows and last approved update; completeness per lead, per period and in all
  (GROUPING SETS); every overdue update, longest overdue first, with its lead's contacts;

and reports ratio = page time / raw SQL time. Before timing, every figure of the raw SQL is
checked against the page's selectors (:func:`check_raw`), so the baseline computes the same
numbers; the standings are checked against the values too. ``--explain-raw`` prints
EXPLAIN (ANALYZE, BUFFERS) of each fair query; the indicators CSV download is timed too.
Results: a table, and bench/results/dashboard.json.

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
import hashlib
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


# The status rule (portal/dashboard/status.py, indicator_status) over one standing row per
# indicator, in SQL: what a competent engineer would write to count statuses per area.
STATUS_SQL = """
    WITH {scope},
    standing_period AS (
        SELECT id FROM initiatives_reportingperiod p WHERE TRUE{as_of}
        ORDER BY p."end" DESC, p.start DESC, p.id DESC LIMIT 1
    ),
    figures AS (
        SELECT ind.id, ind.initiative_id, ind.unit, ind.aggregation, ind.direction,
               ind.target, coalesce(ind.target_date, s."end") AS target_date,
               ind.baseline, ind.baseline_date, s.start AS starts,
               coalesce(st.points, 0) AS points,
               CASE WHEN coalesce(st.points, 0) = 0 THEN NULL
                    WHEN ind.aggregation = 'latest' THEN (st.recent -> -1 ->> 1)::numeric
                    WHEN ind.aggregation = 'average' THEN st.total / st.points
                    WHEN ind.unit = 'percent' THEN CASE
                        WHEN st.numerators IS NOT NULL AND st.denominators <> 0
                            THEN st.numerators * 100.0 / st.denominators
                        ELSE st.total / st.points END
                    ELSE st.total END AS progress,
               latest.end AS latest_end,
               (st.first ->> 1)::numeric AS first_value,
               first_period.start AS first_start{figures_carry}
        FROM scope s
        JOIN initiatives_indicator ind ON ind.initiative_id = s.id
        LEFT JOIN portal_indicatorstanding st
            ON st.indicator_id = ind.id AND st.period_id = (SELECT id FROM standing_period)
        LEFT JOIN initiatives_reportingperiod latest
            ON latest.id = (st.recent -> -1 ->> 0)::int
        LEFT JOIN initiatives_reportingperiod first_period
            ON first_period.id = (st.first ->> 0)::int
    ),
    line AS (
        SELECT f.*,
               (f.aggregation = 'sum' AND f.unit = 'count') AS running_total,
               coalesce(f.baseline, CASE WHEN f.aggregation = 'sum' AND f.unit = 'count'
                                         THEN 0 ELSE f.first_value END) AS start_value,
               coalesce(f.baseline_date,
                        CASE WHEN f.aggregation = 'sum' AND f.unit = 'count'
                                  AND f.starts IS NOT NULL THEN f.starts
                             ELSE f.first_start END) AS start_date
        FROM figures f
    ),
    status AS (
        SELECT l.id, l.initiative_id, CASE
            WHEN l.target IS NULL OR l.points < 2 OR l.progress IS NULL THEN 'not_enough_data'
            WHEN CASE WHEN l.direction = 'down' THEN l.progress <= l.target
                      ELSE l.progress >= l.target END THEN 'on_track'
            WHEN l.target_date IS NULL THEN 'not_enough_data'
            WHEN l.latest_end >= l.target_date THEN 'behind'
            WHEN l.span <= 0 THEN 'behind'
            -- The straight line from the start to the target, multiplied out by its span
            -- (exact): progress * span against start * span + (target - start) * elapsed.
            WHEN CASE WHEN l.direction = 'down'
                      THEN l.progress * l.span <= l.start_value * l.span
                           + (l.target - l.start_value) * l.elapsed
                      ELSE l.progress * l.span >= l.start_value * l.span
                           + (l.target - l.start_value) * l.elapsed END THEN 'on_track'
            ELSE 'behind'
            END AS status{status_carry}
        FROM (
            SELECT line.*, line.target_date - line.start_date AS span,
                   least(greatest(line.latest_end - line.start_date, 0),
                         line.target_date - line.start_date) AS elapsed
            FROM line
        ) l
    ),
    per_initiative AS (
        SELECT initiative_id,
               count(*) FILTER (WHERE status = 'on_track') AS on_track,
               count(*) FILTER (WHERE status = 'behind') AS behind,
               count(*) FILTER (WHERE status = 'not_enough_data') AS not_enough_data
        FROM status GROUP BY 1
    ),
    latest_approved AS (
        SELECT u.initiative_id, max(p.start) AS latest
        FROM initiatives_progressupdate u
        JOIN initiatives_reportingperiod p ON p.id = u.period_id
        WHERE u.status = 'approved' AND u.initiative_id IN (SELECT id FROM scope){as_of}
        GROUP BY 1
    )
    SELECT pa.id, count(s.id), count(s.id) FILTER (WHERE s.status = 'active'),
           coalesce(sum(n.on_track), 0), coalesce(sum(n.behind), 0),
           coalesce(sum(n.not_enough_data), 0), max(l.latest)
    FROM priorities_priorityarea pa
    LEFT JOIN initiatives_initiative_priority_areas ipa ON ipa.priorityarea_id = pa.id
    LEFT JOIN scope s ON s.id = ipa.initiative_id
    LEFT JOIN per_initiative n ON n.initiative_id = s.id
    LEFT JOIN latest_approved l ON l.initiative_id = s.id
    WHERE TRUE{areas}
    GROUP BY pa.id ORDER BY pa.id
"""


# The status CTEs of STATUS_SQL (everything before the per-initiative counts): the fair
# SQL of the indicators download reuses them, one status per indicator, carrying through
# {figures_carry} and {status_carry} what its final SELECT shows of each indicator and of
# its standing row, so the standings are read once (the per-area counts carry nothing).
STATUS_CTES = STATUS_SQL[:STATUS_SQL.index("    per_initiative AS (")].rstrip().rstrip(",")
NO_CARRY = {"figures_carry": "", "status_carry": ""}

# What the indicators download's final SELECT reads of each indicator and its standing,
# carried from the figures CTE (which read them) through the status CTE.
CSV_CARRY = ("unit", "direction", "target", "points", "question", "name_en", "order",
             "own_target_date", "progress", "recent", "not_reported", "withheld")
CSV_FIGURES_CARRY = """,
               ind.question, ind.name_en, ind."order", ind.target_date AS own_target_date,
               st.recent, coalesce(st.not_reported, 0) AS not_reported,
               coalesce(st.withheld, 0) AS withheld"""

# The trend rule (portal/dashboard/status.py, trend) over the latest two points of a
# standing, in SQL; %(threshold)s is the suppression threshold.
TREND_SQL = """
    CASE WHEN coalesce(jsonb_array_length(ind.recent), 0) < 2 THEN 'no_clear_change'
         WHEN t.b = t.a THEN 'no_clear_change'
         WHEN NOT CASE
            WHEN ind.unit = 'percent' THEN CASE
                WHEN t.x1 IS NOT NULL AND t.n1 IS NOT NULL AND t.x2 IS NOT NULL
                     AND t.n2 IS NOT NULL AND t.n1 <> 0 AND t.n2 <> 0 THEN
                    least(t.x1, t.x2, t.n1 - t.x1, t.n2 - t.x2) >= %(threshold)s
                    AND t.se > 0 AND abs(t.x2::float8 / t.n2 - t.x1::float8 / t.n1) >= 2 * t.se
                ELSE abs(t.b - t.a) >= 5 END
            ELSE t.a >= %(threshold)s AND t.b >= %(threshold)s
                 AND abs(t.b - t.a) >= %(threshold)s
                 AND abs(t.b - t.a)::float8 >= 2 * sqrt((t.a + t.b)::float8) END
            THEN 'no_clear_change'
         WHEN (t.b > t.a) = (ind.direction <> 'down') THEN 'improving'
         ELSE 'worsening' END
"""


def csv_raw_query(filters) -> tuple[str, dict[str, Any]]:
    """The fair SQL of the indicators download: one row per indicator of the scope with
    what the file shows (initiative, lead, question, indicator, unit, latest value,
    progress, target and its date, share of the target, status, trend, counts of values),
    status and trend by the rules in SQL, in the file's order."""
    from django.conf import settings

    scope, params = _scope_sql(filters)
    as_of, as_of_params = _as_of(filters)
    params = {**params, **as_of_params, "threshold": settings.SUPPRESSION_THRESHOLD}
    carry = "".join(f', l."{c}"' if c == "order" else f", l.{c}" for c in CSV_CARRY)
    sql = STATUS_CTES.format(scope=scope, as_of=as_of, areas="",
                             figures_carry=CSV_FIGURES_CARRY, status_carry=carry) + f"""
    SELECT i.title_en, lead.name_en, ind.question, ind.name_en, ind.unit,
           (ind.recent -> -1 ->> 1)::numeric AS latest, round(ind.progress, 2),
           ind.target, ind.own_target_date,
           CASE WHEN ind.progress IS NULL OR coalesce(ind.target, 0) = 0 THEN NULL
                WHEN ind.direction = 'down' THEN
                    CASE WHEN ind.progress = 0 THEN NULL
                         ELSE round(ind.target * 100 / ind.progress) END
                ELSE round(ind.progress * 100 / ind.target) END AS percent_of_target,
           ind.status, {TREND_SQL} AS trend,
           ind.points, ind.not_reported, ind.withheld
    FROM status ind
    JOIN initiatives_initiative i ON i.id = ind.initiative_id
    JOIN partners_organisation lead ON lead.id = i.lead_id
    LEFT JOIN LATERAL (
        SELECT (ind.recent -> -2 ->> 1)::numeric AS a, (ind.recent -> -1 ->> 1)::numeric AS b,
               (ind.recent -> -2 ->> 2)::bigint AS x1, (ind.recent -> -2 ->> 3)::bigint AS n1,
               (ind.recent -> -1 ->> 2)::bigint AS x2, (ind.recent -> -1 ->> 3)::bigint AS n2,
               CASE WHEN (ind.recent -> -2 ->> 3)::bigint + (ind.recent -> -1 ->> 3)::bigint > 0
                    THEN sqrt(greatest(0, p.pooled * (1 - p.pooled))
                              * (1.0 / nullif((ind.recent -> -2 ->> 3)::bigint, 0)
                                 + 1.0 / nullif((ind.recent -> -1 ->> 3)::bigint, 0)))
                    END::float8 AS se
        FROM (SELECT ((ind.recent -> -2 ->> 2)::bigint
                      + (ind.recent -> -1 ->> 2)::bigint)::float8
                     / nullif((ind.recent -> -2 ->> 3)::bigint
                              + (ind.recent -> -1 ->> 3)::bigint, 0) AS pooled) p
    ) t ON TRUE
    ORDER BY ind.initiative_id, ind."order", ind.id
    """
    return sql, params


def check_csv(filters, rows: list[tuple], viewer) -> list[str]:
    """Differences between the fair SQL of the indicators download and the file's table
    (the status and the trend of every indicator, the counts, the share of the target)."""
    from django.utils import translation

    from portal.dashboard import exports, selectors

    with translation.override("en"):
        overview = selectors.dashboard_overview(viewer=viewer, filters=filters, areas=False)
        table = exports.indicators_table(overview)
        statuses = {str(v): k for k, v in selectors.rule.STATUS_LABELS.items()}
        trends = {str(v): k for k, v in selectors.rule.TREND_LABELS.items()}
    want = [(r[3], statuses[r[10]], trends[r[11]], r[12], r[13], r[14],
             None if r[9] is None else int(r[9])) for r in table.rows]
    got = [(r[3], r[10], r[11], r[12], r[13], r[14],
            None if r[9] is None else int(r[9])) for r in rows]
    if want == got:
        return []
    wrong = [(a, b) for a, b in zip(want, got, strict=False) if a != b]
    return [f"indicators CSV: {len(want)} rows in the file, {len(got)} in SQL, "
            f"{len(wrong)} differ, e.g. {wrong[:2]}"]


def raw_queries(filters, today: datetime.date) -> dict[str, tuple[str, dict[str, Any]]]:
    """The fair SQL: exactly what the page shows, nothing more, reading the standings (the
    summary table the page reads) as the page does.

    * areas: per priority area, initiatives, active ones, indicators on track / behind /
      without enough data (the status rule in SQL over one standing row per indicator),
      the latest approved period;
    * page: how many initiatives, and the first page's 20 (by title) with each indicator's
      standing row and the initiative's last approved update;
    * completeness: per lead, per period and in all (GROUPING SETS);
    * overdue: every overdue update (the page lists 50 and counts them all), longest
      overdue first, with its lead's contacts.
    """
    scope, params = _scope_sql(filters)
    as_of, as_of_params = _as_of(filters)
    params = {**params, **as_of_params, "today": today, "tz": city.TZ_NAME}
    areas = ""
    if filters.plan is not None:
        areas += " AND pa.plan_id = %(plan)s"
    if filters.area is not None:
        areas += " AND pa.id = %(area)s"
    per_area = STATUS_SQL.format(scope=scope, as_of=as_of, areas=areas, **NO_CARRY)
    page = f"""
        WITH {scope},
        standing_period AS (
            SELECT id FROM initiatives_reportingperiod p WHERE TRUE{as_of}
            ORDER BY p."end" DESC, p.start DESC, p.id DESC LIMIT 1
        ),
        shown AS (
            SELECT s.id, i.title_en, count(*) OVER () AS initiatives
            FROM scope s JOIN initiatives_initiative i ON i.id = s.id
            ORDER BY i.title_en, s.id LIMIT 20
        ),
        last_update AS (
            SELECT DISTINCT ON (u.initiative_id) u.initiative_id, u.period_id, u.reviewed_at
            FROM initiatives_progressupdate u
            JOIN initiatives_reportingperiod p ON p.id = u.period_id
            WHERE u.status = 'approved' AND u.initiative_id IN (SELECT id FROM shown){as_of}
            ORDER BY u.initiative_id, p.start DESC
        )
        SELECT sh.initiatives, sh.id, sh.title_en, lu.period_id, lu.reviewed_at,
               ind.id, ind.name_en, ind.question, ind.unit, ind.target, st.points,
               st.total, st.numerators, st.denominators, st.first, st.recent
        FROM shown sh
        LEFT JOIN last_update lu ON lu.initiative_id = sh.id
        LEFT JOIN initiatives_indicator ind ON ind.initiative_id = sh.id
        LEFT JOIN portal_indicatorstanding st
            ON st.indicator_id = ind.id AND st.period_id = (SELECT id FROM standing_period)
        ORDER BY sh.title_en, sh.id, ind."order", ind.id
    """
    periods = ""
    if filters.period_from is not None:
        periods += " AND start >= %(period_from)s"
        params["period_from"] = filters.period_from.start
    if filters.period_to is not None:
        periods += " AND \"end\" <= %(period_to)s"
        params["period_to"] = filters.period_to.end
    owed = f"""
        {scope},
        periods AS (
            SELECT id, start, "end", due, is_locked FROM initiatives_reportingperiod
            WHERE "end" < %(today)s{periods}
        ),
        owed AS (
            SELECT s.id AS initiative_id, s.lead_id, p.id AS period_id, p.due, p.is_locked,
                   u.status,
                   coalesce(u.status IN ('submitted', 'approved'), FALSE) AS submitted,
                   (u.submitted_at AT TIME ZONE %(tz)s)::date AS submitted_on
            FROM scope s
            JOIN periods p ON p."end" >= s.start AND (s."end" IS NULL OR p.start <= s."end")
            LEFT JOIN initiatives_progressupdate u
                ON u.initiative_id = s.id AND u.period_id = p.id
        )"""
    completeness = f"""
        WITH {owed}
        SELECT lead_id, period_id, count(*),
               count(*) FILTER (WHERE submitted),
               count(*) FILTER (WHERE submitted AND (submitted_on IS NULL OR submitted_on <= due)),
               count(*) FILTER (WHERE submitted AND submitted_on > due),
               count(*) FILTER (WHERE status = 'approved'),
               count(*) FILTER (WHERE NOT submitted AND %(today)s > due AND NOT is_locked),
               count(*) FILTER (WHERE NOT submitted AND %(today)s <= due AND NOT is_locked),
               -- not reported, the period closed (locked): no longer overdue
               count(*) FILTER (WHERE NOT submitted AND is_locked)
        FROM owed
        GROUP BY GROUPING SETS ((lead_id), (period_id), ())
    """
    overdue = f"""
        WITH {owed},
        contacts AS (
            SELECT m.organisation_id,
                   array_agg(coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''),
                                      u.email) || ' <' || u.email || '>'
                             ORDER BY u.last_name, u.email) AS contacts
            FROM partners_membership m JOIN partners_user u ON u.id = m.user_id
            WHERE m.role = 'lead' AND u.is_active
              AND m.organisation_id IN (SELECT lead_id FROM owed)
            GROUP BY 1
        )
        SELECT o.initiative_id, o.period_id, %(today)s - o.due AS days, c.contacts
        FROM owed o
        JOIN initiatives_initiative i ON i.id = o.initiative_id
        JOIN partners_organisation lead ON lead.id = o.lead_id
        LEFT JOIN contacts c ON c.organisation_id = o.lead_id
        WHERE NOT o.submitted AND %(today)s > o.due AND NOT o.is_locked
        ORDER BY o.due, lead.name_en COLLATE "C", i.title_en COLLATE "C", i.id
    """
    return {"areas": (per_area, params), "page": (page, params),
            "completeness": (completeness, params), "overdue": (overdue, params)}


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
    """Differences between the fair SQL's figures and the page's selectors' (none, we hope):
    every figure the page shows."""
    from django.utils import translation

    from portal.dashboard import selectors
    from portal.dashboard.views import PAGE_SIZE

    problems = []
    with translation.override("en"):
        overview = selectors.dashboard_overview(viewer=viewer, filters=filters)
        completeness = selectors.dashboard_completeness(
            viewer=viewer, filters=filters, overview=overview, today=today)
        shown = overview.initiatives[:PAGE_SIZE]
        summaries = selectors.dashboard_initiative_summaries(
            viewer=viewer, overview=overview, initiatives=shown)
    want_areas = {
        s.area.pk: (s.initiatives, s.active, s.on_track, s.behind, s.not_enough_data,
                    s.latest_period.start if s.latest_period else None)
        for s in overview.areas
    }
    got_areas = {row[0]: tuple(row[1:]) for row in raw["areas"]}
    if want_areas != got_areas:
        problems.append(f"areas: dashboard {want_areas} != raw {got_areas}")
    # The standings (the page's, and its downloads') equal the values computed afresh.
    with translation.override("en"):  # the points' labels
        from_values = selectors.indicator_rows(
            [row.indicator for row in overview.rows.values()], as_of=overview.as_of,
            periods=overview.periods)
    stale = [pk for pk, row in overview.rows.items() if from_values[pk].summary != row.summary]
    if stale:
        problems.append(f"standings differ from the values for {len(stale)} indicators, "
                        f"e.g. {stale[:3]}")
    # The page: the count, its initiatives in order, their indicators' rows and last update.
    count = raw["page"][0][0] if raw["page"] else 0
    if count != len(overview.initiatives):
        problems.append(f"initiatives: dashboard {len(overview.initiatives)} != raw {count}")
    want_page = [(s.initiative.pk, s.last_update.period_id if s.last_update else None,
                  [(r.indicator.pk, r.summary.points) for _q, rows in s.groups for r in rows])
                 for s in summaries]
    got_page: dict[int, tuple] = {}
    for _n, ini, _title, period_id, _at, ind, *_rest in raw["page"]:
        entry = got_page.setdefault(ini, (ini, period_id, []))
        if ind is not None:
            entry[2].append((ind, _rest[4] or 0))
    by_question = {pk: sorted(rows) for pk, _p, rows in want_page}
    if [(i, p, by_question[i]) for i, p, _r in want_page] != [
            (i, p, sorted(rows)) for i, p, rows in got_page.values()]:
        problems.append("the page's initiatives or their indicators differ")

    def counts(r):
        return (r.expected, r.submitted, r.on_time, r.late, r.approved, r.missing, r.pending,
                r.closed)

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
    want_overdue = [(o.obligation.initiative.pk, o.obligation.period.pk, o.contacts)
                    for o in completeness.overdue]
    got_overdue = [(i, p, list(c or [])) for i, p, _days, c in raw["overdue"]]
    if want_overdue != got_overdue:
        wrong = next((n for n, (a, b) in enumerate(zip(want_overdue, got_overdue, strict=False))
                      if a != b), None)
        problems.append(f"overdue: {len(want_overdue)} on the page, {len(got_overdue)} in SQL, "
                        f"first difference at {wrong}")
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
    return {
        "url": url,
        "queries": len(ctx.captured_queries),
        "page_median_s": page,
        "raw_median_s": raw,
        "raw_parts_median_s": {k: statistics.median(p[k] for p in parts) for k in parts[0]},
        "ratio": page / raw,
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


def measure_csv(client, repeat: int, *, check: bool = True) -> dict[str, Any]:
    """The dashboard's indicators download (no filter): median time and queries, against
    its fair SQL (:func:`csv_raw_query`, checked to give the same figures), interleaved."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        url = reverse("coordination:dashboard_download", args=["indicators", "csv"])
    filters = _filters({})
    sql, params = csv_raw_query(filters)
    problems: list[str] = []
    if check:
        raw, _ = run_raw({"csv": (sql, params)})
        problems = check_csv(filters, raw["csv"], city.bench_coordinator())
        if problems:
            print(f"  ! indicators CSV: the raw SQL disagrees with the file: {problems}")
    client.get(url)  # warm up
    times, raw_times, size = [], [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        run_raw({"csv": (sql, params)})
        raw_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        size = len(response.content)
        digest = hashlib.sha256(response.content).hexdigest()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    page, raw = statistics.median(times), statistics.median(raw_times)
    return {"url": url, "median_s": page, "raw_median_s": raw, "ratio": page / raw,
            "bytes": size, "sha256": digest, "queries": len(ctx.captured_queries),
            "raw_matches_download": (not problems) if check else None}


def explain(sql: str, params: Any = None) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
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
        head += f" | {label + ' q':>7} {'page ms':>8} {'raw ms':>7} {'ratio':>6}"
    print(head)
    print("-" * len(head))
    for name in names:
        line = f"{name:20}"
        for scale in scales:
            row = measured[scale][name]
            line += (f" | {row['queries']:7d} {row['page_median_s'] * 1000:8.1f} "
                     f"{row['raw_median_s'] * 1000:7.1f} {row['ratio']:6.1f}")
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
    parser.add_argument("--explain-raw", action="store_true",
                        help="EXPLAIN ANALYZE each fair SQL query (no filter) at the last scale")
    parser.add_argument("--csv-repeat", type=int, default=3,
                        help="times the indicators CSV is downloaded (no filter), 0 to skip")
    parser.add_argument("--csv-only", action="store_true",
                        help="at the last scale, time only the indicators CSV (--csv-repeat times)")
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
    if args.csv_only:
        info = city.ensure_city(activities=scales[-1])
        row = measure_csv(_client(), args.csv_repeat or 3)
        print(f"indicators CSV (no filter) at {scales[-1]:,} activities: {row['bytes']:,} bytes, "
              f"sha256 {row['sha256']}, {row['median_s'] * 1000:.1f} ms, {row['queries']} "
              f"queries; fair SQL {row['raw_median_s'] * 1000:.1f} ms; ratio {row['ratio']:.1f} "
              f"(target <= {TARGET_RATIO}); SQL agrees with the file: "
              f"{row['raw_matches_download']}")
        return
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
    if args.explain_raw:
        queries = raw_queries(_filters({}), today)
        queries["indicators CSV"] = csv_raw_query(_filters({}))
        extras["explain_raw"] = {name: explain(sql, params)
                                 for name, (sql, params) in queries.items()}
    if args.csv_repeat:
        extras["indicators_csv"] = measure_csv(client, args.csv_repeat)
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
    if "indicators_csv" in extras:
        row = extras["indicators_csv"]
        print(f"\nindicators CSV (no filter): {row['bytes']:,} bytes, "
              f"{row['median_s'] * 1000:.1f} ms, {row['queries']} queries; fair SQL "
              f"{row['raw_median_s'] * 1000:.1f} ms; ratio {row['ratio']:.1f} "
              f"(target <= {TARGET_RATIO})")
    for name, plan in extras.get("explain_raw", {}).items():
        print(f"\n--- fair SQL, {name} (no filter):\n{plan}")
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
