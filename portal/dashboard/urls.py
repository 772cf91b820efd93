"""The dashboard's pages, in the coordinators' area (portal/coordination_urls.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views as dashboard

urlpatterns = [
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
]
