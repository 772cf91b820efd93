from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.core.bilingual import BilingualSlugModel
from portal.core.constraints import MessagesOnFields, check, text_within
from portal.core.i18n import require_both_languages
from portal.core.models import TimeStampedModel
from portal.core.text import refuse_control_characters
from portal.core.translation_review import review_field


class PlanQuerySet(models.QuerySet):
    def featured(self) -> Plan | None:
        return self.filter(is_featured=True).order_by("-start").first()


class Plan(MessagesOnFields, BilingualSlugModel, TimeStampedModel):
    """A strategic plan of one organisation over a period."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    slug_route = "priorities:plan"
    owner = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("owner organisation"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    vision = models.TextField(
        _("vision"), blank=True, max_length=2000,
        validators=[refuse_control_characters])
    mission = models.TextField(
        _("mission"), blank=True, max_length=2000,
        validators=[refuse_control_characters])
    methods = models.TextField(
        _("methods"), blank=True, max_length=10000,
        validators=[refuse_control_characters])
    summary = models.TextField(
        _("summary"), blank=True, max_length=2000,
        validators=[refuse_control_characters])
    is_featured = models.BooleanField(_("featured on the home page"), default=False)

    objects = PlanQuerySet.as_manager()

    translation_to_review = review_field()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-is_featured", "-start"]
        constraints = [
            *text_within("plan", {"vision": 2000, "mission": 2000, "methods": 10000,
                                  "summary": 2000},
                         translated=("vision", "mission", "methods", "summary")),
            check(Q(end__gte=F("start")), "plan_dates_ordered",
                  _("The end of the plan cannot be before its start."), "end"),
            *BilingualSlugModel.Meta.constraints,
        ]

    def clean(self) -> None:
        """Every plan and priority area is public: both languages are required."""
        require_both_languages(self, ("title",))


class PriorityArea(BilingualSlugModel, TimeStampedModel):
    """One of a plan's priorities (or, for the police plan, one of its directions)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="priority_areas", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    slug_route = "priorities:area"
    summary = models.TextField(
        _("summary"), blank=True, max_length=1000,
        validators=[refuse_control_characters])
    body = models.TextField(
        _("body"), blank=True, max_length=10000,
        validators=[refuse_control_characters])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f4e79",
        help_text=_("A dark hex colour, used as an accent; text on it is white."),
    )

    translation_to_review = review_field()

    class Meta:
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        ordering = ["plan", "order"]
        constraints = [
            *text_within("area", {"summary": 1000, "body": 10000}, translated=("summary", "body")),
            *BilingualSlugModel.Meta.constraints,
        ]

    def clean(self) -> None:
        """Every plan and priority area is public: both languages are required."""
        require_both_languages(self, ("title", "summary"))


class Strategy(models.Model):
    """An action of a priority area, under one of the plan's pillars."""

    class Pillar(models.TextChoices):
        PARTNERSHIPS = "partnerships", _("Leverage partnerships")
        CAPACITY = "capacity", _("Build capacity")
        RESEARCH = "research", _("Research, innovate and inform")

    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.CASCADE,
        related_name="strategies",
        verbose_name=_("priority area"),
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices, blank=True)
    text = models.TextField(
        _("text"), max_length=2000,
        validators=[refuse_control_characters])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["priority_area", "order"]
        constraints = [
            *text_within("strategy", {"text": 2000}, translated=("text",)),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Theme(models.Model):
    """A cross-cutting priority of a plan."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="themes", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("body"), blank=True, max_length=5000,
        validators=[refuse_control_characters])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("cross-cutting theme")
        verbose_name_plural = _("cross-cutting themes")
        ordering = ["plan", "order"]
        constraints = [
            *text_within("theme", {"body": 5000}, translated=("body",)),
        ]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """A plan-level result statement."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("plan")
    )
    statement = models.TextField(
        _("statement"), max_length=1000,
        validators=[refuse_control_characters])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["plan", "order"]
        constraints = [
            *text_within("outcome", {"statement": 1000}, translated=("statement",)),
        ]

    def __str__(self) -> str:
        return self.statement[:80]
