from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views as portal_views

# The admin signs in through allauth (rate limits, MFA), never through its own form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", portal_views.language_choice, name="language_choice"),
    path("healthz", portal_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("", include("priorities.urls")),
    path(_("initiatives/"), include("initiatives.urls")),
    path(_("partners/"), include("partners.urls")),
    path(_("events/"), include("initiatives.event_urls")),
    path(_("accounts/"), include("allauth.urls")),
    path(_("workspace/"), include("initiatives.workspace_urls")),
    path(_("coordination/"), include("portal.coordination_urls")),
    path(_("reports/"), include("portal.reports.urls")),
    path(_("invitations/"), include("partners.invitation_urls")),
    path(_("mailing-list/"), include("portal.mailing.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# Error pages in the site's layout and language; 503 when the database is unreachable.
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
