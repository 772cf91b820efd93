"""Bilingual helpers: translated content with its real language, and the other-language URL."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils import translation


def current_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def other_language(lang: str | None = None) -> str:
    lang = lang or current_language()
    return next(code for code, _name in settings.LANGUAGES if code != lang)


def translated(obj: Model, field: str) -> tuple[str, str, bool]:
    """Return (text, its language, whether it fell back to the other language)."""
    lang = current_language()
    text = getattr(obj, f"{field}_{lang}", None)
    if text:
        return text, lang, False
    other = other_language(lang)
    text = getattr(obj, f"{field}_{other}", None) or ""
    return text, other, bool(text)


def url_in(obj: Model, lang: str) -> str:
    with translation.override(lang):
        return obj.get_absolute_url()


def set_alternate(request: HttpRequest, obj: Model) -> None:
    """Tell the language toggle where this object lives in the other language."""
    request.alternate_url = url_in(obj, other_language())


def get_by_translated_slug(queryset: QuerySet, slug: str):
    """Find an object by its slug in the current language.

    A slug of the other language (someone swapped /fr/ for /en/ by hand) redirects to the
    object's address in the current language instead of a 404.
    """
    lang = current_language()
    obj = queryset.filter(**{f"slug_{lang}": slug}).first()
    if obj is not None:
        return obj, None
    other = other_language(lang)
    obj = queryset.filter(**{f"slug_{other}": slug}).first()
    if obj is None:
        raise Http404
    if not getattr(obj, f"slug_{lang}"):
        # No slug in this language yet: the other language's slug is the address here too.
        return obj, None
    return None, redirect(obj.get_absolute_url(), permanent=True)
