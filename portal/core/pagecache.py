"""Rendered public pages for anonymous visitors, served from the cache and never stale.

The rule, in one place:

* **What is cached**: a ``GET`` of a view marked :func:`public_page`, by a visitor who is
  not signed in (no session cookie) and has no message waiting (no messages cookie), with
  no query string or only ``?page=N``, that answered 200, set no cookie (so no CSRF token
  and no session was issued) and did not forbid caching. Signed-in users, forms and
  messages are therefore never served from, nor stored in, this cache. A streamed
  response (an open-data file) is sent as it is written and stored once sent whole.
* **The key**: the release (a fingerprint of the code, templates and catalogues this
  process runs, so a deployment never serves pages of the previous one), the day (pages
  may depend on the date), the language and the full path. Each language has its own URL,
  so a page is never served in the other language. The page is stored with the public
  version it was rendered under, and served only while that is the current version.
* **The version** is one value in the cache (:data:`VERSION_KEY`). Any change that can alter
  a public page bumps it: every save or delete of a plan, priority area, strategy, theme,
  outcome, organisation, initiative, indicator, reporting period, activity, progress update
  or value, every change of their many-to-many links (``connect_signals``, called once by
  ``PortalConfig.ready``), and the services that write with ``QuerySet.update`` (locking and
  reopening a period) call :func:`bump_public_version` themselves. The bump happens at once
  and again after the transaction commits, so a page rendered from the data before the
  commit cannot be stored under the version that follows it.
* **The version's lease, and why a change still shows on the very next request**: a web
  process that read the version uses it for ``PUBLIC_VERSION_LEASE_SECONDS`` (0.02) from the
  moment it asked (:class:`VersionLease`), without asking again; a busy process thus asks
  the cache once per lease, not once per page. The process that bumps the version ends its
  own lease at once (it sees its own change on its next page), and a request or Celery task
  that committed a change answers (or ends) only once a lease has passed since its bump
  (:func:`settle`), so every lease any process took on the version before the change has
  ended by then: whoever is told the change is done, and anyone they tell, gets it on
  their very next request, whichever process serves it. The cost is that a change's own
  answer waits up to a lease (0.02 s), once per request that changed something.
* **Copies kept by each process**: a page a web process has read from the cache (or rendered
  and stored) is also kept in its own memory (:class:`LocalCopies`, at most
  ``PUBLIC_PAGE_LOCAL_BYTES`` per process, the least recently served dropped first), so
  serving it again needs nothing from the cache within the lease, and at most the version
  after: the copy is served only while its version is the current one, as any cached page.
  A copy found outdated is dropped and the page read from the cache again (another process
  may have rendered it under the new version).
* **One round trip**: what a request needs from the cache (the version, the page, a block
  of rate-limit counts) is asked in one round trip (a second one reads the page when the
  copy turned out outdated), and often nothing is asked at all.
* **Conditional requests**: the ETag and Last-Modified of a cached page come from the same
  version and day; a matching ``If-None-Match`` (or a later ``If-Modified-Since``) gets 304.
  Browsers are told to revalidate every time (``Cache-Control: no-cache``).
* **Cache down**: when the version cannot be read the page is rendered as usual, uncached
  (a process may still serve its copies until its lease ends, as it would have anyway).
  A bump that could not be written is made again as soon as the process reaches Redis,
  before anything is read there (``portal.core.cache.cache_recovered``).
* **Only public addresses** touch the cache: which paths resolve to a view marked
  :func:`public_page` (or carry a policy, below) is worked out once per path and process
  (:func:`_policy_of`).
* **The language choice at /** is the same page in both languages: it is kept without the
  ``Content-Language`` of the visitor who asked first.
* **Other public answers** (the public API) use the same cache, the same version and the same
  never-stale rule, with their own rule of what is cached and under which key: their view
  (function, or class for a class-based view) carries a :class:`CachePolicy` as
  ``public_cache_policy``. The policy gives the key (``None``: not from the cache, e.g. a
  request with credentials), may name a counter the request counts on (a rate limit's: the
  process claims the client's counts in blocks, ``portal.core.cache.Allowances``, in the
  same round trip as whatever else it reads) and may refuse the request before a cached
  answer is served; what is stored is still decided by the response (marked
  ``public_page``, 200…).
"""

