"""Integration with the real services: PostgreSQL, Redis (cache and broker) and a Celery worker.

Each test skips with its reason when the service is not configured, and fails instead under
REQUIRE_SERVICES=1 (as in .ci/run).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from portal.services import key_figures_cache_key
from tests import factories
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


def require_postgres() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        skip_or_fail("DATABASE_URL does not point to PostgreSQL; the suite ran on SQLite")


def require_redis() -> None:
    if not os.environ.get("REDIS_URL"):
        skip_or_fail("REDIS_URL is not set; cache and broker are in-process")


@pytest.mark.django_db
def test_suite_runs_on_postgresql_with_its_constraints():
    require_postgres()
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conname IN "
            "('activity_participants_not_negative', 'value_once_per_indicator_period',"
            " 'initiative_dates_ordered')"
        )
        assert {row[0] for row in cursor.fetchall()} == {
            "activity_participants_not_negative",
            "value_once_per_indicator_period",
            "initiative_dates_ordered",
        }


def test_cache_is_real_redis():
    require_redis()
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    key = f"integration:{uuid.uuid4().hex}"
    cache.set(key, {"figure": 27}, 30)
    import redis

    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert any(key in k.decode() for k in raw.keys(f"*{key}"))
    assert cache.get(key) == {"figure": 27}


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real `celery worker` process on its own queue, sharing the test database and Redis."""
    require_postgres()
    require_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "worker-test-secret",
        "DEBUG": "0",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "DB_CONN_MAX_AGE": "0",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_real_worker_refreshes_the_key_figures(celery_worker_process, settings):
    from config.celery import app
    from portal.tasks import refresh_key_figures

    factories.InitiativeFactory.create_batch(3)
    cache.delete(key_figures_cache_key())
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        result = refresh_key_figures.apply_async(queue=celery_worker_process)
        figures = result.get(timeout=60)
    finally:
        app.conf.task_always_eager = True
    assert figures["initiatives"] == 3
    # The worker wrote to the same Redis cache the web process reads.
    deadline = time.monotonic() + 5
    while cache.get(key_figures_cache_key()) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get(key_figures_cache_key())["initiatives"] == 3


@pytest.mark.django_db
def test_healthz_sees_the_real_broker(client, settings):
    require_redis()
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
