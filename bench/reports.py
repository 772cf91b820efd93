"""Compiling a priority-area progress report at city scale: 100k and 1M activities.

Usage (PostgreSQL; the same dataset as bench/dashboard.py, see bench/city.py):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_city \
        .venv/bin/python bench/reports.py [--scales 100000,1000000] [--repeat 2]

For each scale: the largest priority area of the featured plan, the latest quarter with
approved updates, one language. Reported per step (gathering the snapshot, PDF, spreadsheet)
with the query count of the gathering, and the growth from the first scale to the last
(target: at most 1.5x). The PDF dominates and depends on the number of initiatives in the
area, not on the number of activities.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import city  # noqa: E402


def measure(repeat: int) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from initiatives.models import ProgressUpdate, ReportingPeriod
    from portal.reports import render, snapshot
    from portal.reports.models import ProgressReport
    from priorities.models import Plan

    area = (
        Plan.objects.featured().priority_areas.annotate(n=Count("initiatives"))
        .order_by("-n").first()
    )
    period = (
        ReportingPeriod.objects.filter(updates__status=ProgressUpdate.Status.APPROVED)
        .order_by("-start").first()
    )
    coordinator = city.bench_coordinator()
    report = ProgressReport.objects.create(
        scope="priority_area", priority_area=area, language="en", requested_by=coordinator
    )
    report.periods.set([period])
    steps: dict[str, list[float]] = {"gather": [], "pdf": [], "xlsx": []}
    queries = 0
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                snap = snapshot.gather(report)
            steps["gather"].append(time.perf_counter() - started)
            queries = len(ctx.captured_queries)
            started = time.perf_counter()
            pdf = render.render_pdf(snap, "en")
            steps["pdf"].append(time.perf_counter() - started)
            started = time.perf_counter()
            render.render_xlsx(snap, "en")
            steps["xlsx"].append(time.perf_counter() - started)
    finally:
        report.delete()
    medians = {k: statistics.median(v) for k, v in steps.items()}
    return {
        "area": str(area), "period": period.label, "initiatives": len(snap["initiatives"]),
        "queries": queries, "pdf_bytes": len(pdf), **{f"{k}_s": v for k, v in medians.items()},
        "total_s": sum(medians.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # With DEBUG=1 (bench/city.py) fontTools logs every glyph list of the PDF's font subsets.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    city.configure()
    city.prepare_database()
    import os

    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="portal-bench-media-"))
    results = {}
    for scale in [int(s) for s in args.scales.split(",")]:
        city.ensure_city(activities=scale)
        results[scale] = measure(args.repeat)
        row = results[scale]
        print(f"{scale:>9,} activities: {row['initiatives']} initiatives in {row['area']!r}, "
              f"{row['period']}; gather {row['gather_s']:.2f}s ({row['queries']} queries), "
              f"PDF {row['pdf_s']:.1f}s, spreadsheet {row['xlsx_s']:.2f}s, "
              f"total {row['total_s']:.1f}s per language")
    scales = sorted(results)
    growth = results[scales[-1]]["total_s"] / results[scales[0]]["total_s"]
    print(f"growth {scales[0]:,} -> {scales[-1]:,}: {growth:.2f}x (target <= 1.5x)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "reports.json").write_text(json.dumps({"results": results, "growth": growth},
                                                 indent=2, default=str))


if __name__ == "__main__":
    main()
