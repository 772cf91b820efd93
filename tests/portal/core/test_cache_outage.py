"""Redis stopped for real: a redis-server the test starts, stops and starts again.

With Redis down, public pages and sign-in answer, an approval commits within a second
(the broker is not retried in the request) and its email still goes out; once Redis is
back, pages are served from the cache again.
"""

from __future__ import annotations

import datetime
import shutil
import socket
import subprocess
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from initiatives.models import ProgressUpdate
from portal.core.models import OutboundEmail
from tests import factories
from tests.conftest import skip_or_fail
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


class RedisServer:
    def __init__(self, data_dir=None) -> None:
        """``data_dir``: keep the data on disk there (append-only file), as production's
        Redis does, so a restart brings back what was stored before the outage."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.persistence = (
            ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(data_dir)]
            if data_dir else ["--appendonly", "no"]
        )
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             *self.persistence],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(settings):
    yield from _serving(settings, RedisServer())


@pytest.fixture
def persistent_redis_server(settings, tmp_path):
    yield from _serving(settings, RedisServer(data_dir=tmp_path))


def _serving(settings, server: RedisServer):
    """Start ``server`` as the cache and the broker; stop it afterwards."""
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed: the Redis outage is not tested")
    from config.celery import app
    from portal.core.cache import ResilientRedisCache

    previous = app.conf.broker_url, app.conf.task_always_eager
    server.start()
    settings.CACHES = {"default": {
        "BACKEND": "portal.core.cache.ResilientRedisCache",
        "LOCATION": server.url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url, app.conf.task_always_eager = server.url, False
    _drop_pools(app)
    ResilientRedisCache._down_until = 0.0
    yield server
    server.stop()
    app.conf.broker_url, app.conf.task_always_eager = previous
    _drop_pools(app)
    ResilientRedisCache._down_until = 0.0
    ResilientRedisCache._saw_outage = False


def _drop_pools(app) -> None:
    app.close()
    app._pool = None  # noqa: SLF001
    app.amqp._producer_pool = None  # noqa: SLF001


def test_redis_down_then_back(redis_server, coordinator, lead_a, org_a, mailoutbox,
                              django_capture_on_commit_callbacks):
    from portal.core.cache import ResilientRedisCache

    area = factories.PriorityAreaFactory(slug_en="youth", title_en="Youth")
    factories.InitiativeFactory(lead=org_a).priority_areas.add(area)
    update = factories.ProgressUpdateFactory(
        initiative=factories.InitiativeFactory(lead=org_a),
        period=factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                                end=datetime.date(2021, 3, 31)),
        status=ProgressUpdate.Status.SUBMITTED, submitted_by=lead_a,
    )
    activate_totp(coordinator)
    # Up: the second visit is served from the cache.
    Client().get("/en/")
    assert getattr(Client().get("/en/"), "public_page_hit", False)

    redis_server.stop()
    for url in ("/en/", "/fr/", "/en/priorities/youth/"):
        assert Client().get(url).status_code == 200, url
    assert Client().post(reverse("account_login"), {
        "login": lead_a.email, "password": "correct-horse-battery",
    }).status_code == 302

    coordinator_client = Client()
    coordinator_client.force_login(coordinator)
    started = time.monotonic()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("coordination:approve", kwargs={"pk": update.pk}))
    assert time.monotonic() - started < 1.0
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.APPROVED
    # The email did not wait for the broker: delivered in-process, recorded as sent.
    assert [m.to for m in mailoutbox] == [[lead_a.email]]
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()

    redis_server.start()
    ResilientRedisCache._down_until = 0.0  # no need to wait out the retry pause here
    Client().get("/en/")
    assert getattr(Client().get("/en/"), "public_page_hit", False)


def test_a_change_made_while_redis_is_down_shows_once_it_is_back(persistent_redis_server):
    """Redis keeps its data on disk: it comes back with the version and the pages from
    before the outage, and the bump of a change made meanwhile was never written."""
    from portal.core.cache import ResilientRedisCache

    initiative = factories.InitiativeFactory(slug_en="safe-walks", title_en="Safe walks")
    Client().get("/en/initiatives/safe-walks/")
    assert getattr(Client().get("/en/initiatives/safe-walks/"), "public_page_hit", False)

    persistent_redis_server.stop()
    initiative.title_en = "Safe walks at night"
    initiative.save()  # its bump cannot reach Redis
    persistent_redis_server.start()
    ResilientRedisCache._down_until = 0.0  # no need to wait out the retry pause here

    back = Client().get("/en/initiatives/safe-walks/")
    assert "Safe walks at night" in back.content.decode()
    assert not getattr(back, "public_page_hit", False)
    assert getattr(Client().get("/en/initiatives/safe-walks/"), "public_page_hit", False)
