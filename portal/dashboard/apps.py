from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "portal.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        # Imported here: models and signals may be imported once the registry is ready.
        from portal.dashboard import standings

        standings.connect_signals()