from __future__ import annotations

import atexit
import datetime
import functools
import hashlib
import logging
import re
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language_from_path

from portal.core.cache import ALLOWANCES, cache_recovered

logger = logging.getLogger("portal.core.pagecache")

VERSION_KEY = "public:version"
PAGE_TIMEOUT = 24 * 60 * 60
_PAGE_QUERY = re.compile(r"^(page=\d{1,6})?$")
# Response headers a cached page does not keep from its view: set again for each answer,
# never shared, or replaced by the page cache's own validators (kept with the page).
_DROPPED_HEADERS = {
    "set-cookie", "etag", "last-modified", "cache-control", "expires", "date", "content-length",
}


def enabled() -> bool:
    return getattr(settings, "PUBLIC_PAGE_CACHE", True)


# A process's own copies of pages: 16 MB by default (a city's most read pages, in each
# language); a page larger than an eighth of it (an open-data file) is not copied.
LOCAL_BYTES = 16 * 1024 * 1024


class LocalCopies:
    """The entries (version, validators, headers, content) of the pages this process served
    last, by cache key, at most ``PUBLIC_PAGE_LOCAL_BYTES`` of content in all, the least
    recently served dropped first (see the module). Only ever served after the version has
    been read from the cache and found equal to the entry's."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def limit() -> int:
        return getattr(settings, "PUBLIC_PAGE_LOCAL_BYTES", LOCAL_BYTES)

    def get(self, key: str) -> tuple | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        size = len(entry[-1])
        limit = self.limit()
        with self._lock:
            self._drop(key)
            if size > limit // 8:
                return
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > limit:
                self._drop(next(iter(self._entries)))

    def drop(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry[-1])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


LOCAL = LocalCopies()


# How long a process may go on using the public version it read (seconds): the most a
# change may wait before it shows, since whoever makes it waits as long before saying it is
# done (see the module).
LEASE_SECONDS = 0.02


def lease_seconds() -> float:
    return getattr(settings, "PUBLIC_VERSION_LEASE_SECONDS", LEASE_SECONDS)


class VersionLease:
    """The public version as this process last read it, usable for
    ``PUBLIC_VERSION_LEASE_SECONDS`` from the moment it asked (see the module)."""

    def __init__(self) -> None:
        self._held: tuple[int | None, float] = (None, 0.0)

    def current(self) -> int | None:
        """The version read less than a lease ago, or None: read it again."""
        version, until = self._held
        return version if time.monotonic() < until else None

    def renew(self, version: int, asked_at: float) -> None:
        """Keep ``version``, read by a request sent at ``asked_at`` (``time.monotonic()``)."""
        self._held = (version, asked_at + lease_seconds())

    def end(self) -> None:
        self._held = (None, 0.0)


LEASE = VersionLease()

# A process that changed the version answers only once every other process's lease on the
# previous one has ended (monotonic time; see :func:`settle`).
_settled_at = 0.0


def _hold_answers() -> None:
    global _settled_at
    _settled_at = max(_settled_at, time.monotonic() + lease_seconds())


def settle() -> None:
    """Wait until every lease on a version older than this process's last committed bump has
    ended: called before a request's answer leaves (the page cache's middleware), after a
    Celery task (``config/celery.py``) and when the process exits, so whoever is told that a
    change is done sees it on their very next request, whichever process serves it."""
    wait = _settled_at - time.monotonic()
    if wait > 0:
        time.sleep(wait)


atexit.register(settle)


@receiver(setting_changed)
def _forget_version(*, setting: str, **kwargs) -> None:
    # Another cache, or another lease: what this process read no longer holds.
    if setting in {"CACHES", "PUBLIC_VERSION_LEASE_SECONDS"}:
        LEASE.end()
        ALLOWANCES.clear()


_RELEASE_DIRS = ("config", "portal", "priorities", "partners", "initiatives", "templates",
                 "locale")
_RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo"}


@functools.cache
def release() -> str:
    """A fingerprint of what renders the pages (paths, sizes and times of the code, the
    templates and the compiled catalogues), read once per process."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in _RELEASE_DIRS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in _RELEASE_SUFFIXES and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(base)}|{stat.st_size}|{stat.st_mtime_ns}\n"
                              .encode())
    return digest.hexdigest()[:12]


