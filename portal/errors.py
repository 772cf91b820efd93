"""Error pages in the site's layout and the visitor's language, that need no database.

``handler500`` (``config/urls.py``) answers 503 "temporarily unavailable" when the error is
the database being unreachable, and 500 otherwise. Both render without a request context:
no context processor runs, so nothing touches the database or the session.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils import translation

from portal.i18n import other_language

logger = logging.getLogger("portal.errors")

DATABASE_ERRORS = (OperationalError, InterfaceError)


def _render(request: HttpRequest, template: str, status: int) -> HttpResponse:
    lang = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    other = other_language(lang)
    with translation.override(other):
        alternate = reverse("portal:home")
    with translation.override(lang):
        content = loader.get_template(template).render({
            "current_language": lang,
            "other_language": other,
            "other_language_name": {"fr": "Français", "en": "English"}[other],
            "alternate_url": alternate,
            "suppression_threshold": settings.SUPPRESSION_THRESHOLD,
            "rounding_base": settings.PUBLIC_ROUNDING_BASE,
        })
    response = HttpResponse(content, status=status)
    response["Content-Language"] = lang
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        logger.error("Database unavailable: %s", error)
        response = _render(request, "503.html", 503)
        response["Retry-After"] = "60"
        return response
    return _render(request, "500.html", 500)
