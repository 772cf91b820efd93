from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Invitation, Membership, Organisation, TwoFactorAuthenticator, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "user"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "preferred_language", "is_coordinator",
                    "is_staff", "is_active"]
    list_filter = ["preferred_language", "is_coordinator", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_coordinator", "is_staff", "is_superuser", "groups",
                        "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "acronym", "kind", "is_public", "location_shown"]
    list_filter = ["kind", "is_public", "show_on_map"]
    search_fields = ["name_fr", "name_en", "acronym_fr", "acronym_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "kind", "description", "website",
                           "is_public")}),
        (_("Location on the partner map"), {
            "fields": ("show_on_map", "latitude", "longitude", "ward"),
            "description": _(
                "The public directory's map and its list by ward show the point and the "
                "ward of the organisations whose location is shown. Women's centres and "
                "shelters are hidden unless “Show on the map” says to show them; every "
                "other kind is shown unless it says not to. When hidden, neither the point "
                "nor the ward appears anywhere public."
            ),
        }),
    )

    @admin.display(boolean=True, description=_("location shown"))
    def location_shown(self, obj: Organisation) -> bool:
        return obj.location_is_public


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "organisation__name_fr", "organisation__name_en"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent from the workspace, where the token is emailed once."""

    list_display = ["email", "organisation", "role", "invited_by", "expires_at", "accepted_at"]
    list_filter = ["role", "organisation", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "organisation__name_fr", "organisation__name_en"]
    readonly_fields = ["email", "organisation", "role", "language", "invited_by", "expires_at",
                       "accepted_at", "accepted_by"]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        return False


# allauth's authenticators, listed under a translated name (see TwoFactorAuthenticator).
admin.site.unregister(Authenticator)


@admin.register(TwoFactorAuthenticator)
class TwoFactorAuthenticatorAdmin(AuthenticatorAdmin):
    search_fields = ["user__email", "user__first_name", "user__last_name"]
