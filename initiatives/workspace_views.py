"""The partner workspace: home, activities, progress updates.

Every view: sign-in required, then ``permissions`` decides; objects come from querysets
scoped to the user (another organisation's object is a 404); writes are POST only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partners import services as partner_services
from partners.forms import PreferencesForm
from partners.middleware import idle_timeout
from partners.services import sign_out_everywhere as end_sessions

from . import history, permissions, selectors, services
from .forms import ActivityFilterForm, ActivityForm, UpdateForm, add_errors
from .models import Activity, ProgressUpdate, ReportingPeriod

PAGE_SIZE = 25


# Signed in, and a partner or coordinator (else 403).
workspace_view = permissions.view_requires(permissions.can_use_workspace)


# --- Home ----------------------------------------------------------------------------------


@require_GET
@workspace_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/home.html",
                  selectors.workspace_home(viewer=request.user, page=request.GET.get("page")))


@require_http_methods(["GET", "POST"])
@workspace_view
def preferences(request: HttpRequest) -> HttpResponse:
    """Name and preferred language (of the workspace and of every email)."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = partner_services.preferences_update(user=request.user, **form.cleaned_data)
        with translation.override(user.preferred_language):
            messages.success(request, _("Your preferences are saved."))
            return redirect(reverse("workspace:home"))
    return render(request, "workspace/preferences.html", {
        "form": form, "idle_minutes": idle_timeout(request.user) // 60,
    })


@require_POST
@workspace_view
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this person, this one included (a lost phone, a shared
    computer): they sign in again where they need to."""
    from django.contrib.auth import logout

    language = request.user.preferred_language
    end_sessions(user=request.user)
    logout(request)
    with translation.override(language):
        messages.success(request, _("You are signed out on every device."))
        return redirect(reverse("account_login"))


# --- Activities ----------------------------------------------------------------------------


@require_GET
@workspace_view
def activity_list(request: HttpRequest) -> HttpResponse:
    filters = ActivityFilterForm(request.GET or None, user=request.user)
    activities = filters.filter(
        permissions.activities_for(request.user).select_related("initiative", "organisation")
    ).order_by("-date", "-pk")
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workspace/activity_list.html",
        {"filters": filters, "page": page, "query": query.urlencode(),
         "locked": selectors.activity_locks(list(page.object_list))},
    )


@require_http_methods(["GET", "POST"])
@workspace_view
def activity_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if initiative_pk := request.GET.get("initiative"):
        initial["initiative"] = initiative_pk
    form = ActivityForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        initiative = form.cleaned_data["initiative"]
        if not permissions.can_log_activity(request.user, initiative):
            raise PermissionDenied
        try:
            activity = services.activity_create(
                by=request.user,
                organisation_id=permissions.delivering_organisation(request.user, initiative).pk,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("workspace:activity", pk=activity.pk)
    return render(request, "workspace/activity_form.html", {"form": form})


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(
        permissions.activities_for(request.user).select_related(
            "initiative", "organisation", "logged_by"
        ),
        pk=pk,
    )


@require_GET
@workspace_view
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    lock = selectors.activity_lock(activity)
    return render(
        request,
        "workspace/activity_detail.html",
        {
            "activity": activity,
            "lock": lock,
            "can_edit": permissions.can_edit_activity(request.user, activity) and not lock,
            "history": history.activity_history(activity)
            if permissions.can_view_history(request.user, activity)
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@workspace_view
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    if not permissions.can_edit_activity(request.user, activity):
        raise PermissionDenied
    if request.method == "GET" and (lock := selectors.activity_lock(activity)):
        messages.error(request, lock)
        return redirect("workspace:activity", pk=activity.pk)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not permissions.can_log_activity(request.user, form.cleaned_data["initiative"]):
            raise PermissionDenied
        try:
            services.activity_update(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("workspace:activity", pk=activity.pk)
    return render(request, "workspace/activity_form.html", {"form": form, "activity": activity})


@require_http_methods(["GET", "POST"])
@workspace_view
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    if not permissions.can_delete_activity(request.user, activity):
        raise PermissionDenied
    if request.method == "GET" and (lock := selectors.activity_lock(activity)):
        messages.error(request, lock)
        return redirect("workspace:activity", pk=activity.pk)
    error = None
    if request.method == "POST":
        try:
            services.activity_delete(activity=activity, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Activity deleted."))
            return redirect("workspace:activities")
    return render(
        request,
        "workspace/activity_confirm_delete.html",
        {"activity": activity, "error": error},
        status=400 if error else 200,
    )


# --- Progress updates ----------------------------------------------------------------------


def _update_context(request: HttpRequest, initiative_pk: int, period_pk: int) -> dict:
    initiative = get_object_or_404(
        permissions.initiatives_for(request.user).select_related("lead"), pk=initiative_pk
    )
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    update = (
        ProgressUpdate.objects.filter(initiative=initiative, period=period)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related("values__indicator")
        .first()
    )
    user = request.user
    editable_status = update is None or update.status in services.EDITABLE_STATUSES
    return {
        "initiative": initiative,
        "period": period,
        "update": update,
        "can_edit": permissions.can_edit_update(user, initiative),
        "can_submit": permissions.can_submit_update(user, initiative),
        "editable": editable_status and not period.is_locked,
        "show_reason": permissions.can_view_withheld_reason(user, initiative),
        "derived": selectors.derived_for_period(initiative, period),
        "history": history.update_history(update)
        if update and permissions.can_view_history(user, update)
        else None,
    }


@require_http_methods(["GET", "POST"])
@workspace_view
def update_edit(request: HttpRequest, initiative_pk: int, period_pk: int) -> HttpResponse:
    context = _update_context(request, initiative_pk, period_pk)
    if request.method == "POST" and not context["can_edit"]:
        raise PermissionDenied
    form = UpdateForm(
        request.POST or None, initiative=context["initiative"], update=context["update"]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_save_draft(
                initiative=context["initiative"],
                period=context["period"],
                by=request.user,
                narrative=form.narrative(),
                values=form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(
                "workspace:update", initiative_pk=initiative_pk, period_pk=period_pk
            )
    context["form"] = form
    return render(request, "workspace/update_form.html", context, status=400 if form.errors
                  else 200)


@require_POST
@workspace_view
def update_submit(request: HttpRequest, initiative_pk: int, period_pk: int) -> HttpResponse:
    """Save what the form holds, then submit it for review (a lead's or coordinator's act)."""
    context = _update_context(request, initiative_pk, period_pk)
    if not context["can_submit"]:
        raise PermissionDenied
    form = UpdateForm(request.POST, initiative=context["initiative"], update=context["update"])
    if form.is_valid():
        form.require_every_value()
    if form.is_valid():
        try:
            update = services.update_save_draft(
                initiative=context["initiative"],
                period=context["period"],
                by=request.user,
                narrative=form.narrative(),
                values=form.values(),
            )
            services.update_submit(update=update, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Update submitted for review."))
            return redirect(
                "workspace:update", initiative_pk=initiative_pk, period_pk=period_pk
            )
    context = _update_context(request, initiative_pk, period_pk)
    context["form"] = form
    return render(request, "workspace/update_form.html", context, status=400)
