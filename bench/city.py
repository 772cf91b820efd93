"""A dataset at the scale of a city, on PostgreSQL, for the dashboard and report benchmarks.

On top of the demo data (``migrate`` + ``load_demo``) it adds, deterministically:

* 240 organisations (so ~250 with the demo's), each with a partner lead account;
* 1,000 initiatives over the featured plan's four priority areas (one or two each) and the
  four CSWB zones, with leads, collaborators, funders, strategies and themes;
* 2-3 indicators per initiative: entered and derived, counts and percentages, baselines,
  targets, target dates, directions and the three RBA questions;
* 24 quarterly reporting periods, 2020-Q1 to 2025-Q4 (the demo's quarters are reused, the
  others added; the generator refuses a span that would overlap an existing period);
* ~20,000 progress updates (mostly approved; some submitted, returned, draft, or missing
  altogether; some submitted after the due date) with their indicator values (reported, a
  few "not reported" or "withheld", a few flagged outliers);
* N activities, written by one ``INSERT ... SELECT generate_series`` (1M in well under a
  minute or two).

Activity number g (1..N) is a pure function of g and of the seed (``hashint8extended``), so
growing 100k to 1M adds activities 100,001..1,000,000 and gives the same rows as generating
1M directly. The derived values of approved updates (participants, youth reached, share in
French...) are recomputed from the activities in SQL after every change, so they always
match what :func:`initiatives.metrics.derived_values` would compute.

Reuse (a later benchmark of report compilation does the same)::

    from bench import city
    city.configure(reset=False)        # PostgreSQL only; a database whose name has "bench"
    city.prepare_database()            # migrate; load_demo on a fresh database
    info = city.ensure_city(activities=100_000)
    ...
    info = city.ensure_city(activities=1_000_000)   # grows in place
    user = city.bench_coordinator()    # a coordinator with TOTP, for test clients

Command line: ``python bench/city.py --activities 1000000 [--reset]``.

The generated rows are marked: organisation slugs ``city-org-NNN``, initiative slugs
``city-initiative-NNNN`` / ``initiative-ville-NNNN``; the bookkeeping lives in two tables of
the bench database, ``bench_city_meta`` and ``bench_city_slot``. No history rows are written
for generated activities, updates or values (the dashboard and reports do not read them).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import math
import os
import random
import secrets
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "portal_bench_city"
DEFAULT_DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DATABASE}"
SEED = 2026
# Bump when the generated data changes shape: an older bench database is then refused
# (run with --reset) rather than silently mixed.
VERSION = 1

N_ORGANISATIONS = 240
N_INITIATIVES = 1000
SLOTS = 20_000  # activity volume per initiative: its share of these slots
FIRST_QUARTER = (2020, 1)
LAST_QUARTER = (2025, 4)
WINDOW_START = datetime.date(2020, 1, 1)
WINDOW_END = datetime.date(2025, 12, 31)
PERIOD_DUE_DAYS = 30
LOCKED_BEFORE = datetime.date(2025, 7, 1)
TZ_NAME = "America/Toronto"
MASK = (1 << 63) - 1  # keeps hashint8extended() non-negative

ORG_PREFIX = "city-org-"
INITIATIVE_PREFIX = "city-initiative-"


# --- Configuration and the database -----------------------------------------------------------


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def configure(*, reset: bool = False) -> str:
    """Point Django at the bench database (created if missing, recreated with ``reset``)."""
    url = database_url()
    if not url.startswith("postgres"):
        raise SystemExit(f"The city-scale benchmark needs PostgreSQL; DATABASE_URL is {url!r}.")
    import dj_database_url

    params = dj_database_url.parse(url)
    if "bench" not in params["NAME"]:
        # Never the application's or the tests' database: the same server, the bench's own
        # database (as bench/run.py does).
        parts = urlsplit(url)
        url = urlunsplit(parts._replace(path="/" + DEFAULT_DATABASE))
        print(f"bench: using database {DEFAULT_DATABASE!r} on the server of DATABASE_URL "
              f"(not {params['NAME']!r})", file=sys.stderr)
        params = dj_database_url.parse(url)
    name = params["NAME"]
    _create_database(params, reset=reset)
    os.environ["DATABASE_URL"] = url
    # As in production: DEBUG off (no query log, templates without debug information), with
    # what DEBUG off requires; bench.city_settings keeps static files out of the way.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.city_settings"
    import django

    django.setup()
    return name


def _create_database(params: dict[str, Any], *, reset: bool) -> None:
    import psycopg
    from psycopg import sql

    conninfo = {
        "dbname": "postgres",
        "user": params.get("USER") or None,
        "password": params.get("PASSWORD") or None,
        "host": params.get("HOST") or None,
        "port": params.get("PORT") or None,
    }
    name = params["NAME"]
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if reset:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_database() -> dict[str, float]:
    """Migrate; load the demo data when the city dataset is not there yet."""
    from django.core.management import call_command

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate_s"] = time.perf_counter() - started
    if _read_meta() is None:
        started = time.perf_counter()
        call_command("load_demo", allow_without_debug=True, verbosity=0, stdout=io.StringIO())
        timings["load_demo_s"] = time.perf_counter() - started
    return timings


def _execute(sql: str, params: Any = None) -> Any:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _fetch(sql: str, params: Any = None) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _read_meta() -> dict | None:
    _execute("CREATE TABLE IF NOT EXISTS bench_city_meta (key text PRIMARY KEY, value jsonb)")
    rows = _fetch("SELECT value FROM bench_city_meta WHERE key = 'spec'")
    if not rows:
        return None
    value = rows[0][0]
    return json.loads(value) if isinstance(value, str) else value


def _write_meta(spec: dict) -> None:
    _execute(
        "INSERT INTO bench_city_meta (key, value) VALUES ('spec', %s::jsonb) "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        [json.dumps(spec)],
    )


def _spec(seed: int) -> dict:
    return {"version": VERSION, "seed": seed, "organisations": N_ORGANISATIONS,
            "initiatives": N_INITIATIVES, "slots": SLOTS}


# --- Vocabulary -------------------------------------------------------------------------------

PLACES = [
    "Vanier", "Overbrook", "Heatherington", "Carlington", "Lowertown", "Côte-de-Sable",
    "Centretown", "Hintonburg", "Westboro", "Bayshore", "Britannia", "Kanata", "Stittsville",
    "Barrhaven", "Riverside-Sud", "Manotick", "Orléans", "Blackburn Hamlet", "Beacon Hill",
    "Alta Vista", "Hunt Club", "South Keys", "Herongate", "Ledbury", "Lincoln Heights",
    "Michele Heights", "Pinecrest", "Queensway Terrace", "Vars", "Cumberland", "Navan",
    "Greely", "Rockcliffe", "Chinatown", "Petite-Italie", "Glebe", "Vieil Ottawa-Sud",
    "Elmvale Acres", "Centrepointe", "Nepean", "Richmond", "Carp", "Constance Bay",
    "Emerald Woods", "Russell Heights",
]
WARDS = [
    "Orléans-Est-Cumberland", "Orléans-Ouest-Innes", "Barrhaven-Ouest", "Kanata-Nord",
    "West Carleton-March", "Stittsville", "Baie", "Collège", "Knoxdale-Merivale",
    "Gloucester-Southgate", "Beacon Hill-Cyrville", "Rideau-Vanier", "Rideau-Rockcliffe",
    "Somerset", "Kitchissippi", "Rivière", "Capitale", "Alta Vista", "Orléans-Sud-Navan",
    "Osgoode", "Rideau-Jock", "Riverside-Sud-Findlay Creek", "Kanata-Sud", "Barrhaven-Est",
]
# (French pattern, English pattern, kind, public)
ORG_TYPES = [
    ("Centre communautaire {p}", "{p} Community Centre", "community", True),
    ("Centre de santé communautaire {p}", "{p} Community Health Centre", "health", True),
    ("Maison des jeunes de {p}", "{p} Youth House", "community", True),
    ("Association des résidents de {p}", "{p} Residents' Association", "community", True),
    ("Réseau des aînés de {p}", "{p} Seniors' Network", "community", True),
    ("Centre de ressources pour femmes de {p}", "{p} Women's Resource Centre", "community",
     True),
    ("Maison d'hébergement {p}", "{p} Shelter", "community", False),
    ("École secondaire {p}", "{p} High School", "school", True),
    ("Bibliothèque publique d'Ottawa, succursale {p}", "Ottawa Public Library, {p} Branch",
     "municipal", True),
    ("Fondation communautaire de {p}", "{p} Community Foundation", "funder", True),
    ("Clinique juridique de {p}", "{p} Legal Clinic", "other", True),
    ("Services à la famille de {p}", "{p} Family Services", "health", True),
]
AREA_TOPICS = {
    # by the featured plan's area order (1..4): (French, English)
    1: [("relations saines", "healthy relationships"),
        ("prévention de la violence conjugale", "intimate partner violence prevention"),
        ("sensibilisation à la traite", "trafficking awareness"),
        ("soutien aux survivantes", "survivor support")],
    2: [("mentorat jeunesse", "youth mentoring"), ("sports de soirée", "late-night sports"),
        ("emploi des jeunes", "youth employment"),
        ("prévention du recrutement par les gangs", "gang recruitment prevention")],
    3: [("mobilisation de quartier", "neighbourhood mobilisation"),
        ("aménagement sécuritaire", "safer spaces design"),
        ("marches exploratoires", "safety audit walks"),
        ("jardins communautaires", "community gardens")],
    4: [("prévention de la fraude", "fraud prevention"),
        ("soutien en santé mentale", "mental health support"),
        ("lutte contre l'isolement des aînés", "isolation of older adults"),
        ("accompagnement en logement", "housing support")],
}
TITLE_PATTERNS = [
    ("Programme de {t} – {p}", "{T} programme – {p}"),
    ("Projet {t} à {p}", "{T} project in {p}"),
    ("Ateliers de {t} – {p}", "{T} workshops – {p}"),
    ("Table de concertation : {t} ({p})", "{T} round table ({p})"),
]
# Activity kinds weighted by CSWB zone; audiences by priority area (order 1..4).
KIND_WEIGHTS = {
    "social_development": {"workshop": 35, "info_session": 20, "training": 10, "outreach": 25,
                           "meeting": 10},
    "prevention": {"workshop": 35, "info_session": 30, "training": 15, "outreach": 10,
                   "meeting": 10},
    "risk_intervention": {"workshop": 15, "info_session": 15, "training": 25, "outreach": 10,
                          "meeting": 35},
    "incident_response": {"workshop": 10, "info_session": 15, "training": 25, "outreach": 5,
                          "meeting": 45},
}
AUDIENCE_WEIGHTS = {
    1: {"adults": 35, "youth": 25, "professionals": 25, "general": 15},
    2: {"youth": 70, "families": 15, "professionals": 10, "general": 5},
    3: {"general": 40, "families": 30, "adults": 15, "youth": 15},
    4: {"seniors": 50, "adults": 30, "professionals": 15, "families": 5},
}
ACTIVITY_TITLES = {
    "workshop": [("Atelier de prévention", "Prevention workshop"),
                 ("Atelier sur les relations saines", "Healthy relationships workshop"),
                 ("Atelier de sécurité en ligne", "Online safety workshop"),
                 ("Atelier de compétences parentales", "Parenting skills workshop")],
    "info_session": [("Séance d'information", "Information session"),
                     ("Kiosque d'information", "Information booth"),
                     ("Séance sur les ressources locales", "Local resources session"),
                     ("Présentation en classe", "Classroom presentation")],
    "training": [("Formation des intervenants", "Front-line worker training"),
                 ("Formation des bénévoles", "Volunteer training"),
                 ("Formation en premiers soins psychologiques", "Psychological first aid"),
                 ("Formation sur la traite des personnes", "Human trafficking training")],
    "outreach": [("Activité de quartier", "Neighbourhood event"),
                 ("Barbecue communautaire", "Community barbecue"),
                 ("Tournée de porte-à-porte", "Door-to-door outreach"),
                 ("Marche exploratoire", "Safety audit walk")],
    "meeting": [("Rencontre des partenaires", "Partner meeting"),
                ("Table de situation", "Situation table"),
                ("Comité de coordination", "Coordination committee"),
                ("Rencontre de suivi des cas", "Case review meeting")],
}
# (lowest, highest) participants by kind, before the few empty and small groups.
PARTICIPANTS = {"workshop": (5, 30), "info_session": (8, 60), "training": (4, 25),
                "outreach": (20, 150), "meeting": (3, 14)}
OTHER_LANGUAGES = [" (delivered in Arabic)", " (delivered in Somali)",
                   " (delivered in Spanish)", " (delivered in Mandarin)"]
NOTES_FR = ["Groupe attentif.", "Salle trop petite.", "Interprète sur place.",
            "Reporté d'une semaine."]
NOTES_EN = ["Engaged group.", "Room too small.", "Interpreter on site.",
            "Postponed by a week."]

# Entered indicators: (key, name fr, name en, unit, question, direction, aggregation)
ENTERED_TEMPLATES = {
    "referrals": ("Orientations vers des services", "Referrals to services", "count",
                  "how_much", "up", "sum"),
    "calls": ("Appels à la ligne de soutien", "Calls to the support line", "count",
              "how_much", "up", "sum"),
    "satisfaction": ("Participants satisfaits", "Participants satisfied", "percent",
                     "how_well", "up", "average"),
    "safer": ("Participants se sentant plus en sécurité", "Participants feeling safer",
              "percent", "better_off", "up", "latest"),
    "knowledge": ("Participants ayant acquis des connaissances",
                  "Participants who gained knowledge", "percent", "better_off", "up",
                  "average"),
    "repeat": ("Incidents répétés signalés", "Repeat incidents reported", "count",
               "better_off", "down", "latest"),
    "wait": ("Délai d'attente moyen (jours)", "Average wait (days)", "count", "how_well",
             "down", "latest"),
}
AREA_ENTERED = {
    1: ["referrals", "calls", "safer", "repeat", "knowledge"],
    2: ["referrals", "satisfaction", "knowledge", "repeat"],
    3: ["satisfaction", "safer", "repeat", "referrals"],
    4: ["calls", "wait", "safer", "satisfaction", "referrals"],
}
DERIVED_TEMPLATES = {
    "participants": ("Participants (toutes activités)", "Participants (all activities)",
                     "count", "how_much"),
    "youth_reached": ("Jeunes rejoints", "Youth reached", "count", "how_much"),
    "sessions": ("Activités tenues", "Activities held", "count", "how_much"),
    "share_french": ("Part des activités en français", "Share of activities in French",
                     "percent", "how_well"),
    "people_trained": ("Personnes formées", "People trained", "count", "better_off"),
}


def _weighted(rng: random.Random, weights: dict) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _expand(weights: dict[str, int], size: int = 20) -> list[str]:
    """A list of ``size`` values in proportion to ``weights``: SQL picks one by index."""
    total = sum(weights.values())
    out: list[str] = []
    for key, weight in weights.items():
        out += [key] * round(weight * size / total)
    while len(out) < size:
        out.append(max(weights, key=weights.get))
    return out[:size]


def quarters() -> list[tuple[str, datetime.date, datetime.date]]:
    out = []
    year, quarter = FIRST_QUARTER
    while (year, quarter) <= LAST_QUARTER:
        start = datetime.date(year, 3 * quarter - 2, 1)
        following = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1,
                                  1)
        out.append((f"{year}-Q{quarter}", start, following - datetime.timedelta(days=1)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo(TZ_NAME))


# --- The base: everything but activities ------------------------------------------------------


def _ensure_periods() -> list:
    """The 24 quarters, reusing the demo's rows; never an overlapping span."""
    from initiatives.models import ReportingPeriod

    periods = []
    for name, start, end in quarters():
        period = ReportingPeriod.objects.filter(start=start, end=end).first()
        if period is None:
            clash = ReportingPeriod.objects.filter(start__lte=end, end__gte=start).first()
            if clash is not None:
                raise SystemExit(f"{name} would overlap the existing period {clash.name}.")
            period = ReportingPeriod.objects.create(
                name=name, start=start, end=end,
                due=end + datetime.timedelta(days=PERIOD_DUE_DAYS),
                is_locked=end < LOCKED_BEFORE,
            )
        periods.append(period)
    return periods


