"""The seeds' content moved from Python (portal/demo/content.py) to data files
(portal/demo/seeds/*.toml, read by portal/demo/data.py): not a line lost. Every name the
loader reads is compared, field by field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from portal.demo import content, data

NAMES = [
    "DEMO_PASSWORD", "ACCOUNTS", "DEMO_ACCOUNTS", "COORDINATOR", "PACT_LEAD", "PACT_STAFF",
    "STJOES_STAFF", "LOGGERS", "SUBMITTERS", "ORGANISATIONS", "PLANS", "CPO_PLAN", "OPS_PLAN",
    "PACT", "PERIOD_DUE_DAYS", "DEMO_ACTIVITY_QUARTERS", "DEMO_APPROVED_QUARTERS",
    "OTHER_LANGUAGE_SUFFIX", "NOTES", "QUARTER_CHALLENGES", "WORKFLOW_DATES", "IMPACT",
    "IMPACT_ACTIVITIES", "IMPACT_UPDATES", "IMPACT_ENTERED_VALUE", "DEMO_INITIATIVES",
    "LIVE_INITIATIVES", "LIVE_AWAITING_REVIEW", "LIVE_RETURNED", "LIVE_RETURN_COMMENT",
    "LIVE_LATE", "LIVE_OVERDUE_NOT_STARTED", "LIVE_OVERDUE_DRAFT", "LIVE_CHALLENGES", "FORUM",
    "ATTENDANCE_OF",
]


def plain(value):
    """The same data whatever its Python spelling: lists for tuples, str for choices,
    instants for aware datetimes, a key left out for None."""
    if isinstance(value, dict):
        # A key left out of a data file is None (TOML has no null).
        return {str(key): plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return ("datetime", value.timestamp())
    if isinstance(value, Decimal):
        return ("decimal", value)
    if isinstance(value, str):
        return str(value)
    return value


@pytest.mark.parametrize("name", NAMES)
def test_every_field_is_the_same(name):
    assert plain(getattr(data, name)) == plain(getattr(content, name))


@pytest.mark.parametrize("anchor", [datetime.date(2026, 11, 30), datetime.date(2027, 3, 1)])
def test_the_events_are_the_same(anchor):
    assert plain(data.demo_events(anchor)) == plain(content.demo_events(anchor))
