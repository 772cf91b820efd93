from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The admin says whose it is, in the administrator's language (not "Django administration").
admin.site.site_header = _("Community Safety Partnership: administration")
admin.site.site_title = _("Community Safety Partnership")
admin.site.index_title = _("Administration")