def _build_base(seed: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import translation

    with translation.override("fr"), transaction.atomic():
        return _build_base_rows(random.Random(seed))


def _build_base_rows(rng: random.Random) -> dict[str, int]:
    from initiatives.models import Indicator, Initiative, ProgressUpdate
    from partners.models import Membership, Organisation, User
    from priorities.models import Plan, Strategy, Theme

    periods = _ensure_periods()
    plan = Plan.objects.featured()
    areas = list(plan.priority_areas.order_by("order"))
    if len(areas) != 4:
        raise SystemExit(f"The featured plan has {len(areas)} priority areas, not 4.")
    area_order = {area.pk: index for index, area in enumerate(areas, start=1)}
    strategies: dict[int, list[int]] = {area.pk: [] for area in areas}
    for strategy in Strategy.objects.filter(priority_area__in=areas).order_by("pk"):
        strategies[strategy.priority_area_id].append(strategy.pk)
    themes = list(Theme.objects.filter(plan=plan).order_by("order").values_list("pk", flat=True))
    coordinator = User.objects.filter(is_coordinator=True).order_by("pk").first()

    # Organisations, each with a partner lead (no usable password: benchmarks only).
    combos = [(t, p) for t in ORG_TYPES for p in PLACES]
    rng.shuffle(combos)
    new_orgs = []
    for number, ((fr, en, kind, public), place) in enumerate(combos[:N_ORGANISATIONS], 1):
        new_orgs.append(Organisation(
            slug=f"{ORG_PREFIX}{number:03d}", kind=kind, is_public=public,
            name_fr=fr.format(p=place), name_en=en.format(p=place),
            acronym_fr="", acronym_en="",
            description_fr="Organisme généré pour les mesures à l'échelle d'une ville.",
            description_en="Generated organisation for the city-scale benchmarks.",
        ))
    new_orgs = Organisation.objects.bulk_create(new_orgs)
    leads = User.objects.bulk_create(
        User(email=f"lead@{org.slug}.bench", password="!bench-no-password",  # noqa: S106
             first_name="Lead", last_name=org.slug,
             preferred_language=rng.choice(["fr", "en"]), is_active=True)
        for org in new_orgs
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, role=Membership.Role.LEAD)
        for user, org in zip(leads, new_orgs, strict=True)
    )
    lead_user = {org.pk: user.pk for org, user in zip(new_orgs, leads, strict=True)}
    for membership in Membership.objects.filter(role=Membership.Role.LEAD).exclude(
        organisation__in=new_orgs
    ).order_by("pk"):
        lead_user.setdefault(membership.organisation_id, membership.user_id)

    all_orgs = list(Organisation.objects.order_by("pk"))
    delivering = [o for o in all_orgs if o.kind != Organisation.Kind.FUNDER]
    funders = [o for o in all_orgs if o.kind == Organisation.Kind.FUNDER]
    # A few organisations lead many initiatives, most lead one or two (Zipf-like).
    lead_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(delivering))]
    rng.shuffle(lead_weights)

    # Initiatives.
    specs = []
    for number in range(1, N_INITIATIVES + 1):
        area = rng.choice(areas)
        chosen_areas = [area]
        if rng.random() < 0.3:
            chosen_areas.append(rng.choice([a for a in areas if a != area]))
        roll = rng.random()
        if roll < 0.02:
            start = datetime.date(2027, rng.randint(1, 6), 1)  # planned
        elif roll < 0.72:
            start = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(4 * 365))
        elif roll < 0.93:
            start = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2 * 365))
        else:
            start = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(4 * 365))
        end = None
        if rng.random() < 0.30:
            end = max(start + datetime.timedelta(days=365 * 2),
                      datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(
                          6 * 365)))
        if start.year >= 2027:
            status = Initiative.Status.PLANNED
        elif end is not None and end < WINDOW_END:
            status = Initiative.Status.COMPLETED
        elif rng.random() < 0.05:
            status = Initiative.Status.ON_HOLD
        else:
            status = Initiative.Status.ACTIVE
        topic_fr, topic_en = rng.choice(AREA_TOPICS[area_order[area.pk]])
        pattern_fr, pattern_en = rng.choice(TITLE_PATTERNS)
        place = rng.choice(PLACES)
        lead = rng.choices(delivering, weights=lead_weights)[0]
        collaborators = rng.sample([o for o in delivering if o != lead], rng.choice(
            [0, 1, 1, 2, 2, 2, 3, 4]))
        specs.append({
            "number": number, "areas": chosen_areas, "area_order": area_order[area.pk],
            "lead": lead, "start": start, "end": end,
            "status": status, "place": place, "collaborators": collaborators,
            "funders": rng.sample(funders, 1) if funders and rng.random() < 0.25 else [],
            "strategies": rng.sample(strategies[area.pk], min(len(strategies[area.pk]),
                                                              rng.choice([0, 1, 1, 2]))),
            "themes": [t for t in themes if rng.random() < 0.2],
            "zone": _weighted(rng, {"social_development": 30, "prevention": 35,
                                    "risk_intervention": 20, "incident_response": 15}),
            "title_fr": pattern_fr.format(t=topic_fr, T=topic_fr.capitalize(), p=place),
            "title_en": pattern_en.format(t=topic_en, T=topic_en.capitalize(), p=place),
            "is_public": rng.random() < 0.95,
        })
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            title_fr=s["title_fr"], title_en=s["title_en"],
            slug_fr=f"initiative-ville-{s['number']:04d}",
            slug_en=f"{INITIATIVE_PREFIX}{s['number']:04d}",
            summary_fr=f"Initiative générée ({s['place']}) pour les mesures à l'échelle "
                       "d'une ville.",
            summary_en=f"Generated initiative ({s['place']}) for the city-scale benchmarks.",
            description_fr="", description_en="",
            zone=s["zone"], lead=s["lead"], start=s["start"], end=s["end"], status=s["status"],
            is_public=s["is_public"],
        )
        for s in specs
    )
    for spec, initiative in zip(specs, initiatives, strict=True):
        spec["initiative"] = initiative
    for name, key, column in (
        ("priority_areas", "areas", "priorityarea_id"),
        ("collaborators", "collaborators", "organisation_id"),
        ("funders", "funders", "organisation_id"),
        ("strategies", "strategies", "strategy_id"),
        ("themes", "themes", "theme_id"),
    ):
        through = getattr(Initiative, name).through
        through.objects.bulk_create(
            through(**{"initiative_id": s["initiative"].pk,
                       column: t.pk if hasattr(t, "pk") else t})
            for s in specs for t in s[key]
        )

    # Activity volume (share of the slots) and the expected volume at 1M, for targets.
    for spec in specs:
        first = max(spec["start"], WINDOW_START)
        last = min(spec["end"] or WINDOW_END, WINDOW_END)
        spec["first_day"], spec["days"] = first, (last - first).days + 1
        spec["weight"] = rng.lognormvariate(0, 0.7) * max(spec["days"], 0)
    total_weight = sum(s["weight"] for s in specs)
    for spec in specs:
        spec["slots"] = (max(1, round(SLOTS * spec["weight"] / total_weight))
                         if spec["days"] > 0 else 0)

    # Indicators.
    indicators = []
    for spec in specs:
        order = spec["area_order"]
        count = 2 if rng.random() < 0.4 else 3
        derived = ["participants"]
        if order == 2 or rng.random() < 0.15:
            derived = ["youth_reached"]
        elif rng.random() < 0.25:
            derived = ["sessions"]
        elif rng.random() < 0.15:
            derived = ["people_trained"]
        if count == 3 and rng.random() < 0.35:
            derived.append("share_french")
        entered = rng.sample(AREA_ENTERED[order], count - len(derived))
        spec["indicators"] = []
        for position, key in enumerate(derived + entered, start=1):
            indicator = _indicator(rng, spec, key, key in derived, position)
            spec["indicators"].append(indicator)
            indicators.append(indicator)
    Indicator.objects.bulk_create(indicators)

    # Progress updates and entered values.
    updates, pending_values = [], []
    for spec in specs:
        owed = [p for p in periods if p.end >= spec["start"]
                and (spec["end"] is None or p.start <= spec["end"])]
        spec["owed"] = owed
        for index, period in enumerate(owed):
            recent = period.start >= datetime.date(2025, 7, 1)
            weights = ({"approved": 55, "submitted": 15, "returned": 5, "draft": 10,
                        "missing": 15} if recent else
                       {"approved": 86, "submitted": 1.5, "returned": 1.5, "draft": 3,
                        "missing": 5})
            if spec["status"] == Initiative.Status.ON_HOLD:
                weights["missing"] += 30
            status = _weighted(rng, weights)
            if status == "missing":
                continue
            update = _update(rng, spec, period, status, lead_user, coordinator)
            updates.append(update)
            if status != "draft":
                for indicator in spec["indicators"]:
                    if indicator.source == Indicator.Source.ENTERED:
                        pending_values.append((update, indicator, index, len(owed)))
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    from initiatives.models import IndicatorValue

    IndicatorValue.objects.bulk_create(
        (_entered_value(rng, update, indicator, index, n)
         for update, indicator, index, n in pending_values),
        batch_size=2000,
    )
    # Deterministic timestamps rather than "now".
    city = [s["initiative"].pk for s in specs]
    _execute(
        "UPDATE initiatives_initiative SET created_at = make_timestamptz(extract(year from "
        "start)::int, extract(month from start)::int, 1, 9, 0, 0, %s), updated_at = "
        "make_timestamptz(extract(year from start)::int, extract(month from start)::int, 1, 9, "
        "0, 0, %s) WHERE id = ANY(%s)", [TZ_NAME, TZ_NAME, city])
    _execute(
        "UPDATE initiatives_progressupdate u SET created_at = (p.\"end\" + 1)::timestamp "
        "AT TIME ZONE %s, updated_at = coalesce(u.reviewed_at, u.submitted_at, "
        "(p.\"end\" + 1)::timestamp AT TIME ZONE %s) FROM initiatives_reportingperiod p "
        "WHERE p.id = u.period_id AND u.initiative_id = ANY(%s)", [TZ_NAME, TZ_NAME, city])
    stamp = _at(datetime.date(2019, 12, 1), 9)
    _execute("UPDATE partners_organisation SET created_at = %s, updated_at = %s "
             "WHERE slug LIKE %s", [stamp, stamp, ORG_PREFIX + "%"])

    _write_slots(rng, specs, lead_user)
    return {"organisations": len(new_orgs), "initiatives": len(initiatives),
            "indicators": len(indicators), "updates": len(updates),
            "entered_values": len(pending_values)}


