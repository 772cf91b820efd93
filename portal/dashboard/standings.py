"""The indicators' standings (``dashboard.IndicatorStanding``): the dashboard's summary
table, kept right by the writes that change an approved value.

Why a table: the dashboard counts the status of every indicator of the plan (thousands) from
their approved values (tens of thousands). Summed up once per change, the overview reads one
row per indicator instead of scanning every value on every view (README, "City-scale
benchmark"). Reports and an indicator's own page still read the values themselves.

When rows are rewritten (:func:`connect_signals`, called once by ``PortalConfig.ready``):

* a progress update saved as approved, or saved or deleted while it was approved (an
  approval, a return, a correction): every indicator of its initiative;
* an indicator value saved while its update is approved, or deleted: its indicator;
* a reporting period added: its rows, copied from the period before (:func:`add_period`);
* a reporting period deleted, or given other dates: every indicator (:func:`rebuild`).

These are the models' own ``save`` and ``delete``, which a cascading deletion sends too.
Code that writes values in bulk, bypassing them, calls :func:`rebuild` itself (the demo
loader, the city benchmark's generator). Rows are rewritten in the same transaction as the
change, after locking the indicators' rows, so two approvals at once cannot leave a stale sum.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from initiatives.models import Indicator, IndicatorValue, ProgressUpdate, ReportingPeriod

from .status import RECENT_POINTS

APPROVED = "approved"
REPORTED = "reported"
NOT_REPORTED = "not_reported"
WITHHELD = "withheld"

# An approved value: (indicator id, period id, state, value, numerator, denominator).
ValueRow = tuple[int, int, str, Decimal | None, int | None, int | None]


def _point(start_and_point: tuple) -> list:
    _start, period_id, value, numerator, denominator = start_and_point
    return [period_id, None if value is None else str(value), numerator, denominator]


def standing_rows(values: Iterable[ValueRow], periods: Iterable[Any]) -> Iterator[dict]:
    """The standings of the indicators of ``values`` (approved values, sorted by indicator),
    as of each of ``periods`` (objects with ``pk``, ``start`` and ``end``): the figures
    ``portal.dashboard.selectors._summaries`` computes from the values of the periods ending
    by then, for every period from the indicator's first value on."""
    ordered = sorted(periods, key=lambda p: (p.end, p.start, p.pk))
    # Periods that end on the same day hold the same values "as of" that day.
    by_end = [list(group) for _end, group in groupby(ordered, key=attrgetter("end"))]
    for indicator_id, rows in groupby(values, key=itemgetter(0)):
        by_period: dict[int, list[tuple]] = defaultdict(list)
        for _indicator, period_id, state, value, numerator, denominator in rows:
            by_period[period_id].append((state, value, numerator, denominator))
        reported: list[tuple] = []  # (start, period id, value, numerator, denominator)
        seen = not_reported = withheld = 0
        total = Decimal(0)
        numerators = denominators = with_numerator = with_denominator = 0
        for group in by_end:
            for period in group:
                for state, value, numerator, denominator in by_period.get(period.pk, ()):
                    seen += 1
                    if state == NOT_REPORTED:
                        not_reported += 1
                    elif state == WITHHELD:
                        withheld += 1
                    elif state == REPORTED:
                        reported.append((period.start, period.pk, value, numerator,
                                         denominator))
                        total += value or 0
                        if numerator is not None:
                            numerators += numerator
                            with_numerator += 1
                        if denominator is not None:
                            denominators += denominator
                            with_denominator += 1
            if not seen:
                continue
            count = len(reported)
            by_start = sorted(reported, key=itemgetter(0))
            figures = {
                "indicator_id": indicator_id,
                "points": count,
                "not_reported": not_reported,
                "withheld": withheld,
                "total": total,
                "numerators": numerators if count and with_numerator == count else None,
                "denominators": denominators if count and with_denominator == count else None,
                "first": _point(by_start[0]) if by_start else None,
                "recent": [_point(p) for p in by_start[-RECENT_POINTS:]],
            }
            for period in group:
                yield {**figures, "period_id": period.pk}


def _approved_values(indicator_ids: list[int] | None, models) -> Iterator[ValueRow]:
    values = models.IndicatorValue.objects.filter(update__status=APPROVED)
    if indicator_ids is not None:
        values = values.filter(indicator_id__in=indicator_ids)
    return (
        values.order_by("indicator_id")
        .values_list("indicator_id", "update__period_id", "state", "value", "numerator",
                     "denominator")
        .iterator(chunk_size=5000)
    )


class _Models:
    """The models this module reads and writes: the current ones, or a migration's."""

    def __init__(self, apps=None) -> None:
        if apps is None:
            from django.apps import apps
        self.IndicatorValue = apps.get_model("initiatives", "IndicatorValue")
        self.ReportingPeriod = apps.get_model("initiatives", "ReportingPeriod")
        self.Indicator = apps.get_model("initiatives", "Indicator")
        try:
            self.IndicatorStanding = apps.get_model("dashboard", "IndicatorStanding")
        except LookupError:  # portal's migration 0005, before the dashboard owned the table
            self.IndicatorStanding = apps.get_model("portal", "IndicatorStanding")


