"""Every benchmark in one sitting (``make bench-all``): each row a ratio to its baseline,
measured in the same sitting, with the machine's load (``uptime``) and the date.

1. The city data (bench/city.py, database ``portal_bench_city``) is built once (reused when
   present), then at 100k and at 1M activities in turn (grown in place):
   the home page after a change and cold (bench/public_city.py), the coordinator
   dashboard against its fair SQL (bench/dashboard.py), the report's compilation
   (bench/reports.py); at 1M only, the open-data files and the public search with and
   without its GIN indexes (bench/search.py).
2. Then the benchmarks that are scripts of their own (:data:`SCRIPTS`), each in its own
   database, each writing ``bench/results/<name>.json``: the import of 100,000 rows against
   django-import-export and COPY (bench/imports.py), the public pages in process against
   a static page (bench/run.py), and the public pages' throughput under gunicorn, cold and
   warm, against a hello view (bench/throughput.py).
3. ``--write-readme`` (``make bench-all`` passes it): the results as Markdown tables
   (:func:`render`) between the markers ``<!-- bench-all:start -->`` and
   ``<!-- bench-all:end -->`` of bench/README.md, with the date, the load and how long the
   sitting took. The README's tables are never typed by hand.

The machine is shared: the load before and after is printed with the results, and only
ratios measured in this sitting are compared. ``--quick`` runs fewer repeats.

Usage: python bench/all.py [--quick] [--skip city,imports,pages,web] [--write-readme]
       python bench/all.py --render-only   # the README's tables from bench/results/all.json
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
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCALES = (100_000, 1_000_000)
RESULTS = ROOT / "bench" / "results"
README = ROOT / "bench" / "README.md"
START, END = "<!-- bench-all:start -->", "<!-- bench-all:end -->"


class Script(NamedTuple):
    """A benchmark that runs as its own script and writes ``bench/results/<output>``."""

    name: str  # for --skip, and the key of its results in all.json
    script: str  # under bench/
    args: tuple[str, ...]  # its arguments in a full sitting
    quick_args: tuple[str, ...]  # with --quick
    output: str  # the JSON it writes under bench/results/
    database: str = ""  # the database of DATABASE_URL's server it runs in ("": SQLite)
    env: tuple[tuple[str, str], ...] = ()  # more environment variables


SCRIPTS: list[Script] = [
    Script("imports", "imports.py", ("--repeat", "3"), ("--repeat", "1"), "imports.json",
           "portal_bench_import"),
    # As `make bench` runs it: its own throwaway SQLite database; every request renders
    # the page (the page cache off: its queries are counted, not a cached copy's).
    Script("pages", "run.py", ("--repeat", "15"), ("--repeat", "5"), "latest.json",
           env=(("PUBLIC_PAGE_CACHE", "0"),)),
    Script("web", "throughput.py", ("--rounds", "3", "--duration", "3"),
           ("--rounds", "1", "--duration", "2"), "throughput.json", "portal_bench_web"),
    # The public API under gunicorn, cold and warm, against the same hello view.
    Script("api", "api.py", ("--rounds", "3", "--duration", "3"),
           ("--rounds", "1", "--duration", "2"), "api.json", "portal_bench_api"),
]


def uptime() -> str:
    """``uptime``'s line, its clock in UTC (Django sets TZ to the portal's time zone)."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False,
                              env={**os.environ, "TZ": "UTC"}).stdout.strip()
    except OSError:
        return "(uptime unavailable)"


def _run(script: str, args: list[str], env: dict[str, str]) -> int:
    print(f"\n$ python bench/{script} {' '.join(args)}", flush=True)
    return subprocess.run([sys.executable, str(ROOT / "bench" / script), *args],
                          cwd=ROOT, env=env, check=False).returncode


