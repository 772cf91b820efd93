"""Writes of the partner workspace and of the coordination: activities, progress updates,
their review, and reporting periods.

Each service is keyword-only, atomic and validates before it saves; it raises
``django.core.exceptions.ValidationError`` with a message a person can act on. Views check
permissions (``initiatives.permissions``) before calling; services enforce the business rules
(dates, locked periods, workflow states) whoever calls them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.models import User
from portal.core.figures import format_number, share_of
from portal.core.i18n import format_date

from . import notifications, quality, signals
from .models import (
    Activity,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from .selectors import (
    derived_for_period,
    earlier_approved_values,
    entered_indicators,
    frozen_message,
    frozen_update_for,
    locked_message,
    locked_period_for,
    reported_numbers,
)

NARRATIVE_FIELDS = ("done", "next_steps", "challenges")
EDITABLE_STATUSES = (ProgressUpdate.Status.DRAFT, ProgressUpdate.Status.RETURNED)


def _as_user(obj: Any, by: User | None) -> Any:
    """Record ``by`` as the author of the history entry this save or delete makes."""
    if by is not None:
        obj._history_user = by
    return obj


def _locked_update(initiative: Initiative, period: ReportingPeriod) -> ProgressUpdate | None:
    """The update's row locked for this transaction (only its row: of=self, no ordering joins)."""
    return (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .filter(initiative=initiative, period=period)
        .order_by()
        .first()
    )


def _takes_part(initiative: Initiative, organisation_id: int) -> bool:
    return organisation_id == initiative.lead_id or initiative.collaborators.filter(
        pk=organisation_id
    ).exists()


# --- Activities ----------------------------------------------------------------------------


def activity_rule_errors(
    *,
    initiative: Initiative,
    date: datetime.date,
    participants: int | None,
    locked_period: ReportingPeriod | None,
    frozen_update: ProgressUpdate | None,
    takes_part: bool = True,
) -> dict[str, list[str]]:
    """The business rules of a new or changed activity, given the facts they depend on.

    Pure (no queries): :func:`activity_validate` looks the facts up for one activity, the
    spreadsheet import (``initiatives.imports``) for thousands of rows at once, and both
    get the same errors, keyed by field, in the active language.
    """
    errors: dict[str, list[str]] = {}
    if date < initiative.start or (initiative.end and date > initiative.end):
        start = format_date(initiative.start)
        if initiative.end:
            errors.setdefault("date", []).append(
                _("The date must fall within the initiative's span, %(start)s to %(end)s.")
                % {"start": start, "end": format_date(initiative.end)}
            )
        else:
            errors.setdefault("date", []).append(
                _("The date must not be before the initiative started, on %(start)s.")
                % {"start": start}
            )
    if locked_period:
        errors.setdefault("date", []).append(locked_message(locked_period))
    elif frozen_update:
        errors.setdefault("date", []).append(frozen_message(frozen_update))
    if not takes_part:
        errors.setdefault("initiative", []).append(
            _("The delivering organisation does not take part in this initiative.")
        )
    if participants is None or participants < 0:
        errors.setdefault("participants", []).append(
            _("Participants must be a whole number from 0.")
        )
    elif message := quality.participants_error(participants):
        errors.setdefault("participants", []).append(message)
    return errors


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
    Participants must be plausible (``quality.participants_error``).
    """
    period = locked_period_for(date)
    errors = activity_rule_errors(
        initiative=initiative,
        date=date,
        participants=participants,
        locked_period=period,
        frozen_update=None if period else frozen_update_for(initiative, date),
        takes_part=organisation_id is None or _takes_part(initiative, organisation_id),
    )
    if instance is not None and instance.pk:
        original = (
            Activity.objects.filter(pk=instance.pk)
            .select_related("initiative")
            .only("date", "initiative")
            .first()
        )
        original_period = locked_period_for(original.date) if original else None
        if original_period and original_period != period:
            errors.setdefault(NON_FIELD_ERRORS, []).append(locked_message(original_period))
        elif original and (original.initiative_id, original.date) != (initiative.pk, date):
            frozen = frozen_update_for(original.initiative, original.date)
            if frozen:
                errors.setdefault(NON_FIELD_ERRORS, []).append(frozen_message(frozen))
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
        raise ValidationError(locked_message(period))
    frozen = frozen_update_for(activity.initiative, activity.date)
    if frozen:
        raise ValidationError(frozen_message(frozen))
    _as_user(activity, by).delete()


# --- Progress updates ----------------------------------------------------------------------


def _check_period_open(period: ReportingPeriod) -> None:
    if period.is_locked:
        raise ValidationError(locked_message(period))


@dataclass(frozen=True)
class EnteredValue:
    """What a partner says of one entered indicator for one period: a number, "not
    reported", or "withheld for safety" with an internal reason."""

    state: str = IndicatorValue.State.REPORTED
    value: Decimal | None = None
    reason: str = ""
    # A share is given as its two counts (so that it can be checked and suppressed like
    # any other figure about people); its value is computed from them.
    numerator: int | None = None
    denominator: int | None = None

    @classmethod
    def of(cls, given: EnteredValue | Decimal | int | None) -> EnteredValue:
        """A bare number means "reported"; None means "nothing entered"."""
        if given is None or isinstance(given, EnteredValue):
            return given or cls()
        return cls(value=Decimal(given))

    @property
    def is_empty(self) -> bool:
        return (self.state == IndicatorValue.State.REPORTED and self.value is None
                and self.numerator is None and self.denominator is None)


