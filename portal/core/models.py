"""The ground floor's models: the base every edited table shares, and the mail outbox."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Creation and modification times, for every table people edit."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OutboundEmail(models.Model):
    """One email to one person, written in the same transaction as the change it tells of,
    and delivered afterwards by ``portal.core.mail`` (a Celery task with retries, and a sweep for
    what is still waiting): a mail server or broker that is down never undoes the change,
    nothing is lost, and nothing is sent twice."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    html = models.TextField(_("HTML body"), blank=True)
    # Extra headers of the message, such as List-Unsubscribe for the mailing list.
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # A sender holds the message until then; another may take it over afterwards.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        db_table = "portal_outboundemail"
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True),
                         name="outbound_email_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

