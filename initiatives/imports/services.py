"""Import a spreadsheet of activities in two steps: check (a dry run, nothing written),
then confirm (every row written in one transaction, or none).

The rows are checked by the very rules of the activity form and of
``services.activity_create`` (``services.activity_rule_errors``), with the facts those
rules need read for all rows at once: the initiatives the person may log for, the locked
periods, the updates already submitted or approved. So a file of 20,000 rows takes a
handful of queries, and the file and the form can never disagree.

An :class:`~initiatives.models.ActivityImport` keeps the file between the two steps. Its
token is only ever looked up with its owner; confirming claims it (a conditional update),
so it works once; and the file is deleted once written, cancelled or expired.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from partners.models import User
from portal.core.heartbeat import is_late
from portal.core.pagecache import bump_public_version

from .. import permissions, totals
from ..history import import_reason
from ..models import Activity, ActivityImport, Initiative, ProgressUpdate, ReportingPeriod
from ..services import activity_rule_errors
from . import columns, reader

logger = logging.getLogger(__name__)

BATCH = 2000
PREVIEW_ROWS_KEPT = 20000


class MissingColumns(reader.FileRejected):
    def __init__(self, keys: list[str]) -> None:
        super().__init__("missing_columns", keys=keys)

    @property
    def message(self) -> str:
        labels = ", ".join(
            _("“%(name)s”") % {"name": columns.BY_KEY[k].label} for k in self.params["keys"]
        )
        return _(
            "The header row lacks required columns: %(columns)s. Download the template to "
            "see the columns and their names."
        ) % {"columns": labels}


# --- The facts the rules need, for every row at once ---------------------------------------


@dataclass
class Facts:
    initiatives: dict[str, Initiative | None]  # by normalised title, slug or id; None: ambiguous
    delivering: dict[int, int]  # initiative id → organisation the activity is credited to
    locked: list[ReportingPeriod]
    frozen: dict[int, list[ProgressUpdate]]
    _locked_starts: list[datetime.date] = field(default_factory=list)

    @classmethod
    def for_user(cls, user: User) -> Facts:
        initiatives = list(
            permissions.initiatives_for(user).only(
                "pk", "title_fr", "title_en", "slug_fr", "slug_en", "start", "end", "lead_id"
            ).order_by()
        )
        names: dict[str, Initiative | None] = {}
        for initiative in initiatives:
            keys = {str(initiative.pk)} | {
                columns.normal(v)
                for v in (initiative.title_fr, initiative.title_en, initiative.slug_fr,
                          initiative.slug_en)
                if v
            }
            for key in keys:
                names[key] = None if key in names and names[key] != initiative else initiative
        orgs = permissions.organisation_ids(user)
        delivering = {i.pk: i.lead_id for i in initiatives}
        if orgs:
            joined = Initiative.collaborators.through.objects.filter(
                organisation_id__in=orgs, initiative_id__in=delivering
            ).values_list("initiative_id", "organisation_id")
            for initiative_id, organisation_id in joined:
                lead = delivering[initiative_id]
                if lead not in orgs:
                    delivering[initiative_id] = organisation_id
        locked = list(ReportingPeriod.objects.filter(is_locked=True).order_by("start"))
        frozen: dict[int, list[ProgressUpdate]] = defaultdict(list)
        for update in ProgressUpdate.objects.filter(
            initiative_id__in=delivering,
            status__in=(ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED),
        ).select_related("period").order_by():
            frozen[update.initiative_id].append(update)
        facts = cls(names, delivering, locked, frozen)
        facts._locked_starts = [p.start for p in locked]
        return facts

    def locked_period(self, day: datetime.date) -> ReportingPeriod | None:
        index = bisect_right(self._locked_starts, day)
        for period in reversed(self.locked[:index]):
            if period.end >= day:
                return period
        return None

    def frozen_update(self, initiative_id: int, day: datetime.date) -> ProgressUpdate | None:
        for update in self.frozen.get(initiative_id, ()):
            if update.period.start <= day <= update.period.end:
                return update
        return None


# --- Checking the rows ---------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str  # a column key, or "" for the row as a whole
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Checked:
    rows: list[tuple[int, dict]]  # (row number, the activity's fields) for rows without error
    errors: list[RowError]
    row_count: int
    column_of: dict[int, str]  # sheet column index → key


def _map_headers(sheet: reader.Sheet) -> dict[int, str]:
    column_of: dict[int, str] = {}
    for index, header in enumerate(sheet.headers):
        key = columns.column_for(header)
        if key and key not in column_of.values():
            column_of[index] = key
    missing = [c.key for c in columns.COLUMNS if c.required and c.key not in column_of.values()]
    if missing:
        raise MissingColumns(missing)
    return column_of


def read_sheet(data: bytes) -> tuple[reader.Sheet, dict[int, str]]:
    """The file's rows and which column each holds, or ``reader.FileRejected``."""
    sheet = reader.read(data, known_headers=lambda h: columns.column_for(h) is not None)
    return sheet, _map_headers(sheet)


