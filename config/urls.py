from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views as portal_views

urlpatterns = [
    path("", portal_views.language_choice, name="language_choice"),
    path("healthz", portal_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("", include("priorities.urls")),
    path(_("initiatives/"), include("initiatives.urls")),
    path(_("partners/"), include("partners.urls")),
    path(_("accounts/"), include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
