"""The facts of membership every permission rule is built on: who coordinates, which
organisations a person belongs to, which they lead. A person's memberships are read once
per request. The rules themselves are in ``initiatives/permissions.py`` (the workspace,
review, events) and each feature's ``permissions.py`` (reports, dashboard, mailing list);
each asks these facts, so there is one rule set (DESIGN.md, "Roles")."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Membership, Organisation, User

_CACHE_ATTR = "_permissions_memberships"


def _memberships(user: User) -> dict[int, str]:
    """``{organisation_id: role}`` for the user, read once per request (cached on the user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user).values_list("organisation_id", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def is_coordinator(user: User) -> bool:
    """Coordinators and administrators: every organisation, every review."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_coordinator or user.is_superuser)
    )


def is_partner(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and _memberships(user))


def organisation_ids(user: User) -> set[int]:
    return set(_memberships(user))


def lead_organisation_ids(user: User) -> set[int]:
    return {org for org, role in _memberships(user).items() if role == Membership.Role.LEAD}



def organisations_to_invite_for(user: User) -> QuerySet[Organisation]:
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=lead_organisation_ids(user))


def can_invite(user: User, organisation: Organisation) -> bool:
    if is_coordinator(user):
        return True
    return organisation.pk in lead_organisation_ids(user)


def can_invite_anyone(user: User) -> bool:
    return is_coordinator(user) or bool(lead_organisation_ids(user))




def view_requires(predicate):
    """A view decorator: signed in (else to the login page), and ``predicate(user)`` true
    (else 403). Each area of the site names its rule once: ``view_requires(can_review)``."""
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
