"""The change history of activities and progress updates, for their pages.

Callers check ``permissions.can_view_history`` first; these functions only read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from partners.models import Membership, User

from .models import Activity, IndicatorValue, ProgressUpdate, ReportingPeriod

IGNORED = ["created_at", "updated_at", "id", "update", "indicator"]
# Why a value is withheld is seen only by its writers and coordinators
# (``permissions.can_view_withheld_reason``); history is seen by everyone who sees the
# update, collaborators included, so it never carries the reason.
PRIVATE = ["withheld_reason"]
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class Entry:
    when: datetime
    who: Any
    action: str
    # What the entry is about: text, or an indicator (shown with its lang when its name
    # fell back to the other language).
    subject: Any = ""
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


LANGUAGE_SUFFIXES = {"_fr": _("%(field)s (French)"), "_en": _("%(field)s (English)")}


def _translated(model) -> set[str]:
    """The translated fields of ``model`` (their base names: "done" for done_fr, done_en)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def _label(model, name: str) -> str:
    """A field's name as people read it; a translated field's says its language."""
    suffix = name[-3:]
    if suffix in LANGUAGE_SUFFIXES and name[:-3] in _translated(model):
        return LANGUAGE_SUFFIXES[suffix] % {"field": _label(model, name[:-3])}
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since: show its name
        return name


def _display(model, name: str, value: Any) -> Any:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001
        return value
    if model_field.many_to_one and value is not None:
        # Who or what, by name: never an id ("submitted by: Anne Roy", not "2").
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else value
    choices = dict(model_field.flatchoices)
    return choices.get(value, value)


# Why a change was made, as history records store it (``history_change_reason``): the
# demo loader's, and an import's ("import:" and the file name). Shown in the reader's
# language by the functions below.
DEMO_REASON = "Demo data"
IMPORT_REASON_PREFIX = "import:"
API_REASON = "API"


def import_reason(file_name: str) -> str:
    return f"{IMPORT_REASON_PREFIX}{file_name}"[:100]


def _author_of(record) -> Any:
    """Who made a change without a person behind it: the demo loader, an import, the API,
    or nobody known."""
    reason = getattr(record, "history_change_reason", None) or ""
    if reason == DEMO_REASON:
        return _("demo data")
    if reason.startswith(IMPORT_REASON_PREFIX):
        return _("import")
    if reason == API_REASON:
        return _("API")
    return None


def _reason(reason: str | None) -> str:
    """Why the change was made, in the reader's language ("Imported from agenda.xlsx")."""
    if reason and reason.startswith(IMPORT_REASON_PREFIX):
        return _("Imported from %(file)s") % {"file": reason[len(IMPORT_REASON_PREFIX):]}
    if reason == API_REASON:
        return _("Via the API")
    return "" if reason == DEMO_REASON else (reason or "")


def _entries(records: list, model, subject_for=None) -> list[Entry]:
    """One entry per historical record, with the fields it changed from the one before."""
    previous_by_object: dict[int, Any] = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        prev = previous_by_object.get(record.id)
        changes = []
        if prev is not None:
            # A translated field's own column is whichever language was active when it was
            # saved: its languages' columns are compared instead, each named.
            excluded = IGNORED + PRIVATE + sorted(_translated(model))
            delta = record.diff_against(prev, excluded_fields=excluded)
            changes = [
                Change(
                    _label(model, c.field),
                    _display(model, c.field, c.old),
                    _display(model, c.field, c.new),
                )
                for c in delta.changes
                if (c.old if c.old is not None else "") != (c.new if c.new is not None else "")
            ]
        previous_by_object[record.id] = record
        entries.append(
            Entry(
                when=record.history_date,
                who=record.history_user or _author_of(record),
                action=ACTIONS.get(record.history_type, record.history_type),
                subject=subject_for(record) if subject_for else "",
                changes=changes,
                reason=_reason(getattr(record, "history_change_reason", None)),
            )
        )
    return entries


def activity_history(activity: Activity) -> list[Entry]:
    records = list(activity.history.select_related("history_user"))
    return list(reversed(_entries(records, Activity)))


def update_history(update: ProgressUpdate) -> list[Entry]:
    """The update's own changes and those of its indicator values, newest first."""
    records = list(update.history.select_related("history_user"))
    entries = _entries(records, ProgressUpdate)
    value_records = list(
        IndicatorValue.history.filter(update_id=update.pk).select_related(
            "history_user", "indicator"
        )
    )
    grouped: dict[int, list] = defaultdict(list)
    for record in value_records:
        grouped[record.id].append(record)
    for group in grouped.values():
        entries += _entries(
            group, IndicatorValue, subject_for=lambda r: r.indicator or ""
        )
    return sorted(entries, key=lambda e: e.when, reverse=True)


# --- The coordinators' change log: periods locked or reopened, roles given or changed ------

ROLE_FIELDS = {"is_coordinator", "is_staff", "is_superuser", "is_active"}


def change_log(*, limit: int = 300) -> list[Entry]:
    """Who locked or reopened which period, and who gave, changed or removed whose role
    (an organisation membership, or the coordinator and administrator flags), newest
    first. For coordinators (the caller checks)."""
    periods = ReportingPeriod.history.select_related("history_user").order_by("-history_date")
    memberships = Membership.history.select_related(
        "history_user", "user", "organisation").order_by("-history_date")
    users = User.history.select_related("history_user").order_by("-history_date")
    entries = _grouped(list(periods[:limit]), ReportingPeriod,
                       lambda r: ReportingPeriod(start=r.start, end=r.end, name=r.name).label)
    entries += _grouped(list(memberships[:limit]), Membership,
                        lambda r: f"{r.user} · {r.organisation}" if r.user_id else "")
    entries += [
        entry for entry in _grouped(list(users[:limit]), User, lambda r: r.email)
        if entry.action == ACTIONS["+"] or any(
            change.field in _role_labels(User) for change in entry.changes)
    ]
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]


def _grouped(records: list, model, subject_for) -> list[Entry]:
    by_object: dict[int, list] = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    entries: list[Entry] = []
    for group in by_object.values():
        entries += _entries(group, model, subject_for=subject_for)
    return entries


def _role_labels(user_model) -> set[str]:
    return {_label(user_model, name) for name in ROLE_FIELDS}
