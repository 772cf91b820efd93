"""Failed sign-ins that slow an attacker without locking the owner out.

allauth limits failed sign-ins per network address (``ACCOUNT_RATE_LIMITS``). Its limit per
email address refused even the right password, from anywhere, to anyone who knew the
address: five wrong passwords locked a coordinator out. Instead:

* after ``SIGN_IN_PAUSE_AFTER`` failures for an address within ``SIGN_IN_PAUSE_SECONDS``,
  sign-ins to it are paused **from devices it has not signed in from** (the attacker's);
* a device the person signed in from before carries a signed cookie naming them
  (``known_device``, a year, HttpOnly), and keeps signing in with the right password;
* the owner is told by email, in their language, the moment the pause starts.

Counts live in the cache, like allauth's own limits (no cache, no pause: allauth's limit per
address still holds).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.core.mail import queue_email

from .models import User

COOKIE = "known_device"
SALT = "partners.throttle.known-device"
COOKIE_AGE = 365 * 24 * 3600
KEPT = 10  # people remembered on one device


def _key(email: str) -> str:
    return "sign-in-failures:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _known(request: HttpRequest) -> list[int]:
    try:
        value = signing.loads(request.COOKIES.get(COOKIE, ""), salt=SALT, max_age=COOKIE_AGE)
    except signing.BadSignature:
        return []
    return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []


def _owner(email: str):
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


def is_paused(request: HttpRequest, email: str) -> bool:
    """Whether sign-ins to ``email`` are paused from this device."""
    if not email or (cache.get(_key(email)) or 0) < settings.SIGN_IN_PAUSE_AFTER:
        return False
    owner = _owner(email)
    return owner is None or owner.pk not in _known(request)


def record_failure(email: str) -> None:
    """Count a failed sign-in to ``email``; tell its owner when the pause starts."""
    if not email:
        return
    key = _key(email)
    cache.add(key, 0, settings.SIGN_IN_PAUSE_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls, or no cache
        return
    if count == settings.SIGN_IN_PAUSE_AFTER:
        owner = _owner(email)
        if owner is not None:
            _tell_owner(owner)


def _tell_owner(owner) -> None:
    minutes = settings.SIGN_IN_PAUSE_SECONDS // 60
    with translation.override(owner.preferred_language or settings.LANGUAGE_CODE):
        queue_email(
            to=owner.email,
            subject=_("Failed sign-ins to your account on the partnership portal"),
            body=_(
                "Hello,\n\nSomeone tried to sign in to the Community Safety Partnership "
                "portal with your address, %(count)s times with a wrong password.\n\n"
                "If it was you, there is nothing to do. If not, your account is safe as "
                "long as nobody knows your password: for %(minutes)s minutes, sign-ins to "
                "your account are paused from any device you have not used before. You can "
                "still sign in as usual from a device you have used, and you can change "
                "your password from your preferences.\n\nThe partnership portal"
            ) % {"count": settings.SIGN_IN_PAUSE_AFTER, "minutes": minutes},
        )


def remember_device(response: HttpResponse, request: HttpRequest, user) -> None:
    """After a successful sign-in: this device is one the person uses."""
    known = [pk for pk in _known(request) if pk != user.pk][-(KEPT - 1):] + [user.pk]
    response.set_cookie(
        COOKIE, signing.dumps(known, salt=SALT), max_age=COOKIE_AGE, httponly=True,
        secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
    )
