"""Throughput of the public pages under gunicorn, as a share of a hello view's.

Usage: python bench/throughput.py [--scale 100] [--rounds 3] [--duration 3] [--connections 8]

What it does (PostgreSQL and Redis, as in production):

1. Builds, once, the database ``portal_bench_web`` on the server of ``DATABASE_URL``: the
   demo data plus ``--scale`` generated initiatives with 200 activities each (20,000 at
   the default scale) and their updates (``bench/generate.py``). ``--reset`` rebuilds it.
2. Collects the static files (WhiteNoise's compressed manifest storage, as in production).
3. For each mode, starts gunicorn (2 sync workers, ``DEBUG`` off) with the product's
   settings plus a hello view and the bare site frame, mounted by the benchmark only
   (``bench/web_settings.py``, ``bench/web_urls.py``):
   **cold** with the page cache off (every request renders the page), **warm** with it on
   (Redis database 14, emptied first; one request per page fills it).
4. Runs ``wrk`` (Debian's package; installed by ``make bench-web`` when missing) in
   interleaved rounds: hello, page, hello, page, ... each for ``--duration`` seconds, and
   reports each page's requests per second as a ratio to the hello view of the same round
   (median over the rounds), with the page's p50 and p99 latency.

Results go to ``bench/results/throughput.json`` (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "portal_bench_web"
REDIS_DB_URL = "redis://127.0.0.1:6379/14"
TARGET = 0.8
FRAME = "site frame only"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    if not url.startswith("postgres"):
        raise SystemExit("The throughput benchmark runs on PostgreSQL: set DATABASE_URL.")
    return url.rsplit("/", 1)[0] + "/" + DATABASE


def server_env(url: str, *, cache: bool, static_root: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.web_settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=static_root,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", REDIS_DB_URL),
        CACHE_KEY_PREFIX="bench-web",
        PUBLIC_PAGE_CACHE="1" if cache else "0",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(url: str, scale: int, reset: bool) -> dict[str, int]:
    """Create and fill the bench database (once)."""
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (DATABASE,)).fetchone()
        if exists and reset:
            conn.execute(f'DROP DATABASE "{DATABASE}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    os.environ.update(DATABASE_URL=url, DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings",
                      PUBLIC_PAGE_CACHE="0")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate import generate
    from initiatives.models import Activity, Initiative

    call_command("migrate", verbosity=0)
    if not Initiative.objects.filter(slug_en__startswith="generated-initiative-").exists():
        call_command("load_demo", allow_without_debug=True, verbosity=0)
        generate(scale=scale, activities_each=200)
    return {"initiatives": Initiative.objects.count(), "activities": Activity.objects.count()}


def pages() -> dict[str, str]:
    """The French public pages measured (as in the issue's table), by name."""
    from django.urls import reverse
    from django.utils import translation

    from initiatives.models import Initiative
    from partners.models import Organisation
    from priorities.models import Plan

    with translation.override("fr"):
        plan = Plan.objects.featured()
        area = plan.priority_areas.order_by("order").first()
        return {
            # The layout alone, no query (bench/web_urls.py): the floor of any page.
            FRAME: "/fr/bench-frame/",
            "home": reverse("portal:home"),
            "plans": reverse("priorities:plan_list"),
            "plan": plan.get_absolute_url(),
            "priority area": area.get_absolute_url(),
            "initiative list": reverse("initiatives:list"),
            "initiative": Initiative.objects.public().order_by("pk").first().get_absolute_url(),
            "partner directory": reverse("partners:directory"),
            "partner": Organisation.objects.get(slug="pact-ottawa").get_absolute_url(),
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi:application", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(ROOT)],
        env=env, cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench-hello/", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, *, duration: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=duration + 60,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
    }


def measure(port: int, urls: dict[str, str], *, rounds: int, duration: int,
            connections: int) -> dict[str, dict[str, float]]:
    base = f"http://127.0.0.1:{port}"
    for url in ["/bench-hello/", *urls.values()]:  # fill the cache, warm the workers
        for _ in range(3):
            with urllib.request.urlopen(base + url, timeout=30) as response:
                assert response.status == 200, (url, response.status)
    samples: dict[str, list[tuple[dict, dict]]] = {name: [] for name in urls}
    for _ in range(rounds):
        for name, url in urls.items():
            hello = wrk(base + "/bench-hello/", duration=duration, connections=connections)
            page = wrk(base + url, duration=duration, connections=connections)
            samples[name].append((hello, page))
    results = {}
    for name, pairs in samples.items():
        results[name] = {
            "url": urls[name],
            "ratio": statistics.median(p["rps"] / h["rps"] for h, p in pairs),
            "page_rps": statistics.median(p["rps"] for _h, p in pairs),
            "hello_rps": statistics.median(h["rps"] for h, _p in pairs),
            "p50_ms": statistics.median(p["p50_ms"] for _h, p in pairs),
            "p99_ms": statistics.median(p["p99_ms"] for _h, p in pairs),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="generated initiatives")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--modes", default="cold,warm")
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench-web does it)")

    url = database_url()
    dataset = prepare(url, args.scale, args.reset)
    urls = pages()
    from django.db import connections

    connections.close_all()
    static_root = tempfile.mkdtemp(prefix="portal-bench-static-")
    try:
        env = server_env(url, cache=True, static_root=static_root)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"}, cwd=ROOT,
                       check=True)
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
        results = {}
        for mode in args.modes.split(","):
            port = free_port()
            server = start_server(
                server_env(url, cache=mode == "warm", static_root=static_root), port)
            try:
                print(f"{mode}: gunicorn on port {port}", flush=True)
                results[mode] = measure(port, urls, rounds=args.rounds,
                                        duration=args.duration, connections=args.connections)
            finally:
                stop_server(server)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    print(f"\ndataset: {dataset}; {args.rounds} rounds of {args.duration} s, "
          f"{args.connections} connections, 2 gunicorn workers")
    head = f"{'page (French)':20}"
    for mode in results:
        head += f" | {mode + ' ratio':>11} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}"
    print(head)
    print("-" * len(head))
    for name in urls:
        line = f"{name:20}"
        for mode in results:
            row = results[mode][name]
            line += (f" | {row['ratio']:10.2f}x {row['page_rps']:7.0f} {row['p50_ms']:7.1f}"
                     f" {row['p99_ms']:7.1f}")
        print(line)
    if "warm" in results:
        # The frame is a reference, not a public page: the page cache never keeps it.
        worst = min(row["ratio"] for name, row in results["warm"].items() if name != FRAME)
        print(f"\nworst warm ratio: {worst:.2f}x (target >= {TARGET}x)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "throughput.json").write_text(json.dumps(
        {"dataset": dataset, "args": vars(args), "results": results}, indent=2))


if __name__ == "__main__":
    main()