def run_script(item: Script, env: dict[str, str], *, quick: bool) -> dict[str, Any]:
    """Run one script of :data:`SCRIPTS` and read back what it wrote (fresh, or nothing)."""
    env = {**env, **dict(item.env)}
    if item.database:
        server = env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
        env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + item.database
    else:
        env.pop("DATABASE_URL", None)
    output = RESULTS / item.output
    started = time.time()
    rc = _run(item.script, list(item.quick_args if quick else item.args), env)
    fresh = output.exists() and output.stat().st_mtime >= started
    # A script that measured but missed a target exits non-zero after writing its results:
    # its table still shows, with the target marked as not met.
    return {"rc": rc, "results": json.loads(output.read_text()) if fresh else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--skip", default="",
                        help="comma-separated: city, " + ", ".join(s.name for s in SCRIPTS))
    parser.add_argument("--write-readme", action="store_true",
                        help="write the results' tables into bench/README.md")
    parser.add_argument("--render-only", action="store_true",
                        help="only write bench/results/all.json's tables into the README")
    args = parser.parse_args()
    if args.render_only:
        write_readme(README, render(json.loads((RESULTS / "all.json").read_text())))
        print(f"tables written into {README.relative_to(ROOT)}")
        return
    skip = {s for s in args.skip.split(",") if s}
    repeat = 3 if args.quick else 7
    started = time.perf_counter()
    print(f"bench-all: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"load before: {uptime()}", flush=True)
    env = dict(os.environ)
    results: dict[str, Any] = {"date": datetime.datetime.now(datetime.UTC).isoformat(),
                               "load_before": uptime(), "quick": args.quick}

    if "city" not in skip:
        results.update(run_city(repeat, quick=args.quick))
        print(f"load: {uptime()}", flush=True)

    for item in SCRIPTS:
        if item.name not in skip:
            results[item.name] = run_script(item, env, quick=args.quick)

    results["load_after"] = uptime()
    results["total_s"] = time.perf_counter() - started
    print(f"\nload after: {results['load_after']}")
    print(f"bench-all took {results['total_s'] / 60:.1f} min")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "all.json").write_text(json.dumps(results, indent=2, default=str))
    tables = render(json.loads(json.dumps(results, default=str)))
    print("\n" + tables)
    if args.write_readme:
        write_readme(README, tables)
        print(f"tables written into {README.relative_to(ROOT)}")


