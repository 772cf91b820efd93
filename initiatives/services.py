"""Writes of the partner workspace and of the coordination: activities, progress updates,
their review, and reporting periods.

Each service is keyword-only, atomic and validates before it saves; it raises
``django.core.exceptions.ValidationError`` with a message a person can act on. Views check
permissions (``initiatives.permissions``) before calling; services enforce the business rules
(dates, locked periods, workflow states) whoever calls them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partners.models import User
from portal.services import key_figures_schedule_refresh

from . import notifications
from .metrics import DerivedValue, derived_values
from .models import (
    Activity,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)

NARRATIVE_FIELDS = ("done", "next_steps", "challenges")
EDITABLE_STATUSES = (ProgressUpdate.Status.DRAFT, ProgressUpdate.Status.RETURNED)


def _as_user(obj: Any, by: User | None) -> Any:
    """Record ``by`` as the author of the history entry this save or delete makes."""
    if by is not None:
        obj._history_user = by
    return obj


def locked_period_for(day: datetime.date) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(start__lte=day, end__gte=day, is_locked=True).first()


def _locked_message(period: ReportingPeriod) -> str:
    return _(
        "The reporting period %(period)s is locked: its activities and updates can no "
        "longer be added or changed. Ask the coordinator to reopen it."
    ) % {"period": period.label}


def _locked_update(initiative: Initiative, period: ReportingPeriod) -> ProgressUpdate | None:
    """The update's row locked for this transaction (only its row: of=self, no ordering joins)."""
    return (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .filter(initiative=initiative, period=period)
        .order_by()
        .first()
    )


def frozen_update_for(initiative: Initiative, day: datetime.date) -> ProgressUpdate | None:
    """The submitted or approved update covering ``day``: its activities are what was reported."""
    return (
        ProgressUpdate.objects.filter(
            initiative=initiative,
            status__in=(ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED),
            period__start__lte=day,
            period__end__gte=day,
        )
        .select_related("period")
        .order_by()
        .first()
    )


def _frozen_message(update: ProgressUpdate) -> str:
    return _(
        "The progress update of %(period)s for this initiative is %(status)s: the activities "
        "it reports can no longer change. Ask the coordinator to return it first."
    ) % {"period": update.period.label, "status": update.get_status_display().lower()}


def _takes_part(initiative: Initiative, organisation_id: int) -> bool:
    return organisation_id == initiative.lead_id or initiative.collaborators.filter(
        pk=organisation_id
    ).exists()


# --- Activities ----------------------------------------------------------------------------


def activity_validate(
    *,
    initiative: Initiative,
    date: datetime.date,
    participants: int,
    instance: Activity | None = None,
    organisation_id: int | None = None,
) -> None:
    """Raise a ValidationError keyed by field when the activity cannot be saved as given.

    Besides the initiative's span and locked periods, an activity in a quarter whose
    update is submitted or approved is frozen: the reviewed figures were computed from it.
    """
    errors: dict[str, list[str]] = {}
    if date < initiative.start or (initiative.end and date > initiative.end):
        start = date_format(initiative.start, "DATE_FORMAT")
        if initiative.end:
            errors.setdefault("date", []).append(
                _("The date must fall within the initiative's span, %(start)s to %(end)s.")
                % {"start": start, "end": date_format(initiative.end, "DATE_FORMAT")}
            )
        else:
            errors.setdefault("date", []).append(
                _("The date must not be before the initiative started, on %(start)s.")
                % {"start": start}
            )
    period = locked_period_for(date)
    if period:
        errors.setdefault("date", []).append(_locked_message(period))
    else:
        frozen = frozen_update_for(initiative, date)
        if frozen:
            errors.setdefault("date", []).append(_frozen_message(frozen))
    if instance is not None and instance.pk:
        original = (
            Activity.objects.filter(pk=instance.pk)
            .select_related("initiative")
            .only("date", "initiative")
            .first()
        )
        original_period = locked_period_for(original.date) if original else None
        if original_period and original_period != period:
            errors.setdefault(NON_FIELD_ERRORS, []).append(_locked_message(original_period))
        elif original and (original.initiative_id, original.date) != (initiative.pk, date):
            frozen = frozen_update_for(original.initiative, original.date)
            if frozen:
                errors.setdefault(NON_FIELD_ERRORS, []).append(_frozen_message(frozen))
    if organisation_id is not None and not _takes_part(initiative, organisation_id):
        errors.setdefault("initiative", []).append(
            _("The delivering organisation does not take part in this initiative.")
        )
    if participants is None or participants < 0:
        errors.setdefault("participants", []).append(
            _("Participants must be a whole number from 0.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_create(
    *,
    by: User,
    initiative: Initiative,
    organisation_id: int,
    date: datetime.date,
    kind: str,
    title: str,
    participants: int,
    audience: str,
    language: str,
    neighbourhood: str = "",
    notes: str = "",
) -> Activity:
    activity_validate(
        initiative=initiative,
        date=date,
        participants=participants,
        organisation_id=organisation_id,
    )
    activity = Activity(
        initiative=initiative,
        organisation_id=organisation_id,
        date=date,
        kind=kind,
        title=title,
        participants=participants,
        audience=audience,
        language=language,
        neighbourhood=neighbourhood,
        notes=notes,
        logged_by=by,
    )
    activity.full_clean()
    _as_user(activity, by).save()
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, by: User, **fields: Any) -> Activity:
    allowed = {
        "initiative", "date", "kind", "title", "participants", "audience", "language",
        "neighbourhood", "notes", "organisation_id",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"activity_update() got unexpected fields: {sorted(unknown)}")
    initiative = fields.get("initiative", activity.initiative)
    activity_validate(
        initiative=initiative,
        date=fields.get("date", activity.date),
        participants=fields.get("participants", activity.participants),
        instance=activity,
        organisation_id=fields.get("organisation_id", activity.organisation_id),
    )
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    _as_user(activity, by).save()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> None:
    period = locked_period_for(activity.date)
    if period:
        raise ValidationError(_locked_message(period))
    frozen = frozen_update_for(activity.initiative, activity.date)
    if frozen:
        raise ValidationError(_frozen_message(frozen))
    _as_user(activity, by).delete()


