from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        # Imported here: models and signals may be imported once the registry is ready.
        from portal.core import pagecache

        from . import (
            lookups,  # noqa: F401  (registers ``__in_array``)
            totals,
        )

        # The approved activity totals change only with an update or activity, watched.
        pagecache.watch(*(m for m in self.get_models() if m.__name__ != "ApprovedActivityTotal"))
        totals.connect_signals()