# --- The version -----------------------------------------------------------------------------


def current_version() -> int | None:
    """The public version (nanoseconds since the epoch of the last bump); None when the
    cache is unavailable."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # First use, or the cache lost it: start a version no earlier page can carry.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def _set_new_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)
    LEASE.end()  # this process sees its own change at once
    if not transaction.get_connection().in_atomic_block:
        # Committed (or about to be, for the bump made again after the commit): the
        # answer waits for the other processes' leases (see the module).
        _hold_answers()


def bump_public_version() -> None:
    """Make every cached public page unreachable: now, and again once the current
    transaction commits (see the module's docstring)."""
    _set_new_version()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        func is _set_new_version for _sids, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_set_new_version, robust=True)


# The models whose rows public pages show, directly or through their figures: each app
# names its own in its ``AppConfig.ready`` (the ground floor knows no app).
_watched: set[type] = set()


def watch(*models: type) -> None:
    """Bump the public version whenever a row of one of ``models`` (or a link of theirs)
    changes. Their audit trail (django-simple-history) changes nothing that is shown."""
    _watched.update(m for m in models if not m.__name__.startswith("Historical"))


def public_models() -> set[type]:
    return set(_watched)


def connect_signals() -> None:
    watched = _watched  # the apps add theirs in their ready(), before any request

    def on_change(sender, **kwargs) -> None:
        if sender in watched:
            bump_public_version()

    def on_links(sender, instance, action, **kwargs) -> None:
        if action.startswith("post_") and type(instance) in watched:
            bump_public_version()

    post_save.connect(on_change, weak=False, dispatch_uid="pagecache-save")
    post_delete.connect(on_change, weak=False, dispatch_uid="pagecache-delete")
    m2m_changed.connect(on_links, weak=False, dispatch_uid="pagecache-links")
    # A bump this process could not write while Redis was unreachable (and Redis, which
    # keeps its data on disk, comes back with the pages from before): bump once it is back.
    cache_recovered.connect(lambda **kwargs: _set_new_version(), weak=False,
                            dispatch_uid="pagecache-recovered")


# --- Marking and serving pages ---------------------------------------------------------------


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a public view's answer as one the page cache may keep (see the module)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    wrapper.public_page = True
    return wrapper


class CachePolicy:
    """Which requests of a view are served from the cache, under which key (see the module).
    The default one is the public pages'."""

    def key(self, request: HttpRequest) -> str | None:
        """The cache key of the answer (language, address…), or None: not from the cache."""
        if (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
                or _PAGE_QUERY.match(request.META.get("QUERY_STRING", "")) is None):
            return None
        language = get_language_from_path(request.path_info)
        return f"{language or '-'}:{request.get_full_path()}"

    def counter(self, request: HttpRequest) -> tuple[str, int, int] | None:
        """A counter (key, window in seconds, limit) the request counts on, counted in the
        same round trip as the cached answer is read (a rate limit's), or None."""
        return None

    def admit(self, request: HttpRequest,
              counted: tuple[int, float] | None) -> HttpResponse | None:
        """An answer to send instead of the cached one (e.g. a rate limit's, from the count
        of :meth:`counter`: (number, seconds left), None if uncounted), or None."""
        return None

    def dropped_headers(self, request: HttpRequest) -> set[str]:
        """The response headers not kept with the answer."""
        # A page outside the language prefixes (the language choice at /) is the same in
        # both languages; the language the first visitor asked for is theirs alone.
        if get_language_from_path(request.path_info):
            return _DROPPED_HEADERS
        return _DROPPED_HEADERS | {"content-language"}


