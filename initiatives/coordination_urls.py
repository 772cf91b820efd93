from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import coordination_views as views

# Review and reporting periods; wired with the dashboard and the mailing list's counts
# into the coordinators' area (namespace "coordination") by portal/coordination_urls.py.
urlpatterns = [
    path("", views.review_queue, name="queue"),
    path(_("reviews/<int:pk>/"), views.review_detail, name="review"),
    path(_("reviews/<int:pk>/approve/"), views.review_approve, name="approve"),
    path(_("reviews/<int:pk>/return/"), views.review_return, name="return"),
    path(_("periods/"), views.period_list, name="periods"),
    path(_("periods/<int:pk>/lock/"), views.period_lock, name="period_lock"),
    path(_("periods/<int:pk>/open/"), views.period_open, name="period_open"),
    path(_("change-log/"), views.change_log, name="change_log"),
]
