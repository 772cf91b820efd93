"""Showing indicator values as entered, in the workspace and on the review page."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from portal.core.figures import COUNT, PERCENT, with_percent_sign

register = template.Library()


@register.filter
def amount(value, unit: str = COUNT) -> str:
    """A value as entered, for the partnership's own pages (public pages use ``figure``,
    which suppresses small counts): as typed (27.50 shows as 27.5, 5.00 as 5), grouped, in
    the active language; a percent with its sign ("27,5 %" in French)."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    places = max(0, -number.as_tuple().exponent)
    text = number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)
    if unit == PERCENT:
        return with_percent_sign(text)
    return text
