"""The status rule of :mod:`portal.dashboard.status` in SQL, on PostgreSQL: the dashboard
counts the status of thousands of indicators without reading their standings into Python.

:func:`indicator_status` (the Python rule) stays the reference: the indicator pages, the
reports, the downloads and SQLite use it, and a property test
(``tests/portal/dashboard/test_status_sql.py``) checks that this statement gives the same
status on generated indicators and standings, edge cases included (no target, down is
good, baseline equal to the target, exactly on the line, not enough data).

The statement reads one standing row per indicator (the summary table the page reads,
``portal.dashboard.models.IndicatorStanding``) and the rule's steps in order:

1. no target, or fewer than two approved reported values: not enough data;
2. the progress is the fraction ``n / d`` of rule 3 (``sum``: the total; ``average``: the
   total over the count; a share with its counts: the pooled share; ``latest``: the latest
   value), never divided, so every comparison below is exact;
3. target met in the good direction: on track;
4. no target date (nor an end of the initiative): not enough data; the latest approved
   period ending at or after the target date: behind; a line of no length: behind;
5. otherwise the progress against the straight line from the start to the target, both
   sides multiplied by the line's span in days and by ``d * d`` (never negative), so
   "exactly on the line" is exactly on the line.

Python compares decimals rounded to 28 significant digits; the two agree wherever the
figures are a few thousand apart from such a rounding, which every figure of the portal
is (values have two decimals; the test draws them so).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import connection

from .status import BEHIND, NOT_ENOUGH_DATA, ON_TRACK

# One row per indicator of the initiatives %(initiatives)s (an array of ids), from its
# standing as of the period %(period)s (NULL: no standing, so not enough data).
_STATUS_PER_INDICATOR = """
    WITH figures AS (
        SELECT ind.id, ind.initiative_id, ind.direction, ind.target,
               coalesce(ind.target_date, i."end") AS target_date,
               coalesce(st.points, 0) AS points,
               coalesce(st.not_reported, 0) AS not_reported,
               coalesce(st.withheld, 0) AS withheld,
               st.total, st.numerators, st.denominators, st.recent,
               CASE WHEN ind.aggregation = 'latest' THEN (st.recent -> -1 ->> 1)::numeric
                    WHEN ind.aggregation <> 'average' AND ind.unit = 'percent'
                         AND st.numerators IS NOT NULL AND st.denominators <> 0
                        THEN st.numerators * 100::numeric
                    ELSE st.total END AS n,
               CASE WHEN ind.aggregation = 'latest' THEN 1
                    WHEN ind.aggregation = 'average' THEN st.points
                    WHEN ind.unit = 'percent' AND st.numerators IS NOT NULL
                         AND st.denominators <> 0 THEN st.denominators
                    WHEN ind.unit = 'percent' THEN st.points
                    ELSE 1 END::numeric AS d,
               latest."end" AS as_of,
               coalesce(ind.baseline,
                        CASE WHEN ind.aggregation = 'sum' AND ind.unit = 'count' THEN 0
                             ELSE (st.first ->> 1)::numeric END) AS start_value,
               coalesce(ind.baseline_date,
                        CASE WHEN ind.aggregation = 'sum' AND ind.unit = 'count'
                                  AND i.start IS NOT NULL THEN i.start
                             ELSE first_period.start END) AS start_date{carried}
        FROM initiatives_indicator ind
        JOIN initiatives_initiative i ON i.id = ind.initiative_id
        LEFT JOIN portal_indicatorstanding st
            ON st.indicator_id = ind.id AND st.period_id = %(period)s
        LEFT JOIN initiatives_reportingperiod latest
            ON latest.id = (st.recent -> -1 ->> 0)::int
        LEFT JOIN initiatives_reportingperiod first_period
            ON first_period.id = (st.first ->> 0)::int
        WHERE ind.initiative_id = ANY(%(initiatives)s)
    ),
    line AS (
        SELECT f.*, f.target_date - f.start_date AS span,
               least(greatest(f.as_of - f.start_date, 0), f.target_date - f.start_date)
                   AS elapsed
        FROM figures f
    ),
    status AS (
        SELECT l.*, CASE
            WHEN l.target IS NULL OR l.points < 2 THEN 'not_enough_data'
            WHEN CASE WHEN l.direction = 'down' THEN l.n * l.d <= l.target * l.d * l.d
                      ELSE l.n * l.d >= l.target * l.d * l.d END THEN 'on_track'
            WHEN l.target_date IS NULL THEN 'not_enough_data'
            WHEN l.as_of >= l.target_date THEN 'behind'
            WHEN l.span <= 0 THEN 'behind'
            WHEN CASE WHEN l.direction = 'down'
                      THEN l.n * l.d * l.span <= l.d * l.d * (l.start_value * l.span
                           + (l.target - l.start_value) * l.elapsed)
                      ELSE l.n * l.d * l.span >= l.d * l.d * (l.start_value * l.span
                           + (l.target - l.start_value) * l.elapsed) END THEN 'on_track'
            ELSE 'behind'
        END AS status
        FROM line l
    )
