"""Load the demo data: atomic, idempotent, fast.

Every object is keyed on a natural key and written only when one of its fields differs, so
a second run changes nothing: no new rows, no new history, no new ``updated_at``. Passwords
are set only when an account is created.
"""

from __future__ import annotations

import contextlib
import datetime
import random
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from initiatives import totals
from initiatives.history import DEMO_REASON
from initiatives.metrics import DerivedValue, derived_values
from initiatives.models import (
    Activity,
    Event,
    Forum,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from partners.models import Membership, Organisation, User
from portal.core.figures import share_of
from portal.dashboard import standings
from portal.services import key_figures_refresh
from priorities.models import Outcome, Plan, PriorityArea, Strategy, Theme

from . import data as c

# --- Quarters -------------------------------------------------------------------------------


def quarter_name(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_span(name: str) -> tuple[datetime.date, datetime.date]:
    year, quarter = int(name[:4]), int(name[-1])
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    following = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    )
    return start, following - datetime.timedelta(days=1)


def quarters_between(start: datetime.date, end: datetime.date) -> list[str]:
    names = []
    day = quarter_span(quarter_name(start))[0]
    while day <= end:
        name = quarter_name(day)
        names.append(name)
        day = quarter_span(name)[1] + datetime.timedelta(days=1)
    return names


def quarter_shift(name: str, by: int) -> str:
    """The quarter ``by`` quarters after ``name`` (before it when negative)."""
    index = int(name[:4]) * 4 + int(name[-1]) - 1 + by
    return f"{index // 4}-Q{index % 4 + 1}"


class LiveCalendar(typing.NamedTuple):
    """Where the demo's live part stands on the day it is loaded.

    ``current``: today's quarter (open, activities logged so far, no update yet);
    ``reviewed``: the last quarter whose due date has passed (open: its updates show one
    awaiting review, one returned, two overdue); every period before it is locked;
    ``between``: the quarters after ``reviewed`` that are over but not yet due (0 or 1).
    """

    today: datetime.date
    current: str
    reviewed: str
    between: list[str]

    def due(self, quarter: str) -> datetime.date:
        return quarter_span(quarter)[1] + datetime.timedelta(days=c.PERIOD_DUE_DAYS)

    def is_locked(self, end: datetime.date) -> bool:
        return end < quarter_span(self.reviewed)[0]

    def start_of(self, spec: dict) -> datetime.date:
        """A live initiative starts ``quarters`` quarters before the current one."""
        return quarter_span(quarter_shift(self.current, -spec["quarters"]))[0]

    def quarters_of(self, spec: dict) -> list[str]:
        return [quarter_shift(self.current, -n) for n in range(spec["quarters"], -1, -1)]


def live_calendar(today: datetime.date | None = None) -> LiveCalendar:
    from django.utils import timezone

    today = today or timezone.localdate()
    current = quarter_name(today)
    previous = quarter_shift(current, -1)
    due = quarter_span(previous)[1] + datetime.timedelta(days=c.PERIOD_DUE_DAYS)
    if today > due:
        return LiveCalendar(today, current, previous, [])
    return LiveCalendar(today, current, quarter_shift(current, -2), [previous])


# --- Writing only what differs --------------------------------------------------------------


class Tally:
    """Counts of rows created and updated, per model."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    def as_dict(self) -> dict[str, dict[str, int]]:
        labels = sorted(set(self.created) | set(self.updated))
        return {
            label: {"created": self.created[label], "updated": self.updated[label]}
            for label in labels
        }


def _attnames(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Turn ``{"owner": org}`` into ``{"owner_id": org.pk}`` so nothing is fetched to compare."""
    out = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.many_to_one:
            out[field.attname] = value.pk if isinstance(value, models.Model) else value
        else:
            out[field.attname] = value
    return out


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(wanted, float):
        wanted = Decimal(str(wanted))
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        if current is None or wanted is None:
            return current is wanted
        return Decimal(current) == Decimal(wanted)
    return current == wanted


class Table:
    """The rows of one model, by natural key, loaded in one query."""

    def __init__(
        self,
        model: type[models.Model],
        key: Iterable[str],
        tally: Tally,
        queryset: models.QuerySet | None = None,
    ) -> None:
        self.model = model
        self.key = tuple(model._meta.get_field(name).attname for name in key)
        self.tally = tally
        rows = queryset if queryset is not None else model._default_manager.all()
        self.rows = {self._key_of(obj): obj for obj in rows}

    def _key_of(self, obj: models.Model) -> tuple:
        return tuple(getattr(obj, name) for name in self.key)

    def sync(self, lookup: dict[str, Any], values: dict[str, Any]) -> models.Model:
        lookup = _attnames(self.model, lookup)
        values = _attnames(self.model, values)
        key = tuple(lookup[name] for name in self.key)
        obj = self.rows.get(key)
        label = self.model.__name__
        if obj is None:
            obj = self.model(**lookup, **values)
            obj.save()
            self.rows[key] = obj
            self.tally.created[label] += 1
            return obj
        changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.tally.updated[label] += 1
        return obj


def _sync_m2m(obj: models.Model, name: str, targets: Iterable[models.Model], tally: Tally):
    manager = getattr(obj, name)
    wanted = {target.pk for target in targets}
    current = set(manager.values_list("pk", flat=True))
    if current != wanted:
        manager.set(wanted)
        counter = tally.updated if current else tally.created
        counter[f"{type(obj).__name__}.{name} (links)"] += 1


# --- The loader -----------------------------------------------------------------------------


def demo_load() -> dict[str, Any]:
    """Load (or bring back) the demo data; return what was created and updated.

    Atomic: either everything is loaded or nothing is. Idempotent: a second run writes
    nothing. The home page's key figures are refreshed once the data is committed.
    """
    tally = Tally()
    calendar = live_calendar()
    # Translated fields' base columns take the active language's value on save: pin it.
    with translation.override("fr"), transaction.atomic(), _history_says_demo():
        orgs = _load_organisations(tally)
        users = _load_accounts(orgs, tally)
        areas, strategies, themes = _load_plans(orgs, tally)
        initiatives = _load_initiatives(orgs, areas, strategies, themes, tally, calendar)
        periods = _load_periods(tally, calendar)
        _load_activities(initiatives, orgs, users, tally, calendar)
        _load_updates(initiatives, periods, users, tally, calendar)
        _load_events(orgs, areas, initiatives, tally, calendar.today)
        # Values are written in bulk, past the writes that keep the dashboard's standings.
        standings.rebuild()
        # Activities and updates too: the home page's approved activity totals.
        totals.rebuild()
    figures = key_figures_refresh()
    return {
        "models": tally.as_dict(),
        "created": sum(tally.created.values()),
        "updated": sum(tally.updated.values()),
        "accounts": list(c.DEMO_ACCOUNTS),
        "password": c.DEMO_PASSWORD,
        "key_figures": figures,
    }


@contextlib.contextmanager
def _history_says_demo():
    """Every history record the loader writes without a person says "demo data" (shown as
    its author on history pages) instead of an unknown author."""
    from simple_history.signals import pre_create_historical_record

    def mark(sender, instance, history_instance, **kwargs) -> None:
        if history_instance.history_user_id is None and not getattr(
            history_instance, "history_change_reason", None
        ):
            history_instance.history_change_reason = DEMO_REASON

    pre_create_historical_record.connect(mark, dispatch_uid="demo-history-reason")
    try:
        yield
    finally:
        pre_create_historical_record.disconnect(dispatch_uid="demo-history-reason")


def _load_organisations(tally: Tally) -> dict[str, Organisation]:
    table = Table(Organisation, ["slug"], tally)
    orgs = {}
    for spec in c.ORGANISATIONS:
        values = {k: v for k, v in spec.items() if k != "slug"}
        values.setdefault("is_public", True)
        # No location unless the demo gives one; the flag follows the kind unless set.
        for name in ("latitude", "longitude", "show_on_map"):
            values.setdefault(name, None)
        for name in ("ward_fr", "ward_en"):
            values.setdefault(name, "")
        orgs[spec["slug"]] = table.sync({"slug": spec["slug"]}, values)
    return orgs


def _load_accounts(orgs: dict[str, Organisation], tally: Tally) -> dict[str, User]:
    fields = ["first_name", "last_name", "preferred_language", "is_coordinator", "is_staff",
              "is_superuser"]
    existing = {u.email: u for u in User.objects.filter(email__in=[a["email"] for a in
                                                                     c.ACCOUNTS])}
    memberships = Table(Membership, ["user", "organisation"], tally)
    users = {}
    for spec in c.ACCOUNTS:
        values = {name: spec[name] for name in fields}
        values["is_active"] = True
        user = existing.get(spec["email"])
        if user is None:
            user = User.objects.create_user(spec["email"], c.DEMO_PASSWORD, **values)
            tally.created["User"] += 1
        else:
            # Never touch the password of an existing account.
            changed = [name for name, value in values.items() if getattr(user, name) != value]
            if changed:
                for name in changed:
                    setattr(user, name, values[name])
                user.save(update_fields=changed)
                tally.updated["User"] += 1
        users[spec["email"]] = user
        if spec["organisation"]:
            memberships.sync(
                {"user": user, "organisation": orgs[spec["organisation"]]},
                {"role": spec["role"]},
            )
    return users


def _load_plans(orgs: dict[str, Organisation], tally: Tally):
    plans = Table(Plan, ["slug_fr"], tally)
    area_table = Table(PriorityArea, ["slug_fr"], tally)
    strategy_table = Table(Strategy, ["priority_area", "order"], tally)
    theme_table = Table(Theme, ["plan", "order"], tally)
    outcome_table = Table(Outcome, ["plan", "order"], tally)
    areas: dict[str, PriorityArea] = {}
    strategies: dict[tuple[str, int], Strategy] = {}
    themes: dict[int, Theme] = {}
    plan_fields = ["slug_en", "title_fr", "title_en", "start", "end", "is_featured"] + [
        f"{name}_{lang}" for name in ("vision", "mission", "methods", "summary")
        for lang in ("fr", "en")
    ]
    for spec in c.PLANS:
        values = {name: spec[name] for name in plan_fields}
        values["owner"] = orgs[spec["owner"]]
        plan = plans.sync({"slug_fr": spec["slug_fr"]}, values)
        for order, area_spec in enumerate(spec["areas"], start=1):
            area = area_table.sync(
                {"slug_fr": area_spec["slug_fr"]},
                {
                    "plan": plan,
                    "order": order,
                    **{
                        name: area_spec[name]
                        for name in ("slug_en", "title_fr", "title_en", "summary_fr",
                                     "summary_en", "body_fr", "body_en", "colour")
                    },
                },
            )
            areas[area_spec["slug_en"]] = area
            for s_order, (pillar, text_fr, text_en) in enumerate(area_spec["strategies"], 1):
                strategies[(area_spec["slug_en"], s_order)] = strategy_table.sync(
                    {"priority_area": area, "order": s_order},
                    {"pillar": pillar, "text_fr": text_fr, "text_en": text_en},
                )
        for order, theme_spec in enumerate(spec["themes"], start=1):
            theme = theme_table.sync({"plan": plan, "order": order}, dict(theme_spec))
            if spec is c.CPO_PLAN:
                themes[order] = theme
        for order, (statement_fr, statement_en) in enumerate(spec["outcomes"], start=1):
            outcome_table.sync(
                {"plan": plan, "order": order},
                {"statement_fr": statement_fr, "statement_en": statement_en},
            )
    return areas, strategies, themes


def _initiative_specs() -> list[dict]:
    return [c.IMPACT, *c.DEMO_INITIATIVES]


def _live_specs(calendar: LiveCalendar) -> list[dict]:
    """Today's initiatives, dated from the day of the load: no end, active, no theme."""
    return [
        {**spec, "start": calendar.start_of(spec), "end": None,
         "status": Initiative.Status.ACTIVE, "themes": []}
        for spec in c.LIVE_INITIATIVES
    ]


def _load_initiatives(orgs, areas, strategies, themes, tally: Tally,
                      calendar: LiveCalendar) -> dict[str, Initiative]:
    table = Table(Initiative, ["slug_fr"], tally)
    indicators = Table(Indicator, ["initiative", "order"], tally,
                       Indicator.objects.filter(initiative__isnull=False))
    initiatives = {}
    fields = ["slug_en", "title_fr", "title_en", "summary_fr", "summary_en", "description_fr",
              "description_en", "zone", "start", "end", "status", "is_public"]
    for spec in [*_initiative_specs(), *_live_specs(calendar)]:
        values = {name: spec[name] for name in fields}
        values["lead"] = orgs[spec["lead"]]
        initiative = table.sync({"slug_fr": spec["slug_fr"]}, values)
        initiatives[spec["slug_en"]] = initiative
        _sync_m2m(initiative, "collaborators", [orgs[s] for s in spec["collaborators"]], tally)
        _sync_m2m(initiative, "funders", [orgs[s] for s in spec["funders"]], tally)
        _sync_m2m(initiative, "priority_areas", [areas[s] for s in spec["areas"]], tally)
        _sync_m2m(initiative, "strategies", [strategies[k] for k in spec["strategies"]], tally)
        _sync_m2m(initiative, "themes", [themes[k] for k in spec["themes"]], tally)
        for order, ind in enumerate(spec["indicators"], start=1):
            values = {
                name: ind.get(name, default)
                for name, default in (
                    ("name_fr", ""), ("name_en", ""), ("definition_fr", ""),
                    ("definition_en", ""), ("unit", Indicator.Unit.COUNT),
                    ("question", Indicator.Question.HOW_MUCH), ("baseline", None),
                    ("target", None), ("target_date", None),
                    ("direction", Indicator.Direction.UP),
                    ("aggregation", Indicator.Aggregation.SUM),
                    ("source", Indicator.Source.ENTERED), ("derivation", ""),
                    ("is_public", True),
                    # The measurement plan.
                    ("data_source_fr", ""), ("data_source_en", ""),
                    ("frequency", Indicator.Frequency.QUARTERLY), ("baseline_date", None),
                )
            }
            for name in ("baseline", "target"):
                if values[name] is not None:
                    values[name] = Decimal(str(values[name]))
            # The lead collects and reports the figures of its initiative.
            values["responsible"] = orgs[spec["lead"]]
            indicators.sync({"initiative": initiative, "order": order}, values)
    return initiatives


def _load_periods(tally: Tally, calendar: LiveCalendar) -> dict[str, ReportingPeriod]:
    """The quarters of every initiative's span, today's included; every one before the last
    due quarter is locked (what was not reported then is closed, not overdue)."""
    names: set[str] = set()
    for spec in _initiative_specs():
        names.update(quarters_between(spec["start"], spec["end"]))
    for spec in c.LIVE_INITIATIVES:
        names.update(calendar.quarters_of(spec))
    table = Table(ReportingPeriod, ["start", "end"], tally)
    periods = {}
    for name in sorted(names):
        start, end = quarter_span(name)
        periods[name] = table.sync(
            {"start": start, "end": end},
            {
                "name": name,
                "due": end + datetime.timedelta(days=c.PERIOD_DUE_DAYS),
                "is_locked": calendar.is_locked(end),
            },
        )
    # Periods of an earlier load that no initiative owes any more are closed like the rest.
    for period in ReportingPeriod.objects.filter(is_locked=False):
        if calendar.is_locked(period.end):
            period.is_locked = True
            period.save(update_fields=["is_locked"])
            tally.updated["ReportingPeriod"] += 1
    return periods


# --- Activities -----------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: dict) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def demo_activity_rows(today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Every demo activity as plain data; deterministic (seeded) for a given day of loading,
    independent of the database."""
    rows = []
    for date, kind, language, title, count, neighbourhood, notes in c.IMPACT_ACTIVITIES:
        rows.append({
            "initiative": c.IMPACT["slug_en"],
            "organisation": c.PACT,
            "date": date,
            "kind": kind,
            "title": title,
            "participants": count,
            "audience": (
                Activity.Audience.PROFESSIONALS if kind == Activity.Kind.TRAINING
                else Activity.Audience.YOUTH
            ),
            "language": language,
            "neighbourhood": neighbourhood,
            "notes": notes,
        })
    # The plan's first seven quarters from one seeded stream, its last from another: adding
    # that quarter changed none of the others.
    seen: dict[str, set[tuple[datetime.date, str]]] = defaultdict(set)
    for rng, quarters in ((random.Random(2021), c.DEMO_ACTIVITY_QUARTERS[:7]),
                          (random.Random(2022), c.DEMO_ACTIVITY_QUARTERS[7:])):
        for spec in c.DEMO_INITIATIVES:
            last = spec.get("last_quarter", c.DEMO_ACTIVITY_QUARTERS[-1])
            for quarter in quarters:
                if quarter > last:
                    break
                rows.extend(_quarter_rows(rng, spec, quarter, seen[spec["slug_en"]]))
    rows.extend(live_activity_rows(live_calendar(today)))
    return rows


def live_activity_rows(calendar: LiveCalendar) -> list[dict[str, Any]]:
    """The activities of today's initiatives, quarter by quarter up to the day before the
    load. Each quarter is seeded by its name, so loading on a later day keeps the quarters
    already shown as they were and adds the days since."""
    rows = []
    for spec in _live_specs(calendar):
        for quarter in calendar.quarters_of(spec):
            rng = random.Random(f"{spec['slug_en']}:{quarter}")
            rows.extend(row for row in _quarter_rows(rng, spec, quarter, set())
                        if row["date"] < calendar.today)
    return rows


def _quarter_rows(rng: random.Random, spec: dict, quarter: str,
                  seen: set[tuple[datetime.date, str]]) -> list[dict[str, Any]]:
    """Three to eight generated activities of ``spec`` in ``quarter``."""
    rows = []
    start, end = quarter_span(quarter)
    start = max(start, spec["start"])
    span = (end - start).days
    for _ in range(rng.randint(3, 8)):
        kind, audience, title_fr, title_en, low, high = rng.choice(spec["activities"])
        language = _weighted(rng, spec["languages"])
        if language == Activity.Language.FRENCH:
            title, notes_lang = title_fr, "fr"
        elif language == Activity.Language.ENGLISH:
            title, notes_lang = title_en, "en"
        elif language == Activity.Language.BILINGUAL:
            title, notes_lang = f"{title_fr} / {title_en}", "fr"
        else:
            title, notes_lang = f"{title_en}{c.OTHER_LANGUAGE_SUFFIX}", "en"
        date = start + datetime.timedelta(days=rng.randint(0, span))
        while (date, title) in seen:
            date = start + datetime.timedelta(days=rng.randint(0, span))
        seen.add((date, title))
        # A few small groups (so suppression shows) and the odd no-show, except at
        # outreach events, which always draw a crowd.
        roll = rng.random()
        if roll < 0.02 and kind != Activity.Kind.OUTREACH:
            count = 0
        elif roll < 0.09 and kind != Activity.Kind.OUTREACH:
            count = rng.randint(1, 4)
        else:
            count = rng.randint(low, high)
        notes = c.NOTES[notes_lang]
        pool = list(notes["any"])
        if kind == Activity.Kind.OUTREACH:
            pool += notes["weather"]
        elif quarter.startswith("2021"):
            pool += notes["online"] * 2
        if language == Activity.Language.OTHER:
            pool += notes["interpreted"] * 3
        rows.append({
            "initiative": spec["slug_en"],
            "organisation": _weighted(rng, spec["delivered_by"]),
            "date": date,
            "kind": kind,
            "title": title,
            "participants": min(count, 60),
            "audience": audience,
            "language": language,
            "neighbourhood": rng.choice(spec["neighbourhoods"]),
            "notes": rng.choice(pool),
        })
    return rows


ACTIVITY_FIELDS = ["organisation_id", "kind", "participants", "audience", "language",
                   "neighbourhood", "notes", "logged_by_id"]


def _load_activities(initiatives, orgs, users, tally: Tally, calendar: LiveCalendar) -> None:
    wanted = {}
    for row in demo_activity_rows(calendar.today):
        initiative = initiatives[row["initiative"]]
        logger = c.LOGGERS.get(row["organisation"])
        wanted[(initiative.pk, row["date"], row["title"])] = {
            "organisation_id": orgs[row["organisation"]].pk,
            "kind": row["kind"],
            "participants": row["participants"],
            "audience": row["audience"],
            "language": row["language"],
            "neighbourhood": row["neighbourhood"],
            "notes": row["notes"],
            "logged_by_id": users[logger].pk if logger else None,
        }
    existing = {
        (a.initiative_id, a.date, a.title): a
        for a in Activity.objects.filter(
            initiative_id__in=[i.pk for i in initiatives.values()]
        ).only("pk", "initiative_id", "date", "title", *ACTIVITY_FIELDS)
    }
    # Today's initiatives move with the day of loading: what fell out of their window goes.
    live = {initiatives[spec["slug_en"]].pk for spec in c.LIVE_INITIATIVES}
    stale = [a.pk for key, a in existing.items() if key[0] in live and key not in wanted]
    if stale:
        Activity.objects.filter(pk__in=stale).delete()
        tally.updated["Activity (gone from the live window)"] += len(stale)
    users_by_pk = {user.pk: user for user in users.values()}
    missing = []
    for key, values in wanted.items():
        activity = existing.get(key)
        if activity is None:
            new = Activity(initiative_id=key[0], date=key[1], title=key[2], **values)
            # The history says who logged it, as if they had.
            new._history_user = users_by_pk.get(values["logged_by_id"])
            missing.append(new)
            continue
        changed = [n for n in ACTIVITY_FIELDS if getattr(activity, n) != values[n]]
        if changed:
            for name in changed:
                setattr(activity, name, values[name])
            activity.save()
            tally.updated["Activity"] += 1
    if missing:
        bulk_create_with_history(missing, Activity, batch_size=500,
                                 default_change_reason=DEMO_REASON)
        tally.created["Activity"] += len(missing)


# --- Progress updates -----------------------------------------------------------------------


def _quarter_counts(rows: list[dict]) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (initiative, quarter): number of activities and the neighbourhoods, for narratives."""
    out: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"count": 0, "neighbourhoods": Counter()}
    )
    for row in rows:
        entry = out[(row["initiative"], quarter_name(row["date"]))]
        entry["count"] += 1
        entry["neighbourhoods"][row["neighbourhood"]] += 1
    return out


