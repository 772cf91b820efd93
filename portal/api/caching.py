"""The public API's answers from the public page cache (``portal.core.pagecache``): the same
cache, the same public version, the same never-stale rule as the public pages, so an
approval changes the API's figures on the very next request.

* **What is cached**: a ``GET`` of a public API view (``PublicAPIMixin``) without credentials
  (no ``Authorization`` header: a partner's token request never reads nor fills it) that
  answered 200.
* **The key** (:func:`answer_key`) is also the one of the answer's ``ETag``: the language of
  the answer (``?lang=``, else ``Accept-Language``, else French), the scheme and host (the
  answer's ``next``/``previous`` links carry them), the path and the query string normalised
  (its parameters sorted), so ``?a=1&b=2`` and ``?b=2&a=1`` share one answer and one ETag.
  The cache adds the release and the day, and keeps the answer with the version it was
  rendered under.
* **The rate limit** still counts every request: the cache counts it on the client's counter
  (``throttling.py``), from the block of counts this process claimed for the client
  (``portal.core.cache.Allowances``: a claim is made in the same round trip as the other
  reads, and counts are claimed before they are used, so the limit is never exceeded), and
  serves a cached answer only within the limit; beyond it, the same ``429`` with
  ``Retry-After``, in the answer's language, as the views give. A request not answered from
  the cache is not counted again by the view.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from rest_framework import exceptions

from portal.core import pagecache

from .language import requested_language
from .throttling import ClientRateThrottle


def answer_key(request: HttpRequest) -> str | None:
    """The key of a public answer and of its ETag (see the module); None for an unknown
    ``?lang=`` (answered with an error)."""
    language, unknown = requested_language(request)
    if unknown is not None:
        return None
    query = request.META.get("QUERY_STRING", "")
    if query:
        query = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
    return f"api:{language}:{request.scheme}://{request.get_host()}{request.path}?{query}"


def throttled(request: HttpRequest, wait: float | None) -> HttpResponse:
    """The rate limit's answer, as the views give it (``errors.exception_handler``)."""
    language, _unknown = requested_language(request)
    with translation.override(language):
        error = exceptions.Throttled(wait)
        response = JsonResponse({"detail": str(error.detail), "code": error.detail.code},
                                status=error.status_code)
    if error.wait is not None:
        response["Retry-After"] = f"{error.wait:d}"
    response["Content-Language"] = language
    response["Vary"] = "Accept-Language"
    return response


class ApiCachePolicy(pagecache.CachePolicy):
    """The public API's rule for the page cache (see the module)."""

    def key(self, request: HttpRequest) -> str | None:
        if "HTTP_AUTHORIZATION" in request.META:  # a token: the partner's answer, never cached
            return None
        return answer_key(request)

    def counter(self, request: HttpRequest) -> tuple[str, int, int] | None:
        # The same throttle decides in admit() (one per request: its rate parsed once).
        request.api_throttle = ClientRateThrottle()
        return request.api_throttle.counter(request)

    def admit(self, request: HttpRequest,
              counted: tuple[int, float] | None) -> HttpResponse | None:
        throttle = getattr(request, "api_throttle", None) or ClientRateThrottle()
        if throttle.decide(counted):
            return None
        return throttled(request, throttle.wait())

    def dropped_headers(self, request: HttpRequest) -> set[str]:
        return pagecache._DROPPED_HEADERS


POLICY = ApiCachePolicy()
