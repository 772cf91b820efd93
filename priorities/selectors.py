"""Reads of the public plans and priority areas (nothing here depends on who asks)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from .models import Plan, PriorityArea, Strategy


def plans() -> QuerySet[Plan]:
    """Every plan with its owner and its number of priority areas."""
    return Plan.objects.select_related("owner").annotate(area_count=Count("priority_areas"))


def plans_for_page() -> QuerySet[Plan]:
    """Plans with what their page lists, in lists (``to_attr``): their priority areas (each
    with its strategies), themes and outcomes."""
    areas = PriorityArea.objects.prefetch_related(Prefetch("strategies", to_attr="strategy_list"))
    return Plan.objects.select_related("owner").prefetch_related(
        Prefetch("priority_areas", queryset=areas, to_attr="area_list"),
        Prefetch("themes", to_attr="theme_list"),
        Prefetch("outcomes", to_attr="outcome_list"),
    )


def areas_for_page() -> QuerySet[PriorityArea]:
    return PriorityArea.objects.select_related("plan", "plan__owner")


def area_page(area: PriorityArea) -> dict:
    """What a priority area's page shows besides its initiatives (the page's template asks
    the initiatives app for those): its strategies by pillar, its plan's themes and
    outcomes, and the plan's other areas."""
    strategies = list(area.strategies.all())
    pillars = []
    for value, label in Strategy.Pillar.choices + [("", None)]:
        items = [s for s in strategies if s.pillar == value]
        if items:
            pillars.append({"label": label, "strategies": items})
    return {
        "area": area,
        "plan": area.plan,
        "pillars": pillars,
        "themes": area.plan.themes.all(),
        "outcomes": area.plan.outcomes.all(),
        "siblings": area.plan.priority_areas.exclude(pk=area.pk),
    }
