from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Creation and modification times, for every table people edit."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ProgressReport(TimeStampedModel):
    """A compiled progress report, requested by a coordinator or by the schedule.

    The compile job (``portal.reports.tasks.compile_report``) claims the row, records its
    progress and a heartbeat, freezes the figures it compiled from in ``snapshot`` (with a
    checksum) and stores one file per language and format (:class:`ReportFile`). A report
    whose worker died is found by ``heartbeat_at`` going stale: requeued once, then failed
    visibly, so it never stays "running" forever. Recompiling makes a new version.
    """

    class Languages(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        BOTH = "both", _("One file per language")

    class Audience(models.TextChoices):
        INTERNAL = "internal", _("Internal: figures as approved, small numbers included")
        PUBLIC = "public", _("Public: small numbers suppressed")

    class Scope(models.TextChoices):
        PLAN = "plan", _("Plan")
        PRIORITY_AREA = "priority_area", _("Priority area")
        INITIATIVE = "initiative", _("Initiative")
        ORGANISATION = "organisation", _("Organisation")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("Empty when the schedule requested it."),
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    plan = models.ForeignKey(
        "priorities.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("plan"),
    )
    priority_area = models.ForeignKey(
        "priorities.PriorityArea", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("priority area"),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("initiative"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("organisation"),
    )
    periods = models.ManyToManyField(
        "initiatives.ReportingPeriod", related_name="+", verbose_name=_("reporting periods")
    )
    language = models.CharField(_("language"), max_length=4, choices=Languages.choices)
    audience = models.CharField(
        _("audience"), max_length=8, choices=Audience.choices, default=Audience.INTERNAL
    )
    want_pdf = models.BooleanField(_("PDF"), default=True)
    want_spreadsheet = models.BooleanField(_("spreadsheet"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker started compiling it.")
    )
    error_code = models.CharField(_("reason of the failure"), max_length=20, blank=True)
    error = models.TextField(_("error"), blank=True, help_text=_("Technical detail, for the logs."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("previous version"),
    )
    # The aggregated figures the files were compiled from, frozen, and their checksum.
    snapshot = models.JSONField(_("snapshot of the figures"), null=True, blank=True)
    snapshot_sha256 = models.CharField(_("checksum of the snapshot"), max_length=64, blank=True)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    # Reports compiled by the schedule: one per key (priority area and period), never twice.
    schedule_key = models.CharField(
        _("schedule key"), max_length=100, null=True, blank=True, unique=True
    )
    notified_at = models.DateTimeField(_("requester told"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(want_pdf=True) | models.Q(want_spreadsheet=True),
                name="report_has_a_format",
            ),
            # The scope names exactly the object it is about.
            models.CheckConstraint(
                condition=(
                    models.Q(scope="plan", plan__isnull=False, priority_area__isnull=True,
                             initiative__isnull=True, organisation__isnull=True)
                    | models.Q(scope="priority_area", plan__isnull=True,
                               priority_area__isnull=False, initiative__isnull=True,
                               organisation__isnull=True)
                    | models.Q(scope="initiative", plan__isnull=True, priority_area__isnull=True,
                               initiative__isnull=False, organisation__isnull=True)
                    | models.Q(scope="organisation", plan__isnull=True,
                               priority_area__isnull=True, initiative__isnull=True,
                               organisation__isnull=False)
                ),
                name="report_scope_matches_its_object",
            ),
        ]

    def __str__(self) -> str:
        status = self.get_status_display()
        return f"{self.get_scope_display()} · {self.created_at:%Y-%m-%d} ({status})"

    @property
    def subject(self):
        return self.plan or self.priority_area or self.initiative or self.organisation

    @property
    def languages(self) -> list[str]:
        return ["fr", "en"] if self.language == self.Languages.BOTH else [self.language]

    @property
    def formats(self) -> list[str]:
        return [k for k, wanted in (("pdf", self.want_pdf), ("xlsx", self.want_spreadsheet))
                if wanted]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)


class ReportFile(models.Model):
    """One compiled file of a report: one language, one format. Written once, never again."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Spreadsheet (XLSX)")

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    kind = models.CharField(_("format"), max_length=4, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/")
    name = models.CharField(_("file name"), max_length=150)
    sha256 = models.CharField(_("checksum"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["language", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language", "kind"], name="report_file_once_per_language_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """A reminder sent about one update that is due soon or overdue: sent once per stage."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("Due within 7 days")
        OVERDUE = "overdue", _("Overdue")

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="reminders",
        verbose_name=_("initiative"),
    )
    period = models.ForeignKey(
        "initiatives.ReportingPeriod", on_delete=models.CASCADE, related_name="reminders",
        verbose_name=_("reporting period"),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("sent to")
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "period", "stage"], name="reminder_once_per_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.period} · {self.get_stage_display()}"


class OutboundEmail(models.Model):
    """One email to one person, written in the same transaction as the change it tells of,
    and delivered afterwards by ``portal.mail`` (a Celery task with retries, and a sweep for
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
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True),
                         name="outbound_email_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


# --- Mailing list (portal/mailing/) ---------------------------------------------------------


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


class IndicatorStanding(models.Model):
    """An indicator's approved values up to the end of one reporting period, summed up: what
    the dashboard's status rule reads of it (``portal.dashboard.standings``).

    The dashboard's summary table: derived data, never edited, rewritten for an indicator
    whenever one of its approved values changes (an approval, a return, a value saved or
    deleted) and for every indicator when a reporting period's dates change or it is
    deleted; a period added gets a copy of the rows of the period before it.
    One row per indicator and period, from the first period with an approved value on (a
    later period without a value repeats the figures), so "as of" any period is one row per
    indicator. The ids are plain numbers, not foreign keys: rows of a deleted indicator or
    period are never read, and deleting one never waits on this table.
    """

    indicator_id = models.PositiveIntegerField()
    period_id = models.PositiveIntegerField()
    points = models.PositiveIntegerField()  # approved values with a number
    not_reported = models.PositiveIntegerField()
    withheld = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=18, decimal_places=2)  # of the values with a number
    # The sums of numerators and denominators, when every value with a number has one.
    numerators = models.BigIntegerField(null=True)
    denominators = models.BigIntegerField(null=True)
    # The first value with a number, and the latest few, oldest first, each
    # [period id, value, numerator, denominator] (the value as text).
    first = models.JSONField(null=True)
    recent = models.JSONField(default=list)

    class Meta:
        constraints = [
            # Indicator first: the dashboard reads the rows of its initiatives' indicators
            # as of one period; the index finds just those rows (a period's rows lie all
            # over the table, since each indicator's rows are rewritten together).
            models.UniqueConstraint(
                fields=["indicator_id", "period_id"], name="standing_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"indicator {self.indicator_id} as of period {self.period_id}"
