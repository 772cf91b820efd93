from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what every app may use; it imports no app of the project."""

    name = "portal.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Imported here: models and signals may be imported once the registry is ready.
        from portal.core import pagecache

        pagecache.connect_signals()
