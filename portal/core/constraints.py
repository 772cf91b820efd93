"""Database constraints that speak to people.

A check constraint the database enforces is also validated by Django's forms, which by
default show "Constraint “period_dates_ordered” is violated." Every constraint a form can
trip carries instead a translated message (``violation_error_message``), and
:class:`MessagesOnFields` puts that message on the field it is about rather than above the
form.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


def check(condition, name: str, message, field: str = "") -> models.CheckConstraint:
    """A check constraint with its message; ``field`` names the field it is shown on."""
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=message,
        violation_error_code=f"{field}:{name}" if field else name,
    )


class MessagesOnFields:
    """Mixed into a model: the message of a violated constraint made with :func:`check`
    goes on its field."""

    def validate_constraints(self, exclude=None) -> None:
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            moved: dict[str, list[ValidationError]] = {}
            for item in error.error_dict.get(NON_FIELD_ERRORS, []):
                field = (item.code or "").partition(":")[0] if ":" in (item.code or "") else ""
                moved.setdefault(field or NON_FIELD_ERRORS, []).append(item)
            rest = {k: v for k, v in error.error_dict.items() if k != NON_FIELD_ERRORS}
            for key, items in moved.items():
                rest.setdefault(key, []).extend(items)
            raise ValidationError(rest) from error


def text_within(prefix: str, limits: dict[str, int], *,
                translated: tuple[str, ...] = ()) -> list[models.CheckConstraint]:
    """The database's bound on free text (the form's ``max_length``, enforced where every
    write lands: forms, imports, the admin, an API): one check constraint per column, the
    columns of each language of a ``translated`` field included."""
    from django.db.models.functions import Length
    from django.db.models.lookups import LessThanOrEqual
    from django.utils.translation import gettext_lazy as _

    constraints = []
    for name, limit in limits.items():
        columns = [name, *(f"{name}_{lang}" for lang in ("fr", "en") if name in translated)]
        for column in columns:
            constraints.append(check(
                LessThanOrEqual(Length(column), limit), f"{prefix}_{column}_length",
                _("This text is longer than the portal keeps."), column,
            ))
    return constraints
