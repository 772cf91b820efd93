import os

from celery import Celery
from celery.signals import task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_postrun.connect(weak=False)
def _settle_public_version(**kwargs) -> None:
    """A task that changed what public pages show ends once no web process can still serve
    the pages from before (portal/core/pagecache.py, ``settle``)."""
    # Imported here: this module is loaded before Django's settings and apps are ready.
    from portal.core import pagecache

    pagecache.settle()
