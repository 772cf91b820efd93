from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from import_export import fields, resources
from import_export.forms import SelectableFieldsExportForm
from import_export.widgets import ForeignKeyWidget

from partners.models import Organisation
from portal.core.spreadsheets import neutralise

from .models import Activity, Initiative


class SafeExportResource(resources.ModelResource):
    """Every text cell of an export is neutralised: a title such as ``=HYPERLINK(...)``
    cannot run as a formula when a spreadsheet program opens the file (the portal's own
    exports use the same ``neutralise``)."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return neutralise(value) if isinstance(value, str) else value


class ActivityResource(SafeExportResource):
    """Spreadsheet columns for activities (export now; partner import comes with the workspace)."""

    initiative = fields.Field(
        column_name="initiative", attribute="initiative",
        widget=ForeignKeyWidget(Initiative, field="slug_fr"),
    )
    organisation = fields.Field(
        column_name="organisation", attribute="organisation",
        widget=ForeignKeyWidget(Organisation, field="slug"),
    )

    class Meta:
        model = Activity
        fields = ["id", "date", "initiative", "organisation", "kind", "title", "participants",
                  "audience", "language", "neighbourhood", "notes"]
        export_order = fields


class TranslatedExportForm(SelectableFieldsExportForm):
    """The admin's export form names each column as the model does, in the admin's
    language ("Type", "Public cible"), not by its English field name."""

    def _get_field_label(self, resource, field_name: str) -> str:
        try:
            return str(capfirst(resource._meta.model._meta.get_field(field_name).verbose_name))
        except FieldDoesNotExist:
            return super()._get_field_label(resource, field_name)
