"""Public pages are served from the cache to anonymous visitors, and are never stale.

Each invalidation test runs on the local-memory cache and on the real Redis (which
``REQUIRE_SERVICES=1`` requires): the page is cached first (a second anonymous request is
answered from the cache), then the change, then the very next request must show it.
"""

from __future__ import annotations

import datetime
import logging
import os
import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from initiatives import services
from initiatives.models import ProgressUpdate
from portal.core import pagecache
from tests import factories
from tests.conftest import skip_or_fail
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


def _redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def use_real_redis(settings, untested: str) -> None:
    """Make the real Redis of ``REDIS_URL`` the cache, as in production; skip (or fail,
    under ``REQUIRE_SERVICES=1``) saying what is ``untested`` when it is absent."""
    import redis

    url = _redis_url()
    if not url:
        skip_or_fail(f"REDIS_URL is not set: {untested}")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        skip_or_fail(f"Redis at {url} does not answer: {untested}")
    settings.CACHES = {"default": {
        "BACKEND": "portal.core.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "page-cache-tests",
    }}


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The configured cache, as in production: local memory or the real Redis."""
    if request.param == "locmem":
        settings.CACHES = {"default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        }}
    else:
        use_real_redis(settings, "the page cache is not tested on real Redis")
    cache.clear()
    yield request.param
    cache.clear()


def served_from_cache(response) -> bool:
    return getattr(response, "public_page_hit", False)


def cached_twice(client: Client, url: str):
    """Fetch ``url`` twice; the second answer must come from the cache."""
    first = client.get(url)
    assert first.status_code == 200
    second = client.get(url)
    assert served_from_cache(second), f"{url} was not served from the cache"
    assert second.content == first.content
    # Its length is said, so the server sends it whole rather than in chunks.
    assert second["Content-Length"] == str(len(second.content))
    return second


@pytest.fixture
def submitted_quarter(lead_a, org_a):
    initiative = factories.InitiativeFactory(lead=org_a, title_en="Youth drop-in",
                                             title_fr="Halte-accueil jeunesse")
    period = factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                              end=datetime.date(2021, 3, 31))
    factories.ActivityFactory.create_batch(4, initiative=initiative, participants=35,
                                           date=datetime.date(2021, 2, 1))
    update = factories.ProgressUpdateFactory(initiative=initiative, period=period,
                                             status=ProgressUpdate.Status.SUBMITTED)
    return update


@pytest.mark.parametrize("lang,participants", [("en", "140"), ("fr", "140")])
def test_an_approval_shows_on_the_very_next_request(page_cache, submitted_quarter, coordinator,
                                                    lang, participants):
    anonymous = Client()
    before = cached_twice(anonymous, f"/{lang}/").content.decode()
    assert f'<span class="figure-value">{participants}</span>' not in before

    services.update_approve(update=submitted_quarter, by=coordinator)

    after = anonymous.get(f"/{lang}/")
    assert not served_from_cache(after)
    assert f'<span class="figure-value">{participants}</span>' in after.content.decode()
    # ...and the new page is what the cache serves from then on.
    assert f'<span class="figure-value">{participants}</span>' in (
        cached_twice(anonymous, f"/{lang}/").content.decode()
    )


def test_an_admin_edit_shows_on_the_next_request_in_both_languages(page_cache, administrator):
    initiative = factories.InitiativeFactory(title_en="Safe walks", title_fr="Marches sûres",
                                             slug_en="safe-walks", slug_fr="marches-sures")
    anonymous = Client()
    pages = {"en": "/en/initiatives/safe-walks/", "fr": "/fr/initiatives/marches-sures/"}
    for url in pages.values():
        cached_twice(anonymous, url)

    activate_totp(administrator)
    admin = Client()
    admin.force_login(administrator)
    form = admin.get(f"/en/admin/initiatives/initiative/{initiative.pk}/change/")
    assert form.status_code == 200
    data = {
        field.html_name: value
        for field, value in _admin_form_data(form.context["adminform"].form).items()
    }
    for inline in form.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(title_en="Safe evening walks", title_fr="Marches sûres en soirée",
                _save="Save")
    saved = admin.post(f"/en/admin/initiatives/initiative/{initiative.pk}/change/", data)
    assert saved.status_code == 302, saved.context["errors"]

    english = anonymous.get(pages["en"]).content.decode()
    french = anonymous.get(pages["fr"]).content.decode()
    assert "<title>Safe evening walks" in english
    assert "<title>Marches sûres en soirée" in french


def _admin_form_data(form) -> dict:
    """The values a browser would post back for an unchanged admin form."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        elif value is None:
            value = ""
        data[form[name]] = value
    return data


