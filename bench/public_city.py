"""The home page after a change, and the open-data files, at city scale (PostgreSQL).

Usage (the dataset of bench/city.py; ``bench/all.py`` runs it with every other benchmark)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_city \
        .venv/bin/python bench/public_city.py [--scales 100000,1000000] [--repeat 7]

* **Home page after a change**: every approval or activity saved bumps the public version
  (``portal.core.pagecache``), so the next visitor renders the page and its key figures afresh.
  Measured in process (``django.test.Client``, anonymous): the version bumped, then the
  page (median of ``repeat``). Baselines in the same sitting: the page *cold* (page cache
  off, key figures cached) at the first scale, and the key figures counted the old way
  (``approved_activities()``: every activity against the approved updates).
* **Open data**: each file (CSV and JSON of each dataset) with the page cache off: the time
  to the first byte and to the last, and the peak of memory allocated while it is written
  (``tracemalloc``, a separate run). Baseline: the indicator-values CSV built the old way
  (``approved_progress_of``, every record in a list, then the CSV), in the same sitting.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import city  # noqa: E402

HOME_TARGET_MS = 60
HOME_TARGET_RATIO = 3.0
FIRST_BYTE_TARGET_S = 0.3
WHOLE_FILE_TARGET_S = 1.5


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _client():
    from django.test import Client

    return Client(HTTP_HOST="localhost")


def measure_home(repeat: int) -> dict[str, Any]:
    """The home page after a change, cold, and the old count of the key figures (s)."""
    from django.db.models import Count, Sum
    from django.test.utils import override_settings

    from initiatives.selectors import approved_activities
    from portal.core.pagecache import bump_public_version
    from portal.services import key_figures_cached

    client = _client()

    def after_change() -> None:
        bump_public_version()
        response = client.get("/en/")
        assert response.status_code == 200 and not getattr(response, "public_page_hit", False)

    after_change()  # warm up
    key_figures_cached()
    with override_settings(PUBLIC_PAGE_CACHE=False):
        cold = _median(lambda: client.get("/en/"), repeat)
    after = _median(after_change, repeat)
    old_count = _median(lambda: approved_activities().aggregate(
        activities=Count("pk"), participants=Sum("participants")), max(3, repeat // 2))
    return {"after_change_s": after, "cold_s": cold, "old_key_figures_s": old_count}


def _old_indicator_values_csv() -> bytes:
    """The indicator-values CSV as it was built before streaming (the baseline)."""
    from initiatives.selectors import approved_progress_of, public_initiatives
    from portal.core.spreadsheets import Table, as_csv
    from portal.opendata.datasets import DATASETS
    from portal.opendata.selectors import figure_cell, figure_status, in_both
    from portal.opendata.writers import _csv_cell

    dataset = DATASETS["indicator-values"]
    initiatives = list(public_initiatives().order_by("title_en", "pk"))
    progress = approved_progress_of([i.pk for i in initiatives])
    records, labels = [], {}
    for item in initiatives:
        for row in progress.get(item.pk, []):
            indicator = row.indicator
            common = {
                "initiative_id": item.pk, "initiative_title_fr": item.title_fr or "",
                "initiative_title_en": item.title_en or "", "indicator_id": indicator.pk,
                "indicator_name_fr": indicator.name_fr or "",
                "indicator_name_en": indicator.name_en or "", "unit": indicator.unit,
                "aggregation": indicator.aggregation,
                "target": row.target.published if row.target is not None else None,
            }
            for entry in row.by_period:
                period = entry.period
                if period.pk not in labels:
                    labels[period.pk] = in_both(lambda p=period: p.label)
                records.append({**common, "scope": "period", "period_start": period.start,
                                "period_end": period.end,
                                "period_label_fr": labels[period.pk]["fr"],
                                "period_label_en": labels[period.pk]["en"],
                                "value": figure_cell(entry.figure),
                                "value_status": figure_status(entry.figure)})
            records.append({**common, "scope": "to_date",
                            "period_start": row.by_period[0].period.start if row.by_period
                            else None,
                            "period_end": row.by_period[-1].period.end if row.by_period
                            else None,
                            "period_label_fr": "", "period_label_en": "",
                            "value": figure_cell(row.figure),
                            "value_status": figure_status(row.figure)})
    table = Table(dataset.key, str(dataset.title), dataset.names,
                  [[_csv_cell(r[n]) for n in dataset.names] for r in records])
    return as_csv(table, dataset.key).content


def measure_open_data(repeat: int) -> dict[str, Any]:
    from django.test.utils import override_settings
    from django.urls import reverse
    from django.utils import translation

    from portal.opendata.datasets import DATASETS

    client = _client()
    results: dict[str, Any] = {}
    with override_settings(PUBLIC_PAGE_CACHE=False):
        for key in DATASETS:
            for fmt in ("csv", "json"):
                with translation.override("en"):
                    url = reverse("portal:open_data_download", args=[key, fmt])
                firsts, wholes, size = [], [], 0
                for _ in range(repeat):
                    started = time.perf_counter()
                    response = client.get(url)
                    chunks = iter(response.streaming_content)
                    first = next(chunks)
                    firsts.append(time.perf_counter() - started)
                    size = len(first) + sum(len(c) for c in chunks)
                    wholes.append(time.perf_counter() - started)
                    response.close()
                tracemalloc.start()
                response = client.get(url)
                for _chunk in response.streaming_content:
                    pass
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                results[f"{key}.{fmt}"] = {
                    "bytes": size, "first_byte_s": statistics.median(firsts),
                    "whole_s": statistics.median(wholes), "peak_memory_bytes": peak,
                }
        with translation.override("en"):
            baseline = _median(_old_indicator_values_csv, max(2, repeat // 2))
            tracemalloc.start()
            _old_indicator_values_csv()
            _current, old_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    results["baseline_old_indicator_values_csv"] = {"whole_s": baseline,
                                                    "peak_memory_bytes": old_peak}
    return results


def print_home(rows: dict[int, dict[str, Any]]) -> None:
    scales = sorted(rows)
    cold = rows[scales[0]]["cold_s"]
    print(f"home page (in process; baseline: cold at {scales[0]:,}, {cold * 1000:.1f} ms)")
    for scale in scales:
        row = rows[scale]
        print(f"  {scale:>9,} activities: after a change {row['after_change_s'] * 1000:6.1f} ms"
              f" = {row['after_change_s'] / cold:4.1f}x cold at {scales[0] // 1000}k "
              f"(target <= {HOME_TARGET_RATIO}x, < {HOME_TARGET_MS} ms); cold "
              f"{row['cold_s'] * 1000:5.1f} ms; the old count of key figures alone "
              f"{row['old_key_figures_s'] * 1000:6.1f} ms")


def print_open_data(rows: dict[str, Any]) -> None:
    base = rows["baseline_old_indicator_values_csv"]
    print(f"open data (page cache off; baseline: the indicator-values CSV built the old way, "
          f"{base['whole_s']:.2f} s, peak {base['peak_memory_bytes'] / 1e6:.0f} MB)")
    for name, row in rows.items():
        if name.startswith("baseline"):
            continue
        print(f"  {name:24} {row['bytes'] / 1e6:6.2f} MB  first byte "
              f"{row['first_byte_s'] * 1000:6.1f} ms (< {FIRST_BYTE_TARGET_S * 1000:.0f})  "
              f"whole {row['whole_s']:5.2f} s = {row['whole_s'] / base['whole_s']:4.2f}x "
              f"baseline  peak memory {row['peak_memory_bytes'] / 1e6:5.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    city.configure()
    city.prepare_database()
    home, open_data = {}, {}
    for scale in [int(s) for s in args.scales.split(",")]:
        city.ensure_city(activities=scale)
        home[scale] = measure_home(args.repeat)
    open_data = measure_open_data(max(3, args.repeat // 2))
    print_home(home)
    print_open_data(open_data)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "public_city.json").write_text(json.dumps(
        {"home": home, "open_data": open_data}, indent=2, default=str))


if __name__ == "__main__":
    main()
