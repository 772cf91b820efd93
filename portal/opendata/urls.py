"""Open data's pages; included by portal/urls.py, so their names are the portal's
("portal:open_data")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("open-data/"), views.open_data, name="open_data"),
    path(
        _("open-data/<slug:dataset>.<slug:fmt>"),
        views.open_data_download,
        name="open_data_download",
    ),
]
