"""Data quality at the point of review: plausibility bounds and the outlier flag.

Pure rules (no queries), used by the services, so that the workspace form, an import and
the admin all apply them, and by the review page.

1. **Plausibility bounds** refuse what can only be a typing error:

   * an activity has at most ``settings.ACTIVITY_MAX_PARTICIPANTS`` participants
     (:func:`participants_error`);
   * an entered percent is from 0 to 100, an entered count from 0 to
     ``settings.INDICATOR_MAX_COUNT`` (:func:`value_error`).

2. **The outlier flag** (:func:`outlier_reference`) warns without refusing. A reported
   value is *unusual* when

   * the indicator has at least ``MIN_HISTORY`` (2) approved, reported values in periods
     that start before this one, and
   * with *m* their median and *m* > 0, the value is more than ``FACTOR`` (3) times *m*,
     or less than *m* / ``FACTOR``, and
   * it is at least ``MIN_GAP`` (5) away from *m*: small numbers vary a lot, and 0 or 2
     women accompanied to a shelter in a quarter where the median is 1 is no typing error.

   The value is saved, with *m* in ``IndicatorValue.flag_median``; the lead sees the flag
   on the update form and the reviewer on the review page. The flag is recomputed at each
   save and at submission, so it clears once the value (or the history) is no longer
   unusual. "Not reported" and "withheld" values are never flagged, and never count in
   the history: they are not numbers. A median of 0 flags nothing: "three times nothing"
   says nothing, and a count that is usually 0 (women accompanied to a shelter) would be
   flagged each time it is not.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Indicator

MIN_HISTORY = 2
FACTOR = Decimal(3)
MIN_GAP = Decimal(5)
CENT = Decimal("0.01")


def _formatted(number: int | Decimal) -> str:
    return number_format(number, use_l10n=True, force_grouping=True)


def participants_error(participants: int) -> str | None:
    """Why an activity's count of participants is not plausible, or None."""
    limit = settings.ACTIVITY_MAX_PARTICIPANTS
    if participants is not None and participants > limit:
        return _(
            "%(count)s participants is more than an activity can plausibly have (at most "
            "%(max)s): check the count, or log the event as several activities."
        ) % {"count": _formatted(participants), "max": _formatted(limit)}
    return None


def value_error(indicator: Indicator, value: Decimal) -> str | None:
    """Why ``value`` is not a plausible value of ``indicator``, or None.

    The message names the indicator: the service's error may be read away from the field.
    """
    if value < 0:
        return _("%(indicator)s: a value cannot be negative.") % {"indicator": indicator}
    if indicator.unit == Indicator.Unit.PERCENT and value > 100:
        return _("%(indicator)s: a percent must be from 0 to 100.") % {"indicator": indicator}
    limit = settings.INDICATOR_MAX_COUNT
    if indicator.unit == Indicator.Unit.COUNT and value > limit:
        return _(
            "%(indicator)s: %(value)s is more than the plausible maximum of %(max)s: check "
            "the figure."
        ) % {"indicator": indicator, "value": _formatted(value.normalize()),
             "max": _formatted(limit)}
    return None


def outlier_reference(value: Decimal | None, earlier: Sequence[Decimal]) -> Decimal | None:
    """The median of ``earlier`` when ``value`` is unusual against it (see the module), else None.

    ``earlier``: the indicator's approved, reported values of the periods before this one.
    """
    if value is None or len(earlier) < MIN_HISTORY:
        return None
    median = Decimal(statistics.median(earlier))
    if median <= 0 or abs(value - median) < MIN_GAP:
        return None
    if value > median * FACTOR or value < median / FACTOR:
        return median.quantize(CENT)
    return None


def is_high(value: Decimal, median: Decimal) -> bool:
    """An unusual value is high (above three times the median) or low (below a third)."""
    return value > median
