"""The coordinators' area, one namespace ("coordination") wired here, above the apps that
serve it: review and reporting periods (initiatives), the dashboard, the mailing list."""

from initiatives.coordination_urls import urlpatterns as review
from portal.dashboard.urls import urlpatterns as dashboard
from portal.mailing.urls import coordination_urlpatterns as mailing_list

app_name = "coordination"

urlpatterns = [*review, *dashboard, *mailing_list]
