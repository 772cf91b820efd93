"""The production shape in docker-compose.yml (Docker itself does not run on the CI machine)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_production_service():
    services = load()["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_app_services_are_configured_only_by_environment():
    services = load()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        # Secrets are required from the environment, never written in the file.
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_dockerfile_builds_the_app_with_gunicorn_and_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile and "compilemessages" in dockerfile
    assert 'CMD ["gunicorn", "config.wsgi:application"' in dockerfile
    assert "USER portal" in dockerfile


def test_image_has_what_the_report_worker_prints_with():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "libpango-1.0-0" in dockerfile and "fonts-dejavu-core" in dockerfile
    services = load()["services"]
    # The web process serves the files the worker writes: they share the media volume.
    assert any(v.startswith("media:") for v in services["worker"]["volumes"])
    assert any(v.startswith("media:") for v in services["web"]["volumes"])


def test_static_files_are_hashed_compressed_and_cached_for_ever(tmp_path):
    """Production serves static files from WhiteNoise's compressed manifest storage: hashed
    names, gzip/brotli variants, and far-future immutable cache headers, so a page view
    costs one request to the application."""
    code = """
import django
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
from django.templatetags.static import static
from django.test import Client
url = static("css/portal.css")
client = Client()
plain = client.get(url)
gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
print(url)
print(plain.status_code, plain["Cache-Control"])
print(gzipped.get("Content-Encoding", ""))
"""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}}
    env.update(DEBUG="0", SECRET_KEY="static-test-secret", ALLOWED_HOSTS="testserver",
               SECURE_SSL_REDIRECT="0", STATIC_ROOT=str(tmp_path / "static"),
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    url, served, encoding = result.stdout.strip().splitlines()
    assert re.fullmatch(r"/static/css/portal\.[0-9a-f]{12}\.css", url)
    status, cache_control = served.split(" ", 1)
    assert status == "200"
    assert "immutable" in cache_control and "max-age=315360000" in cache_control
    assert encoding == "gzip"


def test_make_run_links_emails_to_the_address_it_serves():
    """Emails written under `make run` (invitations, password resets) link to the server it
    starts, whatever HOST and PORT are given."""
    out = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0", "PORT=8123"], cwd=ROOT, capture_output=True,
        text=True, check=True,
    ).stdout
    serve = next(line for line in out.splitlines() if "runserver" in line)
    assert "SITE_URL=http://0.0.0.0:8123 " in serve and serve.endswith("runserver 0.0.0.0:8123")


@pytest.mark.django_db
def test_the_favicon_is_served_at_the_root_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an icon file
    page = client.get("/en/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in page