"""

# The statement as the counts use it (nothing carried); ``{carried}`` takes more columns of
# the indicator's row, carried through to the statement's last SELECT (the indicators
# download's), so that it reads the indicators once.
_STATUS_TEMPLATE = _STATUS_PER_INDICATOR
_STATUS_PER_INDICATOR = _STATUS_TEMPLATE.replace("{carried}", "")

STATUSES = (ON_TRACK, BEHIND, NOT_ENOUGH_DATA)


def supported() -> bool:
    """The statement is PostgreSQL's (its JSON operators); elsewhere the Python rule runs."""
    return connection.vendor == "postgresql"


def indicator_statuses(initiative_ids: list[int], period_id: int | None) -> dict[int, str]:
    """The status of every indicator of ``initiative_ids``, by indicator id, as of the
    standings of ``period_id`` (for the property test and for checks)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _STATUS_PER_INDICATOR + "SELECT id, status FROM status",
            {"initiatives": list(initiative_ids), "period": period_id},
        )
        return dict(cursor.fetchall())


def status_counts(
    initiative_ids: list[int], period_id: int | None
) -> dict[int, dict[str, int]]:
    """How many indicators of each initiative of ``initiative_ids`` are on track, behind or
    without enough data, as of the standings of ``period_id``: one query, one row per
    initiative and status."""
    return overview_figures(initiative_ids, period_id, approved_in=None)[0]


# What the indicators download reads of each indicator besides its status: its standing's
# counts and totals and its latest two reported values (the trend's), in the same statement,
# from the standing row the status was worked out from (read once); each value as the
# standing keeps it (its text), with its counts; then the indicator's own columns, carried
# from the row the status read (the indicators are read once too).
_TABLE_FIGURES = """
    SELECT s.id, s.status, s.points, s.not_reported, s.withheld, s.total, s.numerators,
           s.denominators,
           s.recent -> -2 IS NOT NULL, s.recent -> -2 ->> 1,
           (s.recent -> -2 ->> 2)::bigint, (s.recent -> -2 ->> 3)::bigint,
           s.recent -> -1 IS NOT NULL, s.recent -> -1 ->> 1,
           (s.recent -> -1 ->> 2)::bigint, (s.recent -> -1 ->> 3)::bigint
    {columns}
    FROM status s
    ORDER BY s.initiative_id, s.sort_order, s.id
