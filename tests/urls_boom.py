"""The site's addresses and a view that fails, for tests/test_error_pages_debug.py."""

from django.urls import path

from config.urls import urlpatterns as site


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *site]
handler500 = "portal.errors.server_error"
