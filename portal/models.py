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

    The compile job (a Celery task) fills ``status``, ``progress`` and the files; a report
    whose worker died is found by ``heartbeat_at`` going stale and marked failed, so it does
    not stay "running" forever.
    """

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
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    want_pdf = models.BooleanField(_("PDF"), default=True)
    want_spreadsheet = models.BooleanField(_("spreadsheet"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    pdf_file = models.FileField(_("PDF file"), upload_to="reports/%Y/", blank=True)
    spreadsheet_file = models.FileField(_("spreadsheet file"), upload_to="reports/%Y/", blank=True)
    error = models.TextField(_("error"), blank=True)
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
