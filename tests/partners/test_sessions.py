"""Sessions end when idle too long (30 minutes for coordinators and administrators, a few
hours for partners), and everywhere at once when their owner asks."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partners.middleware import LAST_SEEN
from tests.factories_workspace import PASSWORD, activate_totp

pytestmark = pytest.mark.django_db


def sign_in(user) -> Client:
    client = Client()
    with translation.override("en"):
        response = client.post(reverse("account_login"),
                               {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def later(seconds: float):
    """The clock, ``seconds`` from now."""
    now = time.time()
    return mock.patch("partners.middleware.time.time", return_value=now + seconds)


def workspace(client: Client):
    with translation.override("en"):
        return client.get(reverse("workspace:home"))


def test_a_coordinator_idle_for_half_an_hour_is_signed_out(coordinator):
    activate_totp(coordinator)
    client = Client()
    client.force_login(coordinator)
    assert workspace(client).status_code == 200
    with later(29 * 60):
        assert workspace(client).status_code == 200  # still there, and now active again
    with later(29 * 60 + 31 * 60):
        response = workspace(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert "next=" in response["Location"]
    landed = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in landed
    assert workspace(client).status_code == 302  # the session is gone


def test_a_partner_keeps_a_longer_session(lead_a):
    client = sign_in(lead_a)
    with later(60 * 60):
        assert workspace(client).status_code == 200
    with later(60 * 60 + 4 * 60 * 60 + 60):
        assert workspace(client).status_code == 302


def test_activity_is_recorded_at_most_once_a_minute(lead_a):
    client = sign_in(lead_a)
    first = client.session[LAST_SEEN]
    workspace(client)
    assert client.session[LAST_SEEN] == first
    with later(120):
        workspace(client)
    assert client.session[LAST_SEEN] > first


def test_sign_out_everywhere_ends_every_session(lead_a):
    laptop, phone = sign_in(lead_a), sign_in(lead_a)
    with translation.override("fr"):
        page = laptop.get(reverse("workspace:preferences")).content.decode()
        assert "Me déconnecter partout" in page
        ended = laptop.post(reverse("workspace:sign_out_everywhere"), follow=True)
    assert "Vos sessions sont fermées sur tous vos appareils." in ended.content.decode()
    assert workspace(laptop).status_code == 302
    assert workspace(phone).status_code == 302
    # Signing in again afterwards works.
    assert workspace(sign_in(lead_a)).status_code == 200