PAGES = CachePolicy()

# Longer paths (no public page has one) are resolved each time, not remembered.
_REMEMBERED_PATH_LENGTH = 300


def _policy_of_path(urlconf: str, path_info: str) -> CachePolicy | None:
    if len(path_info) > _REMEMBERED_PATH_LENGTH:
        return _policy_of.__wrapped__(urlconf, path_info)
    return _policy_of(urlconf, path_info)


@functools.lru_cache(maxsize=8192)
def _policy_of(urlconf: str, path_info: str) -> CachePolicy | None:
    """The cache policy of the path's view: :data:`PAGES` for a view marked
    :func:`public_page`, its own ``public_cache_policy`` for another public answer, else
    None. Remembered per process (a site's public addresses are a few thousand), so any
    other request (the sign-in page, ``/healthz``) costs the cache nothing. Answering wrongly
    "cached" would cost one read only: what is stored is decided by the response."""
    with translation.override(get_language_from_path(path_info)):
        try:
            match = resolve(path_info, urlconf)
        except Resolver404:
            return None
    view = match.func
    if getattr(view, "public_page", False):
        return PAGES
    return (getattr(view, "public_cache_policy", None)
            or getattr(getattr(view, "cls", None), "public_cache_policy", None)
            or getattr(getattr(view, "view_class", None), "public_cache_policy", None))