def refresh(indicator_ids: Iterable[int]) -> None:
    """Rewrite the standings of ``indicator_ids`` from their approved values."""
    ids = sorted(set(indicator_ids))
    if not ids:
        return
    models = _Models()
    with transaction.atomic():
        # One refresh of these indicators at a time (row locks where the database has them):
        # the second reads the values the first committed.
        list(models.Indicator.objects.select_for_update().filter(pk__in=ids).order_by("pk")
             .values_list("pk", flat=True))
        models.IndicatorStanding.objects.filter(indicator_id__in=ids).delete()
        models.IndicatorStanding.objects.bulk_create(
            models.IndicatorStanding(**row)
            for row in standing_rows(_approved_values(ids, models),
                                     models.ReportingPeriod.objects.all())
        )


def rebuild(apps=None) -> int:
    """Rewrite every indicator's standings (a migration passes its ``apps``). Returns the
    number of rows."""
    models = _Models(apps)
    table = connection.ops.quote_name(models.IndicatorStanding._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (a table name of ours)
        rows = models.IndicatorStanding.objects.bulk_create(
            (models.IndicatorStanding(**row)
             for row in standing_rows(_approved_values(None, models),
                                      list(models.ReportingPeriod.objects.all()))),
            batch_size=2000,
        )
    return len(rows)


def add_period(period) -> int:
    """Write the standings of a reporting period just added, which has no values yet: as of
    its end, each indicator stands where it stood as of the latest period to end by then
    (the same values count), so that period's rows are copied; no other row changes.
    Returns the number of rows written."""
    models = _Models()
    source = (
        models.ReportingPeriod.objects.exclude(pk=period.pk).filter(end__lte=period.end)
        .order_by("-end", "-start", "-pk").first()
    )
    if source is None:
        return 0
    fields = [f.attname for f in models.IndicatorStanding._meta.concrete_fields
              if not f.primary_key and f.attname != "period_id"]
    with transaction.atomic():
        # Every indicator locked, in refresh()'s order: a refresh under way (of any indicator,
        # with a row to copy or not yet) commits before the rows are read; one that follows
        # waits for this period, then writes its rows too. A few times a year.
        list(models.Indicator.objects.select_for_update().order_by("pk")
             .values_list("pk", flat=True))
        copied = models.IndicatorStanding.objects.filter(period_id=source.pk)
        rows = models.IndicatorStanding.objects.bulk_create(
            (models.IndicatorStanding(**row, period_id=period.pk)
             for row in copied.values(*fields)),
            batch_size=2000,
        )
    return len(rows)


# --- Kept right by the writes ----------------------------------------------------------------


def _indicators_of(initiative_id: int) -> list[int]:
    return list(Indicator.objects.filter(initiative_id=initiative_id).values_list("pk",
                                                                                 flat=True))


def _before_update_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._standing_was_approved = False
        return
    instance._standing_was_approved = sender.objects.filter(
        pk=instance.pk, status=APPROVED
    ).exists()


def _update_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    if instance.status == APPROVED or getattr(instance, "_standing_was_approved", True):
        refresh(_indicators_of(instance.initiative_id))


def _update_deleted(sender, instance, **kwargs) -> None:
    if instance.status == APPROVED:
        refresh(_indicators_of(instance.initiative_id))


def _value_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and ProgressUpdate.objects.filter(pk=instance.update_id,
                                                 status=APPROVED).exists():
        refresh([instance.indicator_id])


def _value_deleted(sender, instance, **kwargs) -> None:
    refresh([instance.indicator_id])


def _before_period_saved(sender, instance, raw=False, **kwargs) -> None:
    dates = None
    if not raw and instance.pk is not None:
        dates = sender.objects.filter(pk=instance.pk).values_list("start", "end").first()
    instance._standing_dates = dates


def _period_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    dates: tuple[datetime.date, datetime.date] | None = getattr(instance, "_standing_dates",
                                                                None)
    if created:
        add_period(instance)
    elif dates != (instance.start, instance.end):
        rebuild()


def _period_deleted(sender, instance, **kwargs) -> None:
    rebuild()


def connect_signals() -> None:
    for signal, receiver, sender in (
        (pre_save, _before_update_saved, ProgressUpdate),
        (post_save, _update_saved, ProgressUpdate),
        (post_delete, _update_deleted, ProgressUpdate),
        (post_save, _value_saved, IndicatorValue),
        (post_delete, _value_deleted, IndicatorValue),
        (pre_save, _before_period_saved, ReportingPeriod),
        (post_save, _period_saved, ReportingPeriod),
        (post_delete, _period_deleted, ReportingPeriod),
    ):
        signal.connect(receiver, sender=sender, weak=False,
                       dispatch_uid=f"standings-{receiver.__name__}")
