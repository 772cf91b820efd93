"""The coordinator's review queue and reporting periods."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import history, permissions, selectors, services
from .forms import PeriodForm, ReturnForm
from .models import ProgressUpdate, ReportingPeriod

# Signed in, and a coordinator or administrator (else 403).
coordination_view = permissions.view_requires(permissions.can_review)


@require_GET
@coordination_view
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "coordination/review_queue.html",
                  selectors.review_queue(viewer=request.user))


def _review_context(request: HttpRequest, pk: int, return_form=None) -> dict:
    update = get_object_or_404(
        permissions.updates_for(request.user).select_related(
            "initiative__lead", "period", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )
    return {
        "update": update,
        "rows": selectors.review_rows(update),
        "history": history.update_history(update),
        "return_form": return_form or ReturnForm(),
        "reviewable": update.status == ProgressUpdate.Status.SUBMITTED,
    }


@require_GET
@coordination_view
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "coordination/review_detail.html", _review_context(request, pk))


@require_POST
@coordination_view
def review_approve(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(permissions.updates_for(request.user), pk=pk)
    try:
        services.update_approve(update=update, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coordination:review", pk=pk)
    messages.success(request, _("Update approved: its figures are now public."))
    return redirect("coordination:queue")


@require_POST
@coordination_view
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(permissions.updates_for(request.user), pk=pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.update_return(
                update=update, by=request.user, comment=form.cleaned_data["comment"],
                language=form.cleaned_data["language"] or None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error("comment", error.error_dict.get("comment"))
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Update returned to the partner with your comment."))
            return redirect("coordination:queue")
    return render(
        request,
        "coordination/review_detail.html",
        _review_context(request, pk, return_form=form),
        status=400,
    )


@require_http_methods(["GET", "POST"])
@coordination_view
def period_list(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Reporting period created."))
            return redirect("coordination:periods")
    periods = ReportingPeriod.objects.order_by("-start")
    return render(
        request, "coordination/period_list.html", {"periods": periods, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@coordination_view
def period_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock at once when nothing is outstanding; otherwise list what is (and what locking
    does to it) and lock only when that page is confirmed (``confirm=1``)."""
    period = get_object_or_404(ReportingPeriod, pk=pk)
    if not permissions.can_lock_period(request.user, period):
        raise PermissionDenied
    outstanding = selectors.period_outstanding(period=period, viewer=request.user)
    if outstanding and request.POST.get("confirm") != "1":
        return render(
            request,
            "coordination/period_lock_confirm.html",
            {"period": period, "outstanding": outstanding},
        )
    services.period_lock(period=period, by=request.user)
    if outstanding:
        messages.success(
            request,
            ngettext(
                "%(period)s is locked, with %(count)s update still outstanding.",
                "%(period)s is locked, with %(count)s updates still outstanding.",
                len(outstanding),
            ) % {"period": period.label, "count": len(outstanding)},
        )
    else:
        messages.success(request, _("%(period)s is locked.") % {"period": period.label})
    return redirect("coordination:periods")


@require_POST
@coordination_view
def period_open(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=pk)
    if not permissions.can_lock_period(request.user, period):
        raise PermissionDenied
    services.period_open(period=period, by=request.user)
    messages.success(request, _("%(period)s is open.") % {"period": period.label})
    return redirect("coordination:periods")


@require_GET
@coordination_view
def change_log(request: HttpRequest) -> HttpResponse:
    """Periods locked or reopened, and roles given, changed or removed: who, when, what."""
    return render(request, "coordination/change_log.html", {"history": history.change_log()})
