"""A sign of life from a long job, so that a job whose worker died is seen at once.

A report's PDF or an import's write can take minutes in one step (one library call, one
transaction), so the job cannot say it is alive between steps. :func:`beating` runs
``touch`` (which writes the job's ``heartbeat_at``) every ``JOB_HEARTBEAT_SECONDS`` from a
thread of its own, with its own database connection, outside the job's transaction, for
as long as the job runs in a worker. A worker killed with SIGKILL stops beating with it:
the job's page says so within ``JOB_HEARTBEAT_LATE_SECONDS``, and the sweep requeues it.

In-process jobs (``make run``, tests: ``CELERY_TASK_ALWAYS_EAGER``) need none: they die
with the web process that shows them.

The ground floor: imports no app of the project.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger("portal.core.heartbeat")


@contextlib.contextmanager
def beating(touch: Callable[[], None]) -> Iterator[None]:
    every = settings.JOB_HEARTBEAT_SECONDS
    if every <= 0 or settings.CELERY_TASK_ALWAYS_EAGER:
        yield
        return
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    touch()
                except Exception as error:  # noqa: BLE001 - a missed beat, not a failure
                    logger.warning("heartbeat not written: %r", error)
        finally:
            connection.close()  # this thread's own

    thread = threading.Thread(target=run, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)


def is_late(last_sign: datetime.datetime | None, *, now: datetime.datetime | None = None
            ) -> bool:
    """Whether a running job's last sign of life is older than a healthy job lets it be."""
    if last_sign is None:
        return False
    now = now or timezone.now()
    return (now - last_sign).total_seconds() > settings.JOB_HEARTBEAT_LATE_SECONDS
