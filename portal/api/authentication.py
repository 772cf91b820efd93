"""``Authorization: Bearer <token>`` for the partner API (the public API reads no
credentials at all)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from . import services


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”."))
        token = services.token_use(parts[1].decode("utf-8", "replace"))
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This API token is unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class HasToken(BasePermission):
    """A token is required; a write needs a token with the write scope."""

    def has_permission(self, request, view) -> bool:
        if request.auth is None:
            raise exceptions.NotAuthenticated(
                _("This part of the API needs a personal API token."))
        if request.method not in ("GET", "HEAD", "OPTIONS") and not request.auth.may_write:
            raise exceptions.PermissionDenied(_("This token may only read."))
        return True


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the partner API's token."""

    target_class = "portal.api.authentication.BearerTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token, made on the workspace's API tokens page."}
