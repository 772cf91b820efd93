"""The language of an API answer: ``?lang=fr|en``, else the first of the portal's languages
in ``Accept-Language``, else French. Not the language cookie: the same address and headers
always get the same answer (and the same ETag)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT = "fr"


@functools.lru_cache(maxsize=256)  # clients send a few distinct headers, on every request
def from_accept_language(header: str) -> str:
    for code, _quality in parse_accept_lang_header(header[:500]):
        base = code.split("-")[0].lower()
        if base in LANGUAGE_CODES:
            return base
    return DEFAULT


def requested_language(request) -> tuple[str, str | None]:
    """The language to answer in, and the unknown ``?lang=`` value when one was asked for
    (the answer is then an error, in the language of ``Accept-Language``)."""
    fallback = from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500])
    # Most requests name no language: their query string is not parsed for it (a name
    # written with %-escapes is).
    query = request.META.get("QUERY_STRING", "")
    asked = request.GET.get("lang") if "lang" in query or "%" in query else None
    if asked is None:
        return fallback, None
    if asked.lower() in LANGUAGE_CODES:
        return asked.lower(), None
    return fallback, asked
