"""Two-factor authentication is required of coordinators and administrators."""

from __future__ import annotations

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
