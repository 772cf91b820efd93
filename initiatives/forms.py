from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partners.models import User
from portal.core.text import BoundedText
from portal.core.widgets import LanguageMarkedSelect

from . import permissions, quality, selectors, services
from .models import (
    Activity,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: on its fields when it names them,
    above the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)

class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _activity_field(name: str, **kwargs) -> forms.Field:
    """The form field Django makes for the activity's model field ``name``."""
    return Activity._meta.get_field(name).formfield(**kwargs)


class ActivityForm(BoundedText, forms.Form):
    """An activity's fields as its model defines them. A plain form, not a ModelForm: the
    services validate and save the activity, and nothing is assigned to it before they
    decide (``instance`` only fills the form in and is checked against in ``clean``)."""

    date = _activity_field("date", widget=DateInput())
    initiative = _activity_field("initiative", widget=LanguageMarkedSelect)
    kind = _activity_field("kind")
    title = _activity_field("title", help_text=_(
        "In the language of the activity. For a bilingual activity: the French title, a "
        "slash, then the English title."))
    participants = forms.IntegerField(
        label=_("Participants"),
        min_value=0,
        initial=0,
        help_text=_("How many people took part: a whole number from 0."),
        error_messages={
            "min_value": _("Participants must be a whole number from 0."),
            "invalid": _("Participants must be a whole number from 0."),
        },
    )
    audience = _activity_field("audience")
    language = _activity_field("language")
    neighbourhood = _activity_field("neighbourhood")
    notes = _activity_field("notes", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self, *args, user: User, instance: Activity | None = None, initial=None, **kwargs
    ) -> None:
        # Filled in from the activity edited (or a new one's defaults), then ``initial``.
        shown = instance or Activity()
        initial = {
            **{name: Activity._meta.get_field(name).value_from_object(shown)
               for name in self.base_fields},
            **(initial or {}),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.instance = instance
        self.user = user
        # Only initiatives the user's organisation leads or joins: any other id posted,
        # even in a hand-made form, is "not one of the available choices".
        self.fields["initiative"].queryset = permissions.initiatives_for(user).order_by(
            "title"
        )
        self.fields["initiative"].error_messages["invalid_choice"] = _(
            "Choose an initiative your organisation leads or joins."
        )

    def clean(self):
        cleaned = super().clean()
        initiative, date = cleaned.get("initiative"), cleaned.get("date")
        participants = cleaned.get("participants")
        if initiative and date and participants is not None:
            try:
                services.activity_validate(
                    initiative=initiative,
                    date=date,
                    participants=participants,
                    instance=self.instance,
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ActivityFilterForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Initiative"), queryset=Initiative.objects.none(), required=False,
        empty_label=_("All initiatives"), widget=LanguageMarkedSelect,
    )
    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=ReportingPeriod.objects.all(), required=False,
        empty_label=_("All periods"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False,
        choices=[("", _("All kinds")), *Activity.Kind.choices],
    )
    language = forms.ChoiceField(
        label=_("Language of delivery"), required=False,
        choices=[("", _("All languages")), *Activity.Language.choices],
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = permissions.initiatives_for(user).order_by(
            "title"
        )

    def filter(self, activities):
        if not self.is_valid():
            return activities
        data = self.cleaned_data
        if data["initiative"]:
            activities = activities.filter(initiative=data["initiative"])
        if data["period"]:
            activities = activities.filter(
                date__gte=data["period"].start, date__lte=data["period"].end
            )
        if data["kind"]:
            activities = activities.filter(kind=data["kind"])
        if data["language"]:
            activities = activities.filter(language=data["language"])
        return activities


def _plain(value: Decimal) -> Decimal:
    normalised = value.normalize()
    return normalised.quantize(Decimal(1)) if normalised == normalised.to_integral() else normalised


@dataclass
class IndicatorGroup:
    """The fields of one entered indicator on the update form, and its saved value."""

    indicator: Indicator
    # A count has one number; a share has its count and its total (``value`` is None).
    value: forms.BoundField | None
    state: forms.BoundField
    reason: forms.BoundField
    # The saved value, when it carries an outlier flag that still applies to what is shown.
    flagged: IndicatorValue | None
    numerator: forms.BoundField | None = None
    denominator: forms.BoundField | None = None

    @property
    def label(self) -> str:
        if self.indicator.unit == Indicator.Unit.PERCENT:
            return _("%(name)s (percent)") % {"name": self.indicator}
        return str(self.indicator)

    @property
    def share_fields(self) -> list[tuple[forms.BoundField, str]]:
        """A share's two inputs with their short visible labels."""
        if self.numerator is None:
            return []
        return [(self.numerator, _("Count")), (self.denominator, _("Out of (total)"))]

    @property
    def numbers(self) -> list[forms.BoundField]:
        return [f for f in (self.value, self.numerator, self.denominator) if f is not None]


class UpdateForm(BoundedText, forms.Form):
    """The narrative in both languages and, for each indicator entered by partners, a
    number, "not reported", or "withheld for safety" with an internal reason."""

    def __init__(
        self,
        *args,
        initiative: Initiative,
        update: ProgressUpdate | None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(selectors.entered_indicators(initiative))
        labels = {
            "done": _("What was done"),
            "next_steps": _("What is next"),
            "challenges": _("Challenges"),
        }
        language_names = {"fr": _("in French"), "en": _("in English")}
        for name in services.NARRATIVE_FIELDS:
            for lang in ("fr", "en"):
                key = f"{name}_{lang}"
                self.fields[key] = forms.CharField(
                    label=f"{labels[name]} ({language_names[lang]})",
                    required=False,
                    max_length=ProgressUpdate._meta.get_field(key).max_length,
                    widget=forms.Textarea(attrs={"rows": 4, "lang": lang}),
                    initial=getattr(update, key, "") if update else "",
                )
        self.fields["done_fr"].help_text = _(
            "No names or personal details. Write in French, in English, or both."
        )
        self.saved = {v.indicator_id: v for v in update.values.all()} if update else {}
        for indicator in self.indicators:
            self._add_indicator_fields(indicator, self.saved.get(indicator.pk))

    def _add_indicator_fields(self, indicator: Indicator, saved: IndicatorValue | None) -> None:
        if indicator.unit == Indicator.Unit.PERCENT:
            self._add_share_fields(indicator, saved)
        else:
            self._add_count_field(indicator, saved)
        self._add_state_fields(indicator, saved)

    def _add_share_fields(self, indicator: Indicator, saved: IndicatorValue | None) -> None:
        """A share is entered as a count out of a total; the portal computes the percent
        (and can then suppress it like any other figure about people)."""
        help_text = " ".join(filter(None, [
            indicator.definition,
            str(_("Give the count and the total, for example 12 out of 40: the percentage "
                  "is computed.")),
        ]))
        self.fields[f"numerator_{indicator.pk}"] = forms.IntegerField(
            label=_("%(name)s: count") % {"name": indicator},
            required=False, min_value=0, help_text=help_text,
            initial=saved.numerator if saved else None,
            error_messages={"min_value": _("A count cannot be negative.")},
        )
        self.fields[f"denominator_{indicator.pk}"] = forms.IntegerField(
            label=_("%(name)s: out of (the total)") % {"name": indicator},
            required=False, min_value=1,
            initial=saved.denominator if saved else None,
            error_messages={"min_value": _("The total must be at least 1.")},
        )

    def _add_count_field(self, indicator: Indicator, saved: IndicatorValue | None) -> None:
        self.fields[f"value_{indicator.pk}"] = forms.DecimalField(
            label=str(indicator),
            required=False,
            min_value=0,
            max_digits=12,
            decimal_places=2,
            help_text=indicator.definition or None,
            # 5.00 is shown as 5, 27.50 as 27.5: what the partner typed, not the column's scale.
            initial=_plain(saved.value) if saved and saved.value is not None else None,
            error_messages={"min_value": _("A value cannot be negative.")},
        )

    def _add_state_fields(self, indicator: Indicator, saved: IndicatorValue | None) -> None:
        self.fields[f"state_{indicator.pk}"] = forms.ChoiceField(
            label=_("What you report for %(name)s") % {"name": indicator},
            required=False,
            widget=forms.RadioSelect,
            choices=[
                (IndicatorValue.State.REPORTED, _("A number")),
                (IndicatorValue.State.NOT_REPORTED, IndicatorValue.State.NOT_REPORTED.label),
                (IndicatorValue.State.WITHHELD, IndicatorValue.State.WITHHELD.label),
            ],
            initial=saved.state if saved else IndicatorValue.State.REPORTED,
        )
        self.fields[f"reason_{indicator.pk}"] = forms.CharField(
            label=_("Reason for withholding %(name)s") % {"name": indicator},
            required=False,
            max_length=IndicatorValue._meta.get_field("withheld_reason").max_length,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_(
                "Only when the value is withheld for safety: why. Seen by the partnership "
                "only, never published. No names or personal details."
            ),
            initial=saved.withheld_reason if saved else "",
        )

    def _state(self, indicator: Indicator) -> str:
        return self.cleaned_data.get(f"state_{indicator.pk}") or IndicatorValue.State.REPORTED

    def _is_share(self, indicator: Indicator) -> bool:
        return indicator.unit == Indicator.Unit.PERCENT

    def _clean_share(self, indicator: Indicator, cleaned: dict) -> None:
        count, total = f"numerator_{indicator.pk}", f"denominator_{indicator.pk}"
        if count in self.errors or total in self.errors:
            return
        numerator, denominator = cleaned.get(count), cleaned.get(total)
        if self._state(indicator) != IndicatorValue.State.REPORTED:
            if numerator is not None or denominator is not None:
                self.add_error(count, _(
                    "Clear the count and the total, or choose “A number”: a value that is "
                    "not reported or withheld has no number."))
            return
        if numerator is not None and denominator is None:
            self.add_error(total, _("Give the total the count is out of."))
        elif denominator is not None and numerator is None:
            self.add_error(count, _("Give the count out of this total."))
        elif numerator is not None and numerator > denominator:
            self.add_error(count, _("The count cannot be larger than the total."))
        elif denominator is not None and denominator > settings.INDICATOR_MAX_COUNT:
            self.add_error(total, _(
                "The total is more than the plausible maximum of %(max)s: check the figure."
            ) % {"max": settings.INDICATOR_MAX_COUNT})

    def _clean_count(self, indicator: Indicator, cleaned: dict) -> None:
        name = f"value_{indicator.pk}"
        if name in self.errors:
            return
        value = cleaned.get(name)
        if self._state(indicator) == IndicatorValue.State.REPORTED:
            if value is not None and (message := quality.value_error(indicator, value)):
                self.add_error(name, message)
        elif value is not None:
            self.add_error(
                name,
                _("Clear the number, or choose “A number”: a value that is not reported "
                  "or withheld has no number."),
            )

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            if self._is_share(indicator):
                self._clean_share(indicator, cleaned)
            else:
                self._clean_count(indicator, cleaned)
            reason = f"reason_{indicator.pk}"
            if (self._state(indicator) == IndicatorValue.State.WITHHELD
                    and not cleaned.get(reason, "").strip()):
                self.add_error(reason, _(
                    "Say why the value is withheld: the reason stays within the partnership."))
        return cleaned

    def require_every_value(self) -> None:
        """Before submitting: each indicator has a number or an explicit state (the service
        checks the same rule again; this points at each field)."""
        for indicator in self.indicators:
            if self._is_share(indicator):
                count, total = f"numerator_{indicator.pk}", f"denominator_{indicator.pk}"
                if (
                    self._state(indicator) == IndicatorValue.State.REPORTED
                    and self.cleaned_data.get(count) is None
                    and self.cleaned_data.get(total) is None
                    and count not in self.errors and total not in self.errors
                ):
                    self.add_error(count, _(
                        "Enter the count and the total before submitting, or choose “Not "
                        "reported” or “Withheld for safety”."))
                continue
            name = f"value_{indicator.pk}"
            if (
                self._state(indicator) == IndicatorValue.State.REPORTED
                and self.cleaned_data.get(name) is None
                and name not in self.errors
            ):
                self.add_error(
                    name,
                    _("Enter a number before submitting, or choose “Not reported” or "
                      "“Withheld for safety”."),
                )

    def narrative_fields(self):
        return [self[f"{n}_{lang}"] for n in services.NARRATIVE_FIELDS for lang in ("fr", "en")]

    def value_fields(self):
        return [field for group in self.indicator_groups() for field in group.numbers]

    def _shows_saved(self, indicator: Indicator, saved: IndicatorValue) -> bool:
        """Whether the form shows the saved value (its flag is about that value)."""
        if not self.is_bound:
            return True
        if self._is_share(indicator):
            shown = (self.data.get(f"numerator_{indicator.pk}"),
                     self.data.get(f"denominator_{indicator.pk}"))
            return shown == (str(saved.numerator), str(saved.denominator))
        try:
            shown = Decimal(self.data.get(f"value_{indicator.pk}") or "")
        except InvalidOperation:
            return False
        return saved.value is not None and shown == saved.value

    def indicator_groups(self) -> list[IndicatorGroup]:
        groups = []
        for indicator in self.indicators:
            saved = self.saved.get(indicator.pk)
            flagged = saved if saved and saved.is_flagged and self._shows_saved(
                indicator, saved
            ) else None
            share = self._is_share(indicator)
            groups.append(IndicatorGroup(
                indicator,
                None if share else self[f"value_{indicator.pk}"],
                self[f"state_{indicator.pk}"],
                self[f"reason_{indicator.pk}"],
                flagged,
                numerator=self[f"numerator_{indicator.pk}"] if share else None,
                denominator=self[f"denominator_{indicator.pk}"] if share else None,
            ))
        return groups

    def narrative(self) -> dict[str, str]:
        return {
            f"{n}_{lang}": self.cleaned_data[f"{n}_{lang}"]
            for n in services.NARRATIVE_FIELDS
            for lang in ("fr", "en")
        }

    def values(self) -> dict[int, services.EnteredValue]:
        entered = {}
        for indicator in self.indicators:
            state = self._state(indicator)
            reported = state == IndicatorValue.State.REPORTED
            reason = (self.cleaned_data[f"reason_{indicator.pk}"]
                      if state == IndicatorValue.State.WITHHELD else "")
            if self._is_share(indicator):
                entered[indicator.pk] = services.EnteredValue(
                    state=state, reason=reason,
                    numerator=self.cleaned_data[f"numerator_{indicator.pk}"] if reported
                    else None,
                    denominator=self.cleaned_data[f"denominator_{indicator.pk}"] if reported
                    else None,
                )
            else:
                entered[indicator.pk] = services.EnteredValue(
                    state=state, reason=reason,
                    value=self.cleaned_data[f"value_{indicator.pk}"] if reported else None,
                )
        return entered


class ReturnForm(BoundedText, forms.Form):
    comment = forms.CharField(
        label=_("Comment for the partner"),
        max_length=ProgressUpdate._meta.get_field("review_comment").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what needs to change. The partner receives it by email."),
        error_messages={"required": _("Say what needs to change: the comment goes back to "
                                      "the partner.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the comment"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("So that the partner's screen reader reads it in the right language."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django.utils import translation

        self.fields["language"].initial = translation.get_language()


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end", "due"]
        widgets = {"start": DateInput(), "end": DateInput(), "due": DateInput()}


class ActivityImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet of activities"),
        help_text=_(
            "CSV, XLSX or ODS, with the template's columns (their names in French or "
            "English). Dates as 2022-08-15 or 15/08/2022."
        ),
        error_messages={
            "required": _("Choose the spreadsheet to import."),
            "empty": _("The file is empty: it has no rows of activities under its header row."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,.ods,text/csv,application/vnd.openxmlformats-"
                             "officedocument.spreadsheetml.sheet,application/vnd.oasis."
                             "opendocument.spreadsheet"}
        ),
    )
