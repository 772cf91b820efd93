"""Addresses of objects found by their slug, without resolving the URLconf for each one.

A list page links to dozens of initiatives, organisations and priority areas; ``reverse``
costs about as much as rendering the link's text. The address of a ``<slug:slug>`` view
differs between objects only by the slug, so it is reversed once per language (its
prefix and translated path), URLconf and script prefix, and each slug is put in its place.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import SlugConverter
from django.utils.translation import get_language

_SLUG = re.compile(SlugConverter.regex)
# Stands for the slug in the reversed address: a valid slug found in no path of the site.
_PLACEHOLDER = "slug-placeholder-0"


@functools.cache
def _around_slug(viewname: str, language: str | None, urlconf: str,
                 prefix: str) -> tuple[str, str]:
    address = reverse(viewname, urlconf=urlconf, kwargs={"slug": _PLACEHOLDER})
    before, _placeholder, after = address.rpartition(_PLACEHOLDER)
    return before, after


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _around_slug.cache_clear()


def slug_url(viewname: str, slug: str) -> str:
    """``reverse(viewname, kwargs={"slug": slug})``, the same string, for a view whose one
    argument is a ``<slug:slug>``. A slug the converter refuses goes to ``reverse``, which
    raises ``NoReverseMatch`` as before; a valid one needs no quoting."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around_slug(viewname, get_language(), urlconf, get_script_prefix())
    return before + slug + after
