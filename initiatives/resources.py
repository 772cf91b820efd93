from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from partners.models import Organisation

from .models import Activity, Initiative


class ActivityResource(resources.ModelResource):
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
