"""Making, using and revoking personal API tokens (writes; see :mod:`.models`)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import User

from .models import ApiToken

PREFIX = "csp_"
MAX_DAYS = 365
MAX_ACTIVE = 10
# The time of last use is written at most this often (a busy client is one write a minute).
LAST_USE_RESOLUTION = datetime.timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its secret (shown once: only its hash is kept)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lasts from 1 to %(max)s days.")
                               % {"max": MAX_DAYS}})
    active = ApiToken.objects.select_for_update().filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
    if len(active) >= MAX_ACTIVE:
        raise ValidationError(_("You have %(max)s tokens in use: revoke one first.")
                              % {"max": MAX_ACTIVE})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), scope=scope, prefix=secret[:10],
                     key_hash=_hash(secret),
                     expires_at=timezone.now() + datetime.timedelta(days=days))
    token.full_clean(exclude=["key_hash", "prefix"])
    token.save()
    return token, secret


def token_revoke(*, token: ApiToken, by: User) -> None:
    """Revoke one of ``by``'s own tokens (the lookup is scoped to them by the view)."""
    if token.user_id != by.pk:
        raise PermissionError("not this person's token")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def token_use(secret: str) -> ApiToken | None:
    """The active token whose secret is ``secret`` (its owner still active), noting its use;
    None for an unknown, expired or revoked token."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = (ApiToken.objects.select_related("user").filter(key_hash=_hash(secret)).first())
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
