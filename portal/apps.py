from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site: home, URLs, error pages, template tags, the demo."""

    name = "portal"
    verbose_name = _("Portal")
