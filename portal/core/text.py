"""Stored text made safe for the files made from it, and refused at the door when it holds
what no file can carry.

Control characters (C0 but tab, line feed and carriage return; DEL; C1) cannot be written
in XML (spreadsheets, the PDF's source), break CSV readers and iCalendar lines, and mean
nothing to a reader. New text is refused with a message (:func:`refuse_control_characters`,
a validator of every free-text field); what older rows already hold is dropped on the way
out by every writer (:func:`printable`, :func:`one_line`), so a stored string can never make
an export, a report or a calendar fail.

The ground floor: imports no app of the project.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def printable(text: str) -> str:
    """``text`` without its control characters (tabs and line breaks stay)."""
    return CONTROL_CHARACTERS.sub("", text) if CONTROL_CHARACTERS.search(text) else text


def one_line(text: str) -> str:
    """``text`` printable and on one line: line breaks become spaces (a title in a calendar,
    the subject of an email)."""
    return LINE_BREAKS.sub(" ", printable(text)).strip()


@deconstructible
class ControlCharacterValidator:
    """Refuse text holding a control character, saying which and where."""

    message = _(
        "Remove the invisible control character (%(code)s) at position %(position)s: it "
        "cannot be printed or exported."
    )
    code = "control_character"

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = CONTROL_CHARACTERS.search(value)
        if found:
            raise ValidationError(
                self.message, code=self.code,
                params={"code": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, ControlCharacterValidator)


refuse_control_characters = ControlCharacterValidator()


class BoundedText:
    """A form mixin for the rules of free text: every text field refuses control characters
    (:func:`refuse_control_characters`), whether or not its model's validators run, and a
    long text (a text area with a ``max_length``) says its limit in its help."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django import forms
        from django.utils.formats import number_format
        from django.utils.translation import gettext

        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            if refuse_control_characters not in field.validators:
                field.validators.append(refuse_control_characters)
            if field.max_length and isinstance(field.widget, forms.Textarea):
                limit = gettext("At most %(count)s characters.") % {
                    "count": number_format(field.max_length, force_grouping=True)}
                field.help_text = f"{field.help_text} {limit}".strip()
