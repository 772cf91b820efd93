from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .opendata import views as opendata

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("about-these-figures/"), views.about_figures, name="about_figures"),
    path(_("open-data/"), opendata.open_data, name="open_data"),
    # Before the downloads, whose pattern would take "catalog.jsonld" for a dataset.
    path(_("open-data/catalog.jsonld"), opendata.open_data_catalogue,
         name="open_data_catalogue"),
    path(_("open-data/schemas/<slug:dataset>.json"), opendata.open_data_schema,
         name="open_data_schema"),
    path(
        _("open-data/<slug:dataset>.<slug:fmt>"),
        opendata.open_data_download,
        name="open_data_download",
    ),
]
