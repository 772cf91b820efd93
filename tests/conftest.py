"""Shared fixtures: the cast of users, and the rule that skipping a service can fail the run."""

from __future__ import annotations

import os

import pytest

from partners.models import Membership
from tests import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs an absent service, or fail it under REQUIRE_SERVICES=1."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from portal.core import pagecache, queue
    from portal.core.cache import ALLOWANCES

    def forget() -> None:
        cache.clear()
        # What this process remembers of the cache it just emptied: the version it read
        # and the rate-limit counts it claimed (portal/core/pagecache.py, cache.py).
        pagecache.LEASE.end()
        ALLOWANCES.clear()
        queue.forget_outage()  # a test's broker outage is not the next test's

    forget()
    yield
    forget()


@pytest.fixture
def org_a():
    return factories.OrganisationFactory(name_en="Organisation A", name_fr="Organisme A",
                                         slug="org-a")


@pytest.fixture
def org_b():
    return factories.OrganisationFactory(name_en="Organisation B", name_fr="Organisme B",
                                         slug="org-b")


@pytest.fixture
def staff_a(org_a):
    return factories.MembershipFactory(organisation=org_a, role=Membership.Role.STAFF).user


@pytest.fixture
def lead_a(org_a):
    return factories.MembershipFactory(organisation=org_a, role=Membership.Role.LEAD).user


@pytest.fixture
def staff_b(org_b):
    return factories.MembershipFactory(organisation=org_b, role=Membership.Role.STAFF).user


@pytest.fixture
def coordinator():
    return factories.UserFactory(is_coordinator=True, email="coordinator@example.org")


@pytest.fixture
def administrator():
    return factories.UserFactory(is_staff=True, is_superuser=True, email="admin@example.org")
