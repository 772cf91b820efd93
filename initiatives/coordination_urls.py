from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import coordination_views as views

app_name = "coordination"

urlpatterns = [
    path("", views.review_queue, name="queue"),
    path(_("reviews/<int:pk>/"), views.review_detail, name="review"),
    path(_("reviews/<int:pk>/approve/"), views.review_approve, name="approve"),
    path(_("reviews/<int:pk>/return/"), views.review_return, name="return"),
    path(_("periods/"), views.period_list, name="periods"),
    path(_("periods/<int:pk>/lock/"), views.period_lock, name="period_lock"),
    path(_("periods/<int:pk>/open/"), views.period_open, name="period_open"),
]
