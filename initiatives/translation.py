import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Event, Forum, Indicator, Initiative, ProgressUpdate


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "description")
    empty_values = {"slug": None}


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "definition", "data_source")


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    fields = ("done", "next_steps", "challenges")


# Registered here rather than on the model so the history copies the translated
# narrative fields, which modeltranslation adds only at registration above.
simple_history.register(ProgressUpdate, app="initiatives")


@register(Forum)
class ForumTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
    empty_values = {"slug": None}


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
    empty_values = {"slug": None}


# Who created, changed or unpublished an event, and when (like activities).
simple_history.register(Event, app="initiatives")
