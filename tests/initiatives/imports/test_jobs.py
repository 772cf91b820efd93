"""A large activity import against the real services: the check and the write run in a real
Celery worker on real Redis, sharing the PostgreSQL test database with the test process,
and the page follows their progress."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from initiatives import import_views
from initiatives.models import Activity, ActivityImport
from initiatives.tasks import check_activity_import, write_activity_import
from tests import factories
from tests.portal.reports.test_jobs import real_workers  # noqa: F401 - the fixture
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.services

ROWS = 3000
# Enough that the write (every row checked again, then written) outlasts the kill.
KILLED_ROWS = 15000


def wait_for_status(job: ActivityImport, wanted: str, worker, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while ActivityImport.objects.get(pk=job.pk).status != wanted:
        if time.monotonic() > deadline:
            pytest.fail(f"import never reached {wanted!r}\n{worker.log()}")
        time.sleep(0.2)


def partner_with_rows(count: int) -> tuple:
    """A partner's initiative, a client signed in as its staff, and ``count`` rows for it."""
    membership = factories.MembershipFactory(role="staff")
    initiative = factories.InitiativeFactory(
        lead=membership.organisation, title_en="Walks", start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31))
    rows = [["Date", "Initiative", "Kind", "Title", "Participants", "Audience",
             "Language of delivery"]] + [
        [f"2021-{1 + n % 12:02d}-{1 + n % 28:02d}", "Walks", "Outreach event",
         f"Walk {n}", n % 40, "General public", "Bilingual"] for n in range(count)]
    client = Client()
    client.force_login(membership.user)
    return initiative, client, rows


def test_a_large_import_is_checked_and_written_by_a_real_worker(real_workers, settings,  # noqa: F811
                                                                monkeypatch):
    start, _enqueue = real_workers
    settings.IMPORT_INLINE_ROWS = 100
    worker = start()
    monkeypatch.setattr(import_views, "_run_in_background",
                        lambda task, job: task.apply_async((job.pk,), queue=worker.queue,
                                                           retry=False))
    initiative, client, rows = partner_with_rows(ROWS)
    with translation.override("en"):
        response = client.post(reverse("workspace:import_start"), {
            "file": SimpleUploadedFile("year.csv", csv_bytes(rows))})
        job = ActivityImport.objects.get()
        assert response["Location"] == reverse("workspace:import", args=[job.token])
        wait_for_status(job, "checked", worker)
        page = client.get(response["Location"]).content.decode()
        assert f"{ROWS} rows checked" in page and "0 rows in error" in page
        client.post(reverse("workspace:import_confirm", args=[job.token]))
        wait_for_status(job, "imported", worker)
    assert Activity.objects.filter(initiative=initiative).count() == ROWS
    reasons = set(Activity.history.values_list("history_change_reason", flat=True))
    assert reasons == {"import:year.csv"}
    job.refresh_from_db()
    assert job.content is None and job.imported_count == ROWS
    log = worker.log()
    assert check_activity_import.name in log and write_activity_import.name in log


@pytest.fixture
def quick_heartbeat(monkeypatch):
    """Workers started after this beat twice a second (their environment is read when the
    real_workers fixture starts, after this one)."""
    monkeypatch.setenv("JOB_HEARTBEAT_SECONDS", "0.5")


def test_a_worker_killed_during_the_write_is_said_sent_again_and_writes_once(
    quick_heartbeat, real_workers, settings, monkeypatch  # noqa: F811
):
    from initiatives.imports import services

    start, _enqueue = real_workers
    settings.IMPORT_INLINE_ROWS = 100
    settings.JOB_HEARTBEAT_LATE_SECONDS = 3
    settings.IMPORT_HEARTBEAT_STALE_SECONDS = 5
    worker = start()
    queue = worker.queue

    def send(task, job):
        task.apply_async((job.pk,), queue=queue, retry=False)

    monkeypatch.setattr(import_views, "_run_in_background", send)
    initiative, client, rows = partner_with_rows(KILLED_ROWS)
    with translation.override("en"):
        client.post(reverse("workspace:import_start"), {
            "file": SimpleUploadedFile("year.csv", csv_bytes(rows))})
        job = ActivityImport.objects.get()
        page_url = reverse("workspace:import", args=[job.token])
        wait_for_status(job, "checked", worker)
        client.post(reverse("workspace:import_confirm", args=[job.token]))
        # The worker takes the write (its heartbeat set), then is killed in the middle.
        deadline = time.monotonic() + 60
        while ActivityImport.objects.get(pk=job.pk).heartbeat_at is None:
            assert time.monotonic() < deadline, worker.log()
            time.sleep(0.05)
        worker.kill()
        job.refresh_from_db()
        assert job.status == "importing", "written before the kill: make the file bigger"
        assert Activity.objects.count() == 0  # one transaction: nothing half-written
        # The page says so as soon as the heartbeat is late (a minute in production).
        deadline = time.monotonic() + 15
        while "stopped answering" not in client.get(page_url).content.decode():
            assert time.monotonic() < deadline, "the page never said the worker stopped"
            time.sleep(0.5)
        assert "It will be tried again by" in client.get(page_url).content.decode()
        # The sweep sends it again once its heartbeat is stale; a new worker writes it once.
        deadline = time.monotonic() + 30
        while not services.imports_sweep(
            enqueue=lambda job: write_activity_import.apply_async(
                (job.pk,), queue=queue, retry=False))["requeued"]:
            assert time.monotonic() < deadline, "the sweep never sent the import again"
            time.sleep(0.5)
        second = start()
        wait_for_status(job, "imported", second)
    assert Activity.objects.filter(initiative=initiative).count() == KILLED_ROWS
    job.refresh_from_db()
    assert job.attempts == 2 and job.imported_count == KILLED_ROWS
