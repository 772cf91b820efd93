from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import workspace_views as views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("preferences/"), views.preferences, name="preferences"),
    path(_("preferences/sign-out-everywhere/"), views.sign_out_everywhere,
         name="sign_out_everywhere"),
    path(_("activities/"), views.activity_list, name="activities"),
    path(_("activities/new/"), views.activity_create, name="activity_create"),
    path(_("activities/<int:pk>/"), views.activity_detail, name="activity"),
    path(_("activities/<int:pk>/edit/"), views.activity_edit, name="activity_edit"),
    path(_("activities/<int:pk>/delete/"), views.activity_delete, name="activity_delete"),
    path(
        _("updates/<int:initiative_pk>/<int:period_pk>/"), views.update_edit, name="update"
    ),
    path(
        _("updates/<int:initiative_pk>/<int:period_pk>/submit/"),
        views.update_submit,
        name="update_submit",
    ),
]