def _narrative(spec: dict, quarter: str, counts: dict[str, Any],
               challenges: tuple[str, str] | None = None) -> dict[str, str]:
    """An update's text from its quarter's activities. The historical plan's quarters take
    their challenges from ``QUARTER_CHALLENGES``; the live ones pass theirs."""
    hoods = ", ".join(sorted(name for name, _ in counts["neighbourhoods"].most_common(3)))
    n = counts["count"]
    focus_fr, focus_en = spec["focus"]
    next_fr, next_en = spec["next"]
    challenge_fr, challenge_en = challenges or c.QUARTER_CHALLENGES[quarter]
    return {
        "done_fr": f"{n} activités tenues ce trimestre ({hoods}). {focus_fr}",
        "done_en": f"{n} activities held this quarter ({hoods}). {focus_en}",
        "next_steps_fr": next_fr,
        "next_steps_en": next_en,
        "challenges_fr": challenge_fr,
        "challenges_en": challenge_en,
    }


def _entered_row(indicator: Indicator, value: Decimal) -> dict:
    """An entered value as partners give it: a count, or a share as its count out of a
    total (the seeds publish percentages; the demo says 58 % as 58 out of 100)."""
    if indicator.unit != Indicator.Unit.PERCENT:
        return {"value": value, "numerator": None, "denominator": None}
    total = 100 if value == value.to_integral_value() else 1000
    numerator = int(value * total / 100)
    return {"value": share_of(numerator, total), "numerator": numerator, "denominator": total}