def check_rows(
    sheet: reader.Sheet,
    column_of: dict[int, str],
    *,
    user: User,
    facts: Facts | None = None,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Check every row, in the active language; nothing is written."""
    facts = facts or Facts.for_user(user)
    valid: list[tuple[int, dict]] = []
    errors: list[RowError] = []
    total = len(sheet.rows)
    for position, (number, cells) in enumerate(sheet.rows):
        if progress and position % BATCH == 0:
            progress(position * 100 // max(total, 1))
        row_errors: list[RowError] = []
        values: dict = {}
        for index, key in column_of.items():
            cell = cells[index] if index < len(cells) else None
            try:
                if key == "date":
                    values[key] = columns.parse_date(cell)
                elif key == "participants":
                    values[key] = columns.parse_participants(cell)
                elif key in columns.CHOICES:
                    values[key] = columns.parse_choice(key, cell)
                elif key == "initiative":
                    values[key] = _parse_initiative(cell, facts)
                else:
                    values[key] = columns.parse_text(key, cell)
            except columns.CellError as error:
                row_errors.append(RowError(number, key, error.message))
        initiative, day = values.get("initiative"), values.get("date")
        if initiative is not None and day is not None and "participants" in values:
            locked = facts.locked_period(day)
            rules = activity_rule_errors(
                initiative=initiative,
                date=day,
                participants=values["participants"],
                locked_period=locked,
                frozen_update=None if locked else facts.frozen_update(initiative.pk, day),
            )
            for key, messages in rules.items():
                column = "" if key == NON_FIELD_ERRORS else key
                row_errors.extend(RowError(number, column, m) for m in messages)
        if row_errors:
            errors.extend(row_errors)
        else:
            values.setdefault("neighbourhood", "")
            values.setdefault("notes", "")
            values["organisation_id"] = facts.delivering[initiative.pk]
            valid.append((number, values))
    return Checked(valid, errors, total, column_of)


def _parse_initiative(cell: reader.Cell, facts: Facts) -> Initiative:
    if isinstance(cell, reader.Formula):
        columns.parse_text("title", cell)  # raises the formula error
    text = columns.cell_text(cell)
    if not text:
        raise columns.CellError(_("This column must be filled in."))
    key = columns.normal(text)
    if key in facts.initiatives and facts.initiatives[key] is None:
        numbers = sorted({
            str(i.pk) for i in facts.initiatives.values()
            if i is not None and key in {columns.normal(i.title_fr or ""),
                                         columns.normal(i.title_en or "")}
        })
        raise columns.CellError(
            _("Several initiatives are named “%(value)s”: write the number of the one you "
              "mean instead (%(numbers)s).") % {"value": text[:80], "numbers": ", ".join(numbers)}
        )
    initiative = facts.initiatives.get(key)
    if initiative is None:
        raise columns.CellError(
            _("“%(value)s” is not an initiative your organisation leads or joins: use a "
              "name from the template's list.") % {"value": text[:80]}
        )
    return initiative


def _errors_in_both_languages(
    sheet: reader.Sheet, column_of: dict[int, str], checked: Checked, *, user: User,
    facts: Facts,
) -> dict[str, list[dict]]:
    """The errors in the active language, and the same rows checked again in the other
    one (only the rows in error: the cost follows the errors, not the file)."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    result = {active: [e.as_dict() for e in checked.errors]}
    in_error = {e.row for e in checked.errors}
    subset = reader.Sheet(sheet.headers, [r for r in sheet.rows if r[0] in in_error])
    for language in columns.LANGUAGES:
        if language == active:
            continue
        with translation.override(language):
            again = check_rows(subset, column_of, user=user, facts=facts)
        result[language] = [e.as_dict() for e in again.errors]
    return result


# --- The import job ------------------------------------------------------------------------


def _progress_key(job: ActivityImport) -> str:
    return f"activity-import-progress:{job.token}"


def progress_of(job: ActivityImport) -> int:
    """How far the check or the write of a large file has gone, in percent."""
    return cache.get(_progress_key(job), job.progress)


def _set_progress(job: ActivityImport) -> Callable[[int], None]:
    def report(percent: int) -> None:
        cache.set(_progress_key(job), percent, 3600)

    return report


def import_start(*, by: User, file_name: str, data: bytes) -> ActivityImport:
    """Open the file and keep it for its preview, or raise ``reader.FileRejected``.

    A small file is checked at once; a large one (over ``IMPORT_INLINE_ROWS`` rows) is
    left "checking" for :func:`import_check` to run as a task.
    """
    sheet, _column_of = read_sheet(data)
    job = ActivityImport.objects.create(
        token=uuid.uuid4(),
        owner=by,
        file_name=file_name[:255],
        content=data,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        row_count=len(sheet.rows),
        expires_at=timezone.now() + datetime.timedelta(minutes=settings.IMPORT_TOKEN_MINUTES),
    )
    if not is_large(job):
        import_check(job=job, sheet=sheet)
    return job


def is_large(job: ActivityImport) -> bool:
    return job.row_count > settings.IMPORT_INLINE_ROWS


def import_check(*, job: ActivityImport, sheet: reader.Sheet | None = None) -> ActivityImport:
    """Step 1, the dry run: check every row and keep the preview. Nothing else is written."""
    with translation.override(job.language):
        if sheet is None:
            sheet, column_of = read_sheet(bytes(job.content))
        else:
            column_of = _map_headers(sheet)
        facts = Facts.for_user(job.owner)
        checked = check_rows(
            sheet, column_of, user=job.owner, facts=facts, progress=_set_progress(job)
        )
        errors = _errors_in_both_languages(sheet, column_of, checked, user=job.owner,
                                           facts=facts)
    keys = [column_of.get(i, "") for i in range(len(sheet.headers))]
    job.preview = {
        "columns": [k for k in keys if k],
        "rows": [
            [number, *(columns.cell_text(c) for c, k in zip(cells, keys, strict=False) if k)]
            for number, cells in sheet.rows[:PREVIEW_ROWS_KEPT]
        ],
        "errors": errors,
        "error_rows": sorted({e.row for e in checked.errors}),
    }
    job.error_count = len(job.preview["error_rows"])
    job.row_count = checked.row_count
    job.status = ActivityImport.Status.CHECKED
    job.progress = 100
    job.save(update_fields=["preview", "error_count", "row_count", "status", "progress",
                            "updated_at"])
    return job


def is_expired(job: ActivityImport) -> bool:
    return job.expires_at <= timezone.now()


def import_claim(*, job: ActivityImport) -> bool:
    """Step 2 begins: only a checked, error-free, unexpired import is claimed, and only
    once (a second confirmation, or a concurrent one, finds nothing to claim)."""
    claimed = ActivityImport.objects.filter(
        pk=job.pk,
        status=ActivityImport.Status.CHECKED,
        error_count=0,
        expires_at__gt=timezone.now(),
        content__isnull=False,
    ).update(status=ActivityImport.Status.IMPORTING, progress=0, updated_at=timezone.now(),
             heartbeat_at=None, attempts=0)  # the write is a job of its own
    if claimed:
        job.refresh_from_db()
    return bool(claimed)


def import_write(*, job: ActivityImport) -> ActivityImport:
    """Step 2: check every row again (a period may have been locked since the preview) and
    write them all in one transaction, or none. Each activity's history says it was
    imported from the file. The file is deleted once written."""
    with translation.override(job.language), transaction.atomic():
        job = ActivityImport.objects.select_for_update().get(pk=job.pk)
        if job.status != ActivityImport.Status.IMPORTING or job.content is None:
            return job
        sheet, column_of = read_sheet(bytes(job.content))
        facts = Facts.for_user(job.owner)
        checked = check_rows(sheet, column_of, user=job.owner, facts=facts)
        if checked.errors:
            # Something changed since the preview: back to the preview, with the reasons.
            import_check(job=job, sheet=sheet)
            return job
        count = write_rows(
            [values for _number, values in checked.rows],
            by=job.owner,
            file_name=job.file_name,
            progress=_set_progress(job),
        )
        job.status = ActivityImport.Status.IMPORTED
        job.imported_count = count
        job.content = None
        job.progress = 100
        job.save(update_fields=["status", "imported_count", "content", "progress",
                                "updated_at"])
    _bump_public_pages()
    return job


def write_rows(
    rows: list[dict], *, by: User, file_name: str, progress: Callable[[int], None] | None = None
) -> int:
    """Write checked rows, with one history entry each ("+", by ``by``, the reason naming
    the file), in the caller's transaction.

    On PostgreSQL the rows go in with ``COPY`` (ids drawn from the table's sequence first,
    so the history rows can point at them); elsewhere with ``bulk_create`` in batches.
    Either way the database's own constraints (foreign keys, checks) still apply.
    """
    now = timezone.now()
    reason = import_reason(file_name)
    if connection.vendor == "postgresql":
        written = _copy_rows(rows, by=by, reason=reason, now=now, progress=progress)
    else:
        written = _bulk_create_rows(rows, by=by, reason=reason, now=now, progress=progress)
    if rows:
        # Written past the models' save: the approved activity totals are kept here (the
        # checks refuse a row in an approved quarter, so this usually finds nothing).
        totals.refresh_span({r["initiative"].pk for r in rows},
                            min(r["date"] for r in rows), max(r["date"] for r in rows))
    return written


def _bulk_create_rows(rows: list[dict], *, by: User, reason: str, now, progress) -> int:
    written = 0
    for start in range(0, len(rows), BATCH):
        batch = [
            Activity(**values, logged_by=by, created_at=now, updated_at=now)
            for values in rows[start:start + BATCH]
        ]
        bulk_create_with_history(
            batch, Activity, batch_size=BATCH, default_user=by, default_change_reason=reason,
            default_date=now,
        )
        written += len(batch)
        if progress:
            progress(written * 100 // max(len(rows), 1))
    return written


def activity_fields() -> list:
    """The activity table's columns: every concrete field of the model, in its order."""
    return list(Activity._meta.concrete_fields)


def history_fields() -> list:
    """The activity history table's columns but its own serial id (``history_id``): the
    activity's fields as simple-history copies them, then its own (when, why, how, by whom)."""
    meta = Activity.history.model._meta
    return [f for f in meta.concrete_fields if f is not meta.pk]


def _columns(fields: list) -> str:
    return ", ".join(connection.ops.quote_name(f.column) for f in fields)


def _activity_record(sample: dict, fixed: dict[str, Any]) -> Callable[[dict, int], tuple]:
    """A function from a checked row and the id drawn for it to the activity's values in
    ``activity_fields()``'s order: ``fixed`` by attname (dates, who logged it), else the
    row's value by name (a related object's pk) or by attname, else the field's default. A
    field for which an imported row has no value and that has no default cannot be written:
    say which."""
    getters: list[Callable[[dict, int], Any]] = []
    for f in activity_fields():
        if f.primary_key:
            getters.append(lambda row, pk: pk)
        elif f.attname in fixed:
            getters.append(lambda row, pk, value=fixed[f.attname]: value)
        elif f.attname in sample:
            getters.append(lambda row, pk, key=f.attname: row[key])
        elif f.name in sample:
            getters.append(
                (lambda row, pk, key=f.name: row[key].pk) if f.is_relation
                else (lambda row, pk, key=f.name: row[key])
            )
        elif f.has_default():
            getters.append(lambda row, pk, field=f: field.get_default())
        else:
            raise LookupError(
                f"An imported row has no value for Activity.{f.name}, which has no default: "
                "the import (initiatives/imports) must give it one."
            )
    return lambda row, pk: tuple(get(row, pk) for get in getters)


def _history_record(fixed: dict[str, Any]) -> Callable[[tuple], tuple]:
    """A function from an activity's record to its history row's, in ``history_fields()``'s
    order: the activity's values, then ``fixed`` (by attname) for the history's own."""
    position = {f.attname: i for i, f in enumerate(activity_fields())}
    layout = []
    for f in history_fields():
        if f.attname in position:
            layout.append((position[f.attname], None))
        elif f.attname in fixed:
            layout.append((None, fixed[f.attname]))
        else:
            raise LookupError(
                f"The activity's history has a column {f.column!r} that the import does not "
                "fill (initiatives/imports/services.py, _copy_rows)."
            )
    copied = [i for i, _value in layout if i is not None]
    if len(copied) > 1 and all(i is not None for i, _value in layout[:len(copied)]):
        # As simple-history lays its table out: the activity's columns, then its own.
        pick, own = itemgetter(*copied), tuple(value for _i, value in layout[len(copied):])
        return lambda record: pick(record) + own
    return lambda record: tuple(value if i is None else record[i] for i, value in layout)


def _copy_rows(rows: list[dict], *, by: User, reason: str, now, progress) -> int:
    table = Activity._meta.db_table
    history_table = Activity.history.model._meta.db_table
    if not rows:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        record = _activity_record(
            rows[0], {"created_at": now, "updated_at": now, "logged_by_id": by.pk}
        )
        records = [record(row, pk) for pk, row in zip(ids, rows, strict=True)]
        with cursor.copy(
            f"COPY {connection.ops.quote_name(table)} ({_columns(activity_fields())}) FROM STDIN"
        ) as copy:
            for position, values in enumerate(records, start=1):
                copy.write_row(values)
                if progress and position % BATCH == 0:
                    progress(position * 50 // len(records))
        history = _history_record({
            "history_date": now, "history_change_reason": reason, "history_type": "+",
            "history_user_id": by.pk,
        })
        with cursor.copy(
            f"COPY {connection.ops.quote_name(history_table)} ({_columns(history_fields())}) "
            "FROM STDIN"
        ) as copy:
            for position, values in enumerate(records, start=1):
                copy.write_row(history(values))
                if progress and position % BATCH == 0:
                    progress(50 + position * 50 // len(records))
    return len(records)


def _bump_public_pages() -> None:
    """Bulk writes send no signals: tell the public page cache once, after commit."""
    transaction.on_commit(bump_public_version)


def import_take(*, import_id: int, status: str) -> ActivityImport | None:
    """A worker takes the import to check or write it, or None when another worker has it
    (its heartbeat is fresh), it was cancelled, or it is past that step.

    A conditional UPDATE, as for reports: of two deliveries of the same job only one takes
    the row; a delivery after a dead worker's (its heartbeat stale) takes it over.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.IMPORT_HEARTBEAT_STALE_SECONDS)
    taken = ActivityImport.objects.filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale),
        pk=import_id, status=status, content__isnull=False,
    ).update(heartbeat_at=now, attempts=F("attempts") + 1)
    return ActivityImport.objects.filter(pk=import_id).first() if taken else None


def import_beat(*, job: ActivityImport) -> None:
    """A sign of life of the worker at work on ``job`` (from portal.core.heartbeat's thread)."""
    ActivityImport.objects.filter(
        pk=job.pk, status__in=(ActivityImport.Status.CHECKING, ActivityImport.Status.IMPORTING)
    ).update(heartbeat_at=timezone.now())


def stalled(job: ActivityImport) -> dict:
    """For the import's page: whether the worker at work on it stopped answering (its
    heartbeat is late), and by when the sweep sends it again."""
    if not is_late(job.heartbeat_at):
        return {"stalled": False}
    retry = job.heartbeat_at + datetime.timedelta(
        seconds=settings.IMPORT_HEARTBEAT_STALE_SECONDS + 60)
    return {"stalled": True, "last_sign": job.heartbeat_at, "retry_at": retry,
            "last_attempt": job.attempts >= settings.IMPORT_MAX_ATTEMPTS}


def imports_sweep(
    *, now: datetime.datetime | None = None, enqueue: Callable[[ActivityImport], None]
) -> dict[str, list[int]]:
    """Find imports whose worker died: send them again once, then fail them visibly.

    1. An import being checked or written whose heartbeat is older than
       ``IMPORT_HEARTBEAT_STALE_SECONDS``, or that no worker took within
       ``IMPORT_QUEUED_STALE_SECONDS`` (its job was lost), is stale. Its write was one
       transaction: nothing of it was written.
    2. One taken fewer than ``IMPORT_MAX_ATTEMPTS`` times is sent again (its heartbeat
       cleared by a conditional update, so two sweeps do not both send it); one that used
       its attempts fails with "worker_lost".
    """
    now = now or timezone.now()
    running_stale = now - datetime.timedelta(seconds=settings.IMPORT_HEARTBEAT_STALE_SECONDS)
    queued_stale = now - datetime.timedelta(seconds=settings.IMPORT_QUEUED_STALE_SECONDS)
    working = (ActivityImport.Status.CHECKING, ActivityImport.Status.IMPORTING)
    stale = ActivityImport.objects.filter(status__in=working).filter(
        Q(heartbeat_at__lt=running_stale)
        | Q(heartbeat_at__isnull=True, updated_at__lt=queued_stale)
    ).only("pk", "status", "heartbeat_at", "attempts", "updated_at")
    result: dict[str, list[int]] = {"requeued": [], "failed": []}
    for job in stale:
        if job.attempts < settings.IMPORT_MAX_ATTEMPTS:
            moved = ActivityImport.objects.filter(
                pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at
            ).update(heartbeat_at=None, updated_at=now)
            if moved:
                result["requeued"].append(job.pk)
                try:
                    enqueue(job)
                except Exception:  # noqa: BLE001 - the broker is down: the next sweep
                    logger.warning("import %s: could not send it again; next sweep", job.pk)
        else:
            import_fail(job=job, code="worker_lost")
            result["failed"].append(job.pk)
    return result


def import_fail(*, job: ActivityImport, code: str) -> ActivityImport:
    ActivityImport.objects.filter(pk=job.pk).exclude(
        status=ActivityImport.Status.IMPORTED
    ).update(status=ActivityImport.Status.FAILED, failure=code, content=None,
             updated_at=timezone.now())
    job.refresh_from_db()
    return job


def import_cancel(*, job: ActivityImport) -> bool:
    """The person gave up: the file and its preview are deleted, in every state but while
    a worker holds the write's transaction (then False: it ends in a moment, written or
    not). A worker that takes the job afterwards finds nothing; one that died left
    nothing written (its write was one transaction)."""
    with transaction.atomic():
        row = (ActivityImport.objects.select_for_update(skip_locked=True).filter(pk=job.pk)
               .values_list("status", flat=True).first())
        if row is None:  # a writer holds it (or it is gone already)
            return not ActivityImport.objects.filter(pk=job.pk).exists()
        if row != ActivityImport.Status.IMPORTED:
            ActivityImport.objects.filter(pk=job.pk).delete()
    return True


def purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the files and previews of imports past their expiry (beat, every 15 min):
    unconfirmed imports go entirely; an imported one keeps only its counts."""
    now = now or timezone.now()
    expired = ActivityImport.objects.filter(expires_at__lte=now)
    deleted, _detail = expired.exclude(status=ActivityImport.Status.IMPORTED).exclude(
        Q(status=ActivityImport.Status.IMPORTING)
    ).delete()
    expired.filter(status=ActivityImport.Status.IMPORTED).update(content=None, preview={})
    return deleted