def test_unpublishing_removes_the_page_at_once(page_cache):
    initiative = factories.InitiativeFactory(slug_en="night-patrol", slug_fr="patrouille-nuit",
                                             title_en="Night patrol", title_fr="Patrouille")
    anonymous = Client()
    cached_twice(anonymous, "/en/initiatives/night-patrol/")
    listing = cached_twice(anonymous, "/fr/initiatives/").content.decode()
    assert "Patrouille" in listing

    initiative.is_public = False
    initiative.save()

    assert anonymous.get("/en/initiatives/night-patrol/").status_code == 404
    assert "Patrouille" not in anonymous.get("/fr/initiatives/").content.decode()


def test_locking_a_period_makes_pages_render_again(page_cache, coordinator):
    period = factories.ReportingPeriodFactory()
    anonymous = Client()
    cached_twice(anonymous, "/en/")
    services.period_lock(period=period, by=coordinator)
    assert not served_from_cache(anonymous.get("/en/"))


def test_a_signed_in_user_never_gets_the_anonymous_page(page_cache, lead_a):
    factories.PlanFactory()
    anonymous = Client()
    cached = cached_twice(anonymous, "/en/").content.decode()
    assert "Sign out" not in cached

    signed_in = Client()
    signed_in.force_login(lead_a)
    page = signed_in.get("/en/")
    assert not served_from_cache(page)
    assert "Sign out" in page.content.decode()
    # ...and what they saw is not stored for the next visitor.
    assert "Sign out" not in Client().get("/en/").content.decode()


def test_each_language_has_its_own_page(page_cache):
    factories.PlanFactory(title_en="Safer together", title_fr="Ensemble plus sûrs")
    anonymous = Client()
    cached_twice(anonymous, "/fr/plans/")
    english = anonymous.get("/en/plans/")
    assert not served_from_cache(english)
    html = english.content.decode()
    assert '<html lang="en"' in html and "Safer together" in html
    assert "Ensemble plus sûrs" not in html


def test_the_language_choice_keeps_no_visitors_language(page_cache):
    """The page at / is the same in both languages: an English visitor's first request
    must not tell the French visitors after them that it is in English."""
    english = Client(headers={"Accept-Language": "en"})
    assert english.get("/")["Content-Language"] == "en"
    french = Client(headers={"Accept-Language": "fr"}).get("/")
    assert served_from_cache(french)
    assert french.get("Content-Language") in (None, "fr")
    assert 'lang="fr"' in french.content.decode() and 'lang="en"' in french.content.decode()


def test_a_page_with_a_message_is_neither_served_nor_stored(page_cache, lead_a):
    factories.PlanFactory()
    cached_twice(Client(), "/en/")
    person = Client()
    person.force_login(lead_a)
    # Signing out leaves them on the home page with a message.
    landed = person.post("/en/accounts/logout/", follow=True)
    assert not served_from_cache(landed)
    assert '<div class="messages" role="status">' in landed.content.decode()
    assert '<div class="messages"' not in Client().get("/en/").content.decode()


def test_a_form_with_a_csrf_token_is_never_cached(page_cache):
    Client().get("/en/accounts/login/")
    second = Client().get("/en/accounts/login/")
    assert not served_from_cache(second)
    assert "csrftoken" in second.cookies  # their own token, so they can sign in


