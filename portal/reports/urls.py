from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path(_("<int:pk>/files/<int:file_pk>/"), views.report_download, name="download"),
    path(_("<int:pk>/again/"), views.report_retry, name="retry"),
]
