"""Every URL pattern of the project against every role, with the expected answer.

``MATRIX`` holds an entry per named URL pattern (namespaced as ``ns:name``); the admin and
allauth's patterns are covered by declared rules (``RULES``). ``test_every_pattern_has_an_entry``
walks the project's resolver and fails on any pattern without an entry or rule, so a new page
cannot ship untested.

Answers: a status code, or ``LOGIN`` for a redirect to the sign-in page.
Coordinators and administrators have TOTP set up here (the MFA gate has its own tests).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from initiatives.models import ProgressUpdate
from partners import services as partner_services
from tests import factories
from tests.factories_events import EventFactory, ForumFactory, ottawa
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ("anonymous", "staff_a", "lead_a", "staff_b", "coordinator", "administrator")


def everyone(answer) -> dict[str, object]:
    return dict.fromkeys(ROLES, answer)


def members(anonymous, a, lead, b, coordinator, administrator=None) -> dict[str, object]:
    return {
        "anonymous": anonymous,
        "staff_a": a,
        "lead_a": lead,
        "staff_b": b,
        "coordinator": coordinator,
        "administrator": coordinator if administrator is None else administrator,
    }


SIGNED_IN = members(LOGIN, 200, 200, 200, 200)
OF_A = members(LOGIN, 200, 200, 404, 200)
COORDINATION = members(LOGIN, 403, 403, 403, 200)
COORDINATION_POST = members(LOGIN, 403, 403, 403, 302)
GET_REFUSED = everyone(405)


@dataclass
class Check:
    method: str
    expect: dict[str, object]
    kwargs: Callable[[dict], dict] = lambda world: {}
    data: Callable[[dict], dict] = lambda world: {}


@dataclass
class Entry:
    checks: list[Check] = field(default_factory=list)


def get(expect, kwargs=lambda w: {}) -> Check:
    return Check("GET", expect, kwargs)


def post(expect, kwargs=lambda w: {}, data=lambda w: {}) -> Check:
    return Check("POST", expect, kwargs, data)


def activity_data(world) -> dict:
    return {
        "date": "2021-05-10", "initiative": world["initiative"].pk, "kind": "workshop",
        "title": "Matrix workshop", "participants": "9", "audience": "youth",
        "language": "fr",
    }


def update_data(world) -> dict:
    return {"done_en": "Done.", f"value_{world['indicator'].pk}": "4"}


def joint_update_data(world) -> dict:
    return {"done_en": "Done together."}


activity = lambda w: {"pk": w["activity"].pk}  # noqa: E731
# A joint initiative led by A, with B collaborating: B reads A's records of it, never
# changes them (partners/ROLES.md).
joint_activity = lambda w: {"pk": w["joint_activity"].pk}  # noqa: E731
joint_update = lambda w: {"initiative_pk": w["joint"].pk, "period_pk": w["open"].pk}  # noqa: E731
COLLABORATOR_READS = members(LOGIN, 200, 200, 200, 200)
submitted = lambda w: {"pk": w["update"].pk}  # noqa: E731
open_update = lambda w: {"initiative_pk": w["initiative"].pk, "period_pk": w["open"].pk}  # noqa: E731
period = lambda w: {"pk": w["open"].pk}  # noqa: E731


def import_of_staff_a(world) -> dict:
    """An activity import of staff A's (made by the world), checked and waiting for its
    confirmation: its token is staff A's alone (anyone else, their lead included, gets a
    404)."""
    return {"token": world["activity_import"].token}


def _activity_import(owner, initiative):
    from initiatives.imports import services

    with translation.override("en"):
        return services.import_start(by=owner, file_name="a.csv",
                                     data=_import_csv(initiative).encode())


def _import_csv(initiative) -> str:
    return ("Date,Initiative,Kind,Title,Participants,Audience,Language of delivery\n"
            f"2021-05-12,{initiative.slug_en},Workshop,Matrix,4,Youth,French\n")


def import_file(world) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("a.csv", _import_csv(world["initiative"]).encode())}


def report_request_data(world) -> dict:
    return {
        "scope": "initiative", "initiative": world["initiative"].pk,
        "period_from": world["closed"].pk, "period_to": world["closed"].pk,
        "language": "en", "formats": ["xlsx"], "audience": "internal",
    }


def _ready_report(world):
    """A compiled report on organisation A's initiative (its file written directly)."""
    from django.core.files.base import ContentFile

    from portal.reports.models import ProgressReport, ReportFile

    report = ProgressReport.objects.create(
        scope="initiative", initiative=world["initiative"], language="en",
        want_pdf=False, status=ProgressReport.Status.READY,
    )
    report.periods.set([world["closed"]])
    record = ReportFile(report=report, language="en", kind="xlsx", name="report.xlsx",
                        sha256="0" * 64, size=4)
    record.file.save("report.xlsx", ContentFile(b"PK.."), save=False)
    record.save()
    return report, record


