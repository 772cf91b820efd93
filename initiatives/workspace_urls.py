from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import event_views, import_views
from . import workspace_views as views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("preferences/"), views.preferences, name="preferences"),
    path(_("preferences/sign-out-everywhere/"), views.sign_out_everywhere,
         name="sign_out_everywhere"),
    path(_("activities/"), views.activity_list, name="activities"),
    path(_("activities/new/"), views.activity_create, name="activity_create"),
    path(_("activities/download.<str:fmt>"), import_views.activity_export,
         name="activities_export"),
    path(_("activities/import/"), import_views.activity_import, name="import_start"),
    path(_("activities/import/template.<str:fmt>"), import_views.activity_import_template,
         name="import_template"),
    path(_("activities/import/<uuid:token>/"), import_views.activity_import_detail,
         name="import"),
    path(_("activities/import/<uuid:token>/confirm/"), import_views.activity_import_confirm,
         name="import_confirm"),
    path(_("activities/import/<uuid:token>/cancel/"), import_views.activity_import_cancel,
         name="import_cancel"),
    path(_("activities/<int:pk>/"), views.activity_detail, name="activity"),
    path(_("activities/<int:pk>/edit/"), views.activity_edit, name="activity_edit"),
    path(_("activities/<int:pk>/delete/"), views.activity_delete, name="activity_delete"),
    path(_("events/"), event_views.workspace_event_list, name="events"),
    path(_("events/new/"), event_views.workspace_event_create, name="event_create"),
    path(_("events/<int:pk>/edit/"), event_views.workspace_event_edit, name="event_edit"),
    path(_("events/<int:pk>/delete/"), event_views.workspace_event_delete,
         name="event_delete"),
    path(_("events/<int:pk>/attendance/"), event_views.workspace_event_attendance,
         name="event_attendance"),
    path(
        _("updates/<int:initiative_pk>/<int:period_pk>/"), views.update_edit, name="update"
    ),
    path(
        _("updates/<int:initiative_pk>/<int:period_pk>/submit/"),
        views.update_submit,
        name="update_submit",
    ),
]
