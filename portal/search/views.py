from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.core.pagecache import public_page

from . import selectors


@public_page
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    """Search results; a search too long is refused with a message, never cut silently."""
    query = request.GET.get("q", "")
    error = ""
    hits: list[selectors.Hit] = []
    if len(query) > selectors.MAX_QUERY_LENGTH:
        error = _("Your search is too long: %(max)s characters at most.") % {
            "max": selectors.MAX_QUERY_LENGTH}
    else:
        hits = selectors.search(query)
    return render(request, "search/results.html", {
        "query": query.strip(), "hits": hits, "error": error,
    }, status=400 if error else 200)
