"""Compiled reports against the real services: a real Celery worker on real Redis, sharing
the PostgreSQL test database (and the media folder) with the test process.

What is proved here, each against the real thing:

* a requested report goes queued -> running -> ready in a real worker, with its files;
* a worker killed with SIGKILL mid-compile leaves the report "running"; the sweep requeues it
  once and a new worker finishes it, or, after ``REPORT_MAX_ATTEMPTS``, fails it visibly
  with "worker_lost": it never stays running;
* a second delivery of the job changes nothing;
* with Redis down, requesting a report from the page answers quickly with a clear message
  and leaves no row;
* a transient database error during the compile (a lost connection, for real) puts the
  report back in the queue and the retry finishes it.

Each test skips when PostgreSQL or Redis is not configured, and fails instead under
REQUIRE_SERVICES=1 (see ``tests/conftest.skip_or_fail``).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import ProgressUpdate
from portal.core import mail as outbox
from portal.core.models import OutboundEmail
from portal.reports import services
from portal.reports.models import ProgressReport, ReportFile
from portal.reports.snapshot import checksum
from portal.reports.tasks import compile_report
from portal.reports.views import QUEUE_DOWN
from tests import factories
from tests.factories_workspace import activate_totp
from tests.initiatives.test_services_integration import require_postgres, require_redis

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.services

Status = ProgressReport.Status
APPROVED = ProgressUpdate.Status.APPROVED
UNREACHABLE_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens there (checked below)


# --- Data ----------------------------------------------------------------------------------


def build_world(*, initiatives: int = 8, indicators: int = 3) -> dict:
    """A featured plan, one priority area, four quarters of 2022, and ``initiatives``
    initiatives in the area, each with ``indicators`` indicators and an approved update with
    a value of every indicator in every quarter: enough for a compile of a few seconds."""
    plan = factories.PlanFactory(is_featured=True, start=datetime.date(2022, 1, 1),
                                 end=datetime.date(2023, 12, 31))
    area = factories.PriorityAreaFactory(plan=plan, title_fr="Jeunes", title_en="Youth")
    quarters = []
    for number in range(4):
        start = datetime.date(2022, 3 * number + 1, 1)
        end = (datetime.date(2022 + (number == 3), (3 * number + 3) % 12 + 1, 1)
               - datetime.timedelta(days=1))
        quarters.append(factories.ReportingPeriodFactory(
            name=f"Q{number + 1} 2022", start=start, end=end,
            due=end + datetime.timedelta(days=30)))
    for n in range(initiatives):
        initiative = factories.InitiativeFactory(
            title_fr=f"Initiative jeunesse {n}", title_en=f"Youth initiative {n}",
            start=datetime.date(2022, 1, 1))
        initiative.priority_areas.add(area)
        measures = [factories.IndicatorFactory(initiative=initiative, target=400)
                    for _ in range(indicators)]
        for q, period in enumerate(quarters):
            update = factories.ProgressUpdateFactory(
                initiative=initiative, period=period, status=APPROVED,
                done_fr=f"Trimestre {q + 1} : des soirées au gymnase.",
                done_en=f"Quarter {q + 1}: nights at the gym.")
            for i, indicator in enumerate(measures):
                factories.IndicatorValueFactory(update=update, indicator=indicator,
                                                value=20 + 7 * q + 3 * i + n)
    coordinator = factories.UserFactory(is_coordinator=True, preferred_language="en")
    return {"plan": plan, "area": area, "quarters": quarters, "coordinator": coordinator}


def request_report(world, enqueue, *, language="both", formats=("pdf", "xlsx")):
    return services.report_request(
        by=world["coordinator"], scope=ProgressReport.Scope.PRIORITY_AREA,
        subject=world["area"], periods=world["quarters"], language=language,
        formats=list(formats), enqueue=enqueue,
    )


def status_of(pk: int) -> str:
    return ProgressReport.objects.values_list("status", flat=True).get(pk=pk)


def wait_for(pk: int, wanted: set[str], *, timeout: float, workers=(), seen=None) -> str:
    """Poll the row until its status is one of ``wanted``; record each status seen."""
    deadline = time.monotonic() + timeout
    while True:
        status = status_of(pk)
        if seen is not None and (not seen or seen[-1] != status):
            seen.append(status)
        if status in wanted:
            return status
        if time.monotonic() > deadline:
            logs = "\n".join(w.log() for w in workers)
            pytest.fail(f"report {pk} still {status!r} after {timeout}s\n{logs}")
        time.sleep(0.01)


def wait_until_told(pk: int, timeout: float = 30) -> None:
    """The requester is told just after the report is committed ready (or failed)."""
    deadline = time.monotonic() + timeout
    while not ProgressReport.objects.filter(pk=pk, notified_at__isnull=False).exists():
        if time.monotonic() > deadline:
            pytest.fail(f"report {pk}: the requester was never told")
        time.sleep(0.02)


def file_state(report: ProgressReport) -> list[tuple]:
    """Each file's row and the checksum of the bytes on disk."""
    state = []
    for record in report.files.order_by("language", "kind"):
        with record.file.open("rb") as handle:
            on_disk = hashlib.sha256(handle.read()).hexdigest()
        state.append((record.pk, record.language, record.kind, record.name, record.file.name,
                      record.sha256, record.size, on_disk))
    return state


