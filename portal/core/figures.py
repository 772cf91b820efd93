"""The one place public figures are made safe to publish.

Figures about violence, trafficking or small groups can identify people. Every number a
public output shows about the people served goes through :func:`public_figure`:

* a count below ``settings.SUPPRESSION_THRESHOLD`` shows as "fewer than 5";
* every other count is rounded to a base (``settings.PUBLIC_ROUNDING_BASE``, 5 by default,
  as Statistics Canada rounds census counts), so that two figures published before and
  after a change never reveal a small difference by subtraction. Totals are computed from
  the unrounded data and rounded once, never summed from rounded parts;
* a share is computed from the unrounded counts, shown as a whole percentage, and withheld
  when either count it comes from is below the threshold.

Open data (``portal/opendata``) writes the same :class:`Figure`: its number as published
(:attr:`Figure.published`), or the marker of :func:`suppression_marker` for a small count.

The public page "About these figures" explains the method in both languages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

COUNT = "count"
PERCENT = "percent"


def threshold() -> int:
    return settings.SUPPRESSION_THRESHOLD


def rounding_base() -> int:
    return settings.PUBLIC_ROUNDING_BASE


def round_to_base(value: Decimal) -> Decimal:
    """``value`` to the nearest multiple of the base (halves up): 616 → 615, 618 → 620."""
    base = Decimal(rounding_base())
    if base <= 1:
        return value
    return (value / base).quantize(Decimal(1), ROUND_HALF_UP) * base


@dataclass(frozen=True)
class Figure:
    """A number ready for a public page, or the reason it is withheld."""

    value: Decimal | None
    unit: str = COUNT
    # "small": a count below the threshold; "hidden": a share computed from one.
    suppressed: str = ""

    @property
    def is_shown(self) -> bool:
        return self.value is not None and not self.suppressed

    @property
    def published(self) -> Decimal | None:
        """The number exactly as a page shows it (a share as a whole percentage, a count
        with :func:`published_number`'s decimals), or None when it is not shown. Pages and
        open data both write this number, so they cannot disagree."""
        if not self.is_shown:
            return None
        if self.unit == PERCENT:
            return published_number(Decimal(round(self.value)))
        return published_number(self.value)

    def __str__(self) -> str:
        if self.suppressed == "small":
            return _("fewer than %(threshold)s") % {"threshold": threshold()}
        if self.suppressed == "hidden":
            return _("not shown (small numbers)")
        if self.value is None:
            return _("no figure yet")
        if self.unit == PERCENT:
            # Shares are published as whole percentages: 27.03 shows as 27%.
            return format_percent(self.published)
        return format_number(self.published)


def suppression_marker() -> str:
    """What data files write instead of a count below the threshold: "<5"."""
    return f"<{threshold()}"


def with_percent_sign(number: str) -> str:
    """The one way a percentage is written, in the active language: "27 %" in French (a
    no-break space before the sign), "27%" in English."""
    return _("%(number)s%%") % {"number": number}


def format_percent(value: Decimal | int | float) -> str:
    """A share as a number and its sign, with :func:`format_number`'s rule for decimals."""
    return with_percent_sign(format_number(value))


def percent_formatter() -> Callable[[Decimal | int | float], str]:
    """:func:`format_percent` for the active language, its words and separators looked up
    once: for a table that writes hundreds of shares."""
    pattern = with_percent_sign("%s")
    number = number_formatter()
    return lambda value: pattern.replace("%s", number(value))


def published_number(value: Decimal | int | float) -> Decimal:
    """``value`` with the decimals it is published with: none for a whole number or one of
    100 or more, else one (halves up)."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() or abs(value) >= 100 else 1
    return value.quantize(Decimal(1) if places == 0 else Decimal("0.1"), ROUND_HALF_UP)


def format_number(value: Decimal | int | float) -> str:
    """A number in the active language's format: 1 000 in French, 1,000 in English."""
    return _format_number(value, _separators(get_language()))


def number_formatter() -> Callable[[Decimal | int | float], str]:
    """:func:`format_number` for the active language, its separators looked up once: for
    a table that writes hundreds of numbers."""
    return functools.partial(_format_number, separators=_separators(get_language()))


def _format_number(value: Decimal | int | float, separators: tuple[str, str] | None) -> str:
    if type(value) is int and -1000 < value < 1000:
        # No decimals and no grouping, in either language: the tables of counts are mostly
        # these.
        return str(value)
    quantised = published_number(value)
    exponent = quantised.as_tuple().exponent
    places = -exponent if exponent < 0 else 0
    if separators is None:
        return number_format(quantised, decimal_pos=places, use_l10n=True, force_grouping=True)
    # What Django's number_format writes for a language that groups digits by threes, from
    # Python's own formatting, several times faster (a dashboard writes hundreds).
    decimal, thousands = separators
    if not quantised:
        quantised = abs(quantised)  # no "-0.0"
    return (
        f"{quantised:,.{places}f}".replace(",", "\0").replace(".", decimal)
        .replace("\0", thousands)
    )


@functools.cache
def _separators(language: str | None) -> tuple[str, str] | None:
    """The decimal and thousands separators of ``language``, when it groups digits by
    threes (both of the portal's languages do); None for any other grouping."""
    if get_format("NUMBER_GROUPING", lang=language) != 3:
        return None
    return get_format("DECIMAL_SEPARATOR", lang=language), get_format(
        "THOUSAND_SEPARATOR", lang=language
    )


@receiver(setting_changed)
def _forget_separators(*, setting: str, **kwargs) -> None:
    if setting in {"FORMAT_MODULE_PATH", "LANGUAGE_CODE", "DECIMAL_SEPARATOR",
                   "THOUSAND_SEPARATOR", "NUMBER_GROUPING"}:
        _separators.cache_clear()


def public_figure(
    value: Decimal | int | float | None,
    *,
    unit: str = COUNT,
    numerator: int | None = None,
    denominator: int | None = None,
) -> Figure:
    """Return the figure to publish for ``value``.

    1. A count below the threshold is withheld as "small" (zero is a fact, not a person,
       and is shown).
    2. A share is withheld as "hidden" when the counts it was computed from are known and
       either is below the threshold (0 < n < threshold); otherwise it is shown.
    3. Any other count is rounded to the base (``round_to_base``).
    """
    if value is None:
        return Figure(None, unit)
    value = Decimal(value)
    limit = threshold()
    if unit == PERCENT:
        for count in (numerator, denominator):
            if count is not None and 0 < count < limit:
                return Figure(None, unit, suppressed="hidden")
        if denominator == 0:
            return Figure(None, unit)
        return Figure(value, unit)
    if 0 < value < limit:
        return Figure(None, unit, suppressed="small")
    return Figure(round_to_base(value), unit)


def share_of(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
