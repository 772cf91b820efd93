"""Public events, their calendars, and the community forum: ``/fr/evenements/``,
``/en/events/`` (mounted in ``config/urls.py``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import event_views as views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path(_("calendar.ics"), views.event_feed, name="feed"),
    path(_("forums/<slug:slug>/"), views.forum_detail, name="forum"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>.ics", views.event_ical, name="ical"),
]