def report_of_a(world) -> dict:
    return {"pk": _ready_report(world)[0].pk}


def report_file_of_a(world) -> dict:
    report, record = _ready_report(world)
    return {"pk": report.pk, "file_pk": record.pk}


event_of_a = lambda w: {"pk": w["event"].pk}  # noqa: E731


def event_data(world) -> dict:
    """An event organised by organisation A: staff of B may not organise for A (400, the
    form says why, nothing saved)."""
    return {
        "title_fr": "Séance de la matrice", "title_en": "Matrix session",
        "kind": "engagement", "start": "2031-05-10T18:30", "end": "2031-05-10T20:30",
        "place": "Vanier", "language": "bilingual", "organisers": [world["org_a"].pk],
        "is_public": "on",
    }


EVENT_ROWS = {
    # Public events, their calendars and the forum: everyone; read-only.
    "events:list": Entry([get(everyone(200)), post(everyone(405))]),
    "events:feed": Entry([get(everyone(200)), post(everyone(405))]),
    "events:detail": Entry([
        get(everyone(200), lambda w: {"slug": w["event"].slug_en}),
        get(everyone(404), lambda w: {"slug": "no-such-event"}),
        post(everyone(405), lambda w: {"slug": w["event"].slug_en}),
    ]),
    "events:ical": Entry([
        get(everyone(200), lambda w: {"slug": w["event"].slug_en}),
        get(everyone(404), lambda w: {"slug": "no-such-event"}),
    ]),
    "events:forum": Entry([
        get(everyone(200), lambda w: {"slug": w["forum"].slug_en}),
        post(everyone(405), lambda w: {"slug": w["forum"].slug_en}),
    ]),
    # Workspace: partners manage the events their organisation organises; coordinators all.
    "workspace:events": Entry([get(SIGNED_IN), post(everyone(405))]),
    "workspace:event_create": Entry([
        get(SIGNED_IN),
        post(members(LOGIN, 302, 302, 400, 302), data=event_data),
    ]),
    "workspace:event_edit": Entry([
        get(OF_A, event_of_a),
        post(members(LOGIN, 302, 302, 404, 302), event_of_a, event_data),
    ]),
    "workspace:event_delete": Entry([
        get(OF_A, event_of_a),
        post(members(LOGIN, 302, 302, 404, 302), event_of_a),
    ]),
    # Log the event's attendance as an activity of A's initiative (in the open quarter).
    "workspace:event_attendance": Entry([
        get(OF_A, event_of_a),
        post(members(LOGIN, 302, 302, 404, 302), event_of_a, activity_data),
    ]),
}

def mailing_signup_data(world) -> dict:
    from portal.mailing import consent

    return {"email": "matrix@example.org", "language": "en", "topics": [world["area"].pk],
            "consent_version": consent.VERSION}


def mailing_confirm_token(world) -> dict:
    from portal.mailing import tokens

    return {"token": tokens.confirmation_token(world["subscription"].key)}


def mailing_unsubscribe_token(world) -> dict:
    from portal.mailing import tokens

    return {"token": tokens.unsubscribe_token(world["subscription"].key)}



