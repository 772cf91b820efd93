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
