"""When one language's text changes and the other's does not, the other is flagged
"translation to review" in the admin, until someone confirms it.

Content editors work in the admin, with a tab per language. :class:`TranslationReviewAdmin`
compares what the form changed: French text changed and English not, the English is to
review (and the reverse); both changed, nothing is. The flag shows in the admin's list (a
column and a filter) and on the object's page, where an editor clears it once the other
language says the same again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def review_field() -> models.CharField:
    """The model field that holds the language whose text is to review ("" for none)."""
    return models.CharField(
        _("translation to review"),
        max_length=2,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "Set when one language's text changed and the other's did not. Once the other "
            "language says the same again, empty it to confirm the translation."
        ),
    )


def language_to_review(changed: set[str], fields: tuple[str, ...]) -> str | None:
    """The language whose translation is now to review, "" if none, or None when the form
    changed no translated text (the flag is then left as the editor set it)."""
    touched = {lang for lang in LANGUAGES for field in fields if f"{field}_{lang}" in changed}
    if not touched:
        return None
    if len(touched) == len(LANGUAGES):
        return ""
    (edited,) = touched
    return next(lang for lang in LANGUAGES if lang != edited)


class TranslationReviewAdmin:
    """Mixed into a model admin; ``review_fields`` are the translated fields compared."""

    review_fields: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change) -> None:
        if change and "translation_to_review" not in form.changed_data:
            language = language_to_review(set(form.changed_data), self.review_fields)
            if language is not None:
                obj.translation_to_review = language
        super().save_model(request, obj, form, change)
