"""The public API's answers from the page cache: served again without a query while nothing
public has changed, never after (an approval shows on the very next request), with their
validators, keyed by language and normalised parameters, never for a token's request, and
still counted by the rate limit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import services
from portal.api import services as api_services
from portal.core import pagecache
from tests.portal.api.test_api import API, get, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def hit(response) -> bool:
    return getattr(response, "public_page_hit", False)


def test_an_approval_changes_the_figures_on_the_very_next_request_with_the_cache_on(
        client, world, coordinator):  # noqa: F811
    figure = f"indicators/{world['youth'].pk}/"
    detail = f"initiatives/{world['initiative'].pk}/"
    first = {path: get(client, path) for path in (figure, detail)}
    with CaptureQueriesContext(connection) as captured:
        again = {path: get(client, path) for path in (figure, detail)}
    assert all(hit(response) for response in again.values())
    assert len(captured) == 0
    assert again[detail].content == first[detail].content
    assert again[figure].json()["to_date"]["value"] == 615

    services.update_approve(update=world["u3"], by=coordinator)
    after = get(client, figure)
    assert not hit(after)
    assert after.json()["to_date"]["value"] == 1390
    youth = next(i for i in get(client, detail).json()["indicators"]
                 if i["id"] == world["youth"].pk)
    assert youth["to_date"]["value"] == 1390
    assert hit(get(client, figure))  # kept again, under the new version


def test_a_cached_answer_keeps_its_validators_and_304(client, world):  # noqa: F811
    first = get(client, "initiatives/", lang="en")
    cached = get(client, "initiatives/", lang="en")
    assert hit(cached)
    for header in ("ETag", "Last-Modified", "Content-Language", "Content-Type"):
        assert cached[header] == first[header], header
    assert cached["Cache-Control"] == "no-cache"
    assert cached["Content-Language"] == "en"
    with CaptureQueriesContext(connection) as captured:
        unchanged = get(client, "initiatives/", lang="en",
                        headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == first["ETag"]
    assert len(captured) == 0


def test_parameters_in_another_order_share_the_answer_and_languages_do_not(
        client, world):  # noqa: F811
    first = client.get(API + "initiatives/?status=active&lang=en")
    swapped = client.get(API + "initiatives/?lang=en&status=active")
    assert hit(swapped)
    assert swapped["ETag"] == first["ETag"]
    french = client.get(API + "initiatives/?status=active")
    assert not hit(french)
    assert french["Content-Language"] == "fr"
    english = get(client, "initiatives/", status="active", headers={"Accept-Language": "en"})
    assert english["Content-Language"] == "en"
    assert english.json()["results"] == first.json()["results"]


def test_token_requests_never_read_nor_fill_the_cache(client, world, staff_a):  # noqa: F811
    secret = api_services.token_create(user=staff_a, name="CRM", scope="read", days=30)[1]
    token = {"Authorization": f"Bearer {secret}"}
    assert not hit(get(client, "initiatives/", headers=token))
    assert not hit(get(client, "initiatives/"))  # the token's request stored nothing
    assert hit(get(client, "initiatives/"))
    assert not hit(get(client, "initiatives/", headers=token))  # nor reads what is kept
    for _ in range(2):
        partner = get(client, "partner/initiatives/", headers=token)
        assert partner.status_code == 200
        assert not hit(partner)
        assert "ETag" not in partner


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Request was throttled. Expected available in 60 seconds."),
    ("fr", "Requête ralentie. Disponible à nouveau dans 60 secondes."),
])
def test_cached_answers_count_towards_the_rate_limit(client, world, monkeypatch,  # noqa: F811
                                                     lang, message):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {**api_settings.DEFAULT_THROTTLE_RATES, "api": "3/minute"})
    answers = [get(client, "plans/", lang=lang) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert hit(answers[2])
    refused = get(client, "plans/", lang=lang)
    assert refused.status_code == 429
    assert refused.json() == {"detail": message, "code": "throttled"}
    assert refused["Retry-After"] == "60"
    assert refused["Content-Language"] == lang


def _redis_writes(settings, monkeypatch, rate: str) -> list[bytes]:
    """The real Redis as the cache, the API's rate set to ``rate``, and the list of the
    writes made to Redis from now on (each write is one round trip)."""
    import redis
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    from tests.portal.core.test_pagecache import use_real_redis

    use_real_redis(settings, "the API's cache on Redis is not tested")
    redis.Redis.from_url(settings.CACHES["default"]["LOCATION"]).flushdb()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {**api_settings.DEFAULT_THROTTLE_RATES, "api": rate})
    writes: list[bytes] = []
    original = redis.connection.Connection.send_packed_command

    def counted(self, command, *args, **kwargs):
        writes.append(b"".join(command) if isinstance(command, list) else command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counted)
    return writes


def test_on_redis_a_busy_clients_cached_answers_ask_redis_once_per_block(
        client, world, settings, monkeypatch):  # noqa: F811
    """On Redis, as in production: a cached answer asks Redis nothing while this process's
    lease on the public version and its block of the client's counts last; when one runs
    out, one round trip (one write) claims the next block and reads what is needed. Every
    answer is counted: the counter holds at least as many counts as answers."""
    import redis

    settings.PUBLIC_VERSION_LEASE_SECONDS = 30.0  # lasts the test (its end: test_pagecache)
    writes = _redis_writes(settings, monkeypatch, "1000/minute")
    get(client, "plans/")  # rendered and stored
    writes.clear()
    answers = [get(client, "plans/") for _ in range(40)]
    assert all(hit(answer) and answer.status_code == 200 for answer in answers)
    # Blocks of 2, 4, 8, 16, 32 after the first request's 1: five claims, each one write.
    assert len(writes) == 5
    assert all(b"INCRBY" in write for write in writes)
    raw = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    (counter,) = raw.keys("*throttle_api_*")
    assert int(raw.get(counter)) >= 41

    pagecache.LEASE.end()  # as when the lease runs out: the version is read again, in one write
    writes.clear()
    assert hit(get(client, "plans/"))
    assert len(writes) == 1 and b"public:version" in writes[0]


def test_on_redis_cached_answers_are_refused_beyond_the_limit(
        client, world, settings, monkeypatch):  # noqa: F811
    """Near the limit each count is claimed alone: the limit is exact."""
    writes = _redis_writes(settings, monkeypatch, "5/minute")
    get(client, "plans/")  # rendered and stored: the first count
    writes.clear()
    answers = [get(client, "plans/") for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert all(hit(answer) for answer in answers[:4])
    # One claim of one count for each of the four; the fifth is refused without asking,
    # since this process's own claim brought the counter to the limit.
    assert len(writes) == 4
    assert all(b"INCRBY" in write for write in writes)


def test_on_redis_a_counter_left_without_expiry_still_ends(client, world, settings):  # noqa: F811
    """If a process died between a window's first count and setting its expiry, the client
    is refused for one window at most, never for ever."""
    import redis
    from django.core.cache import caches

    from tests.portal.core.test_pagecache import use_real_redis

    use_real_redis(settings, "the API's rate counter on Redis is not tested")
    raw = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    key = caches["default"].make_and_validate_key("throttle_api_127.0.0.1")
    raw.set(key, 10_000)  # over any limit, and no expiry
    refused = get(client, "plans/")
    assert refused.status_code == 429
    assert 0 < raw.ttl(key) <= 60
    assert refused["Retry-After"] == "60"
