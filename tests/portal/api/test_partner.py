"""Personal API tokens and the partner API: made, shown once, stored hashed, expiring,
revoked, listed with their last use; with a token, a partner reads what they may read on the
site and logs activities exactly as the workspace form allows (same form, rules, locks and
history, "via the API"); every role against every token state."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.history import API_REASON, activity_history
from initiatives.models import Activity
from portal.api import services
from portal.api.models import ApiToken
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

PARTNER = "/api/v1/partner/"


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def token_of(user, scope: str = "write", days: int = 30) -> str:
    return services.token_create(user=user, name="Our CRM", scope=scope, days=days)[1]


@pytest.fixture
def world(org_a, org_b, staff_a, lead_a, staff_b, coordinator):
    mine = factories.InitiativeFactory(lead=org_a, start=datetime.date(2021, 1, 1),
                                       end=datetime.date(2031, 12, 31), is_public=False)
    theirs = factories.InitiativeFactory(lead=org_b)
    joint = factories.InitiativeFactory(lead=org_a, start=datetime.date(2021, 1, 1),
                                        end=datetime.date(2031, 12, 31))
    joint.collaborators.add(org_b)
    return {
        "mine": mine, "theirs": theirs, "joint": joint,
        "activity": factories.ActivityFactory(initiative=mine, organisation=org_a,
                                              date=datetime.date(2026, 5, 1)),
        "their_activity": factories.ActivityFactory(initiative=theirs, organisation=org_b),
        "joint_activity": factories.ActivityFactory(initiative=joint, organisation=org_a,
                                                    date=datetime.date(2026, 5, 2)),
        "users": {"staff_a": staff_a, "lead_a": lead_a, "staff_b": staff_b,
                  "coordinator": coordinator},
    }


def new_activity(world, **changes) -> dict:
    return {"initiative": world["mine"].pk, "date": "2026-05-10", "kind": "workshop",
            "title": "Atelier par l'API", "participants": 12, "audience": "youth",
            "language": "fr", **changes}


# --- The tokens page --------------------------------------------------------------------------


def test_a_partner_makes_a_token_seen_once_and_stored_hashed(client, world):
    staff_a = world["users"]["staff_a"]
    client.force_login(staff_a)
    with translation.override("en"):
        address = reverse("api_tokens:tokens")
    response = client.post(address, {"name": "Our CRM", "scope": "write", "days": "30"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    secret = html.split('<code translate="no">', 1)[1].split("<", 1)[0]
    assert secret.startswith("csp_") and len(secret) > 40
    token = ApiToken.objects.get()
    assert token.user == staff_a and token.scope == "write"
    assert secret not in (token.key_hash, token.prefix) and secret.startswith(token.prefix)
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    # Listed afterwards by its beginning only.
    listing = client.get(address).content.decode()
    assert token.prefix in listing and secret not in listing
    assert "never" in listing
    client.get(PARTNER + "initiatives/", headers=bearer(secret))
    assert "never" not in client.get(address).content.decode()


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "Assurez-vous que cette valeur est inférieure ou égale à 365."),
    ("en", "Ensure this value is less than or equal to 365."),
])
def test_a_bad_token_form_says_why(client, world, lang, message):
    client.force_login(world["users"]["staff_a"])
    with translation.override(lang):
        address = reverse("api_tokens:tokens")
    response = client.post(address, {"name": "x", "scope": "write", "days": "999"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert message in response.content.decode()
    # The service holds the same bound whoever calls it.
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        services.token_create(user=world["users"]["staff_a"], name="x", scope="read", days=0)
    assert refused.value.message_dict["days"] == [
        {"fr": "Un jeton dure de 1 à 365 jours.", "en": "A token lasts from 1 to 365 days."}[lang]]


def test_only_the_owner_revokes_a_token(client, world):
    secret = token_of(world["users"]["staff_a"])
    token = ApiToken.objects.get()
    client.force_login(world["users"]["lead_a"])
    with translation.override("en"):
        revoke = reverse("api_tokens:revoke", kwargs={"pk": token.pk})
    assert client.post(revoke).status_code == 404
    assert client.get(PARTNER + "initiatives/", headers=bearer(secret)).status_code == 200
    client.force_login(world["users"]["staff_a"])
    assert client.post(revoke).status_code == 302
    assert client.get(PARTNER + "initiatives/", headers=bearer(secret)).status_code == 401


# --- Every role against every token state -----------------------------------------------------


def token_states(world, role):
    user = world["users"][role]
    states = {"none": None, "unknown": "csp_" + "x" * 43, "malformed": "Bearer"}
    states["active"] = token_of(user)
    states["expired"] = token_of(user)
    ApiToken.objects.filter(key_hash=services._hash(states["expired"])).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1))
    states["revoked"] = token_of(user)
    services.token_revoke(token=ApiToken.objects.get(key_hash=services._hash(states["revoked"])),
                          by=user)
    return states


EXPECTED_READ = {"active": 200, "none": 401, "unknown": 401, "malformed": 401,
                 "expired": 401, "revoked": 401}


@pytest.mark.parametrize("role", ["staff_a", "lead_a", "staff_b", "coordinator"])
def test_every_role_and_token_state(client, world, role):
    states = token_states(world, role)
    of_a = role in ("staff_a", "lead_a", "coordinator")
    for state, secret in states.items():
        headers = {} if secret is None else (
            {"Authorization": secret} if state == "malformed" else bearer(secret))
        for path in ("initiatives/", "activities/", f"initiatives/{world['mine'].pk}/",
                     f"activities/{world['activity'].pk}/"):
            response = client.get(PARTNER + path, headers=headers)
            expected = EXPECTED_READ[state]
            if expected == 200 and path.count("/") == 2 and not of_a:
                expected = 404  # another organisation's initiative or activity
            assert response.status_code == expected, (role, state, path)
            if expected == 401:
                assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    # A session is not a token (two-factor set up, so a coordinator is not sent to it).
    activate_totp(world["users"][role])
    client.force_login(world["users"][role])
    assert client.get(PARTNER + "initiatives/").status_code == 401


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "Ce jeton d’API est inconnu, expiré ou révoqué."),
    ("en", "This API token is unknown, expired or revoked."),
])
def test_a_refused_token_says_why_in_the_language_asked(client, lang, message):
    response = client.get(PARTNER + "initiatives/", {"lang": lang},
                          headers=bearer("csp_nothing"))
    assert response.status_code == 401
    assert response.json() == {"detail": message, "code": "authentication_failed"}


def test_a_deactivated_persons_tokens_stop_working(client, world):
    staff_a = world["users"]["staff_a"]
    secret = token_of(staff_a)
    staff_a.is_active = False
    staff_a.save()
    assert client.get(PARTNER + "initiatives/", headers=bearer(secret)).status_code == 401


# --- Reading ---------------------------------------------------------------------------------


def test_a_partner_reads_what_the_workspace_shows_them(client, world):
    secret = token_of(world["users"]["staff_b"], scope="read")
    initiatives = client.get(PARTNER + "initiatives/", headers=bearer(secret)).json()
    assert {i["id"] for i in initiatives["results"]} == {world["theirs"].pk, world["joint"].pk}
    activities = client.get(PARTNER + "activities/", headers=bearer(secret)).json()
    assert {a["id"]: a["may_edit"] for a in activities["results"]} == {
        world["their_activity"].pk: True, world["joint_activity"].pk: False}
    response = client.get(PARTNER + "initiatives/", headers=bearer(secret))
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


# --- Writing, as the form allows --------------------------------------------------------------


def test_a_write_token_logs_an_activity_through_the_forms_rules(client, world):
    staff_a = world["users"]["staff_a"]
    secret = token_of(staff_a)
    response = client.post(PARTNER + "activities/", new_activity(world),
                           content_type="application/json", headers=bearer(secret))
    assert response.status_code == 201, response.content
    body = response.json()
    activity = Activity.objects.get(pk=body["id"])
    assert (activity.logged_by, activity.organisation.slug, activity.participants) == (
        staff_a, "org-a", 12)
    assert body["organisation"] == "org-a" and body["kind"]["code"] == "workshop"
    record = activity.history.latest()
    assert record.history_user == staff_a
    assert record.history_change_reason == API_REASON
    with translation.override("en"):
        assert str(activity_history(activity)[0].reason) == "Via the API"


def test_a_read_token_cannot_write(client, world):
    secret = token_of(world["users"]["staff_a"], scope="read")
    for method, path in (("post", "activities/"),
                         ("patch", f"activities/{world['activity'].pk}/"),
                         ("delete", f"activities/{world['activity'].pk}/")):
        response = getattr(client, method)(PARTNER + path, new_activity(world),
                                           content_type="application/json",
                                           headers=bearer(secret))
        assert response.status_code == 403, method
        assert response.json()["detail"] == "Ce jeton ne peut que lire."
    assert Activity.objects.count() == 3


@pytest.mark.parametrize(("lang", "field", "changes", "message"), [
    ("en", "participants", {"participants": -1}, "Participants must be a whole number from 0."),
    ("fr", "participants", {"participants": -1},
     "Le nombre de participants doit être un nombre entier égal ou supérieur à 0."),
    ("en", "initiative", {"initiative": "THEIRS"},
     "Choose an initiative your organisation leads or joins."),
    ("en", "kind", {"kind": "party"}, "Select a valid choice. party is not one of the "
                                      "available choices."),
    ("en", "non_field_errors", {"date": "2020-01-01"}, "The date must fall within"),
    ("en", "colour", {"colour": "red"}, "Unknown field."),
])
def test_bad_input_is_a_400_that_says_why(client, world, lang, field, changes, message):
    if changes.get("initiative") == "THEIRS":
        changes["initiative"] = world["theirs"].pk
    secret = token_of(world["users"]["staff_a"])
    response = client.post(PARTNER + f"activities/?lang={lang}", new_activity(world, **changes),
                           content_type="application/json", headers=bearer(secret))
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    found = errors.get(field) or errors.get("date") or []
    assert any(message in text for text in found), errors
    assert Activity.objects.count() == 3


def test_edit_and_delete_follow_the_forms_rules_and_locks(client, world, coordinator):
    secret_a = token_of(world["users"]["staff_a"])
    path = PARTNER + f"activities/{world['activity'].pk}/"
    edited = client.patch(path, {"participants": 30}, content_type="application/json",
                          headers=bearer(secret_a))
    assert edited.status_code == 200, edited.content
    assert edited.json()["participants"] == 30
    world["activity"].refresh_from_db()
    assert world["activity"].participants == 30
    assert world["activity"].history.latest().history_change_reason == API_REASON
    # A collaborator reads the lead's activity of a joint initiative, never changes it.
    secret_b = token_of(world["users"]["staff_b"])
    joint = PARTNER + f"activities/{world['joint_activity'].pk}/"
    assert client.patch(joint, {"participants": 1}, content_type="application/json",
                        headers=bearer(secret_b)).status_code == 403
    assert client.delete(joint, headers=bearer(secret_b)).status_code == 403
    # Another organisation's activity does not exist for them.
    assert client.delete(path, headers=bearer(secret_b)).status_code == 404
    # A locked period: no change, no deletion, the form's message.
    period = factories.ReportingPeriodFactory(start=datetime.date(2026, 4, 1),
                                              end=datetime.date(2026, 6, 30),
                                              due=datetime.date(2026, 7, 30), is_locked=True)
    refused = client.delete(path, headers=bearer(secret_a))
    assert refused.status_code == 400
    assert str(period.label) in " ".join(refused.json()["errors"]["non_field_errors"])
    assert Activity.objects.filter(pk=world["activity"].pk).exists()
    period.is_locked = False
    period.save()
    assert client.delete(path, headers=bearer(secret_a)).status_code == 204
    assert not Activity.objects.filter(pk=world["activity"].pk).exists()


def test_ten_tokens_in_use_at_most(client, world):
    staff_a = world["users"]["staff_a"]
    for _ in range(services.MAX_ACTIVE):
        token_of(staff_a)
    client.force_login(staff_a)
    with translation.override("en"):
        response = client.post(reverse("api_tokens:tokens"),
                               {"name": "One more", "scope": "read", "days": "30"})
    assert response.status_code == 400
    assert "You have 10 tokens in use: revoke one first." in response.content.decode()
    assert ApiToken.objects.count() == services.MAX_ACTIVE


# --- Rate limit per token ----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Too many requests with this API token. Expected available in 60 seconds."),
    ("fr", "Trop de requêtes avec ce jeton d’API. Disponible à nouveau dans 60 secondes."),
])
def test_each_token_has_its_own_rate_limit_whatever_its_address(client, world, monkeypatch,
                                                                 lang, message):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {
        **api_settings.DEFAULT_THROTTLE_RATES, "api": "100/minute", "token": "2/minute"})
    staff_a = world["users"]["staff_a"]
    secret, other = token_of(staff_a, scope="read"), token_of(staff_a, scope="read")
    address = PARTNER + f"initiatives/?lang={lang}"
    for number in range(2):
        assert client.get(address, headers=bearer(secret),
                          REMOTE_ADDR=f"10.0.0.{number + 1}").status_code == 200
    refused = client.get(address, headers=bearer(secret), REMOTE_ADDR="10.0.0.3")
    assert refused.status_code == 429
    assert refused.json() == {"detail": message, "code": "token_throttled"}
    assert refused["Retry-After"] == "60"
    assert refused["Content-Language"] == lang
    # Another token of the same person, from the same address: its own count.
    assert client.get(address, headers=bearer(other), REMOTE_ADDR="10.0.0.3").status_code == 200
