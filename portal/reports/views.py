"""Reports: request one, follow it, download its files, try again. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.reports.models import ProgressReport

from . import permissions, selectors, services
from .forms import ReportRequestForm

# Signed in, and allowed to compile reports (else 403).
reports_view = permissions.view_requires(permissions.can_request_reports)


QUEUE_DOWN = gettext_lazy(
    "The report service is not available just now, so nothing was saved. "
    "Try again in a few minutes."
)


@require_http_methods(["GET", "POST"])
@reports_view
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if (form.cleaned_data["audience"] == ProgressReport.Audience.PUBLIC
                and not permissions.can_request_public_reports(request.user)):
            raise PermissionDenied
        try:
            report = services.report_request(
                by=request.user,
                scope=form.cleaned_data["scope"],
                subject=form.subject(),
                periods=form.periods(),
                language=form.cleaned_data["language"],
                formats=form.cleaned_data["formats"],
                audience=form.cleaned_data["audience"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.ReportQueueUnavailable:
            form.add_error(None, QUEUE_DOWN)
        else:
            # No message: the report's page says it is being compiled while it is.
            return redirect("reports:detail", pk=report.pk)
    return render(
        request, "reports/list.html",
        {"form": form, "reports": selectors.reports_listed(viewer=request.user)},
        status=400 if form.errors else 200,
    )


def _report(request: HttpRequest, pk: int) -> ProgressReport:
    return get_object_or_404(
        permissions.reports_for(request.user).select_related(
            "requested_by", "plan", "priority_area", "initiative", "organisation"
        ),
        pk=pk,
    )


@require_GET
@reports_view
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "files": report.files.all(),
            "periods": report.periods.order_by("start"),
            "step": services.STEPS.get(report.step, ""),
            "error": services.ERRORS.get(report.error_code, ""),
            **services.stalled(report),
        },
    )


@require_GET
@reports_view
def report_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    report = _report(request, pk)
    record = get_object_or_404(report.files, pk=file_pk)
    response = FileResponse(record.file.open("rb"), as_attachment=True, filename=record.name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@reports_view
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Try a failed report again, or recompile a ready one on today's data (a new version;
    the old one is kept)."""
    report = _report(request, pk)
    if not report.is_finished:
        messages.error(request, _("This report is still being compiled."))
        return redirect("reports:detail", pk=report.pk)
    try:
        new = services.report_recompile(report=report, by=request.user)
    except services.ReportQueueUnavailable:
        messages.error(request, QUEUE_DOWN)
        return redirect("reports:detail", pk=report.pk)
    return redirect("reports:detail", pk=new.pk)
