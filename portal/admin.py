from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OutboundEmail, ProgressReport, Reminder, ReportFile, Subscription


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


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """What the portal sent, or still has to send: read-only."""

    list_display = ["to", "subject", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]
    readonly_fields = ["to", "subject", "body", "html", "headers", "created_at", "sent_at",
                       "claimed_until", "attempts", "last_error"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """The mailing list's records of consent, read-only. The list shows counts (the
    filters' facets) and masked addresses; an address is found by typing it whole, and its
    record opened to prove consent. Deleting a record erases it (a person's request)."""

    list_display = ["masked_email", "status", "language", "signed_up_at", "confirmed_at",
                    "unsubscribed_at"]
    list_filter = ["status", "language", "all_topics", "consent_version"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["=email"]
    date_hierarchy = "signed_up_at"
    fields = ["email", "status", "language", "all_topics", "topics", "topics_chosen",
              "signed_up_at", "source_url", "signup_ip_hash", "consent_language",
              "consent_version", "consent_text", "confirmed_at", "confirmation_ip_hash",
              "unsubscribed_at", "unsubscribe_method"]
    readonly_fields = fields

    @admin.display(description=_("email address"))
    def masked_email(self, obj: Subscription) -> str:
        return obj.masked_email

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# The admin says whose it is, in the administrator's language (not "Django administration").
admin.site.site_header = _("Community Safety Partnership: administration")
admin.site.site_title = _("Community Safety Partnership")
admin.site.index_title = _("Administration")
