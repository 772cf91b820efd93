from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.bilingual import BilingualSlugModel
from portal.core.constraints import MessagesOnFields, check, text_within
from portal.core.i18n import choice_label, require_both_languages
from portal.core.models import TimeStampedModel
from portal.core.text import refuse_control_characters
from portal.core.translation_review import review_field


class InitiativeQuerySet(models.QuerySet):
    def public(self) -> InitiativeQuerySet:
        return self.filter(is_public=True)


class Initiative(MessagesOnFields, BilingualSlugModel, TimeStampedModel):
    class Zone(models.TextChoices):
        # The four zones of Ontario's Community Safety and Well-Being framework.
        SOCIAL_DEVELOPMENT = "social_development", _("Social development")
        PREVENTION = "prevention", _("Prevention")
        RISK_INTERVENTION = "risk_intervention", _("Risk intervention")
        INCIDENT_RESPONSE = "incident_response", _("Incident response")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ON_HOLD = "on_hold", _("On hold")

    title = models.CharField(_("title"), max_length=200, validators=[refuse_control_characters])
    slug = models.SlugField(_("slug"), max_length=100)
    slug_route = "initiatives:detail"
    summary = models.TextField(
        _("summary"), blank=True, max_length=1000,
        validators=[refuse_control_characters],
    )
    description = models.TextField(
        _("description"), blank=True, max_length=10000,
        validators=[refuse_control_characters],
    )
    priority_areas = models.ManyToManyField(
        "priorities.PriorityArea",
        related_name="initiatives",
        blank=True,
        verbose_name=_("priority areas"),
    )
    strategies = models.ManyToManyField(
        "priorities.Strategy", related_name="initiatives", blank=True, verbose_name=_("strategies")
    )
    themes = models.ManyToManyField(
        "priorities.Theme",
        related_name="initiatives",
        blank=True,
        verbose_name=_("cross-cutting themes"),
    )
    zone = models.CharField(
        _("CSWB zone"),
        max_length=20,
        choices=Zone.choices,
        help_text=_("Where it sits in the Community Safety and Well-Being framework."),
    )
    lead = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="led_initiatives",
        verbose_name=_("lead organisation"),
    )
    collaborators = models.ManyToManyField(
        "partners.Organisation",
        related_name="joined_initiatives",
        blank=True,
        verbose_name=_("collaborating organisations"),
    )
    funders = models.ManyToManyField(
        "partners.Organisation",
        related_name="funded_initiatives",
        blank=True,
        verbose_name=_("funders"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    is_public = models.BooleanField(_("public"), default=True)

    objects = InitiativeQuerySet.as_manager()

    translation_to_review = review_field()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["title"]
        constraints = [
            *text_within("initiative", {"summary": 1000, "description": 10000},
                        translated=("summary", "description")),
            check(Q(end__isnull=True) | Q(end__gte=F("start")), "initiative_dates_ordered",
                  _("The end date cannot be before the start date."), "end"),
            *BilingualSlugModel.Meta.constraints,
        ]

    def get_status_display(self) -> str:
        """Django's, with the labels translated once per language (lists show the status
        on every row)."""
        return choice_label(self.Status, self.status)

    def get_zone_display(self) -> str:
        """Django's, with the labels translated once per language (the dashboard shows the
        zone of every initiative)."""
        return choice_label(self.Zone, self.zone)

    def clean(self) -> None:
        if self.is_public:
            require_both_languages(self, ("title", "summary"))


class Indicator(MessagesOnFields, models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENT = "percent", _("Percent")

    class Question(models.TextChoices):
        HOW_MUCH = "how_much", _("How much did we do?")
        HOW_WELL = "how_well", _("How well did we do it?")
        BETTER_OFF = "better_off", _("Is anyone better off?")

    class Direction(models.TextChoices):
        UP = "up", _("Up is good")
        DOWN = "down", _("Down is good")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of periods")
        LATEST = "latest", _("Latest period")
        AVERAGE = "average", _("Average of periods")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by partners")
        DERIVED = "derived", _("Derived from logged activities")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        TWICE_YEARLY = "twice_yearly", _("Twice a year")
        YEARLY = "yearly", _("Yearly")

    class Derivation(models.TextChoices):
        PARTICIPANTS = "participants", _("Participants in all activities")
        YOUTH_REACHED = "youth_reached", _("Participants in youth activities")
        SESSIONS = "sessions", _("Number of activities")
        SHARE_FRENCH = "share_french", _("Share of activities delivered in French")
        PEOPLE_TRAINED = "people_trained", _("Participants in training activities")

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
        verbose_name=_("initiative"),
    )
    outcome = models.ForeignKey(
        "priorities.Outcome",
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
        verbose_name=_("plan outcome"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[refuse_control_characters])
    definition = models.TextField(
        _("definition"), blank=True, max_length=2000,
        validators=[refuse_control_characters],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    question = models.CharField(
        _("question answered"), max_length=12, choices=Question.choices, default=Question.HOW_MUCH
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    aggregation = models.CharField(
        _("how periods add up"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    source = models.CharField(
        _("source of values"), max_length=8, choices=Source.choices, default=Source.ENTERED
    )
    derivation = models.CharField(
        _("derived from"), max_length=20, choices=Derivation.choices, blank=True
    )
    is_public = models.BooleanField(_("public"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The measurement plan (seed 002: "data gathered in planning is used to evaluate").
    data_source = models.CharField(
        _("data source"),
        max_length=300,
        blank=True,
        help_text=_("Where the values come from: the activity log, a register, a survey..."),
    )
    frequency = models.CharField(
        _("collection frequency"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    responsible = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation responsible for the data"),
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)

    translation_to_review = review_field()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]
        constraints = [
            *text_within("indicator", {"definition": 2000}, translated=("definition",)),
            check((Q(initiative__isnull=False) & Q(outcome__isnull=True))
                  | (Q(initiative__isnull=True) & Q(outcome__isnull=False)),
                  "indicator_belongs_to_initiative_or_outcome",
                  _("An indicator belongs either to an initiative or to a plan outcome: choose "
                    "one of the two.")),
            check((Q(source="derived") & ~Q(derivation=""))
                  | (Q(source="entered") & Q(derivation="")),
                  "indicator_derivation_matches_source",
                  _("Say what a derived indicator is derived from, and leave it empty for an "
                    "indicator entered by partners."), "derivation"),
            check(Q(target__isnull=True) | Q(target__gte=0), "indicator_target_not_negative",
                  _("A target cannot be negative."), "target"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.is_public:
            require_both_languages(self, ("name",))


# The month a calendar quarter starts in, and its number.
_QUARTER_STARTS = {1: 1, 4: 2, 7: 3, 10: 4}


class ReportingPeriod(MessagesOnFields, models.Model):
    name = models.CharField(_("name"), max_length=60)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due = models.DateField(_("due date"))
    is_locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("A locked period refuses new or changed activities and updates."),
    )
    # Who locked or reopened it, and when (shown to coordinators on the change log).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["start"]
        constraints = [
            check(Q(end__gte=F("start")), "period_dates_ordered",
                  _("The end of the period cannot be before its start."), "end"),
            check(Q(due__gte=F("end")), "period_due_after_end",
                  _("The due date cannot be before the end of the period."), "due"),
            models.UniqueConstraint(fields=["start", "end"], name="period_span_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """"Q1 2021" / "T1 2021" for a calendar quarter, else the name.

        A quarter's label is translated once per instance and language (pages show the
        same periods in several places: the filter's two lists, completeness, summaries),
        and worked out again if its dates change."""
        start, end = self.start, self.end
        quarter = _QUARTER_STARTS.get(start.month) if start.day == 1 else None
        if quarter is None or (end - start).days not in range(88, 93):
            return self.name
        key = (get_language(), start, end)
        cached = self.__dict__.get("_quarter_label")
        if cached is not None and cached[0] == key:
            return cached[1]
        label = gettext("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": start.year}
        self.__dict__["_quarter_label"] = (key, label)
        return label


class Activity(MessagesOnFields, TimeStampedModel):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        INFO_SESSION = "info_session", _("Information session")
        TRAINING = "training", _("Training")
        OUTREACH = "outreach", _("Outreach event")
        MEETING = "meeting", _("Partner meeting")

    class Audience(models.TextChoices):
        YOUTH = "youth", _("Youth")
        ADULTS = "adults", _("Adults")
        SENIORS = "seniors", _("Older adults")
        FAMILIES = "families", _("Families")
        PROFESSIONALS = "professionals", _("Professionals and volunteers")
        GENERAL = "general", _("General public")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        BILINGUAL = "bilingual", _("Bilingual")
        OTHER = "other", _("Other language")

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("initiative"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("delivering organisation"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[refuse_control_characters])
    participants = models.PositiveIntegerField(_("participants"), default=0)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    language = models.CharField(
        _("language of delivery"), max_length=10, choices=Language.choices
    )
    neighbourhood = models.CharField(_("neighbourhood or ward"), max_length=120, blank=True,
        validators=[refuse_control_characters],
    )
    notes = models.TextField(
        _("notes"),
        blank=True, max_length=2000,
        help_text=_("No names or personal details: counts and context only."),
        validators=[refuse_control_characters],
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["initiative", "date"], name="activity_initiative_date"),
            # The latest activities across every initiative (a coordinator's workspace and
            # activity list), without sorting a city's million rows.
            models.Index(fields=["-date", "-id"], name="activity_recent"),
        ]
        constraints = [
            *text_within("activity", {"notes": 2000}),
            check(Q(participants__gte=0), "activity_participants_not_negative",
                  _("Participants must be a whole number from 0."), "participants"),
        ]

    @property
    def text_lang(self) -> str:
        """The language its title is written in, for ``lang`` on the page: the language of
        delivery when it is French or English, else none (bilingual, another language)."""
        return self.language if self.language in ("fr", "en") else ""

    def __str__(self) -> str:
        return f"{self.date} · {self.title}"


class ProgressUpdate(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="updates", verbose_name=_("initiative")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="updates",
        verbose_name=_("reporting period"),
    )
    done = models.TextField(
        _("what was done"), blank=True, max_length=5000,
        validators=[refuse_control_characters],
    )
    next_steps = models.TextField(
        _("what is next"), blank=True, max_length=5000,
        validators=[refuse_control_characters],
    )
    challenges = models.TextField(
        _("challenges"), blank=True, max_length=5000,
        validators=[refuse_control_characters],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(
        _("review comment"), blank=True, max_length=2000,
        validators=[refuse_control_characters],
    )
    # The language the reviewer wrote the comment in, so that pages mark it (WCAG 3.1.2).
    review_comment_language = models.CharField(
        _("language of the review comment"), max_length=2, blank=True,
        choices=settings.LANGUAGES,
    )
    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-period__start", "initiative"]
        indexes = [
            # Covering indexes (PostgreSQL: index-only scans instead of reading the wide rows
            # with their narratives; elsewhere plain indexes). The approved updates, read by
            # the dashboard's values and "latest approved period":
            models.Index(
                fields=["status"], include=["id", "initiative", "period"],
                name="update_status_covering",
            ),
            # Where each (initiative, period) stands, read by the reporting obligations. Not
            # an include on the unique constraint below: a database without covering
            # indexes (SQLite) would then not create the constraint at all.
            models.Index(
                fields=["initiative", "period"], include=["status", "submitted_at"],
                name="update_standing_covering",
            ),
        ]
        constraints = [
            *text_within("update", {"done": 5000, "next_steps": 5000, "challenges": 5000,
                                     "review_comment": 2000},
                        translated=("done", "next_steps", "challenges")),
            models.UniqueConstraint(
                fields=["initiative", "period"], name="update_once_per_initiative_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.period}"


class IndicatorValue(MessagesOnFields, models.Model):
    """The value of one indicator in one progress update (so: for one period).

    A value is a number, "not reported", or "withheld for safety" (the reason stays
    internal). Only a reported value has a number; the others are never read as zero.
    """

    class State(models.TextChoices):
        REPORTED = "reported", _("Reported")
        NOT_REPORTED = "not_reported", _("Not reported")
        WITHHELD = "withheld", _("Withheld for safety")

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="values", verbose_name=_("update")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REPORTED
    )
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # For a share, the counts it was computed from, so that small counts can be suppressed.
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    withheld_reason = models.TextField(
        _("reason for withholding (internal)"),
        blank=True, max_length=1000,
        help_text=_("Seen by the partnership only, never published."),
        validators=[refuse_control_characters],
    )
    # Set when the value was saved far outside the indicator's own history (see
    # initiatives.quality.outlier_reference): saved, but shown to the lead and the reviewer.
    flag_median = models.DecimalField(
        _("median of previous approved values, when flagged"),
        max_digits=12, decimal_places=2, null=True, blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            *text_within("value", {"withheld_reason": 1000}),
            # An update is unique per initiative and period, so this makes a value unique
            # per indicator and period.
            models.UniqueConstraint(
                fields=["update", "indicator"], name="value_once_per_indicator_period"
            ),
            check(Q(value__gte=0), "value_not_negative", _("A value cannot be negative."),
                  "value"),
            check((Q(state="reported") & Q(value__isnull=False))
                  | (~Q(state="reported") & Q(value__isnull=True)),
                  "value_number_only_when_reported",
                  _("A reported value needs its number; a value not reported or withheld has "
                    "none."), "value"),
        ]

    def __str__(self) -> str:
        if self.state != self.State.REPORTED:
            return f"{self.indicator}: {self.get_state_display()}"
        return f"{self.indicator}: {self.value}"

    @property
    def is_reported(self) -> bool:
        return self.state == self.State.REPORTED

    @property
    def is_flagged(self) -> bool:
        return self.flag_median is not None


class ActivityImport(TimeStampedModel):
    """One spreadsheet of activities on its way in (``initiatives.imports``).

    The uploaded file is kept here, in the database (the web process and the worker share
    nothing else), between the preview and the confirmation: the ``token`` in the URL is
    only ever looked up together with its owner, it expires after
    ``settings.IMPORT_TOKEN_MINUTES``, and the file is deleted once the rows are written,
    the import is cancelled or the token has expired.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(_("token"), unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows in error"), default=0)
    imported_count = models.PositiveIntegerField(_("activities imported"), default=0)
    # The preview: {"rows": [[row number, cells...], ...], "errors": {"fr": [...], "en": [...]}}
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    failure = models.CharField(_("reason of failure"), max_length=40, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    # Checked or written by a worker: when a worker took it, its last sign of life
    # (portal/core/heartbeat.py) and how many workers have taken it (the sweep gives up after
    # IMPORT_MAX_ATTEMPTS).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("activity import")
        verbose_name_plural = _("activity imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


# --- Events and the community policing forum (seed 004) ------------------------------------


class Forum(BilingualSlugModel, TimeStampedModel):
    """A standing public forum whose meetings are events (seed 004: the Ottawa Police
    Service's Community Policing Forum). Its text is content, in both languages."""

    title = models.CharField(_("title"), max_length=200, validators=[refuse_control_characters])
    slug = models.SlugField(_("slug"), max_length=100)
    slug_route = "events:forum"
    summary = models.TextField(
        _("summary"), blank=True, max_length=1000,
        validators=[refuse_control_characters],
    )
    body = models.TextField(
        _("body"), blank=True, max_length=10000,
        help_text=_("Paragraphs separated by a blank line."),
        validators=[refuse_control_characters],
    )
    host = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="forums",
        verbose_name=_("host organisation"),
    )
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["title"]
        constraints = [
            *text_within("forum", {"summary": 1000, "body": 10000}, translated=("summary", "body")),
            *BilingualSlugModel.Meta.constraints,
        ]


class EventQuerySet(models.QuerySet):
    def public(self) -> EventQuerySet:
        return self.filter(is_public=True)


class Event(MessagesOnFields, BilingualSlugModel, TimeStampedModel):
    """A public or internal event organised by partners: an engagement session, a meeting
    of the community forum, a training, an outreach event. Times are stored in UTC and
    shown in ``settings.TIME_ZONE`` (America/Toronto). Its attendance, once counted, is an
    :class:`Activity` (counts only, never names)."""

    class Kind(models.TextChoices):
        ENGAGEMENT = "engagement", _("Engagement session")
        FORUM_MEETING = "forum_meeting", _("Community forum meeting")
        TRAINING = "training", _("Training")
        OUTREACH = "outreach", _("Outreach event")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        BILINGUAL = "bilingual", _("Bilingual")

    title = models.CharField(_("title"), max_length=200, validators=[refuse_control_characters])
    slug = models.SlugField(_("slug"), max_length=100)
    slug_route = "events:detail"
    summary = models.TextField(
        _("summary"), blank=True, max_length=1000,
        validators=[refuse_control_characters],
    )
    body = models.TextField(
        _("description"), blank=True, max_length=10000,
        help_text=_("Paragraphs separated by a blank line."),
        validators=[refuse_control_characters],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(
        _("place"), max_length=300, blank=True,
        help_text=_("The venue and its address; leave empty for an online-only event."),
        validators=[refuse_control_characters],
    )
    is_online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(
        _("online link"), blank=True,
        help_text=_("Where to join or register, when the event is online."),
    )
    language = models.CharField(_("language of the event"), max_length=10,
                                choices=Language.choices)
    organisers = models.ManyToManyField(
        "partners.Organisation", related_name="organised_events",
        verbose_name=_("organising organisations"),
    )
    priority_areas = models.ManyToManyField(
        "priorities.PriorityArea", related_name="events", blank=True,
        verbose_name=_("priority areas"),
    )
    initiatives = models.ManyToManyField(
        Initiative, related_name="events", blank=True, verbose_name=_("initiatives"),
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings",
        verbose_name=_("forum"), help_text=_("For a meeting of a community forum."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public site and its calendars."),
    )
    activity = models.OneToOneField(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="event",
        verbose_name=_("activity recording its attendance"),
    )
    # History is registered in translation.py, after the translated fields exist.

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["is_public", "end"], name="event_public_end")]
        constraints = [
            *text_within("event", {"summary": 1000, "body": 10000}, translated=("summary", "body")),
            check(Q(end__gt=F("start")), "event_ends_after_start",
                  _("The event must end after it starts."), "end"),
            check(~Q(place="") | Q(is_online=True), "event_has_place_or_online",
                  _("Give the event's place, or say that it is online."), "place"),
            check(Q(forum__isnull=True) | Q(kind="forum_meeting"),
                  "event_forum_only_for_meetings",
                  _("Only a community forum meeting belongs to a forum."), "forum"),
            *BilingualSlugModel.Meta.constraints,
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        errors: dict[str, list[str]] = {}
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and timezone.is_naive(value):
                errors.setdefault(name, []).append(
                    gettext("Give the time with its time zone.")
                )
        if not errors and self.start and self.end and self.end <= self.start:
            errors.setdefault("end", []).append(gettext("The event must end after it starts."))
        if not (self.place or "").strip() and not self.is_online:
            errors.setdefault("place", []).append(
                gettext("Give the place of the event, or mark it as online.")
            )
        if self.forum_id and self.kind != self.Kind.FORUM_MEETING:
            errors.setdefault("forum", []).append(
                gettext("Only a community forum meeting belongs to a forum.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def text_lang(self) -> str:
        """The language the event is held in, when it is one language (for ``lang``)."""
        return self.language if self.language in ("fr", "en") else ""


class ApprovedActivityTotal(models.Model):
    """The activities an approved progress update reports, summed: one row per initiative
    and period whose update is approved, kept right by ``initiatives.totals`` in the
    transaction of every write that changes them. The home page's key figures add these
    rows up instead of counting a city's million activities on every change."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="+", verbose_name=_("initiative")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("reporting period"),
    )
    activities = models.PositiveIntegerField(_("activities"), default=0)
    participants = models.PositiveBigIntegerField(_("participants"), default=0)

    class Meta:
        verbose_name = _("approved activity total")
        verbose_name_plural = _("approved activity totals")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "period"],
                                    name="approved_total_one_per_update"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} · {self.period_id}: {self.activities}"
