"""The production shape in docker-compose.yml (Docker itself does not run on the CI machine)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


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
