"""The product's URLs plus the benchmark's two reference views (not in ``config.urls``).

* ``/bench-hello/`` answers "ok": the baseline every page is compared with.
* ``/fr/bench-frame/`` renders the site's layout (``base.html``: header, navigation,
  language toggle, footer) around one paragraph, with no query: the floor of any rendered
  public page, so a cold page's cost can be split into the frame's and its own.
"""

import functools

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns

_FRAME = (
    '{% extends "base.html" %}{% block title %}Cadre{% endblock %}'
    "{% block content %}<h1>Cadre</h1><p>Le cadre du site, sans contenu.</p>{% endblock %}"
)


def hello(request):
    return HttpResponse("ok", content_type="text/plain")


@functools.cache
def _frame_template():
    return engines["django"].from_string(_FRAME)


def frame(request):
    return HttpResponse(_frame_template().render({}, request))


urlpatterns = [
    path("bench-hello/", hello),
    path("fr/bench-frame/", frame),
    *product_urlpatterns,
]
