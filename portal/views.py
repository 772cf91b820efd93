from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import health
from portal.core.figures import public_figure
from portal.core.pagecache import public_page
from portal.services import key_figures_cached
from priorities.models import Plan


@public_page
@require_GET
def language_choice(request: HttpRequest) -> HttpResponse:
    """The bilingual front door at /: choose French or English."""
    return render(request, "portal/language_choice.html")


@public_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    plan = Plan.objects.select_related("owner").featured()
    areas = plan.priority_areas.all() if plan else []
    raw = key_figures_cached()
    figures = {
        "initiatives": raw["initiatives"],
        "partners": raw["partners"],
        "activities": public_figure(raw["activities"]),
        "participants": public_figure(raw["participants"]),
    }
    return render(
        request, "portal/home.html", {"plan": plan, "areas": areas, "figures": figures}
    )


@public_page
@require_GET
def about_figures(request: HttpRequest) -> HttpResponse:
    """How public figures are protected: suppression and rounding, in plain words."""
    return render(request, "portal/about_figures.html", {
        "threshold": settings.SUPPRESSION_THRESHOLD,
        "base": settings.PUBLIC_ROUNDING_BASE,
    })


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, results = health.run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
