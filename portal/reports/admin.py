from django.contrib import admin

from .models import ProgressReport, Reminder, ReportFile


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    can_delete = False
    readonly_fields = ["language", "kind", "file", "name", "sha256", "size"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scope", "language", "status", "progress", "requested_by",
                    "created_at", "finished_at"]
    list_filter = ["status", "scope", "language"]
    search_fields = ["requested_by__email", "error"]
    date_hierarchy = "created_at"
    filter_horizontal = ["periods"]
    autocomplete_fields = ["plan", "priority_area", "initiative", "organisation"]
    readonly_fields = ["status", "progress", "step", "attempts", "error_code", "error",
                       "version", "previous", "snapshot_sha256", "data_as_of", "schedule_key",
                       "started_at", "heartbeat_at", "finished_at", "notified_at"]
    exclude = ["snapshot"]
    inlines = [ReportFileInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["initiative", "period", "stage", "sent_at"]
    list_filter = ["stage", "period"]
    search_fields = ["initiative__title_fr", "initiative__title_en"]
    readonly_fields = ["initiative", "period", "stage", "sent_at", "recipients"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """Compiled files are written once by the job: read-only here."""

    list_display = ["name", "report", "language", "kind", "size"]
    list_filter = ["language", "kind"]
    search_fields = ["name", "sha256"]
    readonly_fields = ["report", "language", "kind", "file", "name", "sha256", "size"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
