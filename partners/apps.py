from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        # Imported here: models and signals may be imported once the registry is ready.
        from django.contrib.auth.signals import user_logged_in

        from partners.middleware import record_sign_in
        from portal.core import pagecache

        user_logged_in.connect(record_sign_in, dispatch_uid="partners-record-sign-in")
        # Public pages show organisations (names, links); people never.
        pagecache.watch(self.get_model("Organisation"))
