"""Every benchmark in one sitting (``make bench-all``): each row a ratio to its baseline,
measured in the same sitting, with the machine's load (``uptime``) and the date.

1. The city data (bench/city.py, database ``portal_bench_city``) is built once (reused when
   present), then at 100k and at 1M activities in turn (grown in place):
   the home page after a change and cold (bench/public_city.py), the coordinator
   dashboard against its fair SQL (bench/dashboard.py), the report's compilation
   (bench/reports.py); at 1M only, the open-data files and the public search with and
   without its GIN indexes (bench/search.py).
2. Then, each in its own database: the import of 100,000 rows against django-import-export
   and COPY (bench/imports.py) and the public pages against a static page (bench/run.py).

The machine is shared: the load before and after is printed with the results, and only
ratios measured in this sitting are compared. ``--quick`` runs fewer repeats.

Usage: python bench/all.py [--quick] [--skip imports,pages]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import city  # noqa: E402

SCALES = (100_000, 1_000_000)


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        return "(uptime unavailable)"


def _run(script: str, args: list[str], env: dict[str, str]) -> int:
    print(f"\n$ python bench/{script} {' '.join(args)}", flush=True)
    return subprocess.run([sys.executable, str(ROOT / "bench" / script), *args],
                          cwd=ROOT, env=env, check=False).returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--skip", default="", help="comma-separated: city, imports, pages")
    args = parser.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    repeat = 3 if args.quick else 7
    started = time.perf_counter()
    print(f"bench-all: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"load before: {uptime()}", flush=True)  # uptime's clock: the local time zone
    env = dict(os.environ)
    results: dict[str, Any] = {"date": datetime.datetime.now(datetime.UTC).isoformat(),
                               "load_before": uptime()}

    if "city" not in skip:
        import logging
        import tempfile

        from bench import dashboard, public_city, reports
        from bench import search as search_bench

        city.configure()
        city.prepare_database()
        os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="portal-bench-media-"))
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        from django.utils import timezone

        today = timezone.localdate()
        home, dash, report, open_data, searched, plans = {}, {}, {}, {}, {}, {}
        client = None
        for scale in SCALES:
            info = city.ensure_city(activities=scale)
            print(f"\ncity data at {scale:,} activities: {json.dumps(info['counts'])}",
                  flush=True)
            home[scale] = public_city.measure_home(repeat)
            if client is None:
                client = dashboard._client()
            dash[scale] = dashboard.measure_all(client, max(3, repeat - 2), today, check=True)
            report[scale] = reports.measure(max(1, repeat // 4))
            if scale == SCALES[-1]:
                open_data = public_city.measure_open_data(max(3, repeat // 2))
                csv = dashboard.measure_csv(client, 3)
                searched = search_bench.measure(20 if args.quick else 40)
                plans = search_bench.explain()
        print("\n=== city scale ===")
        public_city.print_home(home)
        public_city.print_open_data(open_data)
        print("dashboard (ratio = page / fair SQL, target <= 2):")
        dashboard.print_table(list(SCALES), dash)
        print(f"  indicators CSV at {SCALES[-1]:,}: {csv['median_s'] * 1000:.0f} ms, "
              f"{csv['queries']} queries, {csv['bytes']:,} bytes")
        growth = report[SCALES[-1]]["total_s"] / report[SCALES[0]]["total_s"]
        print(f"report compilation: {report[SCALES[0]]['total_s']:.1f} s at "
              f"{SCALES[0] // 1000}k, {report[SCALES[-1]]['total_s']:.1f} s at "
              f"{SCALES[-1] // 1000}k: growth {growth:.2f}x (target <= 1.5x)")
        search_bench.print_results(searched, plans)
        results.update(home=home, open_data=open_data, dashboard=dash, reports=report,
                       dashboard_csv=csv, search=searched, search_plans=plans)
        print(f"load: {uptime()}", flush=True)

    if "imports" not in skip:
        env_import = {**env, "DATABASE_URL": env.get(
            "BENCH_IMPORT_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/portal_bench_import")}
        results["imports_rc"] = _run("imports.py", ["--repeat", "1" if args.quick else "3"],
                                     env_import)
    if "pages" not in skip:
        # As `make bench` runs it: its own throwaway SQLite database (bench/run.py would
        # otherwise expect a PostgreSQL database "portal_bench" to exist).
        env_pages = {k: v for k, v in env.items() if k != "DATABASE_URL"}
        results["pages_rc"] = _run("run.py", ["--repeat", "5" if args.quick else "15"],
                                   env_pages)

    results["api_rc"] = None if "api" in skip else _run("api.py", [], env)  # bench/api.py
    results["load_after"] = uptime()
    results["total_s"] = time.perf_counter() - started
    print(f"\nload after: {results['load_after']}")
    print(f"bench-all took {results['total_s'] / 60:.1f} min")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "all.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
