"""The demo's content, read from its data files (``portal/demo/seeds/*.toml``).

One file per source document of the portal (``000`` to ``004``, each saying which and what
it takes from it) and ``demo.toml`` for the demo's own, generated material. They are read
with the standard library (:mod:`tomllib`); this module only fills in what TOML cannot say
(no ``None``, no tuples, no decimals) and expands the derived indicators from their
templates, giving the loader (``loader.py``) plain Python data under the names it uses.
"""

from __future__ import annotations

import datetime
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from initiatives.models import Indicator

SEEDS = Path(__file__).resolve().parent / "seeds"
FILES = [
    "000-crime-prevention-ottawa-plan-2021-2022.toml",
    "001-ottawa-police-strategic-direction-2027.toml",
    "002-community-safety-and-well-being-framework.toml",
    "003-impact-project.toml",
    "004-community-development-section.toml",
    "demo.toml",
]
TZ = ZoneInfo("America/Toronto")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A timezone-aware moment in Ottawa."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def _read() -> dict[str, dict[str, Any]]:
    out = {}
    for name in FILES:
        with (SEEDS / name).open("rb") as handle:
            out[name] = tomllib.load(handle)
    return out


_files = _read()
_demo = _files["demo.toml"]
_templates = _demo["derived_indicators"]

# TOML has no None: a key left out is None (the loader reads them with ``get``, but for an
# initiative's end).


def _indicator(spec: dict) -> dict:
    if "derived" not in spec:
        return spec
    derivation = spec["derived"]
    rest = {key: value for key, value in spec.items() if key != "derived"}
    return {**_templates[derivation], "source": Indicator.Source.DERIVED,
            "derivation": derivation, **rest}


def _initiative(spec: dict) -> dict:
    return {
        "end": None, **spec,
        "strategies": [tuple(key) for key in spec.get("strategies", [])],
        "indicators": [_indicator(i) for i in spec["indicators"]],
    }


def _organisation(spec: dict) -> dict:
    out = {key: value for key, value in spec.items() if key != "order"}
    for name in ("latitude", "longitude"):
        if name in out:
            out[name] = Decimal(out[name])
    return out


def _all(key: str) -> list:
    return [item for data in _files.values() for item in data.get(key, [])]


# --- Accounts -------------------------------------------------------------------------------

_accounts = _demo["accounts"]
DEMO_PASSWORD: str = _accounts["password"]
ACCOUNTS = [{"organisation": None, "role": None, **a} for a in _accounts["people"]]
DEMO_ACCOUNTS: list[tuple[str, str]] = [(a["email"], a["description"]) for a in ACCOUNTS]
COORDINATOR: str = _accounts["coordinator"]
PACT_LEAD: str = _accounts["pact_lead"]
PACT_STAFF: str = _accounts["pact_staff"]
STJOES_STAFF: str = _accounts["stjoes_staff"]
# Who logs activities for a delivering organisation (when it has a demo account), and who
# submits updates for a lead organisation (the coordinator, for partners without a lead).
LOGGERS: dict[str, str] = _accounts["loggers"]
SUBMITTERS: dict[str, str] = _accounts["submitters"]

# --- Organisations and plans ----------------------------------------------------------------

ORGANISATIONS = [_organisation(o) for o in sorted(_all("organisations"),
                                                   key=lambda o: o["order"])]
PLANS = _all("plans")
for _plan in PLANS:
    _plan.setdefault("themes", [])
    _plan.setdefault("outcomes", [])
CPO_PLAN, OPS_PLAN = PLANS
PACT = "pact-ottawa"

# --- Reporting and activities ---------------------------------------------------------------

PERIOD_DUE_DAYS: int = _demo["period_due_days"]
DEMO_ACTIVITY_QUARTERS: list[str] = _demo["activity_quarters"]
DEMO_APPROVED_QUARTERS = DEMO_ACTIVITY_QUARTERS[:-1]
OTHER_LANGUAGE_SUFFIX: str = _demo["other_language_suffix"]
NOTES: dict = _demo["notes"]
QUARTER_CHALLENGES: dict[str, tuple[str, str]] = {
    quarter: tuple(texts) for quarter, texts in _demo["quarter_challenges"].items()}
WORKFLOW_DATES: dict[str, dict] = _demo["workflow_dates"]

# --- Initiatives ----------------------------------------------------------------------------

_impact = _files["003-impact-project.toml"]["impact"]
IMPACT = _initiative(_impact["initiative"])
IMPACT_ACTIVITIES = [tuple(row) for row in _impact["activities"]]
IMPACT_UPDATES: list[dict] = _impact["updates"]
IMPACT_ENTERED_VALUE: int = _impact["entered_value"]
DEMO_INITIATIVES = [_initiative(spec) for spec in _demo["initiatives"]]

_live = _demo["live"]
LIVE_INITIATIVES = [_initiative(spec) for spec in _live["initiatives"]]
LIVE_AWAITING_REVIEW: str = _live["awaiting_review"]
LIVE_RETURNED: str = _live["returned"]
LIVE_RETURN_COMMENT: tuple[str, str] = tuple(_live["return_comment"])
LIVE_LATE: str = _live["late"]
LIVE_OVERDUE_NOT_STARTED: str = _live["overdue_not_started"]
LIVE_OVERDUE_DRAFT: str = _live["overdue_draft"]
LIVE_CHALLENGES: dict[int, tuple[str, str]] = {
    int(quarter): tuple(texts) for quarter, texts in _live["challenges"].items()}

# --- Events and the forum -------------------------------------------------------------------

FORUM: dict = _files["004-community-development-section.toml"]["forum"]
ATTENDANCE_OF: dict = _demo["attendance_of"]
_EVENTS = _all("events")


def demo_events(anchor: datetime.date) -> list[dict]:
    """The demo events: those with a fixed date as they are; the others placed from
    ``anchor`` (the Monday of the week of the load, ``loader.events_anchor``), in the weeks
    before and after it, so the events page always has something ahead."""

    def placed(value):
        if not isinstance(value, dict):
            return value
        day = anchor + datetime.timedelta(days=value["days_from_monday"])
        return at(day.year, day.month, day.day, value["hour"], value.get("minute", 0))

    events = []
    for spec in _EVENTS:
        event = {**spec, **{name: placed(spec[name]) for name in ("start", "end")
                            if name in spec}}
        for name in ("start_time", "end_time"):
            if name in event:
                event[name] = tuple(event[name])
        events.append(event)
    return events
