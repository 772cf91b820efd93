"""Hostile spreadsheets against a real gunicorn worker with its usual time-out (30 s): each is
answered with its clear message in under 2 s, the worker survives, and nothing is stored.

Before, a 5 KB XLSX declaring row 10,000,000 held the worker for minutes: gunicorn killed
it at 30 s and the partner saw a bare "Internal Server Error"."""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.spreadsheets import csv_bytes, ods_with_repeated_row, xlsx_with_far_row, zip_bomb

ROOT = Path(__file__).resolve().parents[3]
EMAIL, PASSWORD = "staff@hostile.example", "correct-horse-battery-staple"
HEADERS = ["Date", "Initiative", "Kind", "Title", "Participants", "Audience",
           "Language of delivery"]
ROWS = [HEADERS, ["2021-05-01", "Walks", "Outreach event", "Walk", 10, "General public",
                  "Bilingual"]]

HOSTILE = {
    "far-row.xlsx": (xlsx_with_far_row(ROWS, 10_000_000), "numbers a row 10,000,000"),
    "far-row-2.xlsx": (xlsx_with_far_row(ROWS, 1_048_577), "numbers a row 1,048,577"),
    "repeated.ods": (ods_with_repeated_row(ROWS, 10**9), "more than 20000 rows"),
    "bomb.xlsx": (zip_bomb(), "expands to far more than its size"),
    "nul.csv": (csv_bytes(ROWS) + b" " * 70_000 + b"\0\r\n", "not a spreadsheet"),
    "escape.csv": (csv_bytes(ROWS).replace(b"Walk", b"Wa\x1blk"), "not a spreadsheet"),
    "cell.csv": (csv_bytes(ROWS) + b'"' + b"x" * 1_000_000 + b'"\r\n',
                 "holds more than 131,072 characters"),
}

SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests import factories
membership = factories.MembershipFactory(role="staff", user__email={EMAIL!r})
membership.user.set_password({PASSWORD!r})
membership.user.save()
factories.InitiativeFactory(lead=membership.organisation, title_en="Walks")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in ("initiatives_activity", "initiatives_activityimport",
                              "initiatives_historicalactivity")}


def _multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        .encode() for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.fixture
def gunicorn(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # DEBUG=1: cookies without "Secure", as this test speaks plain HTTP to gunicorn.
    env.update(DJANGO_SETTINGS_MODULE="config.test_settings", DEBUG="1",
               ALLOWED_HOSTS="127.0.0.1", DATABASE_URL=f"sqlite:///{database}", REDIS_URL="",
               SECRET_KEY="gunicorn-test-secret", SECURE_SSL_REDIRECT="0")
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.2)
    try:
        yield base, database, server
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_each_hostile_file_is_answered_at_once_and_stores_nothing(gunicorn):
    base, database, server = gunicorn
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with translation.override("en"):
        login, upload = reverse("account_login"), reverse("workspace:import_start")
    page = opener.open(base + login, timeout=10).read().decode()
    opener.open(base + login, urllib.parse.urlencode({
        "csrfmiddlewaretoken": _csrf(page), "login": EMAIL, "password": PASSWORD,
    }).encode(), timeout=10)
    before = _counts(database)
    for name, (content, message) in HOSTILE.items():
        token = _csrf(opener.open(base + upload, timeout=10).read().decode())
        body, kind = _multipart({"csrfmiddlewaretoken": token}, name, content)
        request = urllib.request.Request(base + upload, data=body,
                                         headers={"Content-Type": kind})
        started = time.monotonic()
        try:
            opener.open(request, timeout=30)
            pytest.fail(f"{name}: accepted")
        except urllib.error.HTTPError as error:
            seconds = time.monotonic() - started
            answer = html.unescape(error.read().decode())
            assert error.code == 400, (name, error.code, answer[-2000:])
        assert seconds < 2, (name, seconds)
        assert message in answer.replace("\u2019", "'"), (name, answer[-3000:])
    assert _counts(database) == before
    assert server.poll() is None  # the worker is still there
