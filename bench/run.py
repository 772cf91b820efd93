"""Measure public pages on a large generated dataset; times as ratios against a baseline.

Usage: python bench/run.py [--scale N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(scale_dir: str) -> None:
    os.environ.setdefault("DEBUG", "1")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/portal_bench"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scale_dir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=200, help="generated initiatives")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="portal-bench-")
    configure(workdir)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from bench.generate import generate

    if connection.vendor == "postgresql":
        from django.db import connections

        connections.close_all()
    call_command("migrate", verbosity=0)
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    started = time.perf_counter()
    generated = generate(scale=args.scale)
    gen_seconds = time.perf_counter() - started

    from initiatives.models import Initiative
    from partners.models import Organisation
    from priorities.models import Plan, PriorityArea

    client = Client(HTTP_HOST="localhost")
    with translation.override("en"):
        pages = {
            "baseline (language choice)": "/",
            "home": "/en/",
            "plans": "/en/plans/",
            "plan": Plan.objects.featured().get_absolute_url(),
            "priority area": PriorityArea.objects.order_by("order").first().get_absolute_url(),
            "initiatives": "/en/initiatives/",
            "initiative": Initiative.objects.public().first().get_absolute_url(),
            "partners": "/en/partners/",
            "partner": Organisation.objects.get(slug="pact-ottawa").get_absolute_url(),
        }

    results = {}
    for name, url in pages.items():
        client.get(url)  # warm up
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        results[name] = {"url": url, "median_s": statistics.median(times),
                         "queries": len(ctx.captured_queries)}
    base = results["baseline (language choice)"]["median_s"]
    print(f"dataset: {generated} (generated in {gen_seconds:.1f}s)")
    print(f"{'page':28} {'ratio':>8} {'queries':>8}")
    for name, row in results.items():
        row["ratio"] = row["median_s"] / base
        print(f"{name:28} {row['ratio']:8.1f} {row['queries']:8d}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"dataset": generated, "pages": results},
                                                indent=2))


if __name__ == "__main__":
    main()
