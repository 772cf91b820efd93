from modeltranslation.translator import TranslationOptions, register

from .models import Outcome, Plan, PriorityArea, Strategy, Theme


@register(Plan)
class PlanTranslation(TranslationOptions):
    fields = ("title", "slug", "vision", "mission", "methods", "summary")
    # An empty slug is stored as NULL so several objects may lack one language's slug.
    empty_values = {"slug": None}


@register(PriorityArea)
class PriorityAreaTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
    empty_values = {"slug": None}


@register(Strategy)
class StrategyTranslation(TranslationOptions):
    fields = ("text",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ("statement",)
