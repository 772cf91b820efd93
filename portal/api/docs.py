"""The API's human-readable documentation: Swagger UI (vendored in ``static/api/``, no CDN)
over the OpenAPI schema generated from the code (drf-spectacular). The page loads only the
portal's own files: no inline script or style, so the site's Content-Security-Policy holds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from .language import requested_language


@require_GET
def documentation(request: HttpRequest) -> HttpResponse:
    language, _unknown = requested_language(request)
    with translation.override(language):
        response = render(request, "api/docs.html", {
            "schema_url": reverse("api:schema"),
            "lang": language,
        })
    response["Content-Language"] = language
    return response
