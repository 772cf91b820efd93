from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Subscription


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
