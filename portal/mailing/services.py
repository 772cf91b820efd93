"""Writes of the mailing list: sign up, confirm, unsubscribe, delete what was never confirmed.

Nothing here tells its caller whether an address was already on the list: a sign-up
answers the same way for a new address, one waiting for its confirmation and a confirmed
one, and queues exactly one email in each case (a confirmation link, or, for a confirmed
address, a note that it is already subscribed, with its unsubscribe link).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from portal.core.mail import queue_email, render_subject
from portal.mailing.models import Subscription
from priorities.models import PriorityArea

from . import consent, tokens

logger = logging.getLogger("portal.mailing")


def hash_ip(ip: str) -> str:
    """A keyed hash of an IP address: enough to confirm that a given address made a
    sign-up (while the site's secret is unchanged), never enough to recover it."""
    if not ip:
        return ""
    return salted_hmac("portal.mailing.ip", ip, algorithm="sha256").hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _absolute(name: str, token: str, language: str) -> str:
    with translation.override(language):
        path = reverse(name, kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(subscription: Subscription, language: str | None = None) -> str:
    return _absolute("mailing:unsubscribe", tokens.unsubscribe_token(subscription.key),
                     language or subscription.language)


def _queue(subscription: Subscription, template: str, context: dict,
           language: str | None = None) -> None:
    """One email to the subscriber, in their language (or ``language``), with its
    unsubscribe link in the text and in the List-Unsubscribe headers (one click,
    RFC 8058)."""
    language = language or subscription.language
    link = unsubscribe_url(subscription, language)
    with translation.override(language):
        context = {**context, **consent.sender(language), "subscription": subscription,
                   "unsubscribe_url": link}
        subject = render_subject(f"emails/{template}_subject.txt", context)
        body = render_to_string(f"emails/{template}_body.txt", context)
    queue_email(to=subscription.email, subject=subject, body=body, headers={
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })


def _queue_confirmation(subscription: Subscription) -> None:
    _queue(subscription, "mailing_confirm", {
        "confirm_url": _absolute("mailing:confirm", tokens.confirmation_token(subscription.key),
                                 subscription.language),
        "days": settings.MAILING_CONFIRMATION_DAYS,
        "delete_days": settings.MAILING_UNCONFIRMED_DAYS,
        "topics": consent.topics_text(subscription.topics.all(),
                                      all_topics=subscription.all_topics,
                                      language=subscription.language),
    })


def subscription_request(
    *,
    email: str,
    language: str,
    topics: Iterable[PriorityArea],
    all_topics: bool,
    consent_language: str,
    source_url: str,
    ip: str,
    now: datetime.datetime | None = None,
) -> None:
    """A sign-up from the form, with the consent wording shown in ``consent_language``.

    1. A confirmed address: nothing changes; it is told it is already subscribed.
    2. An address waiting for its confirmation: its sign-up is replaced by this one (the
       record says what was shown this time) and a new confirmation email is sent; earlier
       links still confirm it, until they expire.
    3. Otherwise a new pending sign-up, and its confirmation email.

    Returns nothing on purpose (see the module's docstring).
    """
    email = normalise_email(email)
    topics = [] if all_topics else list(topics)
    record = {
        "language": language,
        "all_topics": all_topics,
        "signed_up_at": now or timezone.now(),
        "source_url": source_url[:300],
        "signup_ip_hash": hash_ip(ip),
        "consent_text": consent.consent_text(consent_language),
        "consent_language": consent_language,
        "consent_version": consent.VERSION,
        "topics_chosen": consent.topics_text(topics, all_topics=all_topics,
                                             language=consent_language),
    }
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                _sign_up(email, record, topics)
            return
        except IntegrityError:
            # The same address signed up at the same moment and won the race: once more,
            # now finding its row.
            if attempt == 2:
                raise


def _sign_up(email: str, record: dict, topics: list[PriorityArea]) -> None:
    current = (Subscription.objects.active().select_for_update()
               .filter(email=email).first())
    if current is not None and current.status == Subscription.Status.CONFIRMED:
        # The reply goes in the language asked for this time.
        _queue(current, "mailing_already", {}, language=record["language"])
        return
    if current is None:
        current = Subscription.objects.create(email=email, key=tokens.new_key(), **record)
    else:
        for field, value in record.items():
            setattr(current, field, value)
        current.save()
    current.topics.set(topics)
    _queue_confirmation(current)


def subscription_confirm(*, subscription: Subscription, ip: str,
                         now: datetime.datetime | None = None) -> bool:
    """Confirm a pending sign-up, once: False when it was no longer pending (confirmed
    already, or withdrawn) and nothing changed."""
    done = Subscription.objects.filter(
        pk=subscription.pk, status=Subscription.Status.PENDING
    ).update(status=Subscription.Status.CONFIRMED, confirmed_at=now or timezone.now(),
             confirmation_ip_hash=hash_ip(ip))
    return bool(done)


def subscription_unsubscribe(*, key: str, method: str,
                             now: datetime.datetime | None = None) -> int:
    """Withdraw the consent of the address a link was sent to: every sign-up of that
    address still in force (an older message's link stops a later sign-up too). The
    records stay, with the date of withdrawal. Returns how many were withdrawn."""
    email = Subscription.objects.filter(key=key).values_list("email", flat=True).first()
    if email is None:
        return 0
    withdrawn = Subscription.objects.active().filter(email=email).update(
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now or timezone.now(),
        unsubscribe_method=method,
    )
    if withdrawn:
        logger.info("Mailing list: %s sign-up(s) withdrawn (%s).", withdrawn, method)
    return withdrawn


def subscription_purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete the sign-ups never confirmed (waiting, or withdrawn before confirming) made
    more than ``MAILING_UNCONFIRMED_DAYS`` ago: they hold no consent to prove. Returns how
    many were deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.MAILING_UNCONFIRMED_DAYS)
    _total, per_model = Subscription.objects.filter(
        confirmed_at__isnull=True, signed_up_at__lt=cutoff
    ).delete()
    return per_model.get(Subscription._meta.label, 0)
