"""The benchmarks' README tables come from `make bench-all` (bench/all.py): its renderer
turns a sitting's results into the tables, and the README holds the markers they are
written between."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import all as bench_all

ROOT = Path(__file__).resolve().parents[2]


def sitting() -> dict:
    """A sitting's results as bench/all.py writes them to bench/results/all.json."""
    page = {"page_median_s": 0.150, "raw_median_s": 0.100, "ratio": 1.5, "queries": 17,
            "raw_matches_dashboard": True}
    return {
        "date": "2026-12-06T23:01:02+00:00", "quick": True, "total_s": 13.2 * 60,
        "load_before": "23:01:02 up 1:00,  0 user,  load average: 1.50, 1.20, 1.00",
        "load_after": "23:14:14 up 1:13,  0 user,  load average: 2.00, 1.80, 1.40",
        "home": {"100000": {"after_change_s": 0.030, "cold_s": 0.020},
                 "1000000": {"after_change_s": 0.035, "cold_s": 0.021}},
        "dashboard": {"100000": {"no filter": page, "organisation": page},
                      "1000000": {"no filter": page,
                                  "organisation": {**page, "page_median_s": 0.075,
                                                   "raw_median_s": 0.025, "ratio": 3.0}}},
        "dashboard_csv": {"median_s": 0.2, "raw_median_s": 0.1, "ratio": 2.0, "queries": 10,
                          "bytes": 502_000},
        "open_data": {
            "indicator-values.csv": {"bytes": 9_800_000, "first_byte_s": 0.05,
                                     "whole_s": 0.9, "peak_memory_bytes": 6_000_000},
            "indicator-values.json": {"bytes": 24_500_000, "first_byte_s": 0.05,
                                      "whole_s": 1.6, "peak_memory_bytes": 6_000_000},
            "baseline_old_indicator_values_csv": {"whole_s": 4.5,
                                                  "peak_memory_bytes": 140_000_000},
        },
        "reports": {"100000": {"total_s": 2.0}, "1000000": {"total_s": 2.1}},
        "search": {"en: workshops": {
            "gin": {"p95_ms": 40.0, "median_ms": 30.0, "hits": 200},
            "no index": {"p95_ms": 100.0, "median_ms": 80.0, "hits": 200},
            "icontains": {"p95_ms": 25.0, "median_ms": 15.0, "hits": 210}}},
        "imports": {"rc": 0, "results": {"rows_per_s": {"ours": 50_000, "defaults": 800,
                                                         "copy": 200_000},
                                          "vs_defaults": 62.5, "vs_copy": 0.25}},
        "pages": {"rc": 0, "results": {"pages": {
            "baseline (language choice)": {"median_s": 0.002, "ratio": 1.0, "queries": 0},
            "home": {"median_s": 0.010, "ratio": 5.0, "queries": 4}}}},
        "web": {"rc": 0, "results": {"results": {
            "cold": {"home": {"ratio": 0.09, "page_rps": 203, "p50_ms": 39, "p99_ms": 46}},
            "warm": {"home": {"ratio": 0.92, "page_rps": 2616, "p50_ms": 2.9,
                              "p99_ms": 4.9}}}}},
        "api": {"rc": 1, "results": None},
    }


