"""Rate limits of the API, counted in the default cache (Redis in production, shared by every
web process).

* **Per client address** (:class:`ClientRateThrottle`, every request of the API, answers from
  the cache included: ``portal/api/caching.py``):
  ``settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]`` (``API_RATE``). Behind a
  proxy, ``REMOTE_ADDR`` must be the client's (DRF trusts ``X-Forwarded-For`` only with
  ``NUM_PROXIES`` set).
* **Per partner token** (:class:`TokenRateThrottle`, the partner API, in addition):
  ``DEFAULT_THROTTLE_RATES["token"]`` (``API_TOKEN_RATE``), whichever address the token comes
  from (a token copied into several scripts, or leaked, shares one limit); beyond it,
  ``429`` with ``Retry-After`` and a message saying it is the token's limit (code
  ``token_throttled``), in the answer's language.

Each limit is a window that opens at the client's first request and lasts the rate's period
(a minute for ``120/minute``): at most that many requests in it; beyond, ``429`` with
``Retry-After``: the seconds until the window ends. One atomic counter per client and window
(``portal.core.cache.count``: Redis's ``INCRBY``, concurrent requests never lost), where
Django REST framework's own throttle rewrites the list of every request's time on each
request (its cost grows with the rate, and concurrent requests overwrite each other's).
Answers from the page cache count from blocks each web process claims on that counter
(``portal.core.cache.Allowances``): never more than the limit.
"""

from __future__ import annotations

from django.core.cache import caches
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle

from portal.core.cache import count


class WindowRateThrottle(SimpleRateThrottle):
    """A counter per client and window (see the module); the rate as DRF's
    (``THROTTLE_RATES[scope]``, "N/second|minute|hour|day").

    A request already counted before the view (the page cache counts a request from its
    process's block of the client's counts: ``portal/api/caching.py``) is not counted
    again: its count is in ``request.rate_counts``."""

    left: float | None = None

    def counter(self, request, view=None) -> tuple[str, int, int] | None:
        """The key, window (seconds) and limit of the counter this request counts on; None
        when there is no limit."""
        if self.rate is None:
            return None
        key = self.get_cache_key(request, view)
        return None if key is None else (key, self.duration, self.num_requests)

    def decide(self, counted: tuple[int, float] | None) -> bool:
        """Whether a request whose count is ``counted`` is allowed."""
        if counted is None:  # the cache is unavailable: no limit rather than no API
            return True
        number, self.left = counted
        return number <= self.num_requests

    def allow_request(self, request, view) -> bool:
        counter = self.counter(request, view)
        if counter is None:
            return True
        counted = getattr(request, "rate_counts", {}).get(counter[0])
        if counted is None:
            counted = count(caches["default"], *counter)
        return self.decide(counted)

    def wait(self) -> float | None:
        return self.left


class ClientRateThrottle(WindowRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(WindowRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}

    def allow_request(self, request, view) -> bool:
        if super().allow_request(request, view):
            return True
        # Its own message: the token's limit, not the address's.
        raise exceptions.Throttled(
            self.wait(), detail=_("Too many requests with this API token."),
            code="token_throttled")
