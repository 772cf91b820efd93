"""Bilingual helpers: translated content with its real language, and the other-language URL."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Choices, Model, QuerySet
from django.dispatch import receiver
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils import translation


def current_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def other_language(lang: str | None = None) -> str:
    lang = lang or current_language()
    return next(code for code, _name in settings.LANGUAGES if code != lang)


# How people read dates, in each language (Canadian style guides): "1er mars 2021" and
# "March 1, 2021" spelled out; "1er oct. 2022" and "Oct. 1, 2022" in tables and lists.
# Downloads keep ISO 8601.
DATE_STYLES = {
    "fr": {"long": "j F Y", "long_datetime": "j F Y, G \\h i",
           "medium": "j N Y", "medium_datetime": "j N Y, G \\h i", "month": "N Y"},
    "en": {"long": "F j, Y", "long_datetime": "F j, Y, H:i",
           "medium": "N j, Y", "medium_datetime": "N j, Y, H:i", "month": "N Y"},
}


def format_date(value, style: str = "long") -> str:
    """``value`` (a date, or a datetime shown in the portal's time zone) in the active
    language's ``style``; in French the first of the month is "1er"."""
    import datetime

    from django.utils import dateformat, timezone

    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    lang = current_language()
    text = dateformat.format(value, DATE_STYLES.get(lang, DATE_STYLES["en"])[style])
    if lang == "fr" and value.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]
    if lang == "fr" and style.endswith("datetime") and text.endswith(" h 00"):
        text = text[: -len(" 00")]  # "14 h", never "14 h 00"
    return text


@functools.cache
def _choice_labels(choices: type[Choices], language: str | None) -> dict:
    return {value: str(label) for value, label in choices.choices}


@receiver(setting_changed)
def _forget_choice_labels(*, setting: str, **kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _choice_labels.cache_clear()


def choice_label(choices: type[Choices], value):
    """The label of ``value`` among ``choices`` in the active language, as
    ``get_FOO_display()`` gives it (``value`` itself when it is not one of them).

    Django's translates every label of the field's choices to find one; lists show a
    status on every row, so the labels are translated once per language and process."""
    return _choice_labels(choices, translation.get_language()).get(value, value)


def translated(obj: Model, field: str, lang: str | None = None) -> tuple[str, str, bool]:
    """Return (text, its language, whether it fell back to the other language); ``lang``:
    the active language (:func:`current_language`), when the caller has read it already."""
    lang = lang or current_language()
    text = getattr(obj, f"{field}_{lang}", None)
    if text:
        return text, lang, False
    other = other_language(lang)
    text = getattr(obj, f"{field}_{other}", None) or ""
    return text, other, bool(text)


def field_reader(model: type[Model], field: str) -> Callable[[Model], object]:
    """A function giving ``instance.<field>`` of a translated field (modeltranslation's
    descriptor) in the language active now, read once: the same languages in the same
    order, the same empty values, the descriptor itself whenever no language has a
    meaningful value. For lists that read one name per row."""
    from modeltranslation.fields import NONE
    from modeltranslation.utils import build_localized_fieldname, resolution_order

    descriptor = model.__dict__[field]
    names = [build_localized_fieldname(field, lang)
             for lang in resolution_order(translation.get_language(),
                                          descriptor.fallback_languages)]
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()

    def read(instance: Model):
        for name in names:
            value = getattr(instance, name, None)
            if value is not None and value != undefined:
                return value
        return descriptor.__get__(instance, type(instance))

    return read


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


def require_both_languages(obj: Model, fields: tuple[str, ...]) -> None:
    """Publishing needs both languages: raise a ValidationError, on each empty translation
    of ``fields`` (``title_en``...), when ``obj`` is or would be public. Called by the
    models' ``clean()``, so the admin and every form refuse it, in the editor's language."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    missing = {
        "fr": _("Required in French to publish: public pages show both languages."),
        "en": _("Required in English to publish: public pages show both languages."),
    }
    errors: dict[str, list[str]] = {}
    for field in fields:
        for lang, message in missing.items():
            if not (getattr(obj, f"{field}_{lang}", None) or "").strip():
                errors[f"{field}_{lang}"] = [message]
    if errors:
        raise ValidationError(errors)