def test_a_public_answer_that_sets_a_cookie_is_not_stored(page_cache):
    calls = []

    @pagecache.public_page
    def view(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = pagecache.PublicPageCacheMiddleware(view)
    for _ in range(2):
        middleware(RequestFactory().get("/en/"))
    assert len(calls) == 2


def test_conditional_requests(page_cache):
    initiative = factories.InitiativeFactory(slug_en="street-art", title_en="Street art")
    anonymous = Client()
    first = cached_twice(anonymous, "/en/initiatives/street-art/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "no-cache"

    assert anonymous.get("/en/initiatives/street-art/",
                         HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert anonymous.get("/en/initiatives/street-art/",
                         HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    initiative.title_en = "Street art and murals"
    initiative.save()
    changed = anonymous.get("/en/initiatives/street-art/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Street art and murals" in changed.content.decode()
    again = anonymous.get("/en/initiatives/street-art/")
    assert again["ETag"] != etag


def test_other_query_strings_are_rendered_not_stored(page_cache):
    factories.InitiativeFactory()
    anonymous = Client()
    anonymous.get("/en/initiatives/?utm_source=newsletter")
    assert not served_from_cache(anonymous.get("/en/initiatives/?utm_source=newsletter"))
    cached_twice(anonymous, "/en/initiatives/?page=1")


def test_a_page_rendered_before_a_change_is_never_served_after_it(page_cache):
    """A change that commits while a page renders: that page may be stored, but it carries
    the version it was rendered under, so the next visitor gets a fresh render."""
    renders = []

    @pagecache.public_page
    def view(request):
        renders.append(1)
        if len(renders) == 1:
            pagecache.bump_public_version()  # someone approves an update meanwhile
        return HttpResponse(f"render {len(renders)}")

    middleware = pagecache.PublicPageCacheMiddleware(view)
    request = RequestFactory().get("/en/")
    assert middleware(request).content == b"render 1"
    assert middleware(RequestFactory().get("/en/")).content == b"render 2"
    third = middleware(RequestFactory().get("/en/"))
    assert third.content == b"render 2" and served_from_cache(third)
    assert len(renders) == 2


class CacheCalls:
    """Records the calls made to the configured cache, with the keys each one names."""

    METHODS = ("get", "get_many", "set", "add", "delete", "has_key", "incr")

    def __init__(self, monkeypatch) -> None:
        from django.core.cache import caches

        self.calls: list[str] = []
        self.keys: list[str] = []
        self.inside = False
        backend = caches["default"]
        for name in self.METHODS:
            monkeypatch.setattr(backend, name, self._counting(name, getattr(backend, name)))

    def _counting(self, name, method):
        def counted(key_or_keys, *args, **kwargs):
            if self.inside:  # local memory's get_many calls its own get: one call
                return method(key_or_keys, *args, **kwargs)
            self.calls.append(name)
            self.keys += [key_or_keys] if isinstance(key_or_keys, str) else list(key_or_keys)
            self.inside = True
            try:
                return method(key_or_keys, *args, **kwargs)
            finally:
                self.inside = False

        return counted

    def clear(self) -> None:
        self.calls.clear()
        self.keys.clear()


def test_a_cached_page_costs_no_cache_read_within_the_lease_and_one_after(
        page_cache, monkeypatch, settings):
    """A process that read the public version less than a lease ago and holds a copy of
    the page serves it without asking the cache anything; once the lease has run out it
    reads the version alone (not the page again); other addresses never touch the cache."""
    settings.PUBLIC_VERSION_LEASE_SECONDS = 1.0
    factories.InitiativeFactory(slug_en="street-art", title_en="Street art")
    anonymous = Client()
    cached_twice(anonymous, "/en/initiatives/street-art/")
    counter = CacheCalls(monkeypatch)

    assert served_from_cache(anonymous.get("/en/initiatives/street-art/"))
    assert counter.calls == []  # within the lease: nothing asked
    time.sleep(1.0)
    assert served_from_cache(anonymous.get("/en/initiatives/street-art/"))
    assert counter.calls == ["get_many"]  # one read
    assert counter.keys == [pagecache.VERSION_KEY]
    counter.clear()
    assert served_from_cache(anonymous.get("/en/initiatives/street-art/"))
    assert counter.calls == []  # a new lease

    for address, status in [("/healthz", 200), ("/en/accounts/login/", 200),
                            ("/fr/comptes/login/", 200), ("/en/no-such-page/", 404)]:
        counter.clear()
        assert Client().get(address).status_code == status
        assert not [key for key in counter.keys if key.startswith("public:")], address


def numbered_renders() -> tuple[pagecache.PublicPageCacheMiddleware, list]:
    """The page cache around a public view whose every render says its number, and the list
    of its renders."""
    renders = []

    @pagecache.public_page
    def view(request):
        renders.append(1)
        return HttpResponse(f"render {len(renders)}")

    return pagecache.PublicPageCacheMiddleware(view), renders


def test_without_a_lease_every_cached_page_reads_the_version_and_no_change_waits(
        page_cache, monkeypatch, settings):
    """``PUBLIC_VERSION_LEASE_SECONDS=0``, the way back to one read per request: every cached
    page reads the version, and a committed change's answer does not wait."""
    settings.PUBLIC_VERSION_LEASE_SECONDS = 0
    middleware, _renders = numbered_renders()
    middleware(RequestFactory().get("/en/"))
    counter = CacheCalls(monkeypatch)
    for _ in range(3):
        assert served_from_cache(middleware(RequestFactory().get("/en/")))
    assert counter.keys == [pagecache.VERSION_KEY] * 3
    pagecache._hold_answers()  # what a committed change does
    started = time.monotonic()
    pagecache.settle()
    assert time.monotonic() - started < 0.01


def test_another_processs_change_shows_when_this_processs_lease_ends(page_cache, settings):
    """What another process changes (here written straight into the cache, as that process
    would) shows here at the latest a lease after this process last read the version; its
    own changes show at once (the other tests)."""
    settings.PUBLIC_VERSION_LEASE_SECONDS = 1.0
    middleware, _renders = numbered_renders()
    assert middleware(RequestFactory().get("/en/")).content == b"render 1"
    cache.set(pagecache.VERSION_KEY, pagecache.current_version() + 1, None)  # elsewhere
    within = middleware(RequestFactory().get("/en/"))
    assert within.content == b"render 1" and served_from_cache(within)
    time.sleep(1.0)
    assert middleware(RequestFactory().get("/en/")).content == b"render 2"


@pytest.mark.django_db(transaction=True)
def test_a_change_is_answered_only_once_no_process_can_serve_the_pages_before_it(settings):
    """The rule that keeps "the very next request" true across processes: a request that
    commits a change answers only when every lease on the version before it (taken by any
    process, up to the moment of the change) has ended."""
    settings.PUBLIC_VERSION_LEASE_SECONDS = 0.2
    elsewhere = pagecache.VersionLease()  # another web process's lease, taken just now
    elsewhere.renew(pagecache.current_version(), time.monotonic())

    def approve(request):  # a change committed by the view (autocommit, as in production)
        factories.InitiativeFactory(slug_en="new-one")
        return HttpResponse("approved")

    started = time.monotonic()
    answer = pagecache.PublicPageCacheMiddleware(approve)(RequestFactory().post("/en/x/"))
    assert answer.content == b"approved"
    assert elsewhere.current() is None  # when the answer leaves, that lease has ended
    assert time.monotonic() - started >= 0.2

    # A request that changed nothing does not wait.
    settings.PUBLIC_VERSION_LEASE_SECONDS = 5.0
    elsewhere.renew(pagecache.current_version(), time.monotonic())
    quiet = pagecache.PublicPageCacheMiddleware(lambda request: HttpResponse("read"))
    quiet(RequestFactory().post("/en/x/"))
    assert elsewhere.current() is not None


@pytest.mark.django_db(transaction=True)
def test_a_celery_task_that_changes_pages_ends_once_no_process_can_serve_older_ones(settings):
    from tests.portal.core.tasks_for_tests import add_initiative

    settings.PUBLIC_VERSION_LEASE_SECONDS = 0.2
    elsewhere = pagecache.VersionLease()
    elsewhere.renew(pagecache.current_version(), time.monotonic())
    add_initiative.apply()
    assert elsewhere.current() is None


def test_the_redis_cache_reuses_its_client(settings, monkeypatch):
    """Django's Redis cache builds a client for every operation, which costs more than the
    round trip itself; the portal's keeps one per connection pool."""
    import redis

    use_real_redis(settings, "the Redis cache's client is not tested")

    built = []
    original = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    for number in range(20):
        cache.set(f"reuse-{number}", number)
        assert cache.get(f"reuse-{number}") == number
    assert cache.get_many(["reuse-1", "reuse-2"]) == {"reuse-1": 1, "reuse-2": 2}
    assert len(built) <= 1
    cache.delete_many([f"reuse-{number}" for number in range(20)])


# --- Redis down ------------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """A Redis cache on a port where nothing listens: a real connection failure."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {"default": {
        "BACKEND": "portal.core.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    from portal.core.cache import ResilientRedisCache

    ResilientRedisCache._down_until = ResilientRedisCache._warned_at = 0.0
    yield
    ResilientRedisCache._down_until = ResilientRedisCache._warned_at = 0.0
    ResilientRedisCache._saw_outage = False


@pytest.fixture
def youth_area():
    area = factories.PriorityAreaFactory(slug_en="youth")
    factories.InitiativeFactory().priority_areas.add(area)
    return area


def test_with_redis_down_public_pages_and_sign_in_still_work(lead_a, youth_area, redis_down,
                                                             caplog):
    caplog.set_level(logging.WARNING, logger="portal.core.cache")
    assert Client().get("/en/").status_code == 200
    assert "Cache unavailable" in caplog.text
    assert Client().get("/fr/").status_code == 200
    assert Client().get("/en/priorities/youth/").status_code == 200
    person = Client()
    signed_in = person.post("/en/accounts/login/",
                            {"login": lead_a.email, "password": "correct-horse-battery"})
    assert signed_in.status_code in (200, 302)
    wrong = Client().post("/en/accounts/login/", {"login": lead_a.email, "password": "nope"})
    assert wrong.status_code == 200


def test_when_redis_comes_back_the_version_is_bumped_before_anything_is_read(
        settings, caplog):
    """The end of an outage this process saw: the public version changes before the
    operation that reached Redis; a receiver that fails is logged, not raised."""
    from portal.core.cache import ResilientRedisCache, cache_recovered

    use_real_redis(settings, "the end of an outage is not tested")
    before = pagecache.current_version()

    def broken(**kwargs):
        raise RuntimeError("a receiver that fails")

    cache_recovered.connect(broken, weak=False, dispatch_uid="test-broken-receiver")
    ResilientRedisCache._saw_outage = True  # as after a failed operation
    try:
        with caplog.at_level(logging.ERROR, logger="portal.core.cache"):
            version = cache.get(pagecache.VERSION_KEY)
    finally:
        cache_recovered.disconnect(dispatch_uid="test-broken-receiver")
        ResilientRedisCache._saw_outage = False
    assert version != before
    assert "a receiver that fails" in caplog.text


def test_a_process_reads_the_page_from_the_cache_again_when_its_copy_is_outdated(page_cache):
    """Each process keeps its own copy of a page, but serves it only while its version is
    the current one. When another process rendered the page after a change, this one serves
    that rendering, never its own older copy."""
    middleware, renders = numbered_renders()
    assert middleware(RequestFactory().get("/en/")).content == b"render 1"
    assert served_from_cache(middleware(RequestFactory().get("/en/")))
    (key,) = [key for key in pagecache.LOCAL._entries if key.endswith(":en:/en/")]

    # Another process: a change, then the page rendered and stored under the new version.
    pagecache.bump_public_version()
    version = pagecache.current_version()
    other = (version, '"other"', 0, [("Content-Type", "text/html")], b"rendered elsewhere")
    cache.set(key, other)

    answer = middleware(RequestFactory().get("/en/"))
    assert answer.content == b"rendered elsewhere" and served_from_cache(answer)
    assert pagecache.LOCAL.get(key)[0] == version  # the copy is now that one
    # And after one more change nobody rendered yet, the page is rendered afresh.
    pagecache.bump_public_version()
    assert middleware(RequestFactory().get("/en/")).content == b"render 2"
    assert len(renders) == 2


def test_the_local_copies_stay_within_their_size(settings):
    """The least recently served page goes first, and a page larger than an eighth of the
    room (an open-data file) is never copied."""
    settings.PUBLIC_PAGE_LOCAL_BYTES = 800
    copies = pagecache.LocalCopies()

    def entry(size: int) -> tuple:
        return (1, '"e"', 0, [], b"x" * size)

    for name in "abcdefgh":
        copies.put(name, entry(100))
    assert len(copies) == 8
    copies.get("a")  # served again: now the most recent
    copies.put("i", entry(100))
    assert copies.get("b") is None and copies.get("a") is not None
    assert copies._bytes <= 800
    copies.put("big", entry(101))
    assert copies.get("big") is None
    copies.put("a", entry(50))  # replaced, not counted twice
    assert copies._bytes == 750
    settings.PUBLIC_PAGE_LOCAL_BYTES = 0
    copies.put("z", entry(1))
    assert copies.get("z") is None
