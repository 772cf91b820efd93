"""Run by ``tests/config/test_sqlite_concurrency.py`` in its own process: the embedded SQLite
set-up of ``make run`` (a database file, Django's threaded development server), with 20
people saving the same draft and 20 approving the same update at the same moment.

Prints one line of JSON: the status codes of each burst.
"""

from __future__ import annotations

import datetime
import json
import sys
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import (  # noqa: E402
    ThreadedWSGIServer,
    WSGIRequestHandler,
    get_internal_wsgi_application,
)
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

CSRF = "a" * 32
BURST = 20


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def post(url: str, session: str, data: dict[str, str]) -> int:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "Content-Type": "application/x-www-form-urlencoded",
    })

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from initiatives.models import Indicator, Initiative, ProgressUpdate, ReportingPeriod
    from partners.models import Membership, Organisation, User

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(name_fr="Organisme", name_en="Organisation", slug="org")
    lead = User.objects.create_user("lead@example.org", "pw-not-used")
    Membership.objects.create(user=lead, organisation=org, role=Membership.Role.LEAD)
    coordinator = User.objects.create_user("coord@example.org", "pw-not-used",
                                           is_coordinator=True)
    TOTP.activate(coordinator, generate_totp_secret())
    initiative = Initiative.objects.create(
        title_fr="Initiative", title_en="Initiative", slug_fr="i-fr", slug_en="i-en",
        lead=org, zone="prevention", start=datetime.date(2021, 1, 1),
        end=datetime.date(2030, 12, 31), is_public=True)
    indicator = Indicator.objects.create(initiative=initiative, name_fr="N", name_en="N",
                                         unit="count", target=100)
    q1 = ReportingPeriod.objects.create(name="Q1", start=datetime.date(2021, 1, 1),
                                        end=datetime.date(2021, 3, 31),
                                        due=datetime.date(2021, 4, 30))
    q2 = ReportingPeriod.objects.create(name="Q2", start=datetime.date(2021, 4, 1),
                                        end=datetime.date(2021, 6, 30),
                                        due=datetime.date(2021, 7, 30))
    submitted = ProgressUpdate.objects.create(initiative=initiative, period=q1,
                                              status=ProgressUpdate.Status.SUBMITTED)

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_internal_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with translation.override("en"):
        draft_url = base + reverse("workspace:update", kwargs={
            "initiative_pk": initiative.pk, "period_pk": q2.pk})
        approve_url = base + reverse("coordination:approve", kwargs={"pk": submitted.pk})
    leads = [session_for(lead) for _ in range(BURST)]
    coordinators = [session_for(coordinator) for _ in range(BURST)]

    with ThreadPoolExecutor(BURST) as pool:
        saves = list(pool.map(lambda n: post(draft_url, leads[n], {
            "done_fr": f"Fait {n}.", "done_en": f"Done {n}.",
            f"value_{indicator.pk}": str(n),
        }), range(BURST)))
    with ThreadPoolExecutor(BURST) as pool:
        approvals = list(pool.map(lambda n: post(approve_url, coordinators[n], {}),
                                  range(BURST)))
    server.shutdown()
    submitted.refresh_from_db()
    print(json.dumps({
        "saves": saves, "approvals": approvals, "status": submitted.status,
        "drafts": ProgressUpdate.objects.filter(period=q2).count(),
        "journal_mode": _pragma("journal_mode"),
    }))
    sys.stdout.flush()


def _pragma(name: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    main()
