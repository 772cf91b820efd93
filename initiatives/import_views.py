"""The workspace's spreadsheet import and export of activities.

Import in two steps: upload (the file is checked, nothing is written, the preview shows
each row as new or in error), then confirm (every row written, or none). The import's
token is looked up with its owner only: another person's token is a 404.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.core.queue import publish

from . import permissions
from .forms import ActivityFilterForm, ActivityImportForm
from .imports import columns, services, sheets
from .imports.reader import FileRejected
from .models import ActivityImport
from .tasks import check_activity_import, write_activity_import

logger = logging.getLogger(__name__)

workspace_view = permissions.view_requires(permissions.can_use_workspace)
PREVIEW_PAGE_SIZE = 100
FAILURES = {
    "timeout": lambda: _("The file took too long to process. Split it into smaller files."),
    "worker_lost": lambda: _(
        "The worker processing the file stopped twice before it finished; nothing was "
        "imported. Upload it again in a few minutes."
    ),
    "unexpected": lambda: _(
        "Something went wrong on our side while processing the file; nothing was imported. "
        "Upload it again, and if it fails again, tell the coordinator."
    ),
}


def _run_in_background(task, job: ActivityImport) -> None:
    """Hand a large import's step to the worker. Without a broker (``make run``) it runs
    in a background thread of this process; with the broker down, right here, in the
    request (slower, but nothing is lost)."""
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.REPORTS_IN_BACKGROUND:
        import threading

        from django.db import connections

        def run() -> None:
            try:
                task.apply((job.pk,))
            finally:
                connections.close_all()

        threading.Thread(target=run, name=f"import-{job.pk}", daemon=True).start()
        return
    try:
        publish(task, (job.pk,))
    except Exception:  # noqa: BLE001 - the broker is down: do the work now instead
        logger.warning("activity import %s: broker unavailable, running in the request",
                       job.pk)
        task.apply((job.pk,))


@require_http_methods(["GET", "POST"])
@workspace_view
def activity_import(request: HttpRequest) -> HttpResponse:
    form = ActivityImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > settings.IMPORT_MAX_BYTES:
                    raise FileRejected("too_large", size=upload.size,
                                       limit=settings.IMPORT_MAX_BYTES)
                job = services.import_start(
                    by=request.user, file_name=upload.name, data=upload.read()
                )
            except FileRejected as rejected:
                form.add_error("file", rejected.message)
            else:
                if job.status == ActivityImport.Status.CHECKING:
                    _run_in_background(check_activity_import, job)
                return redirect("workspace:import", token=job.token)
    return render(request, "workspace/import_start.html", {
        "form": form,
        "columns": columns.COLUMNS,
        "choices": [(columns.BY_KEY[k].label, c.labels) for k, c in columns.CHOICES.items()],
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_bytes": settings.IMPORT_MAX_BYTES,
    }, status=status)


def _job(request: HttpRequest, token) -> ActivityImport:
    return get_object_or_404(ActivityImport, token=token, owner=request.user)


def _expired(request: HttpRequest, job: ActivityImport, *, delete: bool) -> HttpResponse:
    """An import past its expiry: its file is deleted when the person acts on it (a GET
    changes nothing; the beat task purges the rest)."""
    if delete and job.status != ActivityImport.Status.IMPORTED:
        services.import_cancel(job=job)
    return render(request, "workspace/import_expired.html", status=410)


@require_GET
@workspace_view
def activity_import_detail(request: HttpRequest, token) -> HttpResponse:
    job = _job(request, token)
    finished = job.status not in (ActivityImport.Status.CHECKING,
                                  ActivityImport.Status.IMPORTING)
    if finished and job.status != ActivityImport.Status.IMPORTED and services.is_expired(job):
        return _expired(request, job, delete=False)
    language = request.LANGUAGE_CODE
    preview = job.preview or {}
    errors = [
        {**e, "label": columns.BY_KEY[e["column"]].label if e["column"] else ""}
        for e in (preview.get("errors") or {}).get(language) or []
    ]
    keys = preview.get("columns", [])
    error_rows = set(preview.get("error_rows", []))
    only_errors = request.GET.get("show") == "errors"
    rows = [r for r in preview.get("rows", []) if not only_errors or r[0] in error_rows]
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workspace/import_detail.html", {
        "job": job,
        "finished": finished,
        "progress": services.progress_of(job) if not finished else 100,
        "errors": errors,
        "headers": [columns.BY_KEY[k].label for k in keys],
        "page": page,
        "error_rows": error_rows,
        "only_errors": only_errors,
        "query": urlencode({"show": "errors"}) if only_errors else "",
        "failure": FAILURES.get(job.failure, FAILURES["unexpected"])() if job.failure else "",
        "can_confirm": job.status == ActivityImport.Status.CHECKED and job.error_count == 0,
        "new_count": job.row_count - job.error_count,
        **(services.stalled(job) if not finished else {"stalled": False}),
    })


@require_POST
@workspace_view
def activity_import_confirm(request: HttpRequest, token) -> HttpResponse:
    job = _job(request, token)
    if job.status == ActivityImport.Status.IMPORTED:
        messages.error(request, _("This file is already imported: it cannot be imported twice."))
        return redirect("workspace:import", token=job.token)
    if services.is_expired(job):
        return _expired(request, job, delete=True)
    if not services.import_claim(job=job):
        messages.error(request, _(
            "This file cannot be imported until every row in error is corrected: fix the "
            "rows in your spreadsheet and upload it again."
        ))
        return redirect("workspace:import", token=job.token)
    if services.is_large(job):
        _run_in_background(write_activity_import, job)
        return redirect("workspace:import", token=job.token)
    try:
        job = services.import_write(job=job)
    except Exception:
        logger.exception("activity import %s: write failed", job.pk)
        services.import_fail(job=job, code="unexpected")
        raise
    if job.status == ActivityImport.Status.IMPORTED:
        messages.success(request, ngettext(
            "%(count)s activity imported from %(file)s.",
            "%(count)s activities imported from %(file)s.",
            job.imported_count,
        ) % {"count": job.imported_count, "file": job.file_name})
        return redirect(reverse("workspace:activities"))
    messages.error(request, _(
        "Nothing was imported: some rows are no longer valid (a period may have been locked "
        "since the check). The rows in error are listed below."
    ))
    return redirect("workspace:import", token=job.token)


@require_POST
@workspace_view
def activity_import_cancel(request: HttpRequest, token) -> HttpResponse:
    job = _job(request, token)
    if not services.import_cancel(job=job):
        messages.error(request, _(
            "The activities are being written at this moment, so the import cannot be "
            "cancelled: it ends in a moment, and this page says how."))
        return redirect("workspace:import", token=job.token)
    messages.success(request, _("The import is cancelled and the file deleted."))
    return redirect("workspace:import_start")


@require_GET
@workspace_view
def activity_import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "csv":
        return sheets.template_csv()
    if fmt == "xlsx":
        return sheets.template_xlsx(
            permissions.initiatives_for(request.user).only("title_fr", "title_en")
            .order_by("title")
        )
    raise Http404


@require_GET
@workspace_view
def activity_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The activity list with its filters, as CSV or XLSX, scoped to what the person sees."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = ActivityFilterForm(request.GET or None, user=request.user)
    activities = filters.filter(permissions.activities_for(request.user))
    filename = f"{slugify(_('activities'))}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        return sheets.export_csv(activities, filename)
    return sheets.export_xlsx(activities, filename)