def _indicator(rng: random.Random, spec: dict, key: str, derived: bool, position: int):
    from initiatives.models import Indicator

    initiative = spec["initiative"]
    target_date = min(spec["end"] or WINDOW_END, WINDOW_END)
    if target_date < spec["first_day"]:
        target_date = spec["end"] or datetime.date(2028, 12, 31)
    baseline_date = spec["first_day"] - datetime.timedelta(days=1)
    # Quarters from the start of the window (or the initiative) to the target date.
    quarters_to_target = max(1, math.ceil(((target_date - spec["first_day"]).days + 1) / 91))
    # Activities expected at 1M, so derived targets are realistic at city scale.
    activities_1m = 1_000_000 * spec["slots"] / SLOTS
    share_to_target = min(1.0, quarters_to_target * 91 / max(spec["days"], 1))
    performance = rng.uniform(0.75, 1.25)  # some on track, some behind, some ahead
    common = {
        "initiative": initiative, "order": position, "is_public": rng.random() < 0.9,
        "frequency": Indicator.Frequency.QUARTERLY if rng.random() < 0.9
        else Indicator.Frequency.TWICE_YEARLY,
        "responsible": spec["lead"], "target_date": target_date,
        "baseline_date": baseline_date,
    }
    if derived:
        name_fr, name_en, unit, question = DERIVED_TEMPLATES[key]
        if unit == "percent":
            baseline = Decimal(rng.randrange(10, 40))
            target = Decimal(rng.randrange(30, 60))
            aggregation = Indicator.Aggregation.AVERAGE
        else:
            per_activity = {"participants": 22, "youth_reached": 15, "sessions": 1,
                            "people_trained": 4}[key]
            expected = activities_1m * share_to_target * per_activity
            target = Decimal(max(10, round(expected / performance, -1)))
            baseline = None
            aggregation = Indicator.Aggregation.SUM
        return Indicator(
            **common, name_fr=name_fr, name_en=name_en,
            definition_fr="Calculé à partir des activités consignées.",
            definition_en="Computed from the logged activities.",
            data_source_fr="Registre des activités", data_source_en="Activity log",
            unit=unit, question=question, baseline=baseline, target=target,
            direction=Indicator.Direction.UP, aggregation=aggregation,
            source=Indicator.Source.DERIVED, derivation=key,
        )
    name_fr, name_en, unit, question, direction, aggregation = ENTERED_TEMPLATES[key]
    if unit == "percent":
        baseline = Decimal(rng.randrange(35, 65))
        target = Decimal(rng.randrange(70, 92))
    elif direction == "down":
        baseline = Decimal(rng.randrange(20, 150))
        target = (baseline * Decimal(rng.uniform(0.5, 0.8))).quantize(Decimal("1"))
    else:
        per_quarter = rng.randrange(3, 80)
        baseline = Decimal(per_quarter * 4) if rng.random() < 0.6 else None
        target = Decimal(round(per_quarter * quarters_to_target * rng.uniform(0.9, 1.3)))
    indicator = Indicator(
        **common, name_fr=name_fr, name_en=name_en,
        definition_fr="Déclaré par l'organisme responsable chaque trimestre.",
        definition_en="Reported by the responsible organisation each quarter.",
        data_source_fr=rng.choice(["Registre interne", "Sondage des participants",
                                   "Dossiers de cas"]),
        data_source_en="",
        unit=unit, question=question, baseline=baseline, target=target,
        direction=direction, aggregation=aggregation, source=Indicator.Source.ENTERED,
        derivation="",
    )
    indicator.data_source_en = {"Registre interne": "Internal register",
                                "Sondage des participants": "Participant survey",
                                "Dossiers de cas": "Case files"}[indicator.data_source_fr]
    indicator._bench = {"performance": performance, "quarters_to_target": quarters_to_target}
    return indicator


