"""The signed links of the list's emails.

Each carries the subscription's random key (never the email address), signed with the
site's secret under its own salt: a confirmation link also carries when it was made and
expires after ``MAILING_CONFIRMATION_DAYS``; an unsubscribe link does not expire (it must
keep working as long as the messages that carry it are read).
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.signing import BadSignature, Signer, TimestampSigner

CONFIRM_SALT = "portal.mailing.confirm"
UNSUBSCRIBE_SALT = "portal.mailing.unsubscribe"

__all__ = ["BadSignature", "new_key", "confirmation_token", "confirmation_key",
           "unsubscribe_token", "unsubscribe_key"]


def new_key() -> str:
    return secrets.token_urlsafe(24)


def confirmation_token(key: str) -> str:
    return TimestampSigner(salt=CONFIRM_SALT).sign(key)


def confirmation_key(token: str) -> str:
    """The key of a confirmation link; ``SignatureExpired`` once it is too old,
    ``BadSignature`` when it was altered."""
    max_age = datetime.timedelta(days=settings.MAILING_CONFIRMATION_DAYS)
    return TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)


def unsubscribe_token(key: str) -> str:
    return Signer(salt=UNSUBSCRIBE_SALT).sign(key)


def unsubscribe_key(token: str) -> str:
    """The key of an unsubscribe link; ``BadSignature`` when it was altered."""
    return Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
