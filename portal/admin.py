from django.contrib import admin

from .models import ProgressReport


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scope", "language", "status", "progress", "requested_by",
                    "created_at", "finished_at"]
    list_filter = ["status", "scope", "language"]
    search_fields = ["requested_by__email", "error"]
    date_hierarchy = "created_at"
    filter_horizontal = ["periods"]
    autocomplete_fields = ["plan", "priority_area", "initiative", "organisation"]
    readonly_fields = ["status", "progress", "pdf_file", "spreadsheet_file", "error",
                       "started_at", "heartbeat_at", "finished_at"]
