"""Celery tasks of the activity import: each takes an id and calls a service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from portal.core.heartbeat import beating
from portal.core.queue import publish

from .imports import services
from .imports.reader import FileRejected
from .models import ActivityImport

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300, ignore_result=True,
             reject_on_worker_lost=True)
def check_activity_import(import_id: int) -> str:
    """Step 1 of a large import: the dry run, with its progress shown."""
    job = services.import_take(import_id=import_id, status=ActivityImport.Status.CHECKING)
    if job is None:
        return "skipped"
    try:
        with beating(lambda: services.import_beat(job=job)):
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
    A second delivery finds the import taken (its heartbeat fresh) or no longer "importing"
    and does nothing; one after a dead worker takes it over (nothing of it was written)."""
    job = services.import_take(import_id=import_id, status=ActivityImport.Status.IMPORTING)
    if job is None:
        return "skipped"
    try:
        with beating(lambda: services.import_beat(job=job)):
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
def sweep_stale_imports() -> dict[str, list[int]]:
    """Beat, every minute: imports whose worker died are sent again once, then failed."""
    return services.imports_sweep(enqueue=_send_again)


def _send_again(job: ActivityImport) -> None:
    task = (check_activity_import if job.status == ActivityImport.Status.CHECKING
            else write_activity_import)
    publish(task, (job.pk,))


@shared_task(soft_time_limit=60, time_limit=90)
def purge_expired_imports() -> int:
    """Beat: the files of imports never confirmed are deleted once expired."""
    return services.purge_expired()
