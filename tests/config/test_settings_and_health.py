"""Configuration from the environment, and /healthz both ways."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS",
                          "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_secret_key():
    result = run_django("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_starts_without_secret_key():
    result = run_django("import django; django.setup(); print('started')", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items()
                if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
                             "DJANGO_ALLOW_ASYNC_UNSAFE"}},
             "DEBUG": "0", "ALLOWED_HOSTS": "portal.example.org",
             "SECRET_KEY": "x9!Kq2#vLm7@Zr4$Tn8^Wp3&Yb6*Hc1(Jd5)Fg0_Se-Ua+Oi=Ex~Rt?Ny"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_database_url_selects_postgresql():
    result = run_django(
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_redis_url_selects_redis_cache_and_broker():
    code = ("from django.conf import settings; print(settings.CACHES['default']['BACKEND']);"
            "print(settings.CELERY_BROKER_URL); print(settings.CELERY_TASK_ALWAYS_EAGER)")
    with_redis = run_django(code, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3").stdout.split()
    assert with_redis == ["portal.core.cache.ResilientRedisCache",
                          "redis://127.0.0.1:6379/3", "False"]
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    without = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code], cwd=ROOT,
        env={**env, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True, text=True, timeout=60,
    ).stdout.split()
    assert without == ["django.core.cache.backends.locmem.LocMemCache", "memory://", "True"]


@pytest.mark.django_db
def test_healthz_reports_every_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}


UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client):
    unreachable = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                               "LOCATION": UNREACHABLE_REDIS,
                               "OPTIONS": {"socket_connect_timeout": 0.5}}}
    with override_settings(CACHES=unreachable):
        caches._settings = None  # noqa: SLF001 - rebuild the handler with the new settings
        response = client.get("/healthz")
    caches._settings = None
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["checks"]["cache"].startswith("error")
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(client, settings):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_url
    app.conf.broker_url = UNREACHABLE_REDIS
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


def test_healthz_answers_503_when_the_database_is_down():
    """A real unreachable PostgreSQL (nothing listens on port 1), in a separate process."""
    code = (
        "import django; django.setup();"
        "from django.test import Client; import json;"
        "r = Client().get('/healthz'); print(r.status_code); print(r.content.decode())"
    )
    result = run_django(code, DEBUG="1", ALLOWED_HOSTS="testserver",
                        DATABASE_URL="postgres://postgres@127.0.0.1:1/portal")
    status, body = result.stdout.strip().split("\n", 1)
    assert status == "503", result.stderr
    checks = json.loads(body)["checks"]
    assert checks["database"].startswith("error")
    assert checks["cache"] == "ok"


def test_every_model_change_has_its_migration():
    result = run_django(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'makemigrations', '--check', '--dry-run'])",
        DEBUG="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_down_gives_a_translated_503_page_in_the_site_layout(tmp_path):
    """PostgreSQL unreachable: visitors get "temporarily unavailable" in their language,
    with the layout, its language toggle and skip link, not Django's bare English 500."""
    code = """
import django
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
from django.test import Client
client = Client(raise_request_exception=False)
for url in ("/fr/", "/en/initiatives/", "/fr/tableau/inexistant/"):
    response = client.get(url)
    print(url, response.status_code, response.get("Retry-After", "-"))
    print(response.content.decode().replace(chr(10), " "))
"""
    result = run_django(
        code, DEBUG="0", SECRET_KEY="db-down-test", ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0", STATIC_ROOT=str(tmp_path),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nowhere", REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    pages = {lines[i].split()[0]: (lines[i].split()[1:], lines[i + 1])
             for i in range(0, len(lines), 2)}
    (status, retry), french = pages["/fr/"]
    assert (status, retry) == ("503", "60")
    assert '<html lang="fr">' in french and "Temporairement indisponible" in french
    assert 'class="skip-link"' in french and 'href="/en/"' in french
    (status, _), english = pages["/en/initiatives/"]
    assert status == "503"
    assert '<html lang="en">' in english and "Temporarily unavailable" in english
    assert 'href="/fr/"' in english
