"""Factories and helpers for the workspace, coordination and invitation tests."""

from __future__ import annotations

import datetime

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from initiatives.models import Indicator
from partners.models import Invitation
from partners.services import hash_token

from .factories import IndicatorFactory, OrganisationFactory

PASSWORD = "correct-horse-battery"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    role = "staff"
    language = "fr"
    token_hash = factory.Sequence(lambda n: hash_token(f"token-{n}"))
    expires_at = factory.LazyFunction(
        lambda: datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7)
    )


class DerivedIndicatorFactory(IndicatorFactory):
    source = Indicator.Source.DERIVED
    derivation = Indicator.Derivation.YOUTH_REACHED


def activate_totp(user) -> str:
    """Give ``user`` an activated TOTP authenticator; return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def code_for(secret: str) -> str:
    return current_totp_code(secret)


def current_totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))
