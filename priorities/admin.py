from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from portal.core.translation_review import TranslationReviewAdmin

from .models import Outcome, Plan, PriorityArea, Strategy, Theme


class StrategyInline(TranslationStackedInline):
    model = Strategy
    extra = 0


@admin.register(Plan)
class PlanAdmin(TranslationReviewAdmin, TabbedTranslationAdmin):
    review_fields = ("title", "vision", "mission", "methods", "summary")
    list_display = ["title", "owner", "start", "end", "is_featured", "translation_to_review"]
    list_filter = ["owner", "is_featured", "translation_to_review"]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en"]
    date_hierarchy = "start"


@admin.register(PriorityArea)
class PriorityAreaAdmin(TranslationReviewAdmin, TabbedTranslationAdmin):
    review_fields = ("title", "summary", "body")
    list_display = ["title", "plan", "order", "translation_to_review"]
    list_filter = ["plan", "translation_to_review"]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en"]
    inlines = [StrategyInline]


@admin.register(Strategy)
class StrategyAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "priority_area", "pillar", "order"]
    list_filter = ["pillar", "priority_area__plan", "priority_area"]
    search_fields = ["text_fr", "text_en"]


@admin.register(Theme)
class ThemeAdmin(TabbedTranslationAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["title_fr", "title_en"]


@admin.register(Outcome)
class OutcomeAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["statement_fr", "statement_en"]
