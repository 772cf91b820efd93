from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = _("Priorities")

    def ready(self) -> None:
        # Imported here: models and signals may be imported once the registry is ready.
        from portal.core import pagecache

        pagecache.watch(*self.get_models())
