"""Celery tasks of the activity import: each takes an id and calls a service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .imports import services
from .imports.reader import FileRejected
from .models import ActivityImport

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300, ignore_result=True,
             reject_on_worker_lost=True)
def check_activity_import(import_id: int) -> str:
    """Step 1 of a large import: the dry run, with its progress shown."""
    job = ActivityImport.objects.filter(
        pk=import_id, status=ActivityImport.Status.CHECKING, content__isnull=False
    ).first()
    if job is None:
        return "skipped"
    try:
        services.import_check(job=job)
    except FileRejected as rejected:
        services.import_fail(job=job, code=rejected.code)
        return "failed"
    except SoftTimeLimitExceeded:
        services.import_fail(job=job, code="timeout")
        return "failed"
    except Exception:
        logger.exception("activity import %s: check failed", import_id)
        services.import_fail(job=job, code="unexpected")
        return "failed"
    return "checked"


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300, ignore_result=True,
             reject_on_worker_lost=True)
def write_activity_import(import_id: int) -> str:
    """Step 2 of a large import: every row in one transaction, with its progress shown.
    A second delivery finds the import no longer "importing" and does nothing."""
    job = ActivityImport.objects.filter(
        pk=import_id, status=ActivityImport.Status.IMPORTING
    ).first()
    if job is None:
        return "skipped"
    try:
        job = services.import_write(job=job)
    except SoftTimeLimitExceeded:
        services.import_fail(job=job, code="timeout")
        return "failed"
    except Exception:
        logger.exception("activity import %s: write failed", import_id)
        services.import_fail(job=job, code="unexpected")
        return "failed"
    return job.status


@shared_task(soft_time_limit=60, time_limit=90)
def purge_expired_imports() -> int:
    """Beat: the files of imports never confirmed are deleted once expired."""
    return services.purge_expired()
