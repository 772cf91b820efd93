from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from portal.core.translation_review import TranslationReviewAdmin

from .models import (
    Activity,
    ActivityImport,
    Event,
    Forum,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from .resources import ActivityResource, TranslatedExportForm


class IndicatorInline(TranslationStackedInline):
    """Stacked, so that every field of an indicator has its label (a tabular inline only
    has column headings, which screen readers do not tie to the fields)."""

    model = Indicator
    extra = 0
    fields = ["name", "unit", "target", "source", "derivation", "data_source", "frequency",
              "responsible", "is_public", "order"]
    autocomplete_fields = ["responsible"]


@admin.register(Initiative)
class InitiativeAdmin(TranslationReviewAdmin, TabbedTranslationAdmin):
    review_fields = ("title", "summary", "description")
    list_display = ["title", "lead", "zone", "status", "start", "end", "is_public",
                    "translation_to_review"]
    list_filter = ["status", "zone", "is_public", "translation_to_review", "priority_areas",
                   "lead"]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en", "lead__name_fr"]
    filter_horizontal = ["priority_areas", "strategies", "themes", "collaborators", "funders"]
    autocomplete_fields = ["lead"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(TranslationReviewAdmin, TabbedTranslationAdmin):
    review_fields = ("name", "definition", "data_source")
    list_display = ["name", "initiative", "outcome", "unit", "target", "source", "frequency",
                    "responsible", "is_public", "translation_to_review"]
    list_filter = ["unit", "question", "source", "aggregation", "frequency", "is_public",
                   "translation_to_review"]
    search_fields = ["name_fr", "name_en", "initiative__title_fr", "initiative__title_en"]
    autocomplete_fields = ["initiative", "responsible"]
    fieldsets = [
        (None, {"fields": ["initiative", "outcome", "name", "definition", "unit", "question",
                           "direction", "aggregation", "source", "derivation", "is_public",
                           "order", "translation_to_review"]}),
        (_("Baseline and target"), {"fields": ["baseline", "baseline_date", "target",
                                               "target_date"]}),
        (_("Measurement plan"), {"fields": ["data_source", "frequency", "responsible"]}),
    ]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end", "due", "is_locked"]
    list_filter = ["is_locked"]
    search_fields = ["name"]
    date_hierarchy = "start"


@admin.register(Activity)
class ActivityAdmin(ExportMixin, SimpleHistoryAdmin):
    """Export only: activities come in through the workspace's import
    (``initiatives.imports``), which applies the business rules an admin import skipped."""

    resource_classes = [ActivityResource]
    export_form_class = TranslatedExportForm
    list_display = ["date", "title", "initiative", "organisation", "kind", "participants",
                    "language"]
    list_filter = ["kind", "audience", "language", "organisation", "initiative"]
    search_fields = ["title", "neighbourhood", "initiative__title_fr", "initiative__title_en"]
    date_hierarchy = "date"
    autocomplete_fields = ["initiative", "organisation"]
    readonly_fields = ["logged_by"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = ["indicator", "state", "value", "numerator", "denominator", "withheld_reason",
              "flag_median"]
    readonly_fields = ["flag_median"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(TabbedTranslationAdmin, SimpleHistoryAdmin):
    list_display = ["initiative", "period", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "period", "initiative__lead"]
    search_fields = ["initiative__title_fr", "initiative__title_en"]
    inlines = [IndicatorValueInline]
    readonly_fields = ["submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "update", "state", "value"]
    list_filter = ["state", "update__status", "update__period"]
    search_fields = ["indicator__name_fr", "indicator__name_en"]
    autocomplete_fields = ["indicator", "update"]


@admin.register(ActivityImport)
class ActivityImportAdmin(admin.ModelAdmin):
    """Who imported which spreadsheet, when, and how it went: read-only (imports are made and
    confirmed in the workspace; the file itself is never shown here)."""

    list_display = ["file_name", "owner", "status", "row_count", "error_count",
                    "imported_count", "created_at", "expires_at"]
    list_filter = ["status"]
    search_fields = ["file_name", "owner__email"]
    fields = ["file_name", "owner", "language", "status", "row_count", "error_count",
              "imported_count", "failure", "created_at", "expires_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Forum)
class ForumAdmin(TabbedTranslationAdmin):
    list_display = ["title", "host", "is_public"]
    list_filter = ["is_public", "host"]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en"]
    autocomplete_fields = ["host"]


class EventAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if "organisers" in self.fields and not cleaned.get("organisers"):
            self.add_error("organisers", _("Choose at least one organising organisation."))
        return cleaned


@admin.register(Event)
class EventAdmin(TabbedTranslationAdmin, SimpleHistoryAdmin):
    """Events, with the same rules as the workspace: ends after it starts, a place or
    online, at least one organiser; times are entered and shown in Ottawa time."""

    form = EventAdminForm
    list_display = ["title", "kind", "start", "language", "is_online", "is_public", "forum"]
    list_filter = ["kind", "language", "is_public", "is_online", "forum", "priority_areas",
                   "organisers"]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en", "place"]
    date_hierarchy = "start"
    filter_horizontal = ["organisers", "priority_areas", "initiatives"]
    autocomplete_fields = ["activity", "forum"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "kind", "language",
                           "is_public"]}),
        (_("When and where"), {"fields": ["start", "end", "place", "is_online",
                                          "online_url"]}),
        (_("Who and what"), {"fields": ["organisers", "priority_areas", "initiatives",
                                        "forum", "activity"]}),
    ]
