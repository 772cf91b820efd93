"""Progress reports: a request, its files, and the reminders sent for missing updates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel


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
        db_table = "portal_progressreport"
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
        db_table = "portal_reportfile"
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
        db_table = "portal_reminder"
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