NARRATIVES = [
    ("{n} activités tenues, surtout à {p}.", "{n} activities held, mostly in {p}."),
    ("Bonne participation à {p} ; nouveaux partenaires recrutés.",
     "Good turnout in {p}; new partners recruited."),
    ("Programmation régulière maintenue à {p}.", "Regular programming kept up in {p}."),
]
NEXT_STEPS = [
    ("Poursuivre la programmation.", "Continue the programming."),
    ("Élargir à un deuxième quartier.", "Extend to a second neighbourhood."),
    ("Former de nouveaux bénévoles.", "Train new volunteers."),
]
CHALLENGES = [
    ("", ""),
    ("Roulement du personnel.", "Staff turnover."),
    ("Locaux difficiles à réserver.", "Rooms hard to book."),
    ("Participation plus faible l'été.", "Lower turnout in the summer."),
]


def _update(rng, spec, period, status, lead_user, coordinator):
    from initiatives.models import ProgressUpdate

    done = rng.choice(NARRATIVES)
    nxt = rng.choice(NEXT_STEPS)
    challenge = rng.choice(CHALLENGES)
    n = rng.randint(4, 40)
    submitted_at = reviewed_at = None
    submitted_by = reviewed_by = None
    comment = ""
    if status != "draft":
        late = rng.random() < 0.18
        days = rng.randint(31, 90) if late else rng.randint(2, 29)
        submitted_at = _at(period.end + datetime.timedelta(days=days), rng.randint(8, 17),
                           rng.choice([0, 15, 30, 45]))
        submitted_by = lead_user.get(spec["lead"].pk)
    if status in ("approved", "returned"):
        reviewed_at = submitted_at + datetime.timedelta(days=rng.randint(1, 20),
                                                        hours=rng.randint(0, 6))
        reviewed_by = coordinator.pk if coordinator else None
    if status == "returned":
        comment = rng.choice([
            "Merci de préciser le nombre de participants.",
            "Please add the figures for the last month.",
            "Le récit ne correspond pas aux activités consignées.",
        ])
    update = ProgressUpdate(
        initiative=spec["initiative"], period=period, status=status,
        done_fr=done[0].format(n=n, p=spec["place"]), done_en=done[1].format(n=n,
                                                                            p=spec["place"]),
        next_steps_fr=nxt[0], next_steps_en=nxt[1],
        challenges_fr=challenge[0], challenges_en=challenge[1],
        submitted_by_id=submitted_by, submitted_at=submitted_at,
        reviewed_by_id=reviewed_by, reviewed_at=reviewed_at, review_comment=comment,
    )
    update._bench_area_order = spec["area_order"]
    return update