def _empty_derived(indicator: Indicator) -> DerivedValue:
    if indicator.unit == Indicator.Unit.PERCENT:
        return DerivedValue(Decimal(0), 0, 0)
    return DerivedValue(Decimal(0))


def _load_updates(initiatives, periods, users, tally: Tally, calendar: LiveCalendar) -> None:
    updates = Table(ProgressUpdate, ["initiative", "period"], tally,
                    ProgressUpdate.objects.filter(initiative__in=list(initiatives.values())))
    values_table = Table(IndicatorValue, ["update", "indicator"], tally,
                         IndicatorValue.objects.filter(
                             update__initiative__in=list(initiatives.values())))
    indicators_by_initiative: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(
        initiative__in=list(initiatives.values())
    ).order_by("order"):
        indicators_by_initiative[indicator.initiative_id].append(indicator)

    # One grouped query per period, for every initiative at once.
    ids = [i.pk for i in initiatives.values()]
    derived_cache: dict[str, dict[int, dict[str, DerivedValue]]] = {}

    def derived_for(quarter: str) -> dict[int, dict[str, DerivedValue]]:
        if quarter not in derived_cache:
            period = periods[quarter]
            derived_cache[quarter] = derived_values(
                initiative_ids=ids, start=period.start, end=period.end
            )
        return derived_cache[quarter]

    coordinator = users[c.COORDINATOR]

    def write_values(update, initiative, quarter, entered_values, include_derived):
        derived = derived_for(quarter).get(initiative.pk, {})
        entered = iter(entered_values)
        for indicator in indicators_by_initiative[initiative.pk]:
            if indicator.source == Indicator.Source.DERIVED:
                if not include_derived:
                    continue
                dv = derived.get(indicator.derivation, _empty_derived(indicator))
                row = {"value": dv.value, "numerator": dv.numerator,
                       "denominator": dv.denominator}
            else:
                value = next(entered, None)
                if value is None:
                    continue
                row = _entered_row(indicator, Decimal(str(value)))
            values_table.sync({"update": update, "indicator": indicator}, row)

    # imPACT: one approved update per quarter, figures as published.
    impact = initiatives[c.IMPACT["slug_en"]]
    lead = users[c.PACT_LEAD]
    for spec in c.IMPACT_UPDATES:
        quarter = spec["period"]
        update = updates.sync(
            {"initiative": impact, "period": periods[quarter]},
            {
                **{k: v for k, v in spec.items() if k != "period"},
                "status": ProgressUpdate.Status.APPROVED,
                "submitted_by": lead,
                "reviewed_by": coordinator,
                "review_comment": "",
            },
        )
        write_values(update, impact, quarter, [c.IMPACT_ENTERED_VALUE], include_derived=True)

    # Demo initiatives: approved quarters, then the workflow quarter.
    counts = _quarter_counts(demo_activity_rows())
    for spec in c.DEMO_INITIATIVES:
        initiative = initiatives[spec["slug_en"]]
        submitter = users[c.SUBMITTERS.get(spec["lead"], c.COORDINATOR)]
        entered_specs = [i for i in spec["indicators"] if i["source"] == Indicator.Source.ENTERED]
        last = spec.get("last_quarter", c.DEMO_ACTIVITY_QUARTERS[-1])
        for index, quarter in enumerate(c.DEMO_ACTIVITY_QUARTERS):
            if quarter > last:
                break
            entered_values = [
                i["values"][index] if index < len(i["values"]) else None for i in entered_specs
            ]
            narrative = _narrative(spec, quarter, counts[(spec["slug_en"], quarter)])
            period = periods[quarter]
            if quarter in c.DEMO_APPROVED_QUARTERS or not spec.get("workflow"):
                submitted = datetime.datetime.combine(
                    period.end + datetime.timedelta(days=8 + index % 5),
                    datetime.time(15, 0), tzinfo=c.TZ,
                )
                fields = {
                    "status": ProgressUpdate.Status.APPROVED,
                    "submitted_by": submitter,
                    "submitted_at": submitted,
                    "reviewed_by": coordinator,
                    "reviewed_at": submitted + datetime.timedelta(days=4, hours=-4, minutes=30),
                    "review_comment": "",
                }
                include_derived = True
            elif spec.get("workflow"):
                status = spec["workflow"]
                dates = c.WORKFLOW_DATES[status]
                fields = {
                    "status": status,
                    "submitted_by": submitter if "submitted_at" in dates else None,
                    "submitted_at": dates.get("submitted_at"),
                    "reviewed_by": coordinator if "reviewed_at" in dates else None,
                    "reviewed_at": dates.get("reviewed_at"),
                    "review_comment": spec.get("review_comment", ""),
                    "review_comment_language": spec.get("review_comment_language", "")
                    if spec.get("review_comment") else "",
                }
                # Derived values are snapshotted at approval; a draft still lacks its
                # entered value (the workspace asks for it before submitting).
                include_derived = False
                if status == ProgressUpdate.Status.DRAFT:
                    entered_values = []
            update = updates.sync(
                {"initiative": initiative, "period": period}, {**narrative, **fields}
            )
            write_values(update, initiative, quarter, entered_values, include_derived)

    # Today's initiatives: approved quarters, then the reporting a coordinator works on.
    live_counts = _quarter_counts(live_activity_rows(calendar))
    before_reviewed = quarter_shift(calendar.reviewed, -1)
    kept: set[int] = set()
    for spec in _live_specs(calendar):
        slug = spec["slug_en"]
        initiative = initiatives[slug]
        submitter = users[c.SUBMITTERS.get(spec["lead"], c.COORDINATOR)]
        for index, quarter in enumerate(calendar.quarters_of(spec)):
            if quarter == calendar.current:
                break  # open: activities are being logged, no update yet
            period = periods[quarter]
            narrative = _narrative(spec, quarter, live_counts[(slug, quarter)],
                                   c.LIVE_CHALLENGES[int(quarter[-1])])
            fields, include_derived = _live_update_fields(
                slug, quarter, period, index, calendar, before_reviewed, submitter, coordinator
            )
            if fields is None:
                continue  # not started: overdue
            update = updates.sync({"initiative": initiative, "period": period},
                                  {**narrative, **fields})
            kept.add(update.pk)
            write_values(update, initiative, quarter, [], include_derived)
    # What the window left behind (loaded on an earlier day) goes, with its values.
    stale = ProgressUpdate.objects.filter(
        initiative__in=[initiatives[spec["slug_en"]] for spec in c.LIVE_INITIATIVES]
    ).exclude(pk__in=kept)
    gone = stale.count()
    if gone:
        IndicatorValue.objects.filter(update__in=stale).delete()
        stale.delete()
        tally.updated["ProgressUpdate (gone from the live window)"] += gone



