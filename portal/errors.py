"""Error pages in the site's layout and the visitor's language (``config/urls.py``).

Each has the layout's ``lang``, skip link and language toggle; the toggle leads to the
home page in the other language (the page itself has no equivalent there).

* 403 and 404 render with the request (the person's menu is right);
* 400 and 500 render without it: no context processor runs, so nothing touches the
  database, the session or a host name that was refused. ``handler500`` answers 503
  "temporarily unavailable" when the error is the database being unreachable.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation

from portal.context_processors import layout_context
from portal.core.i18n import other_language

logger = logging.getLogger("portal.errors")

DATABASE_ERRORS = (OperationalError, InterfaceError)


def _language_and_alternate(request: HttpRequest) -> tuple[str, str]:
    lang = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(other_language(lang)):
        return lang, reverse("portal:home")


def _render(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """Without the request: nothing but the template and the language."""
    lang, alternate = _language_and_alternate(request)
    with translation.override(lang):
        content = loader.get_template(template).render(layout_context(lang, alternate))
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


def _with_request(request: HttpRequest, template: str, status: int) -> HttpResponse:
    lang, alternate = _language_and_alternate(request)
    with translation.override(lang):
        return render(request, template, {"alternate_url": alternate}, status=status)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _with_request(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _with_request(request, "404.html", 404)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, "400.html", 400)