@receiver(setting_changed)
def _forget_paths(*, setting: str, **kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N"}:
        _policy_of.cache_clear()


def _eligible(request: HttpRequest) -> tuple[CachePolicy, str] | None:
    """The request's policy and key when it may be served from the cache."""
    if request.method != "GET":
        return None
    policy = _policy_of_path(getattr(request, "urlconf", None) or settings.ROOT_URLCONF,
                             request.path_info)
    if policy is None:
        return None
    key = policy.key(request)
    return None if key is None else (policy, key)


def _storable(response: HttpResponse) -> bool:
    return (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _validators(version: int, today: datetime.date, key: str) -> tuple[str, int]:
    etag = quote_etag(
        hashlib.sha256(f"{version}|{release()}|{today}|{key}".encode()).hexdigest()[:32]
    )
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    last_modified = max(version // 1_000_000_000, int(midnight.timestamp()))
    return etag, last_modified


def _not_modified(request: HttpRequest, etag: str, last_modified: int) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*"
    since_text = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if not since_text:
        return False
    since = parse_http_date_safe(since_text)
    return since is not None and last_modified <= since


def _validator_headers(etag: str, last_modified: int) -> list[tuple[str, str]]:
    return [("ETag", etag), ("Last-Modified", http_date(last_modified)),
            ("Cache-Control", "no-cache")]


def _mark(response: HttpResponse, etag: str, last_modified: int) -> HttpResponse:
    for name, value in _validator_headers(etag, last_modified):
        response[name] = value
    return response


class _CacheFailure(Exception):
    pass


def _guarded(operation, *args):
    """A cache read; a backend that raises (not the resilient one) means "render as usual",
    never an error page."""
    try:
        return operation(*args)
    except Exception as error:  # noqa: BLE001 - any cache backend's failure
        logger.warning("Cache unavailable for public pages (%s); rendering uncached.", error)
        raise _CacheFailure from error


class PublicPageCacheMiddleware:
    """Serve and store public pages (see the module). Sits right after WhiteNoise, so a
    cached page skips sessions, authentication, URL resolution and the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self._answer(request)
        finally:
            settle()  # after a change, the answer leaves once no process can serve older pages

    def _answer(self, request: HttpRequest) -> HttpResponse:
        eligible = _eligible(request) if enabled() else None
        if eligible is None:
            return self.get_response(request)
        try:
            return self._serve(request, *eligible)
        except _CacheFailure:
            return self.get_response(request)

    def _serve(self, request: HttpRequest, policy: CachePolicy, key: str) -> HttpResponse:
        today = timezone.localdate()
        cache_key = f"public:page:{release()}:{today.isoformat()}:{key}"
        # What the cache must be asked, in one round trip: the version unless this process
        # read it less than a lease ago, the page unless this process holds a copy of that
        # version, and a block of counts when the policy counts the request (a rate limit)
        # and this process has none left for the client. Often nothing at all.
        copy = LOCAL.get(cache_key)
        version = LEASE.current()
        keys = [] if version is not None else [VERSION_KEY]
        if copy is None or (version is not None and copy[0] != version):
            keys.append(cache_key)
        counter = policy.counter(request)
        counted = None if counter is None else ALLOWANCES.take(counter[0], counter[2])
        found = {}
        asked_at = time.monotonic()
        if counter is not None and counted is None:
            found, counted = _guarded(ALLOWANCES.claim, cache, keys, *counter)
        elif keys:
            found = _guarded(cache.get_many, keys)
        if counter is not None:
            # Counted once: the view's own rate limit reads this count.
            request.rate_counts = {counter[0]: counted}
        if version is None:
            version = found.get(VERSION_KEY)
            if version is None:
                version = _guarded(current_version)
            if version is None:  # the cache is unavailable: render as usual
                return self.get_response(request)
            LEASE.renew(version, asked_at)
        # The page is kept with the version it was rendered under, and served only while
        # that is still the version.
        if copy is not None and copy[0] == version:
            entry = copy
        else:
            if copy is not None:  # outdated: another process may have stored this version's
                LOCAL.drop(cache_key)
            entry = (found.get(cache_key) if cache_key in keys
                     else _guarded(cache.get, cache_key))
            if entry is not None and entry[0] == version:
                LOCAL.put(cache_key, entry)
        if entry is not None and entry[0] == version:
            refusal = policy.admit(request, counted)
            if refusal is not None:
                return refusal
            # Kept with the page: its validators (and their headers) were worked out once.
            _version, etag, last_modified, headers, content = entry
            if _not_modified(request, etag, last_modified):
                return _mark(HttpResponseNotModified(), etag, last_modified)
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            # Its length, as a rendered page has (CommonMiddleware's, inside this one): without
            # it the server sends the page in chunks.
            response["Content-Length"] = str(len(content))
            response.public_page_hit = True
            return response
        # The view may use the version read here (the API's validators): one read less, and
        # the same version as the answer is stored under.
        request.public_version = version
        response = self.get_response(request)
        if _storable(response):
            etag, last_modified = _validators(version, today, key)
            dropped = policy.dropped_headers(request)
            headers = [
                (name, value) for name, value in response.items()
                if name.lower() not in dropped
            ] + _validator_headers(etag, last_modified)
            if response.streaming:
                # A streamed download (open data): sent as it is written, kept once whole.
                response.streaming_content = _kept_when_whole(
                    response.streaming_content, cache_key, (version, etag, last_modified,
                                                            headers))
                return _mark(response, etag, last_modified)
            entry = (version, etag, last_modified, headers, response.content)
            if _store(cache_key, entry):
                LOCAL.put(cache_key, entry)
            _mark(response, etag, last_modified)
        return response


def _store(cache_key: str, entry: tuple) -> bool:
    try:
        cache.set(cache_key, entry, PAGE_TIMEOUT)
    except Exception:  # noqa: BLE001 - any cache backend's failure: just not stored
        logger.warning("Could not store a public page in the cache.", exc_info=True)
        return False
    return True


def _kept_when_whole(chunks, cache_key: str, head: tuple):
    """Yield the chunks of a streamed page as they come, spooled to a temporary file (not
    held in memory), and store the page once it has been sent whole: a visitor who hangs
    up stores nothing. Stored under the version read before rendering, as any page."""
    with tempfile.SpooledTemporaryFile(max_size=1 << 20) as spool:
        for chunk in chunks:
            chunk = bytes(chunk)
            spool.write(chunk)
            yield chunk
        spool.seek(0)
        _store(cache_key, (*head, spool.read()))
