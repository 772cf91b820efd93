"""The approved activity totals (:class:`initiatives.models.ApprovedActivityTotal`): what
the home page's key figures add up, kept right by the writes that change them.

Why a table: the key figures count the activities of every approved quarter of every
public initiative. Counted from the activities, that is a scan of a city's million rows
against the approved updates (0.6–0.9 s) on the first visit after every approval or
activity saved, since each bumps the public version. Kept per initiative and period, it is
a sum over one row per approved update (~20,000 at city scale).

The invariant: a row exists for each approved progress update, and only for one, holding
the count and the participants of its initiative's activities dated within its period
(the activities :func:`initiatives.selectors.approved_activities` reads; periods never
overlap, ``period_create`` refuses it, so each activity counts once).

When rows are rewritten (:func:`connect_signals`, called once by ``InitiativesConfig.ready``),
as the dashboard's standings are (``portal.dashboard.standings``):

* a progress update saved as approved, or saved or deleted while it was approved (an
  approval, a return or reopening by the admin, a correction of its initiative or period);
* an activity saved or deleted (created, edited, moved to another date or initiative) whose
  date, before or after, falls in a period whose update is approved: that update's row;
* a reporting period given other dates: the rows of that period.

These are the models' own ``save`` and ``delete``, which a cascading deletion sends too
(a deleted initiative or period takes its rows with it). Code that writes activities or
updates in bulk, bypassing them, calls :func:`refresh_activities` or :func:`rebuild`
itself (the spreadsheet import, the demo loader, the city benchmark's generator). Rows are
rewritten in the same transaction as the change, after locking the updates' rows, so an
approval and an activity saved at once cannot leave a stale count. ``manage.py
rebuild_activity_totals`` rewrites every row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Activity, Initiative, ProgressUpdate, ReportingPeriod

APPROVED = "approved"

Pair = tuple[int, int]  # (initiative id, period id)


class _Models:
    """The models this module reads and writes: the current ones, or a migration's."""

    def __init__(self, apps=None) -> None:
        if apps is None:
            from django.apps import apps
        self.Activity = apps.get_model("initiatives", "Activity")
        self.ProgressUpdate = apps.get_model("initiatives", "ProgressUpdate")
        self.ReportingPeriod = apps.get_model("initiatives", "ReportingPeriod")
        self.Total = apps.get_model("initiatives", "ApprovedActivityTotal")


def _rewrite(models: _Models, updates: QuerySet, *, wipe: Q) -> int:
    """Lock ``updates`` (in id order), delete the rows matching ``wipe``, and write one row
    for each of ``updates`` that is approved. Returns the number of rows written."""
    rows = list(
        updates.select_for_update(of=("self",)).order_by("pk")
        .values_list("initiative_id", "period_id", "status", "period__start", "period__end")
    )
    models.Total.objects.filter(wipe).delete()
    written = []
    for initiative_id, period_id, status, start, end in rows:
        if status != APPROVED:
            continue
        figures = models.Activity.objects.filter(
            initiative_id=initiative_id, date__gte=start, date__lte=end
        ).aggregate(activities=Count("pk"), participants=Sum("participants"))
        written.append(models.Total(
            initiative_id=initiative_id, period_id=period_id,
            activities=figures["activities"], participants=figures["participants"] or 0,
        ))
    models.Total.objects.bulk_create(written)
    return len(written)


def _pairs_condition(pairs: Iterable[Pair]) -> Q:
    condition = Q(pk__in=[])
    for initiative_id, period_id in set(pairs):
        condition |= Q(initiative_id=initiative_id, period_id=period_id)
    return condition


def refresh_pairs(pairs: Iterable[Pair]) -> None:
    """Rewrite the rows of these (initiative, period) pairs from the activities."""
    pairs = set(pairs)
    if not pairs:
        return
    models = _Models()
    condition = _pairs_condition(pairs)
    with transaction.atomic():
        _rewrite(models, models.ProgressUpdate.objects.filter(condition), wipe=condition)


def refresh_activities(days: Iterable[tuple[int, datetime.date]]) -> None:
    """Rewrite the rows of the approved updates covering activities of these (initiative,
    date): after an activity changed, or many were written at once. On the common path
    (no approved update there: the services refuse such activities) one query."""
    days = set(days)
    if not days:
        return
    models = _Models()
    covering = Q(pk__in=[])
    for initiative_id, day in days:
        covering |= Q(initiative_id=initiative_id, period__start__lte=day,
                      period__end__gte=day)
    with transaction.atomic():
        updates = list(
            models.ProgressUpdate.objects.select_for_update(of=("self",))
            .filter(covering, status=APPROVED).order_by("pk")
            .values_list("pk", "initiative_id", "period_id")
        )
        if not updates:
            return  # no row to change: rows exist only for approved updates
        _rewrite(models, models.ProgressUpdate.objects.filter(pk__in=[u[0] for u in updates]),
                 wipe=_pairs_condition((i, p) for _pk, i, p in updates))


def refresh_span(initiative_ids: Iterable[int], first: datetime.date,
                 last: datetime.date) -> None:
    """Rewrite the rows of the approved updates of these initiatives in periods meeting
    ``first``..``last``: after activities were written in bulk (the spreadsheet import)."""
    ids = sorted(set(initiative_ids))
    if not ids:
        return
    models = _Models()
    with transaction.atomic():
        updates = list(
            models.ProgressUpdate.objects.select_for_update(of=("self",))
            .filter(initiative_id__in=ids, status=APPROVED, period__start__lte=last,
                    period__end__gte=first)
            .order_by("pk").values_list("pk", "initiative_id", "period_id")
        )
        if updates:
            _rewrite(models,
                     models.ProgressUpdate.objects.filter(pk__in=[u[0] for u in updates]),
                     wipe=_pairs_condition((i, p) for _pk, i, p in updates))


