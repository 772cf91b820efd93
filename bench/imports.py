"""Importing 100,000 activity rows on PostgreSQL, three ways in the same run.

Usage (PostgreSQL; the database portal_bench_import is created when missing):

    make bench-import            # or: .venv/bin/python bench/imports.py [--rows 100000]

1. **this import** (``initiatives.imports``): read the CSV file, check every row by the
   business rules in a few set-based queries, write in batches with one history entry
   each, in one transaction;
2. **django-import-export's defaults** (``ActivityResource().import_data``, row by row,
   each row's history written by its save signal), on a sample of the rows (row by row, the
   whole file would take minutes), reported as rows per second;
3. **PostgreSQL COPY** of the same rows into the activity table (no checks, no history):
   the floor of what the database can take.

Reported: rows per second of each, and this import's throughput as a ratio to each of the
others (targets: at least 10x the defaults, at least 0.2x COPY). Each run starts from an
empty activity table.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "portal_bench_import"


def configure() -> None:
    url = os.environ.get("DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    if not url.startswith("postgres"):
        raise SystemExit("The import benchmark needs PostgreSQL (DATABASE_URL).")
    url = urlunsplit(urlsplit(url)._replace(path="/" + DATABASE))
    import dj_database_url

    from bench.city import _create_database

    _create_database(dj_database_url.parse(url), reset=False)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def world():
    """An organisation, its staff member and 20 initiatives over 2020-2025."""
    from initiatives.models import Initiative
    from partners.models import Membership, Organisation, User

    org, _ = Organisation.objects.get_or_create(
        slug="bench-org", defaults={"name_fr": "Organisme banc", "name_en": "Bench org",
                                    "kind": "community"})
    user, _ = User.objects.get_or_create(email="bench-import@example.org",
                                         defaults={"first_name": "Bench"})
    Membership.objects.get_or_create(user=user, organisation=org,
                                     defaults={"role": Membership.Role.STAFF})
    initiatives = []
    for n in range(20):
        initiative, _ = Initiative.objects.get_or_create(
            slug_fr=f"banc-{n}", defaults={
                "slug_en": f"bench-{n}", "title_fr": f"Initiative banc {n}",
                "title_en": f"Bench initiative {n}", "zone": "prevention", "lead": org,
                "start": datetime.date(2020, 1, 1), "end": datetime.date(2025, 12, 31)})
        initiatives.append(initiative)
    return org, user, initiatives


KINDS = ["Atelier", "Formation", "Séance d'information", "Activité de sensibilisation"]
AUDIENCES = ["Jeunes", "Adultes", "Familles", "Grand public"]
LANGUAGES = ["Français", "Anglais", "Bilingue"]


def rows(initiatives, count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    first = datetime.date(2020, 1, 1)
    return [
        {
            "date": first + datetime.timedelta(days=rng.randrange(2190)),
            "initiative": rng.choice(initiatives),
            "kind": rng.randrange(len(KINDS)),
            "title": f"Activité {n}",
            "participants": rng.randrange(1, 80),
            "audience": rng.randrange(len(AUDIENCES)),
            "language": rng.randrange(len(LANGUAGES)),
            "neighbourhood": rng.choice(["Vanier", "Centre-ville", "Orléans", ""]),
        }
        for n in range(count)
    ]


def as_csv(data: list[dict]) -> bytes:
    """The file a partner would upload: French headers and labels, semicolons, dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Date", "Initiative", "Type", "Titre", "Participants", "Public cible",
                     "Langue de prestation", "Secteur ou quartier", "Notes"])
    for r in data:
        writer.writerow([r["date"].strftime("%d/%m/%Y"), r["initiative"].title_fr,
                         KINDS[r["kind"]], r["title"], r["participants"],
                         AUDIENCES[r["audience"]], LANGUAGES[r["language"]],
                         r["neighbourhood"], ""])
    return buffer.getvalue().encode("utf-8")


CODES = {
    "kind": ["workshop", "training", "info_session", "outreach"],
    "audience": ["youth", "adults", "families", "general"],
    "language": ["fr", "en", "bilingual"],
}


