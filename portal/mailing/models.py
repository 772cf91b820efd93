"""The mailing list's record of consent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> "SubscriptionQuerySet":
        """Sign-ups still in force: waiting for their confirmation, or confirmed."""
        return self.filter(unsubscribed_at__isnull=True)

    def confirmed(self) -> "SubscriptionQuerySet":
        """The only addresses the list may write to (and export)."""
        return self.filter(status=Subscription.Status.CONFIRMED)


class Subscription(models.Model):
    """One sign-up to the mailing list, and its record of consent (Canada's anti-spam law).

    Double opt-in: a sign-up is *pending* until the person follows the signed link emailed
    to them, then *confirmed*; only confirmed addresses are written to or exported. The
    record says when (sign-up and confirmation times), how (the form's address and a keyed
    hash of the IP address, never the address itself), what (the consent wording shown,
    in the language shown, and its version) and the language and topics chosen.
    Unsubscribing keeps the record with the date of withdrawal; the address is no longer
    used. Sign-ups never confirmed are deleted after 30 days (``portal.mailing.tasks``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Method(models.TextChoices):
        PAGE = "page", _("Unsubscribe page")
        ONE_CLICK = "one_click", _("One-click unsubscribe from the email program")

    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(_("preferred language"), max_length=2,
                                choices=settings.LANGUAGES)
    all_topics = models.BooleanField(_("all topics"), default=False)
    topics = models.ManyToManyField(
        "priorities.PriorityArea", blank=True, related_name="+", verbose_name=_("topics")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PENDING)
    # Random, and only ever sent signed: the links of the emails carry it.
    key = models.CharField(_("link key"), max_length=40, unique=True, editable=False)
    # The record of consent.
    signed_up_at = models.DateTimeField(_("signed up at"))
    source_url = models.CharField(_("sign-up form"), max_length=300)
    signup_ip_hash = models.CharField(
        _("sign-up IP address (keyed hash)"), max_length=64,
        help_text=_("Not the address itself: a keyed hash that can only confirm a given "
                    "address."),
    )
    consent_text = models.TextField(_("consent wording shown"))
    consent_language = models.CharField(_("language of the wording"), max_length=2,
                                        choices=settings.LANGUAGES)
    consent_version = models.CharField(_("version of the wording"), max_length=20)
    topics_chosen = models.TextField(_("topics chosen, as shown"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmation_ip_hash = models.CharField(
        _("confirmation IP address (keyed hash)"), max_length=64, blank=True
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    unsubscribe_method = models.CharField(_("unsubscribed by"), max_length=10, blank=True,
                                          choices=Method.choices)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        db_table = "portal_subscription"
        verbose_name = _("mailing-list subscription")
        verbose_name_plural = _("mailing-list subscriptions")
        ordering = ["-signed_up_at"]
        constraints = [
            # An address has one sign-up in force at a time; withdrawn ones stay as records.
            models.UniqueConstraint(
                fields=["email"], condition=models.Q(unsubscribed_at__isnull=True),
                name="mailing_one_active_subscription_per_address",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="pending", confirmed_at__isnull=True,
                             unsubscribed_at__isnull=True)
                    | models.Q(status="confirmed", confirmed_at__isnull=False,
                               unsubscribed_at__isnull=True)
                    | models.Q(status="unsubscribed", unsubscribed_at__isnull=False)
                ),
                name="mailing_status_matches_its_dates",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "signed_up_at"], name="mailing_status_signed_up"),
        ]

    def __str__(self) -> str:
        return f"{self.masked_email} · {self.get_status_display()}"

    @property
    def masked_email(self) -> str:
        """Enough to tell two records apart in a list, not enough to read the address."""
        local, _sep, domain = self.email.partition("@")
        return f"{local[:1]}•••@{domain}"

