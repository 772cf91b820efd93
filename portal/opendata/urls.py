"""Open data's pages; included by portal/urls.py, so their names are the portal's
("portal:open_data")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("open-data/"), views.open_data, name="open_data"),
    # Before the downloads, whose pattern would take "catalog.jsonld" for a dataset.
    path(_("open-data/catalog.jsonld"), views.open_data_catalogue,
         name="open_data_catalogue"),
    path(_("open-data/schemas/<slug:dataset>.json"), views.open_data_schema,
         name="open_data_schema"),
    path(
        _("open-data/<slug:dataset>.<slug:fmt>"),
        views.open_data_download,
        name="open_data_download",
    ),
]
