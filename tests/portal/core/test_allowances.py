"""Rate-limit counts claimed in blocks by each process (``portal.core.cache.Allowances``):
a client served one request after another by one process costs a round trip per block,
not per request, and never gets more than its limit in a window, however many processes
serve it. Each test runs on local memory and on the real Redis (which
``REQUIRE_SERVICES=1`` requires); two ``Allowances`` play two web processes sharing the
cache's counter."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache

from portal.core.cache import Allowances
from tests.portal.core.test_pagecache import page_cache  # noqa: F401 - the fixture

WINDOW = 60


class Process:
    """One web process counting a client's requests as the page cache does."""

    def __init__(self) -> None:
        self.allowances = Allowances()
        self.round_trips = 0

    def request(self, key: str, limit: int) -> bool:
        counted = self.allowances.take(key, limit)
        if counted is None:
            self.round_trips += 1
            counted = self.allowances.claim(cache, [], key, WINDOW, limit)[1]
        return counted[0] <= limit


def test_a_busy_client_costs_a_round_trip_per_block_not_per_request(page_cache):  # noqa: F811
    process = Process()
    assert all(process.request("client", 10_000) for _ in range(1_000))
    # Blocks of 1, 2, 4 … 64, then 64 at a time: 7 claims for the first 127, then 14 more.
    assert process.round_trips == 21
    assert cache.get("client") == 1 + 2 + 4 + 8 + 16 + 32 + 64 * 15


def test_never_more_than_the_limit_however_the_processes_share_the_client(
        page_cache):  # noqa: F811
    chance = random.Random(7)
    processes = [Process(), Process(), Process()]
    allowed = 0
    for _ in range(600):  # in bursts, as a load balancer sends them
        process = chance.choice(processes)
        for _ in range(chance.randint(1, 20)):
            allowed += process.request("harvester", 200)
    assert allowed <= 200
    # Counts claimed and not used cost the client little: blocks shrink near the limit.
    assert allowed >= 190


def test_a_client_seen_once_by_each_process_counts_once_each(page_cache):  # noqa: F811
    processes = [Process() for _ in range(8)]
    assert all(process.request("visitor", 8) for process in processes)
    assert cache.get("visitor") == 8
    assert not processes[0].request("visitor", 8)


def test_near_the_limit_each_count_is_claimed_alone_and_refusals_stay_local(
        page_cache):  # noqa: F811
    process = Process()
    assert [process.request("client", 5) for _ in range(7)] == [True] * 5 + [False] * 2
    # The counter reached the limit with this process's own claim: refused without asking.
    assert cache.get("client") == 5
    assert process.round_trips == 5
    other = Process()  # a process that knows nothing asks once, then refuses on its own
    assert [other.request("client", 5) for _ in range(3)] == [False] * 3
    assert other.round_trips == 1


@pytest.mark.parametrize("limit", [1, 3, 120])
def test_a_block_ends_with_its_window(page_cache, monkeypatch, limit):  # noqa: F811
    """Counts left in a block are not used once the counter's window is over (its key
    expired in the cache): the next request claims in the new window."""
    import time

    process = Process()
    for _ in range(limit + 2):
        process.request("client", limit)
    later = time.monotonic() + WINDOW + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    cache.delete("client")  # what the window's expiry does
    assert process.request("client", limit)
    assert cache.get("client") == 1