# --- A real worker -------------------------------------------------------------------------


class Worker:
    """One `celery worker` process (solo pool: the task runs in the process itself, so
    SIGKILL kills the compile), logging to a file rather than to a pipe nobody reads."""

    def __init__(self, queue: str, env: dict[str, str], log_path: Path,
                 pool: str = "solo") -> None:
        self.queue = queue
        self.log_path = log_path
        self._log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        concurrency = ["--concurrency=1"] if pool == "prefork" else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
             *concurrency, "-Q", queue, "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-n", f"{log_path.stem}@%h"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, text=True,
        )

    def log(self) -> str:
        self._log.flush()
        return f"--- {self.log_path.name} ---\n{self.log_path.read_text()}"

    def children(self) -> list[int]:
        """The pool's child processes (prefork), from /proc."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def wait_in_log(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared\n{self.log()}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no handler runs, no message is acknowledged, nothing is cleaned up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


@pytest.fixture
def real_workers(transactional_db, settings, tmp_path):
    """Start real workers on a queue of this test's own; the test process sends to it.

    Yields ``(start, enqueue)``: ``start()`` runs one more worker, ``enqueue`` sends a
    report's job to the queue (as ``report_enqueue`` does, failing fast).
    """
    require_postgres()
    require_redis()
    from config.celery import app

    queue = f"test-reports-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "worker-test-secret",
        "DEBUG": "0",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
        "DB_CONN_MAX_AGE": "0",
        # The worker writes the files where the test process reads them.
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        # No mail server here: the worker keeps its mail to itself.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    workers: list[Worker] = []

    def start(pool: str = "solo") -> Worker:
        worker = Worker(queue, env, tmp_path / f"worker{len(workers) + 1}.log", pool)
        workers.append(worker)
        return worker

    def enqueue(report: ProgressReport) -> None:
        compile_report.apply_async((report.pk,), queue=queue, retry=False)

    try:
        yield start, enqueue
    finally:
        app.conf.task_always_eager = True
        for worker in workers:
            worker.stop()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)


# --- 1. queued -> running -> ready ---------------------------------------------------------


def test_a_real_worker_compiles_a_requested_report(real_workers):
    start, enqueue = real_workers
    world = build_world()
    report = request_report(world, enqueue)
    # No worker yet: the job waits in Redis and the row says so.
    assert status_of(report.pk) == Status.QUEUED
    seen: list[str] = []
    worker = start()
    wait_for(report.pk, {Status.READY, Status.FAILED}, timeout=120, workers=[worker], seen=seen)
    assert seen == [Status.QUEUED, Status.RUNNING, Status.READY], worker.log()

    report.refresh_from_db()
    assert (report.progress, report.step, report.attempts) == (100, "done", 1)
    assert report.started_at <= report.heartbeat_at == report.finished_at
    assert report.snapshot_sha256 == checksum(report.snapshot)
    assert {(f.language, f.kind) for f in report.files.all()} == {
        ("fr", "pdf"), ("fr", "xlsx"), ("en", "pdf"), ("en", "xlsx")}
    for record in report.files.all():
        content = record.file.open("rb").read()
        assert len(content) == record.size
        assert hashlib.sha256(content).hexdigest() == record.sha256
        if record.kind == "pdf":
            assert content.startswith(b"%PDF")
        else:
            assert content.startswith(b"PK")  # an XLSX is a zip
    # The requester is told by the worker (its mail stays in its process).
    wait_until_told(report.pk)


# --- 2. a worker killed mid-compile --------------------------------------------------------


def kill_while_running(report: ProgressReport, worker: Worker) -> None:
    """SIGKILL the worker as soon as it has claimed the report (claim sets "running" before
    the figures are gathered and the files rendered, which take seconds)."""
    wait_for(report.pk, {Status.RUNNING, Status.READY, Status.FAILED}, timeout=120,
             workers=[worker])
    worker.kill()
    assert status_of(report.pk) == Status.RUNNING, (
        "the compile finished before the worker could be killed: make the dataset bigger\n"
        + worker.log())


def stale_now() -> datetime.datetime:
    """A sweep's clock, just past the point where a running report's heartbeat is stale."""
    return timezone.now() + datetime.timedelta(
        seconds=django_settings.REPORT_HEARTBEAT_STALE_SECONDS + 1)


def test_a_killed_worker_is_swept_and_a_new_worker_finishes_the_report(real_workers):
    start, enqueue = real_workers
    world = build_world()
    report = request_report(world, enqueue)
    kill_while_running(report, start())

    # Nobody is compiling it any more, yet it says "running"...
    time.sleep(1)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.files.count()) == (Status.RUNNING, 1, 0)
    # ...until its heartbeat is stale: a sweep now leaves it alone.
    assert report.pk not in services.reports_sweep(enqueue=enqueue)["requeued"]
    assert status_of(report.pk) == Status.RUNNING

    later = stale_now()
    assert services.reports_sweep(now=later, enqueue=enqueue) == {
        "requeued": [report.pk], "failed": []}
    assert status_of(report.pk) == Status.QUEUED
    # Requeued once: a second sweep (another beat, at the same moment) does nothing.
    assert services.reports_sweep(now=later, enqueue=enqueue) == {"requeued": [], "failed": []}

    worker = start()
    assert wait_for(report.pk, {Status.READY, Status.FAILED}, timeout=120,
                    workers=[worker]) == Status.READY, worker.log()
    report.refresh_from_db()
    assert report.attempts == 2
    assert (report.error_code, report.progress, report.step) == ("", 100, "done")
    assert report.files.count() == 4
    assert all(f.file.open("rb").read(4) == b"%PDF"
               for f in report.files.filter(kind="pdf"))
    # Ready is final: a later sweep finds nothing to do.
    assert services.reports_sweep(now=stale_now(), enqueue=enqueue) == {
        "requeued": [], "failed": []}


def test_a_killed_pool_process_is_redelivered_skipped_then_swept(real_workers):
    """As in production (prefork), the kernel kills the pool process compiling the report
    (out of memory): the worker survives and, with ``reject_on_worker_lost``, gets the job
    again at once, but the report is already claimed, so that delivery skips and the report
    stays "running" until the sweep requeues it; the same worker then finishes it."""
    start, enqueue = real_workers
    world = build_world()
    report = request_report(world, enqueue)
    worker = start("prefork")
    wait_for(report.pk, {Status.RUNNING, Status.READY, Status.FAILED}, timeout=120,
             workers=[worker])
    (child,) = worker.children()
    os.kill(child, signal.SIGKILL)
    assert status_of(report.pk) == Status.RUNNING, worker.log()
    worker.wait_in_log("WorkerLostError", timeout=30)
    worker.wait_in_log("'skipped'", timeout=60)  # the redelivered job
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Status.RUNNING, 1)

    assert services.reports_sweep(now=stale_now(), enqueue=enqueue)["requeued"] == [report.pk]
    assert wait_for(report.pk, {Status.READY, Status.FAILED}, timeout=120,
                    workers=[worker]) == Status.READY, worker.log()
    report.refresh_from_db()
    assert (report.attempts, report.files.count()) == (2, 4)


def test_a_report_whose_workers_keep_dying_fails_visibly(real_workers, client):
    start, enqueue = real_workers
    assert django_settings.REPORT_MAX_ATTEMPTS == 2
    world = build_world()
    report = request_report(world, enqueue)

    kill_while_running(report, start())
    assert services.reports_sweep(now=stale_now(), enqueue=enqueue)["requeued"] == [report.pk]
    kill_while_running(report, start())
    assert ProgressReport.objects.get(pk=report.pk).attempts == 2

    mail.outbox.clear()
    assert services.reports_sweep(now=stale_now(), enqueue=enqueue) == {
        "requeued": [], "failed": [report.pk]}
    report.refresh_from_db()
    assert (report.status, report.error_code) == (Status.FAILED, "worker_lost")
    assert report.finished_at is not None and "heartbeat stale" in report.error
    assert report.files.count() == 0
    # The requester is told (the email is queued with the failure, for the worker to
    # deliver; delivered here), and the page says why in words.
    (email,) = OutboundEmail.objects.filter(to=world["coordinator"].email)
    assert outbox.deliver(email.pk)
    assert [m.to for m in mail.outbox] == [[world["coordinator"].email]]
    activate_totp(world["coordinator"])
    client.force_login(world["coordinator"])
    with translation.override("en"):
        html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "The worker compiling this report stopped twice" in html
    # Failed is final: later sweeps leave it alone, and a late delivery skips.
    assert services.reports_sweep(now=stale_now(), enqueue=enqueue) == {
        "requeued": [], "failed": []}
    assert compile_report.apply(args=(report.pk,)).get() == "skipped"
    assert status_of(report.pk) == Status.FAILED


# --- 3. a second delivery changes nothing --------------------------------------------------


def test_a_second_delivery_of_the_job_changes_nothing(real_workers):
    start, enqueue = real_workers
    world = build_world(initiatives=2)
    report = request_report(world, enqueue)
    worker = start()
    assert wait_for(report.pk, {Status.READY, Status.FAILED}, timeout=120,
                    workers=[worker]) == Status.READY
    wait_until_told(report.pk)
    report.refresh_from_db()
    media = Path(django_settings.MEDIA_ROOT)
    on_disk = sorted(p for p in media.rglob("*") if p.is_file())
    before = (file_state(report), report.snapshot_sha256, report.snapshot, report.updated_at,
              report.finished_at, report.attempts, report.notified_at)
    assert len(before[0]) == 4

    # Delivered again to the real worker (as Redis does after a lost acknowledgement)...
    again = compile_report.apply_async((report.pk,), queue=worker.queue, retry=False,
                                       ignore_result=False)
    assert again.get(timeout=60) == "skipped"
    # ...and in this process.
    assert compile_report.apply(args=(report.pk,)).get() == "skipped"

    report.refresh_from_db()
    after = (file_state(report), report.snapshot_sha256, report.snapshot, report.updated_at,
             report.finished_at, report.attempts, report.notified_at)
    assert after == before
    assert ReportFile.objects.filter(report=report).count() == 4
    # Nothing was written to the media folder either (no orphan copies of the files).
    assert sorted(p for p in media.rglob("*") if p.is_file()) == on_disk


# --- 4. Redis down when a coordinator asks for a report ------------------------------------


@contextlib.contextmanager
def redis_down():
    """Point the web process's broker and result store at a port nothing listens on, as
    when the one Redis of the deployment is down (both are REDIS_URL), then restore them.

    The app caches its broker pool and result backend: both are dropped so that the
    unreachable addresses are really used, and dropped again afterwards."""
    import socket

    from config.celery import app

    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", 6390)) != 0, "something listens on 6390"

    def forget() -> None:
        app._pool = None  # noqa: SLF001
        app.amqp._producer_pool = None  # noqa: SLF001
        app._backend_cache = None  # noqa: SLF001
        if hasattr(app._local, "backend"):  # noqa: SLF001
            del app._local.backend  # noqa: SLF001

    previous = (app.conf.broker_url, app.conf.result_backend)
    app.conf.task_always_eager = False
    forget()
    app.conf.broker_url = app.conf.result_backend = UNREACHABLE_REDIS
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.result_backend = previous
        app.conf.task_always_eager = True
        forget()


@pytest.mark.django_db(transaction=True)
def test_redis_down_the_request_page_says_so_quickly_and_keeps_nothing(client, settings):
    require_redis()
    world = build_world(initiatives=1, indicators=1)
    coordinator = world["coordinator"]
    activate_totp(coordinator)
    client.force_login(coordinator)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    data = {
        "scope": "priority_area", "priority_area": world["area"].pk,
        "period_from": world["quarters"][0].pk, "period_to": world["quarters"][-1].pk,
        "language": "both", "formats": ["pdf", "xlsx"], "audience": "internal",
    }
    with translation.override("en"):
        url = reverse("reports:list")
    assert client.get(url).status_code == 200
    with redis_down():
        started = time.monotonic()
        response = client.post(url, data)
        elapsed = time.monotonic() - started
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    with translation.override("en"):
        assert str(QUEUE_DOWN) in html
    assert elapsed < 10, f"the page took {elapsed:.1f}s to answer"
    assert not ProgressReport.objects.exists()
    # The form is shown again as it was filled in, so the person can simply try again.
    assert f'<option value="{world["area"].pk}" selected>' in html


# --- 5. a transient database error during the compile --------------------------------------


@contextlib.contextmanager
def eager_retries():
    """Run a task's retries in this process as Celery does eagerly: at once, one after the
    other. (With ``task_eager_propagates``, as in the suite, ``apply`` would raise the
    ``Retry`` itself instead of running the retry.)"""
    from config.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    try:
        yield
    finally:
        app.conf.task_eager_propagates = previous


def test_a_transient_database_error_requeues_and_the_retry_finishes(transactional_db):
    """In this process: the compile raises OperationalError once; the task puts the report
    back in the queue and its retry (run at once, eagerly) claims and finishes it."""
    world = build_world(initiatives=1, indicators=1)
    report = request_report(world, enqueue=lambda r: None)  # requested, not yet sent
    real_compile, real_release = services.report_compile, services.report_release
    calls: list[str] = []

    def flaky_compile(*, report):
        calls.append(status_of(report.pk))
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_compile(report=report)

    def spy_release(*, report_id):
        real_release(report_id=report_id)
        calls.append(f"released:{status_of(report_id)}")

    with mock.patch.object(services, "report_compile", flaky_compile), \
            mock.patch.object(services, "report_release", spy_release), eager_retries():
        result = compile_report.apply(args=(report.pk,))
    assert result.get() == "ready"
    assert calls == [Status.RUNNING, f"released:{Status.QUEUED}", Status.RUNNING]
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error_code) == (Status.READY, 2, "")
    assert report.files.count() == 4


def test_a_connection_lost_while_claiming_leaves_the_report_queued_and_retries(
    transactional_db
):
    """The claim and the read of the claimed row are one transaction: an error between them
    leaves the report queued (not "running" with nobody at work on it), and the job's
    retry claims and finishes it."""
    world = build_world(initiatives=1, indicators=1)
    report = request_report(world, enqueue=lambda r: None)
    real_get = ProgressReport.objects.get
    seen: list[str] = []

    def lost_once(*args, **kwargs):
        if not seen:
            seen.append("lost")
            raise OperationalError("terminating connection due to administrator command")
        return real_get(*args, **kwargs)

    real_compile = services.report_compile

    def compile_and_note(*, report):
        seen.append(status_of(report.pk))
        return real_compile(report=report)

    with mock.patch.object(ProgressReport.objects, "get", lost_once), \
            mock.patch.object(services, "report_compile", compile_and_note), eager_retries():
        result = compile_report.apply(args=(report.pk,))
    assert result.get() == "ready"
    assert seen == ["lost", Status.RUNNING]
    report.refresh_from_db()
    # The lost claim was rolled back: one attempt counted, the one that finished.
    assert (report.status, report.attempts) == (Status.READY, 1)


def test_a_persistent_database_error_fails_the_report_after_the_retries(transactional_db):
    world = build_world(initiatives=1, indicators=1)
    report = request_report(world, enqueue=lambda r: None)

    def broken(*, report):
        raise OperationalError("the database is gone")

    with mock.patch.object(services, "report_compile", broken), eager_retries():
        result = compile_report.apply(args=(report.pk,))
    assert result.get(propagate=False) == "failed"
    report.refresh_from_db()
    assert (report.status, report.error_code) == (Status.FAILED, "unexpected")
    assert report.attempts == compile_report.max_retries + 1
    assert "the database is gone" in report.error


def test_a_lost_database_connection_in_a_real_worker_is_retried(real_workers):
    """For real: the worker's PostgreSQL connection is terminated while it renders; the
    next write fails with OperationalError, the report goes back to the queue and the
    task's retry finishes it, in the same worker."""
    start, enqueue = real_workers
    world = build_world()
    report = request_report(world, enqueue)
    worker = start()
    wait_for(report.pk, {Status.RUNNING, Status.READY, Status.FAILED}, timeout=120,
             workers=[worker])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        terminated = cursor.rowcount
    assert terminated >= 1, "the worker had no connection open"
    assert status_of(report.pk) == Status.RUNNING
    seen: list[str] = []
    assert wait_for(report.pk, {Status.READY, Status.FAILED}, timeout=120, workers=[worker],
                    seen=seen) == Status.READY, worker.log()
    report.refresh_from_db()
    assert report.attempts == 2, worker.log()
    assert report.files.count() == 4
    assert "transient failure, retrying" in worker.log()


