from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.dashboard import views as dashboard
from portal.mailing import views as mailing

from . import coordination_views as views

app_name = "coordination"

urlpatterns = [
    path("", views.review_queue, name="queue"),
    path(_("reviews/<int:pk>/"), views.review_detail, name="review"),
    path(_("reviews/<int:pk>/approve/"), views.review_approve, name="approve"),
    path(_("reviews/<int:pk>/return/"), views.review_return, name="return"),
    path(_("periods/"), views.period_list, name="periods"),
    path(_("periods/<int:pk>/lock/"), views.period_lock, name="period_lock"),
    path(_("periods/<int:pk>/open/"), views.period_open, name="period_open"),
    path(_("change-log/"), views.change_log, name="change_log"),
    path(_("dashboard/"), dashboard.dashboard, name="dashboard"),
    path(
        _("dashboard/download/<slug:table>.<slug:fmt>"),
        dashboard.dashboard_download,
        name="dashboard_download",
    ),
    path(_("dashboard/indicators/<int:pk>/"), dashboard.indicator, name="dashboard_indicator"),
    path(
        _("dashboard/indicators/<int:pk>/download.<slug:fmt>"),
        dashboard.indicator_download,
        name="dashboard_indicator_download",
    ),
    path(_("mailing-list/"), mailing.coordination, name="mailing_list"),
    path(_("mailing-list/confirmed.csv"), mailing.export, name="mailing_list_export"),
]