"""


def table_figures(
    initiative_ids: list[int], period_id: int | None, columns: Sequence[str] = ()
) -> dict[int, tuple]:
    """Per indicator of ``initiative_ids`` (by id), as of the standings of ``period_id``:
    ``(status, points, not_reported, withheld, total, numerators, denominators,
    has_previous, previous_value, previous_numerator, previous_denominator, has_latest,
    latest_value, latest_numerator, latest_denominator)``, the last eight being the
    standing's latest two points (values as text), then the indicator's ``columns`` (of
    its table): the indicators download's figures, one query, in the page's order."""
    if not initiative_ids:
        return {}
    quote = connection.ops.quote_name
    carried = ', ind."order" AS sort_order' + "".join(
        f", ind.{quote(c)} AS carried_{n}" for n, c in enumerate(columns)
    )
    selected = "".join(f", s.carried_{n}" for n in range(len(columns)))
    with connection.cursor() as cursor:
        cursor.execute(
            _STATUS_TEMPLATE.replace("{carried}", carried)
            + _TABLE_FIGURES.format(columns=selected),
            {"initiatives": list(initiative_ids), "period": period_id},
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


# The latest approved period of each initiative (its start), among the periods
# %(approved_in)s (NULL: every period): the overview's other figure, in the same round trip.
# A MATERIALIZED CTE, not a second branch of the UNION: PostgreSQL would run the two
# branches as a "Parallel Append" in two worker processes, whose start costs more than the
# branches themselves (10-17 ms of a 25-43 ms statement at city scale, on two cores); a CTE
# scan is never run in parallel.
_LATEST_APPROVED = """,
    latest_approved AS MATERIALIZED (
        SELECT u.initiative_id, max(p.start) AS start
        FROM initiatives_progressupdate u
        JOIN initiatives_reportingperiod p ON p.id = u.period_id
        WHERE u.status = 'approved' AND u.initiative_id = ANY(%(initiatives)s)
          AND (%(approved_in)s::bigint[] IS NULL
               OR u.period_id = ANY(%(approved_in)s::bigint[]))
        GROUP BY 1
    )
"""
_COUNTS = "SELECT initiative_id, status, count(*)::int, NULL::date FROM status GROUP BY 1, 2"


# The priority areas (among %(areas)s) each initiative serves: the overview's third figure,
# in the same round trip, marked by a status that is not one.
_AREA_LINK = "#area"
_AREA_LINKS = f"""
    UNION ALL
    SELECT ipa.initiative_id, '{_AREA_LINK}', ipa.priorityarea_id::int, NULL::date
    FROM initiatives_initiative_priority_areas ipa
    WHERE ipa.initiative_id = ANY(%(initiatives)s) AND ipa.priorityarea_id = ANY(%(areas)s)
"""


def overview_figures(
    initiative_ids: list[int], period_id: int | None, *, approved_in: list[int] | None,
    latest: bool = False, areas: list[int] | None = None,
) -> tuple[dict[int, dict[str, int]], dict[int, object], dict[int, list[int]]]:
    """The overview's figures per initiative in one statement: how many of its indicators
    have each status (as of the standings of ``period_id``), with ``latest`` the start of
    its latest approved period among ``approved_in`` (None: among all), and with ``areas``
    which of those priority areas it serves."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    starts: dict[int, object] = {}
    links: dict[int, list[int]] = defaultdict(list)
    if not initiative_ids:
        return counts, starts, links
    if latest:
        sql = (_STATUS_PER_INDICATOR.rstrip() + _LATEST_APPROVED + _COUNTS
               + " UNION ALL SELECT initiative_id, NULL, NULL, start FROM latest_approved")
    else:
        sql = _STATUS_PER_INDICATOR + _COUNTS
    if areas:
        sql += _AREA_LINKS
    with connection.cursor() as cursor:
        cursor.execute(sql, {"initiatives": list(initiative_ids), "period": period_id,
                             "approved_in": approved_in, "areas": areas})
        for initiative_id, status, n, start in cursor.fetchall():
            if status is None:
                starts[initiative_id] = start
            elif status == _AREA_LINK:
                links[initiative_id].append(n)
            else:
                counts[initiative_id][status] = n
    return counts, starts, links
