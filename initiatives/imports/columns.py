"""The columns of an activity spreadsheet, named in French or English, and the cells'
values: choice labels in either language, dates as 2022-08-15 or 15/08/2022, whole
numbers. Each ``parse_*`` returns the value or raises :class:`CellError` with a message
in the active language."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import Activity
from .reader import Cell, Formula


@dataclass(frozen=True)
class Column:
    key: str
    required: bool = True

    @property
    def label(self) -> str:
        """The column's header in the active language (the activity form's label)."""
        return str(capfirst(Activity._meta.get_field(self.key).verbose_name))


COLUMNS = [
    Column("date"),
    Column("initiative"),
    Column("kind"),
    Column("title"),
    Column("participants"),
    Column("audience"),
    Column("language"),
    Column("neighbourhood", required=False),
    Column("notes", required=False),
]
BY_KEY = {c.key: c for c in COLUMNS}
CHOICES = {
    "kind": Activity.Kind,
    "audience": Activity.Audience,
    "language": Activity.Language,
}
TEXT_COLUMNS = ("title", "neighbourhood", "notes")
# Names people type that are not the labels: the French interface names the English
# language "English" (as every language chooser does), but a French spreadsheet says
# "Anglais".
ALIASES = {"language": {"anglais": "en", "francais": "fr", "french": "fr", "english": "en"}}
LANGUAGES = ("fr", "en")


class CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normal(text: object) -> str:
    """Compare names as people type them: case, accents, apostrophes and spaces aside."""
    text = str(text).replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


@lru_cache(maxsize=4)
def _header_map(_languages: tuple[str, ...] = LANGUAGES) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in COLUMNS:
        names[normal(column.key)] = column.key
        for language in LANGUAGES:
            with translation.override(language):
                names[normal(column.label)] = column.key
    return names


def column_for(header: str) -> str | None:
    """The column a header names (in French or English), or None."""
    return _header_map().get(normal(header))


@lru_cache(maxsize=4)
def _choice_map(key: str) -> dict[str, str]:
    names: dict[str, str] = dict(ALIASES.get(key, {}))
    for value, label in CHOICES[key].choices:
        names[normal(value)] = value
        for language in LANGUAGES:
            with translation.override(language):
                names[normal(str(label))] = value
    return names


def _text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _refuse_formula(cell: Cell) -> None:
    if isinstance(cell, Formula):
        raise CellError(
            _("This cell holds a formula (%(formula)s): type the value itself.")
            % {"formula": cell.text[:40]}
        )


def _required(text: str) -> str:
    if not text:
        raise CellError(_("This column must be filled in."))
    return text


def parse_choice(key: str, cell: Cell) -> str:
    _refuse_formula(cell)
    text = _required(_text_of(cell))
    value = _choice_map(key).get(normal(text))
    if value is None:
        raise CellError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text[:60], "choices": ", ".join(str(x) for x in CHOICES[key].labels)}
        )
    return value


DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(cell: Cell) -> datetime.date:
    _refuse_formula(cell)
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = _required(_text_of(cell))
    try:
        if match := ISO.match(text):
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if match := DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise CellError(
        _("“%(value)s” is not a date: write it as 2022-08-15 or 15/08/2022.")
        % {"value": text[:40]}
    )


def parse_participants(cell: Cell) -> int:
    _refuse_formula(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        number = cell
    elif isinstance(cell, float) and cell.is_integer():
        number = int(cell)
    else:
        text = _required(_text_of(cell))
        digits = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        # Decimal digits of any script read as their value ("٣" is 3); "²" or a number
        # of a thousand digits is no count of people.
        if not digits.isdecimal() or len(digits) > 9:
            raise CellError(_("Participants must be a whole number from 0."))
        number = int(digits)
    if number < 0:
        raise CellError(_("Participants must be a whole number from 0."))
    return number


# A text that a spreadsheet program would run as a formula when the activity is exported
# (OWASP's list). "- step one" or "+5 volunteers" read as text and are accepted.
FORMULA_START = re.compile(r"^(=|@|[+-](?![\s\d]))")


def parse_text(key: str, cell: Cell) -> str:
    _refuse_formula(cell)
    text = _text_of(cell)
    column = BY_KEY[key]
    if column.required:
        _required(text)
    if FORMULA_START.match(text):
        raise CellError(
            _(
                "The text starts with “%(sign)s”, which a spreadsheet program would run as "
                "a formula: remove the sign or start with a word."
            )
            % {"sign": text[0]}
        )
    field = Activity._meta.get_field(key)
    try:
        field.run_validators(text)
        if field.max_length:  # a TextField's bound is not among its validators
            MaxLengthValidator(field.max_length)(text)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from error
    return text


def cell_text(cell: Cell) -> str:
    """The cell as the preview shows it."""
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return _text_of(cell)[:200]
