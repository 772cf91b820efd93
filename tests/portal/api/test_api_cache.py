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


def test_on_redis_a_cached_answer_costs_one_round_trip_and_is_counted(
        client, world, settings, monkeypatch):  # noqa: F811
    """On Redis, as in production: the answer, the version and the client's rate counter
    are read and counted in one round trip, and concurrent counts are never lost (the
    counter is Redis's own INCR)."""
    import redis
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    from tests.portal.core.test_pagecache import use_real_redis

    use_real_redis(settings, "the API's cache on Redis is not tested")
    cache_client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    cache_client.flushdb()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {**api_settings.DEFAULT_THROTTLE_RATES, "api": "5/minute"})
    get(client, "plans/")
    writes = []
    original = redis.connection.Connection.send_packed_command

    def counted(self, command, *args, **kwargs):
        writes.append(b"".join(command) if isinstance(command, list) else command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counted)
    cached = get(client, "plans/")
    assert hit(cached)
    # One write, so one round trip: the count and the reads together.
    assert len(writes) == 1
    assert b"INCR" in writes[0] and b"MGET" in writes[0]
    assert [get(client, "plans/").status_code for _ in range(4)] == [200, 200, 200, 429]


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