def _entered_value(rng, update, indicator, index, n):
    from initiatives.models import IndicatorValue

    roll = rng.random()
    if roll < 0.04:
        return IndicatorValue(update=update, indicator=indicator,
                              state=IndicatorValue.State.NOT_REPORTED, value=None)
    # Values about gender-based violence are withheld more often (small, identifying counts).
    if roll < 0.05 or (update._bench_area_order == 1 and roll < 0.07):
        return IndicatorValue(update=update, indicator=indicator,
                              state=IndicatorValue.State.WITHHELD, value=None,
                              withheld_reason="Petits nombres : risque d'identification.")
    info = indicator._bench
    progress = (index + 1) / n
    baseline = float(indicator.baseline if indicator.baseline is not None else 0)
    target = float(indicator.target)
    numerator = denominator = None
    if indicator.unit == "percent":
        level = baseline + (target - baseline) * progress * info["performance"]
        level = min(100.0, max(0.0, level + rng.gauss(0, 5)))
        denominator = rng.randint(3, 120)
        numerator = round(level * denominator / 100)
        value = (Decimal(numerator * 100) / denominator).quantize(Decimal("0.01"))
    elif indicator.direction == "down":
        level = baseline + (target - baseline) * progress * info["performance"]
        value = Decimal(max(0, round(level + rng.gauss(0, max(1.0, level * 0.1)))))
    else:
        mean = target / info["quarters_to_target"] * info["performance"]
        value = Decimal(max(0, round(mean * rng.uniform(0.6, 1.4))))
    flag = None
    if rng.random() < 0.01 and value > 0:
        flag = value
        value = value * 5 if indicator.unit != "percent" else min(Decimal(100), value * 2)
    return IndicatorValue(update=update, indicator=indicator, value=value,
                          numerator=numerator, denominator=denominator, flag_median=flag)