def empty_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        # CASCADE: events (and anything else) that point at activities go too, else a fresh
        # database with the demo's events refuses the TRUNCATE.
        cursor.execute("TRUNCATE initiatives_activity, initiatives_historicalactivity CASCADE")


def run_ours(data: bytes, user) -> tuple[float, int]:
    from django.conf import settings
    from django.db import transaction
    from django.utils import translation

    from initiatives.imports import services

    settings.IMPORT_MAX_ROWS = settings.IMPORT_MAX_BYTES = 10**9
    empty_tables()
    started = time.perf_counter()
    with translation.override("fr"), transaction.atomic():
        sheet, column_of = services.read_sheet(data)
        checked = services.check_rows(sheet, column_of, user=user)
        assert not checked.errors, checked.errors[:3]
        written = services.write_rows([v for _n, v in checked.rows], by=user,
                                      file_name="bench.csv")
    return time.perf_counter() - started, written


def run_defaults(sample: list[dict], org) -> tuple[float, int]:
    import tablib

    from initiatives.resources import ActivityResource

    empty_tables()
    dataset = tablib.Dataset(headers=["date", "initiative", "organisation", "kind", "title",
                                      "participants", "audience", "language", "neighbourhood",
                                      "notes"])
    for r in sample:
        dataset.append([r["date"].isoformat(), r["initiative"].slug_fr, org.slug,
                        CODES["kind"][r["kind"]], r["title"], r["participants"],
                        CODES["audience"][r["audience"]], CODES["language"][r["language"]],
                        r["neighbourhood"], ""])
    started = time.perf_counter()
    result = ActivityResource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - started
    assert not result.has_errors()
    return elapsed, result.totals["new"]


def run_copy(data: list[dict], org, user) -> tuple[float, int]:
    from django.db import connection, transaction
    from django.utils import timezone

    empty_tables()
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = ("date, initiative_id, organisation_id, kind, title, participants, "
                   "audience, language, neighbourhood, notes, logged_by_id, created_at, "
                   "updated_at")
        with cursor.copy(f"COPY initiatives_activity ({columns}) FROM STDIN") as copy:
            for r in data:
                copy.write_row((r["date"], r["initiative"].pk, org.pk, CODES["kind"][r["kind"]],
                                r["title"], r["participants"],
                                CODES["audience"][r["audience"]],
                                CODES["language"][r["language"]], r["neighbourhood"], "",
                                user.pk, now, now))
    return time.perf_counter() - started, len(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000,
                        help="rows for django-import-export's row-by-row import")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    configure()
    org, user, initiatives = world()
    data = rows(initiatives, args.rows)
    file = as_csv(data)
    timings: dict[str, list[float]] = {"ours": [], "defaults": [], "copy": []}
    for _round in range(args.repeat):  # interleaved rounds
        elapsed, written = run_ours(file, user)
        assert written == args.rows
        timings["ours"].append(args.rows / elapsed)
        elapsed, written = run_defaults(data[: args.sample], org)
        timings["defaults"].append(written / elapsed)
        elapsed, written = run_copy(data, org, user)
        timings["copy"].append(written / elapsed)
    empty_tables()
    rate = {k: statistics.median(v) for k, v in timings.items()}
    result = {
        "rows": args.rows, "file_bytes": len(file), "rows_per_s": rate,
        "vs_defaults": rate["ours"] / rate["defaults"], "vs_copy": rate["ours"] / rate["copy"],
    }
    print(f"{args.rows:,} rows ({len(file) / 1e6:.1f} MB of CSV), median of {args.repeat}:")
    print(f"  this import (read, check, write + history): {rate['ours']:>9,.0f} rows/s")
    print(f"  django-import-export defaults ({args.sample:,} rows): "
          f"{rate['defaults']:>9,.0f} rows/s")
    print(f"  PostgreSQL COPY (no checks, no history):    {rate['copy']:>9,.0f} rows/s")
    print(f"  this import = {result['vs_defaults']:.1f}x the defaults (target >= 10x), "
          f"{result['vs_copy']:.2f}x COPY (target >= 0.2x)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "imports.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
