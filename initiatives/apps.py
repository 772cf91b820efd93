from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from . import (
            lookups,  # noqa: F401  (registers ``__in_array``)
            totals,
        )

        totals.connect_signals()
