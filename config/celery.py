import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks that live in a subpackage of an app (autodiscovery looks at <app>.tasks only).
app.autodiscover_tasks(["portal.reports", "portal.mailing"])