def _write_slots(rng: random.Random, specs: list[dict], lead_user: dict[int, int]) -> None:
    """bench_city_slot: one row per activity slot, with what an activity there looks like."""
    _execute("DROP TABLE IF EXISTS bench_city_slot")
    _execute(
        "CREATE TABLE bench_city_slot (slot int PRIMARY KEY, initiative_id bigint NOT NULL, "
        "lead_id bigint NOT NULL, logged_by_id bigint, collab bigint[] NOT NULL, "
        "first_day date NOT NULL, days int NOT NULL, home text NOT NULL, kinds text[] NOT NULL, "
        "audiences text[] NOT NULL, languages text[] NOT NULL)"
    )
    rows = []
    slot = 0
    for spec in specs:
        if not spec["slots"]:
            continue
        order = spec["area_order"]
        francophone = rng.random() < 0.2
        languages = ({"fr": 60, "en": 10, "bilingual": 28, "other": 2} if francophone else
                     {"fr": 15, "en": 55, "bilingual": 22, "other": 8})
        row = (
            spec["initiative"].pk, spec["lead"].pk, lead_user.get(spec["lead"].pk),
            [o.pk for o in spec["collaborators"]], spec["first_day"], spec["days"],
            rng.choice(WARDS), _expand(KIND_WEIGHTS[spec["zone"]]),
            _expand(AUDIENCE_WEIGHTS[order]), _expand(languages),
        )
        for _ in range(spec["slots"]):
            rows.append((slot, *row))
            slot += 1
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_city_slot VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
    _execute("ANALYZE bench_city_slot")


# --- Activities -------------------------------------------------------------------------------


def _city_initiative_ids() -> list[int]:
    return [row[0] for row in _fetch(
        "SELECT id FROM initiatives_initiative WHERE slug_en LIKE %s ORDER BY id",
        [INITIATIVE_PREFIX + "%"])]


def _extra_columns(model, provided: set[str]) -> tuple[list[str], list[Any]]:
    """Columns the raw INSERT does not set, with their model defaults (future-proofing: a
    column added later with a default does not break the generator)."""
    from django.db.models import NOT_PROVIDED

    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in provided:
            continue
        if field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
            continue
        else:
            raise SystemExit(f"bench/city.py does not fill {model.__name__}.{field.name}: "
                             "add it to the generator.")
        columns.append(field.column)
        values.append(field.get_db_prep_value(value, connection=_connection()))
    return columns, values


def _connection():
    from django.db import connection

    return connection