def _with_share(indicator: Indicator, entered: EnteredValue) -> EnteredValue:
    """A reported share from its counts: both are required, the count no larger than the
    total; the value is computed. Any other value has no counts."""
    if indicator.unit != Indicator.Unit.PERCENT or entered.state != IndicatorValue.State.REPORTED:
        if entered.numerator is not None or entered.denominator is not None:
            raise ValidationError(
                _("%(indicator)s: only a share is given as a count out of a total.")
                % {"indicator": indicator}
            )
        return entered
    numerator, denominator = entered.numerator, entered.denominator
    if numerator is None or denominator is None:
        raise ValidationError(
            _("%(indicator)s: give the count and the total the share is computed from "
              "(for example 12 out of 40), not the percentage.") % {"indicator": indicator}
        )
    limit = settings.INDICATOR_MAX_COUNT
    if denominator < 1 or numerator < 0 or numerator > denominator or denominator > limit:
        raise ValidationError(
            _("%(indicator)s: the count must be from 0 to the total, and the total from 1 "
              "to %(max)s.") % {"indicator": indicator, "max": format_number(limit)}
        )
    return replace(entered, value=share_of(numerator, denominator))


def _check_entered(indicator: Indicator, entered: EnteredValue) -> None:
    """Refuse what cannot be stored as given; every message names the indicator."""
    states = IndicatorValue.State
    if entered.state not in states.values:
        raise ValidationError(
            _("%(indicator)s: choose a number, “not reported” or “withheld for safety”.")
            % {"indicator": indicator}
        )
    if entered.state == states.REPORTED:
        message = quality.value_error(indicator, entered.value)
        if message:
            raise ValidationError(message)
    elif entered.value is not None:
        raise ValidationError(
            _("%(indicator)s: a value that is not reported or withheld has no number.")
            % {"indicator": indicator}
        )
    if entered.state == states.WITHHELD and not entered.reason.strip():
        raise ValidationError(
            _("%(indicator)s: say why the value is withheld (seen by the partnership only).")
            % {"indicator": indicator}
        )


def _flag(state: str, value: Decimal | None, earlier: list[IndicatorValue]) -> Decimal | None:
    """The outlier flag of a value (``quality.outlier_reference``): only numbers have one."""
    if state != IndicatorValue.State.REPORTED:
        return None
    return quality.outlier_reference(value, reported_numbers(earlier))


def _sync_flags(update: ProgressUpdate, by: User | None) -> None:
    """Set or clear the outlier flag of each stored value against the indicator's approved
    history, which may have changed since the value was saved; save only the values whose
    flag changed."""
    values = list(update.values.select_related("indicator"))
    earlier = earlier_approved_values(
        indicator_ids=[v.indicator_id for v in values], period=update.period
    )
    for value in values:
        median = _flag(value.state, value.value, earlier[value.indicator_id])
        if median != value.flag_median:
            value.flag_median = median
            _as_user(value, by).save(update_fields=["flag_median"])


