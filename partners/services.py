"""Invitations: the only way into the portal (sign-up is closed)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core.i18n import format_date
from portal.core.mail import queue_email, render_subject

from .models import Invitation, Membership, Organisation, User
from .roles import can_invite


def preferences_update(*, user: User, first_name: str, last_name: str,
                       preferred_language: str) -> User:
    """A person's name and preferred language (of the workspace and of every email)."""
    user.first_name, user.last_name = first_name, last_name
    user.preferred_language = preferred_language
    user.save(update_fields=["first_name", "last_name", "preferred_language"])
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("invitations:accept", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_create(
    *,
    by: User,
    email: str,
    organisation: Organisation,
    role: str,
    language: str,
    now: datetime.datetime | None = None,
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``organisation`` with ``role``; email the link after commit.

    Returns the invitation and the token (its only copy besides the email).
    """
    if not can_invite(by, organisation):
        raise PermissionDenied
    email = User.objects.normalize_email(email).lower()
    if Membership.objects.filter(user__email__iexact=email, organisation=organisation).exists():
        raise ValidationError(
            {"email": [_("This person is already a member of this organisation.")]}
        )
    pending = Invitation.objects.pending().filter(
        email__iexact=email, organisation=organisation
    ).first()
    if pending is not None:
        raise ValidationError({"email": [
            _("An invitation to this address is already pending for this organisation "
              "(sent on %(date)s): resend it or revoke it in the list below.")
            % {"date": format_date(pending.created_at)}
        ]})
    token = secrets.token_urlsafe(32)
    now = now or timezone.now()
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        language=language,
        invited_by=by,
        token_hash=hash_token(token),
        expires_at=now + datetime.timedelta(days=settings.INVITATION_TTL_DAYS),
    )
    with translation.override(language):
        ctx = {"invitation": invitation, "url": invitation_url(token, language),
               # Someone with an account signs in to join: no password to choose.
               "has_account": User.objects.filter(email__iexact=email).exists()}
        subject = render_subject("emails/invitation_subject.txt", ctx)
        body = render_to_string("emails/invitation_body.txt", ctx)
    queue_email(to=email, subject=subject, body=body)
    return invitation, token


@transaction.atomic
def invitation_revoke(*, by: User, invitation: Invitation) -> Invitation:
    """Kill a pending invitation: its link no longer works."""
    if not can_invite(by, invitation.organisation):
        raise PermissionDenied
    revoked = Invitation.objects.pending().filter(pk=invitation.pk).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )
    if not revoked:
        raise ValidationError(_("This invitation was already used, revoked or expired."))
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_resend(*, by: User, invitation: Invitation) -> tuple[Invitation, str]:
    """Send a pending (or expired) invitation again: a new link, and the old one killed."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already used: there is nothing to resend."))
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )
    return invitation_create(
        by=by, email=invitation.email, organisation=invitation.organisation,
        role=invitation.role, language=invitation.language,
    )


def _claim(invitation: Invitation) -> None:
    """Mark the invitation used, once: a second use (even concurrent) is refused."""
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(accepted_at=timezone.now())
    if claimed != 1:
        raise ValidationError(_("This invitation has already been used or has expired."))


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    user: User | None = None,
) -> User:
    """Use the invitation: create the account (or take the signed-in one whose email it is)
    and give it the membership. Single use.

    The inviter must still be allowed to invite to that organisation: a lead who has left,
    or been made staff, since sending it cannot bring anyone in any more.
    """
    inviter = invitation.invited_by
    if inviter is None or not inviter.is_active or not can_invite(inviter,
                                                                   invitation.organisation):
        raise ValidationError(
            _("This invitation is no longer valid: ask your organisation for a new one.")
        )
    _claim(invitation)
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this email already exists: sign in, then open the link.")
            )
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            preferred_language=invitation.language,
        )
        # The invitation proved the address: allauth need not ask again.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membership.Role.LEAD:
        membership.role = Membership.Role.LEAD
        membership.save(update_fields=["role", "updated_at"])
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    invitation.accepted_by = user
    return user


def sign_out_everywhere(*, user: User) -> None:
    """End every session of ``user`` that began before now (``SessionLifetimeMiddleware``
    ends them at their next request)."""
    User.objects.filter(pk=user.pk).update(sessions_valid_after=timezone.now())