# --- Progress updates ----------------------------------------------------------------------


def _check_period_open(period: ReportingPeriod) -> None:
    if period.is_locked:
        raise ValidationError(_locked_message(period))


def entered_indicators(initiative: Initiative):
    return initiative.indicators.filter(source=Indicator.Source.ENTERED)


def derived_indicators(initiative: Initiative):
    return initiative.indicators.filter(source=Indicator.Source.DERIVED)


def derived_for_period(
    initiative: Initiative, period: ReportingPeriod
) -> list[tuple[Indicator, DerivedValue]]:
    """Each derived indicator of the initiative with its value over the period, computed in
    the database by :func:`initiatives.metrics.derived_values` (one query)."""
    indicators = list(derived_indicators(initiative))
    if not indicators:
        return []
    values = derived_values(
        initiative_ids=[initiative.pk], start=period.start, end=period.end
    ).get(initiative.pk, {})
    rows = []
    for indicator in indicators:
        empty = (
            DerivedValue(Decimal(0), 0, 0)
            if indicator.unit == Indicator.Unit.PERCENT
            else DerivedValue(Decimal(0))
        )
        rows.append((indicator, values.get(indicator.derivation, empty)))
    return rows


@transaction.atomic
def update_save_draft(
    *,
    initiative: Initiative,
    period: ReportingPeriod,
    by: User,
    narrative: dict[str, str],
    values: dict[int, Decimal | None],
) -> ProgressUpdate:
    """Create or change the update of ``initiative`` for ``period`` without submitting it.

    ``narrative`` maps translated field names (``done_fr``, ``next_steps_en``...) to text;
    ``values`` maps the pk of each entered indicator to its value (None clears it).
    A returned update stays "returned", with its comment, until it is resubmitted.
    """
    # Read the period again inside the transaction: a lock committed meanwhile wins.
    _check_period_open(ReportingPeriod.objects.get(pk=period.pk))
    if period.end < initiative.start or (initiative.end and period.start > initiative.end):
        raise ValidationError(
            _("This initiative does not run during %(period)s: there is nothing to report.")
            % {"period": period.label}
        )
    update = _locked_update(initiative, period) or ProgressUpdate(
        initiative=initiative, period=period
    )
    if update.pk and update.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This update is %(status)s and can no longer be changed.")
            % {"status": update.get_status_display().lower()}
        )
    allowed = {f"{name}_{lang}" for name in NARRATIVE_FIELDS for lang in ("fr", "en")}
    for name, text in narrative.items():
        if name not in allowed:
            raise TypeError(f"Unknown narrative field {name!r}")
        setattr(update, name, text or "")
    if update.pk:
        _as_user(update, by).save()
    else:
        try:
            with transaction.atomic():  # a savepoint: the race of two first saves
                _as_user(update, by).save()
        except IntegrityError:
            # Someone else created it a moment ago: edit theirs, under the lock.
            return update_save_draft(
                initiative=initiative, period=period, by=by, narrative=narrative, values=values
            )

    indicators = {i.pk: i for i in entered_indicators(initiative)}
    existing = {v.indicator_id: v for v in update.values.all()}
    for indicator_pk, value in values.items():
        if indicator_pk not in indicators:
            raise ValidationError(_("An indicator does not belong to this initiative."))
        current = existing.get(indicator_pk)
        if value is None:
            if current is not None:
                _as_user(current, by).delete()
            continue
        if value < 0:
            raise ValidationError(_("Indicator values cannot be negative."))
        if current is None:
            current = IndicatorValue(update=update, indicator=indicators[indicator_pk])
        elif current.value == value:
            continue
        current.value = value
        _as_user(current, by).save()
    return update


