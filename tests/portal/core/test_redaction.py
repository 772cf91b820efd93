"""Invitation tokens and password-reset keys never reach a log."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from portal.core.redaction import RedactSecretsFilter, redact

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "s3cr3t-Token_value-1234567890abcdef"


def test_secret_segments_are_redacted_in_both_languages():
    assert redact(f"GET /en/invitations/{TOKEN}/ HTTP/1.1") == (
        "GET /en/invitations/[redacted]/ HTTP/1.1")
    assert redact(f"/fr/comptes/password/reset/key/ab-{TOKEN}/?next=/fr/") == (
        "/fr/comptes/password/reset/key/[redacted]/?next=/fr/")
    assert redact("/en/invitations/") == "/en/invitations/"  # the list has no secret


def test_the_application_log_is_redacted(caplog):
    logger = logging.getLogger("django.request")
    handler_filter = RedactSecretsFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        logger.warning("Not Found: %s", f"/en/invitations/{TOKEN}/")
    finally:
        caplog.handler.removeFilter(handler_filter)
    assert TOKEN not in caplog.text and "/en/invitations/[redacted]/" in caplog.text


def test_the_configured_handlers_redact(settings):
    assert "redact_secrets" in settings.LOGGING["handlers"]["console"]["filters"]


def test_gunicorn_access_log_never_holds_a_token(tmp_path):
    """A real gunicorn with the production logger class: the access log line of a visit to
    an invitation link shows the path without its token."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    # Its own throwaway database: the page may fail, the access log line is what counts.
    env.update(DJANGO_SETTINGS_MODULE="config.test_settings", DEBUG="1",
               ALLOWED_HOSTS="127.0.0.1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               REDIS_URL="")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", str(log),
         "--logger-class", "portal.core.redaction.RedactingGunicornLogger"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        url = f"http://127.0.0.1:{port}/en/invitations/{TOKEN}/"
        while True:
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except urllib.error.HTTPError:
                break  # answered (an unknown invitation): logged
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert "/en/invitations/[redacted]/" in text
    assert TOKEN not in text
