from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("about-these-figures/"), views.about_figures, name="about_figures"),
    path("", include("portal.opendata.urls")),
]
