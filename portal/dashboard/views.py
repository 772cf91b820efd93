"""The coordinator's dashboard: authorise, read the filters, call the selectors, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from portal.core.spreadsheets import FORMATS

from . import exports, permissions, selectors
from .charts import chart_data, turn_the_curve
from .forms import DashboardFilterForm

PAGE_SIZE = 20


# Signed in, and allowed the dashboard (else 403).
dashboard_view = permissions.view_requires(permissions.can_view_dashboard)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@dashboard_view
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET)
    context = {"form": form, "query": _query_without_page(request)}
    if not form.is_valid():
        return render(request, "dashboard/dashboard.html", context, status=400)
    filters = form.filters()
    overview = selectors.dashboard_overview(viewer=request.user, filters=filters)
    page = Paginator(overview.initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        filters=filters,
        overview=overview,
        completeness=selectors.dashboard_completeness(
            viewer=request.user, filters=filters, overview=overview
        ),
        page_obj=page,
        summaries=selectors.dashboard_initiative_summaries(
            viewer=request.user, overview=overview, initiatives=list(page.object_list)
        ),
    )
    return render(request, "dashboard/dashboard.html", context)


TABLES = {
    "overview": lambda overview, completeness: exports.overview_table(overview),
    "indicators": lambda overview, completeness: exports.indicators_table(overview),
    "completeness-organisations": lambda overview, completeness: (
        exports.completeness_organisations_table(completeness)
    ),
    "completeness-periods": lambda overview, completeness: (
        exports.completeness_periods_table(completeness)
    ),
    "overdue": lambda overview, completeness: exports.overdue_table(completeness),
}


@require_GET
@dashboard_view
def dashboard_download(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in TABLES or fmt not in FORMATS:
        raise Http404
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "dashboard/dashboard.html", {"form": form}, status=400)
    filters = form.filters()
    # Only the overview's table shows the areas' figures: the others read the scope once,
    # the indicators' as rows (it shows each initiative's title and lead, nothing else).
    if table == "indicators":
        overview = selectors.dashboard_scope(viewer=request.user, filters=filters)
    else:
        overview = selectors.dashboard_overview(
            viewer=request.user, filters=filters, areas=table == "overview"
        )
    completeness = None
    if table.startswith("completeness") or table == "overdue":
        completeness = selectors.dashboard_completeness(
            viewer=request.user, filters=filters, overview=overview
        )
    name = exports.filename(table, timezone.localdate())
    if table == "indicators" and fmt == "csv":
        # Written as its rows are read (the same bytes as through the table).
        return exports.indicators_csv(overview, name)
    return FORMATS[fmt](TABLES[table](overview, completeness), name)


def _series(request: HttpRequest, pk: int):
    form = DashboardFilterForm(request.GET)
    filters = form.filters() if form.is_valid() else selectors.DashboardFilters(plan=None)
    series = selectors.dashboard_indicator(viewer=request.user, indicator_id=pk, filters=filters)
    if series is None:
        raise Http404
    return form, series


@require_GET
@dashboard_view
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    form, series = _series(request, pk)
    return render(
        request,
        "dashboard/indicator.html",
        {
            "series": series,
            "chart": turn_the_curve(chart_data(series), chart_id=f"chart-{pk}"),
            "query": _query_without_page(request),
        },
    )


@require_GET
@dashboard_view
def indicator_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _form, series = _series(request, pk)
    name = f"{slugify(str(series.indicator))[:60]}-{timezone.localdate().isoformat()}"
    return FORMATS[fmt](exports.series_table(series), name)