MATRIX: dict[str, Entry] = {
    # Public pages: everyone.
    "language_choice": Entry([get(everyone(200)), post(everyone(405))]),
    "healthz": Entry([get(everyone(200))]),
    "portal:home": Entry([get(everyone(200))]),
    "portal:about_figures": Entry([get(everyone(200))]),
    # Mailing list (public, no sign-in: the signed link is the proof). A valid sign-up
    # answers with the same redirect whoever asks; an altered link is a 400.
    "mailing:signup": Entry([
        get(everyone(200)),
        post(everyone(200)),  # empty form: errors shown, nothing saved
        post(everyone(302), data=mailing_signup_data),
    ]),
    "mailing:check_email": Entry([get(everyone(200)), post(everyone(405))]),
    "mailing:confirm": Entry([
        get(everyone(200), mailing_confirm_token),   # the button; nothing confirmed yet
        post(everyone(200), mailing_confirm_token),  # confirmed
        get(everyone(400), lambda w: {"token": "forged:token:value"}),
    ]),
    "mailing:unsubscribe": Entry([
        get(everyone(200), mailing_unsubscribe_token),
        post(everyone(200), mailing_unsubscribe_token),
        post(everyone(400), lambda w: {"token": "forged:value"}),
    ]),
    # The coordinators' counts and export of the confirmed addresses.
    "coordination:mailing_list": Entry([get(COORDINATION), post(everyone(405))]),
    "coordination:mailing_list_export": Entry([get(COORDINATION), post(everyone(405))]),
    "portal:open_data": Entry([get(everyone(200)), post(everyone(405))]),
    "portal:open_data_download": Entry([
        get(everyone(200), lambda w: {"dataset": "indicator-values", "fmt": "csv"}),
        get(everyone(200), lambda w: {"dataset": "initiatives", "fmt": "json"}),
        get(everyone(200), lambda w: {"dataset": "organisations", "fmt": "csv"}),
        get(everyone(404), lambda w: {"dataset": "people", "fmt": "csv"}),
        get(everyone(404), lambda w: {"dataset": "initiatives", "fmt": "xml"}),
        post(everyone(405), lambda w: {"dataset": "initiatives", "fmt": "csv"}),
    ]),
    "priorities:plan_list": Entry([get(everyone(200))]),
    "priorities:plan": Entry([get(everyone(200), lambda w: {"slug": w["plan"].slug_en})]),
    "priorities:area": Entry([get(everyone(200), lambda w: {"slug": w["area"].slug_en})]),
    "initiatives:list": Entry([get(everyone(200))]),
    "initiatives:detail": Entry(
        [get(everyone(200), lambda w: {"slug": w["initiative"].slug_en})]
    ),
    "partners:directory": Entry([get(everyone(200))]),
    "partners:detail": Entry([get(everyone(200), lambda w: {"slug": w["org_a"].slug})]),
    # Workspace.
    "workspace:home": Entry([get(SIGNED_IN), post(everyone(405))]),
    "workspace:activities": Entry([get(SIGNED_IN), post(everyone(405))]),
    "workspace:sign_out_everywhere": Entry([
        get(GET_REFUSED),
        post(members(LOGIN, 302, 302, 302, 302)),
    ]),
    "workspace:preferences": Entry([
        get(SIGNED_IN),
        post(members(LOGIN, 302, 302, 302, 302),
             data=lambda w: {"first_name": "A", "last_name": "B", "preferred_language": "en"}),
    ]),
    "workspace:activity_create": Entry([
        get(SIGNED_IN),
        # B posting A's initiative: the form refuses it (200 with an error, nothing saved).
        post(members(LOGIN, 302, 302, 200, 302), data=activity_data),
    ]),
    "workspace:activity": Entry([
        get(OF_A, activity), post(everyone(405), activity),
        get(COLLABORATOR_READS, joint_activity),
    ]),
    # Spreadsheets: each person's export is scoped to what they see; an import's token is
    # its owner's alone.
    "workspace:activities_export": Entry([
        get(SIGNED_IN, lambda w: {"fmt": "csv"}),
        get(SIGNED_IN, lambda w: {"fmt": "xlsx"}),
        get(members(LOGIN, 404, 404, 404, 404), lambda w: {"fmt": "pdf"}),
        post(everyone(405), lambda w: {"fmt": "csv"}),
    ]),
    "workspace:import_start": Entry([
        get(SIGNED_IN),
        # B's rows for A's initiative are checked and shown in error, never written.
        post(members(LOGIN, 302, 302, 302, 302), data=import_file),
    ]),
    "workspace:import_template": Entry([
        get(SIGNED_IN, lambda w: {"fmt": "csv"}),
        get(SIGNED_IN, lambda w: {"fmt": "xlsx"}),
        post(everyone(405), lambda w: {"fmt": "csv"}),
    ]),
    "workspace:import": Entry([
        get(members(LOGIN, 200, 404, 404, 404), import_of_staff_a),
        post(everyone(405), import_of_staff_a),
    ]),
    "workspace:import_confirm": Entry([
        get(GET_REFUSED, import_of_staff_a),
        post(members(LOGIN, 302, 404, 404, 404), import_of_staff_a),
    ]),
    "workspace:import_cancel": Entry([
        get(GET_REFUSED, import_of_staff_a),
        post(members(LOGIN, 302, 404, 404, 404), import_of_staff_a),
    ]),
    "workspace:activity_edit": Entry([
        get(OF_A, activity),
        post(members(LOGIN, 302, 302, 404, 302), activity, activity_data),
        get(members(LOGIN, 200, 200, 403, 200), joint_activity),
        post(members(LOGIN, 302, 302, 403, 302), joint_activity, activity_data),
    ]),
    "workspace:activity_delete": Entry([
        get(OF_A, activity),
        post(members(LOGIN, 302, 302, 404, 302), activity),
        get(members(LOGIN, 200, 200, 403, 200), joint_activity),
        post(members(LOGIN, 302, 302, 403, 302), joint_activity),
    ]),
    "workspace:update": Entry([
        get(OF_A, open_update),
        post(members(LOGIN, 302, 302, 404, 302), open_update, update_data),
        get(COLLABORATOR_READS, joint_update),
        post(members(LOGIN, 302, 302, 403, 302), joint_update, joint_update_data),
    ]),
    "workspace:update_submit": Entry([
        get(GET_REFUSED, open_update),
        post(members(LOGIN, 403, 302, 404, 302), open_update, update_data),
        post(members(LOGIN, 403, 302, 403, 302), joint_update, joint_update_data),
    ]),
    # Coordination.
    "coordination:queue": Entry([get(COORDINATION)]),
    "coordination:review": Entry([get(COORDINATION, submitted)]),
    "coordination:approve": Entry([
        get(GET_REFUSED, submitted), post(COORDINATION_POST, submitted),
    ]),
    "coordination:return": Entry([
        get(GET_REFUSED, submitted),
        post(COORDINATION_POST, submitted, lambda w: {"comment": "Please add figures."}),
    ]),
    "coordination:change_log": Entry([get(COORDINATION), post(GET_REFUSED)]),
    "coordination:periods": Entry([
        get(COORDINATION),
        post(COORDINATION_POST, data=lambda w: {
            "name": "Q3 2021", "start": "2021-07-01", "end": "2021-09-30",
            "due": "2021-10-30",
        }),
    ]),
    "coordination:period_lock": Entry([
        get(GET_REFUSED, period),
        # The world's initiative still owes its update of the open period: without
        # confirm=1 the answer is the confirmation page and nothing is locked...
        post(COORDINATION, period),
        # ... and confirmed, it locks.
        post(COORDINATION_POST, period, lambda w: {"confirm": "1"}),
    ]),
    "coordination:period_open": Entry([get(GET_REFUSED, period), post(COORDINATION_POST, period)]),
    # The coordinator's dashboard: coordinators only, read-only.
    "coordination:dashboard": Entry([get(COORDINATION), post(everyone(405))]),
    "coordination:dashboard_download": Entry([
        get(COORDINATION, lambda w: {"table": "overview", "fmt": "csv"}),
        get(COORDINATION, lambda w: {"table": "overdue", "fmt": "xlsx"}),
        post(everyone(405), lambda w: {"table": "overview", "fmt": "csv"}),
    ]),
    "coordination:dashboard_indicator": Entry([
        get(COORDINATION, lambda w: {"pk": w["indicator"].pk}),
        post(everyone(405), lambda w: {"pk": w["indicator"].pk}),
    ]),
    "coordination:dashboard_indicator_download": Entry([
        get(COORDINATION, lambda w: {"pk": w["indicator"].pk, "fmt": "xlsx"}),
    ]),
    # Compiled reports: coordinators, and partner leads for their own organisation.
    "reports:list": Entry([
        get(members(LOGIN, 403, 200, 403, 200)),
        post(members(LOGIN, 403, 302, 403, 302), data=report_request_data),
    ]),
    "reports:detail": Entry([
        get(members(LOGIN, 403, 200, 403, 200), report_of_a),
        post(everyone(405), report_of_a),
    ]),
    "reports:download": Entry([
        get(members(LOGIN, 403, 200, 403, 200), report_file_of_a),
        post(everyone(405), report_file_of_a),
    ]),
    "reports:retry": Entry([
        get(GET_REFUSED, report_of_a),
        post(members(LOGIN, 403, 302, 403, 302), report_of_a),
    ]),
    # Invitations.
    "invitations:list": Entry([
        get(members(LOGIN, 403, 200, 403, 200)),
        post(members(LOGIN, 403, 302, 403, 302), data=lambda w: {
            "email": "new@example.org", "organisation": w["org_a"].pk, "role": "staff",
            "language": "en",
        }),
    ]),
    # Revoke or resend a pending invitation: those who may invite to its organisation.
    "invitations:revoke": Entry([
        get(members(LOGIN, 405, 405, 405, 405), lambda w: {"pk": w["invitation"].pk}),
        post(members(LOGIN, 403, 302, 403, 302), lambda w: {"pk": w["invitation"].pk}),
    ]),
    "invitations:resend": Entry([
        get(members(LOGIN, 405, 405, 405, 405), lambda w: {"pk": w["invitation"].pk}),
        post(members(LOGIN, 403, 302, 403, 302), lambda w: {"pk": w["invitation"].pk}),
    ]),
    "invitations:accept": Entry([
        get(everyone(200), lambda w: {"token": w["token"]}),
        get(everyone(404), lambda w: {"token": "no-such-token"}),
    ]),
}
MATRIX.update(EVENT_ROWS)