# --- After the compile: the mail server is down --------------------------------------------

MAIL_SERVER_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 6390,  # nothing listens there: connection refused, for real
    "EMAIL_TIMEOUT": 2,
}


def test_a_mail_server_down_after_the_compile_does_not_retry_a_ready_report(
    transactional_db, settings, caplog
):
    """The report is ready (committed) before the requester is told: failing to tell them is
    no reason to put the job through its transient-failure retry."""
    for name, value in MAIL_SERVER_DOWN.items():
        setattr(settings, name, value)
    world = build_world(initiatives=1, indicators=1)
    report = request_report(world, enqueue=lambda r: None, language="en", formats=("xlsx",))
    with eager_retries(), caplog.at_level("WARNING"):
        result = compile_report.apply(args=(report.pk,))
    assert result.get(propagate=False) == "ready"
    report.refresh_from_db()
    assert (report.status, report.attempts, report.files.count()) == (Status.READY, 1, 1)
    assert "transient failure" not in caplog.text
    assert "Connection refused" in caplog.text or "Errno 111" in caplog.text  # logged


def test_the_sweep_fails_every_lost_report_even_with_the_mail_server_down(
    transactional_db, settings
):
    """One sweep handles every stale report: telling a requester that failed must not stop
    the sweep before the next ones."""
    for name, value in MAIL_SERVER_DOWN.items():
        setattr(settings, name, value)
    world = build_world(initiatives=1, indicators=1)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    lost = []
    for _ in range(3):
        report = request_report(world, enqueue=lambda r: None, language="en",
                                formats=("xlsx",))
        ProgressReport.objects.filter(pk=report.pk).update(
            status=Status.RUNNING, attempts=django_settings.REPORT_MAX_ATTEMPTS,
            heartbeat_at=long_ago, started_at=long_ago)
        lost.append(report.pk)
    result = services.reports_sweep(enqueue=lambda r: pytest.fail("nothing to requeue"))
    assert sorted(result["failed"]) == lost
    assert set(ProgressReport.objects.values_list("status", "error_code")) == {
        (Status.FAILED, "worker_lost")}
