"""Reads of the mailing list: the topics offered, the sign-up behind a link, and the
coordinators' counts and export (never a list of addresses on a page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from partners.models import User
from portal.core import spreadsheets
from portal.mailing.models import Subscription
from priorities.models import Plan, PriorityArea

from . import permissions, tokens

STATUSES = [Subscription.Status.CONFIRMED, Subscription.Status.PENDING,
            Subscription.Status.UNSUBSCRIBED]


def topic_choices() -> QuerySet[PriorityArea]:
    """The topics of the sign-up form: the priority areas of the featured plan."""
    plan = Plan.objects.featured()
    if plan is None:
        return PriorityArea.objects.none()
    return PriorityArea.objects.filter(plan=plan).order_by("order")


def subscription_for_confirmation(token: str) -> Subscription | None:
    """The sign-up a confirmation link names; ``SignatureExpired`` or ``BadSignature``
    for a link too old or altered; None when the sign-up no longer exists."""
    key = tokens.confirmation_key(token)
    return Subscription.objects.filter(key=key).first()


def address_is_subscribed(key: str) -> bool:
    """Whether the address an unsubscribe link was sent to still has a sign-up in force."""
    email = Subscription.objects.filter(key=key).values_list("email", flat=True).first()
    return email is not None and Subscription.objects.active().filter(email=email).exists()


# --- Coordinators ----------------------------------------------------------------------------


@dataclass
class CountRow:
    label: str
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (language, status)

    def cells(self) -> list[int]:
        """In the table's column order: each status, and in it each language."""
        return [self.counts.get((lang, status), 0)
                for status in STATUSES for lang, _name in settings.LANGUAGES]


@dataclass
class MailingCounts:
    by_language: CountRow
    by_topic: list[CountRow]
    all_topics: CountRow


def _tally(rows, row: CountRow, language_key: str = "language",
           status_key: str = "status") -> None:
    for item in rows:
        row.counts[(item[language_key], item[status_key])] = item["n"]


def mailing_counts(*, viewer: User) -> MailingCounts:
    """Sign-ups per language and status, overall, per topic and for "all topics": numbers
    only. The topics are the featured plan's priority areas, and any other area someone
    chose earlier. A constant number of queries."""
    if not permissions.can_view_mailing_list(viewer):
        raise PermissionDenied
    from django.utils.translation import gettext as _

    overall = CountRow(_("Everyone"))
    _tally(Subscription.objects.values("language", "status").annotate(n=Count("pk"))
           .order_by(), overall)
    everything = CountRow(_("All topics"))
    _tally(Subscription.objects.filter(all_topics=True).values("language", "status")
           .annotate(n=Count("pk")).order_by(), everything)
    through = Subscription.topics.through
    per_area: dict[int, CountRow] = {}
    chosen = (through.objects.values("priorityarea_id", "subscription__language",
                                     "subscription__status")
              .annotate(n=Count("subscription_id")).order_by())
    chosen = list(chosen)
    featured = Plan.objects.featured()
    areas = PriorityArea.objects.filter(
        Q(pk__in={item["priorityarea_id"] for item in chosen}) | Q(plan=featured)
    ).order_by("-plan__is_featured", "plan_id", "order")
    for area in areas:
        per_area[area.pk] = CountRow(str(area))
    for item in chosen:
        per_area[item["priorityarea_id"]].counts[
            (item["subscription__language"], item["subscription__status"])
        ] = item["n"]
    return MailingCounts(by_language=overall, by_topic=list(per_area.values()),
                         all_topics=everything)


def confirmed_subscriptions(*, viewer: User) -> QuerySet[Subscription]:
    """The export for the coordinators' mailing tool: confirmed addresses only (never one
    waiting for its confirmation, never one withdrawn), oldest consent first."""
    if not permissions.can_export_mailing_list(viewer):
        raise PermissionDenied
    return (Subscription.objects.confirmed().prefetch_related("topics")
            .order_by("confirmed_at", "pk"))


def confirmed_export_table(*, viewer: User) -> spreadsheets.Table:
    """The export as a table: email, language code, topics (in the reader's language) and
    the date of consent (its confirmation, in the portal's time zone)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    rows = []
    for subscription in confirmed_subscriptions(viewer=viewer):
        topics = (_("All topics") if subscription.all_topics
                  else " | ".join(str(area) for area in subscription.topics.all()))
        rows.append([subscription.email, subscription.language, topics,
                     timezone.localtime(subscription.confirmed_at)])
    return spreadsheets.Table("mailing-list", _("Mailing list"),
                         [_("Email"), _("Language"), _("Topics"), _("Consent date")], rows)