def refresh_period(period_id: int) -> None:
    """Rewrite the rows of a period (its dates changed: other activities fall in it)."""
    models = _Models()
    with transaction.atomic():
        _rewrite(models, models.ProgressUpdate.objects.filter(period_id=period_id),
                 wipe=Q(period_id=period_id))


REBUILD_SQL = """
INSERT INTO {total} (initiative_id, period_id, activities, participants)
SELECT u.initiative_id, u.period_id, count(a.id), coalesce(sum(a.participants), 0)
FROM {update} u
JOIN {period} p ON p.id = u.period_id
LEFT JOIN {activity} a
    ON a.initiative_id = u.initiative_id AND a.date >= p.start AND a.date <= p.{end}
WHERE u.status = %s
GROUP BY u.initiative_id, u.period_id
"""


def rebuild(apps=None) -> int:
    """Rewrite every row in one statement (a migration passes its ``apps``). Returns the
    number of rows."""
    models = _Models(apps)
    quote = connection.ops.quote_name
    sql = REBUILD_SQL.format(
        total=quote(models.Total._meta.db_table),
        update=quote(models.ProgressUpdate._meta.db_table),
        period=quote(models.ReportingPeriod._meta.db_table),
        activity=quote(models.Activity._meta.db_table),
        end=quote("end"),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(models.Total._meta.db_table)}")  # noqa: S608
        cursor.execute(sql, [APPROVED])  # noqa: S608 (table names of ours)
        return cursor.rowcount


def recount() -> dict[Pair, tuple[int, int]]:
    """The totals counted from the activities, by (initiative, period) of each approved
    update: what the rows must hold (the rebuild command's check, and the tests')."""
    models = _Models()
    result = {}
    for initiative_id, period_id, start, end in models.ProgressUpdate.objects.filter(
        status=APPROVED
    ).values_list("initiative_id", "period_id", "period__start", "period__end"):
        figures = models.Activity.objects.filter(
            initiative_id=initiative_id, date__gte=start, date__lte=end
        ).aggregate(activities=Count("pk"), participants=Sum("participants"))
        result[initiative_id, period_id] = (figures["activities"], figures["participants"] or 0)
    return result


def kept() -> dict[Pair, tuple[int, int]]:
    models = _Models()
    return {
        (i, p): (activities, participants)
        for i, p, activities, participants in models.Total.objects.values_list(
            "initiative_id", "period_id", "activities", "participants")
    }


# --- Kept right by the writes ----------------------------------------------------------------


def _from_initiative_deletion(origin) -> bool:
    """A deletion cascading from an initiative: its rows go with it (foreign key)."""
    if isinstance(origin, Initiative):
        return True
    return isinstance(origin, QuerySet) and origin.model is Initiative


def _before_update_saved(sender, instance, raw=False, **kwargs) -> None:
    instance._total_was = None
    if not raw and instance.pk is not None:
        instance._total_was = sender.objects.filter(pk=instance.pk).values_list(
            "initiative_id", "period_id", "status").first()


def _update_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    pairs = set()
    was = getattr(instance, "_total_was", None)
    if was is not None and was[2] == APPROVED:
        pairs.add((was[0], was[1]))
    if instance.status == APPROVED:
        pairs.add((instance.initiative_id, instance.period_id))
    refresh_pairs(pairs)


def _update_deleted(sender, instance, origin=None, **kwargs) -> None:
    if instance.status == APPROVED and not _from_initiative_deletion(origin):
        refresh_pairs([(instance.initiative_id, instance.period_id)])


def _before_activity_saved(sender, instance, raw=False, **kwargs) -> None:
    instance._total_was = None
    if not raw and instance.pk is not None:
        instance._total_was = sender.objects.filter(pk=instance.pk).values_list(
            "initiative_id", "date").first()


def _activity_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    days = {(instance.initiative_id, instance.date)}
    was = getattr(instance, "_total_was", None)
    if was is not None:
        days.add(was)
    refresh_activities(days)


def _activity_deleted(sender, instance, origin=None, **kwargs) -> None:
    if not _from_initiative_deletion(origin):
        refresh_activities([(instance.initiative_id, instance.date)])


def _before_period_saved(sender, instance, raw=False, **kwargs) -> None:
    instance._total_dates = None
    if not raw and instance.pk is not None:
        instance._total_dates = sender.objects.filter(pk=instance.pk).values_list(
            "start", "end").first()


def _period_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    dates = getattr(instance, "_total_dates", None)
    if not raw and not created and dates is not None and dates != (instance.start,
                                                                    instance.end):
        refresh_period(instance.pk)


def connect_signals() -> None:
    for signal, receiver, sender in (
        (pre_save, _before_update_saved, ProgressUpdate),
        (post_save, _update_saved, ProgressUpdate),
        (post_delete, _update_deleted, ProgressUpdate),
        (pre_save, _before_activity_saved, Activity),
        (post_save, _activity_saved, Activity),
        (post_delete, _activity_deleted, Activity),
        (pre_save, _before_period_saved, ReportingPeriod),
        (post_save, _period_saved, ReportingPeriod),
    ):
        signal.connect(receiver, sender=sender, weak=False,
                       dispatch_uid=f"activity-totals-{receiver.__name__}")
