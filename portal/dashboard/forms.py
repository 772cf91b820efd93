"""The dashboard's filters: they live in the query string, so a view can be bookmarked."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, ReportingPeriod
from partners.models import Organisation
from portal.core.i18n import field_reader
from portal.core.widgets import FetchedModelChoiceField, QuickSelect
from priorities.models import Plan, PriorityArea

from .selectors import DashboardFilters, FilterLists


class PeriodChoiceField(FetchedModelChoiceField):
    def label_from_instance(self, obj: ReportingPeriod) -> str:
        return obj.label


class NamedChoiceField(FetchedModelChoiceField):
    """Choices labelled by their translated ``name`` (``str()`` of an organisation), the
    language read once per list rather than once per name."""

    def labeller(self):
        return field_reader(self.queryset.model, "name")


class DashboardFilterForm(forms.Form):
    # What the page reads of plans and areas (their titles, order and plan), not their
    # texts: the lists are read on every view.
    plan = FetchedModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.only("id", "title", "is_featured", "start")
        .order_by("-is_featured", "-start"),
        required=False, empty_label=None,
    )
    area = FetchedModelChoiceField(
        label=_("Priority area"),
        queryset=PriorityArea.objects.only("id", "plan", "title", "order"),
        required=False, empty_label=_("All priority areas"),
    )
    zone = forms.ChoiceField(
        label=_("CSWB zone"), required=False,
        choices=[("", _("All zones")), *Initiative.Zone.choices], widget=QuickSelect,
    )
    organisation = NamedChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.only("pk", "name_fr", "name_en"),
        required=False, empty_label=_("All organisations"), collate=True,
        help_text=_("Initiatives it leads or joins."),
    )
    period_from = PeriodChoiceField(
        label=_("From period"), queryset=ReportingPeriod.objects.order_by("start"),
        required=False, empty_label=_("First period"),
    )
    period_to = PeriodChoiceField(
        label=_("To period"), queryset=ReportingPeriod.objects.order_by("start"),
        required=False, empty_label=_("Latest period"),
        help_text=_("Status and latest values are as of the end of this period."),
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        # Both lists of periods come from one fetch.
        self.fields["period_to"].share_fetch(self.fields["period_from"])
        if data is not None and not data.get("plan"):
            # No plan chosen: the featured one (the first of the list), shown as chosen.
            plans = self.fields["plan"].objects()
            if plans:
                self.data = data.copy()
                self.data["plan"] = str(plans[0].pk)
        for name in ("plan", "area", "organisation", "period_from", "period_to"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "This choice does not exist (any more). Choose one from the list."
            )
        self.fields["zone"].error_messages["invalid_choice"] = _(
            "This choice does not exist (any more). Choose one from the list."
        )

    def clean(self):
        cleaned = super().clean()
        plan, area = cleaned.get("plan"), cleaned.get("area")
        if area is not None and plan is not None and area.plan_id != plan.pk:
            self.add_error(
                "area",
                _("This priority area belongs to another plan: choose one of %(plan)s.")
                % {"plan": plan},
            )
        first, last = cleaned.get("period_from"), cleaned.get("period_to")
        if first and last and first.start > last.start:
            self.add_error("period_to", _("The last period must not come before the first."))
        return cleaned

    def filters(self) -> DashboardFilters:
        data = self.cleaned_data
        return DashboardFilters(
            plan=data.get("plan"),
            area=data.get("area"),
            zone=data.get("zone") or "",
            organisation=data.get("organisation"),
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
            # The form's lists, read once for its options and the selectors.
            lists=FilterLists(
                periods=self.fields["period_from"].objects(),
                areas=self.fields["area"].objects(),
                organisations=self.fields["organisation"].objects(),
            ),
        )