def test_the_renderer_makes_the_tables_from_a_sittings_results():
    tables = bench_all.render(sitting())
    assert "on 2026-12-06 23:01 UTC in 13.2 min" in tables
    assert "load average: 1.50, 1.20, 1.00" in tables
    assert "load average: 2.00, 1.80, 1.40" in tables
    lines = tables.splitlines()
    # Each row a ratio to its baseline of the same sitting, and whether the target holds.
    assert "| no filter | 17 / 17 | 150.0 ms | 100.0 ms | 1.50x | <= 2x | yes |" in lines
    assert "| organisation | 17 / 17 | 75.0 ms | 25.0 ms | 3.00x | <= 2x | **no** |" in lines
    assert any(line.startswith("| indicators CSV (502 KB) | 10 | 200.0 ms | 100.0 ms | 2.00x")
               for line in lines)
    assert "| 1,000,000 | 35.0 ms | 1.75x | 21.0 ms | <= 3x and < 60 ms | yes |" in lines
    assert "| 100,000 | 30.0 ms | 1.50x | 20.0 ms | (reference) |  |" in lines  # the baseline
    csv_row = next(line for line in lines if line.startswith("| indicator-values.csv"))
    assert "0.90 s | 0.20x" in csv_row and csv_row.endswith("| yes |")
    json_row = next(line for line in lines if line.startswith("| indicator-values.json"))
    assert json_row.endswith("| **no** |")  # 1.6 s: over the 1.5 s of the whole file
    assert "| 2.00 s | 2.10 s | 1.05x | <= 1.5x | yes |" in lines
    assert any(line.startswith("| en: workshops | 40.0 / 30.0 ms | 100.0 ms | 0.40x")
               for line in lines)
    assert any("62.5x" in line and "0.25x" in line for line in lines)
    assert "| home | 10.0 ms | 5.0x | 4 |" in lines
    assert "| home | 0.09x | 203 | 39.0 / 46.0 ms | 0.92x | 2,616 | 2.9 / 4.9 ms |" in lines
    # A script that did not finish says so rather than leaving an old table standing.
    assert "did not finish (exit code 1)" in tables


def test_the_tables_are_written_between_the_markers_only(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Before\n\n{bench_all.START}\nold table\n{bench_all.END}\n\nAfter\n")
    bench_all.write_readme(readme, bench_all.render(sitting()))
    text = readme.read_text()
    assert text.startswith(f"# Before\n\n{bench_all.START}\nMeasured by `make bench-all")
    assert "old table" not in text
    assert text.endswith(f"{bench_all.END}\n\nAfter\n")
    bench_all.write_readme(readme, "second\n")  # again: replaced, not appended
    assert text.count(bench_all.START) == readme.read_text().count(bench_all.START) == 1
    assert f"{bench_all.START}\nsecond\n{bench_all.END}" in readme.read_text()


def test_a_readme_without_the_markers_is_refused(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# No markers\n")
    with pytest.raises(SystemExit, match="markers"):
        bench_all.write_readme(readme, "tables\n")


def test_the_benchmarks_readme_holds_the_markers_in_order():
    text = (ROOT / "bench" / "README.md").read_text()
    assert text.count(bench_all.START) == 1 and text.count(bench_all.END) == 1
    assert text.index(bench_all.START) < text.index(bench_all.END)
    assert bench_all.README == ROOT / "bench" / "README.md"


def test_every_benchmark_of_the_issue_is_in_the_sitting():
    """The import, the public pages in process and under gunicorn run as scripts; the city
    benchmarks (home, dashboard and its CSV, open data, reports, search) in process."""
    assert {s.name for s in bench_all.SCRIPTS} >= {"imports", "pages", "web"}
    source = (ROOT / "bench" / "all.py").read_text()
    for call in ("measure_home", "measure_all", "measure_csv", "measure_open_data",
                 "reports.measure", "search_bench.measure"):
        assert call in source


def test_the_apis_throughput_has_its_table_even_when_it_misses_its_target():
    """bench/api.py exits non-zero when a target is missed, after writing its results: the
    table shows them, with the target marked as not met, and the reference page unjudged."""
    assert "api" in {s.name for s in bench_all.SCRIPTS}
    row = {"ratio": 0.7, "page_rps": 1400.0, "hello_rps": 2000.0, "p50_ms": 3.0, "p99_ms": 6.0}
    api = {"queries": {"100000": {"list": 6, "one": 7}, "1000000": {"list": 6, "one": 7}},
           "results": {"cold": {"list": {**row, "ratio": 0.02}, "one": {**row, "ratio": 0.03}},
                       "warm": {"list": row, "one": {**row, "ratio": 0.85},
                                "public page": {**row, "ratio": 0.9}}}}
    results = {**sitting(), "api": {"rc": 1, "results": api}}
    lines = bench_all.render(results).splitlines()
    assert ("| list | 6 / 6 | 0.02x | 0.70x | 1,400 | 3.0 / 6.0 ms | >= 0.8x warm, same queries "
            "| **no** |") in lines
    assert any(line.startswith("| one | 7 / 7") and line.endswith("| yes |") for line in lines)
    assert any(line.startswith("| public page |") and "(reference)" in line for line in lines)
    assert not any(line.startswith("**api**") for line in lines)