ACTIVITY_SQL = """
INSERT INTO initiatives_activity (
    created_at, updated_at, date, kind, title, participants, audience, language,
    neighbourhood, notes, logged_by_id, organisation_id, initiative_id {extra_columns}
)
SELECT
    ((x.day + 1 + (x.h10 %% 14)::int)::timestamp + time '17:00') AT TIME ZONE %(tz)s,
    ((x.day + 1 + (x.h10 %% 14)::int)::timestamp + time '17:00') AT TIME ZONE %(tz)s,
    x.day,
    x.kind,
    CASE x.language
        WHEN 'fr' THEN t.fr
        WHEN 'en' THEN t.en
        WHEN 'bilingual' THEN t.fr || ' / ' || t.en
        ELSE t.en || (%(other)s::text[])[1 + (x.h8 / 4 %% 4)::int]
    END,
    CASE
        WHEN x.kind <> 'outreach' AND x.h6 %% 100 < 2 THEN 0
        WHEN x.kind <> 'outreach' AND x.h6 %% 100 < 9 THEN 1 + (x.h6 / 100 %% 4)::int
        ELSE p.low + (x.h6 / 100 %% (p.high - p.low + 1))::int
    END,
    x.audience,
    x.language,
    CASE WHEN x.h7 %% 10 < 6 THEN x.home
         ELSE (%(wards)s::text[])[1 + (x.h7 / 10 %% %(n_wards)s)::int] END,
    CASE WHEN x.h8 / 16 %% 10 < 8 THEN ''
         WHEN x.language IN ('fr', 'bilingual')
             THEN (%(notes_fr)s::text[])[1 + (x.h8 / 160 %% 4)::int]
         ELSE (%(notes_en)s::text[])[1 + (x.h8 / 160 %% 4)::int] END,
    CASE WHEN x.deliverer = x.lead_id THEN x.logged_by_id END,
    x.deliverer,
    x.initiative_id
    {extra_values}
FROM (
    SELECT
        g, s.initiative_id, s.lead_id, s.logged_by_id, s.home,
        s.first_day + ((hashint8extended(g, %(seed)s + 2) & %(mask)s) %% s.days)::int AS day,
        s.kinds[1 + ((hashint8extended(g, %(seed)s + 3) & %(mask)s) %% 20)::int] AS kind,
        s.audiences[1 + ((hashint8extended(g, %(seed)s + 4) & %(mask)s) %% 20)::int]
            AS audience,
        s.languages[1 + ((hashint8extended(g, %(seed)s + 5) & %(mask)s) %% 20)::int]
            AS language,
        hashint8extended(g, %(seed)s + 6) & %(mask)s AS h6,
        hashint8extended(g, %(seed)s + 7) & %(mask)s AS h7,
        hashint8extended(g, %(seed)s + 8) & %(mask)s AS h8,
        hashint8extended(g, %(seed)s + 10) & %(mask)s AS h10,
        CASE
            WHEN cardinality(s.collab) = 0
                OR (hashint8extended(g, %(seed)s + 9) & %(mask)s) %% 100 < 75 THEN s.lead_id
            ELSE s.collab[1 + ((hashint8extended(g, %(seed)s + 9) & %(mask)s) / 100
                               %% cardinality(s.collab))::int]
        END AS deliverer
    FROM generate_series(%(low)s::bigint, %(high)s::bigint) AS g
    JOIN bench_city_slot s
        ON s.slot = ((hashint8extended(g, %(seed)s + 1) & %(mask)s) %% %(slots)s)::int
) x
JOIN (VALUES {participants}) AS p (kind, low, high) ON p.kind = x.kind
JOIN (VALUES {titles}) AS t (kind, n, fr, en)
    ON t.kind = x.kind AND t.n = (x.h8 %% 4)::int
ORDER BY x.g
"""


def _activity_sql() -> tuple[str, list[Any]]:
    from django.db import connection

    from initiatives.models import Activity

    provided = {"created_at", "updated_at", "date", "kind", "title", "participants",
                "audience", "language", "neighbourhood", "notes", "logged_by_id",
                "organisation_id", "initiative_id"}
    extra_columns, extra_values = _extra_columns(Activity, provided)
    quote = connection.ops.quote_name

    def literal(value: Any) -> str:
        if isinstance(value, int):
            return str(value)
        return "'" + str(value).replace("'", "''") + "'"

    participants = ", ".join(
        f"({literal(kind)}, {low}, {high})" for kind, (low, high) in PARTICIPANTS.items())
    titles = ", ".join(
        f"({literal(kind)}, {n}, {literal(fr)}, {literal(en)})"
        for kind, pairs in ACTIVITY_TITLES.items() for n, (fr, en) in enumerate(pairs))
    sql = ACTIVITY_SQL.format(
        extra_columns="".join(", " + quote(c) for c in extra_columns),
        extra_values="".join(f", %(extra{i})s" for i in range(len(extra_values))),
        participants=participants,
        titles=titles,
    )
    return sql, extra_values


def _add_activities(low: int, high: int, seed: int) -> int:
    sql, extra = _activity_sql()
    slots = _fetch("SELECT count(*) FROM bench_city_slot")[0][0]
    params = {"tz": TZ_NAME, "other": OTHER_LANGUAGES, "wards": WARDS, "n_wards": len(WARDS),
              "notes_fr": NOTES_FR, "notes_en": NOTES_EN, "seed": seed, "mask": MASK,
              "low": low, "high": high, "slots": slots}
    params.update({f"extra{i}": value for i, value in enumerate(extra)})
    added = 0
    # In chunks, so memory stays flat and progress shows.
    chunk = 250_000
    for start in range(low, high + 1, chunk):
        params["low"], params["high"] = start, min(high, start + chunk - 1)
        added += _execute(sql, params)
    return added


def city_activity_count() -> int:
    return _fetch(
        "SELECT count(*) FROM initiatives_activity a JOIN initiatives_initiative i "
        "ON i.id = a.initiative_id WHERE i.slug_en LIKE %s", [INITIATIVE_PREFIX + "%"])[0][0]


def _remove_activities_after(keep: int) -> int:
    """Keep the first ``keep`` generated activities (ids grow with g), delete the rest."""
    city = _city_initiative_ids()
    cutoff = _fetch(
        "SELECT id FROM initiatives_activity WHERE initiative_id = ANY(%s) ORDER BY id "
        "OFFSET %s LIMIT 1", [city, keep])
    if not cutoff:
        return 0
    return _execute("DELETE FROM initiatives_activity WHERE initiative_id = ANY(%s) "
                    "AND id >= %s", [city, cutoff[0][0]])


DERIVED_SQL = """
INSERT INTO initiatives_indicatorvalue (
    update_id, indicator_id, state, value, numerator, denominator, withheld_reason,
    flag_median {extra_columns}
)
SELECT
    u.id, i.id, 'reported',
    CASE i.derivation
        WHEN 'participants' THEN coalesce(a.participants, 0)
        WHEN 'youth_reached' THEN coalesce(a.youth, 0)
        WHEN 'people_trained' THEN coalesce(a.trained, 0)
        WHEN 'sessions' THEN coalesce(a.sessions, 0)
        -- portal.core.figures.share_of: Decimal quantize, so ties round half to even
        WHEN 'share_french' THEN CASE
            WHEN coalesce(a.sessions, 0) = 0 THEN 0
            ELSE (div(a.french * 10000, a.sessions) + CASE
                WHEN 2 * mod(a.french * 10000, a.sessions) > a.sessions THEN 1
                WHEN 2 * mod(a.french * 10000, a.sessions) = a.sessions
                    THEN mod(div(a.french * 10000, a.sessions), 2)
                ELSE 0 END) / 100.0
        END
    END,
    CASE WHEN i.derivation = 'share_french' THEN coalesce(a.french, 0) END,
    CASE WHEN i.derivation = 'share_french' THEN coalesce(a.sessions, 0) END,
    '', NULL {extra_values}
FROM initiatives_progressupdate u
JOIN initiatives_reportingperiod p ON p.id = u.period_id
JOIN initiatives_indicator i ON i.initiative_id = u.initiative_id AND i.source = 'derived'
LEFT JOIN (
    SELECT initiative_id, date_trunc('quarter', date)::date AS quarter,
           sum(participants) AS participants,
           sum(participants) FILTER (WHERE audience = 'youth') AS youth,
           sum(participants) FILTER (WHERE kind = 'training') AS trained,
           count(*) AS sessions,
           count(*) FILTER (WHERE language = 'fr') AS french
    FROM initiatives_activity
    WHERE initiative_id = ANY(%(city)s)
    GROUP BY 1, 2
) a ON a.initiative_id = u.initiative_id AND a.quarter = p.start
WHERE u.status = 'approved' AND u.initiative_id = ANY(%(city)s)
"""


