"""Requesting a report: scope, periods, language, formats, audience."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import ReportingPeriod
from partners.models import User
from portal.core.widgets import FetchedModelChoiceField, LanguageMarkedSelect
from portal.dashboard.forms import PeriodChoiceField
from portal.reports.models import ProgressReport
from priorities.models import Plan, PriorityArea

from . import permissions

SCOPE_FIELDS = {
    ProgressReport.Scope.PLAN: "plan",
    ProgressReport.Scope.PRIORITY_AREA: "priority_area",
    ProgressReport.Scope.INITIATIVE: "initiative",
    ProgressReport.Scope.ORGANISATION: "organisation",
}


class ReportRequestForm(forms.Form):
    scope = forms.ChoiceField(label=_("The report covers"), widget=forms.RadioSelect)
    # Empty options say what to choose, never Django's "---------".
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False,
                                  empty_label=_("Choose a plan"),
                                  widget=LanguageMarkedSelect)
    priority_area = forms.ModelChoiceField(
        label=_("Priority area"), queryset=PriorityArea.objects.none(), required=False,
        empty_label=_("Choose a priority area"), widget=LanguageMarkedSelect,
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"), queryset=PriorityArea.objects.none(), required=False,
        empty_label=_("Choose an initiative"), widget=LanguageMarkedSelect,
    )
    # Listed by their names as shown, in the page's alphabetical order.
    organisation = FetchedModelChoiceField(
        label=_("Organisation"), queryset=PriorityArea.objects.none(), required=False,
        empty_label=_("Choose an organisation"), collate=True,
    )
    period_from = PeriodChoiceField(
        label=_("From period"), queryset=ReportingPeriod.objects.order_by("start"),
        empty_label=_("Choose a period"),
    )
    period_to = PeriodChoiceField(
        label=_("To period"), queryset=ReportingPeriod.objects.order_by("start"),
        empty_label=_("Choose a period"),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=ProgressReport.Languages.choices,
        widget=forms.RadioSelect, initial=ProgressReport.Languages.BOTH,
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"), choices=[("pdf", _("PDF")), ("xlsx", _("Spreadsheet (XLSX)"))],
        widget=forms.CheckboxSelectMultiple, initial=["pdf", "xlsx"],
        error_messages={"required": _("Choose at least one format.")},
    )
    audience = forms.ChoiceField(
        label=_("Audience"), choices=ProgressReport.Audience.choices,
        widget=forms.RadioSelect, initial=ProgressReport.Audience.INTERNAL,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        coordinator = permissions.is_coordinator(user)
        scopes = ProgressReport.Scope.choices
        if not coordinator:
            scopes = [c for c in scopes if c[0] in ("initiative", "organisation")]
            self.fields["audience"].choices = [
                c for c in ProgressReport.Audience.choices if c[0] == "internal"
            ]
            del self.fields["plan"], self.fields["priority_area"]
        else:
            self.fields["plan"].queryset = Plan.objects.order_by("-is_featured", "-start")
            self.fields["priority_area"].queryset = PriorityArea.objects.select_related(
                "plan").order_by("plan", "order")
        self.fields["scope"].choices = scopes
        self.fields["scope"].initial = scopes[0][0]
        self.fields["initiative"].queryset = permissions.report_initiatives_for(user).order_by(
            "title")
        self.fields["organisation"].queryset = permissions.report_organisations_for(user)
        for name in SCOPE_FIELDS.values():
            if name in self.fields:
                self.fields[name].error_messages["invalid_choice"] = _(
                    "Choose one from the list: you may report on these only."
                )

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        if scope:
            name = SCOPE_FIELDS[scope]
            if not cleaned.get(name) and name in self.fields and not self.errors.get(name):
                self.add_error(name, _("Choose what the report covers."))
        first, last = cleaned.get("period_from"), cleaned.get("period_to")
        if first and last and first.start > last.start:
            self.add_error("period_to", _("The last period must not come before the first."))
        return cleaned

    def subject(self):
        return self.cleaned_data[SCOPE_FIELDS[self.cleaned_data["scope"]]]

    def periods(self) -> list[ReportingPeriod]:
        first, last = self.cleaned_data["period_from"], self.cleaned_data["period_to"]
        return list(
            ReportingPeriod.objects.filter(start__gte=first.start, end__lte=last.end)
            .order_by("start")
        )
