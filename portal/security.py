"""The Content-Security-Policy header on every response.

Only the portal's own scripts, styles, images and fonts load (``'self'``; ``data:`` images
for the QR code of the two-factor set-up); no inline script, no inline style (bars and
accent colours are SVG attributes), no framing, forms post only to the portal. Django
5.2 has no CSP of its own; Django 6 does, and this can move there.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