def _live_update_fields(slug, quarter, period, index, calendar, before_reviewed, submitter,
                        coordinator) -> tuple[dict | None, bool]:
    """The state of a live update: approved on time, except the planned cases of
    ``data.LIVE_*`` in the last due quarter (and the one before), and drafts in a quarter
    over but not yet due. ``None``: no update at all."""
    Status = ProgressUpdate.Status

    def moment(day: datetime.date, hour: int = 15, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=c.TZ)

    nothing = {"submitted_by": None, "submitted_at": None, "reviewed_by": None,
               "reviewed_at": None, "review_comment": "", "review_comment_language": ""}
    if quarter in calendar.between:
        return {**nothing, "status": Status.DRAFT}, False
    if quarter == calendar.reviewed:
        if slug == c.LIVE_OVERDUE_NOT_STARTED:
            return None, False
        if slug == c.LIVE_OVERDUE_DRAFT:
            return {**nothing, "status": Status.DRAFT}, False
        if slug == c.LIVE_AWAITING_REVIEW:
            return {**nothing, "status": Status.SUBMITTED, "submitted_by": submitter,
                    "submitted_at": moment(period.due - datetime.timedelta(days=12), 10, 30)
                    }, False
        if slug == c.LIVE_RETURNED:
            comment, language = c.LIVE_RETURN_COMMENT
            return {**nothing, "status": Status.RETURNED, "submitted_by": submitter,
                    "submitted_at": moment(period.due - datetime.timedelta(days=20), 16, 45),
                    "reviewed_by": coordinator,
                    "reviewed_at": moment(period.due - datetime.timedelta(days=14), 9, 15),
                    "review_comment": comment, "review_comment_language": language}, False
    if quarter == before_reviewed and slug == c.LIVE_LATE:
        submitted = moment(period.due + datetime.timedelta(days=6))
    else:
        submitted = moment(period.end + datetime.timedelta(days=8 + index % 5))
    return {**nothing, "status": Status.APPROVED, "submitted_by": submitter,
            "submitted_at": submitted, "reviewed_by": coordinator,
            "reviewed_at": submitted + datetime.timedelta(days=3, hours=-4, minutes=30)}, True


