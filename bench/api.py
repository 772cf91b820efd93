"""Throughput of the public API at city scale under gunicorn, as a share of a hello view's.

Usage (the dataset of bench/city.py; ``bench/all.py`` runs it too)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_api \\
        .venv/bin/python bench/api.py [--rounds 3] [--duration 3] [--connections 8] \\
        [--modes cold,warm] [--scales 100000,1000000]

What it does (PostgreSQL and Redis, as in production):

1. **Queries per request** at each scale (the city grown or shrunk in place by
   ``bench/city.py``, 100k then 1M activities by default), in process with the response
   cache off: the API's list of initiatives (a page of 50) and one initiative with its
   indicators and their approved values (the city initiative with the most public
   indicators). The counts must be the same at every scale: the benchmark fails otherwise.
2. **Throughput** at the last scale, with the machinery of ``bench/throughput.py`` (the same
   gunicorn with 2 sync workers, ``DEBUG`` off, the same hello view, the same interleaved
   ``wrk`` rounds: hello, API, hello, API…): **cold** with the response cache off (every
   request runs the view and its queries), **warm** with it on (``portal/api/caching.py``:
   the answers kept in the public page cache under the public version, served while it is
   unchanged, each request still counted by the rate limit). The rate limit is raised for
   the benchmark (``API_RATE``), since ``wrk`` is one client. Reported: requests per second
   as a ratio to the hello view's in the same round (median of the rounds), p50 and p99.
   Target: warm ratio >= 0.8. For reference, the warm run also measures a public page
   served from the same cache (the French initiative list), so the API's answers can be
   compared with the pages' in the same sitting (not a target here: bench/throughput.py).

Results go to ``bench/results/api.json`` (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import city, throughput  # noqa: E402

TARGET = throughput.TARGET
REFERENCE = "public page from the cache (reference)"
SCALES = (100_000, 1_000_000)
# wrk is a single client: the per-address limit would refuse it after a few requests.
BENCH_API_RATE = "100000000/second"
REDIS_URL = "redis://127.0.0.1:6379/3"


def endpoints() -> dict[str, str]:
    """The API addresses measured, by name (French, the default language)."""
    from django.db.models import Count, Q

    from initiatives.selectors import public_initiatives

    richest = (public_initiatives().filter(slug_en__startswith=city.INITIATIVE_PREFIX)
               .annotate(shown=Count("indicators", filter=Q(indicators__is_public=True)))
               .order_by("-shown", "pk").values_list("pk", flat=True).first())
    return {
        "initiatives (page of 50)": "/api/v1/initiatives/",
        "one initiative with its values": f"/api/v1/initiatives/{richest}/",
    }


def count_queries(urls: dict[str, str]) -> dict[str, int]:
    """Queries of one request to each address (response cache off), and a check that the
    answer is a full page or an initiative with indicator values."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(PUBLIC_PAGE_CACHE=False):
        client = Client(REMOTE_ADDR="10.9.9.9")
        for name, url in urls.items():
            client.get(url)  # warm the process (first use of the serializers, translations)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            body = response.json()
            if "results" in body:
                assert len(body["results"]) == 50, len(body["results"])
            else:
                assert any(i["to_date"]["value"] is not None for i in body["indicators"]), url
            counts[name] = len(captured)
    return counts


def measure_throughput(urls: dict[str, str], *, modes: list[str], rounds: int,
                       duration: int, connections: int) -> dict[str, Any]:
    """The public-pages throughput machinery (bench/throughput.py) on the API's addresses."""
    from django.db import connections as db_connections

    db_connections.close_all()
    url = os.environ["DATABASE_URL"]
    os.environ.setdefault("BENCH_REDIS_URL", REDIS_URL)
    static_root = tempfile.mkdtemp(prefix="portal-bench-api-static-")
    results: dict[str, Any] = {}
    try:
        import redis

        if "warm" in modes:  # the reference page's static files, as bench/throughput.py
            env = throughput.server_env(url, cache=True, static_root=static_root)
            subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                           env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
                           cwd=ROOT, check=True)
        for mode in modes:
            env = throughput.server_env(url, cache=mode == "warm", static_root=static_root)
            env["API_RATE"] = BENCH_API_RATE
            redis.Redis.from_url(env["REDIS_URL"]).flushdb()
            port = throughput.free_port()
            server = throughput.start_server(env, port)
            try:
                print(f"{mode}: gunicorn on port {port}", flush=True)
                measured = {**urls, REFERENCE: "/fr/initiatives/"} if mode == "warm" else urls
                results[mode] = throughput.measure(port, measured, rounds=rounds,
                                                   duration=duration, connections=connections)
            finally:
                throughput.stop_server(server)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    return results


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True,
                          check=False).stdout.strip()


def print_results(queries: dict[int, dict[str, int]], results: dict[str, Any]) -> bool:
    """Print the tables; True when every target is met."""
    ok = True
    scales = sorted(queries)
    print("queries per request (response cache off):")
    for name in next(iter(queries.values())):
        counts = [queries[scale][name] for scale in scales]
        same = len(set(counts)) == 1
        ok &= same
        print(f"  {name:40} " + " / ".join(f"{c} at {s:,}" for c, s in zip(counts, scales,
                                                                          strict=True))
              + ("" if same else "  NOT CONSTANT"))
    head = f"{'API address (French)':40}"
    for mode in results:
        head += f" | {mode + ' ratio':>11} {'req/s':>7} {'hello':>7} {'p50 ms':>7} {'p99 ms':>7}"
    print(head)
    print("-" * len(head))
    for name in results.get("warm", next(iter(results.values()), {})):
        line = f"{name:40}"
        for mode in results:
            row = results[mode].get(name)
            if row is None:
                line += f" | {'':>11} {'':>7} {'':>7} {'':>7} {'':>7}"
                continue
            line += (f" | {row['ratio']:10.2f}x {row['page_rps']:7.0f} {row['hello_rps']:7.0f}"
                     f" {row['p50_ms']:7.1f} {row['p99_ms']:7.1f}")
        print(line)
    if "warm" in results:
        worst = min(row["ratio"] for name, row in results["warm"].items() if name != REFERENCE)
        ok &= worst >= TARGET
        print(f"worst warm ratio: {worst:.2f}x (target >= {TARGET}x)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--modes", default="cold,warm")
    parser.add_argument("--scales", default=",".join(str(s) for s in SCALES))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench-web does it)")
    print(f"load before: {uptime()}", flush=True)
    city.configure()
    city.prepare_database()
    queries: dict[int, dict[str, int]] = {}
    info: dict[str, Any] = {}
    for scale in (int(s) for s in args.scales.split(",")):
        info = city.ensure_city(activities=scale)
        print(f"city data at {scale:,} activities: {json.dumps(info['counts'])}", flush=True)
        urls = endpoints()
        queries[scale] = count_queries(urls)
    results = measure_throughput(urls, modes=args.modes.split(","), rounds=args.rounds,
                                 duration=args.duration, connections=args.connections)
    print(f"\n{args.rounds} rounds of {args.duration} s, {args.connections} connections, "
          f"2 gunicorn workers; addresses: {json.dumps(urls)}")
    ok = print_results(queries, results)
    print(f"load after: {uptime()}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "api.json").write_text(json.dumps(
        {"dataset": info.get("counts"), "args": vars(args), "queries": queries,
         "results": results}, indent=2, default=str))
    if not ok:
        raise SystemExit("bench/api.py: a target is not met (see above)")


if __name__ == "__main__":
    main()