@transaction.atomic
def update_submit(*, update: ProgressUpdate, by: User) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update(of=("self",)).get(pk=update.pk)
    _check_period_open(update.period)
    if update.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Only a draft or a returned update can be submitted; this one is %(status)s.")
            % {"status": update.get_status_display().lower()}
        )
    with_value = set(update.values.values_list("indicator_id", flat=True))
    missing = [i for i in entered_indicators(update.initiative) if i.pk not in with_value]
    if missing:
        raise ValidationError(
            _("Enter a value for every indicator before submitting: %(names)s.")
            % {"names": ", ".join(str(i) for i in missing)}
        )
    if not (update.done_fr or update.done_en):
        raise ValidationError(
            _("Say what was done, in French or in English, before submitting.")
        )
    update.status = ProgressUpdate.Status.SUBMITTED
    update.submitted_by = by
    update.submitted_at = timezone.now()
    _as_user(update, by).save()
    notifications.update_submitted(update)
    return update


def _check_reviewable(update: ProgressUpdate) -> None:
    if update.status != ProgressUpdate.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted update can be reviewed; this one is %(status)s.")
            % {"status": update.get_status_display().lower()}
        )


@transaction.atomic
def update_return(*, update: ProgressUpdate, by: User, comment: str) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update(of=("self",)).get(pk=update.pk)
    _check_reviewable(update)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": [_("Say what needs to change: the comment goes back to the partner.")]}
        )
    update.status = ProgressUpdate.Status.RETURNED
    update.review_comment = comment
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    _as_user(update, by).save()
    notifications.update_returned(update)
    return update


@transaction.atomic
def update_approve(*, update: ProgressUpdate, by: User) -> ProgressUpdate:
    """Approve a submitted update.

    1. Snapshot the derived indicators over the period (``metrics.derived_values``) into
       IndicatorValue rows, with numerator and denominator for shares, so public pages show
       the figures as approved even if activities change later.
    2. Mark the update approved: its values reach the public pages at once.
    3. Refresh the home page's key figures after commit, and tell the partner.
    """
    update = ProgressUpdate.objects.select_for_update(of=("self",)).select_related("period").get(
        pk=update.pk
    )
    _check_reviewable(update)
    existing = {v.indicator_id: v for v in update.values.all()}
    for indicator, derived in derived_for_period(update.initiative, update.period):
        value = existing.get(indicator.pk) or IndicatorValue(update=update, indicator=indicator)
        value.value = derived.value
        value.numerator = derived.numerator
        value.denominator = derived.denominator
        _as_user(value, by).save()
    update.status = ProgressUpdate.Status.APPROVED
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    _as_user(update, by).save()
    key_figures_schedule_refresh()
    notifications.update_approved(update)
    return update


# --- Reporting periods ---------------------------------------------------------------------


@transaction.atomic
def period_lock(*, period: ReportingPeriod, by: User) -> ReportingPeriod:
    ReportingPeriod.objects.filter(pk=period.pk).update(is_locked=True)
    period.is_locked = True
    return period


@transaction.atomic
def period_open(*, period: ReportingPeriod, by: User) -> ReportingPeriod:
    ReportingPeriod.objects.filter(pk=period.pk).update(is_locked=False)
    period.is_locked = False
    return period


@transaction.atomic
def period_create(
    *, by: User, name: str, start: datetime.date, end: datetime.date, due: datetime.date
) -> ReportingPeriod:
    period = ReportingPeriod(name=name, start=start, end=end, due=due)
    period.full_clean()
    if ReportingPeriod.objects.filter(start__lte=end, end__gte=start).exists():
        raise ValidationError(
            {"start": [_("This span overlaps an existing reporting period.")]}
        )
    period.save()
    return period
