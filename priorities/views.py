from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.core.i18n import get_by_translated_slug, set_alternate
from portal.core.pagecache import public_page

from . import selectors


@public_page
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "priorities/plan_list.html", {"plans": selectors.plans()})


@public_page
@require_GET
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan, redirect = get_by_translated_slug(selectors.plans_for_page(), slug)
    if redirect:
        return redirect
    set_alternate(request, plan)
    return render(request, "priorities/plan_detail.html", {"plan": plan})


@public_page
@require_GET
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area, redirect = get_by_translated_slug(selectors.areas_for_page(), slug)
    if redirect:
        return redirect
    set_alternate(request, area)
    return render(request, "priorities/area_detail.html", selectors.area_page(area))
