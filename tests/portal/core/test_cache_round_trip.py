"""The page cache's round trip to Redis (``portal.core.cache._one_round_trip``): a count and
reads sent in one write, on the real Redis of ``REDIS_URL``, with redis-py's connections
used directly (not its pipeline), so what it relies on is checked here."""

from __future__ import annotations

import os

import pytest

from portal.core.cache import _one_round_trip
from tests.conftest import skip_or_fail


@pytest.fixture
def redis_client():
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("REDIS_URL is not set: the cache's round trip to Redis is not tested")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        skip_or_fail(f"Redis at {url} does not answer: the cache's round trip is not tested")
    keys = ["round-trip-counter", "round-trip-a", "round-trip-b", "round-trip-text"]
    client.delete(*keys)
    yield client
    client.delete(*keys)
    client.close()


def test_a_count_and_reads_come_back_in_order(redis_client):
    redis_client.set("round-trip-a", b"first")
    answers = _one_round_trip(redis_client, [
        ("INCR", "round-trip-counter"), ("MGET", "round-trip-a", "round-trip-b")])
    assert answers == [1, [b"first", None]]
    assert _one_round_trip(redis_client, [("INCR", "round-trip-counter")]) == [2]


def test_an_error_midway_never_leaves_a_reply_for_the_next_caller(redis_client):
    """The first command fails, so the second's reply is still on the socket: that
    connection is closed, and the next round trip reads its own replies, not those."""
    import redis

    redis_client.set("round-trip-text", b"not a number")
    redis_client.set("round-trip-a", b"mine")
    with pytest.raises(redis.exceptions.ResponseError):
        _one_round_trip(redis_client, [
            ("INCR", "round-trip-text"), ("MGET", "round-trip-b")])
    for _ in range(3):
        assert _one_round_trip(redis_client, [
            ("INCR", "round-trip-counter"), ("MGET", "round-trip-a")])[1] == [b"mine"]


def test_replies_are_read_by_hiredis():
    """redis-py reads Redis's replies with hiredis (C) when it is installed, as
    pyproject.toml asks: without it every page served from the cache parses its reply in
    Python."""
    from redis.connection import DefaultParser
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE, "hiredis is not installed (redis[hiredis] in pyproject.toml)"
    assert "Hiredis" in DefaultParser.__name__
