"""Factories and helpers for the workspace, coordination and invitation tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from initiatives.models import Indicator
from partners.models import Invitation
from partners.services import hash_token
from tests.factories import IndicatorFactory, OrganisationFactory

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


def quarter(year: int, number: int, **kwargs):
    """The reporting period of a calendar quarter (created once)."""
    from initiatives.models import ReportingPeriod

    start = datetime.date(year, 3 * (number - 1) + 1, 1)
    following = datetime.date(year + (number == 4), 3 * number % 12 + 1, 1)
    end = following - datetime.timedelta(days=1)
    period, _created = ReportingPeriod.objects.get_or_create(
        start=start, end=end,
        defaults={"name": f"Q{number} {year}", "due": end + datetime.timedelta(days=30),
                  **kwargs},
    )
    return period


def value_in(indicator, period, value=None, *, status="approved", state="reported",
             reason=""):
    """A value of ``indicator`` in the update of ``period`` (the update made as needed)."""
    from initiatives.models import IndicatorValue, ProgressUpdate
    from tests.factories import ProgressUpdateFactory

    update = ProgressUpdate.objects.filter(initiative=indicator.initiative, period=period).first()
    if update is None:
        update = ProgressUpdateFactory(initiative=indicator.initiative, period=period,
                                       status=status)
    counts = {}
    if indicator.unit == "percent" and state == "reported" and value is not None:
        # A share as partners give it: a count out of a total (58 % as 58 out of 100).
        share = Decimal(str(value))
        total = 100 if share == share.to_integral_value() else 1000
        counts = {"numerator": int(share * total / 100), "denominator": total}
    return IndicatorValue.objects.create(
        update=update, indicator=indicator, state=state, withheld_reason=reason,
        value=value if state == "reported" else None, **counts,
    )
