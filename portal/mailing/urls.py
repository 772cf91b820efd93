from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "mailing"

urlpatterns = [
    path("", views.signup, name="signup"),
    path(_("check-your-email/"), views.check_email, name="check_email"),
    path(_("confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]

# The coordinators' pages: the counts and the export (portal/coordination_urls.py).
coordination_urlpatterns = [
    path(_("mailing-list/"), views.coordination, name="mailing_list"),
    path(_("mailing-list/confirmed.csv"), views.export, name="mailing_list_export"),
]
