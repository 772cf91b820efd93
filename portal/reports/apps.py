from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "portal.reports"
    label = "reports"
    verbose_name = _("Progress reports")

    def ready(self) -> None:
        # Here, not at import: the receivers import the models, ready once the apps are.
        from initiatives.signals import period_locked

        from . import services, tasks
        from .receivers import compile_quarterly_reports

        services.use_queue(tasks.enqueue_compile)
        period_locked.connect(compile_quarterly_reports, dispatch_uid="reports-period-locked")