def _refresh_derived_values() -> int:
    """Derived values of approved updates, recomputed from the activities (as at approval)."""
    from initiatives.models import IndicatorValue

    city = _city_initiative_ids()
    _execute(
        "DELETE FROM initiatives_indicatorvalue v USING initiatives_indicator i "
        "WHERE v.indicator_id = i.id AND i.source = 'derived' AND i.initiative_id = ANY(%s)",
        [city])
    provided = {"update_id", "indicator_id", "state", "value", "numerator", "denominator",
                "withheld_reason", "flag_median"}
    extra_columns, extra_values = _extra_columns(IndicatorValue, provided)
    quote = _connection().ops.quote_name
    sql = DERIVED_SQL.format(
        extra_columns="".join(", " + quote(c) for c in extra_columns),
        extra_values="".join(f", %(extra{i})s" for i in range(len(extra_values))),
    )
    params: dict[str, Any] = {"city": city}
    params.update({f"extra{i}": value for i, value in enumerate(extra_values)})
    return _execute(sql, params)


def _vacuum(full: bool = False) -> None:
    tables = ["initiatives_activity", "initiatives_indicatorvalue", "initiatives_progressupdate",
              "initiatives_indicator", "initiatives_initiative",
              "initiatives_initiative_priority_areas", "initiatives_initiative_collaborators",
              "initiatives_reportingperiod", "partners_organisation", "partners_user",
              "partners_membership"]
    if full:
        _execute("VACUUM (FULL) initiatives_activity")
    _execute("VACUUM (ANALYZE) " + ", ".join(tables))
    # The summary tables (the dashboard's standings, the home page's approved activity
    # totals) are rewritten whole by _rebuild_standings(): compacted and analysed, or the
    # planner reads the dead rows' statistics (a parallel scan of ten times the rows the
    # home page's key figures sum, ~11 ms instead of ~4).
    _execute("VACUUM (FULL, ANALYZE) initiatives_approvedactivitytotal, "
             "portal_indicatorstanding")


# --- The entry points -------------------------------------------------------------------------


def ensure_city(*, activities: int, seed: int = SEED) -> dict[str, Any]:
    """Make the bench database hold the city dataset with exactly ``activities`` generated
    activities: the base is built once; activities are added (or removed) to reach the count.

    Returns the dataset's counts and how long each step took.
    """
    from django.db import transaction

    timings: dict[str, float] = {}
    spec = _read_meta()
    if spec is None:
        started = time.perf_counter()
        _build_base(seed)
        _rebuild_standings()
        _write_meta(_spec(seed))
        _vacuum()
        timings["base_s"] = time.perf_counter() - started
    elif spec != _spec(seed):
        raise SystemExit(
            f"The bench database holds another city dataset ({spec}); rerun with --reset.")
    current = city_activity_count()
    if current != activities:
        started = time.perf_counter()
        with transaction.atomic():
            if current < activities:
                _add_activities(current + 1, activities, seed)
            else:
                _remove_activities_after(activities)
            timings["activities_write_s"] = time.perf_counter() - started
            step = time.perf_counter()
            timings["derived_values"] = _refresh_derived_values()
            timings["derived_values_s"] = time.perf_counter() - step
            step = time.perf_counter()
            # Written in SQL, past the writes that keep the dashboard's standings.
            timings["standings"] = _rebuild_standings()
            timings["standings_s"] = time.perf_counter() - step
            step = time.perf_counter()
        timings["commit_s"] = time.perf_counter() - step  # deferred foreign-key checks
        timings["activities_s"] = time.perf_counter() - started
        started = time.perf_counter()
        _vacuum(full=current > activities)
        timings["vacuum_analyze_s"] = time.perf_counter() - started
    return {"counts": dataset_counts(), "timings": timings,
            "added_activities": max(0, activities - current)}


def _rebuild_standings() -> int:
    """The summary tables written past the models' saves: the dashboard's standings and
    the home page's approved activity totals."""
    from initiatives import totals
    from portal.dashboard import standings

    totals.rebuild()
    return standings.rebuild()


def dataset_counts() -> dict[str, Any]:
    def one(sql: str, params: Any = None) -> Any:
        return _fetch(sql, params)[0][0]

    return {
        "organisations": one("SELECT count(*) FROM partners_organisation"),
        "initiatives": one("SELECT count(*) FROM initiatives_initiative"),
        "indicators": one("SELECT count(*) FROM initiatives_indicator"),
        "periods": one("SELECT count(*) FROM initiatives_reportingperiod"),
        "updates": one("SELECT count(*) FROM initiatives_progressupdate"),
        "updates_by_status": dict(_fetch(
            "SELECT status, count(*) FROM initiatives_progressupdate GROUP BY 1 ORDER BY 1")),
        "values_by_state": dict(_fetch(
            "SELECT state, count(*) FROM initiatives_indicatorvalue GROUP BY 1 ORDER BY 1")),
        "activities": one("SELECT count(*) FROM initiatives_activity"),
    }


def bench_coordinator():
    """A coordinator with an activated TOTP authenticator (as tests/factories_workspace.py
    does), so ``Client.force_login`` passes partners.middleware.RequireMFAMiddleware."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from partners.models import User

    user, _ = User.objects.get_or_create(
        email="coordinator@city.bench",
        defaults={"is_coordinator": True, "first_name": "Bench", "last_name": "Coordinator",
                  "preferred_language": "en", "password": "!bench-no-password"},
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database")
    args = parser.parse_args()
    name = configure(reset=args.reset)
    started = time.perf_counter()
    timings = prepare_database()
    info = ensure_city(activities=args.activities, seed=args.seed)
    info["timings"].update(timings)
    info["total_s"] = time.perf_counter() - started
    print(f"database {name}:", json.dumps(info, indent=2, default=str))


if __name__ == "__main__":
    main()
