from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Who holds which token, and revoking one: never its secret (only a hash is kept), and
    never made here (a person makes their own, and sees it once)."""

    list_display = ("name", "user", "scope", "prefix", "created_at", "expires_at",
                    "last_used_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("name", "user__email", "prefix")
    readonly_fields = ("user", "name", "scope", "prefix", "created_at", "expires_at",
                       "last_used_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request) -> bool:
        return False