# Patterns of the admin and of allauth, covered by rule: the names they match, and a check
# run on each named pattern that takes no argument.
RULES: dict[str, Callable[[str], bool]] = {
    "admin": lambda name: name.startswith("admin:"),
    "allauth account": lambda name: name.startswith("account_"),
    "allauth mfa": lambda name: name.startswith("mfa_"),
}


def walk(patterns, namespace: str | None = None, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = pattern.name or "<unnamed>"
            yield (f"{namespace}:{name}" if namespace else name), prefix + str(pattern.pattern)


def test_every_pattern_has_an_entry():
    missing = [
        f"{name} ({route})"
        for name, route in walk(get_resolver().url_patterns)
        if name not in MATRIX and not any(rule(name) for rule in RULES.values())
    ]
    assert not missing, "URL patterns without an access-matrix entry: " + ", ".join(missing)


def test_no_stale_entries():
    names = {name for name, _route in walk(get_resolver().url_patterns)}
    assert set(MATRIX) <= names


@pytest.fixture
def world(org_a, org_b, staff_a, lead_a, staff_b, coordinator, administrator):
    activate_totp(coordinator)
    activate_totp(administrator)
    plan = factories.PlanFactory(owner=org_a)
    area = factories.PriorityAreaFactory(plan=plan)
    initiative = factories.InitiativeFactory(lead=org_a)
    initiative.priority_areas.add(area)
    closed = factories.ReportingPeriodFactory(
        start=datetime.date(2021, 1, 1), end=datetime.date(2021, 3, 31),
        due=datetime.date(2021, 4, 30),
    )
    open_period = factories.ReportingPeriodFactory(
        start=datetime.date(2021, 4, 1), end=datetime.date(2021, 6, 30),
        due=datetime.date(2021, 7, 30),
    )
    indicator = factories.IndicatorFactory(initiative=initiative)
    joint = factories.InitiativeFactory(lead=org_a)
    joint.collaborators.add(org_b)
    event = EventFactory(organisers=[org_a], start=ottawa(2021, 5, 10, 18, 30),
                         end=ottawa(2021, 5, 10, 20, 30))
    event.initiatives.add(initiative)
    forum = ForumFactory(host=org_a)
    from django.utils import timezone

    from portal.mailing import consent as mailing_consent
    from portal.mailing import tokens as mailing_tokens
    from portal.mailing.models import Subscription

    # A sign-up waiting for its confirmation (its links are signed from its key).
    subscription = Subscription.objects.create(
        email="pending@example.org", language="en", key=mailing_tokens.new_key(),
        signed_up_at=timezone.now(), source_url="http://testserver/en/mailing-list/",
        signup_ip_hash="", consent_text=mailing_consent.consent_text("en"),
        consent_language="en", consent_version=mailing_consent.VERSION, topics_chosen="x",
    )
    update = factories.ProgressUpdateFactory(
        initiative=initiative, period=closed, status=ProgressUpdate.Status.SUBMITTED
    )
    invitation, token = partner_services.invitation_create(
        by=coordinator, email="invitee@example.org", organisation=org_a, role="staff",
        language="en",
    )
    return {
        "org_a": org_a, "plan": plan, "area": area, "initiative": initiative,
        "open": open_period, "closed": closed, "indicator": indicator, "update": update,
        # In the open quarter, which has no submitted update: partners may still change it.
        "activity": factories.ActivityFactory(initiative=initiative,
                                              date=datetime.date(2021, 5, 1)),
        "token": token,
        "invitation": invitation,
        "joint": joint,
        "event": event, "forum": forum, "subscription": subscription,
        "activity_import": _activity_import(staff_a, initiative),
        # A's activity of the joint initiative, in the open quarter.
        "joint_activity": factories.ActivityFactory(initiative=joint, organisation=org_a,
                                                    date=datetime.date(2021, 5, 2)),
        "users": {"staff_a": staff_a, "lead_a": lead_a, "staff_b": staff_b,
                  "coordinator": coordinator, "administrator": administrator},
    }


def _cases():
    for name, entry in MATRIX.items():
        for index, check in enumerate(entry.checks):
            for role in ROLES:
                yield pytest.param(name, index, role, id=f"{name}[{index}]-{check.method}-{role}")


def _address(name: str, kwargs: dict) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _assert_answer(response, expected, context: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, context
        assert urlsplit(response["Location"]).path == _address("account_login", {}), context
    else:
        assert response.status_code == expected, context


@pytest.mark.parametrize(("name", "index", "role"), list(_cases()))
def test_access(client, world, name, index, role):
    check = MATRIX[name].checks[index]
    if role != "anonymous":
        client.force_login(world["users"][role])
    address = _address(name, check.kwargs(world))
    if check.method == "GET":
        response = client.get(address)
    else:
        response = client.post(address, check.data(world))
    _assert_answer(response, check.expect[role], f"{check.method} {address} as {role}")


ADMIN_EXPECT = members(LOGIN, 403, 403, 403, 403, administrator=200)


def _admin_names() -> list[str]:
    names = []
    for name, _route in walk(get_resolver().url_patterns):
        if RULES["admin"](name) and not name.endswith(":<unnamed>"):
            try:
                _address(name, {})
            except Exception:  # noqa: BLE001 - needs arguments: covered by the sample below
                continue
            names.append(name)
    return names


def _model_admin(name: str):
    from django.contrib import admin

    suffix = name.removeprefix("admin:").removesuffix("_add")
    for model, model_admin in admin.site._registry.items():
        if f"{model._meta.app_label}_{model._meta.model_name}" == suffix:
            return model_admin
    raise LookupError(name)


def _admin_request(world):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world["users"]["administrator"]
    return request


@pytest.mark.parametrize("role", ROLES)
def test_admin_rule(client, world, role):
    """The admin: only administrators; everyone else is sent to allauth's sign-in (anonymous)
    or refused (signed in without staff status). Checked on every admin page that takes no
    argument, and on an object's change page."""
    if role != "anonymous":
        client.force_login(world["users"][role])
    names = _admin_names()
    addresses = [_address(n, {}) for n in names]
    addresses.append(_address("admin:initiatives_activity_change",
                              {"object_id": world["activity"].pk}))
    # Add pages of models the admin keeps read-only (invitations are sent from the workspace).
    read_only = {
        _address(n, {}) for n in names
        if n.endswith("_add") and not _model_admin(n).has_add_permission(_admin_request(world))
    }
    for address in addresses:
        if address.endswith("/logout/"):
            continue  # admin's logout is POST-only and signs out of the whole site
        response = client.get(address, follow=role != "anonymous")
        if role == "anonymous":
            # Straight to allauth's sign-in (admin:login itself is allauth-guarded too).
            assert response.status_code == 302, address
            location = urlsplit(response["Location"]).path
            assert location in (_address("account_login", {}), _address("admin:login", {})), (
                address
            )
            continue
        expected = ADMIN_EXPECT[role]
        if role == "administrator" and address.endswith("/autocomplete/"):
            expected = 403  # the admin refuses an autocomplete query without its parameters
        if role == "administrator" and address in read_only:
            expected = 403
        if role == "administrator" and address.endswith("/process_import/"):
            expected = 405  # import-export's confirmation step is POST-only
        assert response.status_code == expected, f"{address} as {role}"


ALLAUTH_EXPECT: dict[str, dict[str, object]] = {
    # The public entrance.
    "account_login": members(200, 302, 302, 302, 302),
    "account_signup": members(200, 302, 302, 302, 302),  # shows "sign-up closed"
    "account_reset_password": everyone(200),
    "account_reset_password_done": everyone(200),
    "account_reset_password_from_key_done": everyone(200),
    "account_inactive": everyone(200),
    "account_email_verification_sent": everyone(200),
    "account_confirm_login_code": members(302, 302, 302, 302, 302),
    "mfa_authenticate": members(302, 302, 302, 302, 302),
    # Signed in only.
    "account_logout": members(302, 200, 200, 200, 200),  # GET asks; only POST signs out
    "account_reauthenticate": members(LOGIN, 200, 200, 200, 200),
    # Re-authentication by emailed code (allauth 65.14+) is off: it sends back to the form.
    "account_request_reauthentication_code": members(LOGIN, 302, 302, 302, 302),
    "account_confirm_reauthentication_code": members(LOGIN, 302, 302, 302, 302),
    "account_email": members(LOGIN, 200, 200, 200, 200),
    "account_change_password": members(LOGIN, 200, 200, 200, 200),
    "account_set_password": members(LOGIN, 302, 302, 302, 302),
    "mfa_index": members(LOGIN, 200, 200, 200, 200),
    "mfa_reauthenticate": members(LOGIN, 302, 302, 302, 200),
    "mfa_activate_totp": members(LOGIN, 302, 302, 302, 302),
    "mfa_deactivate_totp": members(LOGIN, 404, 404, 404, 302),
    "mfa_view_recovery_codes": members(LOGIN, 404, 404, 404, 404),
    "mfa_generate_recovery_codes": members(LOGIN, 302, 302, 302, 302),
    "mfa_download_recovery_codes": members(LOGIN, 404, 404, 404, 404),
    # With arguments: a bad key shows an explanation, never an error.
    "account_confirm_email": everyone(200),
    "account_reset_password_from_key": everyone(200),
}
ALLAUTH_ARGS = {
    "account_confirm_email": {"key": "bad-key"},
    "account_reset_password_from_key": {"uidb36": "1", "key": "bad-key"},
}


def test_allauth_rule_covers_every_allauth_pattern():
    names = {n for n, _r in walk(get_resolver().url_patterns)
             if RULES["allauth account"](n) or RULES["allauth mfa"](n)}
    assert names <= set(ALLAUTH_EXPECT), sorted(names - set(ALLAUTH_EXPECT))


@pytest.mark.parametrize("role", ROLES)
def test_allauth_rule(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    for name, expect in ALLAUTH_EXPECT.items():
        response = client.get(_address(name, ALLAUTH_ARGS.get(name, {})))
        _assert_answer(response, expect[role], f"{name} as {role}")


def _post_checks():
    for name, entry in MATRIX.items():
        for check in entry.checks:
            if check.method == "POST":
                allowed = [r for r in ROLES if check.expect[r] == 302]
                if allowed:
                    yield pytest.param(name, check, allowed[0], id=name)


def _state() -> tuple:
    from initiatives.models import (
        Activity,
        ActivityImport,
        Event,
        IndicatorValue,
        ReportingPeriod,
    )
    from partners.models import Invitation, Membership, User
    from portal.mailing.models import Subscription

    return (
        list(Activity.objects.order_by("pk").values_list("pk", "title", "participants")),
        list(ProgressUpdate.objects.order_by("pk").values_list("pk", "status", "done_en")),
        list(IndicatorValue.objects.order_by("pk").values_list("pk", "value")),
        list(ReportingPeriod.objects.order_by("pk").values_list("pk", "is_locked")),
        Invitation.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        list(Subscription.objects.order_by("pk").values_list("pk", "status")),
        list(Event.objects.order_by("pk").values_list("pk", "title_en", "start")),
        list(ActivityImport.objects.order_by("pk").values_list("pk", "status")),
    )


@pytest.mark.parametrize(("name", "check", "role"), list(_post_checks()))
def test_every_state_change_needs_csrf(world, name, check, role):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(world["users"][role])
    before = _state()
    response = client.post(_address(name, check.kwargs(world)), check.data(world))
    assert response.status_code == 403
    assert _state() == before


def test_get_never_changes_state(client, world):
    before = _state()
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        for name, entry in MATRIX.items():
            for check in entry.checks:
                if check.method == "GET":
                    client.get(_address(name, check.kwargs(world)))
    assert _state() == before
