from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from initiatives.selectors import public_initiatives
from portal.core.i18n import get_by_translated_slug, set_alternate
from portal.core.pagecache import public_page

from .models import Plan, PriorityArea, Strategy


@public_page
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.select_related("owner").annotate(area_count=Count("priority_areas"))
    return render(request, "priorities/plan_list.html", {"plans": plans})


@public_page
@require_GET
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Into lists (to_attr): no related manager and filtered queryset for each object.
    areas = PriorityArea.objects.prefetch_related(Prefetch("strategies", to_attr="strategy_list"))
    queryset = Plan.objects.select_related("owner").prefetch_related(
        Prefetch("priority_areas", queryset=areas, to_attr="area_list"),
        Prefetch("themes", to_attr="theme_list"),
        Prefetch("outcomes", to_attr="outcome_list"),
    )
    plan, redirect = get_by_translated_slug(queryset, slug)
    if redirect:
        return redirect
    set_alternate(request, plan)
    return render(request, "priorities/plan_detail.html", {"plan": plan})


@public_page
@require_GET
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = PriorityArea.objects.select_related("plan", "plan__owner")
    area, redirect = get_by_translated_slug(queryset, slug)
    if redirect:
        return redirect
    set_alternate(request, area)
    strategies = list(area.strategies.all())
    pillars = []
    for value, label in Strategy.Pillar.choices + [("", None)]:
        items = [s for s in strategies if s.pillar == value]
        if items:
            pillars.append({"label": label, "strategies": items})
    initiatives = public_initiatives().filter(priority_areas=area).order_by("title")
    return render(
        request,
        "priorities/area_detail.html",
        {
            "area": area,
            "plan": area.plan,
            "pillars": pillars,
            "themes": area.plan.themes.all(),
            "outcomes": area.plan.outcomes.all(),
            "initiatives": initiatives,
            "siblings": area.plan.priority_areas.exclude(pk=area.pk),
        },
    )
