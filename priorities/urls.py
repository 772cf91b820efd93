from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "priorities"

urlpatterns = [
    path(_("plans/"), views.plan_list, name="plan_list"),
    path(_("plans/<slug:slug>/"), views.plan_detail, name="plan"),
    path(_("priorities/<slug:slug>/"), views.area_detail, name="area"),
]