# --- Events and the forum -------------------------------------------------------------------


def events_anchor(today: datetime.date | None = None) -> datetime.date:
    """The Monday of this week (in Ottawa): the demo's current events are placed from it,
    in the weeks before and after today."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


def attendance_row(spec: dict) -> dict[str, Any] | None:
    """The generated activity that records a demo event's attendance (``ATTENDANCE_OF``)."""
    rows = sorted(
        (row for row in demo_activity_rows()
         if row["initiative"] == spec["initiative"] and row["kind"] == spec["kind"]
         and row["language"] == spec["language"] and row["date"].year == spec["year"]),
        key=lambda row: row["date"],
    )
    return rows[0] if rows else None


def _load_events(orgs, areas, initiatives, tally: Tally,
                 today: datetime.date | None = None) -> None:
    forum_fields = ["slug_en", "title_fr", "title_en", "summary_fr", "summary_en", "body_fr",
                    "body_en"]
    forum = Table(Forum, ["slug_fr"], tally).sync(
        {"slug_fr": c.FORUM["slug_fr"]},
        {**{name: c.FORUM[name] for name in forum_fields}, "host": orgs[c.FORUM["host"]],
         "is_public": True},
    )
    table = Table(Event, ["slug_fr"], tally)
    fields = ["slug_en", "title_fr", "title_en", "summary_fr", "summary_en", "body_fr",
              "body_en", "kind", "place", "is_online", "language", "is_public"]
    for spec in c.demo_events(events_anchor(today)):
        values = {name: spec[name] for name in fields}
        values["forum"] = forum if spec["forum"] else None
        values["activity"] = None
        if "attendance" in spec:
            row = attendance_row(spec["attendance"])
            day = row["date"]
            values["start"] = c.at(day.year, day.month, day.day, *spec["start_time"])
            values["end"] = c.at(day.year, day.month, day.day, *spec["end_time"])
            # (A one-to-one link: given as its id, which the table compares as it is.)
            values["activity"] = Activity.objects.get(
                initiative=initiatives[row["initiative"]], date=day, title=row["title"]
            ).pk
        else:
            values["start"], values["end"] = spec["start"], spec["end"]
        event = table.sync({"slug_fr": spec["slug_fr"]}, values)
        _sync_m2m(event, "organisers", [orgs[s] for s in spec["organisers"]], tally)
        _sync_m2m(event, "priority_areas", [areas[s] for s in spec["areas"]], tally)
        _sync_m2m(event, "initiatives", [initiatives[s] for s in spec["initiatives"]], tally)
