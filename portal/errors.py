"""Error pages in the site's layout and the visitor's language (``config/urls.py``).

Each has the layout's ``lang``, skip link and language toggle; the toggle leads to the
home page in the other language (the page itself has no equivalent there).

* 403 and 404 render with the request (the person's menu is right);
* 400 and 500 render without it: no context processor runs, so nothing touches the
  database, the session or a host name that was refused. ``handler500`` answers 503
  "temporarily unavailable" when the error is the database being unreachable.

With DEBUG on (``make run``) Django shows its technical pages instead; the
:class:`SiteErrorPagesMiddleware` shows these pages then too, as production does, unless a
developer asks for the technical ones with ``DEBUG_PAGES=1``.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    MiddlewareNotUsed,
    PermissionDenied,
    SuspiciousOperation,
)
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
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
    if translation.get_language_from_path(request.path_info):
        return _with_request(request, "404.html", 404)
    # An address outside /fr/ and /en/ says nothing of the visitor's language: the page
    # says it in both, the other language in a block marked with its ``lang``.
    lang, alternate = _language_and_alternate(request)
    other = other_language(lang)
    with translation.override(other):
        second = {
            "lang": other,
            "title": translation.gettext("Page not found"),
            "text": translation.gettext("This page does not exist or is no longer published."),
            "home_label": translation.gettext("Go to the home page"),
            "home": alternate,
        }
    with translation.override(lang):
        return render(request, "404.html", {"alternate_url": alternate, "second": second},
                      status=404)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, "400.html", 400)


class SiteErrorPagesMiddleware:
    """Under DEBUG (``make run``), the site's own error pages in the visitor's language,
    as in production, instead of Django's technical pages (which list every address and
    are in English). ``DEBUG_PAGES=1`` turns this off for a developer who wants them;
    without DEBUG it is not used at all (Django's handlers already answer with these).

    A view's exception is answered in ``process_exception`` (the traceback goes to the
    log); an error raised before any view ran (no address matched, a refused host name) is
    a response without ``resolver_match``, replaced by the page of its status.
    """

    PAGES = {
        400: lambda request: bad_request(request),
        403: lambda request: permission_denied(request),
        404: lambda request: page_not_found(request),
        500: lambda request: _render(request, "500.html", 500),
    }

    def __init__(self, get_response) -> None:
        if not settings.DEBUG or getattr(settings, "DEBUG_PAGES", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        page = self.PAGES.get(response.status_code)
        if page is not None and getattr(request, "resolver_match", None) is None and (
            not getattr(response, "site_error_page", False)
        ):
            response = page(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse:
        if isinstance(exception, Http404):
            response = page_not_found(request, exception)
        elif isinstance(exception, PermissionDenied):
            response = permission_denied(request, exception)
        elif isinstance(exception, (BadRequest, SuspiciousOperation)):
            response = bad_request(request, exception)
        else:
            logger.error("Internal server error: %s", request.path, exc_info=exception)
            if isinstance(exception, DATABASE_ERRORS):
                response = _render(request, "503.html", 503)
                response["Retry-After"] = "60"
            else:
                response = _render(request, "500.html", 500)
        response.site_error_page = True
        return response
