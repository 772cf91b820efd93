from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.core.i18n import get_by_translated_slug, set_alternate
from portal.core.pagecache import public_page

from . import selectors

PAGE_SIZE = 25


@public_page
@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = selectors.public_initiatives().prefetch_related(
        Prefetch("priority_areas", to_attr="area_list")
    )
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "initiatives/initiative_list.html", {"initiatives": page, "page_obj": page}
    )


@public_page
@require_GET
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative, redirect = get_by_translated_slug(
        selectors.initiative_public_detail_queryset(), slug
    )
    if redirect:
        return redirect
    set_alternate(request, initiative)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "progress": selectors.approved_progress(initiative),
            "last_update": selectors.last_approved_update(initiative),
        },
    )