def run_city(repeat: int, *, quick: bool) -> dict[str, Any]:
    """The city-scale benchmarks, in process, the data built once and grown in place."""
    import logging
    import tempfile

    from bench import city, dashboard, public_city, reports
    from bench import search as search_bench

    city.configure()
    city.prepare_database()
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="portal-bench-media-"))
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.utils import timezone

    today = timezone.localdate()
    home, dash, report, open_data, searched, plans, csv = {}, {}, {}, {}, {}, {}, {}
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
            csv = dashboard.measure_csv(client, max(3, repeat // 2))
            searched = search_bench.measure(20 if quick else 40)
            plans = search_bench.explain()
    print("\n=== city scale ===")
    public_city.print_home(home)
    public_city.print_open_data(open_data)
    print("dashboard (ratio = page / fair SQL, target <= 2):")
    dashboard.print_table(list(SCALES), dash)
    print(f"  indicators CSV at {SCALES[-1]:,}: {csv['median_s'] * 1000:.0f} ms, "
          f"{csv['queries']} queries, {csv['bytes']:,} bytes; its fair SQL "
          f"{csv['raw_median_s'] * 1000:.0f} ms: ratio {csv['ratio']:.1f} (target <= 2)")
    growth = report[SCALES[-1]]["total_s"] / report[SCALES[0]]["total_s"]
    print(f"report compilation: {report[SCALES[0]]['total_s']:.1f} s at "
          f"{SCALES[0] // 1000}k, {report[SCALES[-1]]['total_s']:.1f} s at "
          f"{SCALES[-1] // 1000}k: growth {growth:.2f}x (target <= 1.5x)")
    search_bench.print_results(searched, plans)
    return {"home": home, "open_data": open_data, "dashboard": dash, "reports": report,
            "dashboard_csv": csv, "search": searched, "search_plans": plans}


# --- The README's tables ----------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _holds(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _scale(results: dict, key: str, scale: int) -> Any:
    """A per-scale entry of ``results[key]`` (JSON keys are strings)."""
    table = results.get(key) or {}
    return table.get(str(scale), table.get(scale))


def render(results: dict[str, Any]) -> str:
    """The sitting's results as Markdown: a heading line (date, load, duration) and one
    table per benchmark, each row a ratio to its baseline measured in the same sitting."""
    low, high = SCALES
    out = [
        f"Measured by `make bench-all{' BENCH_ARGS=--quick' if results.get('quick') else ''}`"
        f" on {str(results.get('date', ''))[:16].replace('T', ' ')} UTC in "
        f"{results.get('total_s', 0) / 60:.1f} min on this 2-core VM.  ",
        f"Load before: `{results.get('load_before', '')}`  ",
        f"Load after: `{results.get('load_after', '')}`",
        "",
    ]
    home_low = _scale(results, "home", low)
    if home_low:
        cold = home_low["cold_s"]
        out += ["**Home page after a change** (in process; baseline: the page cold at "
                f"{low // 1000}k, {_ms(cold)})", "",
                "| activities | after a change | ratio to cold at 100k | cold | target | holds |",
                "|---|---|---|---|---|---|"]
        for scale in SCALES:
            row = _scale(results, "home", scale)
            if row:
                ratio = row["after_change_s"] / cold
                # The target is the city's (at 1M); the first scale is the reference.
                target, holds = "(reference)", ""
                if scale == high:
                    target = "<= 3x and < 60 ms"
                    holds = _holds(ratio <= 3 and row["after_change_s"] < 0.06)
                out.append(f"| {scale:,} | {_ms(row['after_change_s'])} | {ratio:.2f}x | "
                           f"{_ms(row['cold_s'])} | {target} | {holds} |")
        out.append("")
    dash_high = _scale(results, "dashboard", high)
    if dash_high:
        dash_low = _scale(results, "dashboard", low) or {}
        out += ["**Coordinator dashboard** (baseline: the fair raw SQL, interleaved)", "",
                f"| case | queries {low // 1000}k / {high // 1000}k | page at 1M | "
                "fair SQL at 1M | ratio | target | holds |",
                "|---|---|---|---|---|---|---|"]
        for name, row in dash_high.items():
            queries = f"{dash_low.get(name, {}).get('queries', '?')} / {row['queries']}"
            agrees = "" if row.get("raw_matches_dashboard", True) else " (figures differ!)"
            out.append(f"| {name}{agrees} | {queries} | {_ms(row['page_median_s'])} | "
                       f"{_ms(row['raw_median_s'])} | {row['ratio']:.2f}x | <= 2x | "
                       f"{_holds(row['ratio'] <= 2)} |")
        csv = results.get("dashboard_csv") or {}
        if csv:
            out.append(f"| indicators CSV ({csv['bytes'] / 1000:,.0f} KB) | {csv['queries']} | "
                       f"{_ms(csv['median_s'])} | {_ms(csv['raw_median_s'])} | "
                       f"{csv['ratio']:.2f}x | <= 2x | {_holds(csv['ratio'] <= 2)} |")
        out.append("")
    open_data = results.get("open_data") or {}
    if open_data:
        base = open_data["baseline_old_indicator_values_csv"]
        out += ["**Open data at 1M** (page cache off; baseline: the indicator-values CSV "
                f"built the old way, {base['whole_s']:.2f} s, peak "
                f"{base['peak_memory_bytes'] / 1e6:.0f} MB)", "",
                "| file | size | first byte | whole file | ratio to baseline | peak memory | "
                "target | holds |", "|---|---|---|---|---|---|---|---|"]
        for name, row in open_data.items():
            if name.startswith("baseline"):
                continue
            whole_target = name.startswith("indicator-values")
            ok = row["first_byte_s"] < 0.3 and (not whole_target or row["whole_s"] < 1.5)
            target = "first byte < 300 ms" + (", whole < 1.5 s" if whole_target else "")
            out.append(f"| {name} | {row['bytes'] / 1e6:.1f} MB | {_ms(row['first_byte_s'])} | "
                       f"{row['whole_s']:.2f} s | {row['whole_s'] / base['whole_s']:.2f}x | "
                       f"{row['peak_memory_bytes'] / 1e6:.1f} MB | {target} | {_holds(ok)} |")
        out.append("")
    if _scale(results, "reports", high):
        a, b = _scale(results, "reports", low), _scale(results, "reports", high)
        growth = b["total_s"] / a["total_s"]
        out += ["**Report compilation** (the largest priority area; baseline: the same at "
                f"{low // 1000}k)", "",
                "| at 100k | at 1M | growth | target | holds |", "|---|---|---|---|---|",
                f"| {a['total_s']:.2f} s | {b['total_s']:.2f} s | {growth:.2f}x | <= 1.5x | "
                f"{_holds(growth <= 1.5)} |", ""]
    search = results.get("search") or {}
    if search:
        out += ["**Public search at 1M** (p95; baseline: the same SQL without its indexes)",
                "", "| query | gin p95 / median | no index p95 | ratio | icontains p95 | "
                "target | holds |", "|---|---|---|---|---|---|---|"]
        for query, modes in search.items():
            gin, none = modes["gin"], modes["no index"]
            icontains = modes.get("icontains", {}).get("p95_ms")
            out.append(f"| {query} | {gin['p95_ms']:.1f} / {gin['median_ms']:.1f} ms | "
                       f"{none['p95_ms']:.1f} ms | {gin['p95_ms'] / none['p95_ms']:.2f}x | "
                       f"{'' if icontains is None else f'{icontains:.1f} ms'} | p95 <= 50 ms | "
                       f"{_holds(gin['p95_ms'] <= 50)} |")
        out.append("")
    imports = (results.get("imports") or {}).get("results")
    if imports:
        rate = imports["rows_per_s"]
        out += ["**Import of 100,000 activity rows** (baselines: django-import-export's "
                "defaults and PostgreSQL COPY)", "",
                "| this import | defaults | ratio | COPY | ratio | target | holds |",
                "|---|---|---|---|---|---|---|",
                f"| {rate['ours']:,.0f} rows/s | {rate['defaults']:,.0f} rows/s | "
                f"{imports['vs_defaults']:.1f}x | {rate['copy']:,.0f} rows/s | "
                f"{imports['vs_copy']:.2f}x | >= 10x defaults, >= 0.2x COPY | "
                f"{_holds(imports['vs_defaults'] >= 10 and imports['vs_copy'] >= 0.2)} |", ""]
    pages = (results.get("pages") or {}).get("results")
    if pages:
        out += ["**Public pages in process** (SQLite, generated data; baseline: the "
                "language-choice page)", "", "| page | median | ratio | queries |",
                "|---|---|---|---|"]
        for name, row in pages["pages"].items():
            out.append(f"| {name} | {_ms(row['median_s'])} | {row['ratio']:.1f}x | "
                       f"{row['queries']} |")
        out.append("")
    web = (results.get("web") or {}).get("results")
    if web:
        modes = web["results"]
        out += ["**Public pages under gunicorn** (2 sync workers, wrk; baseline: a hello "
                "view, interleaved; requests per second as a ratio)", "",
                "| page (French) | " + " | ".join(
                    f"{m}: ratio | {m}: req/s | {m}: p50 / p99" for m in modes) + " |",
                "|---" * (1 + 3 * len(modes)) + "|"]
        first = next(iter(modes.values()))
        for name in first:
            cells = []
            for mode in modes.values():
                row = mode.get(name)
                cells += (["", "", ""] if row is None else [
                    f"{row['ratio']:.2f}x", f"{row['page_rps']:,.0f}",
                    f"{row['p50_ms']:.1f} / {row['p99_ms']:.1f} ms"])
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        out.append("")
    api = (results.get("api") or {}).get("results")
    if api:
        scales = sorted(api["queries"], key=int)
        out += ["**Public API under gunicorn** (2 sync workers, wrk; baseline: the same hello "
                "view, interleaved; warm: answers from the public page cache, each request "
                "still counted by the rate limit)", "",
                "| address (French) | queries " + " / ".join(f"{int(s) // 1000}k" for s in scales)
                + " | cold: ratio | warm: ratio | warm: req/s | warm: p50 / p99 | target "
                "| holds |", "|---|---|---|---|---|---|---|---|"]
        for name, warm in api["results"].get("warm", {}).items():
            counts = [api["queries"][s].get(name) for s in scales]
            cold = api["results"].get("cold", {}).get(name)
            reference = name not in api["queries"][scales[0]]
            out.append(
                f"| {name} | {' / '.join('' if c is None else str(c) for c in counts)} | "
                f"{'' if cold is None else format(cold['ratio'], '.2f') + 'x'} | "
                f"{warm['ratio']:.2f}x | {warm['page_rps']:,.0f} | "
                f"{warm['p50_ms']:.1f} / {warm['p99_ms']:.1f} ms | "
                + ("(reference) | |" if reference else
                   f">= 0.8x warm, same queries | "
                   f"{_holds(warm['ratio'] >= 0.8 and len(set(counts)) == 1)} |"))
        out.append("")
    for name, entry in results.items():  # a script's entry: {"rc": …, "results": …}
        if isinstance(entry, dict) and "rc" in entry and entry.get("results") is None:
            out += [f"**{name}**: did not finish (exit code {entry.get('rc')}).", ""]
    return "\n".join(out).rstrip() + "\n"


def write_readme(path: Path, tables: str) -> None:
    """Put ``tables`` between the markers of ``path`` (which must hold both, in order)."""
    text = path.read_text()
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{path}: the markers {START} and {END} are missing")
    path.write_text(text[: start + len(START)] + "\n" + tables + text[end:])


if __name__ == "__main__":
    main()
