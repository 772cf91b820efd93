"""The open-data page and its downloads: public pages, cached and never stale
(``portal.core.pagecache``: a data change bumps the public version; a filtered download, with a
query string, is rendered each time and never stored)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.core.figures import rounding_base, suppression_marker, threshold
from portal.core.pagecache import public_page

from . import selectors, writers
from .datasets import DATASETS, suppression_note

FORMATS = ("csv", "json")


@public_page
@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/open_data.html", {
        "datasets": DATASETS.values(),
        "formats": FORMATS,
        "marker": suppression_marker(),
        "threshold": threshold(),
        "base": rounding_base(),
        "note": suppression_note(),
    })


@public_page
@require_GET
def open_data_download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    definition = DATASETS.get(dataset)
    if definition is None or fmt not in FORMATS:
        raise Http404
    filters: dict[str, object] = {}
    filename = definition.key
    kwargs = {}
    key = request.GET.get("initiative", "").strip()
    if definition.filter_by_initiative and key:
        initiative = selectors.public_initiative(key)
        if initiative is None:
            raise Http404
        kwargs["initiative"] = initiative
        filters["initiative_id"] = initiative.pk
        filename = f"{definition.key}-initiative-{initiative.pk}"
    rows = selectors.READERS[definition.key](**kwargs)
    if fmt == "csv":
        return writers.to_csv(definition, rows, filename)
    return writers.to_json(definition, rows, filename,
                           generated_at=selectors.generated_at(), filters=filters)