@transaction.atomic
def update_save_draft(
    *,
    initiative: Initiative,
    period: ReportingPeriod,
    by: User,
    narrative: dict[str, str],
    values: Mapping[int, EnteredValue | Decimal | None],
) -> ProgressUpdate:
    """Create or change the update of ``initiative`` for ``period`` without submitting it.

    ``narrative`` maps translated field names (``done_fr``, ``next_steps_en``...) to text;
    ``values`` maps the pk of each entered indicator to an :class:`EnteredValue` (a bare
    number means "reported"; None, or a reported value without a number, clears it).
    Values must be plausible (``quality.value_error``); each is saved with its outlier
    flag set or cleared (``quality.outlier_reference``).
    A returned update stays "returned", with its comment, until it is resubmitted.
    """
    # Read the period again inside the transaction: a lock committed meanwhile wins.
    _check_period_open(ReportingPeriod.objects.get(pk=period.pk))
    if period.end < initiative.start or (initiative.end and period.start > initiative.end):
        raise ValidationError(
            _("This initiative does not run during %(period)s: there is nothing to report.")
            % {"period": period.label}
        )
    indicators = {i.pk: i for i in entered_indicators(initiative)}
    entered = {pk: EnteredValue.of(given) for pk, given in values.items()}
    for indicator_pk, value in entered.items():
        if indicator_pk not in indicators:
            raise ValidationError(_("An indicator does not belong to this initiative."))
        if not value.is_empty:
            value = entered[indicator_pk] = _with_share(indicators[indicator_pk], value)
            _check_entered(indicators[indicator_pk], value)
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

    existing = {v.indicator_id: v for v in update.values.all()}
    earlier = earlier_approved_values(indicator_ids=list(entered), period=period)
    for indicator_pk, value in entered.items():
        current = existing.get(indicator_pk)
        if value.is_empty:
            if current is not None:
                _as_user(current, by).delete()
            continue
        reason = value.reason.strip() if value.state == IndicatorValue.State.WITHHELD else ""
        # Recomputed even for an unchanged value: the history may have moved since.
        flag = _flag(value.state, value.value, earlier[indicator_pk])
        if current is None:
            current = IndicatorValue(update=update, indicator=indicators[indicator_pk])
        elif (current.state, current.value, current.numerator, current.denominator,
              current.withheld_reason, current.flag_median) == (
            value.state, value.value, value.numerator, value.denominator, reason, flag
        ):
            continue
        current.state = value.state
        current.value = value.value
        current.numerator = value.numerator
        current.denominator = value.denominator
        current.withheld_reason = reason
        current.flag_median = flag
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
    # Every entered indicator needs a number, or an explicit "not reported" or "withheld".
    with_value = set(update.values.values_list("indicator_id", flat=True))
    missing = [i for i in entered_indicators(update.initiative) if i.pk not in with_value]
    if missing:
        raise ValidationError(
            _("Enter a value for every indicator before submitting, or say it is not "
              "reported or withheld: %(names)s.")
            % {"names": ", ".join(str(i) for i in missing)}
        )
    if not (update.done_fr or update.done_en):
        raise ValidationError(
            _("Say what was done, in French or in English, before submitting.")
        )
    # The history may have changed since the last save (an earlier quarter approved).
    _sync_flags(update, by)
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
def update_return(
    *, update: ProgressUpdate, by: User, comment: str, language: str | None = None
) -> ProgressUpdate:
    """Return a submitted update to its partner with the reviewer's comment, written in
    ``language`` (by default the reviewer's active language), which pages mark."""
    update = ProgressUpdate.objects.select_for_update(of=("self",)).get(pk=update.pk)
    _check_reviewable(update)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": [_("Say what needs to change: the comment goes back to the partner.")]}
        )
    update.status = ProgressUpdate.Status.RETURNED
    update.review_comment = comment
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    update.review_comment_language = language[:2] if language[:2] in ("fr", "en") else ""
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
       the figures as approved even if activities change later; each snapshot keeps the
       outlier flag the reviewer saw.
    2. Mark the update approved: its values reach the public pages at once.
    3. Tell the partner (through the outbox). Public pages and the home page's key figures
       show the approval on the next request (``portal.core.pagecache`` keeps them per version).
    """
    update = ProgressUpdate.objects.select_for_update(of=("self",)).select_related("period").get(
        pk=update.pk
    )
    _check_reviewable(update)
    existing = {v.indicator_id: v for v in update.values.all()}
    derived_rows = derived_for_period(update.initiative, update.period)
    earlier = earlier_approved_values(
        indicator_ids=[indicator.pk for indicator, _derived in derived_rows],
        period=update.period,
    )
    for indicator, derived in derived_rows:
        value = existing.get(indicator.pk) or IndicatorValue(update=update, indicator=indicator)
        value.state = IndicatorValue.State.REPORTED
        value.value = derived.value
        value.numerator = derived.numerator
        value.denominator = derived.denominator
        value.flag_median = _flag(value.state, value.value, earlier[indicator.pk])
        _as_user(value, by).save()
    _sync_flags(update, by)  # entered values: the history may have moved since submission
    update.status = ProgressUpdate.Status.APPROVED
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    _as_user(update, by).save()
    notifications.update_approved(update)
    return update


# --- Reporting periods ---------------------------------------------------------------------


@transaction.atomic
def period_lock(*, period: ReportingPeriod, by: User) -> ReportingPeriod:
    """Lock the period; once committed, it is announced (``signals.period_locked``): the
    reports feature compiles each priority area's quarterly report for it, and the
    coordinators are told when it is ready."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    period.is_locked = True
    _as_user(period, by).save(update_fields=["is_locked"])  # recorded in its history
    # Robust twice over: a failing receiver (a broker outage) is logged by send_robust and
    # never undoes or hides a committed lock; the reports can be requested by hand.
    transaction.on_commit(
        lambda: signals.period_locked.send_robust(sender=ReportingPeriod, period_id=period.pk),
        robust=True,
    )
    return period


@transaction.atomic
def period_open(*, period: ReportingPeriod, by: User) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    period.is_locked = False
    _as_user(period, by).save(update_fields=["is_locked"])  # recorded in its history
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
