"""Invitations: the only way in. Single use, expiry, leads limited to their organisation."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from partners import services
from partners.models import Invitation, Membership, User
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def invite(client, org, *, email="new.person@example.org", role="staff", language="fr",
           capture=None):
    data = {"email": email, "organisation": org.pk, "role": role, "language": language}
    if capture is None:
        return client.post(url("invitations:list"), data)
    with capture(execute=True):
        return client.post(url("invitations:list"), data)


def token_from(message) -> str:
    return re.search(r"/invitations/([\w-]+)/", message.body).group(1)


def test_lead_invites_to_own_organisation_and_the_person_joins(
    client, lead_a, org_a, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    response = invite(client, org_a, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.invited_by) == (org_a, lead_a)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "/fr/" in message.body  # the link is in the invitee's language
    token = token_from(message)
    assert invitation.token_hash == services.hash_token(token)  # only a hash is stored
    assert token not in invitation.token_hash

    client.logout()
    accept = url("invitations:accept", "fr", token=token)
    assert client.get(accept).status_code == 200
    response = client.post(accept, {
        "first_name": "Nouvelle", "last_name": "Personne",
        "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase",
    })
    assert response.status_code == 302
    assert response["Location"] == url("workspace:home", "fr")
    user = User.objects.get(email="new.person@example.org")
    assert user.preferred_language == "fr"
    assert user.check_password("a-long-pass-phrase")
    assert Membership.objects.get(user=user).organisation == org_a
    # Signed in: the workspace opens.
    assert client.get(url("workspace:home")).status_code == 200

    # Single use.
    client.logout()
    assert client.get(accept).status_code == 410
    response = client.post(accept, {
        "password1": "another-long-phrase", "password2": "another-long-phrase",
    })
    assert response.status_code == 410
    user.refresh_from_db()
    assert user.check_password("a-long-pass-phrase")


def test_lead_cannot_invite_to_another_organisation(client, lead_a, org_b):
    client.force_login(lead_a)
    response = invite(client, org_b)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_service_refuses_lead_of_other_organisation(lead_a, org_b):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.invitation_create(by=lead_a, email="x@example.org", organisation=org_b,
                                   role="staff", language="en")


def test_staff_cannot_invite(client, staff_a, org_a):
    client.force_login(staff_a)
    assert client.get(url("invitations:list")).status_code == 403
    assert invite(client, org_a).status_code == 403
    assert not Invitation.objects.exists()


def test_coordinator_invites_to_any_organisation_with_any_role(client, coordinator, org_b):
    activate_totp(coordinator)
    client.force_login(coordinator)
    assert invite(client, org_b, role="lead", language="en").status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role) == (org_b, "lead")


def test_expired_invitation_is_refused(client, coordinator, org_a):
    invitation, token = services.invitation_create(
        by=coordinator, email="late@example.org", organisation=org_a, role="staff",
        language="en", now=timezone.now() - datetime.timedelta(days=8),
    )
    accept = url("invitations:accept", token=token)
    assert client.get(accept).status_code == 410
    response = client.post(accept, {"password1": "a-long-pass-phrase",
                                    "password2": "a-long-pass-phrase"})
    assert response.status_code == 410
    assert not User.objects.filter(email="late@example.org").exists()


def test_unknown_token_is_404(client):
    assert client.get(url("invitations:accept", token="not-a-real-token")).status_code == 404


def test_weak_password_is_refused(client, coordinator, org_a):
    _invitation, token = services.invitation_create(
        by=coordinator, email="weak@example.org", organisation=org_a, role="staff",
        language="en",
    )
    response = client.post(url("invitations:accept", token=token),
                           {"password1": "12345", "password2": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="weak@example.org").exists()
    assert Invitation.objects.get().accepted_at is None  # still usable


def test_signed_in_existing_user_joins_another_organisation(client, staff_b, org_a,
                                                            coordinator):
    _invitation, token = services.invitation_create(
        by=coordinator, email=staff_b.email, organisation=org_a, role="staff", language="en",
    )
    client.force_login(staff_b)
    assert client.post(url("invitations:accept", token=token)).status_code == 302
    assert Membership.objects.filter(user=staff_b, organisation=org_a).exists()


def test_sign_up_is_closed(client):
    response = client.get(url("account_signup"))
    assert response.status_code == 200
    assert "closed" in response.content.decode().lower()
    client.post(url("account_signup"), {
        "email": "intruder@example.org", "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    })
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_invitation_of_a_lead_who_is_no_longer_lead_cannot_be_used(client, lead_a, org_a):
    _invitation, token = services.invitation_create(
        by=lead_a, email="later@example.org", organisation=org_a, role="staff", language="en",
    )
    Membership.objects.filter(user=lead_a).update(role=Membership.Role.STAFF)
    response = client.post(url("invitations:accept", token=token), {
        "first_name": "Sam", "last_name": "Later",
        "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase",
    })
    assert response.status_code == 200
    assert "no longer valid" in response.content.decode()
    assert not User.objects.filter(email="later@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_pending_invitation_can_be_revoked_and_its_link_dies(
    client, lead_a, org_a, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    invite(client, org_a, capture=django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[-1])
    invitation = Invitation.objects.get()
    response = client.post(url("invitations:revoke", pk=invitation.pk), follow=True)
    assert "is revoked" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and not invitation.is_usable
    assert "Revoked on" in client.get(url("invitations:list")).content.decode()
    client.logout()
    accept = client.get(url("invitations:accept", token=token))
    assert accept.status_code in (404, 410) or "no longer" in accept.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_resending_makes_a_new_link_and_kills_the_old(
    client, lead_a, org_a, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    invite(client, org_a, capture=django_capture_on_commit_callbacks)
    old_token = token_from(mail.outbox[-1])
    first = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("invitations:resend", pk=first.pk))
    new_token = token_from(mail.outbox[-1])
    assert new_token != old_token and len(mail.outbox) == 2
    assert Invitation.objects.pending().count() == 1
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert services.invitation_by_token(old_token) is None or not services.invitation_by_token(
        old_token).is_usable
    assert services.invitation_by_token(new_token).is_usable


def test_inviting_an_address_already_pending_or_with_an_account_says_so(
    client, lead_a, org_a, staff_b, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    invite(client, org_a, capture=django_capture_on_commit_callbacks)
    again = invite(client, org_a)
    assert again.status_code == 200
    assert "already pending for this organisation" in again.content.decode()
    assert Invitation.objects.count() == 1
    response = invite(client, org_a, email=staff_b.email,
                      capture=django_capture_on_commit_callbacks)
    page = client.get(response["Location"]).content.decode()
    assert "already has an account" in page


def test_another_organisations_invitation_cannot_be_revoked(client, lead_a, coordinator,
                                                             org_b):
    invitation, _token = services.invitation_create(
        by=coordinator, email="b@example.org", organisation=org_b, role="staff",
        language="en")
    client.force_login(lead_a)
    assert client.post(url("invitations:revoke", pk=invitation.pk)).status_code == 404
    assert client.post(url("invitations:resend", pk=invitation.pk)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize("language, subject", [
    ("en", "You are invited to the Community Safety Partnership portal ("),
    ("fr", "Invitation au portail du Partenariat pour la sécurité communautaire ("),
])
def test_the_invitation_subject_names_the_portal_with_its_capitals(
    coordinator, org_a, language, subject, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(by=coordinator, email="new.person@example.org",
                                   organisation=org_a, role="staff", language=language)
    assert mail.outbox[-1].subject.startswith(subject)


@pytest.mark.parametrize("language, choose, sign_in", [
    ("en", "Choose your password", "Sign in with your account"),
    ("fr", "Choisissez votre mot de passe", "Connectez-vous avec votre compte"),
])
def test_an_invitation_to_an_existing_account_asks_to_sign_in_not_to_choose_a_password(
    coordinator, org_a, staff_b, language, choose, sign_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(by=coordinator, email=staff_b.email, organisation=org_a,
                                   role="staff", language=language)
    body = mail.outbox[-1].body
    assert choose not in body and sign_in in body
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(by=coordinator, email="new.person@example.org",
                                   organisation=org_a, role="staff", language=language)
    assert choose in mail.outbox[-1].body
