"""Error bodies that say what is wrong, in the answer's language.

Every error is ``{"detail": "<a sentence>", "code": "<stable code>"}``, and for bad input also
``"errors": {"<parameter>": ["<what is wrong>"]}``. Messages come from Django REST framework,
django-filter and Django, which ship French catalogues, or from this app's own strings.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class NotModified(exceptions.APIException):
    """The client's copy is current (ETag or Last-Modified): 304, no body."""

    status_code = status.HTTP_304_NOT_MODIFIED


class BadParameters(exceptions.ValidationError):
    pass


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(key): [str(m) for m in (value if isinstance(value, list) else [value])]
                for key, value in detail.items()}
    messages = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(m) for m in messages]}


def exception_handler(exc, context):
    if isinstance(exc, NotModified):
        return Response(status=status.HTTP_304_NOT_MODIFIED)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No such resource in the public API."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("Some parameters are not valid: see “errors”."),
            "code": "invalid",
            "errors": _flatten(exc.detail),
        }
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"detail": str(detail),
                         "code": getattr(detail, "code", None) or "error"}
    return response
