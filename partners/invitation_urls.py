from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import invitations

app_name = "invitations"

urlpatterns = [
    path("", invitations.invitation_list, name="list"),
    path(_("<int:pk>/revoke/"), invitations.invitation_revoke, name="revoke"),
    path(_("<int:pk>/resend/"), invitations.invitation_resend, name="resend"),
    path("<str:token>/", invitations.invitation_accept, name="accept"),
]
