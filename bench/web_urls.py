"""The product's URLs plus the benchmark's hello view (not in ``config.urls``)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


def hello(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench-hello/", hello), *product_urlpatterns]
