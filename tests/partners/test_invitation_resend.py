"""Resending an invitation replaces it in the list, and an old or revoked link says what
happened to it (not "expired")."""

from __future__ import annotations

import pytest
from django.core import mail

from partners.models import Invitation
from tests.partners.test_invitations import invite, token_from, url

pytestmark = pytest.mark.django_db


def rows(client) -> str:
    html = client.get(url("invitations:list")).content.decode()
    return html.split("<tbody>")[1].split("</tbody>")[0]


def test_each_resend_replaces_the_row_rather_than_piling_up_revoked_ones(
    client, lead_a, org_a, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    invite(client, org_a, capture=django_capture_on_commit_callbacks)
    for _ in range(3):
        latest = Invitation.objects.latest("created_at")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("invitations:resend", pk=latest.pk))
    listed = rows(client)
    assert listed.count('<th scope="row">new.person@example.org</th>') == 1
    assert "Revoked on" not in listed
    assert "Pending, expires on" in listed
    assert len(mail.outbox) == 4


def test_a_revoked_invitation_without_a_newer_one_is_still_listed_as_revoked(
    client, lead_a, org_a, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    invite(client, org_a, capture=django_capture_on_commit_callbacks)
    invite(client, org_a, email="other.person@example.org",
           capture=django_capture_on_commit_callbacks)
    client.post(url("invitations:revoke",
                    pk=Invitation.objects.get(email="new.person@example.org").pk))
    listed = rows(client)
    assert "Revoked on" in listed
    assert listed.count('<th scope="row">new.person@example.org</th>') == 1


@pytest.mark.parametrize("lang, withdrawn, expired", [
    ("en", "This invitation was withdrawn.", "has expired"),
    ("fr", "Cette invitation a été retirée.", "a expiré"),
])
def test_a_revoked_link_says_it_was_withdrawn_not_that_it_expired(
    client, lead_a, org_a, django_capture_on_commit_callbacks, lang, withdrawn, expired
):
    client.force_login(lead_a)
    invite(client, org_a, capture=django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[-1])
    client.post(url("invitations:revoke", pk=Invitation.objects.get().pk))
    client.logout()
    page = client.get(url("invitations:accept", lang, token=token))
    assert page.status_code == 410
    html = page.content.decode()
    assert withdrawn in html and expired not in html


@pytest.mark.parametrize("lang, replaced", [
    ("en", "replaced by a newer one sent to the same address: use the link in the most "
           "recent email."),
    ("fr", "remplacée par une plus récente, envoyée à la même adresse\u00a0: utilisez le "
           "lien du courriel le plus récent."),
])
def test_the_link_of_a_resent_invitation_points_to_the_newer_email(
    client, lead_a, org_a, django_capture_on_commit_callbacks, lang, replaced
):
    client.force_login(lead_a)
    invite(client, org_a, capture=django_capture_on_commit_callbacks)
    old_token = token_from(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("invitations:resend", pk=Invitation.objects.get().pk))
    client.logout()
    html = client.get(url("invitations:accept", lang, token=old_token)).content.decode()
    assert replaced in html and "expired" not in html and "expirée" not in html
