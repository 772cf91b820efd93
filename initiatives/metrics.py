"""Indicators derived from logged activities, computed in the database.

One function, :func:`derived_values`, is used everywhere a derived figure appears: the
demo loader, the public pages and, later, the workspace and the compiled reports.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from portal.core.figures import share_of

from .models import Activity, Indicator

Derivation = Indicator.Derivation


@dataclass(frozen=True)
class DerivedValue:
    value: Decimal
    numerator: int | None = None
    denominator: int | None = None


def derived_values(
    *,
    initiative_ids: Iterable[int],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[int, dict[str, DerivedValue]]:
    """Return ``{initiative_id: {derivation: DerivedValue}}`` for activities in [start, end].

    A single grouped query: one row per initiative with conditional aggregates.
    """
    activities = Activity.objects.filter(initiative_id__in=list(initiative_ids))
    if start:
        activities = activities.filter(date__gte=start)
    if end:
        activities = activities.filter(date__lte=end)
    rows = (
        activities.order_by()
        .values("initiative_id")
        .annotate(
            total_participants=Sum("participants"),
            youth=Sum("participants", filter=Q(audience=Activity.Audience.YOUTH)),
            trained=Sum("participants", filter=Q(kind=Activity.Kind.TRAINING)),
            session_count=Count("pk"),
            french=Count("pk", filter=Q(language=Activity.Language.FRENCH)),
        )
    )
    result: dict[int, dict[str, DerivedValue]] = {}
    for row in rows:
        sessions = row["session_count"]
        result[row["initiative_id"]] = {
            Derivation.PARTICIPANTS: DerivedValue(Decimal(row["total_participants"] or 0)),
            Derivation.YOUTH_REACHED: DerivedValue(Decimal(row["youth"] or 0)),
            Derivation.PEOPLE_TRAINED: DerivedValue(Decimal(row["trained"] or 0)),
            Derivation.SESSIONS: DerivedValue(Decimal(sessions)),
            Derivation.SHARE_FRENCH: DerivedValue(
                share_of(row["french"], sessions) or Decimal(0),
                numerator=row["french"],
                denominator=sessions,
            ),
        }
    return result
