"""Reminders of updates that are due: once per update and stage, in each lead's language.

1. For every open period, the obligations of every initiative (``Obligation``: the one
   definition of due, late and missing).
2. Not submitted and due within ``REMINDER_DAYS_BEFORE`` days: stage "due soon"; not
   submitted and past the due date: stage "overdue".
3. A stage already recorded for that initiative and period is skipped: the unique
   constraint on ``Reminder`` makes a second run (or two beats at once) send nothing more.
4. The leads of the lead organisation get the email in their preferred language, after
   the record is committed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from initiatives.models import Initiative, ReportingPeriod
from initiatives.notifications import send_in_language
from initiatives.selectors import reporting_obligations
from partners.models import Membership, User
from portal.reports.models import Reminder


def _leads(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation=organisation_id,
            memberships__role=Membership.Role.LEAD,
        )
    )


def reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    soon = datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    periods = list(ReportingPeriod.objects.filter(is_locked=False).order_by("start"))
    initiatives = list(
        Initiative.objects.exclude(status=Initiative.Status.PLANNED).select_related("lead")
    )
    sent = {Reminder.Stage.DUE_SOON: 0, Reminder.Stage.OVERDUE: 0}
    already = set(
        Reminder.objects.filter(period__in=periods).values_list("initiative_id", "period_id",
                                                                "stage")
    )
    for obligation in reporting_obligations(
        initiatives=initiatives, periods=periods, today=today
    ):
        if obligation.is_submitted:
            continue
        if obligation.is_missing:
            stage = Reminder.Stage.OVERDUE
        elif datetime.timedelta(0) <= obligation.period.due - today <= soon:
            stage = Reminder.Stage.DUE_SOON
        else:
            continue
        key = (obligation.initiative.pk, obligation.period.pk, stage)
        if key in already:
            continue
        recipients = _leads(obligation.initiative.lead_id)
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    initiative=obligation.initiative, period=obligation.period, stage=stage
                )
                reminder.recipients.set(recipients)
                send_in_language(
                    recipients=recipients,
                    template=f"reminder_{stage}",
                    context={"initiative": obligation.initiative, "period": obligation.period,
                             "days": obligation.days_overdue},
                    url_name="workspace:update",
                    url_kwargs={"initiative_pk": obligation.initiative.pk,
                                "period_pk": obligation.period.pk},
                )
        except IntegrityError:
            continue  # another run recorded it first: it sends, not us
        sent[stage] += 1
    return {str(k): v for k, v in sent.items()}
