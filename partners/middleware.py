"""Two-factor authentication is required of coordinators and administrators, and
sessions end when idle too long or when their owner signs out everywhere."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

# What a coordinator without TOTP may still reach: the set-up itself (and the
# re-authentication allauth asks for before it), recovery codes, signing out, and the
# pages that are not about them (/ language choice, health check).
ALLOWED_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "language_choice",
        "healthz",
    }
)


def needs_mfa(user) -> bool:
    return bool(
        user.is_authenticated and (getattr(user, "is_coordinator", False) or user.is_superuser)
    )


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and needs_mfa(user)
            and not self._allowed(request)
            and not has_totp(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        path = request.path_info
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL):
            if prefix and path.startswith(prefix):
                return True
        try:
            match = resolve(path)
        except Resolver404:
            return True  # a 404 reveals nothing
        return match.url_name in ALLOWED_URL_NAMES


# --- Idle sessions and "sign out everywhere" -------------------------------------------------

SIGNED_IN_AT = "portal_signed_in_at"
LAST_SEEN = "portal_last_seen"
# The session is written at most this often just to record activity.
TOUCH_EVERY_SECONDS = 60


def idle_timeout(user) -> int:
    """Seconds without a request before a session ends: short for coordinators and
    administrators (they hold every partner's data), longer for partners."""
    if needs_mfa(user):
        return settings.SESSION_IDLE_TIMEOUT_PRIVILEGED
    return settings.SESSION_IDLE_TIMEOUT_PARTNER


def record_sign_in(sender, request, user, **kwargs) -> None:
    """On every sign-in (``user_logged_in``): when this session started."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionLifetimeMiddleware:
    """Ends a signed-in session that was idle too long, or that began before its owner
    signed out everywhere; the person lands on the sign-in page, told why, and comes back
    to the page they asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._ended(request, user)
            if ended:
                return self._sign_out(request, ended)
        return self.get_response(request)

    @staticmethod
    def _ended(request: HttpRequest, user) -> str:
        session = request.session
        now = time.time()
        signed_in = session.get(SIGNED_IN_AT)
        if signed_in is None:  # a session from before this rule: it starts now
            session[SIGNED_IN_AT] = session[LAST_SEEN] = now
            return ""
        revoked = user.sessions_valid_after
        if revoked is not None and signed_in < revoked.timestamp():
            return "everywhere"
        last_seen = session.get(LAST_SEEN, signed_in)
        if now - last_seen > idle_timeout(user):
            return "idle"
        if now - last_seen > TOUCH_EVERY_SECONDS:
            session[LAST_SEEN] = now
        return ""

    @staticmethod
    def _sign_out(request: HttpRequest, why: str) -> HttpResponse:
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.urls import reverse
        from django.utils.http import urlencode
        from django.utils.translation import gettext as _

        minutes = idle_timeout(request.user) // 60
        logout(request)
        if why == "idle":
            messages.info(request, _(
                "You were signed out after %(minutes)s minutes without activity. Sign in "
                "again to continue."
            ) % {"minutes": minutes})
        else:
            messages.info(request, _(
                "You were signed out on every device. Sign in again to continue."
            ))
        login = reverse("account_login")
        if request.method == "GET":
            login += "?" + urlencode({"next": request.get_full_path()})
        return redirect(login)
